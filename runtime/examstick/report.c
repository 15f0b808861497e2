/*
 * examstick report: each attempt's result with its score by section or
 * category, and the results analysis of the test (mean, spread and
 * distribution of the totals, pass rate, item facility and
 * discrimination), as text and optionally as an HTML page, a CSV file
 * and QTI assessmentResult documents.
 */
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "marking_input.h"
#include "report.h"

/* The files that report writes besides its text on stdout. */
struct report_files {
	const char	*html;
	const char	*csv;
	const char	*qti;
};

static void
report_usage(FILE *f)
{
	fprintf(f, "usage: examstick report ITEMS [--html FILE] [--csv FILE]"
	    " [--qti-results DIR]\n"
	    "           INPUT...\n"
	    "ITEMS: --items PACKAGE [--pass-mark MARK], or --key MARKING-KEY"
	    " --package\n"
	    "       FILE.estp --body-key FILE [--release-code-file FILE]\n"
	    "INPUT: [--bundle FILE]... [--centre-key KEY] [BUNDLE | RESULT]..."
	    "\n"
	    "\n"
	    "Mark results as examstick mark does and print the results"
	    " analysis of the\n"
	    "test (attempts, mean, standard deviation, median, range, pass"
	    " rate, the score\n"
	    "distribution by tenths of the maximum, and each item's facility"
	    " and\n"
	    "discrimination), then each attempt's result with its score by"
	    " section, or by\n"
	    "item category when the test has no sections.\n"
	    "\n"
	    ES_ITEMS_HELP
	    "  -H, --html FILE        also write the report as one HTML page"
	    " with SVG charts\n"
	    "  -c, --csv FILE         also write one CSV line per attempt with"
	    " every figure\n"
	    "  -q, --qti-results DIR  also write one QTI 2.1 assessmentResult"
	    " document per\n"
	    "                         attempt, DIR/ATTEMPT.xml\n"
	    ES_BUNDLE_HELP
	    "  -h, --help             print this help\n"
	    "\n"
	    "Exit status: 0 every attempt was marked, 1 a result or an item"
	    " could not\nbe marked, 2 usage error, the items, the key or the"
	    " package cannot be read\nor do not verify, or an output cannot be"
	    " written.\n");
}

static int
report_option(void *ctx, int c, const char *arg)
{
	struct report_files *o = ctx;

	switch (c) {
	case 'H':
		o->html = arg;
		break;
	case 'c':
		o->csv = arg;
		break;
	case 'q':
		o->qti = arg;
		break;
	}
	return (0);
}

/* Write the files asked for; reports failures.  Returns -1 on any. */
static int
report_outputs(const struct report_files *o, const struct report *rep)
{
	char err[ERR_LEN];
	int rc = 0;

	if (o->html != NULL && report_html_write(rep, o->html, err) == -1) {
		es_warn("report: %s", err);
		rc = -1;
	}
	if (o->csv != NULL && report_csv_write(rep, o->csv, err) == -1) {
		es_warn("report: %s", err);
		rc = -1;
	}
	if (o->qti != NULL && report_qti_write(rep, o->qti, err) == -1) {
		es_warn("report: %s", err);
		rc = -1;
	}
	return (rc);
}

static int
report_run(const struct es_command *cmd, struct es_input *in,
    const struct report_files *o)
{
	struct es_results r;
	struct mark_score *s;
	struct mark_key *key;
	struct report rep;
	int failed, rc;

	if ((key = es_input_load(cmd, in, &r)) == NULL)
		return (EXIT_USAGE);
	s = es_mark_all(key, &r, &in->items.pass, "report", &failed);
	rc = failed || r.failed ? EXIT_REJECTED : EXIT_OK;
	if (report_build(&rep, key, &r, s, &in->items.pass) == 0) {
		report_print(&rep, stdout);
		if (report_outputs(o, &rep) == -1)
			rc = EXIT_USAGE;
		report_free(&rep);
	} else {
		es_warn("report: no results could be read");
		rc = EXIT_REJECTED;
	}
	es_scores_free(s, r.n);
	es_results_free(&r);
	mark_key_free(key);
	return (rc);
}

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, 'H' },
		{ "csv", required_argument, NULL, 'c' },
		{ "qti-results", required_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct report_files o = { NULL, NULL, NULL };
	const struct es_command cmd = { .name = "report", .marks = 1,
	    .options = opts, .optstring = "H:c:q:", .usage = report_usage,
	    .option = report_option, .ctx = &o };
	struct es_input in;
	int rc;

	if ((rc = es_input_parse(&cmd, argc, argv, &in)) != 0) {
		es_input_free(&in);
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	}
	rc = report_run(&cmd, &in, &o);
	es_input_free(&in);
	return (rc);
}
