/*
 * examstick keygen: the awarding body's key pairs.  signing.pub and
 * signing.key sign test packages and candidate tokens (Ed25519 in
 * minisign's formats); results.pub and results.key let results be sealed
 * to the awarding body (X25519).  Both secret keys are encrypted with one
 * passphrase.  Also es_load_key, which the commands that sign use to
 * unlock a signing key.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examstick.h"
#include "passphrase.h"
#include "seal.h"
#include "sig.h"

#define PASSPHRASE_MIN	8

static void
keygen_usage(FILE *f)
{
	fprintf(f, "usage: examstick keygen --out DIR [--passphrase-file FILE]"
	    " [--signing-only]\n"
	    "\n"
	    "Make the awarding body's key pairs in DIR (created if missing):\n"
	    "  signing.pub, signing.key  Ed25519, minisign formats: sign test"
	    " packages\n"
	    "                            and candidate tokens\n"
	    "  results.pub, results.key  X25519: results sealed to the"
	    " awarding body\n"
	    "Both secret keys are encrypted with one passphrase of at least"
	    " %d bytes,\n"
	    "typed twice at the terminal or read from the first line of a"
	    " file.\n"
	    "\n"
	    "  -o, --out DIR               folder for the key files\n"
	    "  -p, --passphrase-file FILE  read the passphrase from FILE\n"
	    "  -s, --signing-only          make only the signing pair (a"
	    " centre's key\n"
	    "                              for signing result bundles)\n"
	    "  -h, --help                  print this help\n"
	    "\n"
	    "Existing key files are never overwritten.\n"
	    "Exit status: 0 keys written, 2 usage or write error.\n",
	    PASSPHRASE_MIN);
}

struct keygen_opts {
	const char	*out;
	const char	*passfile;
	int		 signing_only;
};

static int
keygen_parse(int argc, char **argv, struct keygen_opts *o)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "signing-only", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:p:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'p':
			o->passfile = optarg;
			break;
		case 's':
			o->signing_only = 1;
			break;
		case 'h':
			keygen_usage(stdout);
			return (1);
		default:
			keygen_usage(stderr);
			return (-1);
		}
	}
	if (optind != argc || o->out == NULL) {
		es_warn("keygen: %s", o->out == NULL ? "--out DIR is required" :
		    "unexpected argument; see examstick keygen --help");
		return (-1);
	}
	return (0);
}

/* Fail before asking for a passphrase if a key file is already there. */
static int
check_free(const char *dir, const char *const *names, size_t n)
{
	struct stat st;
	char *path;
	size_t i;
	int exists;

	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]);
		exists = lstat(path, &st) == 0;
		if (exists)
			es_warn("keygen: %s already exists: keys are never"
			    " overwritten, so choose another --out folder",
			    path);
		free(path);
		if (exists)
			return (-1);
	}
	return (0);
}

static int
make_keys(const struct keygen_opts *o, const char *pass)
{
	char *pub, *sec, err[ERR_LEN];
	struct sig_pubkey pk;
	char idhex[17];
	int rc;

	pub = util_path_join(o->out, "signing.pub");
	sec = util_path_join(o->out, "signing.key");
	rc = sig_keygen(pub, sec, pass, "examstick awarding body signing key",
	    err);
	if (rc == 0 && sig_pubkey_load(&pk, pub, err) == 0) {
		sig_keyid_hex(pk.keyid, idhex);
		printf("signing key %s: %s, %s\n", idhex, pub, sec);
	}
	free(pub);
	free(sec);
	if (rc == -1 || o->signing_only)
		goto out;
	pub = util_path_join(o->out, "results.pub");
	sec = util_path_join(o->out, "results.key");
	rc = seal_boxkey_generate(pub, sec, pass, &seal_kdf_key, err);
	if (rc == 0)
		printf("results key: %s, %s\n", pub, sec);
	free(pub);
	free(sec);
out:
	if (rc == -1)
		es_warn("keygen: %s", err);
	return (rc);
}

int
cmd_keygen(int argc, char **argv)
{
	static const char *const names[] = { "signing.pub", "signing.key",
	    "results.pub", "results.key" };
	struct keygen_opts o;
	char err[ERR_LEN], *pass;
	int rc, made_out;

	if ((rc = keygen_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	made_out = mkdir(o.out, 0700) == 0;
	if (!made_out && errno != EEXIST) {
		es_warn("keygen: create %s: %s", o.out, strerror(errno));
		return (EXIT_USAGE);
	}
	rc = -1;
	if (check_free(o.out, names, o.signing_only ? 2 : 4) == -1)
		goto out;
	pass = passphrase_read(o.passfile, "Passphrase for the new secret"
	    " keys: ", 1, err);
	if (pass == NULL) {
		es_warn("keygen: %s", err);
		goto out;
	}
	if (strlen(pass) < PASSPHRASE_MIN) {
		passphrase_free(pass);
		es_warn("keygen: the passphrase is shorter than %d bytes:"
		    " choose a longer one", PASSPHRASE_MIN);
		goto out;
	}
	rc = make_keys(&o, pass);
	passphrase_free(pass);
out:
	/*
	 * Remove the --out folder again when this run created it and no key
	 * was written.  rmdir leaves a folder that is not empty.
	 */
	if (rc == -1 && made_out)
		(void)rmdir(o.out);
	return (rc == 0 ? EXIT_OK : EXIT_USAGE);
}

struct sig_seckey *
es_load_key(const char *keyfile, const char *passfile, const char *cmd)
{
	struct sig_seckey *key;
	char err[ERR_LEN], *prompt, *pass;

	if (access(keyfile, R_OK) == -1) {
		es_warn("%s: key %s: %s", cmd, keyfile, strerror(errno));
		return (NULL);
	}
	if (passfile == NULL &&
	    (key = sig_seckey_load(keyfile, NULL, err)) != NULL)
		return (key);
	xasprintf(&prompt, "Passphrase for %s: ", keyfile);
	pass = passphrase_read(passfile, prompt, 0, err);
	free(prompt);
	if (pass == NULL) {
		es_warn("%s: %s", cmd, err);
		return (NULL);
	}
	key = sig_seckey_load(keyfile, pass, err);
	passphrase_free(pass);
	if (key == NULL)
		es_warn("%s: load key: %s", cmd, err);
	return (key);
}
