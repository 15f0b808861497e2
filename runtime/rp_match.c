/*
 * Comparison expressions of response processing: match, member,
 * contains, delete and index on values and containers, the string tests
 * stringMatch, substring and patternMatch, and inside for points.
 *
 * A pair equals its reverse and a directedPair does not (rp_atom_equal).
 * Multiple containers compare as multisets and ordered ones as
 * sequences.  NULL operands give NULL.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>

#include "qti_private.h"
#include "rp_private.h"

typedef int (*rp_match_fn)(struct rp_run *, xmlNodePtr, struct rp_value *,
    struct rp_value *, struct rp_value *);

#if LIBXML_VERSION >= 21200
#define XML_ERROR_PTR const xmlError *
#else
#define XML_ERROR_PTR xmlErrorPtr
#endif

/* Pattern errors are reported once, by the caller, not on stderr. */
static void
regexp_error_ignore(void *data, XML_ERROR_PTR e)
{
	(void)data;
	(void)e;
}

static int
is_container(const struct rp_value *v)
{
	return (v->card == QTI_CARD_MULTIPLE || v->card == QTI_CARD_ORDERED);
}

static int
is_text(enum qti_base_type t)
{
	return (t == QTI_BT_STRING || t == QTI_BT_IDENTIFIER ||
	    t == QTI_BT_URI);
}

/* Both operands have one base type, or one of them has none known. */
static int
same_type(struct rp_run *r, xmlNodePtr n, const struct rp_value *a,
    const struct rp_value *b)
{
	if (a->type == QTI_BT_NONE || b->type == QTI_BT_NONE ||
	    a->type == b->type)
		return (0);
	return (rp_fail(r, n, "operands have base types %s and %s",
	    qti_base_type_name(a->type), qti_base_type_name(b->type)));
}

/* Every atom of a has its own equal in b: multiset inclusion. */
static int
multiset_within(const struct rp_value *a, const struct rp_value *b)
{
	unsigned char *taken = xcalloc(b->n + 1, 1);
	size_t i, j;
	int ok = 1;

	for (i = 0; i < a->n && ok; i++) {
		for (j = 0; j < b->n; j++)
			if (!taken[j] && rp_atom_equal(&a->v[i], &b->v[j]))
				break;
		if (j == b->n)
			ok = 0;
		else
			taken[j] = 1;
	}
	free(taken);
	return (ok);
}

static int
record_equal(const struct rp_value *a, const struct rp_value *b)
{
	size_t i, j;

	if (a->n != b->n)
		return (0);
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (strcmp(a->fields[i], b->fields[j]) == 0)
				break;
		if (j == b->n || !rp_atom_equal(&a->v[i], &b->v[j]))
			return (0);
	}
	return (1);
}

static int
values_match(const struct rp_value *a, const struct rp_value *b)
{
	size_t i;

	if (a->n != b->n)
		return (0);
	switch (a->card) {
	case QTI_CARD_MULTIPLE:
		return (multiset_within(a, b));
	case QTI_CARD_RECORD:
		return (record_equal(a, b));
	default:
		for (i = 0; i < a->n; i++)
			if (!rp_atom_equal(&a->v[i], &b->v[i]))
				return (0);
		return (1);
	}
}

static int
ex_match(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	if (a->card != b->card)
		return (rp_fail(r, n, "operands have cardinalities %s and %s",
		    qti_cardinality_name(a->card),
		    qti_cardinality_name(b->card)));
	if (same_type(r, n, a, b) == -1)
		return (-1);
	if (a->n == 0 || b->n == 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else
		rp_value_boolean(out, values_match(a, b));
	return (0);
}

static int
ex_member(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	size_t i;
	int found = 0;

	if (a->card != QTI_CARD_SINGLE || !is_container(b))
		return (rp_fail(r, n, "needs a single value and a container"));
	if (same_type(r, n, a, b) == -1)
		return (-1);
	if (a->n == 0 || b->n == 0) {
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
		return (0);
	}
	for (i = 0; i < b->n && !found; i++)
		found = rp_atom_equal(&a->v[0], &b->v[i]);
	rp_value_boolean(out, found);
	return (0);
}

/* b occurs in a as a run of consecutive values. */
static int
sequence_within(const struct rp_value *a, const struct rp_value *b)
{
	size_t i, j;

	for (i = 0; i + b->n <= a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (!rp_atom_equal(&a->v[i + j], &b->v[j]))
				break;
		if (j == b->n)
			return (1);
	}
	return (0);
}

/*
 * contains: [A,B,C] contains [C,A] when unordered, and [A,B,B,C]
 * contains [B,B] but [A,B,C] does not.  An ordered container contains a
 * strict sub-sequence of itself: [A,B,C] contains [B,C], not [C,A].
 */
static int
ex_contains(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	if (!is_container(a) || !is_container(b) || a->card != b->card)
		return (rp_fail(r, n, "needs two containers of the same"
		    " cardinality"));
	if (same_type(r, n, a, b) == -1)
		return (-1);
	if (a->n == 0 || b->n == 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else if (a->card == QTI_CARD_ORDERED)
		rp_value_boolean(out, sequence_within(a, b));
	else
		rp_value_boolean(out, multiset_within(b, a));
	return (0);
}

/* delete: the container b without any value equal to a. */
static int
ex_delete(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	size_t i;

	if (a->card != QTI_CARD_SINGLE || !is_container(b))
		return (rp_fail(r, n, "needs a single value and a container"));
	if (same_type(r, n, a, b) == -1)
		return (-1);
	rp_value_null(out, b->card, b->type);
	if (a->n == 0)
		return (0);
	for (i = 0; i < b->n; i++)
		if (!rp_atom_equal(&a->v[0], &b->v[i]))
			rp_value_push(out, &b->v[i]);
	return (0);
}

static int
text_operands(struct rp_run *r, xmlNodePtr n, const struct rp_value *a,
    const struct rp_value *b)
{
	if (a->card != QTI_CARD_SINGLE || b->card != QTI_CARD_SINGLE ||
	    (!is_text(a->type) && a->type != QTI_BT_NONE) ||
	    (!is_text(b->type) && b->type != QTI_BT_NONE))
		return (rp_fail(r, n, "needs two single strings"));
	return (0);
}

/*
 * stringMatch: equal strings, with or without case.  With the deprecated
 * substring="true" it tests whether the first string contains the second.
 */
static int
ex_string_match(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	int cs = qti_attr_bool(n, "caseSensitive", 1);
	int sub = qti_attr_bool(n, "substring", 0);

	if (text_operands(r, n, a, b) == -1)
		return (-1);
	if (a->n == 0 || b->n == 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else if (sub)
		rp_value_boolean(out, rp_str_contains(a->v[0].s, b->v[0].s,
		    cs));
	else if (cs)
		rp_value_boolean(out, strcmp(a->v[0].s, b->v[0].s) == 0);
	else
		rp_value_boolean(out, rp_str_caseeq(a->v[0].s, b->v[0].s));
	return (0);
}

/* substring: the first string occurs in the second. */
static int
ex_substring(struct rp_run *r, xmlNodePtr n, struct rp_value *a,
    struct rp_value *b, struct rp_value *out)
{
	int cs = qti_attr_bool(n, "caseSensitive", 1);

	if (text_operands(r, n, a, b) == -1)
		return (-1);
	if (a->n == 0 || b->n == 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else
		rp_value_boolean(out, rp_str_contains(b->v[0].s, a->v[0].s,
		    cs));
	return (0);
}

static int
binary(struct rp_run *r, xmlNodePtr n, rp_match_fn fn, struct rp_value *out)
{
	struct rp_value *ops;
	int rc;

	if (rp_operands(r, n, 2, &ops) == -1)
		return (-1);
	rc = fn(r, n, &ops[0], &ops[1], out);
	rp_values_free(ops, 2);
	return (rc);
}

/* index: the n-th value (from 1) of an ordered container, or NULL. */
static int
ex_index(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct rp_value *op;
	double k;
	int rc = 0;

	if (rp_attr_number(r, n, "n", 1, &k, NULL) == -1 ||
	    rp_operands(r, n, 1, &op) == -1)
		return (-1);
	if (op[0].card != QTI_CARD_ORDERED)
		rc = rp_fail(r, n, "the operand is not an ordered container");
	else if (k < 1 || k != (double)(int64_t)k)
		rc = rp_fail(r, n, "n must be a positive integer");
	else if ((size_t)k <= op[0].n)
		rp_value_single(out, &op[0].v[(size_t)k - 1]);
	else
		rp_value_null(out, QTI_CARD_SINGLE, op[0].type);
	rp_values_free(op, 1);
	return (rc);
}

static xmlRegexpPtr
regexp_compile(const char *pattern)
{
	xmlRegexpPtr re;

	xmlSetStructuredErrorFunc(NULL, regexp_error_ignore);
	re = xmlRegexpCompile((const xmlChar *)pattern);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return (re);
}

/* patternMatch: the whole string matches an XML Schema regular
 * expression, which libxml2's xmlRegexp implements. */
static int
ex_pattern_match(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct rp_value *op;
	xmlRegexpPtr re;
	char *pattern;
	int rc = 0, m;

	if (rp_attr_string(r, n, "pattern", &pattern) == -1)
		return (-1);
	if (pattern == NULL)
		return (rp_fail(r, n, "the pattern attribute is missing"));
	if (rp_operands(r, n, 1, &op) == -1) {
		free(pattern);
		return (-1);
	}
	if (op[0].card != QTI_CARD_SINGLE || (!is_text(op[0].type) &&
	    op[0].type != QTI_BT_NONE))
		rc = rp_fail(r, n, "the operand is not a single string");
	else if ((re = regexp_compile(pattern)) == NULL)
		rc = rp_fail(r, n, "'%s' is not a valid pattern", pattern);
	else {
		if (op[0].n == 0)
			rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
		else if ((m = xmlRegexpExec(re,
		    (const xmlChar *)op[0].v[0].s)) < 0)
			rc = rp_fail(r, n, "'%s' cannot be matched", pattern);
		else
			rp_value_boolean(out, m == 1);
		xmlRegFreeRegexp(re);
	}
	rp_values_free(op, 1);
	free(pattern);
	return (rc);
}

/* inside: whether any of the points falls in the shape. */
static int
ex_inside(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	char *shape = rp_attr(n, "shape"), *coords = rp_attr(n, "coords");
	enum rp_shape s;
	struct rp_value *op = NULL;
	double *c = NULL;
	size_t nc = 0, i;
	int rc = 0, in = 0;

	if (rp_shape_parse(shape, coords, &s, &c, &nc) == -1)
		rc = rp_fail(r, n, "invalid shape '%s' or coords '%s'",
		    shape ? shape : "", coords ? coords : "");
	else if ((rc = rp_operands(r, n, 1, &op)) == 0 &&
	    op[0].type != QTI_BT_POINT && op[0].type != QTI_BT_NONE)
		rc = rp_fail(r, n, "the operand is not a point");
	else if (rc == 0 && op[0].n == 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else if (rc == 0) {
		for (i = 0; i < op[0].n && !in; i++)
			in = rp_shape_inside(s, c, nc, (double)op[0].v[i].i,
			    (double)op[0].v[i].j);
		rp_value_boolean(out, in);
	}
	if (op != NULL)
		rp_values_free(op, 1);
	free(c);
	free(shape);
	free(coords);
	return (rc);
}

static const struct {
	const char	*name;
	rp_match_fn	 binary;
	int		(*other)(struct rp_run *, xmlNodePtr,
			    struct rp_value *);
} matches[] = {
	{ "match", ex_match, NULL },
	{ "member", ex_member, NULL },
	{ "contains", ex_contains, NULL },
	{ "delete", ex_delete, NULL },
	{ "stringMatch", ex_string_match, NULL },
	{ "substring", ex_substring, NULL },
	{ "index", NULL, ex_index },
	{ "patternMatch", NULL, ex_pattern_match },
	{ "inside", NULL, ex_inside },
};

int
rp_is_match(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof matches / sizeof *matches; i++)
		if (strcmp(name, matches[i].name) == 0)
			return (1);
	return (0);
}

int
rp_eval_match(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	size_t i;

	for (i = 0; i < sizeof matches / sizeof *matches; i++) {
		if (strcmp((const char *)n->name, matches[i].name) != 0)
			continue;
		if (matches[i].binary != NULL)
			return (binary(r, n, matches[i].binary, out));
		return (matches[i].other(r, n, out));
	}
	return (rp_fail(r, n, "this expression is not supported"));
}
