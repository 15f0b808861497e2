/*
 * Results analysis of a set of marked attempts: mean, spread and
 * distribution of the totals, the pass rate, and for each item its
 * facility and two discrimination indices.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mark.h"

/* Attempts by total, highest first; ties keep their order. */
struct ranked {
	size_t	index;
	double	total;
};

static int
ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->total != b->total)
		return (a->total < b->total ? 1 : -1);
	return (a->index < b->index ? -1 : a->index > b->index);
}

static int
double_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a < b ? -1 : a > b);
}

static void
totals_stats(const struct mark_score *s, size_t n, struct mark_stats *st)
{
	double *t = xcalloc(n + 1, sizeof *t), sum = 0, sq = 0, pct;
	size_t i, bin;

	st->max_known = 1;
	for (i = 0; i < n; i++) {
		t[i] = s[i].total;
		sum += t[i];
		if (!s[i].max_known)
			st->max_known = 0;
		if (s[i].max_total > st->max_total)
			st->max_total = s[i].max_total;
		if (s[i].passed >= 0)
			st->ndecided++;
		if (s[i].passed == 1)
			st->npassed++;
		if (!s[i].complete)
			st->nincomplete++;
	}
	st->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		sq += (t[i] - st->mean) * (t[i] - st->mean);
	st->sd = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
	qsort(t, n, sizeof *t, double_cmp);
	st->min = t[0];
	st->max = t[n - 1];
	st->median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	for (i = 0; i < n && st->max_known && st->max_total > 0; i++) {
		pct = s[i].total / st->max_total * 100;
		bin = pct <= 0 ? 0 : (size_t)(pct / 10);
		st->bins[bin > 9 ? 9 : bin]++;
	}
	free(t);
}

/* The item's score as a fraction of its maximum, or -1 when unscored. */
static double
fraction(const struct mark_item *m)
{
	if (m->status != MARK_SCORED || !m->has_max || m->max <= 0)
		return (-1);
	return (m->score / m->max);
}

static void
facility(const struct mark_score *s, size_t n, size_t k,
    struct mark_item_stats *is)
{
	double sum = 0, f;
	size_t i;

	for (i = 0; i < n; i++)
		if ((f = fraction(&s[i].items[k])) >= 0) {
			sum += f;
			is->n++;
		}
	if (is->n > 0) {
		is->facility = sum / (double)is->n;
		is->has_facility = 1;
	}
}

/* Mean fraction of item k over ranked attempts [from, to). */
static int
group_mean(const struct mark_score *s, const struct ranked *r, size_t from,
    size_t to, size_t k, double *out)
{
	double sum = 0, f;
	size_t i, m = 0;

	for (i = from; i < to; i++)
		if ((f = fraction(&s[r[i].index].items[k])) >= 0) {
			sum += f;
			m++;
		}
	if (m == 0)
		return (-1);
	*out = sum / (double)m;
	return (0);
}

/* The correlation of the item's score with the rest of the total. */
static void
item_rest(const struct mark_score *s, size_t n, size_t k,
    struct mark_item_stats *is)
{
	double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, x, y, m = 0, vx, vy;
	size_t i;

	for (i = 0; i < n; i++) {
		if (fraction(&s[i].items[k]) < 0)
			continue;
		x = s[i].items[k].score;
		y = s[i].total - x;
		sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
		m++;
	}
	if (m < 2)
		return;
	vx = sxx - sx * sx / m;
	vy = syy - sy * sy / m;
	if (vx <= 1e-12 || vy <= 1e-12)
		return;
	is->r = (sxy - sx * sy / m) / sqrt(vx * vy);
	is->has_r = 1;
}

int
mark_stats_compute(const struct mark_score *s, size_t n,
    struct mark_stats *st)
{
	struct ranked *r;
	double hi, lo;
	size_t i, k;

	memset(st, 0, sizeof *st);
	if (n == 0)
		return (-1);
	st->nattempts = n;
	totals_stats(s, n, st);
	r = xcalloc(n, sizeof *r);
	for (i = 0; i < n; i++) {
		r[i].index = i;
		r[i].total = s[i].total;
	}
	qsort(r, n, sizeof *r, ranked_cmp);
	st->group = (size_t)floor(0.27 * (double)n + 0.5);
	if (st->group > n / 2)
		st->group = n / 2;
	st->nitems = s[0].nitems;
	st->items = xcalloc(st->nitems + 1, sizeof *st->items);
	for (k = 0; k < st->nitems; k++) {
		facility(s, n, k, &st->items[k]);
		item_rest(s, n, k, &st->items[k]);
		if (st->group > 0 &&
		    group_mean(s, r, 0, st->group, k, &hi) == 0 &&
		    group_mean(s, r, n - st->group, n, k, &lo) == 0) {
			st->items[k].discrimination = hi - lo;
			st->items[k].has_discrimination = 1;
		}
	}
	free(r);
	return (0);
}

void
mark_stats_free(struct mark_stats *st)
{
	free(st->items);
	memset(st, 0, sizeof *st);
}
