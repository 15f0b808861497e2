/*
 * examstick fees: the fee ledger of a set of results as CSV, one line per
 * test taken, priced from a fee list with retakes marked, or with
 * --totals the total per centre.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "fees.h"
#include "marking.h"

static void
fees_usage(FILE *f)
{
	fprintf(f, "usage: examstick fees --fees FILE [--totals]"
	    " [--bundle FILE]...\n"
	    "           [--centre-key KEY] [RESULT...]\n"
	    "\n"
	    "Print the fee ledger of result files as CSV: a line for each"
	    " test taken\n"
	    "(centre, candidate, test, attempt, date, fee, retake), priced"
	    " from the fee\n"
	    "list.  An attempt after the first is a retake and costs the"
	    " retake fee.\n"
	    "Each attempt is charged once, however many copies of its result"
	    " are given.\n"
	    "\n"
	    "  -f, --fees FILE  the fee list: CSV with the columns test, fee"
	    " and\n"
	    "                   optionally retake_fee (see"
	    " config/fees.csv)\n"
	    "  -t, --totals     print the number of tests, retakes and the"
	    " amount for\n"
	    "                   each centre instead\n"
	    ES_BUNDLE_HELP
	    "  -h, --help       print this help\n"
	    "\n"
	    "Exit status: 0 every result was charged, 1 a result could not be"
	    " read or\nits test has no fee, 2 usage error or the fee list"
	    " cannot be read.\n");
}

static void
print_ledger(const struct fee_ledger *g)
{
	const struct fee_line *ln;
	char amount[32];
	size_t i;

	printf("centre,candidate,test,attempt,attempt_number,date,fee,"
	    "retake\n");
	for (i = 0; i < g->n; i++) {
		ln = &g->lines[i];
		fees_csv_field(stdout, ln->centre);
		putchar(',');
		fees_csv_field(stdout, ln->candidate);
		putchar(',');
		fees_csv_field(stdout, ln->test);
		putchar(',');
		fees_csv_field(stdout, ln->id);
		fees_amount_format(ln->fee, amount);
		printf(",%d,%s,%s,%s\n", ln->attempt, ln->date, amount,
		    ln->retake ? "yes" : "no");
	}
}

static void
print_totals(const struct fee_ledger *g)
{
	char amount[32];
	size_t i;

	printf("centre,tests,retakes,amount\n");
	for (i = 0; i < g->ntotals; i++) {
		fees_csv_field(stdout, g->totals[i].centre);
		fees_amount_format(g->totals[i].amount, amount);
		printf(",%zu,%zu,%s\n", g->totals[i].tests,
		    g->totals[i].retakes, amount);
	}
}

static int
ledger_fill(struct fee_ledger *g, const struct fee_list *l,
    const struct es_results *r)
{
	const struct mark_attempt *a;
	char err[ERR_LEN], *id;
	size_t i;
	int failed = 0;

	for (i = 0; i < r->n; i++) {
		a = &r->v[i];
		if (fees_ledger_add(g, l, a->id, a->centre, a->candidate,
		    a->test, a->number, a->start, err) == -1) {
			id = es_clean(a->id);
			es_warn("fees: %s: %s", id, err);
			free(id);
			failed = 1;
		}
	}
	return (failed);
}

int
cmd_fees(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fees", required_argument, NULL, 'f' },
		{ "totals", no_argument, NULL, 't' },
		ES_BUNDLE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fee_path = NULL;
	struct es_bundles bundles = { 0 };
	struct fee_ledger g = { 0 };
	struct fee_list l;
	struct es_results r;
	char err[ERR_LEN];
	int c, totals = 0, failed;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:tb:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
		case 'k':
			es_bundles_option(&bundles, c, optarg);
			break;
		case 'f':
			fee_path = optarg;
			break;
		case 't':
			totals = 1;
			break;
		case 'h':
			fees_usage(stdout);
			return (EXIT_OK);
		default:
			fees_usage(stderr);
			return (EXIT_USAGE);
		}
	}
	if (fee_path == NULL || (optind >= argc && bundles.n == 0)) {
		fees_usage(stderr);
		es_bundles_free(&bundles);
		return (EXIT_USAGE);
	}
	if (fees_load(&l, fee_path, err) == -1) {
		es_warn("fees: %s", err);
		es_bundles_free(&bundles);
		return (EXIT_USAGE);
	}
	if (es_results_load(&bundles, argc - optind, argv + optind, "fees",
	    &r) == -1) {
		fees_free(&l);
		es_bundles_free(&bundles);
		return (EXIT_USAGE);
	}
	es_bundles_free(&bundles);
	failed = ledger_fill(&g, &l, &r) | r.failed;
	fees_ledger_sort(&g);
	if (totals)
		print_totals(&g);
	else
		print_ledger(&g);
	fees_ledger_free(&g);
	es_results_free(&r);
	fees_free(&l);
	return (failed ? EXIT_REJECTED : EXIT_OK);
}
