/*
 * Marking attempts: result files read back into their fields and
 * responses, each item of the key run on the attempt's responses, and
 * the total set against the pass mark.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mark.h"
#include "result.h"

#define RESULT_FIRST_LINE	"examstick result 1"

static char *
decode(const char *s, size_t n)
{
	char *enc = xstrndup(s, n), *dec;
	size_t len;

	dec = util_pct_decode(enc, &len);
	free(enc);
	if (dec != NULL && strlen(dec) != len) {
		free(dec);
		return (NULL);
	}
	return (dec);
}

/* "ITEM RESPONSE VALUE...": fields split on single spaces. */
static int
response_parse(const char *v, struct mark_attempt *a)
{
	struct mark_response r;
	const char *p = v, *sp;
	char *field;
	size_t k = 0;

	memset(&r, 0, sizeof r);
	for (;;) {
		sp = strchr(p, ' ');
		field = decode(p, sp != NULL ? (size_t)(sp - p) : strlen(p));
		if (field == NULL)
			break;
		if (k == 0)
			r.item = field;
		else if (k == 1)
			r.response = field;
		else {
			r.values = xrealloc(r.values, (r.nvalues + 1) *
			    sizeof *r.values);
			r.values[r.nvalues++] = field;
		}
		k++;
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	/* Kept even when invalid, so that mark_attempt_free frees it. */
	a->responses = xrealloc(a->responses, (a->nresponses + 1) *
	    sizeof *a->responses);
	a->responses[a->nresponses++] = r;
	return (field == NULL || k < 2 ? -1 : 0);
}

static char **
field_of(struct mark_attempt *a, const char *key)
{
	static const char *const keys[] = {
		"id", "centre", "stick", "candidate", "name", "test", "title",
		"start", "end", NULL
	};
	char **fields[] = {
		&a->id, &a->centre, &a->stick, &a->candidate, &a->name,
		&a->test, &a->title, &a->start, &a->end
	};
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(key, keys[i]) == 0)
			return (fields[i]);
	return (NULL);
}

static int
line_parse(const char *key, const char *value, struct mark_attempt *a,
    const char *name, size_t line, char *err)
{
	char **field, *end;
	long n;

	if (strcmp(key, "response") == 0) {
		if (response_parse(value, a) == -1)
			return (errf(err, "%s: line %zu: invalid response"
			    " line", name, line));
		return (0);
	}
	if (strcmp(key, "attempt") == 0) {
		errno = 0;
		n = strtol(value, &end, 10);
		if (*value == '\0' || *end != '\0' || errno != 0 || n < 1 ||
		    n > INT_MAX)
			return (errf(err, "%s: line %zu: invalid attempt"
			    " number '%s'", name, line, value));
		a->number = (int)n;
		return (0);
	}
	if ((field = field_of(a, key)) == NULL || *field != NULL)
		return (0);
	if ((*field = decode(value, strlen(value))) == NULL)
		return (errf(err, "%s: line %zu: invalid percent-encoding in"
		    " %s", name, line, key));
	return (0);
}

static int
required(const struct mark_attempt *a, const char *name, char *err)
{
	if (a->id == NULL || a->centre == NULL || a->candidate == NULL ||
	    a->test == NULL || a->number == 0)
		return (errf(err, "%s: not a result file: id, centre,"
		    " candidate, test or attempt is missing", name));
	return (0);
}

int
mark_attempt_parse(const char *text, size_t len, const char *name,
    struct mark_attempt *a, char *err)
{
	const char *p, *nl, *colon, *end = text + len;
	size_t n = strlen(RESULT_FIRST_LINE), line = 1;
	char *key, *value;
	int rc = 0;

	memset(a, 0, sizeof *a);
	a->path = xstrdup(name);
	if (len <= n || memcmp(text, RESULT_FIRST_LINE, n) != 0 ||
	    text[n] != '\n' || memchr(text, '\0', len) != NULL) {
		mark_attempt_free(a);
		return (errf(err, "%s: not a result file: the first line is"
		    " not \"%s\"", name, RESULT_FIRST_LINE));
	}
	for (p = text + n + 1; p < end && rc == 0; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		colon = nl != NULL ? memchr(p, ':', (size_t)(nl - p)) : NULL;
		if (nl == NULL || colon == NULL || colon + 1 == nl ||
		    colon[1] != ' ') {
			rc = errf(err, "%s: line %zu: not \"key: value\"",
			    name, line);
			break;
		}
		key = xstrndup(p, (size_t)(colon - p));
		value = xstrndup(colon + 2, (size_t)(nl - colon - 2));
		rc = line_parse(key, value, a, name, line, err);
		free(key);
		free(value);
	}
	if (rc == 0)
		rc = required(a, name, err);
	if (rc == -1)
		mark_attempt_free(a);
	return (rc);
}

int
mark_attempt_read(const char *path, struct mark_attempt *a, char *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(a, 0, sizeof *a);
	if (util_read_file(path, RESULT_MAX_BYTES, &buf, &len, err) == -1)
		return (-1);
	rc = mark_attempt_parse(buf, len, path, a, err);
	free(buf);
	return (rc);
}

void
mark_attempt_free(struct mark_attempt *a)
{
	size_t i, k;

	for (i = 0; i < a->nresponses; i++) {
		free(a->responses[i].item);
		free(a->responses[i].response);
		for (k = 0; k < a->responses[i].nvalues; k++)
			free(a->responses[i].values[k]);
		free(a->responses[i].values);
	}
	free(a->responses);
	free(a->path);
	free(a->id);
	free(a->centre);
	free(a->stick);
	free(a->candidate);
	free(a->name);
	free(a->test);
	free(a->title);
	free(a->start);
	free(a->end);
	memset(a, 0, sizeof *a);
}

int
mark_pass_parse(const char *text, struct mark_pass *p, char *err)
{
	char *end;
	double v;

	memset(p, 0, sizeof *p);
	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno != 0 || !isfinite(v) || v < 0 ||
	    (*end != '\0' && strcmp(end, "%") != 0) ||
	    (*end == '%' && v > 100))
		return (errf(err, "invalid pass mark '%s': give a score such"
		    " as 30 or a percent such as 60%%", text));
	p->set = 1;
	p->percent = *end == '%';
	p->value = v;
	return (0);
}

int
mark_passes(const struct mark_pass *p, double total, double max_total)
{
	double need;

	if (p == NULL || !p->set)
		return (-1);
	need = p->percent ? p->value / 100 * max_total : p->value;
	return (total + 1e-9 >= need);
}

/* The responses of one item, as rp_item_run takes them. */
static size_t
item_responses(const struct mark_attempt *a, const char *item,
    struct rp_response *out)
{
	size_t i, n = 0;

	for (i = 0; i < a->nresponses; i++) {
		if (strcmp(a->responses[i].item, item) != 0)
			continue;
		out[n].identifier = a->responses[i].response;
		out[n].nvalues = a->responses[i].nvalues;
		out[n].values = (const char *const *)a->responses[i].values;
		n++;
	}
	return (n);
}

static void
item_mark(const struct mark_key_item *k, const struct mark_attempt *a,
    struct mark_item *m)
{
	struct rp_response *resp = xcalloc(a->nresponses + 1, sizeof *resp);
	size_t n = item_responses(a, k->identifier, resp);
	struct rp_result res;
	char err[ERR_LEN];

	m->identifier = k->identifier;
	m->status = MARK_FAILED;
	if (k->item == NULL)
		m->reason = xstrdup(k->error);
	else if (rp_item_run(k->item, resp, n, &res, err) == -1)
		m->reason = xstrdup(err);
	else {
		m->status = res.scored ? MARK_SCORED : MARK_UNSCORED;
		m->score = res.score;
		m->has_max = res.has_max;
		m->max = res.max_score;
		if (!res.scored)
			m->reason = xstrdup(rp_item_kind(k->item) == RP_NONE ?
			    "no responseProcessing: mark by hand" :
			    "no numeric SCORE outcome");
		m->notes = res.notes;
		memset(&res.notes, 0, sizeof res.notes);
		rp_result_free(&res);
	}
	free(resp);
}

static int
key_has(const struct mark_key *key, const char *item)
{
	size_t i;

	for (i = 0; i < key->nitems; i++)
		if (strcmp(key->items[i].identifier, item) == 0)
			return (1);
	return (0);
}

/* Is response k the first of its item? */
static int
first_of_item(const struct mark_attempt *a, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (strcmp(a->responses[i].item, a->responses[k].item) == 0)
			return (0);
	return (1);
}

void
mark_score(const struct mark_key *key, const struct mark_attempt *a,
    const struct mark_pass *pass, struct mark_score *s)
{
	struct mark_item *m;
	size_t i;

	memset(s, 0, sizeof *s);
	s->items = xcalloc(key->nitems + 1, sizeof *s->items);
	s->nitems = key->nitems;
	s->complete = 1;
	s->max_known = 1;
	for (i = 0; i < key->nitems; i++) {
		m = &s->items[i];
		item_mark(&key->items[i], a, m);
		if (m->status == MARK_SCORED)
			s->total += m->score;
		else
			s->complete = 0;
		if (m->has_max)
			s->max_total += m->max;
		else
			s->max_known = 0;
	}
	for (i = 0; i < a->nresponses; i++)
		if (!key_has(key, a->responses[i].item) &&
		    first_of_item(a, i))
			problems_add(&s->problems, "item '%s' of the result is"
			    " not in the items given", a->responses[i].item);
	if (s->problems.n > 0)
		s->complete = 0;
	s->passed = -1;
	if (s->complete && (s->max_known || (pass != NULL && !pass->percent)))
		s->passed = mark_passes(pass, s->total, s->max_total);
}

void
mark_score_free(struct mark_score *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		free(s->items[i].reason);
		problems_free(&s->items[i].notes);
	}
	free(s->items);
	problems_free(&s->problems);
	memset(s, 0, sizeof *s);
}
