/*
 * reloader verify: check result files, or every *.result file in a
 * folder, and report each one as ok or with the reason it failed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reloader.h"
#include "result.h"

static void
verify_usage(FILE *out)
{
	fprintf(out, "usage: reloader verify [--key PUBKEY] FILE|FOLDER...\n"
	    "\n"
	    "Check each result file: its minisign signature, then the\n"
	    "journal it names and the answers that journal replays to.\n"
	    "A FOLDER stands for every *.result file in it.\n"
	    "\n"
	    "  -k, --key PUBKEY  verify with this public key instead of the\n"
	    "                    stick's key found under examstick/keys/\n"
	    "  -h, --help        show this help\n"
	    "\n"
	    "Exit status: 0 all files ok, 1 a file failed, 2 usage or I/O"
	    " error.\n");
}

/* Verify one file; returns the worst exit status it deserves. */
static int
verify_one(const char *path, const struct sig_pubkey *key)
{
	char reason[ERR_LEN];
	enum result_status st;

	st = result_verify(path, key, reason);
	if (st == RESULT_OK) {
		printf("%s: ok\n", path);
		return (RELOADER_OK);
	}
	reloader_warn("verify %s: %s", path, reason);
	return (st == RESULT_IO ? RELOADER_USAGE : RELOADER_FAIL);
}

static int
is_result_name(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return (n > 7 && de->d_name[0] != '.' &&
	    strcmp(de->d_name + n - 7, ".result") == 0);
}

static int
worse(int a, int b)
{
	return (a > b ? a : b);
}

static int
verify_folder(const char *dir, const struct sig_pubkey *key)
{
	struct dirent **names;
	char *path;
	int i, n, rc = RELOADER_OK;

	if ((n = scandir(dir, &names, is_result_name, alphasort)) == -1) {
		reloader_warn("verify %s: cannot list the folder: %m", dir);
		return (RELOADER_USAGE);
	}
	if (n == 0)
		reloader_warn("verify %s: no .result files in the folder", dir);
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]->d_name);
		rc = worse(rc, verify_one(path, key));
		free(path);
		free(names[i]);
	}
	free(names);
	return (rc);
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sig_pubkey key, *keyp = NULL;
	char err[ERR_LEN];
	struct stat st;
	int c, i, rc = RELOADER_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (sig_pubkey_load(&key, optarg, err) == -1) {
				reloader_warn("verify: load key: %s", err);
				return (RELOADER_USAGE);
			}
			keyp = &key;
			break;
		case 'h':
			verify_usage(stdout);
			return (RELOADER_OK);
		default:
			verify_usage(stderr);
			return (RELOADER_USAGE);
		}
	}
	if (optind == argc) {
		reloader_warn("verify: no result files given");
		verify_usage(stderr);
		return (RELOADER_USAGE);
	}
	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = worse(rc, verify_folder(argv[i], keyp));
		else
			rc = worse(rc, verify_one(argv[i], keyp));
	}
	return (rc);
}
