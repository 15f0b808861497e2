/*
 * Numeric expressions of response processing: sum, product, subtract,
 * divide, integerDivide, integerModulus, round, truncate, integerToFloat,
 * max, min, the comparisons gt, gte, lt and lte, and equal with its
 * tolerance modes.
 *
 * Integers stay integers while every operand is an integer, and a float
 * operand makes the result a float.  A NULL operand makes the result NULL,
 * and so does a division by zero or an integer overflow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"
#include "rp_private.h"

/* The numbers of the operands, flattened. */
struct nums {
	double		*f;
	int64_t		*i;
	size_t		 n;
	int		 all_int;
	int		 null;
};

static void
nums_free(struct nums *x)
{
	free(x->f);
	free(x->i);
}

/*
 * Evaluate the operands as numbers.  containers: whether multiple and
 * ordered operands are allowed (sum, product, max and min take them).
 */
static int
nums_get(struct rp_run *r, xmlNodePtr n, int containers, size_t want,
    struct nums *x)
{
	struct rp_value *ops;
	size_t nops, i, k;
	int rc = 0;

	memset(x, 0, sizeof *x);
	x->all_int = 1;
	if (rp_eval_children(r, n, &ops, &nops) == -1)
		return (-1);
	if (nops == 0 || (want != 0 && nops != want))
		rc = rp_fail(r, n, "has %zu operands", nops);
	for (i = 0; i < nops && rc == 0; i++) {
		if ((ops[i].card != QTI_CARD_SINGLE && !containers) ||
		    ops[i].card == QTI_CARD_RECORD) {
			rc = rp_fail(r, n, "operand %zu is %s", i + 1,
			    qti_cardinality_name(ops[i].card));
			break;
		}
		if (!rp_is_numeric(ops[i].type) &&
		    ops[i].type != QTI_BT_NONE) {
			rc = rp_fail(r, n, "operand %zu is %s, not a number",
			    i + 1, qti_base_type_name(ops[i].type));
			break;
		}
		if (ops[i].type == QTI_BT_FLOAT)
			x->all_int = 0;
		if (ops[i].n == 0)
			x->null = 1;
		x->f = xrealloc(x->f, (x->n + ops[i].n + 1) * sizeof *x->f);
		x->i = xrealloc(x->i, (x->n + ops[i].n + 1) * sizeof *x->i);
		for (k = 0; k < ops[i].n; k++, x->n++) {
			x->i[x->n] = ops[i].v[k].i;
			x->f[x->n] = ops[i].type == QTI_BT_FLOAT ?
			    ops[i].v[k].f : (double)ops[i].v[k].i;
		}
	}
	rp_values_free(ops, nops);
	if (rc == -1)
		nums_free(x);
	return (rc);
}

static void
number_null(struct rp_value *out, int all_int)
{
	rp_value_null(out, QTI_CARD_SINGLE, all_int ? QTI_BT_INTEGER :
	    QTI_BT_FLOAT);
}

static void
float_or_null(struct rp_value *out, double f)
{
	if (isfinite(f))
		rp_value_float(out, f);
	else
		number_null(out, 0);
}

static int
ex_sum_product(struct rp_run *r, xmlNodePtr n, int product,
    struct rp_value *out)
{
	struct nums x;
	int64_t ia = product ? 1 : 0;
	double fa = product ? 1 : 0;
	size_t k;
	int overflow = 0;

	if (nums_get(r, n, 1, 0, &x) == -1)
		return (-1);
	for (k = 0; k < x.n; k++) {
		fa = product ? fa * x.f[k] : fa + x.f[k];
		if (x.all_int && (product ?
		    __builtin_mul_overflow(ia, x.i[k], &ia) :
		    __builtin_add_overflow(ia, x.i[k], &ia)))
			overflow = 1;
	}
	if (x.null || overflow)
		number_null(out, x.all_int);
	else if (x.all_int)
		rp_value_integer(out, ia);
	else
		float_or_null(out, fa);
	nums_free(&x);
	return (0);
}

static int
ex_subtract(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct nums x;
	int64_t d;

	if (nums_get(r, n, 0, 2, &x) == -1)
		return (-1);
	if (x.null)
		number_null(out, x.all_int);
	else if (!x.all_int)
		float_or_null(out, x.f[0] - x.f[1]);
	else if (__builtin_sub_overflow(x.i[0], x.i[1], &d))
		number_null(out, 1);
	else
		rp_value_integer(out, d);
	nums_free(&x);
	return (0);
}

static int
ex_divide(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct nums x;

	if (nums_get(r, n, 0, 2, &x) == -1)
		return (-1);
	if (x.null || x.f[1] == 0)
		number_null(out, 0);
	else
		float_or_null(out, x.f[0] / x.f[1]);
	nums_free(&x);
	return (0);
}

/* integerDivide rounds down (towards minus infinity), and integerModulus
 * is x - y * (x integerDivide y). */
static int
ex_integer_divide(struct rp_run *r, xmlNodePtr n, int modulus,
    struct rp_value *out)
{
	struct nums x;
	int64_t q;

	if (nums_get(r, n, 0, 2, &x) == -1)
		return (-1);
	if (!x.all_int) {
		nums_free(&x);
		return (rp_fail(r, n, "operands must be integers"));
	}
	if (x.null || x.i[1] == 0 || (x.i[0] == INT64_MIN && x.i[1] == -1))
		number_null(out, 1);
	else {
		q = x.i[0] / x.i[1];
		if ((x.i[0] % x.i[1] != 0) && ((x.i[0] < 0) != (x.i[1] < 0)))
			q--;
		rp_value_integer(out, modulus ? x.i[0] - q * x.i[1] : q);
	}
	nums_free(&x);
	return (0);
}

/*
 * round gives the integer n for every value in [n - 0.5, n + 0.5), so 6.5
 * rounds to 7 and -6.5 to -6; truncate drops the fraction.
 */
static int
ex_round(struct rp_run *r, xmlNodePtr n, int truncate_it,
    struct rp_value *out)
{
	struct nums x;
	double v;

	if (nums_get(r, n, 0, 1, &x) == -1)
		return (-1);
	if (x.null)
		v = NAN;
	else if (truncate_it)
		v = trunc(x.f[0]);
	else
		v = floor(x.f[0] + 0.5);
	if (x.all_int && !x.null)
		rp_value_integer(out, x.i[0]);
	else if (!isfinite(v) || v < -9.2e18 || v > 9.2e18)
		number_null(out, 1);
	else
		rp_value_integer(out, (int64_t)v);
	nums_free(&x);
	return (0);
}

static int
ex_integer_to_float(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	struct nums x;

	if (nums_get(r, n, 0, 1, &x) == -1)
		return (-1);
	if (!x.all_int) {
		nums_free(&x);
		return (rp_fail(r, n, "the operand is not an integer"));
	}
	if (x.null)
		number_null(out, 0);
	else
		rp_value_float(out, (double)x.i[0]);
	nums_free(&x);
	return (0);
}

static int
ex_max_min(struct rp_run *r, xmlNodePtr n, int want_max,
    struct rp_value *out)
{
	struct nums x;
	size_t k, best = 0;

	if (nums_get(r, n, 1, 0, &x) == -1)
		return (-1);
	for (k = 1; k < x.n; k++)
		if (want_max ? x.f[k] > x.f[best] : x.f[k] < x.f[best])
			best = k;
	if (x.null || x.n == 0)
		number_null(out, x.all_int);
	else if (x.all_int)
		rp_value_integer(out, x.i[best]);
	else
		float_or_null(out, x.f[best]);
	nums_free(&x);
	return (0);
}

enum cmp { CMP_GT, CMP_GTE, CMP_LT, CMP_LTE };

static int
ex_compare(struct rp_run *r, xmlNodePtr n, enum cmp op, struct rp_value *out)
{
	struct nums x;
	double a, b;
	int v;

	if (nums_get(r, n, 0, 2, &x) == -1)
		return (-1);
	if (x.null) {
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
		nums_free(&x);
		return (0);
	}
	a = x.f[0], b = x.f[1];
	if (x.all_int)
		v = op == CMP_GT ? x.i[0] > x.i[1] : op == CMP_GTE ?
		    x.i[0] >= x.i[1] : op == CMP_LT ? x.i[0] < x.i[1] :
		    x.i[0] <= x.i[1];
	else
		v = op == CMP_GT ? a > b : op == CMP_GTE ? a >= b :
		    op == CMP_LT ? a < b : a <= b;
	rp_value_boolean(out, v);
	nums_free(&x);
	return (0);
}

/* "t0" or "t0 t1", each a number or a {VARIABLE}. */
static int
tolerance_get(struct rp_run *r, xmlNodePtr n, double t[2])
{
	char *text = rp_attr(n, "tolerance"), *tok, *save = NULL, *s;
	struct rp_var *var;
	size_t k = 0;
	int rc = 0;

	if (text == NULL)
		return (rp_fail(r, n, "the tolerance attribute is missing"));
	for (tok = strtok_r(text, " \t\n", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " \t\n", &save), k++) {
		if (k == 2)
			rc = rp_fail(r, n, "tolerance has more than two"
			    " values");
		else if (tok[0] == '{' && (s = strchr(tok, '}')) != NULL) {
			*s = '\0';
			var = rp_var_find(r, tok + 1);
			if (var == NULL || rp_value_number(&var->value,
			    &t[k]) == -1)
				rc = rp_fail(r, n, "tolerance '%s' is not a"
				    " number", tok + 1);
		} else if (rp_parse_float(tok, &t[k]) == -1 || t[k] < 0)
			rc = rp_fail(r, n, "tolerance '%s' is not a"
			    " non-negative number", tok);
	}
	if (rc == 0 && k == 0)
		rc = rp_fail(r, n, "the tolerance attribute is empty");
	if (k == 1)
		t[1] = t[0];
	free(text);
	return (rc);
}

/*
 * equal.  exact: x = y.  absolute: y lies in [x - t0, x + t1].
 * relative: y lies in [x * (1 - t0 / 100), x * (1 + t1 / 100)].
 * includeLowerBound and includeUpperBound (both true by default) tell
 * whether the ends of the range count.
 */
static int
ex_equal(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	char *mode = rp_attr(n, "toleranceMode");
	int lo_in = qti_attr_bool(n, "includeLowerBound", 1);
	int hi_in = qti_attr_bool(n, "includeUpperBound", 1);
	double t[2] = { 0, 0 }, lo, hi, x0, y;
	struct nums x;
	int rel = 0, rc = 0;

	if (mode != NULL && strcmp(mode, "exact") != 0) {
		rel = strcmp(mode, "relative") == 0;
		if (!rel && strcmp(mode, "absolute") != 0)
			rc = rp_fail(r, n, "unknown toleranceMode '%s'", mode);
		else
			rc = tolerance_get(r, n, t);
	}
	free(mode);
	if (rc == -1 || nums_get(r, n, 0, 2, &x) == -1)
		return (-1);
	if (x.null) {
		rp_value_null(out, QTI_CARD_SINGLE, QTI_BT_BOOLEAN);
		nums_free(&x);
		return (0);
	}
	x0 = x.f[0], y = x.f[1];
	lo = rel ? x0 * (1 - t[0] / 100) : x0 - t[0];
	hi = rel ? x0 * (1 + t[1] / 100) : x0 + t[1];
	if (lo > hi) {
		double swap = lo;

		lo = hi, hi = swap;
	}
	if (x.all_int && t[0] == 0 && t[1] == 0)
		rp_value_boolean(out, x.i[0] == x.i[1]);
	else
		rp_value_boolean(out, (lo_in ? y >= lo : y > lo) &&
		    (hi_in ? y <= hi : y < hi));
	nums_free(&x);
	return (0);
}

static const char *const math_names[] = {
	"sum", "product", "subtract", "divide", "integerDivide",
	"integerModulus", "round", "truncate", "integerToFloat", "max",
	"min", "gt", "gte", "lt", "lte", "equal", NULL
};

int
rp_is_math(const char *name)
{
	size_t i;

	for (i = 0; math_names[i] != NULL; i++)
		if (strcmp(name, math_names[i]) == 0)
			return (1);
	return (0);
}

int
rp_eval_math(struct rp_run *r, xmlNodePtr n, struct rp_value *out)
{
	const char *name = (const char *)n->name;

	if (strcmp(name, "sum") == 0 || strcmp(name, "product") == 0)
		return (ex_sum_product(r, n, name[0] == 'p', out));
	if (strcmp(name, "subtract") == 0)
		return (ex_subtract(r, n, out));
	if (strcmp(name, "divide") == 0)
		return (ex_divide(r, n, out));
	if (strcmp(name, "integerDivide") == 0 ||
	    strcmp(name, "integerModulus") == 0)
		return (ex_integer_divide(r, n, name[7] == 'M', out));
	if (strcmp(name, "round") == 0 || strcmp(name, "truncate") == 0)
		return (ex_round(r, n, name[0] == 't', out));
	if (strcmp(name, "integerToFloat") == 0)
		return (ex_integer_to_float(r, n, out));
	if (strcmp(name, "max") == 0 || strcmp(name, "min") == 0)
		return (ex_max_min(r, n, name[1] == 'a', out));
	if (strcmp(name, "equal") == 0)
		return (ex_equal(r, n, out));
	if (strcmp(name, "gt") == 0)
		return (ex_compare(r, n, CMP_GT, out));
	if (strcmp(name, "gte") == 0)
		return (ex_compare(r, n, CMP_GTE, out));
	if (strcmp(name, "lt") == 0)
		return (ex_compare(r, n, CMP_LT, out));
	return (ex_compare(r, n, CMP_LTE, out));
}
