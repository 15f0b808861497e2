/*
 * reloader prepare: lay out a stick's examstick/ folder and make the
 * stick's own key pair, the secret key locked by the invigilator PIN.
 * Then copy the awarding body's public keys to keys/ and record the
 * stick's public key in the centre's stick register.  Also the stick
 * paths that load, reload and collect share.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conf_pin.h"
#include "passphrase.h"
#include "register.h"
#include "reloader.h"
#include "seal.h"
#include "sig.h"

#define CENTRE_MAX	16
#define LABEL_MAX	11

static const char *const folders[] = { "keys", "packages", "tokens",
    "attempts", "results", "log" };

void
rstick_free(struct rstick *s)
{
	free(s->root);
	free(s->dir);
	free(s->keys);
	free(s->packages);
	free(s->tokens);
	free(s->attempts);
	free(s->results);
	free(s->stick_pub);
	free(s->stick_key);
	free(s->body_pub);
	free(s->results_pub);
	memset(s, 0, sizeof *s);
}

int
rstick_open(struct rstick *s, const char *root, int prepared, char *err)
{
	struct stat st;

	memset(s, 0, sizeof *s);
	s->root = xstrdup(root);
	s->dir = util_path_join(root, "examstick");
	s->keys = util_path_join(s->dir, "keys");
	s->packages = util_path_join(s->dir, "packages");
	s->tokens = util_path_join(s->dir, "tokens");
	s->attempts = util_path_join(s->dir, "attempts");
	s->results = util_path_join(s->dir, "results");
	s->stick_pub = util_path_join(s->keys, "stick.pub");
	s->stick_key = util_path_join(s->keys, "stick.key");
	s->body_pub = util_path_join(s->keys, RSTICK_BODY_PUB);
	s->results_pub = util_path_join(s->keys, RSTICK_RESULTS_PUB);
	if (!prepared)
		return (0);
	if (stat(s->stick_pub, &st) == -1) {
		errf(err, "%s is not a prepared stick: %s is missing (%s); run"
		    " reloader prepare first", root, s->stick_pub,
		    strerror(errno));
		rstick_free(s);
		return (-1);
	}
	return (0);
}

struct prepare_opts {
	const char	*stick;
	const char	*centre;
	const char	*label;
	const char	*reg;
	const char	*body_key;
	const char	*results_key;
	const char	*conf;
	const char	*pin_file;
};

static void
prepare_usage(FILE *out)
{
	fprintf(out, "usage: reloader prepare --stick DIR --centre ID"
	    " --body-key SIGNING.pub\n"
	    "       [--results-key RESULTS.pub] [--conf EXAMINER.CONF]"
	    " [--label LABEL]\n"
	    "       [--register FILE] [--pin-file FILE]\n"
	    "\n"
	    "Lay out DIR/examstick/ (keys, packages, tokens, attempts,"
	    " results, log),\n"
	    "make the stick's key pair with the secret key locked by the"
	    " invigilator PIN,\n"
	    "copy the awarding body's public keys to keys/, and record the"
	    " stick's public\n"
	    "key in the centre's stick register.\n"
	    "\n"
	    "  -s, --stick DIR          the stick's data partition, or a"
	    " folder for it\n"
	    "  -c, --centre ID          the centre number (1 to 16 letters,"
	    " digits or '-')\n"
	    "  -b, --body-key FILE      the awarding body's signing.pub\n"
	    "  -r, --results-key FILE   the awarding body's results.pub\n"
	    "  -C, --conf FILE          an examiner.conf to copy to the"
	    " stick; its centre_id\n"
	    "                           must be ID\n"
	    "  -l, --label LABEL        the stick's label in the register"
	    " (default EXAMSTICK)\n"
	    "  -R, --register FILE      the stick register, by default\n"
	    "                           " REGISTER_DEFAULT "\n"
	    "  -p, --pin-file FILE      read the PIN (%d to %d digits) from"
	    " FILE instead\n"
	    "                           of the terminal\n"
	    "  -h, --help               print this help\n"
	    "\n"
	    "A stick that has a key already is not prepared again: use"
	    " reloader reload.\n"
	    "The copy of examiner.conf gets the line invigilator_pin_hash ="
	    " HASH, the PIN's\n"
	    "Argon2id hash, in place of any invigilator_pin_hash line it"
	    " had; the PIN itself\n"
	    "is stored nowhere.\n"
	    "Exit status: 0 prepared, 2 usage or write error.\n",
	    CONF_PIN_MIN, CONF_PIN_MAX);
}

static int
prepare_parse(int argc, char **argv, struct prepare_opts *o)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "centre", required_argument, NULL, 'c' },
		{ "body-key", required_argument, NULL, 'b' },
		{ "results-key", required_argument, NULL, 'r' },
		{ "conf", required_argument, NULL, 'C' },
		{ "label", required_argument, NULL, 'l' },
		{ "register", required_argument, NULL, 'R' },
		{ "pin-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char **slot;
	int c;

	memset(o, 0, sizeof *o);
	o->centre = RCONF_OR(centre_id, NULL);
	o->body_key = RCONF_OR(body_key, NULL);
	o->results_key = RCONF_OR(results_key, NULL);
	o->conf = RCONF_OR(examiner_conf, NULL);
	o->label = RCONF_OR(stick_label, "EXAMSTICK");
	o->reg = RCONF_OR(reg, REGISTER_DEFAULT);
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:c:b:r:C:l:R:p:h", opts,
	    NULL)) != -1) {
		switch (c) {
		case 's':
			slot = &o->stick;
			break;
		case 'c':
			slot = &o->centre;
			break;
		case 'b':
			slot = &o->body_key;
			break;
		case 'r':
			slot = &o->results_key;
			break;
		case 'C':
			slot = &o->conf;
			break;
		case 'l':
			slot = &o->label;
			break;
		case 'R':
			slot = &o->reg;
			break;
		case 'p':
			slot = &o->pin_file;
			break;
		case 'h':
			prepare_usage(stdout);
			return (1);
		default:
			prepare_usage(stderr);
			return (-1);
		}
		*slot = optarg;
	}
	if (optind != argc || o->stick == NULL || o->centre == NULL ||
	    o->body_key == NULL) {
		reloader_warn("prepare: --stick, --centre and --body-key are"
		    " required (centre_id and body_key in reloader.conf"
		    " give the last two); see reloader prepare --help");
		return (-1);
	}
	return (0);
}

/* 1 to max characters of digits, letters (capitals if upper) or extra. */
static int
name_valid(const char *s, size_t max, int upper, const char *extra)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > max)
		return (0);
	for (i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]) ||
		    (upper ? isupper((unsigned char)s[i]) :
		    isalpha((unsigned char)s[i])) ||
		    strchr(extra, s[i]) != NULL)
			continue;
		return (0);
	}
	return (1);
}

static int
check_names(const struct prepare_opts *o)
{
	if (!name_valid(o->centre, CENTRE_MAX, 0, "-")) {
		reloader_warn("prepare: invalid centre id: %s: use 1 to %d"
		    " letters, digits or hyphens", o->centre, CENTRE_MAX);
		return (-1);
	}
	if (!name_valid(o->label, LABEL_MAX, 1, "-_")) {
		reloader_warn("prepare: invalid label: %s: use 1 to %d capital"
		    " letters, digits, '-' or '_'", o->label, LABEL_MAX);
		return (-1);
	}
	return (0);
}

/*
 * The files that prepare writes to the stick, read and checked before
 * anything is written, so that a bad input leaves the stick untouched.
 */
struct stick_files {
	char	*body_pub, *results_pub, *conf;
	size_t	 body_len, results_len, conf_len;
};

static void
stick_files_free(struct stick_files *f)
{
	free(f->body_pub);
	free(f->results_pub);
	free(f->conf);
	memset(f, 0, sizeof *f);
}

/* Read a public key file and check what kind of key it is. */
static int
read_key(const char *from, int box, char **text, size_t *len, char *err)
{
	struct seal_boxpub bp;
	struct sig_pubkey pk;
	char why[ERR_LEN];
	int rc;

	if (util_read_file(from, 4096, text, len, err) == -1)
		return (-1);
	rc = box ? seal_boxpub_parse(&bp, *text, why) :
	    sig_pubkey_parse(&pk, *text, why);
	if (rc == -1) {
		errf(err, "%s: %s", from, why);
		free(*text);
		*text = NULL;
	}
	return (rc);
}

/*
 * Make the stick's examiner.conf: the given one with the PIN's hash in
 * it, checked to load and to name this centre.
 */
static int
make_conf(const struct prepare_opts *o, const char *hash,
    struct stick_files *f, char *err)
{
	struct conf c;
	char *text;
	size_t len;
	int rc;

	if (util_read_file(o->conf, 1 << 20, &text, &len, err) == -1)
		return (-1);
	f->conf = conf_pin_hash_load(&c, o->conf, text, len, hash, o->stick,
	    &f->conf_len, err);
	sodium_memzero(text, len);
	free(text);
	if (f->conf == NULL)
		return (-1);
	rc = strcmp(c.centre_id, o->centre) == 0 ? 0 :
	    errf(err, "%s: centre_id is %s, not %s", o->conf, c.centre_id,
	    o->centre);
	conf_free(&c);
	return (rc);
}

static int
read_inputs(const struct prepare_opts *o, const char *hash,
    struct stick_files *f, char *err)
{
	memset(f, 0, sizeof *f);
	if (read_key(o->body_key, 0, &f->body_pub, &f->body_len, err) == -1)
		return (-1);
	if (o->results_key != NULL && read_key(o->results_key, 1,
	    &f->results_pub, &f->results_len, err) == -1)
		return (-1);
	if (o->conf != NULL && make_conf(o, hash, f, err) == -1)
		return (-1);
	return (0);
}

/* The folders, the awarding body's keys and examiner.conf. */
static int
lay_out(const struct rstick *s, const struct stick_files *f, char *err)
{
	size_t i;
	char *path;
	int rc = 0;

	for (i = 0; rc == 0 && i < sizeof folders / sizeof folders[0]; i++) {
		path = util_path_join(s->dir, folders[i]);
		rc = util_mkdir_p(path, err);
		free(path);
	}
	if (rc == 0)
		rc = util_write_atomic(s->body_pub, f->body_pub, f->body_len,
		    err);
	if (rc == 0 && f->results_pub != NULL)
		rc = util_write_atomic(s->results_pub, f->results_pub,
		    f->results_len, err);
	if (rc == 0 && f->conf != NULL) {
		path = util_path_join(s->dir, "examiner.conf");
		rc = util_write_atomic(path, f->conf, f->conf_len, err);
		free(path);
	}
	return (rc);
}

/* Make the stick key and register it; no key is left unregistered. */
static int
make_stick_key(const struct prepare_opts *o, const struct rstick *s,
    const char *pin, char *id, char *err)
{
	struct sig_pubkey pk;

	if (sig_keygen(s->stick_pub, s->stick_key, pin,
	    "examstick stick key, locked with the invigilator PIN", err) == -1)
		return (-1);
	if (sig_pubkey_load(&pk, s->stick_pub, err) == 0 &&
	    register_add_stick(o->reg, &pk, o->centre, o->label, err) == 0) {
		sig_keyid_hex(pk.keyid, id);
		return (0);
	}
	unlink(s->stick_key);
	unlink(s->stick_pub);
	return (-1);
}

static int
prepare_run(const struct prepare_opts *o, struct rstick *s)
{
	struct stick_register reg;
	struct stick_files files = { 0 };
	struct stat st;
	char err[ERR_LEN], id[17], hash[CONF_PIN_HASH_BYTES], *pin;
	int rc;

	if (stat(s->stick_key, &st) == 0 || stat(s->stick_pub, &st) == 0) {
		reloader_warn("prepare: %s already has a stick key: a prepared"
		    " stick is not prepared again; use reloader reload",
		    o->stick);
		return (RELOADER_USAGE);
	}
	if (register_load(&reg, o->reg, err) == -1) {
		reloader_warn("prepare: %s", err);
		return (RELOADER_USAGE);
	}
	register_free(&reg);
	pin = reloader_read_pin(o->pin_file, "--pin-file",
	    "Invigilator PIN for this stick: ", 1, err);
	if (pin == NULL) {
		reloader_warn("prepare: %s", err);
		return (RELOADER_USAGE);
	}
	rc = conf_pin_hash(pin, hash, err);
	if (rc == 0)
		rc = read_inputs(o, hash, &files, err);
	if (rc == 0)
		rc = lay_out(s, &files, err);
	if (rc == 0)
		rc = make_stick_key(o, s, pin, id, err);
	stick_files_free(&files);
	passphrase_free(pin);
	if (rc == -1) {
		reloader_warn("prepare: %s", err);
		return (RELOADER_USAGE);
	}
	printf("%s: stick %s for centre %s, registered in %s\n", o->stick,
	    id, o->centre, o->reg);
	if (o->conf == NULL && access(s->dir, F_OK) == 0)
		printf("%s/examiner.conf: write it before the stick is used;"
		    " see examiner.conf(5).\nIts PIN line:\n"
		    CONF_PIN_HASH_KEY " = %s\n", s->dir, hash);
	return (RELOADER_OK);
}

int
cmd_prepare(int argc, char **argv)
{
	struct prepare_opts o;
	struct rstick s;
	char err[ERR_LEN];
	int rc;

	if ((rc = prepare_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? RELOADER_OK : RELOADER_USAGE);
	if (check_names(&o) == -1)
		return (RELOADER_USAGE);
	if (rstick_open(&s, o.stick, 0, err) == -1) {
		reloader_warn("prepare: %s", err);
		return (RELOADER_USAGE);
	}
	rc = prepare_run(&o, &s);
	rstick_free(&s);
	return (rc);
}
