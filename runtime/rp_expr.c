/*
 * Evaluating response processing expressions: the dispatch, variables
 * and constants, containers and logic.  Comparisons of values are in
 * rp_match.c and arithmetic in rp_math.c.
 *
 * Every expression gives a value that carries its cardinality and base
 * type even when it is NULL.  An expression whose operands break the
 * rules of QTI (a sum of identifiers, a match of a single value against
 * a container) stops the run with an error naming the line, rather than
 * giving a score that means nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"
#include "rp_private.h"

typedef int (*rp_expr_fn)(struct rp_run *, xmlNodePtr, struct rp_value *);

int
rp_fail(struct rp_run *r, xmlNodePtr n, const char *fmt, ...)
{
	char msg[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n->doc == r->item->template_doc)
		return (errf(r->err, "%s template: %s",
		    rp_kind_name(r->item->kind), msg));
	return (errf(r->err, "line %ld: %s: %s", xmlGetLineNo(n),
	    (const char *)n->name, msg));
}

struct rp_var *
rp_var_find(struct rp_run *r, const char *identifier)
{
	size_t i;

	for (i = 0; i < r->nvars; i++)
		if (strcmp(r->vars[i].decl->identifier, identifier) == 0)
			return (&r->vars[i]);
	return (NULL);
}

void
rp_values_free(struct rp_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rp_value_free(&v[i]);
	free(v);
}

int
rp_eval_children(struct rp_run *r, xmlNodePtr n, struct rp_value **out,
    size_t *nout)
{
	xmlNodePtr c;
	size_t k = 0;

	*out = NULL;
	for (c = rp_first_element(n); c != NULL; c = rp_next_element(c)) {
		*out = xrealloc(*out, (k + 1) * sizeof **out);
		if (rp_eval(r, c, &(*out)[k]) == -1) {
			rp_values_free(*out, k);
			*out = NULL;
			return (-1);
		}
		k++;
	}
	*nout = k;
	return (0);
}

/*
 * A string attribute that may name a variable as "{NAME}", as the
 * stringOrVariableRef attributes of QTI 2.1 may.
 */
int
rp_attr_string(struct rp_run *r, xmlNodePtr n, const char *name, char **out)
{
	char *s = rp_attr(n, name), *id;
	struct rp_var *var;
	size_t len;

	*out = s;
	if (s == NULL || s[0] != '{' || (len = strlen(s)) < 3 ||
	    s[len - 1] != '}')
		return (0);
	id = xstrndup(s + 1, len - 2);
	var = rp_var_find(r, id);
	free(id);
	*out = NULL;
	if (var == NULL || var->value.card != QTI_CARD_SINGLE ||
	    var->value.n != 1) {
		rp_fail(r, n, "%s '%s' names no single non-NULL variable",
		    name, s);
		free(s);
		return (-1);
	}
	*out = rp_atom_text(&var->value.v[0]);
	free(s);
	return (0);
}

int
rp_attr_number(struct rp_run *r, xmlNodePtr n, const char *name,
    int required, double *out, int *present)
{
	char *s;
	int rc = 0;

	if (present != NULL)
		*present = 0;
	if (rp_attr_string(r, n, name, &s) == -1)
		return (-1);
	if (s == NULL && required)
		return (rp_fail(r, n, "the %s attribute is missing", name));
	if (s != NULL && rp_parse_float(s, out) == -1)
		rc = rp_fail(r, n, "%s '%s' is not a number", name, s);
	else if (s != NULL && present != NULL)
		*present = 1;
	free(s);
	return (rc);
}

static const struct rp_decl *
decl_of(struct rp_run *r, xmlNodePtr n, char *id_out, size_t len)
{
	char *id = rp_attr(n, "identifier");
	const struct rp_decl *d = NULL;

	if (id != NULL)
		d = rp_decl_find(r->item, id);
	util_strlcpy(id_out, id != NULL ? id : "", len);
	free(id);
	if (d == NULL)
		rp_fail(r, n, "'%s' is not declared", id_out);
	return (d);
}

static int
ex_variable(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	char *id = rp_attr(n, "identifier");
	struct rp_var *var = id != NULL ? rp_var_find(r, id) : NULL;
	int rc = 0;

	if (var == NULL)
		rc = rp_fail(r, n, "'%s' is not declared", id ? id : "");
	else
		rp_value_copy(out, &var->value);
	free(id);
	return (rc);
}

static int
ex_correct(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const struct rp_decl *d;
	char id[256];

	if ((d = decl_of(r, n, id, sizeof id)) == NULL)
		return (-1);
	if (d->kind != RP_VAR_RESPONSE)
		return (rp_fail(r, n, "'%s' is not a response variable", id));
	rp_value_copy(out, &d->correct);
	out->card = d->card;
	out->type = d->type;
	return (0);
}

static int
ex_default(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const struct rp_decl *d;
	char id[256];

	if ((d = decl_of(r, n, id, sizeof id)) == NULL)
		return (-1);
	rp_value_copy(out, &d->default_value);
	out->card = d->card;
	out->type = d->type;
	return (0);
}

static int
ex_base_value(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	char *bt = rp_attr(n, "baseType"), *text;
	enum qti_base_type type;
	struct rp_atom a;
	int rc = 0;

	if (rp_base_type_parse(bt, &type) == -1) {
		rc = rp_fail(r, n, "unknown baseType '%s'", bt ? bt : "");
		free(bt);
		return (rc);
	}
	free(bt);
	text = (char *)xmlNodeGetContent(n);
	if (rp_atom_parse(&a, type, text != NULL ? text : "") == -1)
		rc = rp_fail(r, n, "'%s' is not a valid %s",
		    text != NULL ? text : "", qti_base_type_name(type));
	else {
		rp_value_single(out, &a);
		rp_atom_free(&a);
	}
	xmlFree(text);
	return (rc);
}

static int
ex_null(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_NONE);
	return (0);
}

/* A result's base type: the first known one of the operands. */
static enum qti_base_type
first_type(const struct rp_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].type != QTI_BT_NONE)
			return (v[i].type);
	return (QTI_BT_NONE);
}

/*
 * multiple and ordered: the values of every operand in order, NULL
 * operands left out; NULL when nothing is left.
 */
static int
container(struct rp_run *r, xmlNodePtr n, enum qti_cardinality card,
    struct rp_value *out)
{
	struct rp_value *ops;
	size_t nops, i, k;
	int rc = 0;

	if (rp_eval_children(r, n, &ops, &nops) == -1)
		return (-1);
	rp_value_null(out, card, first_type(ops, nops));
	for (i = 0; i < nops && rc == 0; i++) {
		if (ops[i].card != QTI_CARD_SINGLE && ops[i].card != card)
			rc = rp_fail(r, n, "operand %zu is %s", i + 1,
			    qti_cardinality_name(ops[i].card));
		else if (ops[i].type != QTI_BT_NONE &&
		    ops[i].type != out->type)
			rc = rp_fail(r, n, "operands mix %s and %s",
			    qti_base_type_name(out->type),
			    qti_base_type_name(ops[i].type));
		for (k = 0; rc == 0 && k < ops[i].n; k++)
			rp_value_push(out, &ops[i].v[k]);
	}
	rp_values_free(ops, nops);
	if (rc == -1)
		rp_value_free(out);
	return (rc);
}

static int
ex_multiple(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	return (container(r, n, QTI_CARD_MULTIPLE, out));
}

static int
ex_ordered(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	return (container(r, n, QTI_CARD_ORDERED, out));
}

/* Evaluate exactly count operands. */
int
rp_operands(struct rp_run *r, xmlNodePtr n, size_t count, struct rp_value **ops)
{
	size_t got;

	if (rp_eval_children(r, n, ops, &got) == -1)
		return (-1);
	if (got != count) {
		rp_values_free(*ops, got);
		return (rp_fail(r, n, "takes %zu operand%s, not %zu", count,
		    count == 1 ? "" : "s", got));
	}
	return (0);
}

static int
ex_is_null(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct rp_value *op;

	if (rp_operands(r, n, 1, &op) == -1)
		return (-1);
	rp_value_boolean(out, rp_value_is_null(&op[0]));
	rp_values_free(op, 1);
	return (0);
}

static int
ex_container_size(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct rp_value *op;
	int rc = 0;

	if (rp_operands(r, n, 1, &op) == -1)
		return (-1);
	if (op[0].card != QTI_CARD_MULTIPLE && op[0].card != QTI_CARD_ORDERED)
		rc = rp_fail(r, n, "the operand is not a container");
	else
		rp_value_integer(out, (int64_t)op[0].n);
	rp_values_free(op, 1);
	return (rc);
}

/* One boolean operand: 1 true, 0 false, -1 NULL; -2 after an error. */
static int
truth(struct rp_run *r, xmlNodePtr n, const struct rp_value *v)
{
	if (v->card != QTI_CARD_SINGLE ||
	    (v->type != QTI_BT_BOOLEAN && v->type != QTI_BT_NONE)) {
		rp_fail(r, n, "operands must be single booleans, not %s %s",
		    qti_cardinality_name(v->card),
		    qti_base_type_name(v->type));
		return (-2);
	}
	return (v->n == 0 ? -1 : (int)v->v[0].i);
}

/* Count true, false and NULL operands. */
static int
tally(struct rp_run *r, xmlNodePtr n, size_t counts[3], size_t *total)
{
	struct rp_value *ops;
	size_t nops, i;
	int t, rc = 0;

	if (rp_eval_children(r, n, &ops, &nops) == -1)
		return (-1);
	counts[0] = counts[1] = counts[2] = 0;
	for (i = 0; i < nops && rc == 0; i++) {
		t = truth(r, n, &ops[i]);
		if (t == -2)
			rc = -1;
		else if (t == 1)
			counts[0]++;
		else if (t == 0)
			counts[1]++;
		else
			counts[2]++;
	}
	rp_values_free(ops, nops);
	*total = nops;
	if (rc == 0 && nops == 0)
		rc = rp_fail(r, n, "has no operands");
	return (rc);
}

/* and: false if any is false, else NULL if any is NULL, else true. */
static int
ex_and(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	size_t c[3], total;

	if (tally(r, n, c, &total) == -1)
		return (-1);
	if (c[1] > 0)
		rp_value_boolean(out, 0);
	else if (c[2] > 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else
		rp_value_boolean(out, 1);
	return (0);
}

/* or: true if any is true, else NULL if any is NULL, else false. */
static int
ex_or(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	size_t c[3], total;

	if (tally(r, n, c, &total) == -1)
		return (-1);
	if (c[0] > 0)
		rp_value_boolean(out, 1);
	else if (c[2] > 0)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else
		rp_value_boolean(out, 0);
	return (0);
}

static int
ex_not(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct rp_value *op;
	int t;

	if (rp_operands(r, n, 1, &op) == -1)
		return (-1);
	t = truth(r, n, &op[0]);
	rp_values_free(op, 1);
	if (t == -2)
		return (-1);
	if (t == -1)
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	else
		rp_value_boolean(out, !t);
	return (0);
}

/*
 * anyN: true when between min and max operands are true whatever the
 * NULL ones are.  False when more than max are true, or when fewer than
 * min would be true even if every NULL were.  Otherwise NULL.
 */
static int
ex_any_n(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	double min, max;
	size_t c[3], total;

	if (rp_attr_number(r, n, "min", 1, &min, NULL) == -1 ||
	    rp_attr_number(r, n, "max", 1, &max, NULL) == -1 ||
	    tally(r, n, c, &total) == -1)
		return (-1);
	if ((double)(c[0] + c[2]) < min || (double)c[0] > max)
		rp_value_boolean(out, 0);
	else if ((double)c[0] >= min && (double)(c[0] + c[2]) <= max)
		rp_value_boolean(out, 1);
	else
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
	return (0);
}

static int
ex_map_response(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const struct rp_decl *d;
	struct rp_var *var;
	char id[256];

	if ((d = decl_of(r, n, id, sizeof id)) == NULL)
		return (-1);
	var = rp_var_find(r, id);
	if (d->mapping == NULL || var == NULL)
		return (rp_fail(r, n, "'%s' has no mapping", id));
	rp_value_float(out, rp_map_value(d->mapping, &var->value));
	return (0);
}

static int
ex_map_response_point(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const struct rp_decl *d;
	struct rp_var *var;
	char id[256];

	if ((d = decl_of(r, n, id, sizeof id)) == NULL)
		return (-1);
	var = rp_var_find(r, id);
	if (d->area_mapping == NULL || var == NULL || d->type != QTI_BT_POINT)
		return (rp_fail(r, n, "'%s' is not a point with an"
		    " areaMapping", id));
	rp_value_float(out, rp_map_point_value(d->area_mapping, &var->value));
	return (0);
}

static int
ex_field_value(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	char *field = rp_attr(n, "fieldIdentifier");
	struct rp_value *op;
	size_t i;
	int rc = 0;

	if (rp_operands(r, n, 1, &op) == -1) {
		free(field);
		return (-1);
	}
	rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_NONE);
	if (op[0].card != QTI_CARD_RECORD || field == NULL)
		rc = rp_fail(r, n, "needs a record and a fieldIdentifier");
	for (i = 0; rc == 0 && i < op[0].n; i++)
		if (strcmp(op[0].fields[i], field) == 0) {
			rp_value_single(out, &op[0].v[i]);
			break;
		}
	rp_values_free(op, 1);
	free(field);
	return (rc);
}

static const struct {
	const char	*name;
	rp_expr_fn	 fn;
} expressions[] = {
	{ "variable", ex_variable },
	{ "correct", ex_correct },
	{ "default", ex_default },
	{ "baseValue", ex_base_value },
	{ "null", ex_null },
	{ "multiple", ex_multiple },
	{ "ordered", ex_ordered },
	{ "isNull", ex_is_null },
	{ "containerSize", ex_container_size },
	{ "and", ex_and },
	{ "or", ex_or },
	{ "not", ex_not },
	{ "anyN", ex_any_n },
	{ "mapResponse", ex_map_response },
	{ "mapResponsePoint", ex_map_response_point },
	{ "fieldValue", ex_field_value },
};

static rp_expr_fn
expr_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof expressions / sizeof *expressions; i++)
		if (strcmp(name, expressions[i].name) == 0)
			return (expressions[i].fn);
	return (NULL);
}

int
rp_expr_known(const char *name)
{
	return (expr_find(name) != NULL || rp_is_math(name) ||
	    rp_is_match(name));
}

int
rp_eval(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const char *name = (const char *)n->name;
	rp_expr_fn fn;
	int rc;

	rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_NONE);
	if (r->depth >= RP_MAX_DEPTH)
		return (rp_fail(r, n, "expressions nest deeper than %d",
		    RP_MAX_DEPTH));
	r->depth++;
	if ((fn = expr_find(name)) != NULL)
		rc = fn(r, n, out);
	else if (rp_is_math(name))
		rc = rp_eval_math(r, n, out);
	else if (rp_is_match(name))
		rc = rp_eval_match(r, n, out);
	else
		rc = rp_fail(r, n, "this expression is not supported");
	r->depth--;
	return (rc);
}
