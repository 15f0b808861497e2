/*
 * Values of response processing: atoms of each QTI base type, single
 * values and containers, reading them from text, comparing and printing
 * them.  Numbers are read and printed in the C locale whatever the
 * process locale is, since QTI writes them that way.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <libxml/xmlstring.h>

#include "rp_private.h"

static locale_t
c_locale(void)
{
	static locale_t loc;

	if (loc == (locale_t)0)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return (loc);
}

/* Case mapping needs a UTF-8 character type; C.UTF-8 has one. */
static locale_t
utf8_locale(void)
{
	static locale_t loc;
	static int tried;

	if (!tried) {
		tried = 1;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return (loc);
}

void
rp_atom_free(struct rp_atom *a)
{
	free(a->s);
	free(a->t);
	a->s = a->t = NULL;
}

void
rp_atom_copy(struct rp_atom *dst, const struct rp_atom *src)
{
	*dst = *src;
	dst->s = src->s != NULL ? xstrdup(src->s) : NULL;
	dst->t = src->t != NULL ? xstrdup(src->t) : NULL;
}

/*
 * Equality as match, member, contains and delete use it: the base types
 * must be the same, a pair equals its reverse and a directedPair does
 * not, and identifiers and strings compare byte for byte.
 */
int
rp_atom_equal(const struct rp_atom *a, const struct rp_atom *b)
{
	if (a->type != b->type)
		return (0);
	switch (a->type) {
	case QTI_BT_BOOLEAN:
	case QTI_BT_INTEGER:
		return (a->i == b->i);
	case QTI_BT_FLOAT:
	case QTI_BT_DURATION:
		return (a->f == b->f);
	case QTI_BT_POINT:
		return (a->i == b->i && a->j == b->j);
	case QTI_BT_PAIR:
		if (strcmp(a->s, b->s) == 0 && strcmp(a->t, b->t) == 0)
			return (1);
		return (strcmp(a->s, b->t) == 0 && strcmp(a->t, b->s) == 0);
	case QTI_BT_DIRECTED_PAIR:
		return (strcmp(a->s, b->s) == 0 && strcmp(a->t, b->t) == 0);
	default:
		return (strcmp(a->s, b->s) == 0);
	}
}

static char *
trimmed(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return (xstrndup(s, n));
}

int
rp_parse_integer(const char *s, int64_t *out)
{
	char *t = trimmed(s), *end;
	long long v;
	int rc = -1;

	errno = 0;
	v = strtoll(t, &end, 10);
	if (end != t && *end == '\0' && errno == 0) {
		*out = v;
		rc = 0;
	}
	free(t);
	return (rc);
}

/* xsd:double: decimal or exponent form, INF, -INF and NaN. */
int
rp_parse_float(const char *s, double *out)
{
	char *t = trimmed(s), *end, *p;
	double v;
	int rc = -1;

	if (strcmp(t, "INF") == 0 || strcmp(t, "+INF") == 0)
		v = HUGE_VAL, rc = 0;
	else if (strcmp(t, "-INF") == 0)
		v = -HUGE_VAL, rc = 0;
	else if (strcmp(t, "NaN") == 0)
		v = NAN, rc = 0;
	else {
		for (p = t; *p != '\0'; p++)
			if (strchr("0123456789+-.eE", *p) == NULL)
				break;
		errno = 0;
		v = strtod_l(t, &end, c_locale());
		if (*p == '\0' && end != t && *end == '\0' && errno != ERANGE)
			rc = 0;
	}
	if (rc == 0)
		*out = v;
	free(t);
	return (rc);
}

/* Split "A B" into its two identifiers. */
static int
parse_pair(struct rp_atom *a, const char *text)
{
	char *t = trimmed(text), *sp;
	int rc = -1;

	sp = strchr(t, ' ');
	if (sp != NULL) {
		*sp = '\0';
		for (sp++; *sp == ' '; sp++)
			continue;
		if (*t != '\0' && *sp != '\0' && strchr(sp, ' ') == NULL) {
			a->s = xstrdup(t);
			a->t = xstrdup(sp);
			rc = 0;
		}
	}
	free(t);
	return (rc);
}

static int
parse_point(struct rp_atom *a, const char *text)
{
	char *t = xstrdup(text), *sp;
	int rc = -1;

	for (sp = t; *sp == ' '; sp++)
		continue;
	sp = strchr(sp, ' ');
	if (sp != NULL) {
		*sp++ = '\0';
		if (rp_parse_integer(t, &a->i) == 0 &&
		    rp_parse_integer(sp, &a->j) == 0)
			rc = 0;
	}
	free(t);
	return (rc);
}

static int
parse_boolean(struct rp_atom *a, const char *text)
{
	char *t = trimmed(text);
	int rc = 0;

	if (strcmp(t, "true") == 0 || strcmp(t, "1") == 0)
		a->i = 1;
	else if (strcmp(t, "false") == 0 || strcmp(t, "0") == 0)
		a->i = 0;
	else
		rc = -1;
	free(t);
	return (rc);
}

/* Read one atom of a base type from its QTI text form. */
int
rp_atom_parse(struct rp_atom *a, enum qti_base_type type, const char *text)
{
	memset(a, 0, sizeof *a);
	a->type = type;
	switch (type) {
	case QTI_BT_BOOLEAN:
		return (parse_boolean(a, text));
	case QTI_BT_INTEGER:
		return (rp_parse_integer(text, &a->i));
	case QTI_BT_FLOAT:
	case QTI_BT_DURATION:
		return (rp_parse_float(text, &a->f));
	case QTI_BT_POINT:
		return (parse_point(a, text));
	case QTI_BT_PAIR:
	case QTI_BT_DIRECTED_PAIR:
		return (parse_pair(a, text));
	case QTI_BT_IDENTIFIER:
		a->s = trimmed(text);
		return (a->s[0] != '\0' ? 0 : (rp_atom_free(a), -1));
	case QTI_BT_STRING:
	case QTI_BT_URI:
	case QTI_BT_FILE:
		a->s = xstrdup(text);
		return (0);
	default:
		return (-1);
	}
}

/* The shortest decimal text that reads back as the same double. */
static char *
float_text(double f)
{
	char buf[64];
	double back;
	int prec;

	if (isnan(f))
		return (xstrdup("NaN"));
	if (isinf(f))
		return (xstrdup(f > 0 ? "INF" : "-INF"));
	/* Plain decimals for the usual range, so 10 is not "1e+01". */
	for (prec = 0; fabs(f) >= 1e-5 && fabs(f) < 1e16 && prec <= 20;
	    prec++) {
		snprintf(buf, sizeof buf, "%.*f", prec, f);
		back = strtod_l(buf, NULL, c_locale());
		if (back == f)
			return (xstrdup(buf));
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, f);
		back = strtod_l(buf, NULL, c_locale());
		if (back == f)
			break;
	}
	return (xstrdup(buf));
}

char *
rp_atom_text(const struct rp_atom *a)
{
	char *s;

	switch (a->type) {
	case QTI_BT_BOOLEAN:
		return (xstrdup(a->i ? "true" : "false"));
	case QTI_BT_INTEGER:
		xasprintf(&s, "%" PRId64, a->i);
		return (s);
	case QTI_BT_FLOAT:
	case QTI_BT_DURATION:
		return (float_text(a->f));
	case QTI_BT_POINT:
		xasprintf(&s, "%" PRId64 " %" PRId64, a->i, a->j);
		return (s);
	case QTI_BT_PAIR:
	case QTI_BT_DIRECTED_PAIR:
		xasprintf(&s, "%s %s", a->s, a->t);
		return (s);
	default:
		return (xstrdup(a->s != NULL ? a->s : ""));
	}
}

void
rp_value_null(struct rp_value *v, enum qti_cardinality card,
    enum qti_base_type type)
{
	memset(v, 0, sizeof *v);
	v->card = card;
	v->type = type;
}

void
rp_value_push(struct rp_value *v, const struct rp_atom *a)
{
	v->v = xrealloc(v->v, (v->n + 1) * sizeof *v->v);
	rp_atom_copy(&v->v[v->n++], a);
}

/*
 * A single value.  An empty string is NULL: QTI treats empty strings and
 * empty containers as NULL.
 */
void
rp_value_single(struct rp_value *v, const struct rp_atom *a)
{
	rp_value_null(v, QTI_CARD_SINGLE, a->type);
	if (a->type == QTI_BT_STRING && (a->s == NULL || a->s[0] == '\0'))
		return;
	rp_value_push(v, a);
}

void
rp_value_integer(struct rp_value *v, int64_t i)
{
	struct rp_atom a = { .type = QTI_BT_INTEGER, .i = i };

	rp_value_single(v, &a);
}

void
rp_value_float(struct rp_value *v, double f)
{
	struct rp_atom a = { .type = QTI_BT_FLOAT, .f = f };

	rp_value_single(v, &a);
}

void
rp_value_boolean(struct rp_value *v, int b)
{
	struct rp_atom a = { .type = QTI_BT_BOOLEAN, .i = b != 0 };

	rp_value_single(v, &a);
}

void
rp_value_copy(struct rp_value *dst, const struct rp_value *src)
{
	size_t i;

	rp_value_null(dst, src->card, src->type);
	for (i = 0; i < src->n; i++)
		rp_value_push(dst, &src->v[i]);
	if (src->fields != NULL) {
		dst->fields = xcalloc(src->n + 1, sizeof *dst->fields);
		for (i = 0; i < src->n; i++)
			dst->fields[i] = xstrdup(src->fields[i]);
	}
}

void
rp_value_move(struct rp_value *dst, struct rp_value *src)
{
	*dst = *src;
	memset(src, 0, sizeof *src);
	src->card = dst->card;
	src->type = dst->type;
}

void
rp_value_free(struct rp_value *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		rp_atom_free(&v->v[i]);
		if (v->fields != NULL)
			free(v->fields[i]);
	}
	free(v->v);
	free(v->fields);
	v->v = NULL;
	v->fields = NULL;
	v->n = 0;
}

int
rp_value_is_null(const struct rp_value *v)
{
	return (v->n == 0);
}

int
rp_is_numeric(enum qti_base_type t)
{
	return (t == QTI_BT_INTEGER || t == QTI_BT_FLOAT);
}

int
rp_value_number(const struct rp_value *v, double *out)
{
	if (v == NULL || v->card != QTI_CARD_SINGLE || v->n != 1)
		return (-1);
	if (v->type == QTI_BT_INTEGER)
		*out = (double)v->v[0].i;
	else if (v->type == QTI_BT_FLOAT)
		*out = v->v[0].f;
	else
		return (-1);
	return (0);
}

char *
rp_value_text(const struct rp_value *v)
{
	char *out = NULL, *a, *next;
	size_t i;

	if (v->n == 0)
		return (xstrdup("NULL"));
	for (i = 0; i < v->n; i++) {
		a = rp_atom_text(&v->v[i]);
		if (v->fields != NULL) {
			xasprintf(&next, "%s=%s", v->fields[i], a);
			free(a);
			a = next;
		}
		if (out == NULL) {
			out = a;
			continue;
		}
		xasprintf(&next, "%s, %s", out, a);
		free(out);
		free(a);
		out = next;
	}
	return (out);
}

/* Next character of UTF-8 text, lowercased; 0 at the end, -1 if bad. */
static int
next_folded(const char **p)
{
	int len = 4, c;

	if (**p == '\0')
		return (0);
	c = xmlGetUTF8Char((const unsigned char *)*p, &len);
	if (c < 0 || len <= 0)
		return (-1);
	*p += len;
	if (utf8_locale() != (locale_t)0)
		return ((int)towlower_l((wint_t)c, utf8_locale()));
	return (c < 0x80 ? tolower(c) : c);
}

int
rp_str_caseeq(const char *a, const char *b)
{
	int ca, cb;

	do {
		ca = next_folded(&a);
		cb = next_folded(&b);
		if (ca < 0 || cb < 0)
			return (0);
	} while (ca == cb && ca != 0);
	return (ca == cb);
}

/* Does the folded text at a start with b? */
static int
folded_prefix(const char *a, const char *b)
{
	int ca, cb;

	for (;;) {
		cb = next_folded(&b);
		if (cb == 0)
			return (1);
		ca = next_folded(&a);
		if (ca != cb || ca <= 0 || cb < 0)
			return (0);
	}
}

int
rp_str_contains(const char *a, const char *b, int case_sensitive)
{
	int len;

	if (case_sensitive)
		return (strstr(a, b) != NULL);
	for (;;) {
		if (folded_prefix(a, b))
			return (1);
		if (*a == '\0')
			return (0);
		len = 4;
		if (xmlGetUTF8Char((const unsigned char *)a, &len) < 0 ||
		    len <= 0)
			return (0);
		a += len;
	}
}

int
rp_cardinality_parse(const char *s, enum qti_cardinality *out)
{
	static const char *const names[] = {
		"single", "multiple", "ordered", "record"
	};
	size_t i;

	for (i = 0; s != NULL && i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum qti_cardinality)i;
			return (0);
		}
	return (-1);
}

int
rp_base_type_parse(const char *s, enum qti_base_type *out)
{
	static const struct {
		const char		*name;
		enum qti_base_type	 type;
	} names[] = {
		{ "identifier", QTI_BT_IDENTIFIER },
		{ "boolean", QTI_BT_BOOLEAN },
		{ "integer", QTI_BT_INTEGER },
		{ "float", QTI_BT_FLOAT },
		{ "string", QTI_BT_STRING },
		{ "point", QTI_BT_POINT },
		{ "pair", QTI_BT_PAIR },
		{ "directedPair", QTI_BT_DIRECTED_PAIR },
		{ "duration", QTI_BT_DURATION },
		{ "file", QTI_BT_FILE },
		{ "uri", QTI_BT_URI },
	};
	size_t i;

	for (i = 0; s != NULL && i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].type;
			return (0);
		}
	return (-1);
}
