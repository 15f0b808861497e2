/*
 * examstick report: the results analysis of a test as text: how many
 * attempts, their mean, spread and distribution, the pass rate, and each
 * item's facility and discrimination.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "marking.h"

static void
report_usage(FILE *f)
{
	fprintf(f, "usage: examstick report --items PACKAGE [--pass-mark MARK]"
	    "\n"
	    "           [--bundle FILE]... [--centre-key KEY] [RESULT...]\n"
	    "\n"
	    "Mark result files as examstick mark does and print the results"
	    " analysis of\n"
	    "the test: attempts, mean, standard deviation, median, range,"
	    " the score\n"
	    "distribution by tenths of the maximum, the pass rate, and for"
	    " each item its\n"
	    "facility and discrimination.\n"
	    "\n"
	    "  -i, --items PACKAGE    the QTI package the test was packed"
	    " from\n"
	    "  -p, --pass-mark MARK   a score (30) or a percent of the"
	    " maximum (60%%)\n"
	    ES_BUNDLE_HELP
	    "  -h, --help             print this help\n"
	    "\n"
	    "Exit status: 0 every attempt was marked, 1 a result or an item"
	    " could not\nbe marked, 2 usage error or the items cannot be"
	    " read.\n");
}

static void
print_totals(const struct mark_key *key, const struct mark_stats *st,
    const struct mark_pass *pass)
{
	char *test = es_clean(key->test), *title = es_clean(key->title);
	char a[32], c[32], d[32];

	es_number(st->max_total, a);
	printf("Test %s \"%s\": %zu attempt%s, %zu item%s, maximum %s\n",
	    test, title, st->nattempts, st->nattempts == 1 ? "" : "s",
	    st->nitems, st->nitems == 1 ? "" : "s",
	    st->max_known ? a : "unknown (an item has no maximum)");
	if (st->nincomplete > 0)
		printf("%zu attempt%s have items not scored automatically;"
		    " their totals leave those items out.\n", st->nincomplete,
		    st->nincomplete == 1 ? "" : "s");
	es_number(st->median, c);
	printf("Total: mean %.2f", st->mean);
	if (st->max_known && st->max_total > 0)
		printf(" (%.1f%%)", st->mean / st->max_total * 100);
	es_number(st->min, a);
	es_number(st->max, d);
	printf(", standard deviation %.2f, median %s, lowest %s, highest"
	    " %s\n", st->sd, c, a, d);
	if (pass->set)
		printf("Pass mark %g%s: %zu of %zu decided attempts passed",
		    pass->value, pass->percent ? "%" : "", st->npassed,
		    st->ndecided);
	if (pass->set && st->ndecided > 0)
		printf(", pass rate %.1f%%", 100.0 * (double)st->npassed /
		    (double)st->ndecided);
	if (pass->set && st->ndecided < st->nattempts)
		printf("; %zu undecided (items not scored, or a maximum"
		    " unknown)", st->nattempts - st->ndecided);
	if (pass->set)
		putchar('\n');
	free(test);
	free(title);
}

static void
print_distribution(const struct mark_stats *st)
{
	size_t i, k, top = 0;

	if (!st->max_known || st->max_total <= 0)
		return;
	for (i = 0; i < 10; i++)
		if (st->bins[i] > top)
			top = st->bins[i];
	printf("\nScore distribution (percent of the maximum)\n");
	for (i = 0; i < 10; i++) {
		if (i < 9)
			printf("  %3zu-%2zu%%  %5zu  ", i * 10, i * 10 + 9,
			    st->bins[i]);
		else
			printf("  %3zu-100%% %5zu  ", i * 10, st->bins[i]);
		/* Bars scaled to at most 50 columns. */
		for (k = 0; top > 0 && k < (st->bins[i] * 50 + top - 1) / top;
		    k++)
			putchar('#');
		putchar('\n');
	}
}

/* Two decimals, or "-" when there is no value. */
static void
fixed2(int has, double v, char out[16])
{
	if (has)
		snprintf(out, 16, "%.2f", v);
	else
		snprintf(out, 16, "-");
}

static void
print_items(const struct mark_key *key, const struct mark_stats *st)
{
	const struct mark_item_stats *is;
	char f[16], d[16], r[16];
	size_t i;

	printf("\nItems: facility is the mean score as a fraction of the"
	    " maximum.  D is the\n"
	    "upper-lower discrimination index: the facility in the top 27%%"
	    " of attempts\n"
	    "by total (%zu attempt%s) minus the facility in the bottom 27%%."
	    "  r is the\n"
	    "item-rest correlation (point-biserial for items scored 0 or"
	    " 1).\n", st->group, st->group == 1 ? "" : "s");
	printf("  %-20s %8s %9s %7s %7s\n", "item", "scored", "facility", "D",
	    "r");
	for (i = 0; i < st->nitems; i++) {
		is = &st->items[i];
		fixed2(is->has_facility, is->facility, f);
		fixed2(is->has_discrimination, is->discrimination, d);
		fixed2(is->has_r, is->r, r);
		printf("  %-20s %8zu %9s %7s %7s\n", key->items[i].identifier,
		    is->n, f, d, r);
	}
}

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "items", required_argument, NULL, 'i' },
		{ "pass-mark", required_argument, NULL, 'p' },
		ES_BUNDLE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *items = NULL;
	struct mark_pass pass = { 0 };
	struct es_bundles bundles = { 0 };
	struct mark_stats st;
	struct es_results r;
	struct mark_score *s;
	struct mark_key *key;
	char err[ERR_LEN];
	int c, failed;

	optind = 1;
	while ((c = getopt_long(argc, argv, "i:p:b:k:h", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'b':
		case 'k':
			es_bundles_option(&bundles, c, optarg);
			break;
		case 'i':
			items = optarg;
			break;
		case 'p':
			if (mark_pass_parse(optarg, &pass, err) == -1) {
				es_warn("report: %s", err);
				return (EXIT_USAGE);
			}
			break;
		case 'h':
			report_usage(stdout);
			return (EXIT_OK);
		default:
			report_usage(stderr);
			return (EXIT_USAGE);
		}
	}
	if (items == NULL || (optind >= argc && bundles.n == 0)) {
		report_usage(stderr);
		es_bundles_free(&bundles);
		return (EXIT_USAGE);
	}
	if ((key = es_key_open(items, "report")) == NULL ||
	    es_results_load(&bundles, argc - optind, argv + optind, "report",
	    &r) == -1) {
		mark_key_free(key);
		es_bundles_free(&bundles);
		return (EXIT_USAGE);
	}
	es_bundles_free(&bundles);
	s = es_mark_all(key, &r, &pass, "report", &failed);
	if (mark_stats_compute(s, r.n, &st) == 0) {
		print_totals(key, &st, &pass);
		print_distribution(&st);
		print_items(key, &st);
		mark_stats_free(&st);
	} else {
		es_warn("report: no results could be read");
		failed = 1;
	}
	failed |= r.failed;
	es_scores_free(s, r.n);
	es_results_free(&r);
	mark_key_free(key);
	return (failed ? EXIT_REJECTED : EXIT_OK);
}
