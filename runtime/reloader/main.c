/*
 * reloader: the centre-side tool that prepares sticks and collects and
 * checks their results.  main() picks the subcommand; each subcommand
 * lives in its own file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reloader.h"

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
};

static const struct command commands[] = {
	{ "verify", cmd_verify,
	    "check result files against their signatures and journals" },
	{ "prepare", cmd_prepare,
	    "lay out a stick, make its key and register it" },
	{ "load", cmd_load,
	    "copy signed test packages and tokens onto a stick" },
	{ "collect", cmd_collect,
	    "verify results and bundle them for the awarding body" },
	{ "reload", cmd_reload,
	    "remove collected results, spent tokens and old packages" },
	{ "pin", cmd_pin,
	    "change a stick's invigilator PIN, or print a PIN's hash line" },
	{ "status", cmd_status,
	    "list the sticks plugged in: attempts and results on each" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

void
reloader_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("reloader: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: reloader [--config FILE] COMMAND [OPTION]..."
	    " [ARG]...\n"
	    "       reloader COMMAND --help\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(out, "\n-c, --config FILE reads the centre's settings from"
	    " FILE instead of\n" RCONF_DEFAULT " (read when it exists);"
	    " options on the command line\nwin over the file.\n");
	fprintf(out, "\nExit status: 0 success, 1 a file failed its check,"
	    " 2 usage or I/O error.\nSee reloader(1).\n");
}

/*
 * Take --config FILE (or -c FILE, --config=FILE) from before the
 * command and read the settings.  Returns how many arguments it used,
 * or -1.
 */
static int
load_config(int argc, char **argv)
{
	char err[ERR_LEN];
	const char *path = NULL;
	int used = 0;

	if (argc >= 2 && strncmp(argv[1], "--config=", 9) == 0) {
		path = argv[1] + 9;
		used = 1;
	} else if (argc >= 2 && (strcmp(argv[1], "--config") == 0 ||
	    strcmp(argv[1], "-c") == 0)) {
		if (argc < 3) {
			reloader_warn("%s needs a file: reloader --config"
			    " FILE COMMAND", argv[1]);
			return (-1);
		}
		path = argv[2];
		used = 2;
	}
	if (rconf_load(path != NULL ? path : RCONF_DEFAULT, path != NULL,
	    err) == -1) {
		reloader_warn("%s", err);
		return (-1);
	}
	return (used);
}

int
main(int argc, char **argv)
{
	size_t i;
	int used, rc;

	if ((used = load_config(argc, argv)) == -1)
		return (RELOADER_USAGE);
	argc -= used;
	argv += used;
	if (argc < 2) {
		usage(stderr);
		return (RELOADER_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return (RELOADER_OK);
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			char *name;

			/* getopt names argv[0] in its messages. */
			xasprintf(&name, "reloader %s", commands[i].name);
			argv[1] = name;
			rc = commands[i].run(argc - 1, argv + 1);
			rconf_free();
			free(name);
			return (rc);
		}
	}
	reloader_warn("unknown command: %s: run reloader --help for the"
	    " list", argv[1]);
	return (RELOADER_USAGE);
}
