/*
 * Helpers for the response processing tests: items written inline or
 * read from the corpus, responses written as "ID=value|value;ID2=value",
 * and checks of outcome values that name the outcome on failure.
 */
#ifndef EXAMSTICK_RP_FIXTURES_H
#define EXAMSTICK_RP_FIXTURES_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp.h"

#define RPF_QTI_NS	"http://www.imsglobal.org/xsd/imsqti_v2p1"
#define RPF_MAX		16

/* An assessmentItem with these declarations and responseProcessing. */
static inline char *
rpf_item_xml(const char *decls, const char *rp)
{
	char *xml;

	if (asprintf(&xml, "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<assessmentItem xmlns='" RPF_QTI_NS "' identifier='t' title='T'"
	    " adaptive='false' timeDependent='false'>%s<itemBody/>%s"
	    "</assessmentItem>", decls, rp) < 0)
		abort();
	return (xml);
}

static inline struct rp_item *
rpf_item(const char *decls, const char *rp)
{
	char err[ERR_LEN] = "", *xml = rpf_item_xml(decls, rp);
	struct rp_item *item = rp_item_parse(xml, strlen(xml), "t.xml", err);

	if (item == NULL)
		print_error("item rejected: %s\n", err);
	free(xml);
	assert_non_null(item);
	return (item);
}

/* The reason an item is rejected, or "" when it is not. */
static inline const char *
rpf_reject(const char *decls, const char *rp)
{
	static char err[ERR_LEN];
	char *xml = rpf_item_xml(decls, rp);
	struct rp_item *item;

	err[0] = '\0';
	item = rp_item_parse(xml, strlen(xml), "t.xml", err);
	free(xml);
	rp_item_free(item);
	return (item != NULL ? "" : err);
}

static inline struct rp_item *
rpf_corpus_item(const char *rel)
{
	const char *corpus = getenv("CORPUS");
	char err[ERR_LEN], *path, *buf;
	struct rp_item *item;
	size_t len;

	if (asprintf(&path, "%s/%s", corpus, rel) < 0)
		abort();
	if (util_read_file(path, 1 << 24, &buf, &len, err) == -1)
		fail_msg("%s", err);
	item = rp_item_parse(buf, len, rel, err);
	if (item == NULL)
		fail_msg("%s", err);
	free(buf);
	free(path);
	return (item);
}

struct rpf_responses {
	struct rp_response	 r[RPF_MAX];
	const char		*values[RPF_MAX][RPF_MAX];
	char			*text;
	size_t			 n;
};

/* "R=A|B;S=x" into responses; values may hold spaces ("A B"). */
static inline void
rpf_responses(struct rpf_responses *out, const char *spec)
{
	char *part, *save = NULL, *eq, *v, *vsave;
	size_t k;

	memset(out, 0, sizeof *out);
	out->text = strdup(spec);
	for (part = strtok_r(out->text, ";", &save); part != NULL;
	    part = strtok_r(NULL, ";", &save)) {
		assert_true(out->n < RPF_MAX);
		eq = strchr(part, '=');
		assert_non_null(eq);
		*eq = '\0';
		out->r[out->n].identifier = part;
		k = 0;
		for (v = strtok_r(eq + 1, "|", &vsave); v != NULL;
		    v = strtok_r(NULL, "|", &vsave))
			out->values[out->n][k++] = v;
		out->r[out->n].nvalues = k;
		out->r[out->n].values = out->values[out->n];
		out->n++;
	}
}

/* Run an item on responses; the result must be freed. */
static inline void
rpf_run(const struct rp_item *item, const char *spec, struct rp_result *res)
{
	struct rpf_responses r;
	char err[ERR_LEN] = "";

	rpf_responses(&r, spec);
	if (rp_item_run(item, r.r, r.n, res, err) == -1)
		fail_msg("run on '%s' failed: %s", spec, err);
	free(r.text);
}

/* The run error for these responses, which must fail. */
static inline const char *
rpf_run_error(const struct rp_item *item, const char *spec)
{
	static char err[ERR_LEN];
	struct rpf_responses r;
	struct rp_result res;

	err[0] = '\0';
	rpf_responses(&r, spec);
	if (rp_item_run(item, r.r, r.n, &res, err) == 0) {
		rp_result_free(&res);
		fail_msg("run on '%s' did not fail", spec);
	}
	free(r.text);
	return (err);
}

static inline const struct rp_value *
rpf_outcome(const struct rp_result *res, const char *id)
{
	const struct rp_value *v = rp_result_outcome(res, id);

	if (v == NULL)
		fail_msg("no outcome %s", id);
	return (v);
}

static inline void
rpf_expect_float(const struct rp_result *res, const char *id, double want)
{
	const struct rp_value *v = rpf_outcome(res, id);
	char *t = rp_value_text(v);

	if (v->type != QTI_BT_FLOAT || v->card != QTI_CARD_SINGLE ||
	    v->n != 1 || fabs(v->v[0].f - want) > 1e-9)
		fail_msg("%s is %s (%s), not float %g", id, t,
		    qti_base_type_name(v->type), want);
	free(t);
}

static inline void
rpf_expect_int(const struct rp_result *res, const char *id, int64_t want)
{
	const struct rp_value *v = rpf_outcome(res, id);
	char *t = rp_value_text(v);

	if (v->type != QTI_BT_INTEGER || v->card != QTI_CARD_SINGLE ||
	    v->n != 1 || v->v[0].i != want)
		fail_msg("%s is %s (%s), not integer %lld", id, t,
		    qti_base_type_name(v->type), (long long)want);
	free(t);
}

static inline void
rpf_expect_text(const struct rp_result *res, const char *id,
    const char *want)
{
	char *t = rp_value_text(rpf_outcome(res, id));

	if (strcmp(t, want) != 0)
		fail_msg("%s is '%s', not '%s'", id, t, want);
	free(t);
}

/* Run and check one float outcome, then free the result. */
static inline void
rpf_check_float(const struct rp_item *item, const char *spec,
    const char *id, double want)
{
	struct rp_result res;

	rpf_run(item, spec, &res);
	rpf_expect_float(&res, id, want);
	rp_result_free(&res);
}

static inline void
rpf_check_text(const struct rp_item *item, const char *spec,
    const char *id, const char *want)
{
	struct rp_result res;

	rpf_run(item, spec, &res);
	rpf_expect_text(&res, id, want);
	rp_result_free(&res);
}

static inline void
rpf_check_int(const struct rp_item *item, const char *spec, const char *id,
    int64_t want)
{
	struct rp_result res;

	rpf_run(item, spec, &res);
	rpf_expect_int(&res, id, want);
	rp_result_free(&res);
}

#endif
