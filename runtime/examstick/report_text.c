/*
 * The figures of examstick report and its text form: the results of
 * each attempt with its score by section or category, then the results
 * analysis of the test.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlstring.h>

#include "report.h"

void
report_score(double v, char out[32])
{
	es_number(v, out);
}

void
report_fixed2(int has, double v, char out[32])
{
	/* Values that round to zero print as 0.00, never -0.00. */
	if (has)
		snprintf(out, 32, "%.2f", fabs(v) < 0.005 ? 0 : v);
	else
		snprintf(out, 32, "-");
}

void
report_percent(int max_known, double score, double max, char out[32])
{
	if (max_known && max > 0)
		snprintf(out, 32, "%.1f%%", score / max * 100);
	else
		snprintf(out, 32, "-");
}

void
report_pass_mark(const struct mark_pass *pass, char out[32])
{
	snprintf(out, 32, "%g%s", pass->value, pass->percent ? "%" : "");
}

void
report_bin_label(size_t i, char out[16])
{
	if (i < 9)
		snprintf(out, 16, "%zu-%zu%%", i * 10, i * 10 + 9);
	else
		snprintf(out, 16, "90-100%%");
}

const char *
report_group_kind(const struct mark_key *key)
{
	switch (key->group_kind) {
	case MARK_GROUP_SECTION:
		return ("section");
	case MARK_GROUP_CATEGORY:
		return ("category");
	default:
		return ("");
	}
}

char *
report_xml_text(const char *s)
{
	char *out = es_clean(s), *p;

	if (xmlCheckUTF8((const unsigned char *)out))
		return (out);
	for (p = out; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	return (out);
}

const struct report_group *
report_group(const struct report *rep, size_t attempt, size_t group)
{
	return (&rep->groups[attempt * rep->key->ngroups + group]);
}

/* Add each item's score and maximum to its group. */
static void
groups_add(struct report *rep, size_t a)
{
	const struct mark_item *m;
	struct report_group *g;
	size_t i, ng = rep->key->ngroups;

	for (i = 0; i < ng; i++) {
		rep->groups[a * ng + i].complete = 1;
		rep->groups[a * ng + i].max_known = 1;
	}
	for (i = 0; i < rep->s[a].nitems && i < rep->key->nitems; i++) {
		m = &rep->s[a].items[i];
		g = &rep->groups[a * ng + rep->key->items[i].group];
		if (m->status == MARK_SCORED)
			g->score += m->score;
		else
			g->complete = 0;
		if (m->has_max)
			g->max += m->max;
		else
			g->max_known = 0;
	}
}

int
report_build(struct report *rep, const struct mark_key *key,
    const struct es_results *r, const struct mark_score *s,
    const struct mark_pass *pass)
{
	size_t a;

	memset(rep, 0, sizeof *rep);
	rep->key = key;
	rep->r = r;
	rep->s = s;
	rep->pass = pass;
	if (mark_stats_compute(s, r->n, &rep->st) == -1)
		return (-1);
	rep->groups = xcalloc(r->n * key->ngroups + 1, sizeof *rep->groups);
	if (key->ngroups > 0)
		for (a = 0; a < r->n; a++)
			groups_add(rep, a);
	return (0);
}

void
report_free(struct report *rep)
{
	mark_stats_free(&rep->st);
	free(rep->groups);
	memset(rep, 0, sizeof *rep);
}

static void
print_group(const struct report *rep, size_t a, size_t g, FILE *f)
{
	const struct report_group *rg = report_group(rep, a, g);
	char *name = es_clean(rep->key->groups[g]), sc[32], mx[32], pc[32];

	report_score(rg->score, sc);
	report_score(rg->max, mx);
	report_percent(rg->max_known, rg->score, rg->max, pc);
	fprintf(f, "  %s \"%s\": %s of %s, %s%s\n", report_group_kind(rep->key),
	    name, sc, rg->max_known ? mx : "-", pc, rg->complete ? "" :
	    ", items not scored automatically");
	free(name);
}

/*
 * Print the total line of an attempt with an item that has no maximum
 * score, naming the first such item.  A percent pass mark then decides
 * neither pass nor fail.
 */
static void
print_total_max_unknown(const struct report *rep, const struct mark_score *s,
    const char *score, const char *verdict, FILE *f)
{
	const char *item = "?";
	char *name;
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		if (!s->items[i].has_max) {
			item = s->items[i].identifier;
			break;
		}
	}
	name = es_clean(item);
	if (s->passed == -1 && s->complete && rep->pass->set)
		fprintf(f, "  total: %s, maximum unknown (item %s has none),"
		    " so no pass or fail\n", score, name);
	else
		fprintf(f, "  total: %s, maximum unknown (item %s has"
		    " none)%s%s\n", score, name, *verdict != '\0' ? ", " : "",
		    verdict);
	free(name);
}

static void
print_attempt(const struct report *rep, size_t a, FILE *f)
{
	const struct mark_attempt *at = &rep->r->v[a];
	const struct mark_score *s = &rep->s[a];
	char *id = es_clean(at->id), *cand = es_clean(at->candidate);
	char *name = es_clean(at->name), *centre = es_clean(at->centre);
	char sc[32], mx[32], pc[32];
	const char *v = es_verdict(s, rep->pass);
	size_t g;

	report_score(s->total, sc);
	report_score(s->max_total, mx);
	report_percent(s->max_known, s->total, s->max_total, pc);
	fprintf(f, "Attempt %s: candidate %s %s, centre %s, attempt %d\n", id,
	    cand, name, centre, at->number);
	if (s->max_known)
		fprintf(f, "  total: %s of %s, %s%s%s\n", sc, mx, pc,
		    *v != '\0' ? ", " : "", v);
	else
		print_total_max_unknown(rep, s, sc, v, f);
	for (g = 0; g < rep->key->ngroups; g++)
		print_group(rep, a, g, f);
	free(id);
	free(cand);
	free(name);
	free(centre);
}

static void
print_totals(const struct report *rep, FILE *f)
{
	const struct mark_stats *st = &rep->st;
	char *test = es_clean(rep->key->test);
	char *title = es_clean(rep->key->title);
	char a[32], b[32], c[32], d[32], e[32];

	report_score(st->max_total, a);
	fprintf(f, "Test %s \"%s\": %zu attempt%s, %zu item%s, maximum %s\n",
	    test, title, st->nattempts, st->nattempts == 1 ? "" : "s",
	    st->nitems, st->nitems == 1 ? "" : "s",
	    st->max_known ? a : "unknown (an item has no maximum)");
	if (st->nincomplete > 0)
		fprintf(f, "%zu attempt%s have items not scored automatically;"
		    " their totals leave those items out.\n", st->nincomplete,
		    st->nincomplete == 1 ? "" : "s");
	report_fixed2(1, st->mean, a);
	report_percent(st->max_known, st->mean, st->max_total, b);
	report_fixed2(1, st->sd, c);
	report_score(st->median, d);
	fprintf(f, "Total: mean %s", a);
	if (strcmp(b, "-") != 0)
		fprintf(f, " (%s)", b);
	fprintf(f, ", standard deviation %s, median %s,", c, d);
	report_score(st->min, a);
	report_score(st->max, e);
	fprintf(f, " lowest %s, highest %s\n", a, e);
	free(test);
	free(title);
}

static void
print_pass_rate(const struct report *rep, FILE *f)
{
	const struct mark_stats *st = &rep->st;
	char pm[32], rate[32];

	if (!rep->pass->set)
		return;
	report_pass_mark(rep->pass, pm);
	report_percent(st->ndecided > 0, (double)st->npassed,
	    (double)st->ndecided, rate);
	fprintf(f, "Pass mark %s: %zu of %zu decided attempts passed, pass"
	    " rate %s", pm, st->npassed, st->ndecided, rate);
	if (st->ndecided < st->nattempts)
		fprintf(f, "; %zu undecided (items not scored, or a maximum"
		    " unknown)", st->nattempts - st->ndecided);
	fputc('\n', f);
}

static void
print_distribution(const struct report *rep, FILE *f)
{
	const struct mark_stats *st = &rep->st;
	char label[16];
	size_t i, k, top = 0;

	if (!st->max_known || st->max_total <= 0)
		return;
	for (i = 0; i < 10; i++)
		if (st->bins[i] > top)
			top = st->bins[i];
	fprintf(f, "\nScore distribution (percent of the maximum)\n");
	for (i = 0; i < 10; i++) {
		report_bin_label(i, label);
		fprintf(f, "  %-8s %5zu  ", label, st->bins[i]);
		/* Bars scaled to at most 50 columns. */
		for (k = 0; top > 0 && k < (st->bins[i] * 50 + top - 1) / top;
		    k++)
			fputc('#', f);
		fputc('\n', f);
	}
}

static void
print_items(const struct report *rep, FILE *f)
{
	const struct mark_stats *st = &rep->st;
	const struct mark_item_stats *is;
	char fa[32], d[32], r[32];
	size_t i;

	fprintf(f, "\nItems: facility is the mean score as a fraction of the"
	    " maximum.  D is the\n"
	    "upper-lower discrimination index: the facility in the top 27%%"
	    " of attempts\n"
	    "by total (%zu attempt%s) minus the facility in the bottom 27%%."
	    "  r is the\n"
	    "item-rest correlation (point-biserial for items scored 0 or"
	    " 1).\n", st->group, st->group == 1 ? "" : "s");
	fprintf(f, "  %-20s %8s %9s %7s %7s\n", "item", "scored", "facility",
	    "D", "r");
	for (i = 0; i < st->nitems; i++) {
		is = &st->items[i];
		report_fixed2(is->has_facility, is->facility, fa);
		report_fixed2(is->has_discrimination, is->discrimination, d);
		report_fixed2(is->has_r, is->r, r);
		fprintf(f, "  %-20s %8zu %9s %7s %7s\n",
		    rep->key->items[i].identifier, is->n, fa, d, r);
	}
}

void
report_print(const struct report *rep, FILE *f)
{
	size_t a;

	print_totals(rep, f);
	print_pass_rate(rep, f);
	print_distribution(rep, f);
	print_items(rep, f);
	if (rep->key->ngroups > 0)
		fprintf(f, "\nResults by attempt, with the score by %s\n",
		    report_group_kind(rep->key));
	else
		fprintf(f, "\nResults by attempt\n");
	for (a = 0; a < rep->r->n; a++)
		print_attempt(rep, a, f);
}
