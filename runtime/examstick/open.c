/*
 * examstick open: print result files with their sealed responses opened
 * with the awarding body's results secret key.  The signature and the
 * journal are not checked here: reloader verify and the bundle checks
 * do that before the results reach the awarding body.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "examstick.h"
#include "passphrase.h"
#include "result.h"
#include "seal.h"

static void
open_usage(FILE *f)
{
	fprintf(f, "usage: examstick open --key RESULTS.key"
	    " [--passphrase-file FILE] RESULT...\n"
	    "\n"
	    "Print each result file with its sealed responses opened: the"
	    " line\n"
	    "\"sealed-responses: KEYID BASE64\" becomes the \"response:\""
	    " lines it\n"
	    "seals.  A result without sealed responses is printed as it"
	    " is.\n"
	    "\n"
	    "  -k, --key FILE              the awarding body's results.key\n"
	    "  -p, --passphrase-file FILE  read the key's passphrase from"
	    " FILE\n"
	    "  -h, --help                  print this help\n"
	    "\n"
	    "Exit status: 0 every file opened, 1 a file cannot be opened, 2"
	    " usage or\n"
	    "key error.\n");
}

static int
open_one(const char *path, const struct seal_boxsec *sec)
{
	char err[ERR_LEN], *text, *out;
	size_t len, outlen;

	if (util_read_file(path, RESULT_MAX_BYTES, &text, &len, err) == -1) {
		es_warn("open: %s", err);
		return (EXIT_REJECTED);
	}
	if (result_open_sealed(text, len, sec, &out, &outlen, err) == -1) {
		es_warn("open: %s: %s", path, err);
		free(text);
		return (EXIT_REJECTED);
	}
	fwrite(out, 1, outlen, stdout);
	sodium_memzero(out, outlen);
	free(out);
	free(text);
	return (EXIT_OK);
}

int
cmd_open(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *keyfile = NULL, *passfile = NULL;
	struct seal_boxsec *sec;
	char err[ERR_LEN], *pass;
	int c, i, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "k:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keyfile = optarg; break;
		case 'p': passfile = optarg; break;
		case 'h': open_usage(stdout); return (EXIT_OK);
		default: open_usage(stderr); return (EXIT_USAGE);
		}
	}
	if (keyfile == NULL || optind == argc) {
		open_usage(stderr);
		return (EXIT_USAGE);
	}
	if ((pass = passphrase_read(passfile, "Results key passphrase: ", 0,
	    err)) == NULL) {
		es_warn("open: %s", err);
		return (EXIT_USAGE);
	}
	sec = seal_boxsec_load(keyfile, pass, err);
	passphrase_free(pass);
	if (sec == NULL) {
		es_warn("open: %s", err);
		return (EXIT_USAGE);
	}
	for (i = optind; i < argc; i++)
		if (open_one(argv[i], sec) != EXIT_OK)
			rc = EXIT_REJECTED;
	seal_boxsec_free(sec);
	fflush(stdout);
	return (rc);
}
