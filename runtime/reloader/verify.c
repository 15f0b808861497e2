/*
 * reloader verify: check result files and approval results, or every
 * *.result and *.approval file in a folder, and report each one as ok or
 * with the reason it failed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "reloader.h"
#include "result.h"

static void
verify_usage(FILE *out)
{
	fprintf(out, "usage: reloader verify [--key PUBKEY] FILE|FOLDER...\n"
	    "\n"
	    "Check each result file: its minisign signature, then the\n"
	    "journal it names and the answers that journal replays to.\n"
	    "Check each approval result (*.approval): its signature and\n"
	    "its form, then report the outcome of its checks.\n"
	    "A FOLDER stands for every *.result and *.approval file in it.\n"
	    "\n"
	    "  -k, --key PUBKEY  verify with this public key instead of the\n"
	    "                    stick's key found under examstick/keys/\n"
	    "  -h, --help        show this help\n"
	    "\n"
	    "Exit status: 0 all files ok, 1 a file failed, 2 usage or I/O"
	    " error.\n");
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n > m && strcmp(s + n - m, suffix) == 0);
}

/* Text from a file, printed with control bytes percent-encoded. */
static void
print_text(const char *s)
{
	char *enc = util_pct_encode(s, strlen(s)), *p;

	for (p = enc; *p != '\0'; p++)
		if (strncmp(p, "%20", 3) == 0) {
			putchar(' ');
			p += 2;
		} else
			putchar(*p);
	free(enc);
}

/* Print an approval result that verified, with its failed checks. */
static void
report_approval(const char *path, const struct approval *a)
{
	char when[32];
	size_t i, failed = 0;

	util_iso_time(when, a->date);
	printf("%s: ok: approval result of machine ", path);
	print_text(a->machine);
	printf(", centre %s, %s: ", a->centre, when);
	if (approval_passed(a)) {
		printf("every check passed\n");
		return;
	}
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		if (a->checks[i].pass)
			continue;
		printf("%s%s (", failed++ == 0 ? "checks failed: " : ", ",
		    approval_check_names[i]);
		print_text(a->checks[i].detail);
		printf(")");
	}
	printf("\n");
}

static int
verify_approval(const char *path, const struct sig_pubkey *key)
{
	char reason[ERR_LEN];
	enum approval_status st;
	struct approval a;

	st = approval_verify(path, key, &a, reason);
	if (st == APPROVAL_OK) {
		report_approval(path, &a);
		approval_free(&a);
		return (RELOADER_OK);
	}
	reloader_warn("verify %s: %s", path, reason);
	return (st == APPROVAL_IO ? RELOADER_USAGE : RELOADER_FAIL);
}

/* Verify one file; returns the worst exit status it deserves. */
static int
verify_one(const char *path, const struct sig_pubkey *key)
{
	char reason[ERR_LEN];
	enum result_status st;

	if (has_suffix(path, APPROVAL_SUFFIX))
		return (verify_approval(path, key));
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
	return (de->d_name[0] != '.' && (has_suffix(de->d_name, ".result") ||
	    has_suffix(de->d_name, APPROVAL_SUFFIX)));
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
		reloader_warn("verify %s: no .result or .approval files in"
		    " the folder", dir);
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
