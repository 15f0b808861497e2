/*
 * examstick fees: the fee ledger of a set of results as CSV, one line per
 * test taken, priced from a fee list with retakes marked, or with
 * --totals the total per centre.
 */
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "fees.h"
#include "marking_input.h"

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
    const char *fee_path, const struct es_results *r)
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
			es_warn("fees: %s: result %s: %s", fee_path, id, err);
			free(id);
			failed = 1;
		}
	}
	return (failed);
}

/* The fee list and whether to print totals: the options of fees. */
struct fees_args {
	const char	*fee_path;
	int		 totals;
};

static int
fees_option(void *ctx, int c, const char *arg)
{
	struct fees_args *a = ctx;

	if (c == 'f')
		a->fee_path = arg;
	else if (c == 't')
		a->totals = 1;
	return (0);
}

int
cmd_fees(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fees", required_argument, NULL, 'f' },
		{ "totals", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct fees_args a = { NULL, 0 };
	const struct es_command cmd = { .name = "fees", .options = opts,
	    .optstring = "f:t", .usage = fees_usage, .option = fees_option,
	    .ctx = &a };
	struct es_input in;
	struct fee_ledger g = { 0 };
	struct fee_list l;
	struct es_results r;
	char err[ERR_LEN];
	int rc, failed;

	if ((rc = es_input_parse(&cmd, argc, argv, &in)) == 0 &&
	    a.fee_path == NULL) {
		fees_usage(stderr);
		rc = -1;
	}
	if (rc == 0 && fees_load(&l, a.fee_path, err) == -1) {
		es_warn("fees: %s", err);
		rc = -1;
	}
	if (rc == 0 && es_results_load(&in.bundles, in.argc, in.argv, "fees",
	    &r) == -1) {
		fees_free(&l);
		rc = -1;
	}
	es_input_free(&in);
	if (rc != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	failed = ledger_fill(&g, &l, a.fee_path, &r) | r.failed;
	fees_ledger_sort(&g);
	if (a.totals)
		print_totals(&g);
	else
		print_ledger(&g);
	fees_ledger_free(&g);
	es_results_free(&r);
	fees_free(&l);
	return (failed ? EXIT_REJECTED : EXIT_OK);
}
