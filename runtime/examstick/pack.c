/*
 * examstick pack: turn a QTI content package into a sealed test package.
 * The package must pass every check of examstick check.  For a real test
 * the correct responses, scoring and feedback are cut out and written to
 * a signed marking key; a practice test keeps them.  The sealed package
 * is opened again with the new release code before the code is printed,
 * so a package that cannot be opened is never handed out.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "examstick.h"
#include "mark.h"
#include "passphrase.h"
#include "pkg.h"
#include "seal.h"
#include "sig.h"

#define DURATION_MIN_S	60
#define DURATION_MAX_S	(10 * 3600)
#define TEST_ID_MAX	32
#define TITLE_MAX	200

struct pack_opts {
	const char	*input;
	const char	*keyfile;
	const char	*out;
	const char	*marking;	/* marking key path; NULL: derived */
	const char	*passfile;
	const char	*test_id;
	const char	*title;
	const char	*pass_mark;
	unsigned	 version;
	int		 duration_s;	/* 0: from the package */
	int		 practice;
};

static int	pack_error(const char *fmt, ...) PRINTFLIKE(1, 2);

/* Print "examstick: pack: MESSAGE" and return -1. */
static int
pack_error(const char *fmt, ...)
{
	char msg[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	es_warn("pack: %s", msg);
	return (-1);
}

static void
pack_usage(FILE *f)
{
	fprintf(f, "usage: examstick pack QTI-PACKAGE --key SIGNING.key --out"
	    " FILE [OPTION]...\n"
	    "\n"
	    "Seal a QTI content package (.zip) as a signed, encrypted test"
	    " package and\n"
	    "print its release code.  The package must pass every check of"
	    " examstick\n"
	    "check.  Unless --practice is given, correct responses, response"
	    " processing,\n"
	    "feedback and scorer rubrics are removed and written to a signed"
	    " marking key.\n"
	    "\n"
	    "  -k, --key FILE              the awarding body's signing.key\n"
	    "  -o, --out FILE              the sealed package to write\n"
	    "  -m, --marking-key FILE      where the marking key goes"
	    " (default: FILE\n"
	    "                              with .marking.xml for its"
	    " extension)\n"
	    "  -P, --pass-mark MARK        pass mark: a score (30) or a"
	    " percent (60%%);\n"
	    "                              required unless --practice\n"
	    "  -i, --test-id ID            test id (default: the"
	    " assessmentTest's)\n"
	    "  -V, --test-version N        version of the test, from 1"
	    " (default 1)\n"
	    "  -t, --title TEXT            title (default: the package's)\n"
	    "  -d, --duration TIME         time allowed: 90 (minutes), 45m,"
	    " 2h, 1h30m\n"
	    "                              (default: the package's"
	    " timeLimits)\n"
	    "      --practice              keep the correct responses so the"
	    " Examiner\n"
	    "                              can mark at once\n"
	    "  -p, --passphrase-file FILE  read the key's passphrase from"
	    " FILE\n"
	    "  -h, --help                  print this help\n"
	    "\n"
	    "Exit status: 0 sealed, 1 the package is not deliverable,"
	    " 2 usage,\nkey or write error.\n");
}

/* Minutes (90), or hours and minutes (45m, 2h, 1h30m); -1 if invalid. */
static int
parse_duration(const char *s)
{
	long h = 0, m = 0, v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v > 100000)
		return (-1);
	if (*end == '\0')
		return ((int)v * 60);
	if (*end == 'h') {
		h = v;
		s = end + 1;
		if (*s == '\0')
			return ((int)(h * 3600));
		if (!isdigit((unsigned char)*s))
			return (-1);
		v = strtol(s, &end, 10);
	}
	if (*end != 'm' || end[1] != '\0' || v > 100000)
		return (-1);
	m = v;
	return ((int)(h * 3600 + m * 60));
}

/* A score with up to two decimals, or a percent from 0 to 100. */
static int
pass_mark_valid(const char *s)
{
	const char *p = s;
	char *end;
	double v;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == s)
		return (0);
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return (0);
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == '%')
		p++;
	if (*p != '\0' || p - s > 10)
		return (0);
	v = strtod(s, &end);
	return (p[-1] != '%' || v <= 100.0);
}

static int
test_id_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > TEST_ID_MAX)
		return (0);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return (0);
	return (1);
}

static int
pack_option(int c, const char *arg, struct pack_opts *o)
{
	char *end;
	long v;

	switch (c) {
	case 'k':
		o->keyfile = arg;
		break;
	case 'o':
		o->out = arg;
		break;
	case 'm':
		o->marking = arg;
		break;
	case 'p':
		o->passfile = arg;
		break;
	case 'i':
		o->test_id = arg;
		break;
	case 't':
		o->title = arg;
		break;
	case 'x':
		o->practice = 1;
		break;
	case 'P':
		if (!pass_mark_valid(arg))
			return (pack_error("invalid pass mark: %s: give a score"
			    " such as 30 or a percent such as 60%%", arg));
		o->pass_mark = arg;
		break;
	case 'V':
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno != 0 || *end != '\0' || v < 1 || v > 1000000)
			return (pack_error("invalid test version: %s: give a"
			    " whole number from 1", arg));
		o->version = (unsigned)v;
		break;
	case 'd':
		o->duration_s = parse_duration(arg);
		if (o->duration_s < DURATION_MIN_S ||
		    o->duration_s > DURATION_MAX_S)
			return (pack_error("invalid duration: %s: give"
			    " minutes (90) or hours and minutes (45m, 2h,"
			    " 1h30m), from 1 minute to 10 hours", arg));
		break;
	default:
		return (-1);
	}
	return (0);
}

static int
pack_check_opts(struct pack_opts *o)
{
	if (o->keyfile == NULL || o->out == NULL)
		return (pack_error("--key and --out are required; see"
		    " examstick pack --help"));
	if (!o->practice && o->pass_mark == NULL)
		return (pack_error("--pass-mark is required for a real test:"
		    " the marking key records it (a score such as 30 or a"
		    " percent such as 60%%)"));
	if (o->test_id != NULL && !test_id_valid(o->test_id))
		return (pack_error("invalid test id: %s: use 1 to %d letters,"
		    " digits or hyphens", o->test_id, TEST_ID_MAX));
	if (o->title != NULL && (strlen(o->title) == 0 ||
	    strlen(o->title) > TITLE_MAX || strchr(o->title, '\n')))
		return (pack_error("invalid title: use one line of 1 to %d"
		    " bytes", TITLE_MAX));
	return (0);
}

/* Returns 0 to go on, 1 after --help, -1 on a usage error. */
static int
pack_parse(int argc, char **argv, struct pack_opts *o)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "marking-key", required_argument, NULL, 'm' },
		{ "pass-mark", required_argument, NULL, 'P' },
		{ "test-id", required_argument, NULL, 'i' },
		{ "test-version", required_argument, NULL, 'V' },
		{ "title", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "practice", no_argument, NULL, 'x' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->version = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:o:m:P:i:V:t:d:p:h", opts,
	    NULL)) != -1) {
		if (c == 'h') {
			pack_usage(stdout);
			return (1);
		}
		if (pack_option(c, optarg, o) == -1) {
			if (c == '?' || c == ':')
				pack_usage(stderr);
			return (-1);
		}
	}
	if (optind + 1 != argc) {
		es_warn("pack: give exactly one QTI package; see examstick pack"
		    " --help");
		return (-1);
	}
	o->input = argv[optind];
	return (pack_check_opts(o));
}

/* The marking key's path: OUT with .marking.xml for its extension. */
static char *
marking_path(const struct pack_opts *o)
{
	const char *slash = strrchr(o->out, '/');
	const char *dot = strrchr(o->out, '.');
	char *path;

	if (o->marking != NULL)
		return (xstrdup(o->marking));
	if (dot == NULL || (slash != NULL && dot < slash) || dot == o->out ||
	    (slash != NULL && dot == slash + 1))
		dot = o->out + strlen(o->out);
	xasprintf(&path, "%.*s.marking.xml", (int)(dot - o->out), o->out);
	return (path);
}

/* Print every problem of a test that is not deliverable. */
static void
print_problems(const char *path, const struct pkg_test *t)
{
	size_t i;

	es_warn("pack: %s is not deliverable: run examstick check %s for"
	    " details", path, path);
	for (i = 0; i < t->problems.n; i++)
		fprintf(stderr, "  - %s\n", t->problems.lines[i]);
}

/*
 * Check the package as examstick check does and read its zip into
 * *zip.  Returns the test, or NULL after reporting why not.
 */
static struct pkg_test *
read_package(const struct pack_opts *o, char **zip, size_t *len, int *rc)
{
	struct pkg_test *t;
	char err[ERR_LEN];

	*rc = EXIT_USAGE;
	if ((t = pkg_open(o->input, NULL, err)) == NULL) {
		es_warn("pack: %s", err);
		return (NULL);
	}
	if (!pkg_deliverable(t)) {
		print_problems(o->input, t);
		*rc = EXIT_REJECTED;
		pkg_free(t);
		return (NULL);
	}
	if (util_read_file(o->input, pkg_default_limits.max_total_bytes, zip,
	    len, err) == -1 || *len < 4 || memcmp(*zip, "PK\3\4", 4) != 0) {
		if (*zip == NULL)
			es_warn("pack: %s", err);
		else
			es_warn("pack: %s is not a zip: pack takes a QTI"
			    " content package (.zip)", o->input);
		free(*zip);
		*zip = NULL;
		pkg_free(t);
		return (NULL);
	}
	return (t);
}

static int
manifest_names(struct seal_manifest *m, const struct pkg_test *t,
    const struct pack_opts *o)
{
	const char *id = o->test_id ? o->test_id : t->identifier;
	const char *title = o->title ? o->title : t->title;

	if (id == NULL || !test_id_valid(id))
		return (pack_error("the package's identifier %s is not a valid"
		    " test id: give --test-id with 1 to %d letters, digits or"
		    " hyphens", id ? id : "(none)", TEST_ID_MAX));
	if (title == NULL || *title == '\0')
		title = id;
	if (strlen(title) > TITLE_MAX || strchr(title, '\n') != NULL)
		return (pack_error("the package's title is not one line of"
		    " at most %d bytes: give --title", TITLE_MAX));
	m->test = xstrdup(id);
	m->title = xstrdup(title);
	return (0);
}

/* Fill the rest of the manifest from the test, the options and the zip. */
static int
build_manifest(struct seal_manifest *m, const struct pkg_test *t,
    const struct pack_opts *o, const void *zip, size_t len)
{
	char created[32], err[ERR_LEN];
	size_t i;

	m->version = o->version;
	m->duration_s = o->duration_s ? o->duration_s : t->time_limit_s;
	if (m->duration_s <= 0 || m->duration_s > 24 * 3600)
		return (pack_error("%s has no usable time limit: give"
		    " --duration", o->input));
	m->practice = o->practice;
	util_iso_time(created, util_wall_seconds());
	m->created = xstrdup(created);
	m->items = xcalloc(t->nitems, sizeof *m->items);
	for (i = 0; i < t->nitems; i++)
		m->items[m->nitems++] = xstrdup(t->items[i]->identifier);
	if (seal_manifest_hash_zip(m, zip, len, err) == -1)
		return (pack_error("%s: %s", o->input, err));
	return (0);
}

/*
 * Check the zip that will be sealed as the Examiner will read it: it must
 * be deliverable, hold the same items in the same order, and for a real
 * test no item may keep a correct response or response processing.
 */
static int
recheck(const struct pkg_test *orig, const void *zip, size_t len,
    int practice)
{
	struct pkg_test *t;
	char err[ERR_LEN];
	size_t i;
	int rc = 0;

	if ((t = pkg_open_buffer(zip, len, "stripped.zip", NULL, err)) == NULL)
		return (pack_error("the stripped package: %s", err));
	if (!pkg_deliverable(t) || t->nitems != orig->nitems) {
		print_problems("the stripped package", t);
		rc = -1;
	}
	for (i = 0; rc == 0 && i < t->nitems; i++) {
		if (strcmp(t->items[i]->identifier,
		    orig->items[i]->identifier) != 0)
			rc = pack_error("item %zu of the stripped package is"
			    " %s, not %s", i + 1, t->items[i]->identifier,
			    orig->items[i]->identifier);
		else if (!practice && (t->items[i]->has_correct_response ||
		    t->items[i]->has_response_processing))
			rc = pack_error("item %s still has a correct response"
			    " or response processing after stripping",
			    t->items[i]->identifier);
	}
	pkg_free(t);
	return (rc);
}

static int
write_marking_key(const char *path, const struct seal_stripped *st,
    const struct seal_manifest *m, const struct sig_seckey *key)
{
	char err[ERR_LEN], *comment, *sig, *sigpath;
	int rc;

	xasprintf(&comment, "examstick marking key %s %u", m->test,
	    m->version);
	rc = sig_sign(key, st->marking_key, st->key_len, comment, &sig, err);
	free(comment);
	if (rc == -1)
		return (pack_error("sign the marking key: %s", err));
	xasprintf(&sigpath, "%s.minisig", path);
	rc = util_write_atomic(path, st->marking_key, st->key_len, err);
	if (rc == 0)
		rc = util_write_atomic(sigpath, sig, strlen(sig), err);
	if (rc == -1) {
		es_warn("pack: write the marking key: %s", err);
		unlink(path);
	}
	free(sig);
	free(sigpath);
	return (rc);
}

/* Open the written package with the code, as the Examiner will. */
static int
reopen(const char *path, const char *code, const struct sig_seckey *key)
{
	struct seal_package *pkg;
	struct sig_pubkey pk;
	struct pkg_test *t;
	char err[ERR_LEN];
	int ok;

	memcpy(pk.keyid, key->keyid, sizeof pk.keyid);
	memcpy(pk.pk, key->sk + 32, sizeof pk.pk);
	if (seal_open(path, code, &pk, &pkg, err) != SEAL_OK)
		return (pack_error("the written package does not open: %s",
		    err));
	t = pkg_open_buffer(pkg->zip, pkg->zip_len, "package.zip", NULL, err);
	ok = t != NULL && pkg_deliverable(t);
	pkg_free(t);
	seal_package_free(pkg);
	if (!ok)
		return (pack_error("the written package opens but is not"
		    " deliverable"));
	return (0);
}

/* Everything one pack run holds, freed by pack_job_free. */
struct pack_job {
	struct pkg_test		*t;
	char			*zip;
	size_t			 len;
	struct seal_stripped	 st;
	struct sig_seckey	*key;
	struct seal_manifest	 m;
	char			*marking;
	char			 code[SEAL_CODE_TEXT(SEAL_CODE_SYMBOLS)];
};

static void
pack_job_free(struct pack_job *j)
{
	pkg_free(j->t);
	free(j->zip);
	seal_stripped_free(&j->st);
	sig_seckey_free(j->key);
	seal_manifest_free(&j->m);
	free(j->marking);
	sodium_memzero(j->code, sizeof j->code);
}

static int
refuse_existing(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == -1)
		return (0);
	return (pack_error("%s already exists: remove it or choose another"
	    " name", path));
}

/* Strip a real test's zip and check what is left; *zip, *len follow. */
static int
pack_strip(const struct pack_opts *o, struct pack_job *j,
    const unsigned char **zip, size_t *len)
{
	struct seal_strip_args args = { j->m.test, o->version, o->pass_mark };
	char err[ERR_LEN];

	*zip = (const unsigned char *)j->zip;
	*len = j->len;
	if (!o->practice) {
		if (seal_strip(j->zip, j->len, &args, &j->st, err) == -1)
			return (pack_error("strip %s: %s", o->input, err));
		*zip = j->st.zip;
		*len = j->st.zip_len;
	}
	return (recheck(j->t, *zip, *len, o->practice));
}

static int
pack_write(const struct pack_opts *o, struct pack_job *j,
    const unsigned char *zip, size_t len)
{
	struct seal_write_args wa = { &j->m, zip, len, j->key, j->code,
	    &seal_kdf_release };
	char err[ERR_LEN], *sigpath;

	seal_code_generate(j->code, SEAL_CODE_SYMBOLS);
	if (!o->practice && write_marking_key(j->marking, &j->st, &j->m,
	    j->key) == -1)
		return (-1);
	if (seal_write(o->out, &wa, err) == -1)
		es_warn("pack: write %s: %s", o->out, err);
	else if (reopen(o->out, j->code, j->key) == 0)
		return (0);
	unlink(o->out);
	if (!o->practice) {
		unlink(j->marking);
		xasprintf(&sigpath, "%s.minisig", j->marking);
		unlink(sigpath);
		free(sigpath);
	}
	return (-1);
}

/*
 * Reject a percent pass mark when an automatically scored item has no
 * known maximum score, because mark, report and certificates then
 * cannot decide any pass.
 * The maximum is what marking would find: MAXSCORE after response
 * processing of no response, SCORE's normalMaximum, 1 for a
 * match_correct template, or the response's mapping.
 */
static int
check_percent_pass_mark(const struct pack_opts *o, const struct pack_job *j)
{
	struct mark_key *key;
	struct rp_response no_response;
	struct rp_result res;
	char err[ERR_LEN];
	size_t i;
	int rc = 0, has_max;

	if (o->practice || o->pass_mark == NULL ||
	    strchr(o->pass_mark, '%') == NULL)
		return (0);
	memset(&no_response, 0, sizeof no_response);
	if ((key = mark_key_open_buffer(j->zip, j->len, o->input, err)) ==
	    NULL)
		return (pack_error("%s: %s", o->input, err));
	for (i = 0; i < key->nitems; i++) {
		/*
		 * NOTE: an item that is not scored automatically, such as an
		 * essay without responseProcessing, is left to hand marking
		 * and not checked here.
		 */
		has_max = 1;
		if (key->items[i].item != NULL &&
		    rp_item_run(key->items[i].item, &no_response, 0, &res,
		    err) == 0) {
			has_max = !res.scored || res.has_max;
			rp_result_free(&res);
		}
		if (has_max)
			continue;
		rc = pack_error("%s: item '%s' has no maximum score, so the"
		    " percent pass mark %s cannot be applied: give a score"
		    " as --pass-mark (such as 30), or give the item a"
		    " MAXSCORE outcome or a normalMaximum on SCORE",
		    o->input, key->items[i].identifier, o->pass_mark);
	}
	mark_key_free(key);
	return (rc);
}

static int
pack_run(const struct pack_opts *o, struct pack_job *j)
{
	const unsigned char *zip;
	size_t len;
	int rc;

	j->marking = marking_path(o);
	if (refuse_existing(o->out) == -1 ||
	    (!o->practice && refuse_existing(j->marking) == -1))
		return (EXIT_USAGE);
	if ((j->t = read_package(o, &j->zip, &j->len, &rc)) == NULL)
		return (rc);
	if (check_percent_pass_mark(o, j) == -1)
		return (EXIT_REJECTED);
	if (manifest_names(&j->m, j->t, o) == -1 ||
	    (j->key = es_load_key(o->keyfile, o->passfile, "pack")) ==
	    NULL)
		return (EXIT_USAGE);
	if (pack_strip(o, j, &zip, &len) == -1)
		return (EXIT_REJECTED);
	if (build_manifest(&j->m, j->t, o, zip, len) == -1 ||
	    pack_write(o, j, zip, len) == -1)
		return (EXIT_USAGE);
	printf("%s: test %s version %u, \"%s\", %zu items, %d minutes%s\n",
	    o->out, j->m.test, j->m.version, j->m.title, j->m.nitems,
	    j->m.duration_s / 60, o->practice ? ", practice" : "");
	if (!o->practice)
		printf("marking key: %s (%zu parts removed from %zu items)\n",
		    j->marking, j->st.nremoved, j->st.nitems);
	printf("release code: %s\n", j->code);
	return (EXIT_OK);
}

int
cmd_pack(int argc, char **argv)
{
	struct pack_opts o;
	struct pack_job j;
	int rc;

	if ((rc = pack_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	memset(&j, 0, sizeof j);
	rc = pack_run(&o, &j);
	pack_job_free(&j);
	return (rc);
}
