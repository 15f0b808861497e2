/*
 * reloader verify: check result files, approval results, test packages
 * and candidate tokens, or every such file in a folder or on a stick,
 * and report each one as ok or with the reason it failed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approval.h"
#include "reloader.h"
#include "result.h"

static void
verify_usage(FILE *out)
{
	fprintf(out, "usage: reloader verify [--key PUBKEY] [--body-key"
	    " SIGNING.pub] FILE|FOLDER...\n"
	    "\n"
	    "Check each result file: its minisign signature, then the\n"
	    "journal it names and the answers that journal replays to.\n"
	    "Check each sealed test package and candidate token against\n"
	    "the awarding body's key, and say whether a token is used.\n"
	    "Check each approval result (*.approval) with its stick's key\n"
	    "and report the outcome of its checks.\n"
	    "A FOLDER stands for every such file in it; a stick's root\n"
	    "(or its examstick folder) for its results, approval results,\n"
	    "packages and tokens.\n"
	    "\n"
	    "  -k, --key PUBKEY        verify results with this public key\n"
	    "                          instead of the stick's key found\n"
	    "                          under examstick/keys/\n"
	    "  -b, --body-key FILE     the awarding body's signing.pub\n"
	    "                          (default: body_key in reloader.conf,\n"
	    "                          else the stick's keys/"
	    RSTICK_BODY_PUB ")\n"
	    "  -h, --help              show this help\n"
	    "\n"
	    "Exit status: 0 all files ok, 1 a file failed or no file was"
	    " found,\n2 usage or I/O error.\n");
}

/* The keys of one verify run. */
struct verify {
	const struct sig_pubkey	*key;		/* --key, or NULL */
	const char		*body_given;	/* --body-key, or NULL */
	struct result_verifier	*results;	/* keys and folders of results */
};

/*
 * Return the examstick folder that contains path (in its packages/ or
 * tokens/ folder), or NULL.
 */
static char *
stick_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash, *keys;
	int i;

	for (i = 0; i < 2; i++) {
		if ((slash = strrchr(dir, '/')) == NULL) {
			free(dir);
			dir = xstrdup(i == 0 ? "." : "..");
			continue;
		}
		*slash = '\0';
	}
	keys = util_path_join(dir, "keys/" RSTICK_BODY_PUB);
	if (access(keys, F_OK) != 0) {
		free(dir);
		dir = NULL;
	}
	free(keys);
	return (dir);
}

/* Check a package or token with the awarding body's key. */
static int
verify_body_file(const struct verify *v, const char *path,
    const char *stickdir, int kind)
{
	struct body_key bk;
	char err[ERR_LEN], *dir = NULL;

	if (stickdir == NULL && v->body_given == NULL && rconf.body_key ==
	    NULL)
		stickdir = dir = stick_dir_of(path);
	if (body_key_load(&bk, v->body_given, stickdir, err) == -1) {
		reloader_warn("verify %s: awarding body key: %s", path, err);
		free(dir);
		return (RELOADER_USAGE);
	}
	free(dir);
	if (kind == STICKFILE_TOKEN)
		return (check_token(path, &bk));
	return (check_package(path, &bk));
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n > m && strcmp(s + n - m, suffix) == 0);
}

/* Print text from a file with control bytes percent-encoded. */
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

static int
report_result(const char *path, enum result_status st, const char *reason)
{
	if (st == RESULT_OK) {
		printf("%s: ok\n", path);
		return (RELOADER_OK);
	}
	/*
	 * A result names its journal relative to the examstick folder above
	 * its results folder, so a missing journal is usually a result
	 * copied without its attempts folder.
	 */
	if (st == RESULT_JOURNAL && strstr(reason, strerror(ENOENT)) != NULL) {
		reloader_warn("verify %s: %s; put the journal back at that path"
		    " (copy the stick's attempts folder beside its results"
		    " folder), or verify the result on its stick", path,
		    reason);
		return (RELOADER_FAIL);
	}
	reloader_warn("verify %s: %s", path, reason);
	return (st == RESULT_IO ? RELOADER_USAGE : RELOADER_FAIL);
}

/*
 * Verify a file named *.result, reading it once.  A file that starts with
 * the result file's first line is neither a token nor a package, because
 * their first bytes differ from it, so only other files are opened again
 * to test for those.
 */
static int
verify_result_file(const struct verify *v, const char *path)
{
	size_t len, n = strlen(RESULT_FIRST_LINE);
	char reason[ERR_LEN], why[ERR_LEN], *text = NULL;
	enum result_status st;
	int kind;

	if (util_read_file(path, RESULT_MAX_BYTES, &text, &len, why) == -1)
		text = NULL;
	if (text == NULL || len <= n || memcmp(text, RESULT_FIRST_LINE,
	    n) != 0 || text[n] != '\n') {
		kind = stickfile_kind(path);
		if (kind != STICKFILE_OTHER) {
			free(text);
			return (verify_body_file(v, path, NULL, kind));
		}
	}
	if (text == NULL) {
		errf(reason, "cannot read the result: %s", why);
		st = RESULT_IO;
	} else
		st = result_verifier_check_text(v->results, path, text, len,
		    reason);
	free(text);
	return (report_result(path, st, reason));
}

/* Verify one file; returns the worst exit status it deserves. */
static int
verify_one(const struct verify *v, const char *path)
{
	char reason[ERR_LEN];
	enum result_status st;
	int kind;

	if (has_suffix(path, ".result"))
		return (verify_result_file(v, path));
	if ((kind = stickfile_kind(path)) != STICKFILE_OTHER)
		return (verify_body_file(v, path, NULL, kind));
	if (has_suffix(path, APPROVAL_SUFFIX))
		return (verify_approval(path, v->key));
	st = result_verifier_check(v->results, path, reason);
	return (report_result(path, st, reason));
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

/*
 * Verify every *.result and *.approval file in dir.  Returns -1 when there is none (or,
 * when quiet, no folder), else the worst exit status.
 */
static int
verify_results(const struct verify *v, const char *dir, int quiet)
{
	struct dirent **names;
	char *path;
	int i, n, rc = RELOADER_OK;

	if ((n = scandir(dir, &names, is_result_name, alphasort)) == -1) {
		if (quiet)
			return (-1);
		reloader_warn("verify %s: cannot list the folder: %m", dir);
		return (RELOADER_USAGE);
	}
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]->d_name);
		rc = worse(rc, verify_one(v, path));
		free(path);
		free(names[i]);
	}
	free(names);
	return (n == 0 ? -1 : rc);
}

/*
 * Verify the packages and tokens in one folder.  With skip_results set,
 * *.result and *.approval files are left out, because verify_results has
 * checked them, as tokens or packages too where their bytes say so.
 */
static int
verify_body_files(const struct verify *v, const char *dir,
    const char *stickdir, int skip_results, int *found)
{
	struct dirent **names;
	struct body_key bk;
	char err[ERR_LEN], *path;
	int i, n, kind, rc = RELOADER_OK, have_key = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) == -1)
		return (RELOADER_OK);
	for (i = 0; i < n; i++) {
		if (skip_results && is_result_name(names[i])) {
			free(names[i]);
			continue;
		}
		path = util_path_join(dir, names[i]->d_name);
		kind = names[i]->d_name[0] == '.' ? STICKFILE_OTHER :
		    stickfile_kind(path);
		if (kind != STICKFILE_OTHER && !have_key) {
			if (body_key_load(&bk, v->body_given, stickdir,
			    err) == -1) {
				reloader_warn("verify %s: awarding body key:"
				    " %s", dir, err);
				rc = RELOADER_USAGE;
				kind = STICKFILE_OTHER;
			} else
				have_key = 1;
		}
		if (kind == STICKFILE_TOKEN)
			rc = worse(rc, check_token(path, &bk));
		else if (kind == STICKFILE_PACKAGE)
			rc = worse(rc, check_package(path, &bk));
		*found += kind != STICKFILE_OTHER;
		free(path);
		free(names[i]);
	}
	free(names);
	return (rc);
}

/* Verify the results, packages and tokens of a stick's examstick folder. */
static int
verify_stick(const struct verify *v, const char *stickdir)
{
	char *dir;
	int rc, r, found = 0;

	dir = util_path_join(stickdir, "results");
	rc = verify_results(v, dir, 1);
	free(dir);
	found += rc != -1;
	rc = worse(rc, RELOADER_OK);
	dir = util_path_join(stickdir, APPROVAL_DIR);
	r = verify_results(v, dir, 1);
	free(dir);
	found += r != -1;
	rc = worse(rc, r);
	dir = util_path_join(stickdir, "packages");
	r = verify_body_files(v, dir, stickdir, 0, &found);
	free(dir);
	rc = worse(rc, r);
	dir = util_path_join(stickdir, "tokens");
	r = verify_body_files(v, dir, stickdir, 0, &found);
	free(dir);
	rc = worse(rc, r);
	if (found == 0) {
		reloader_warn("verify %s: no result, token, package or approval"
		    " file found on the stick, so nothing was checked",
		    stickdir);
		return (worse(rc, RELOADER_FAIL));
	}
	return (rc);
}

static int
verify_folder(const struct verify *v, const char *dir)
{
	char *sub, *results;
	struct stat st;
	int rc, found = 0, r;

	sub = util_path_join(dir, "examstick");
	if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = verify_stick(v, sub);
		free(sub);
		return (rc);
	}
	free(sub);
	results = util_path_join(dir, "results");
	sub = util_path_join(dir, "keys");
	if (stat(results, &st) == 0 && S_ISDIR(st.st_mode) &&
	    stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(sub);
		free(results);
		return (verify_stick(v, dir));
	}
	free(sub);
	free(results);
	rc = verify_results(v, dir, 0);
	if (rc == RELOADER_USAGE)
		return (rc);
	found = rc != -1;
	rc = worse(rc, RELOADER_OK);
	r = verify_body_files(v, dir, NULL, 1, &found);
	if (found == 0) {
		reloader_warn("verify %s: no result, token, package or approval"
		    " file found in the folder, so nothing was checked; give"
		    " the folder that contains them or a stick's root", dir);
		return (worse(worse(rc, r), RELOADER_FAIL));
	}
	return (worse(rc, r));
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "body-key", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sig_pubkey key;
	struct verify v = { NULL, NULL, NULL };
	char err[ERR_LEN];
	struct stat st;
	int c, i, rc = RELOADER_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (sig_pubkey_load(&key, optarg, err) == -1) {
				reloader_warn("verify: load key: %s", err);
				return (RELOADER_USAGE);
			}
			v.key = &key;
			break;
		case 'b':
			v.body_given = optarg;
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
		reloader_warn("verify: no files given");
		verify_usage(stderr);
		return (RELOADER_USAGE);
	}
	v.results = result_verifier_new(v.key);
	for (i = optind; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = worse(rc, verify_folder(&v, argv[i]));
		else
			rc = worse(rc, verify_one(&v, argv[i]));
	}
	result_verifier_free(v.results);
	return (rc);
}
