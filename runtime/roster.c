/*
 * The candidate roster, roster.csv: CSV as RFC 4180 describes it (quoted
 * fields, doubled quotes), with CRLF or LF line ends, an optional UTF-8
 * byte order mark and blank lines, as spreadsheets save it.  A quoted
 * field may not span lines.  The header line names the columns, in any
 * order.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "roster.h"

#define ROSTER_MAX_BYTES	(4 * 1024 * 1024)
#define ROSTER_NAME_MAX		100
#define ROSTER_TESTS_MAX	32
#define TEST_ID_MAX		32

enum roster_column {
	COL_CANDIDATE,
	COL_NAME,
	COL_DOB,
	COL_TESTS,
	COL_ATTEMPT,
	COL_EXTRA,
	COL_SCHEME,
	COL_REST_BREAK,
	NCOLUMNS
};

static const struct {
	const char	*name;
	int		 required;
	const char	*form;		/* the valid form, for messages */
} columns[NCOLUMNS] = {
	{ "candidate", 1, "1 to 16 letters, digits or hyphens" },
	{ "name", 1, "the candidate's name, up to 100 characters" },
	{ "date_of_birth", 1, "a real date as YYYY-MM-DD, such as 2008-09-14" },
	{ "tests", 1, "test ids from examiner.conf separated by ';', such as"
	  " unit1;unit2" },
	{ "attempt", 0, "a whole number from 1 to 99, or empty for 1" },
	{ "extra_time", 0, "a percent from 0 to 100, such as 25, or empty"
	  " for none" },
	{ "colour_scheme", 0, "default, high-contrast, monochrome, or empty"
	  " for the scheme in examiner.conf" },
	{ "rest_break", 0, "minutes of rest break from 0 to 240, such as 10,"
	  " or empty for none" },
};

struct roster_parse {
	const char	*name;		/* file name for messages */
	int		 line;
	int		 map[NCOLUMNS];	/* field index of each column, or -1 */
	size_t		 nfields;	/* fields in the header */
	char		*err;
	int		 errors;
};

struct csv_row {
	char	**fields;
	size_t	  n;
};

static void roster_error(struct roster_parse *, const char *, ...)
    PRINTFLIKE(2, 3);

/* Keep the first error in err, and count the rest. */
static void
roster_error(struct roster_parse *rp, const char *fmt, ...)
{
	char msg[ERR_LEN];
	va_list ap;

	if (rp->errors++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errf(rp->err, "%s:%d: %s", rp->name, rp->line, msg);
}

static void
row_free(struct csv_row *row)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		free(row->fields[i]);
	free(row->fields);
	row->fields = NULL;
	row->n = 0;
}

static void
row_add(struct csv_row *row, const char *s, size_t n)
{
	row->fields = xrealloc(row->fields, (row->n + 1) * sizeof(char *));
	row->fields[row->n++] = xstrndup(s, n);
}

/* Read one quoted field starting after its opening quote. */
static const char *
csv_quoted(const char *p, const char *end, struct csv_row *row,
    const char **why)
{
	char *buf = xmalloc((size_t)(end - p) + 1);
	size_t n = 0;

	for (;;) {
		if (p == end) {
			free(buf);
			*why = "the quoted field is not closed on this line;"
			    " add the closing quote";
			return (NULL);
		}
		if (*p == '"' && p + 1 < end && p[1] == '"') {
			buf[n++] = '"';
			p += 2;
		} else if (*p == '"') {
			p++;
			break;
		} else
			buf[n++] = *p++;
	}
	row_add(row, buf, n);
	free(buf);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p != ',') {
		*why = "text follows the closing quote; put the whole field in"
		    " quotes and write a quote inside it as \"\"";
		return (NULL);
	}
	return (p);
}

/* Read one unquoted field, without its surrounding white space. */
static const char *
csv_plain(const char *p, const char *end, struct csv_row *row,
    const char **why)
{
	const char *start = p, *stop;

	while (p < end && *p != ',') {
		if (*p == '"') {
			*why = "a quote inside an unquoted field; put the whole"
			    " field in quotes and write the quote as \"\"";
			return (NULL);
		}
		p++;
	}
	stop = p;
	while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
		stop--;
	row_add(row, start, (size_t)(stop - start));
	return (p);
}

/* Split one line (without its line end) into fields. */
static int
csv_split(const char *p, const char *end, struct csv_row *row,
    const char **why)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '"')
			p = csv_quoted(p + 1, end, row, why);
		else
			p = csv_plain(p, end, row, why);
		if (p == NULL) {
			row_free(row);
			return (-1);
		}
		if (p == end)
			return (0);
		p++;			/* the comma */
	}
}

static int
row_blank(const struct csv_row *row)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		if (row->fields[i][0] != '\0')
			return (0);
	return (1);
}

static int
parse_header(struct roster_parse *rp, const struct csv_row *row)
{
	size_t i, c;
	int bad = 0;

	for (c = 0; c < NCOLUMNS; c++)
		rp->map[c] = -1;
	for (i = 0; i < row->n; i++) {
		for (c = 0; c < NCOLUMNS; c++)
			if (strcmp(row->fields[i], columns[c].name) == 0)
				break;
		if (c == NCOLUMNS) {
			roster_error(rp, "column \"%s\" is not known; use"
			    " candidate, name, date_of_birth, tests, attempt,"
			    " extra_time, colour_scheme and rest_break",
			    row->fields[i]);
			bad = 1;
		} else if (rp->map[c] >= 0) {
			roster_error(rp, "column %s is given twice; remove one",
			    columns[c].name);
			bad = 1;
		} else
			rp->map[c] = (int)i;
	}
	for (c = 0; c < NCOLUMNS; c++) {
		if (columns[c].required && rp->map[c] < 0) {
			roster_error(rp, "column %s is missing from the header;"
			    " the header is candidate,name,date_of_birth,"
			    "tests,attempt,extra_time,colour_scheme,"
			    "rest_break",
			    columns[c].name);
			bad = 1;
		}
	}
	rp->nfields = row->n;
	return (bad ? -1 : 0);
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return (29);
	return (days[m - 1]);
}

static int
date_valid(int y, int m, int d)
{
	return (y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m));
}

/* Read exactly n digits at s. */
static int
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		*out = *out * 10 + (s[i] - '0');
	}
	return (0);
}

/* Parse YYYY-MM-DD as a real date. */
static int
parse_iso_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, y) == -1 || digits(s + 5, 2, m) == -1 ||
	    digits(s + 8, 2, d) == -1)
		return (-1);
	return (date_valid(*y, *m, *d) ? 0 : -1);
}

static int
id_valid(const char *s, size_t max, const char *extra)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return (0);
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return (0);
	return (1);
}

static int
parse_number(const char *s, int min, int max, int percent, int *out)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)*s) || strlen(s) > 4)
		return (-1);
	n = strtol(s, &end, 10);
	if (percent && *end == '%')
		end++;
	if (*end != '\0' || n < min || n > max)
		return (-1);
	*out = (int)n;
	return (0);
}

static int
parse_tests(struct roster_entry *e, const char *s)
{
	const char *p = s, *end;
	char *id;
	size_t i, n, len;

	while (*p != '\0') {
		end = p + strcspn(p, ";");
		while (p < end && isspace((unsigned char)*p))
			p++;
		for (len = (size_t)(end - p);
		    len > 0 && isspace((unsigned char)p[len - 1]); len--)
			;
		id = xstrndup(p, len);
		for (i = 0; i < e->ntests && strcmp(e->tests[i], id); i++)
			;
		if (!id_valid(id, TEST_ID_MAX, "-_") || i < e->ntests ||
		    e->ntests == ROSTER_TESTS_MAX) {
			free(id);
			return (-1);
		}
		n = e->ntests + 1;
		e->tests = xrealloc(e->tests, n * sizeof(char *));
		e->tests[e->ntests++] = id;
		p = *end != '\0' ? end + 1 : end;
	}
	return (e->ntests > 0 ? 0 : -1);
}

static const char *
field(const struct roster_parse *rp, const struct csv_row *row,
    enum roster_column c)
{
	return (rp->map[c] < 0 ? "" : row->fields[rp->map[c]]);
}

/* Check one field of a row and store it in e; -1 if not valid. */
static int
parse_field(struct roster_entry *e, enum roster_column c, const char *v)
{
	int y, m, d;

	switch (c) {
	case COL_CANDIDATE:
		if (!id_valid(v, 16, "-"))
			return (-1);
		e->candidate = xstrdup(v);
		return (0);
	case COL_NAME:
		if (*v == '\0' || conf_text_valid(v, ROSTER_NAME_MAX) == -1)
			return (-1);
		e->name = xstrdup(v);
		return (0);
	case COL_DOB:
		if (parse_iso_date(v, &y, &m, &d) == -1)
			return (-1);
		e->dob = xstrdup(v);
		return (0);
	case COL_TESTS:
		return (parse_tests(e, v));
	case COL_ATTEMPT:
		e->attempt = 1;
		return (*v == '\0' ? 0 : parse_number(v, 1, 99, 0,
		    &e->attempt));
	case COL_EXTRA:
		e->extra_pct = 0;
		return (*v == '\0' ? 0 : parse_number(v, 0, 100, 1,
		    &e->extra_pct));
	case COL_SCHEME:
		e->has_scheme = *v != '\0';
		return (*v == '\0' ? 0 : conf_scheme_parse(v, &e->scheme));
	case COL_REST_BREAK:
		e->rest_break_minutes = 0;
		return (*v == '\0' ? 0 : parse_number(v, 0,
		    ROSTER_REST_BREAK_MAX, 0, &e->rest_break_minutes));
	case NCOLUMNS:
		break;
	}
	return (-1);
}

static void
entry_free(struct roster_entry *e)
{
	size_t i;

	free(e->candidate);
	free(e->name);
	free(e->dob);
	for (i = 0; i < e->ntests; i++)
		free(e->tests[i]);
	free(e->tests);
	memset(e, 0, sizeof(*e));
}

static void
parse_row(struct roster_parse *rp, struct roster *r,
    const struct csv_row *row, int **lines)
{
	struct roster_entry e;
	const char *v;
	size_t c;

	if (row->n != rp->nfields) {
		roster_error(rp, "the line has %zu fields but the header has"
		    " %zu; put a field containing a comma in quotes",
		    row->n, rp->nfields);
		return;
	}
	memset(&e, 0, sizeof(e));
	for (c = 0; c < NCOLUMNS; c++) {
		v = field(rp, row, c);
		if (parse_field(&e, c, v) == 0)
			continue;
		if (*v == '\0')
			roster_error(rp, "%s: the field is empty; use %s",
			    columns[c].name, columns[c].form);
		else if (c == COL_DOB)
			roster_error(rp, "%s: \"%.40s\" is not a real date;"
			    " use %s", columns[c].name, v, columns[c].form);
		else
			roster_error(rp, "%s: \"%.40s\" is not valid; use %s",
			    columns[c].name, v, columns[c].form);
		entry_free(&e);
		return;
	}
	r->entries = xrealloc(r->entries, (r->n + 1) * sizeof(e));
	*lines = xrealloc(*lines, (r->n + 1) * sizeof(int));
	(*lines)[r->n] = rp->line;
	r->entries[r->n++] = e;
}

/* Entry order for finding duplicates: by candidate, then by line. */
struct roster_sorted {
	const char	*candidate;
	int		 line;
};

static int
roster_sorted_cmp(const void *a, const void *b)
{
	const struct roster_sorted *x = a, *y = b;
	int c = strcasecmp(x->candidate, y->candidate);

	if (c != 0)
		return (c);
	return (x->line < y->line ? -1 : x->line > y->line);
}

/* Report each candidate number that is on more than one line. */
static void
roster_check_duplicates(struct roster_parse *rp, const struct roster *r,
    const int *lines)
{
	struct roster_sorted *s = xcalloc(r->n, sizeof(*s));
	size_t i, first = 0;

	for (i = 0; i < r->n; i++) {
		s[i].candidate = r->entries[i].candidate;
		s[i].line = lines[i];
	}
	qsort(s, r->n, sizeof(*s), roster_sorted_cmp);
	for (i = 1; i < r->n; i++) {
		if (strcasecmp(s[i].candidate, s[first].candidate) != 0) {
			first = i;
			continue;
		}
		rp->line = s[i].line;
		roster_error(rp, "candidate: %s is given twice (first on line"
		    " %d); give each candidate one line", s[i].candidate,
		    s[first].line);
	}
	free(s);
}

/*
 * Parse the roster text: the header, then one candidate per line.  Returns
 * 1 if a header was found, else 0.  Errors go through roster_error().
 */
static int
roster_parse_text(struct roster_parse *rp, struct roster *r, const char *p,
    const char *end)
{
	struct csv_row row = { NULL, 0 };
	const char *nl, *why;
	int header = 0, *lines = NULL;
	size_t len;

	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (; p < end; p = nl < end ? nl + 1 : end) {
		rp->line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (memchr(p, '\0', len) != NULL) {
			roster_error(rp, "the line contains a NUL byte; save"
			    " the roster as CSV text");
			continue;
		}
		if (csv_split(p, p + len, &row, &why) == -1) {
			roster_error(rp, "%s", why);
			continue;
		}
		if (!row_blank(&row)) {
			if (!header) {
				header = 1;
				if (parse_header(rp, &row) == -1) {
					row_free(&row);
					break;
				}
			} else
				parse_row(rp, r, &row, &lines);
		}
		row_free(&row);
	}
	roster_check_duplicates(rp, r, lines);
	free(lines);
	return (header);
}

int
roster_load(struct roster *r, const char *path, char *err)
{
	struct roster_parse rp;
	const char *slash;
	size_t len;
	char *buf;
	int header;

	memset(r, 0, sizeof(*r));
	if (util_read_file(path, ROSTER_MAX_BYTES, &buf, &len, err) == -1)
		return (-1);
	memset(&rp, 0, sizeof(rp));
	rp.name = (slash = strrchr(path, '/')) != NULL ? slash + 1 : path;
	rp.err = err;
	header = roster_parse_text(&rp, r, buf, buf + len);
	free(buf);

	if (rp.errors == 0 && !header) {
		rp.line = 1;
		roster_error(&rp, "the roster is empty; the first line must be"
		    " candidate,name,date_of_birth,tests,attempt,extra_time,"
		    "colour_scheme,rest_break");
	}
	if (rp.errors > 1)
		snprintf(err + strlen(err), ERR_LEN - strlen(err),
		    " (and %d more problem%s)", rp.errors - 1,
		    rp.errors > 2 ? "s" : "");
	if (rp.errors > 0) {
		roster_free(r);
		return (-1);
	}
	return (0);
}

void
roster_free(struct roster *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		entry_free(&r->entries[i]);
	free(r->entries);
	r->entries = NULL;
	r->n = 0;
}

const struct roster_entry *
roster_find(const struct roster *r, const char *candidate)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcasecmp(r->entries[i].candidate, candidate) == 0)
			return (&r->entries[i]);
	return (NULL);
}

/*
 * Parse a typed date: YYYY-MM-DD, DD/MM/YYYY (also with '.' or '-', and
 * one-digit day or month) or DDMMYYYY.
 */
static int
parse_typed_date(const char *s, int *y, int *m, int *d)
{
	char sep;
	int n;

	if (parse_iso_date(s, y, m, d) == 0)
		return (0);
	if (strlen(s) == 8 && digits(s, 2, d) == 0 &&
	    digits(s + 2, 2, m) == 0 && digits(s + 4, 4, y) == 0)
		return (date_valid(*y, *m, *d) ? 0 : -1);

	n = isdigit((unsigned char)s[1]) ? 2 : 1;
	if (digits(s, (size_t)n, d) == -1)
		return (-1);
	s += n;
	sep = *s++;
	if (sep != '/' && sep != '.' && sep != '-')
		return (-1);
	n = isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) ?
	    2 : 1;
	if (digits(s, (size_t)n, m) == -1 || s[n] != sep)
		return (-1);
	s += n + 1;
	if (strlen(s) != 4 || digits(s, 4, y) == -1)
		return (-1);
	return (date_valid(*y, *m, *d) ? 0 : -1);
}

int
roster_dob_matches(const struct roster_entry *e, const char *typed)
{
	int y, m, d, ty, tm, td;
	char buf[32];
	size_t n;

	while (isspace((unsigned char)*typed))
		typed++;
	n = strlen(typed);
	while (n > 0 && isspace((unsigned char)typed[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(buf) || e->dob == NULL)
		return (0);
	memcpy(buf, typed, n);
	buf[n] = '\0';
	if (parse_iso_date(e->dob, &y, &m, &d) == -1 ||
	    parse_typed_date(buf, &ty, &tm, &td) == -1)
		return (0);
	return (y == ty && m == tm && d == td);
}
