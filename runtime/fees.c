/*
 * Fee lists and the fee ledger.  A fee list is a small CSV file of
 * tests and their fees.  The ledger has one line per attempt, priced
 * from the list, and keeps running totals per centre.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fees.h"

#define FEE_LIST_MAX_BYTES	(4u * 1024 * 1024)
#define AMOUNT_MAX	((int64_t)1000000000000)	/* hundredths */

void
fees_csv_free(char **fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

/* One field from *p; returns -1 on a quote that is never closed. */
static int
csv_field(const char **p, char **out)
{
	const char *s = *p;
	size_t len = 0, cap = strlen(s) + 1;
	char *f = xmalloc(cap);

	if (*s == '"') {
		for (s++; *s != '"' || s[1] == '"'; s++) {
			if (*s == '\0') {
				free(f);
				return (-1);
			}
			if (*s == '"')
				s++;
			f[len++] = *s;
		}
		s++;
	} else
		while (*s != ',' && *s != '\0')
			f[len++] = *s++;
	f[len] = '\0';
	*out = f;
	*p = s;
	return (0);
}

int
fees_csv_split(const char *line, char ***fields, size_t *n)
{
	const char *p = line;
	char *f;

	*fields = NULL;
	*n = 0;
	for (;;) {
		f = NULL;
		if (csv_field(&p, &f) == -1 || (*p != ',' && *p != '\0')) {
			free(f);
			fees_csv_free(*fields, *n);
			*fields = NULL;
			*n = 0;
			return (-1);
		}
		*fields = xrealloc(*fields, (*n + 1) * sizeof **fields);
		(*fields)[(*n)++] = f;
		if (*p == '\0')
			return (0);
		p++;
	}
}

void
fees_csv_field(FILE *out, const char *s)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

int
fees_amount_parse(const char *text, int64_t *out)
{
	const char *p = text;
	int64_t units = 0, frac = 0;
	int digits = 0, decimals = 0;

	for (; isdigit((unsigned char)*p); p++, digits++) {
		units = units * 10 + (*p - '0');
		if (units * 100 > AMOUNT_MAX)
			return (-1);
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, decimals++) {
			if (decimals == 2)
				return (-1);
			frac = frac * 10 + (*p - '0');
		}
	}
	if (*p != '\0' || digits == 0)
		return (-1);
	if (decimals == 1)
		frac *= 10;
	*out = units * 100 + frac;
	return (0);
}

void
fees_amount_format(int64_t amount, char out[32])
{
	snprintf(out, 32, "%s%" PRId64 ".%02" PRId64, amount < 0 ? "-" : "",
	    (amount < 0 ? -amount : amount) / 100,
	    (amount < 0 ? -amount : amount) % 100);
}

/* Column indexes from the header line; -1 when absent. */
struct columns {
	long	test, fee, retake;
};

static int
header_read(char **f, size_t n, struct columns *c)
{
	size_t i;

	c->test = c->fee = c->retake = -1;
	for (i = 0; i < n; i++) {
		if (strcmp(f[i], "test") == 0)
			c->test = (long)i;
		else if (strcmp(f[i], "fee") == 0)
			c->fee = (long)i;
		else if (strcmp(f[i], "retake_fee") == 0)
			c->retake = (long)i;
	}
	return (c->test >= 0 && c->fee >= 0 ? 0 : -1);
}

static int
row_read(struct fee_list *l, char **f, size_t n, const struct columns *c,
    const char *where, char *err)
{
	struct fee fee;
	const char *retake;

	if ((size_t)c->test >= n || (size_t)c->fee >= n)
		return (errf(err, "%s: too few fields", where));
	if (f[c->test][0] == '\0')
		return (errf(err, "%s: the test is empty", where));
	if (fees_find(l, f[c->test]) != NULL)
		return (errf(err, "%s: test '%s' is listed twice", where,
		    f[c->test]));
	if (fees_amount_parse(f[c->fee], &fee.fee) == -1)
		return (errf(err, "%s: fee '%s' is not an amount such as"
		    " 25.50", where, f[c->fee]));
	retake = c->retake >= 0 && (size_t)c->retake < n ? f[c->retake] : "";
	fee.retake_fee = fee.fee;
	if (*retake != '\0' && fees_amount_parse(retake,
	    &fee.retake_fee) == -1)
		return (errf(err, "%s: retake_fee '%s' is not an amount such"
		    " as 25.50", where, retake));
	fee.test = xstrdup(f[c->test]);
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = fee;
	return (0);
}

static int
line_read(struct fee_list *l, char *line, int *have_header,
    struct columns *c, const char *where, char *err)
{
	char **f;
	size_t n, len = strlen(line);
	int rc;

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return (0);
	if (fees_csv_split(line, &f, &n) == -1)
		return (errf(err, "%s: a quote is not closed", where));
	if (*have_header)
		rc = row_read(l, f, n, c, where, err);
	else if ((rc = header_read(f, n, c)) == -1)
		errf(err, "%s: the first line must name the columns, as"
		    " test,fee,retake_fee", where);
	*have_header = 1;
	fees_csv_free(f, n);
	return (rc);
}

int
fees_parse(struct fee_list *l, const char *text, size_t len,
    const char *name, char *err)
{
	char *copy = xstrndup(text, len), *line, *nl, where[ERR_LEN / 2];
	struct columns c = { -1, -1, -1 };
	size_t lineno = 0;
	int rc = 0, have_header = 0;

	memset(l, 0, sizeof *l);
	for (line = copy; rc == 0 && line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		lineno++;
		snprintf(where, sizeof where, "%s: line %zu", name, lineno);
		rc = line_read(l, line, &have_header, &c, where, err);
	}
	free(copy);
	if (rc == 0 && !have_header)
		rc = errf(err, "%s: empty: give a header line test,fee and a"
		    " line per test", name);
	if (rc == -1)
		fees_free(l);
	return (rc);
}

int
fees_load(struct fee_list *l, const char *path, char *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(l, 0, sizeof *l);
	if (util_read_file(path, FEE_LIST_MAX_BYTES, &buf, &len, err) == -1)
		return (-1);
	rc = fees_parse(l, buf, len, path, err);
	free(buf);
	return (rc);
}

void
fees_free(struct fee_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].test);
	free(l->v);
	memset(l, 0, sizeof *l);
}

const struct fee *
fees_find(const struct fee_list *l, const char *test)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].test, test) == 0)
			return (&l->v[i]);
	return (NULL);
}

static struct fee_total *
total_for(struct fee_ledger *g, const char *centre)
{
	size_t i;

	for (i = 0; i < g->ntotals; i++)
		if (strcmp(g->totals[i].centre, centre) == 0)
			return (&g->totals[i]);
	g->totals = xrealloc(g->totals, (g->ntotals + 1) * sizeof *g->totals);
	memset(&g->totals[g->ntotals], 0, sizeof *g->totals);
	g->totals[g->ntotals].centre = xstrdup(centre);
	return (&g->totals[g->ntotals++]);
}

int
fees_ledger_add(struct fee_ledger *g, const struct fee_list *l,
    const char *id, const char *centre, const char *candidate,
    const char *test, int attempt, const char *start, char *err)
{
	const struct fee *fee = fees_find(l, test);
	struct fee_total *t;
	struct fee_line *ln;
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->lines[i].id, id) == 0)
			return (1);
	if (fee == NULL)
		return (errf(err, "test '%s' has no fee in the fee list; add"
		    " a line for it", test));
	g->lines = xrealloc(g->lines, (g->n + 1) * sizeof *g->lines);
	ln = &g->lines[g->n++];
	memset(ln, 0, sizeof *ln);
	ln->id = xstrdup(id);
	ln->centre = xstrdup(centre);
	ln->candidate = xstrdup(candidate);
	ln->test = xstrdup(test);
	ln->attempt = attempt;
	ln->retake = attempt > 1;
	ln->fee = ln->retake ? fee->retake_fee : fee->fee;
	if (start != NULL && strlen(start) >= 10)
		memcpy(ln->date, start, 10);
	t = total_for(g, centre);
	t->tests++;
	t->retakes += (size_t)ln->retake;
	t->amount += ln->fee;
	return (0);
}

static int
line_cmp(const void *pa, const void *pb)
{
	const struct fee_line *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->centre, b->centre)) != 0 ||
	    (c = strcmp(a->date, b->date)) != 0 ||
	    (c = strcmp(a->candidate, b->candidate)) != 0 ||
	    (c = strcmp(a->test, b->test)) != 0)
		return (c);
	return (a->attempt - b->attempt);
}

static int
total_cmp(const void *pa, const void *pb)
{
	const struct fee_total *a = pa, *b = pb;

	return (strcmp(a->centre, b->centre));
}

void
fees_ledger_sort(struct fee_ledger *g)
{
	/* An empty ledger has NULL arrays, which qsort must not be given. */
	if (g->n > 1)
		qsort(g->lines, g->n, sizeof *g->lines, line_cmp);
	if (g->ntotals > 1)
		qsort(g->totals, g->ntotals, sizeof *g->totals, total_cmp);
}

void
fees_ledger_free(struct fee_ledger *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->lines[i].id);
		free(g->lines[i].centre);
		free(g->lines[i].candidate);
		free(g->lines[i].test);
	}
	for (i = 0; i < g->ntotals; i++)
		free(g->totals[i].centre);
	free(g->lines);
	free(g->totals);
	memset(g, 0, sizeof *g);
}
