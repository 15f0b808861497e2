/*
 * reloader load: copy test packages and candidate tokens onto a prepared
 * stick, each only after its signature verifies with the awarding body's
 * key.  A token must also be for the stick's centre, not expired, and not
 * used already on this stick.  A file that fails is reported with the
 * reason and not copied; the others are still loaded.  A package or token
 * whose test examiner.conf does not offer is loaded with a warning.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "reloader.h"
#include "seal.h"
#include "sig.h"
#include "token.h"

struct load {
	struct rstick		 s;
	struct sig_pubkey	 pk;
	char			*centre;	/* examiner.conf's, or NULL */
	struct conf		 conf;		/* the stick's examiner.conf */
	int			 have_conf;
	int64_t			 now;
};

static void
load_usage(FILE *out)
{
	fprintf(out, "usage: reloader load --stick DIR [--key SIGNING.pub]"
	    " FILE...\n"
	    "\n"
	    "Copy sealed test packages to examstick/packages/ and candidate"
	    " tokens to\n"
	    "examstick/tokens/ after checking each signature with the"
	    " awarding body's key.\n"
	    "A token must be for the centre in examiner.conf, not expired,"
	    " and not used\n"
	    "on this stick.  Files that fail are reported and not copied.  A"
	    " file whose\n"
	    "test examiner.conf does not offer is loaded with a warning.\n"
	    "\n"
	    "  -s, --stick DIR   a stick that reloader prepare made\n"
	    "  -k, --key FILE    the awarding body's signing.pub (default:"
	    " the stick's\n"
	    "                    keys/" RSTICK_BODY_PUB ")\n"
	    "  -h, --help        print this help\n"
	    "\n"
	    "Exit status: 0 all loaded, 1 a file failed its check, 2 usage"
	    " or I/O error.\n");
}

/* Compare a file on the stick with data; 1 if the same bytes. */
static int
same_file(const char *path, const char *data, size_t len)
{
	char *text, err[ERR_LEN];
	size_t n;
	int same;

	if (util_read_file(path, SEAL_MAX_BYTES, &text, &n, err) == -1)
		return (0);
	same = n == len && memcmp(text, data, len) == 0;
	free(text);
	return (same);
}

static int
exists(const char *path)
{
	struct stat st;

	return (lstat(path, &st) == 0);
}

/* Copy data to dest unless dest already contains other bytes. */
static int
place(const char *file, const char *dest, const char *data, size_t len,
    const char *what)
{
	char err[ERR_LEN];

	if (exists(dest) && same_file(dest, data, len)) {
		printf("%s: %s, already on the stick as %s\n", file, what,
		    dest);
		return (RELOADER_OK);
	}
	if (exists(dest)) {
		reloader_warn("load %s: %s holds a different file: remove it"
		    " or reload the stick first", file, dest);
		return (RELOADER_FAIL);
	}
	if (util_write_atomic(dest, data, len, err) == -1) {
		reloader_warn("load %s: %s", file, err);
		return (RELOADER_USAGE);
	}
	printf("%s: %s, loaded as %s\n", file, what, dest);
	return (RELOADER_OK);
}

static int
same_inode(const char *a, const char *b)
{
	struct stat sa, sb;

	return (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/*
 * Warn when examiner.conf will not offer a loaded package's test: no
 * [test ID] section for it, or one that names another file.  The
 * package stays loaded, because the configuration may be written after.
 */
static void
check_package_conf(const struct load *l, const char *file, const char *dest,
    const char *test)
{
	const struct conf_test *t;
	char *copy;

	if (!l->have_conf)
		return;
	copy = xstrdup(dest);
	t = conf_test(&l->conf, test);
	if (t == NULL)
		reloader_warn("load %s: examiner.conf has no [test %s] section,"
		    " so the Examiner does not offer this test: add one with"
		    " package = E:\\examstick\\packages\\%s", file, test,
		    basename(copy));
	else if (!same_inode(t->package, dest))
		reloader_warn("load %s: [test %s] in examiner.conf names %s,"
		    " not this package: set its package to"
		    " E:\\examstick\\packages\\%s", file, test, t->package,
		    basename(copy));
	free(copy);
}

static int
load_package(struct load *l, const char *file, const char *data,
    size_t len)
{
	struct seal_info info;
	enum seal_status st;
	char err[ERR_LEN], *copy, *dest, *what;
	int rc;

	st = seal_verify_buffer((const unsigned char *)data, len, &l->pk,
	    &info, err);
	if (st != SEAL_OK) {
		reloader_warn("load %s: %s", file, err);
		return (RELOADER_FAIL);
	}
	copy = xstrdup(file);
	dest = util_path_join(l->s.packages, basename(copy));
	free(copy);
	xasprintf(&what, "package for test %s version %u%s", info.test,
	    info.version, info.practice ? " (practice)" : "");
	rc = place(file, dest, data, len, what);
	if (rc == RELOADER_OK)
		check_package_conf(l, file, dest, info.test);
	free(what);
	free(dest);
	seal_info_free(&info);
	return (rc);
}

/* A token whose attempt has a journal or a result on the stick is spent. */
static int
token_used(const struct load *l, const struct token *t)
{
	char *id = token_attempt_id(t), *path;
	int used;

	xasprintf(&path, "%s/%s.result", l->s.results, id);
	used = exists(path);
	free(path);
	xasprintf(&path, "%s/%s.journal", l->s.attempts, id);
	used |= exists(path);
	free(path);
	free(id);
	return (used);
}

/* What the centre can do about a token that failed its check. */
static const char *
token_advice(enum token_status st)
{
	switch (st) {
	case TOKEN_EXPIRED:
		return ("; ask the awarding body to issue a new token");
	case TOKEN_MALFORMED:
	case TOKEN_TAMPERED:
		return ("; load the file exactly as the awarding body sent"
		    " it, or ask for it again");
	default:
		return ("");
	}
}

static int
load_token(struct load *l, const char *file, const char *data, size_t len)
{
	enum token_status st;
	struct token t;
	char err[ERR_LEN], *name, *dest, *what;
	int rc = RELOADER_FAIL;

	st = token_verify_buffer(data, len, &l->pk, l->now, &t, err);
	if (st != TOKEN_OK && st != TOKEN_NOT_YET_VALID) {
		if (st == TOKEN_EXPIRED)
			token_free(&t);
		reloader_warn("load %s: %s%s", file, err, token_advice(st));
		return (RELOADER_FAIL);
	}
	name = token_file_name(&t);
	if (l->centre != NULL && strcmp(t.centre, l->centre) != 0)
		reloader_warn("load %s: the token is for centre %s, but this"
		    " stick is for centre %s: load it on a stick prepared for"
		    " centre %s", file, t.centre, l->centre, t.centre);
	else if (token_used(l, &t))
		reloader_warn("load %s: attempt %.*s was already taken on this"
		    " stick: a token is used once; a retake needs a new token",
		    file, (int)(strlen(name) - strlen(TOKEN_SUFFIX)), name);
	else {
		dest = util_path_join(l->s.tokens, name);
		xasprintf(&what, "token for candidate %s, test %s, attempt %d",
		    t.candidate, t.test, t.attempt);
		rc = place(file, dest, data, len, what);
		if (rc == RELOADER_OK && l->have_conf &&
		    conf_test(&l->conf, t.test) == NULL)
			reloader_warn("load %s: examiner.conf has no [test %s]"
			    " section, so the Examiner refuses this token at"
			    " login: add the test, or load the token on the"
			    " stick that has it", file, t.test);
		free(what);
		free(dest);
	}
	free(name);
	token_free(&t);
	return (rc);
}

static int
load_one(struct load *l, const char *file)
{
	char *data, err[ERR_LEN];
	size_t len;
	int rc;

	if (util_read_file(file, SEAL_MAX_BYTES, &data, &len, err) == -1) {
		reloader_warn("load: %s", err);
		return (RELOADER_USAGE);
	}
	if (seal_is_package(data, len))
		rc = load_package(l, file, data, len);
	else if (len > 16 && memcmp(data, "examstick token ", 16) == 0)
		rc = load_token(l, file, data, len);
	else {
		reloader_warn("load %s: not a sealed test package or a"
		    " candidate token: give the .estp files that examstick"
		    " pack wrote and the .token files of examstick issue",
		    file);
		rc = RELOADER_FAIL;
	}
	free(data);
	return (rc);
}

/* Read the stick's examiner.conf, when the file is there. */
static void
load_conf(struct load *l)
{
	char *path, err[ERR_LEN];

	path = util_path_join(l->s.dir, "examiner.conf");
	if (conf_load(&l->conf, path, l->s.root, NULL, err) == 0) {
		l->have_conf = 1;
		l->centre = xstrdup(l->conf.centre_id);
	} else if (exists(path))
		reloader_warn("load: %s; tokens are loaded without checking"
		    " their centre, and packages and tokens without checking"
		    " their tests", err);
	free(path);
}

static int
load_start(struct load *l, const char *stick, const char *key)
{
	char err[ERR_LEN];

	memset(l, 0, sizeof *l);
	if (rstick_open(&l->s, stick, 1, err) == -1) {
		reloader_warn("load: %s", err);
		return (-1);
	}
	if (sig_pubkey_load(&l->pk, key ? key : l->s.body_pub, err) == -1) {
		reloader_warn("load: awarding body key: %s", err);
		rstick_free(&l->s);
		return (-1);
	}
	if (util_mkdir_p(l->s.packages, err) == -1 ||
	    util_mkdir_p(l->s.tokens, err) == -1) {
		reloader_warn("load: %s", err);
		rstick_free(&l->s);
		return (-1);
	}
	load_conf(l);
	l->now = util_wall_seconds();
	return (0);
}

int
cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stick = NULL, *key = RCONF_OR(body_key, NULL);
	struct load l;
	int c, i, rc = RELOADER_OK, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:k:h", opts, NULL)) != -1) {
		if (c == 's')
			stick = optarg;
		else if (c == 'k')
			key = optarg;
		else {
			load_usage(c == 'h' ? stdout : stderr);
			return (c == 'h' ? RELOADER_OK : RELOADER_USAGE);
		}
	}
	if (stick == NULL || optind == argc) {
		reloader_warn("load: give --stick DIR and the files to load;"
		    " see reloader load --help");
		return (RELOADER_USAGE);
	}
	if (load_start(&l, stick, key) == -1)
		return (RELOADER_USAGE);
	for (i = optind; i < argc; i++) {
		r = load_one(&l, argv[i]);
		if (r > rc)
			rc = r;
	}
	free(l.centre);
	if (l.have_conf)
		conf_free(&l.conf);
	rstick_free(&l.s);
	return (rc);
}
