/*
 * examiner: the kiosk test runner.  Options are read here; everything
 * else is in app.c and the screens.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "approval_task.h"
#include "examiner.h"

/* --key-wait: whole seconds from 1 to APPR_KEY_WAIT_MAX. */
static int
parse_key_wait(struct ex *ex, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < 1 || v > APPR_KEY_WAIT_MAX) {
		fprintf(stderr, "%s: --key-wait: %s: not a whole number of"
		    " seconds from 1 to %d\n", EX_NAME, arg,
		    APPR_KEY_WAIT_MAX);
		return (-1);
	}
	ex->approval_key_wait = (int)v;
	return (0);
}

/* Returns 0 to run, 1 when --help was shown, -1 on a usage error. */
static int
parse_args(struct ex *ex, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "approval-task", no_argument, NULL, 'A' },
		{ "key-wait", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	char err[ERR_LEN];
	int c;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ex->root = optarg;
			break;
		case 'L':
			if (discover_label_check(optarg, err) != 0) {
				fprintf(stderr, "%s: --label: %s\n", EX_NAME,
				    err);
				return (-1);
			}
			ex->label = optarg;
			break;
		case 'v':
			ex->verbose = 1;
			break;
		case 'A':
			ex->approval_task = 1;
			break;
		case 'K':
			if (parse_key_wait(ex, optarg) != 0)
				return (-1);
			break;
		case 'h':
			help_print(stdout);
			return (1);
		default:
			return (-1);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument: %s\n", EX_NAME,
		    argv[optind]);
		return (-1);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct ex ex;
	int r;

	memset(&ex, 0, sizeof(ex));
	ex.approval_key_wait = APPR_KEY_WAIT_S;
	r = parse_args(&ex, argc, argv);
	if (r != 0) {
		if (r < 0)
			fprintf(stderr, "usage: %s [--stick DIR | --label "
			    "LABEL] [-v]\n"
			    "       %s --approval-task [--key-wait SECONDS]\n"
			    "                [--stick DIR | --label LABEL] "
			    "[-v]\n"
			    "Run '%s --help' for the options and keys.\n",
			    EX_NAME, EX_NAME, EX_NAME);
		return (r < 0 ? EX_EXIT_USAGE : EX_EXIT_OK);
	}
	return (examiner_run(&ex));
}
