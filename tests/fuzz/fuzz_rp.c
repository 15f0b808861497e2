/*
 * Fuzz target for response processing, which marks the responses of
 * result files: rp_item_parse on an item's XML, then rp_item_run on
 * responses.  Input: the XML, optionally a NUL and responses written as
 * "ID=value|value;ID2=value", where a value may contain spaces.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "harness.h"
#include "rp.h"

/* Responses cut from a spec, with values that point into text. */
struct responses {
	struct rp_response	*r;
	const char		***values;
	size_t			 n;
	char			*text;
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return (0);
}

/* Cut one "ID=v|v" part into r and its value list. */
static void
add_response(struct responses *rs, char *part)
{
	char *eq = strchr(part, '='), *v, *save;
	const char **values = NULL;
	size_t n = 0;

	if (eq == NULL)
		return;
	*eq = '\0';
	for (v = strtok_r(eq + 1, "|", &save); v != NULL;
	    v = strtok_r(NULL, "|", &save)) {
		values = xrealloc(values, (n + 1) * sizeof *values);
		values[n++] = v;
	}
	rs->r = xrealloc(rs->r, (rs->n + 1) * sizeof *rs->r);
	rs->values = xrealloc(rs->values, (rs->n + 1) * sizeof *rs->values);
	rs->r[rs->n].identifier = part;
	rs->r[rs->n].nvalues = n;
	rs->r[rs->n].values = values;
	rs->values[rs->n++] = values;
}

static void
responses_parse(struct responses *rs, const uint8_t *spec, size_t len)
{
	char *part, *save;

	memset(rs, 0, sizeof *rs);
	rs->text = fuzz_strndup(spec, len);
	for (part = strtok_r(rs->text, ";", &save); part != NULL;
	    part = strtok_r(NULL, ";", &save))
		add_response(rs, part);
}

static void
responses_free(struct responses *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->values[i]);
	free(rs->values);
	free(rs->r);
	free(rs->text);
}

static void
run(const struct rp_item *item, const struct responses *rs)
{
	struct rp_result res;
	char err[ERR_LEN], *text;
	size_t i;

	if (rp_item_run(item, rs->r, rs->n, &res, err) == -1)
		return;
	for (i = 0; i < res.noutcomes; i++) {
		if (rp_result_outcome(&res, res.outcomes[i].identifier) ==
		    NULL)
			abort();
		text = rp_value_text(&res.outcomes[i].value);
		free(text);
	}
	rp_result_free(&res);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *xml, *spec;
	size_t xml_len, spec_len;
	struct responses rs;
	struct rp_item *item;
	char err[ERR_LEN];

	fuzz_split(data, size, &xml, &xml_len, &spec, &spec_len);
	item = rp_item_parse((const char *)xml, xml_len, "item.xml", err);
	if (item == NULL)
		return (0);
	rp_item_identifier(item);
	rp_kind_name(rp_item_kind(item));
	responses_parse(&rs, spec != NULL ? spec : (const uint8_t *)"",
	    spec_len);
	run(item, &rs);
	/* Every response missing, as for a candidate who skipped the item. */
	run(item, &(struct responses){ NULL, NULL, 0, NULL });
	responses_free(&rs);
	rp_item_free(item);
	return (0);
}
