/*
 * examiner: the kiosk test runner.  Options are read here; everything
 * else is in app.c and the screens.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

/* Returns 0 to run, 1 when --help was shown, -1 on a usage error. */
static int
parse_args(struct ex *ex, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ex->root = optarg;
			break;
		case 'v':
			ex->verbose = 1;
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
	r = parse_args(&ex, argc, argv);
	if (r != 0) {
		if (r < 0)
			fprintf(stderr, "usage: %s [--stick DIR] [-v]\n",
			    EX_NAME);
		return (r < 0 ? EX_EXIT_USAGE : EX_EXIT_OK);
	}
	return (examiner_run(&ex));
}
