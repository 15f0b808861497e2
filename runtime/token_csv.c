/*
 * The registrations CSV that examstick issue turns into tokens: CSV as
 * RFC 4180 describes it (quoted fields, doubled quotes) with LF or CRLF
 * line ends, an optional UTF-8 byte order mark and blank lines, as
 * spreadsheets save it.  A quoted field may not span lines.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "token.h"

#define CSV_MAX_BYTES	(16u * 1024 * 1024)
#define CSV_MAX_ROWS	100000

enum column {
	COL_CANDIDATE,
	COL_NAME,
	COL_DOB,
	COL_CENTRE,
	COL_TEST,
	COL_VALID_FROM,
	COL_VALID_UNTIL,
	COL_ATTEMPT,
	COL_EXTRA,
	COL_BREAKS,
	COL_SCHEME,
	NCOLUMNS
};

static const struct {
	const char	*name;
	int		 required;
} columns[NCOLUMNS] = {
	{ "candidate", 1 },
	{ "name", 1 },
	{ "date_of_birth", 1 },
	{ "centre", 1 },
	{ "test", 1 },
	{ "valid_from", 1 },
	{ "valid_until", 1 },
	{ "attempt", 0 },
	{ "extra_time", 0 },
	{ "rest_breaks", 0 },
	{ "colour_scheme", 0 },
};

struct row {
	char	**f;
	size_t	  n;
};

static void
row_free(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->f[i]);
	free(r->f);
	r->f = NULL;
	r->n = 0;
}

static void
row_add(struct row *r, const char *s, size_t n)
{
	r->f = xrealloc(r->f, (r->n + 1) * sizeof *r->f);
	r->f[r->n++] = xstrndup(s, n);
}

/* Split one line into fields; returns -1 with *why on a bad quote. */
static int
split(const char *p, const char *end, struct row *r, const char **why)
{
	char *buf = xmalloc((size_t)(end - p) + 1);
	const char *start;
	size_t n;

	for (;;) {
		n = 0;
		if (p < end && *p == '"') {
			for (p++; p < end; p++) {
				if (*p == '"' && p + 1 < end && p[1] == '"')
					buf[n++] = *p++;
				else if (*p == '"')
					break;
				else
					buf[n++] = *p;
			}
			if (p == end) {
				*why = "a quoted field is not closed on its"
				    " line";
				break;
			}
			p++;
			if (p < end && *p != ',') {
				*why = "text follows a closing quote";
				break;
			}
			row_add(r, buf, n);
		} else {
			for (start = p; p < end && *p != ','; p++)
				if (*p == '"')
					break;
			if (p < end && *p == '"') {
				*why = "a quote inside an unquoted field; quote"
				    " the whole field and double the quote";
				break;
			}
			n = (size_t)(p - start);
			while (n > 0 && isspace((unsigned char)*start)) {
				start++;
				n--;
			}
			while (n > 0 && isspace((unsigned char)start[n - 1]))
				n--;
			row_add(r, start, n);
		}
		if (p == end) {
			free(buf);
			return (0);
		}
		p++;
	}
	free(buf);
	row_free(r);
	return (-1);
}

struct csv {
	const char		*path;
	int			 line;
	int			 map[NCOLUMNS];
	struct problems		*pr;
};

static void csv_problem(struct csv *, const char *, ...) PRINTFLIKE(2, 3);

static void
csv_problem(struct csv *c, const char *fmt, ...)
{
	char msg[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	problems_add(c->pr, "%s:%d: %s", c->path, c->line, msg);
}

static int
read_header(struct csv *c, const struct row *r)
{
	size_t i, k;
	int bad = 0;

	for (k = 0; k < NCOLUMNS; k++)
		c->map[k] = -1;
	for (i = 0; i < r->n; i++) {
		for (k = 0; k < NCOLUMNS; k++)
			if (strcmp(r->f[i], columns[k].name) == 0)
				break;
		if (k == NCOLUMNS) {
			csv_problem(c, "unknown column \"%s\"", r->f[i]);
			bad = 1;
		} else if (c->map[k] != -1) {
			csv_problem(c, "column %s appears twice", r->f[i]);
			bad = 1;
		} else
			c->map[k] = (int)i;
	}
	for (k = 0; k < NCOLUMNS; k++) {
		if (columns[k].required && c->map[k] == -1) {
			csv_problem(c, "the header has no %s column",
			    columns[k].name);
			bad = 1;
		}
	}
	return (bad ? -1 : 0);
}

static const char *
field(const struct csv *c, const struct row *r, enum column k)
{
	if (c->map[k] == -1 || (size_t)c->map[k] >= r->n)
		return ("");
	return (r->f[c->map[k]]);
}

static int
number(const char *s, int allow_percent, int *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	v = strtol(s, &end, 10);
	if (allow_percent && *end == '%')
		end++;
	if (errno != 0 || *end != '\0' || v > 1000)
		return (-1);
	*out = (int)v;
	return (0);
}

/* Read the optional columns; 0 or -1 after reporting. */
static int
read_options(struct csv *c, const struct row *r, struct token *t)
{
	const char *v;
	int bad = 0;

	v = field(c, r, COL_ATTEMPT);
	if (*v != '\0' && (number(v, 0, &t->attempt) == -1 ||
	    t->attempt < 1 || t->attempt > 99)) {
		csv_problem(c, "attempt: invalid value \"%s\": use 1 to 99,"
		    " or leave it empty for the next attempt", v);
		bad = 1;
		t->attempt = 0;	/* reported here, not again by the checks */
	}
	v = field(c, r, COL_EXTRA);
	if (*v != '\0' && number(v, 1, &t->extra_pct) == -1) {
		csv_problem(c, "extra_time: invalid value \"%s\": use a"
		    " percent such as 25", v);
		bad = 1;
		t->extra_pct = 0;
	}
	v = field(c, r, COL_BREAKS);
	if (strcmp(v, "yes") == 0)
		t->rest_breaks = 1;
	else if (*v != '\0' && strcmp(v, "no") != 0) {
		csv_problem(c, "rest_breaks: invalid value \"%s\": use yes,"
		    " no or empty", v);
		bad = 1;
	}
	v = field(c, r, COL_SCHEME);
	if (*v != '\0') {
		t->has_scheme = 1;
		if (conf_scheme_parse(v, &t->scheme) == -1) {
			csv_problem(c, "colour_scheme: invalid value \"%s\":"
			    " use default, high-contrast, monochrome or empty",
			    v);
			bad = 1;
		}
	}
	return (bad ? -1 : 0);
}

/* One row's check: the CSV, and whether a time of the row was invalid. */
struct row_check {
	struct csv	*csv;
	int		 times_reported;
};

/* token_check_fields' receiver: one problem line per invalid field. */
static void
field_problem(void *arg, const char *name, const char *value,
    const char *expected)
{
	struct row_check *rc = arg;

	if (value == NULL && rc->times_reported)
		return;
	if (value == NULL)
		csv_problem(rc->csv, "%s: is before valid_from: use %s", name,
		    expected);
	else
		csv_problem(rc->csv, "%s: invalid value \"%s\": use %s",
		    name, value, expected);
}

static int
read_time(struct csv *c, const struct row *r, enum column k,
    const char *name, int end_of_day, int64_t *out)
{
	const char *v = field(c, r, k);

	if (token_parse_time(v, end_of_day, out) == 0)
		return (0);
	csv_problem(c, "%s: invalid value \"%s\": use YYYY-MM-DD or"
	    " YYYY-MM-DDTHH:MM:SSZ (UTC)", name, v);
	return (-1);
}

/* Read one registration, reporting every invalid field of it. */
static int
read_row(struct csv *c, const struct row *r, struct token *t)
{
	struct row_check check = { c, 0 };
	int bad, attempt_given;
	size_t before = c->pr->n;

	memset(t, 0, sizeof *t);
	t->candidate = xstrdup(field(c, r, COL_CANDIDATE));
	t->name = xstrdup(field(c, r, COL_NAME));
	t->dob = xstrdup(field(c, r, COL_DOB));
	t->centre = xstrdup(field(c, r, COL_CENTRE));
	t->test = xstrdup(field(c, r, COL_TEST));
	bad = read_options(c, r, t);
	if (read_time(c, r, COL_VALID_FROM, "valid_from", 0,
	    &t->valid_from) == -1)
		check.times_reported = bad = 1;
	if (read_time(c, r, COL_VALID_UNTIL, "valid_until", 1,
	    &t->valid_until) == -1)
		check.times_reported = bad = 1;
	/* attempt 0 (empty) is filled in by the caller. */
	attempt_given = t->attempt != 0;
	if (!attempt_given)
		t->attempt = 1;
	if (token_check_fields(t, field_problem, &check) > 0 ||
	    c->pr->n > before)
		bad = 1;
	if (!attempt_given)
		t->attempt = 0;
	return (bad ? -1 : 0);
}

/* The next line of text from *p, without its line end; NULL at the end. */
static const char *
next_line(const char **p, const char *end, const char **line_end)
{
	const char *start = *p, *nl;

	if (start == end)
		return (NULL);
	nl = memchr(start, '\n', (size_t)(end - start));
	*p = nl ? nl + 1 : end;
	*line_end = nl ? nl : end;
	if (*line_end > start && (*line_end)[-1] == '\r')
		(*line_end)--;
	return (start);
}

static int
is_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!isspace((unsigned char)*p) && *p != ',')
			return (0);
	return (1);
}

static void
read_rows(struct csv *c, const char *p, const char *end,
    struct token **tokens, size_t *n)
{
	const char *line, *line_end, *why;
	struct row r = { NULL, 0 };
	int header = 1;

	while ((line = next_line(&p, end, &line_end)) != NULL) {
		c->line++;
		if (is_blank(line, line_end))
			continue;
		if (split(line, line_end, &r, &why) == -1) {
			csv_problem(c, "%s", why);
			continue;
		}
		if (header) {
			header = 0;
			if (read_header(c, &r) == -1) {
				row_free(&r);
				return;
			}
		} else if (*n == CSV_MAX_ROWS) {
			csv_problem(c, "more than %d rows", CSV_MAX_ROWS);
			row_free(&r);
			return;
		} else {
			*tokens = xrealloc(*tokens, (*n + 1) * sizeof **tokens);
			if (read_row(c, &r, &(*tokens)[*n]) == -1)
				token_free(&(*tokens)[*n]);
			else
				(*n)++;
		}
		row_free(&r);
	}
	if (header)
		csv_problem(c, "no header line");
}

int
token_read_csv(const char *path, struct token **tokens, size_t *n,
    struct problems *pr, char *err)
{
	struct csv c;
	size_t len, i, before = pr->n;
	char *text;
	const char *p;

	*tokens = NULL;
	*n = 0;
	if (util_read_file(path, CSV_MAX_BYTES, &text, &len, err) == -1)
		return (-1);
	memset(&c, 0, sizeof c);
	c.path = path;
	c.pr = pr;
	p = text;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	read_rows(&c, p, text + len, tokens, n);
	free(text);
	if (pr->n == before && *n == 0)
		csv_problem(&c, "no registrations after the header");
	if (pr->n > before) {
		for (i = 0; i < *n; i++)
			token_free(&(*tokens)[i]);
		free(*tokens);
		*tokens = NULL;
		*n = 0;
		return (errf(err, "%s: %zu problem%s", path, pr->n - before,
		    pr->n - before == 1 ? "" : "s"));
	}
	return (0);
}
