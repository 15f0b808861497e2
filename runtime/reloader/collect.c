/*
 * reloader collect: verify every result on a stick with its stick's key
 * from the centre's register, and bundle the good ones with their
 * signatures and journals into a signed tar.  Only after the written
 * bundle verifies are the results recorded as collected, in the register
 * (which reload trusts) and with a note beside each result on the stick.
 * A result that fails is reported by name and reason and left where it
 * is.  Approval results go in the bundle as they are, after they verify.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "approval.h"
#include "bundle.h"
#include "passphrase.h"
#include "register.h"
#include "reloader.h"
#include "result.h"
#include "sig.h"

#define SIG_FILE_MAX	8192

struct collect_opts {
	const char	*stick;
	const char	*out;
	const char	*key;
	const char	*passfile;
	const char	*reg;
	char		*out_made;	/* a name in results_out, or NULL */
};

/* The state of one collect run, gathered before the bundle is written. */
struct collect {
	const struct collect_opts *o;
	struct rstick		 s;
	struct stick_register	 reg;
	const struct reg_stick	*self;		/* the stick collected */
	struct bundle_file	*files;
	size_t			 nfiles;
	char			**paths;	/* owned paths of files */
	struct reg_collected	*done;		/* results in the bundle */
	size_t			 ndone;
	char			(*asticks)[17];	/* sticks of approvals */
	size_t			 napprovals;	/* approval results */
	int			 failed;
};

static void
collect_usage(FILE *out)
{
	fprintf(out, "usage: reloader collect --stick DIR --out BUNDLE --key"
	    " CENTRE.key\n"
	    "       [--passphrase-file FILE] [--register FILE]\n"
	    "\n"
	    "Verify every result on the stick with its stick's key from the"
	    " centre's\n"
	    "register, write the good ones, their signatures and journals to"
	    " BUNDLE (a\n"
	    "tar with a manifest signed by the centre's key), verify BUNDLE,"
	    " and only\n"
	    "then record the results as collected.  A result that fails is"
	    " reported\n"
	    "and left on the stick.  Approval results (approval/*.approval)"
	    " that verify\n"
	    "go in the bundle too, and stay on the stick.\n"
	    "\n"
	    "  -s, --stick DIR              a stick that reloader prepare"
	    " made\n"
	    "  -o, --out FILE               the bundle to write (must not"
	    " exist)\n"
	    "  -k, --key FILE               the centre's minisign secret"
	    " key\n"
	    "  -p, --passphrase-file FILE   read the key's passphrase from"
	    " FILE\n"
	    "  -R, --register FILE          the stick register, by default\n"
	    "                               " REGISTER_DEFAULT "\n"
	    "  -h, --help                   print this help\n"
	    "\n"
	    "Exit status: 0 every result collected, 1 a result failed its"
	    " check, 2 usage\nor I/O error.\n");
}

/*
 * A new bundle's name in results_out: CENTRE-YYYYmmddTHHMMSSZ.tar, with
 * the centre from reloader.conf.
 */
static char *
bundle_name(void)
{
	char when[32], *name;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &tm);
	xasprintf(&name, "%s/%s-%s.tar", rconf.results_out,
	    RCONF_OR(centre_id, "centre"), when);
	return (name);
}

static int
collect_parse(int argc, char **argv, struct collect_opts *o)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "register", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->reg = RCONF_OR(reg, REGISTER_DEFAULT);
	o->key = RCONF_OR(centre_key, NULL);
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:o:k:p:R:h", opts, NULL)) != -1) {
		if (c == 's')
			o->stick = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'k')
			o->key = optarg;
		else if (c == 'p')
			o->passfile = optarg;
		else if (c == 'R')
			o->reg = optarg;
		else {
			collect_usage(c == 'h' ? stdout : stderr);
			return (c == 'h' ? 1 : -1);
		}
	}
	if (o->out == NULL && rconf.results_out != NULL) {
		if (mkdir(rconf.results_out, 0700) == -1 && errno != EEXIST)
			reloader_warn("collect: cannot make results_out %s:"
			    " %s", rconf.results_out, strerror(errno));
		o->out = o->out_made = bundle_name();
	}
	if (optind != argc || o->stick == NULL || o->out == NULL ||
	    o->key == NULL) {
		reloader_warn("collect: --stick, --out and --key are required"
		    " (results_out and centre_key in reloader.conf give the"
		    " last two); see reloader collect --help");
		free(o->out_made);
		return (-1);
	}
	return (0);
}

/* Load the centre's key, asking for a passphrase only if it has one. */
static struct sig_seckey *
load_key(const struct collect_opts *o)
{
	struct sig_seckey *key;
	char err[ERR_LEN], *pass;

	if (access(o->key, R_OK) == -1) {
		reloader_warn("collect: key %s: %s", o->key, strerror(errno));
		return (NULL);
	}
	if (o->passfile == NULL &&
	    (key = sig_seckey_load(o->key, NULL, err)) != NULL)
		return (key);
	if ((pass = passphrase_read(o->passfile, "Passphrase for the centre"
	    " key: ", 0, err)) == NULL) {
		reloader_warn("collect: %s", err);
		return (NULL);
	}
	key = sig_seckey_load(o->key, pass, err);
	passphrase_free(pass);
	if (key == NULL)
		reloader_warn("collect: load key: %s", err);
	return (key);
}

/* The value of "KEY: VALUE" in a result file, decoded; NULL if absent. */
static char *
result_field(const char *text, const char *key)
{
	const char *p, *nl;
	char *want, *raw, *v;

	xasprintf(&want, "\n%s: ", key);
	p = strstr(text, want);
	if (p != NULL) {
		p += strlen(want);
		nl = strchr(p, '\n');
		raw = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		v = util_pct_decode(raw, NULL);
		free(raw);
	} else
		v = NULL;
	free(want);
	return (v);
}

/* The key id bytes of a stick id printed as minisign prints it. */
static int
stick_keyid(const char *hex, unsigned char keyid[SIG_KEYID_BYTES])
{
	unsigned char be[SIG_KEYID_BYTES];
	size_t i;

	if (hex == NULL || strlen(hex) != 16 ||
	    util_unhex(hex, be, sizeof be) == -1)
		return (-1);
	for (i = 0; i < SIG_KEYID_BYTES; i++)
		keyid[i] = be[SIG_KEYID_BYTES - 1 - i];
	return (0);
}

static void
add_file(struct collect *c, char *path, unsigned char *data, size_t len)
{
	c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
	c->paths = xrealloc(c->paths, (c->nfiles + 1) * sizeof *c->paths);
	c->files[c->nfiles].path = path;
	c->files[c->nfiles].data = data;
	c->files[c->nfiles].len = len;
	c->paths[c->nfiles] = path;
	c->nfiles++;
}

static void
collect_free(struct collect *c)
{
	size_t i;

	for (i = 0; i < c->nfiles; i++) {
		free(c->paths[i]);
		free((void *)c->files[i].data);
	}
	free(c->files);
	free(c->paths);
	for (i = 0; i < c->ndone; i++) {
		free(c->done[i].attempt);
		free(c->done[i].bundle);
		free(c->done[i].when);
	}
	free(c->done);
	free(c->asticks);
	register_free(&c->reg);
	rstick_free(&c->s);
}

static void
fail_file(struct collect *c, const char *path, const char *why)
{
	reloader_warn("collect %s: %s; the file is left on the stick", path,
	    why);
	c->failed = 1;
}

/* Read a file of the stick into the bundle under name. */
static int
add_stick_file(struct collect *c, const char *path, const char *name,
    size_t max, char *err)
{
	char *data;
	size_t len;

	if (util_read_file(path, max, &data, &len, err) == -1)
		return (-1);
	add_file(c, xstrdup(name), (unsigned char *)data, len);
	return (0);
}

/* The result's three files, in bundle order. */
static int
add_result_files(struct collect *c, const char *name, const char *path,
    const char *journal, char *err)
{
	char *sigpath, *jpath, *tarname;
	int rc;

	xasprintf(&tarname, "results/%s", name);
	rc = add_stick_file(c, path, tarname, RESULT_MAX_BYTES, err);
	free(tarname);
	xasprintf(&sigpath, "%s.minisig", path);
	xasprintf(&tarname, "results/%s.minisig", name);
	if (rc == 0)
		rc = add_stick_file(c, sigpath, tarname, SIG_FILE_MAX, err);
	free(sigpath);
	free(tarname);
	jpath = util_path_join(c->s.dir, journal);
	if (rc == 0)
		rc = add_stick_file(c, jpath, journal, JOURNAL_MAX_BYTES, err);
	free(jpath);
	return (rc);
}

/* Decide whether a verified result goes in the bundle. */
static int
check_once(struct collect *c, const char *path, const char *id,
    const unsigned char *hash)
{
	const struct reg_collected *prev = register_collected(&c->reg, id);
	char *why;

	if (prev == NULL)
		return (1);
	if (sodium_memcmp(prev->hash, hash, REGISTER_HASH_BYTES) == 0) {
		printf("%s: already collected in %s at %s\n", path,
		    prev->bundle, prev->when);
		return (0);
	}
	xasprintf(&why, "attempt %s was already collected from stick %s in"
	    " %s at %s, with another result: a token was used twice", id,
	    prev->stick, prev->bundle, prev->when);
	fail_file(c, path, why);
	free(why);
	return (0);
}

struct result_head {
	char		*text;
	size_t		 len;
	char		*id, *stick, *journal;
};

static void
head_free(struct result_head *h)
{
	free(h->text);
	free(h->id);
	free(h->stick);
	free(h->journal);
}

/* Verify one result; if it is good and new, queue it for the bundle. */
static void
collect_one(struct collect *c, const char *name)
{
	char *path = util_path_join(c->s.results, name), reason[ERR_LEN];
	unsigned char keyid[SIG_KEYID_BYTES], hash[REGISTER_HASH_BYTES];
	const struct reg_stick *rs = NULL;
	struct result_head h = { NULL, 0, NULL, NULL, NULL };
	struct reg_collected *d;

	if (util_read_file(path, RESULT_MAX_BYTES, &h.text, &h.len,
	    reason) == -1) {
		fail_file(c, path, reason);
		goto out;
	}
	h.id = result_field(h.text, "id");
	h.stick = result_field(h.text, "stick");
	h.journal = result_field(h.text, "journal");
	if (h.id == NULL || h.journal == NULL ||
	    stick_keyid(h.stick, keyid) == -1) {
		fail_file(c, path, "not a result file: no id, stick or"
		    " journal");
		goto out;
	}
	if ((rs = register_stick(&c->reg, keyid)) == NULL) {
		errf(reason, "stick %s is not in the register %s: this centre"
		    " did not prepare it", h.stick, c->o->reg);
		fail_file(c, path, reason);
		goto out;
	}
	if (result_verify(path, &rs->pk, reason) != RESULT_OK) {
		fail_file(c, path, reason);
		goto out;
	}
	crypto_generichash(hash, sizeof hash, (unsigned char *)h.text, h.len,
	    NULL, 0);
	if (!check_once(c, path, h.id, hash))
		goto out;
	if (add_result_files(c, name, path, h.journal, reason) == -1) {
		fail_file(c, path, reason);
		goto out;
	}
	c->done = xrealloc(c->done, (c->ndone + 1) * sizeof *c->done);
	d = &c->done[c->ndone++];
	memset(d, 0, sizeof *d);
	d->attempt = xstrdup(h.id);
	memcpy(d->stick, rs->id, sizeof d->stick);
	memcpy(d->hash, hash, sizeof hash);
out:
	head_free(&h);
	free(path);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n > m && strcmp(s + n - m, suffix) == 0);
}

static int
is_result(const struct dirent *de)
{
	return (de->d_name[0] != '.' && has_suffix(de->d_name, ".result"));
}

static int
is_journal(const struct dirent *de)
{
	return (de->d_name[0] != '.' && has_suffix(de->d_name, ".journal"));
}

/* Name the attempts that have a journal but no result yet. */
static void
report_unfinished(const struct collect *c)
{
	struct dirent **names;
	struct stat st;
	char *result;
	size_t len;
	int i, n;

	if ((n = scandir(c->s.attempts, &names, is_journal, alphasort)) < 0)
		return;
	for (i = 0; i < n; i++) {
		len = strlen(names[i]->d_name) - strlen(".journal");
		xasprintf(&result, "%s/%.*s.result", c->s.results, (int)len,
		    names[i]->d_name);
		if (stat(result, &st) == -1)
			printf("%s/%s: attempt not ended, no result yet: left"
			    " on the stick\n", c->s.attempts,
			    names[i]->d_name);
		free(result);
		free(names[i]);
	}
	free(names);
}

static int
scan_results(struct collect *c)
{
	struct dirent **names;
	int i, n;

	if ((n = scandir(c->s.results, &names, is_result, alphasort)) < 0) {
		reloader_warn("collect: %s: %s", c->s.results,
		    strerror(errno));
		return (-1);
	}
	for (i = 0; i < n; i++) {
		collect_one(c, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	report_unfinished(c);
	return (0);
}

static int
is_approval(const struct dirent *de)
{
	return (de->d_name[0] != '.' && has_suffix(de->d_name,
	    APPROVAL_SUFFIX));
}

/*
 * Verify one approval result with its stick's key from the register and
 * queue it for the bundle.  Approval results are carried in every bundle
 * while they are on the stick; reload never removes them.
 */
static void
collect_approval(struct collect *c, const char *dir, const char *name)
{
	char *path = util_path_join(dir, name), *text = NULL, *tarname;
	char reason[ERR_LEN], stick[17];
	unsigned char keyid[SIG_KEYID_BYTES];
	const struct reg_stick *rs;
	struct approval a;
	size_t len;

	if (util_read_file(path, APPROVAL_MAX_BYTES, &text, &len,
	    reason) == -1 ||
	    approval_peek_stick(text, len, stick, reason) == -1 ||
	    stick_keyid(stick, keyid) == -1) {
		fail_file(c, path, reason);
		goto out;
	}
	if ((rs = register_stick(&c->reg, keyid)) == NULL) {
		errf(reason, "stick %s is not in the register %s: this centre"
		    " did not prepare it", stick, c->o->reg);
		fail_file(c, path, reason);
		goto out;
	}
	if (approval_verify_buffer(text, len, &rs->pk, &a, reason) !=
	    APPROVAL_OK) {
		fail_file(c, path, reason);
		goto out;
	}
	approval_free(&a);
	xasprintf(&tarname, APPROVAL_DIR "/%s", name);
	add_file(c, tarname, (unsigned char *)text, len);
	text = NULL;
	c->asticks = xrealloc(c->asticks, (c->napprovals + 1) *
	    sizeof *c->asticks);
	memcpy(c->asticks[c->napprovals++], rs->id, 17);
out:
	free(text);
	free(path);
}

/* Queue every approval result of the stick; none is no error. */
static void
scan_approvals(struct collect *c)
{
	struct dirent **names;
	char *dir = util_path_join(c->s.dir, APPROVAL_DIR);
	int i, n;

	if ((n = scandir(dir, &names, is_approval, alphasort)) < 0) {
		if (errno != ENOENT)
			reloader_warn("collect: %s: %s", dir,
			    strerror(errno));
		free(dir);
		return;
	}
	for (i = 0; i < n; i++) {
		collect_approval(c, dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/* Add keys/ID.pub for the stick id from the register, once. */
static void
add_key(struct collect *c, const char *id)
{
	const struct reg_stick *rs;
	unsigned char keyid[SIG_KEYID_BYTES];
	char *name, *text;
	size_t i;

	xasprintf(&name, "keys/%s.pub", id);
	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].path, name) == 0)
			break;
	if (i < c->nfiles || stick_keyid(id, keyid) == -1 ||
	    (rs = register_stick(&c->reg, keyid)) == NULL) {
		free(name);
		return;
	}
	text = register_pubkey_text(rs);
	add_file(c, name, (unsigned char *)text, strlen(text));
}

/* The public keys of the sticks whose files are in the bundle. */
static void
add_keys(struct collect *c)
{
	size_t i;

	for (i = 0; i < c->ndone; i++)
		add_key(c, c->done[i].stick);
	for (i = 0; i < c->napprovals; i++)
		add_key(c, c->asticks[i]);
}

/* Mark each result on the stick; the register already has them. */
static void
mark_on_stick(struct collect *c)
{
	char hex[2 * REGISTER_HASH_BYTES + 1], *path, *text, err[ERR_LEN];
	size_t i;

	for (i = 0; i < c->ndone; i++) {
		util_hex(c->done[i].hash, REGISTER_HASH_BYTES, hex, 0);
		xasprintf(&path, "%s/%s.collected", c->s.results,
		    c->done[i].attempt);
		xasprintf(&text, "bundle %s\nresult %s\nwhen %s\n",
		    c->done[i].bundle, hex, c->done[i].when);
		if (util_write_atomic(path, text, strlen(text), err) == -1)
			reloader_warn("collect: %s (the register has the"
			    " result as collected)", err);
		free(path);
		free(text);
	}
}

/* Record the bundled results in the register, then on the stick. */
static int
record(struct collect *c, const struct bundle_manifest *m)
{
	char *copy, err[ERR_LEN];
	size_t i;

	copy = xstrdup(c->o->out);
	for (i = 0; i < c->ndone; i++) {
		c->done[i].bundle = xstrdup(basename(copy));
		c->done[i].when = xstrdup(m->created);
	}
	free(copy);
	if (c->ndone > 0 &&
	    register_add_collected(c->o->reg, c->done, c->ndone, err) == -1) {
		reloader_warn("collect: %s: %s is written and verified, but"
		    " its results are not recorded as collected; they stay on"
		    " the stick", err, c->o->out);
		return (-1);
	}
	mark_on_stick(c);
	return (0);
}

static int
write_bundle(struct collect *c, const struct sig_seckey *key)
{
	struct bundle_manifest m, check;
	struct sig_pubkey pk;
	char err[ERR_LEN];
	size_t i;
	int rc;

	memset(&m, 0, sizeof m);
	m.centre = xstrdup(c->self->centre);
	memcpy(m.stick, c->self->id, sizeof m.stick);
	m.results = xcalloc(c->ndone, sizeof *m.results);
	for (i = 0; i < c->ndone; i++) {
		m.results[i].attempt = xstrdup(c->done[i].attempt);
		memcpy(m.results[i].stick, c->done[i].stick, 17);
	}
	m.nresults = c->ndone;
	memcpy(pk.keyid, key->keyid, sizeof pk.keyid);
	memcpy(pk.pk, key->sk + 32, sizeof pk.pk);
	rc = bundle_write(c->o->out, &m, c->files, c->nfiles, key, err);
	if (rc == 0 && bundle_verify(c->o->out, &pk, NULL, &check, err) !=
	    BUNDLE_OK) {
		unlink(c->o->out);
		rc = -1;
	} else if (rc == 0)
		bundle_manifest_free(&check);
	if (rc == -1)
		reloader_warn("collect: %s; nothing is recorded as collected",
		    err);
	else
		rc = record(c, &m);
	bundle_manifest_free(&m);
	return (rc);
}

static int
collect_start(struct collect *c, const struct collect_opts *o)
{
	struct sig_pubkey pk;
	char err[ERR_LEN];

	memset(c, 0, sizeof *c);
	c->o = o;
	if (rstick_open(&c->s, o->stick, 1, err) == -1 ||
	    sig_pubkey_load(&pk, c->s.stick_pub, err) == -1 ||
	    register_load(&c->reg, o->reg, err) == -1) {
		reloader_warn("collect: %s", err);
		return (-1);
	}
	if ((c->self = register_stick(&c->reg, pk.keyid)) == NULL) {
		sig_keyid_hex(pk.keyid, err);
		reloader_warn("collect: stick %s (%s) is not in the register"
		    " %s: collect it on the centre machine that prepared it,"
		    " or give that machine's --register", err, o->stick,
		    o->reg);
		return (-1);
	}
	return (0);
}

static int
collect_run(const struct collect_opts *o)
{
	struct sig_seckey *key = NULL;
	struct collect c;
	int rc = RELOADER_USAGE;

	if (collect_start(&c, o) == -1)
		goto out;
	if (access(o->out, F_OK) == 0) {
		reloader_warn("collect: %s already exists: choose another"
		    " name", o->out);
		goto out;
	}
	if ((key = load_key(o)) == NULL || scan_results(&c) == -1)
		goto out;
	scan_approvals(&c);
	if (c.ndone == 0 && c.napprovals == 0) {
		printf("%s: no new results to collect\n", o->stick);
		rc = c.failed ? RELOADER_FAIL : RELOADER_OK;
		goto out;
	}
	add_keys(&c);
	if (write_bundle(&c, key) == 0) {
		printf("%s: %zu result%s collected from stick %s\n", o->out,
		    c.ndone, c.ndone == 1 ? "" : "s", c.self->id);
		if (c.napprovals > 0)
			printf("%s: %zu approval result%s carried\n", o->out,
			    c.napprovals, c.napprovals == 1 ? "" : "s");
		rc = c.failed ? RELOADER_FAIL : RELOADER_OK;
	}
out:
	sig_seckey_free(key);
	collect_free(&c);
	return (rc);
}

int
cmd_collect(int argc, char **argv)
{
	struct collect_opts o;
	int rc;

	if ((rc = collect_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? RELOADER_OK : RELOADER_USAGE);
	rc = collect_run(&o);
	free(o.out_made);
	return (rc);
}
