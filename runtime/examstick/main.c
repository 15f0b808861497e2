/*
 * examstick: the awarding body's tool.  main finds the subcommand and
 * runs it; each subcommand parses its own options and returns the exit
 * code.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "examstick.h"

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
};

static const struct command commands[] = {
	{ "check", cmd_check,
	    "check items and packages for text-mode delivery" },
	{ "keygen", cmd_keygen,
	    "make the awarding body's signing and results key pairs" },
	{ "pack", cmd_pack,
	    "seal a QTI package as a signed, encrypted test package" },
	{ "issue", cmd_issue,
	    "issue signed candidate tokens from a registrations CSV" },
	{ "mark", cmd_mark,
	    "score result files against the items of their test" },
	{ "report", cmd_report,
	    "results analysis: scores, pass rate, item statistics" },
	{ "certificates", cmd_certificates,
	    "list the certificates due, with their dispatch dates" },
	{ "fees", cmd_fees,
	    "the fee ledger: one line per test taken, totals by centre" },
	{ "approve", cmd_approve,
	    "sign a centre's approval once its computers passed every check" },
	{ "open", cmd_open,
	    "open the sealed responses of result files" },
};

void
es_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("examstick: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: examstick COMMAND [OPTION]... [ARGUMENT]...\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\n"
	    "Run 'examstick COMMAND --help' for a command's options.\n"
	    "See examstick(1).\n");
}

int
main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return (EXIT_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return (EXIT_OK);
	}
	for (i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			char *name;

			/* getopt prefixes its messages with argv[0]. */
			xasprintf(&name, "examstick %s", commands[i].name);
			argv[1] = name;
			rc = commands[i].run(argc - 1, argv + 1);
			free(name);
			return (rc);
		}
	}
	es_warn("unknown command '%s'; run 'examstick --help' for the list",
	    argv[1]);
	return (EXIT_USAGE);
}
