/*
 * examstick certificates: the certificates due from a set of results, as
 * CSV: every attempt that passed, with the date its certificate is to be
 * dispatched, a number of working days after the results were uploaded.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "examstick.h"
#include "fees.h"
#include "marking_input.h"
#include "workdays.h"

#define WORKING_DAYS	10

static void
certificates_usage(FILE *f)
{
	fprintf(f, "usage: examstick certificates ITEMS --holidays FILE"
	    " [--uploaded DATE]\n"
	    "           [--days N] INPUT...\n"
	    "ITEMS: --items PACKAGE --pass-mark MARK, or --key MARKING-KEY"
	    " --package\n"
	    "       FILE.estp --body-key FILE [--release-code-file FILE]\n"
	    "INPUT: [--bundle FILE]... [--centre-key KEY] [BUNDLE | RESULT]..."
	    "\n"
	    "\n"
	    "Mark result files as examstick mark does and print, as CSV, a"
	    " line for each\n"
	    "attempt that passed, with its dispatch date: N working days"
	    " (10 unless\n"
	    "--days says otherwise) after the upload date.  Working days are"
	    " Monday to\n"
	    "Friday, without the bank holidays listed in FILE (see"
	    " config/bank-holidays-\n"
	    "england-wales.txt).\n"
	    "\n"
	    ES_ITEMS_HELP
	    "  -H, --holidays FILE    the bank holidays, one YYYY-MM-DD a"
	    " line\n"
	    "  -u, --uploaded DATE    the upload date as YYYY-MM-DD; today"
	    " (UTC) if not\n"
	    "                         given\n"
	    "  -d, --days N           working days from upload to dispatch\n"
	    ES_BUNDLE_HELP
	    "  -h, --help             print this help\n"
	    "\n"
	    "Exit status: 0 every attempt was decided, 1 an attempt could not"
	    " be fully\nmarked, so it may be missing, 2 usage error, or the"
	    " items or holidays\ncannot be read or do not cover the dates.\n");
}

struct cert_args {
	const char		*holidays;
	workdays_day		 uploaded;
	int			 days;
};

static int
cert_option(void *ctx, int c, const char *arg)
{
	struct cert_args *a = ctx;
	char *end;
	long days;

	switch (c) {
	case 'H':
		a->holidays = arg;
		break;
	case 'u':
		if (workdays_date_parse(arg, &a->uploaded) == -1) {
			es_warn("certificates: invalid upload date"
			    " '%s': give it as YYYY-MM-DD", arg);
			return (-1);
		}
		break;
	case 'd':
		days = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || days < 0 ||
		    days > 366) {
			es_warn("certificates: invalid number of"
			    " working days '%s'", arg);
			return (-1);
		}
		a->days = (int)days;
		break;
	}
	return (0);
}

static const struct option cert_options[] = {
	{ "holidays", required_argument, NULL, 'H' },
	{ "uploaded", required_argument, NULL, 'u' },
	{ "days", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 }
};

static void
print_line(const struct mark_attempt *a, const struct mark_score *s,
    const char *uploaded, const char *dispatch)
{
	const char *fields[] = { a->centre, a->candidate, a->name, a->test,
	    a->id };
	char n[32];

	es_csv_fields(fields, sizeof fields / sizeof *fields);
	printf("%d,", a->number);
	es_number(s->total, n);
	printf("%s,", n);
	es_number(s->max_total, n);
	printf("%s,%s,%s\n", n, uploaded, dispatch);
}

/* The upload date plus the working days; reports its own errors. */
static int
dispatch_date(const struct cert_args *a, workdays_day *out)
{
	struct workdays w;
	char err[ERR_LEN];
	int rc;

	if (workdays_load(&w, a->holidays, err) == -1) {
		es_warn("certificates: %s", err);
		return (-1);
	}
	if ((rc = workdays_add(&w, a->uploaded, a->days, out, err)) == -1)
		es_warn("certificates: %s: %s", a->holidays, err);
	workdays_free(&w);
	return (rc);
}

int
cmd_certificates(int argc, char **argv)
{
	struct cert_args a = { NULL, (workdays_day)(time(NULL) / 86400),
	    WORKING_DAYS };
	const struct es_command cmd = { .name = "certificates", .marks = 1,
	    .needs_pass_mark = 1, .options = cert_options,
	    .optstring = "H:u:d:", .usage = certificates_usage,
	    .option = cert_option, .ctx = &a };
	struct es_input in;
	struct es_results r;
	struct mark_score *s;
	struct mark_key *key = NULL;
	workdays_day dispatch;
	char up[11], out[11], *id;
	int rc, failed;
	size_t i;

	rc = es_input_parse(&cmd, argc, argv, &in);
	if (rc == 0 && a.holidays == NULL) {
		certificates_usage(stderr);
		rc = -1;
	}
	if (rc == 0 && dispatch_date(&a, &dispatch) == -1)
		rc = -1;
	if (rc == 0 && (key = es_input_load(&cmd, &in, &r)) == NULL)
		rc = -1;
	es_input_free(&in);
	if (rc != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	workdays_date_format(a.uploaded, up);
	workdays_date_format(dispatch, out);
	s = es_mark_all(key, &r, &in.items.pass, "certificates", &failed);
	printf("centre,candidate,name,test,attempt,attempt_number,score,max,"
	    "uploaded,dispatch\n");
	for (i = 0; i < r.n; i++) {
		if (s[i].passed == 1)
			print_line(&r.v[i], &s[i], up, out);
		else if (s[i].passed == -1) {
			id = es_clean(r.v[i].id);
			es_warn("certificates: %s is not fully marked, so"
			    " whether it passed is not known", id);
			free(id);
			failed = 1;
		}
	}
	failed |= r.failed;
	es_scores_free(s, r.n);
	es_results_free(&r);
	mark_key_free(key);
	return (failed ? EXIT_REJECTED : EXIT_OK);
}
