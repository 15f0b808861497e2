/*
 * reloader reload: make room on a stick for the next session.  It
 * deletes a result (with its signature, journal and collected note) only
 * when the centre's register records that exact result, by hash, as
 * collected into a verified bundle.  Every other result stays.  It deletes
 * tokens that are spent (their attempt has a result, or was collected) or
 * expired, and packages that a newer version of the same test replaces,
 * unless an attempt at that test is still open.  Files it cannot verify
 * are reported and kept.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "register.h"
#include "reloader.h"
#include "result.h"
#include "seal.h"
#include "sig.h"
#include "token.h"

struct reload {
	struct rstick		 s;
	struct stick_register	 reg;
	struct sig_pubkey	 pk;
	int			 have_pk;
	int64_t			 now;
	int			 errors;
	size_t			 removed;
};

static void
reload_usage(FILE *out)
{
	fprintf(out, "usage: reloader reload --stick DIR [--register FILE]"
	    " [--key SIGNING.pub]\n"
	    "\n"
	    "Delete from the stick: results that the register records as"
	    " collected\n"
	    "(same hash), with their signatures and journals; spent or"
	    " expired tokens;\n"
	    "and packages replaced by a newer version of the same test.  A"
	    " result that\n"
	    "is not collected is never deleted.\n"
	    "\n"
	    "  -s, --stick DIR      a stick that reloader prepare made\n"
	    "  -R, --register FILE  the stick register, by default\n"
	    "                       " REGISTER_DEFAULT "\n"
	    "  -k, --key FILE       the awarding body's signing.pub"
	    " (default: the\n"
	    "                       stick's keys/" RSTICK_BODY_PUB ")\n"
	    "  -h, --help           print this help\n"
	    "\n"
	    "Exit status: 0 done, 2 usage or I/O error.\n");
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n > m && strcmp(s + n - m, suffix) == 0);
}

static int
exists(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0);
}

static void
remove_file(struct reload *r, const char *path, const char *why)
{
	if (unlink(path) == -1) {
		if (errno == ENOENT)
			return;
		reloader_warn("reload: remove %s: %s", path, strerror(errno));
		r->errors = 1;
		return;
	}
	printf("removed %s: %s\n", path, why);
	r->removed++;
}

static int
by_name(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The names in dir that end in suffix, sorted; *n is 0 on an error. */
static char **
list(struct reload *r, const char *dir, const char *suffix, size_t *n)
{
	struct dirent *de;
	char **names = NULL;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOENT) {
			reloader_warn("reload: %s: %s", dir, strerror(errno));
			r->errors = 1;
		}
		return (NULL);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, suffix))
			continue;
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof *names, by_name);
	return (names);
}

static void
list_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The value of "KEY: VALUE" in a result file, decoded; NULL if absent. */
static char *
result_field(const char *text, const char *key)
{
	const char *p, *nl;
	char *want, *raw, *v = NULL;

	xasprintf(&want, "\n%s: ", key);
	if ((p = strstr(text, want)) != NULL) {
		p += strlen(want);
		nl = strchr(p, '\n');
		raw = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		v = util_pct_decode(raw, NULL);
		free(raw);
	}
	free(want);
	return (v);
}

/* A journal path in a result: relative, inside examstick/, no "..". */
static int
journal_safe(const char *rel)
{
	const char *p;

	if (rel[0] == '/' || rel[0] == '\0')
		return (0);
	for (p = rel; p != NULL; p = strchr(p, '/') ? strchr(p, '/') + 1 :
	    NULL) {
		if (strncmp(p, "../", 3) == 0 || strcmp(p, "..") == 0 ||
		    strncmp(p, "./", 2) == 0 || strcmp(p, ".") == 0 ||
		    *p == '/')
			return (0);
	}
	return (1);
}

/* Delete a collected result's files; the result itself last but one. */
static void
remove_result(struct reload *r, const char *path, const char *id,
    const char *journal, const struct reg_collected *c)
{
	char *sig, *jpath, *note, *why;

	xasprintf(&why, "collected in %s at %s", c->bundle, c->when);
	xasprintf(&sig, "%s.minisig", path);
	remove_file(r, sig, why);
	if (journal_safe(journal)) {
		jpath = util_path_join(r->s.dir, journal);
		remove_file(r, jpath, why);
		free(jpath);
	}
	remove_file(r, path, why);
	xasprintf(&note, "%s/%s.collected", r->s.results, id);
	remove_file(r, note, why);
	free(note);
	free(sig);
	free(why);
}

static void
reload_result(struct reload *r, const char *name)
{
	unsigned char hash[REGISTER_HASH_BYTES];
	const struct reg_collected *c = NULL;
	char *path, *text, *id, *journal, *want, err[ERR_LEN];
	size_t len;

	path = util_path_join(r->s.results, name);
	if (util_read_file(path, RESULT_MAX_BYTES, &text, &len, err) == -1) {
		reloader_warn("reload: %s; the result is kept", err);
		r->errors = 1;
		free(path);
		return;
	}
	crypto_generichash(hash, sizeof hash, (unsigned char *)text, len,
	    NULL, 0);
	id = result_field(text, "id");
	journal = result_field(text, "journal");
	want = NULL;
	if (id != NULL) {
		xasprintf(&want, "%s.result", id);
		c = register_collected(&r->reg, id);
	}
	if (c != NULL && journal != NULL && strcmp(want, name) == 0 &&
	    sodium_memcmp(c->hash, hash, sizeof hash) == 0)
		remove_result(r, path, id, journal, c);
	else
		printf("kept %s: not collected\n", path);
	free(want);
	free(id);
	free(journal);
	free(text);
	free(path);
}

/* Notes whose result is gone, left by an interrupted reload. */
static void
remove_stray_notes(struct reload *r)
{
	char **names, *result, *note;
	size_t i, n;

	names = list(r, r->s.results, ".collected", &n);
	for (i = 0; i < n; i++) {
		xasprintf(&result, "%s/%.*s.result", r->s.results,
		    (int)(strlen(names[i]) - strlen(".collected")), names[i]);
		note = util_path_join(r->s.results, names[i]);
		if (!exists(result))
			remove_file(r, note, "its result is gone");
		free(note);
		free(result);
	}
	list_free(names, n);
}

static void
reload_results(struct reload *r)
{
	char **names;
	size_t i, n;

	names = list(r, r->s.results, ".result", &n);
	for (i = 0; i < n; i++)
		reload_result(r, names[i]);
	list_free(names, n);
	remove_stray_notes(r);
}

/* A token is spent once its attempt has a result or was collected. */
static int
token_spent(const struct reload *r, const struct token *t)
{
	char *id = token_attempt_id(t), *path;
	int spent;

	xasprintf(&path, "%s/%s.result", r->s.results, id);
	spent = exists(path) || register_collected(&r->reg, id) != NULL;
	free(path);
	free(id);
	return (spent);
}

static void
reload_tokens(struct reload *r)
{
	enum token_status st;
	struct token t;
	char **names, *path, err[ERR_LEN];
	size_t i, n;

	names = list(r, r->s.tokens, TOKEN_SUFFIX, &n);
	for (i = 0; i < n; i++) {
		path = util_path_join(r->s.tokens, names[i]);
		st = r->have_pk ? token_verify(path, &r->pk, r->now, &t, err) :
		    TOKEN_IO;
		if (st == TOKEN_EXPIRED)
			remove_file(r, path, "expired");
		else if ((st == TOKEN_OK || st == TOKEN_NOT_YET_VALID) &&
		    token_spent(r, &t))
			remove_file(r, path, "spent: its attempt has a result");
		else if (st != TOKEN_OK && st != TOKEN_NOT_YET_VALID)
			printf("kept %s: cannot verify it: %s\n", path,
			    r->have_pk ? err : "no awarding body key");
		if (st == TOKEN_OK || st == TOKEN_NOT_YET_VALID ||
		    st == TOKEN_EXPIRED)
			token_free(&t);
		free(path);
	}
	list_free(names, n);
}

/* The tests with an attempt that has a journal but no result yet. */
static char **
open_tests(struct reload *r, size_t *nopen)
{
	struct attempt *a;
	char **names, **tests = NULL, *path, *result, err[ERR_LEN];
	size_t i, n, len;

	*nopen = 0;
	names = list(r, r->s.attempts, ".journal", &n);
	for (i = 0; i < n; i++) {
		len = strlen(names[i]) - strlen(".journal");
		xasprintf(&result, "%s/%.*s.result", r->s.results, (int)len,
		    names[i]);
		path = util_path_join(r->s.attempts, names[i]);
		if (!exists(result) &&
		    (a = attempt_load(path, 0, NULL, err)) != NULL) {
			tests = xrealloc(tests, (*nopen + 1) * sizeof *tests);
			tests[(*nopen)++] = xstrdup(a->test);
			attempt_free(a);
		}
		free(path);
		free(result);
	}
	list_free(names, n);
	return (tests);
}

struct pkg_seen {
	char		*path;
	struct seal_info info;
};

/* Verified packages on the stick; the others are reported and kept. */
static struct pkg_seen *
read_packages(struct reload *r, size_t *nseen)
{
	struct pkg_seen *seen = NULL;
	struct seal_info info;
	char **names, *path, err[ERR_LEN];
	size_t i, n;

	*nseen = 0;
	names = list(r, r->s.packages, "", &n);
	for (i = 0; i < n; i++) {
		path = util_path_join(r->s.packages, names[i]);
		if (r->have_pk &&
		    seal_verify(path, &r->pk, &info, err) == SEAL_OK) {
			seen = xrealloc(seen, (*nseen + 1) * sizeof *seen);
			seen[*nseen].path = path;
			seen[(*nseen)++].info = info;
			continue;
		}
		printf("kept %s: not a package this key verifies\n", path);
		free(path);
	}
	list_free(names, n);
	return (seen);
}

static void
reload_packages(struct reload *r)
{
	struct pkg_seen *seen;
	char **open, *why;
	size_t i, j, nseen, nopen;
	int newer, busy;

	seen = read_packages(r, &nseen);
	open = open_tests(r, &nopen);
	for (i = 0; i < nseen; i++) {
		for (j = 0, newer = 0; j < nseen; j++)
			newer |= strcmp(seen[j].info.test,
			    seen[i].info.test) == 0 &&
			    seen[j].info.version > seen[i].info.version;
		for (j = 0, busy = 0; j < nopen; j++)
			busy |= strcmp(open[j], seen[i].info.test) == 0;
		if (newer && busy)
			printf("kept %s: an attempt at test %s is not ended\n",
			    seen[i].path, seen[i].info.test);
		else if (newer) {
			xasprintf(&why, "a newer version of test %s is on the"
			    " stick", seen[i].info.test);
			remove_file(r, seen[i].path, why);
			free(why);
		}
	}
	for (i = 0; i < nseen; i++) {
		free(seen[i].path);
		seal_info_free(&seen[i].info);
	}
	free(seen);
	list_free(open, nopen);
}

static int
reload_start(struct reload *r, const char *stick, const char *reg,
    const char *key)
{
	char err[ERR_LEN];

	memset(r, 0, sizeof *r);
	if (rstick_open(&r->s, stick, 1, err) == -1 ||
	    register_load(&r->reg, reg, err) == -1) {
		reloader_warn("reload: %s", err);
		rstick_free(&r->s);
		return (-1);
	}
	if (sig_pubkey_load(&r->pk, key ? key : r->s.body_pub, err) == 0)
		r->have_pk = 1;
	else
		reloader_warn("reload: awarding body key: %s; tokens and"
		    " packages are kept", err);
	r->now = util_wall_seconds();
	return (0);
}

int
cmd_reload(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "register", required_argument, NULL, 'R' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stick = NULL, *reg = RCONF_OR(reg, REGISTER_DEFAULT);
	const char *key = RCONF_OR(body_key, NULL);
	struct reload r;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:R:k:h", opts, NULL)) != -1) {
		if (c == 's')
			stick = optarg;
		else if (c == 'R')
			reg = optarg;
		else if (c == 'k')
			key = optarg;
		else {
			reload_usage(c == 'h' ? stdout : stderr);
			return (c == 'h' ? RELOADER_OK : RELOADER_USAGE);
		}
	}
	if (stick == NULL || optind != argc) {
		reloader_warn("reload: give --stick DIR; see reloader reload"
		    " --help");
		return (RELOADER_USAGE);
	}
	if (reload_start(&r, stick, reg, key) == -1)
		return (RELOADER_USAGE);
	reload_results(&r);
	reload_tokens(&r);
	reload_packages(&r);
	printf("%s: %zu file%s removed\n", stick, r.removed,
	    r.removed == 1 ? "" : "s");
	register_free(&r.reg);
	rstick_free(&r.s);
	return (r.errors ? RELOADER_USAGE : RELOADER_OK);
}
