/*
 * Running response processing: the variables of a run, the rules
 * (responseCondition, setOutcomeValue, exitResponse,
 * responseProcessingFragment), the check of an item's rules before any
 * run, and the outcomes and maximum score that a run gives.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"
#include "rp_private.h"

static int	rules_run(struct rp_run *, xmlNodePtr first);

/* An error of the rules, with its line unless a template has it. */
static int
check_fail(const struct rp_item *item, xmlNodePtr n, char *err,
    const char *fmt, ...)
{
	char msg[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n->doc == item->template_doc)
		return (errf(err, "%s", msg));
	return (errf(err, "line %ld: %s", xmlGetLineNo(n), msg));
}

/* Check an expression and everything under it. */
static int
expr_check(const struct rp_item *item, xmlNodePtr n, int depth, char *err)
{
	static const char *const refs[] = {
		"variable", "correct", "default", "mapResponse",
		"mapResponsePoint", NULL
	};
	const char *name = (const char *)n->name;
	const struct rp_decl *d;
	char *id;
	size_t i;
	xmlNodePtr c;

	if (depth > RP_MAX_DEPTH)
		return (check_fail(item, n, err, "expressions nest deeper"
		    " than %d", RP_MAX_DEPTH));
	if (!rp_expr_known(name))
		return (check_fail(item, n, err, "the expression '%s' is not"
		    " supported", name));
	for (i = 0; refs[i] != NULL; i++) {
		if (strcmp(name, refs[i]) != 0)
			continue;
		id = rp_attr(n, "identifier");
		d = id != NULL ? rp_decl_find(item, id) : NULL;
		if (d == NULL)
			check_fail(item, n, err, "%s: '%s' is not declared",
			    name, id != NULL ? id : "");
		else if (i == 3 && d->mapping == NULL)
			check_fail(item, n, err, "mapResponse: '%s' has no"
			    " mapping", id);
		else if (i == 4 && d->area_mapping == NULL)
			check_fail(item, n, err, "mapResponsePoint: '%s' has no"
			    " areaMapping", id);
		free(id);
		if (d == NULL || (i == 3 && d->mapping == NULL) ||
		    (i == 4 && d->area_mapping == NULL))
			return (-1);
	}
	for (c = rp_first_element(n); c != NULL; c = rp_next_element(c))
		if (expr_check(item, c, depth + 1, err) == -1)
			return (-1);
	return (0);
}

static int	rules_check(const struct rp_item *, xmlNodePtr, int, char *);

/* responseIf and responseElseIf: a condition, then rules. */
static int
branch_check(const struct rp_item *item, xmlNodePtr n, int cond, int depth,
    char *err)
{
	xmlNodePtr c = rp_first_element(n);

	if (cond) {
		if (c == NULL)
			return (check_fail(item, n, err, "%s has no"
			    " condition", (const char *)n->name));
		if (expr_check(item, c, depth + 1, err) == -1)
			return (-1);
	}
	return (rules_check(item, n, depth + 1, err));
}

static int
condition_check(const struct rp_item *item, xmlNodePtr n, int depth,
    char *err)
{
	xmlNodePtr c = rp_first_element(n);
	int seen_else = 0;

	if (!rp_is(c, "responseIf"))
		return (check_fail(item, n, err, "responseCondition does"
		    " not start with responseIf"));
	for (; c != NULL; c = rp_next_element(c)) {
		if (seen_else || (!rp_is(c, "responseIf") &&
		    !rp_is(c, "responseElseIf") && !rp_is(c, "responseElse")) ||
		    (rp_is(c, "responseIf") && c != rp_first_element(n)))
			return (check_fail(item, c, err, "unexpected %s in"
			    " responseCondition",
			    (const char *)c->name));
		seen_else = rp_is(c, "responseElse");
		if (branch_check(item, c, !seen_else, depth, err) == -1)
			return (-1);
	}
	return (0);
}

static int
set_check(const struct rp_item *item, xmlNodePtr n, int depth, char *err)
{
	char *id = rp_attr(n, "identifier");
	const struct rp_decl *d = id != NULL ? rp_decl_find(item, id) : NULL;
	xmlNodePtr c = rp_first_element(n);
	int rc = 0;

	if (d == NULL || d->kind != RP_VAR_OUTCOME)
		rc = check_fail(item, n, err, "setOutcomeValue: '%s' is not a"
		    " declared outcome", id ? id : "");
	else if (c == NULL || rp_next_element(c) != NULL)
		rc = check_fail(item, n, err, "setOutcomeValue needs one"
		    " expression");
	else
		rc = expr_check(item, c, depth + 1, err);
	free(id);
	return (rc);
}

/* The rules under parent; for a branch, those after its condition. */
static int
rules_check(const struct rp_item *item, xmlNodePtr parent, int depth,
    char *err)
{
	xmlNodePtr n = rp_first_element(parent);
	int rc = 0;

	if (depth > RP_MAX_DEPTH)
		return (errf(err, "rules nest deeper than %d", RP_MAX_DEPTH));
	if (rp_is(parent, "responseIf") || rp_is(parent, "responseElseIf"))
		n = n != NULL ? rp_next_element(n) : NULL;
	for (; n != NULL && rc == 0; n = rp_next_element(n)) {
		if (rp_is(n, "responseCondition"))
			rc = condition_check(item, n, depth, err);
		else if (rp_is(n, "setOutcomeValue"))
			rc = set_check(item, n, depth, err);
		else if (rp_is(n, "responseProcessingFragment"))
			rc = rules_check(item, n, depth + 1, err);
		else if (!rp_is(n, "exitResponse"))
			rc = check_fail(item, n, err, "the rule '%s' is not"
			    " supported",
			    (const char *)n->name);
	}
	return (rc);
}

int
rp_rules_check(const struct rp_item *item, xmlNodePtr rules, char *err)
{
	return (rules_check(item, rules, 0, err));
}

/* Text base types convert into each other; integers become floats. */
static int
convert(struct rp_run *r, xmlNodePtr n, const struct rp_decl *d,
    struct rp_value *v)
{
	size_t i;

	if (v->n == 0 || v->type == d->type || d->card == QTI_CARD_RECORD)
		return (0);
	for (i = 0; i < v->n; i++) {
		if (v->type == QTI_BT_INTEGER && d->type == QTI_BT_FLOAT)
			v->v[i].f = (double)v->v[i].i;
		else if (v->type == QTI_BT_FLOAT && d->type == QTI_BT_INTEGER) {
			if (v->v[i].f != trunc(v->v[i].f) ||
			    fabs(v->v[i].f) > 9e15) {
				problems_add(r->notes, "%s is an integer but"
				    " was set to %g; kept as a float",
				    d->identifier, v->v[i].f);
				return (0);
			}
			v->v[i].i = (int64_t)v->v[i].f;
		} else if ((v->type == QTI_BT_STRING ||
		    v->type == QTI_BT_IDENTIFIER) &&
		    (d->type == QTI_BT_STRING ||
		    d->type == QTI_BT_IDENTIFIER))
			continue;
		else
			return (rp_fail(r, n, "'%s' is %s, not %s",
			    d->identifier, qti_base_type_name(d->type),
			    qti_base_type_name(v->type)));
	}
	for (i = 0; i < v->n; i++)
		v->v[i].type = d->type;
	v->type = d->type;
	return (0);
}

static int
set_outcome(struct rp_run *r, xmlNodePtr n)
{
	char *id = rp_attr(n, "identifier");
	struct rp_var *var = rp_var_find(r, id);
	struct rp_value v;
	enum qti_cardinality dc = var->decl->card;

	free(id);
	if (rp_eval(r, rp_first_element(n), &v) == -1)
		return (-1);
	/* A single value goes into a container as its only value. */
	if (v.card == QTI_CARD_SINGLE && dc != QTI_CARD_SINGLE &&
	    dc != QTI_CARD_RECORD)
		v.card = dc;
	if (v.card != dc && !(v.card == QTI_CARD_ORDERED &&
	    dc == QTI_CARD_MULTIPLE) && v.n > 0) {
		rp_value_free(&v);
		return (rp_fail(r, n, "'%s' is %s, not %s",
		    var->decl->identifier, qti_cardinality_name(dc),
		    qti_cardinality_name(v.card)));
	}
	v.card = dc;
	if (v.n == 0 && dc != QTI_CARD_RECORD)
		v.type = var->decl->type;
	if (convert(r, n, var->decl, &v) == -1) {
		rp_value_free(&v);
		return (-1);
	}
	rp_value_free(&var->value);
	rp_value_move(&var->value, &v);
	return (0);
}

/* The condition of a branch: NULL counts as false. */
static int
condition_true(struct rp_run *r, xmlNodePtr branch, int *yes)
{
	xmlNodePtr c = rp_first_element(branch);
	struct rp_value v;

	if (rp_eval(r, c, &v) == -1)
		return (-1);
	if (v.card != QTI_CARD_SINGLE || (v.type != QTI_BT_BOOLEAN &&
	    v.type != QTI_BT_NONE)) {
		rp_value_free(&v);
		return (rp_fail(r, c, "a condition must be a single"
		    " boolean"));
	}
	*yes = v.n == 1 && v.v[0].i;
	rp_value_free(&v);
	return (0);
}

static int
condition_run(struct rp_run *r, xmlNodePtr n)
{
	xmlNodePtr b;
	int yes = 0;

	for (b = rp_first_element(n); b != NULL; b = rp_next_element(b)) {
		if (rp_is(b, "responseElse"))
			return (rules_run(r, rp_first_element(b)));
		if (condition_true(r, b, &yes) == -1)
			return (-1);
		if (yes)
			return (rules_run(r,
			    rp_next_element(rp_first_element(b))));
	}
	return (0);
}

/* Run the rules from n on, until one fails or exitResponse. */
static int
rules_run(struct rp_run *r, xmlNodePtr n)
{
	int rc = 0;

	for (; n != NULL && rc == 0 && !r->exited; n = rp_next_element(n)) {
		if (rp_is(n, "responseCondition"))
			rc = condition_run(r, n);
		else if (rp_is(n, "setOutcomeValue"))
			rc = set_outcome(r, n);
		else if (rp_is(n, "responseProcessingFragment"))
			rc = rules_run(r, rp_first_element(n));
		else if (rp_is(n, "exitResponse"))
			r->exited = 1;
	}
	return (rc);
}

/* A response read from the text of a result file. */
static void
response_set(struct rp_run *r, struct rp_var *var,
    const struct rp_response *resp)
{
	const struct rp_decl *d = var->decl;
	struct rp_atom a;
	size_t i;

	if (d->card == QTI_CARD_RECORD) {
		problems_add(r->notes, "%s: record responses cannot be read"
		    " from a result; taken as NULL", d->identifier);
		return;
	}
	if (d->card == QTI_CARD_SINGLE && resp->nvalues > 1)
		problems_add(r->notes, "%s: %zu values for a single response;"
		    " the first is used", d->identifier, resp->nvalues);
	for (i = 0; i < resp->nvalues; i++) {
		if (d->card == QTI_CARD_SINGLE && var->value.n == 1)
			break;
		if (rp_atom_parse(&a, d->type, resp->values[i]) == -1) {
			problems_add(r->notes, "%s: '%s' is not a valid %s;"
			    " left out", d->identifier, resp->values[i],
			    qti_base_type_name(d->type));
			continue;
		}
		if (d->type == QTI_BT_STRING && a.s[0] == '\0' &&
		    d->card == QTI_CARD_SINGLE) {
			rp_atom_free(&a);
			continue;
		}
		rp_value_push(&var->value, &a);
		rp_atom_free(&a);
	}
}

/* Outcomes start at their default; single numbers without one at 0. */
static void
var_init(struct rp_var *var)
{
	const struct rp_decl *d = var->decl;

	rp_value_copy(&var->value, &d->default_value);
	var->value.card = d->card;
	var->value.type = d->type;
	if (d->kind == RP_VAR_RESPONSE && d->default_value.n == 0)
		return;
	if (var->value.n == 0 && d->kind == RP_VAR_OUTCOME &&
	    d->card == QTI_CARD_SINGLE) {
		if (d->type == QTI_BT_INTEGER)
			rp_value_integer(&var->value, 0);
		else if (d->type == QTI_BT_FLOAT)
			rp_value_float(&var->value, 0);
	}
}

static void
run_init(struct rp_run *r, const struct rp_item *item,
    const struct rp_response *resp, size_t nresp, struct problems *notes)
{
	struct rp_var *var;
	size_t i;

	memset(r, 0, sizeof *r);
	r->item = item;
	r->notes = notes;
	r->vars = xcalloc(item->ndecls + 1, sizeof *r->vars);
	for (i = 0; i < item->ndecls; i++) {
		r->vars[i].decl = &item->decls[i];
		var_init(&r->vars[i]);
	}
	r->nvars = item->ndecls;
	for (i = 0; i < nresp; i++) {
		var = rp_var_find(r, resp[i].identifier);
		if (var == NULL || var->decl->kind != RP_VAR_RESPONSE) {
			problems_add(notes, "%s: no such response in the"
			    " item; ignored", resp[i].identifier);
			continue;
		}
		rp_value_free(&var->value);
		rp_value_null(&var->value, var->decl->card, var->decl->type);
		response_set(r, var, &resp[i]);
	}
}

static void
run_free(struct rp_run *r)
{
	size_t i;

	for (i = 0; i < r->nvars; i++)
		rp_value_free(&r->vars[i].value);
	free(r->vars);
}

static int
builtin(const char *id)
{
	return (strcmp(id, "numAttempts") == 0 || strcmp(id, "duration") == 0 ||
	    strcmp(id, "completionStatus") == 0);
}

static void
max_score(const struct rp_item *item, struct rp_result *res)
{
	const struct rp_decl *score = rp_decl_find(item, "SCORE");
	const struct rp_decl *resp = rp_decl_find(item, "RESPONSE");

	if (rp_value_number(rp_result_outcome(res, "MAXSCORE"),
	    &res->max_score) == 0)
		res->max_source = "MAXSCORE";
	else if (score != NULL && score->has_normal_max) {
		res->max_score = score->normal_max;
		res->max_source = "normalMaximum";
	} else if (item->kind == RP_MATCH_CORRECT) {
		res->max_score = 1;
		res->max_source = "correct";
	} else if (item->kind == RP_MAP_RESPONSE && resp != NULL &&
	    resp->mapping != NULL &&
	    rp_mapping_max(resp->mapping, resp, &res->max_score) == 0)
		res->max_source = "mapping";
	else if (item->kind == RP_MAP_RESPONSE_POINT && resp != NULL &&
	    resp->area_mapping != NULL &&
	    rp_area_mapping_max(resp->area_mapping, resp,
	    &res->max_score) == 0)
		res->max_source = "areaMapping";
	res->has_max = res->max_source != NULL;
}

static void
result_fill(const struct rp_run *r, struct rp_result *res)
{
	const struct rp_decl *d;
	struct rp_outcome *o;
	size_t i;

	for (i = 0; i < r->nvars; i++) {
		d = r->vars[i].decl;
		if (d->kind != RP_VAR_OUTCOME || builtin(d->identifier))
			continue;
		res->outcomes = xrealloc(res->outcomes, (res->noutcomes + 1) *
		    sizeof *res->outcomes);
		o = &res->outcomes[res->noutcomes++];
		o->identifier = xstrdup(d->identifier);
		rp_value_copy(&o->value, &r->vars[i].value);
	}
	if (r->item->kind != RP_NONE)
		res->scored = rp_value_number(rp_result_outcome(res, "SCORE"),
		    &res->score) == 0;
	max_score(r->item, res);
	if (res->scored && res->has_max && res->score > res->max_score)
		problems_add(&res->notes, "SCORE %g is above the maximum %g"
		    " (from %s)", res->score, res->max_score, res->max_source);
}

int
rp_item_run(const struct rp_item *item, const struct rp_response *resp,
    size_t nresp, struct rp_result *res, char *err)
{
	struct rp_run r;
	int rc = 0;

	memset(res, 0, sizeof *res);
	run_init(&r, item, resp, nresp, &res->notes);
	r.err = err;
	if (item->rules != NULL)
		rc = rules_run(&r, rp_first_element(item->rules));
	if (rc == 0)
		result_fill(&r, res);
	else
		rp_result_free(res);
	run_free(&r);
	return (rc);
}

void
rp_result_free(struct rp_result *res)
{
	size_t i;

	for (i = 0; i < res->noutcomes; i++) {
		free(res->outcomes[i].identifier);
		rp_value_free(&res->outcomes[i].value);
	}
	free(res->outcomes);
	problems_free(&res->notes);
	memset(res, 0, sizeof *res);
}

const struct rp_value *
rp_result_outcome(const struct rp_result *res, const char *identifier)
{
	size_t i;

	for (i = 0; i < res->noutcomes; i++)
		if (strcmp(res->outcomes[i].identifier, identifier) == 0)
			return (&res->outcomes[i].value);
	return (NULL);
}
