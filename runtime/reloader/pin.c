/*
 * reloader pin: change the invigilator PIN of a prepared stick, or print
 * the examiner.conf line that stores a PIN's hash.
 *
 * A PIN change writes two files, each atomically: first keys/stick.key,
 * locked again with the new PIN, then examiner.conf with the new PIN's
 * hash.  A crash between the two leaves the key locked with the new PIN
 * and the old hash in examiner.conf.  Running the same command again
 * finishes the change, because a key that the new PIN unlocks is taken
 * as already changed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_pin.h"
#include "passphrase.h"
#include "reloader.h"
#include "sig.h"

#define KEY_COMMENT	"examstick stick key, locked with the invigilator PIN"

struct pin_opts {
	const char	*stick;
	const char	*pin_file;	/* the PIN, or the old PIN */
	const char	*new_pin_file;
	int		 hash;
};

static void
pin_usage(FILE *out)
{
	fprintf(out, "usage: reloader pin --stick DIR [--pin-file OLD]"
	    " [--new-pin-file NEW]\n"
	    "       reloader pin --hash [--pin-file FILE]\n"
	    "\n"
	    "With --stick, change the invigilator PIN of a prepared stick:"
	    " unlock\n"
	    "keys/stick.key with the old PIN, lock it with the new one, and"
	    " write the new\n"
	    "PIN's hash to examiner.conf as invigilator_pin_hash.  With"
	    " --hash, print the\n"
	    "invigilator_pin_hash line for a PIN, for an examiner.conf"
	    " written by hand.\n"
	    "\n"
	    "  -s, --stick DIR          the stick's data partition, or its"
	    " folder\n"
	    "  -p, --pin-file FILE      read the PIN (the old PIN with"
	    " --stick) from the\n"
	    "                           first line of FILE instead of the"
	    " terminal\n"
	    "  -n, --new-pin-file FILE  read the new PIN from FILE instead"
	    " of the terminal\n"
	    "  -H, --hash               print the hash line and change"
	    " nothing\n"
	    "  -h, --help               print this help\n"
	    "\n"
	    "A PIN is %d to %d digits.  The terminal does not echo it and"
	    " asks for a new PIN\n"
	    "twice.  keys/stick.key is written first, then examiner.conf;"
	    " if the second\n"
	    "write does not happen, run the same command again to finish.\n"
	    "Exit status: 0 done, 1 wrong PIN, 2 usage or I/O error.\n",
	    CONF_PIN_MIN, CONF_PIN_MAX);
}

static int
pin_parse(int argc, char **argv, struct pin_opts *o)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "pin-file", required_argument, NULL, 'p' },
		{ "new-pin-file", required_argument, NULL, 'n' },
		{ "hash", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:p:n:Hh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->stick = optarg;
			break;
		case 'p':
			o->pin_file = optarg;
			break;
		case 'n':
			o->new_pin_file = optarg;
			break;
		case 'H':
			o->hash = 1;
			break;
		case 'h':
			pin_usage(stdout);
			return (1);
		default:
			pin_usage(stderr);
			return (-1);
		}
	}
	if (optind != argc || (o->stick == NULL) == (o->hash == 0)) {
		reloader_warn("pin: give either --stick DIR or --hash; see"
		    " reloader pin --help");
		return (-1);
	}
	if (o->hash && o->new_pin_file != NULL) {
		reloader_warn("pin: --new-pin-file is for --stick; with --hash"
		    " give the PIN with --pin-file");
		return (-1);
	}
	return (0);
}

char *
reloader_read_pin(const char *file, const char *option, const char *prompt,
    int confirm, char *err)
{
	char *pin;

	pin = secret_read(file, prompt, confirm, "PIN", option, err);
	if (pin == NULL)
		return (NULL);
	if (!conf_pin_valid(pin)) {
		passphrase_free(pin);
		if (file != NULL)
			errf(err, "%s: the PIN must be %d to %d digits", file,
			    CONF_PIN_MIN, CONF_PIN_MAX);
		else
			errf(err, "the PIN must be %d to %d digits",
			    CONF_PIN_MIN, CONF_PIN_MAX);
		return (NULL);
	}
	return (pin);
}

static int
print_hash(const struct pin_opts *o)
{
	char err[ERR_LEN], hash[CONF_PIN_HASH_BYTES], *pin;
	int rc;

	pin = reloader_read_pin(o->pin_file, "--pin-file",
	    "Invigilator PIN: ", 1, err);
	if (pin == NULL) {
		reloader_warn("pin: %s", err);
		return (RELOADER_USAGE);
	}
	rc = conf_pin_hash(pin, hash, err);
	passphrase_free(pin);
	if (rc == -1) {
		reloader_warn("pin: %s", err);
		return (RELOADER_USAGE);
	}
	printf(CONF_PIN_HASH_KEY " = %s\n", hash);
	return (RELOADER_OK);
}

/* A stick's examiner.conf: its text now and with the new hash. */
struct pin_conf {
	char		*path;
	char		*text;
	size_t		 len;
	char		*next;		/* the text with the new hash */
	size_t		 next_len;
	char		*old_hash;	/* NULL: the file had no valid hash */
	char		*stick_key;	/* the key file it names */
};

static void
pin_conf_free(struct pin_conf *pc)
{
	if (pc->text != NULL)
		sodium_memzero(pc->text, pc->len);
	free(pc->path);
	free(pc->text);
	free(pc->next);
	free(pc->old_hash);
	free(pc->stick_key);
	memset(pc, 0, sizeof *pc);
}

/*
 * Read examiner.conf, make its text with the new hash and check that
 * this text loads.  An old file with invigilator_pin in clear loads
 * once the hash has replaced that line.
 */
static int
pin_conf_read(struct pin_conf *pc, const struct rstick *s,
    const char *new_hash, char *err)
{
	struct conf c;
	char why[ERR_LEN];

	memset(pc, 0, sizeof *pc);
	pc->path = util_path_join(s->dir, "examiner.conf");
	if (util_read_file(pc->path, 1 << 20, &pc->text, &pc->len, why) ==
	    -1)
		return (errf(err, "%s; write examiner.conf first (reloader pin"
		    " --hash prints its PIN line)", why));
	if (conf_load_text(&c, pc->path, pc->text, pc->len, s->root, NULL,
	    why) == 0) {
		pc->old_hash = xstrdup(c.invigilator_pin_hash);
		conf_free(&c);
	}
	pc->next = conf_pin_hash_load(&c, pc->path, pc->text, pc->len,
	    new_hash, s->root, &pc->next_len, err);
	if (pc->next == NULL)
		return (-1);
	pc->stick_key = xstrdup(c.stick_key);
	conf_free(&c);
	return (0);
}

/*
 * Unlock the stick key with the old PIN, or with the new one after an
 * interrupted change.  The hash in examiner.conf, when it matches either
 * PIN, picks which is tried first.  *with_new is 1 when the new PIN
 * unlocked the key.
 * Returns NULL with err, and *wrong set when neither PIN is right.
 */
static struct sig_seckey *
unlock(const struct pin_conf *pc, const char *old_pin, const char *new_pin,
    int *with_new, int *wrong, char *err)
{
	const char *order[2] = { old_pin, new_pin };
	struct sig_seckey *key = NULL;
	int i, first = 0;

	*wrong = 0;
	if (pc->old_hash != NULL) {
		if (conf_pin_verify(pc->old_hash, new_pin))
			first = 1;
		else if (!conf_pin_verify(pc->old_hash, old_pin)) {
			*wrong = 1;
			return (errf(err, "wrong PIN: the old PIN does not"
			    " match " CONF_PIN_HASH_KEY " in %s", pc->path),
			    NULL);
		}
	}
	for (i = 0; i < 2 && key == NULL; i++) {
		key = sig_seckey_load(pc->stick_key, order[(first + i) % 2],
		    err);
		*with_new = (first + i) % 2 == 1;
		if (key == NULL && strstr(err, "wrong password") == NULL)
			return (NULL);
	}
	if (key == NULL) {
		*wrong = 1;
		errf(err, "wrong PIN: the old PIN does not unlock %s",
		    pc->stick_key);
	}
	return (key);
}

/*
 * Add to err what a failed examiner.conf write leaves: the key is locked
 * with the new PIN and the file has the old hash, so the Examiner
 * accepts neither PIN until the same command runs again.
 */
static void
half_done(const struct pin_conf *pc, char *err)
{
	char why[ERR_LEN];

	snprintf(why, sizeof why, "%s", err);
	errf(err, "%s; %s is already locked with the new PIN, but %s still"
	    " has the old PIN's hash, so the Examiner accepts neither PIN:"
	    " run the same command again, with the same old and new PIN,"
	    " to finish the change", why, pc->stick_key, pc->path);
}

static int
change_pin(const struct pin_opts *o, const char *old_pin,
    const char *new_pin)
{
	char err[ERR_LEN], hash[CONF_PIN_HASH_BYTES];
	struct sig_seckey *key;
	struct pin_conf pc;
	struct rstick s;
	int with_new = 0, wrong = 0, rc = -1;

	if (rstick_open(&s, o->stick, 1, err) == -1) {
		reloader_warn("pin: %s", err);
		return (RELOADER_USAGE);
	}
	memset(&pc, 0, sizeof pc);
	if (conf_pin_hash(new_pin, hash, err) == 0 &&
	    pin_conf_read(&pc, &s, hash, err) == 0 &&
	    (key = unlock(&pc, old_pin, new_pin, &with_new, &wrong,
	    err)) != NULL) {
		rc = with_new ? 0 : sig_seckey_save(key, pc.stick_key,
		    new_pin, KEY_COMMENT, err);
		sig_seckey_free(key);
		if (rc == 0 && util_write_atomic(pc.path, pc.next,
		    pc.next_len, err) == -1) {
			half_done(&pc, err);
			rc = -1;
		}
	}
	if (rc == 0)
		printf("%s: the invigilator PIN is changed: %s is locked with"
		    " the new PIN%s, and %s has its hash\n", o->stick,
		    pc.stick_key, with_new ? " (it already was)" : "",
		    pc.path);
	else
		reloader_warn("pin: %s%s", err, wrong ? "; nothing was"
		    " changed" : "");
	pin_conf_free(&pc);
	rstick_free(&s);
	if (rc == 0)
		return (RELOADER_OK);
	return (wrong ? RELOADER_FAIL : RELOADER_USAGE);
}

int
cmd_pin(int argc, char **argv)
{
	struct pin_opts o;
	char err[ERR_LEN], *old_pin, *new_pin;
	int rc;

	if ((rc = pin_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? RELOADER_OK : RELOADER_USAGE);
	if (o.hash)
		return (print_hash(&o));
	old_pin = reloader_read_pin(o.pin_file, "--pin-file",
	    "Old invigilator PIN: ", 0, err);
	if (old_pin == NULL) {
		reloader_warn("pin: old PIN: %s", err);
		return (RELOADER_USAGE);
	}
	new_pin = reloader_read_pin(o.new_pin_file, "--new-pin-file",
	    "New invigilator PIN: ", 1, err);
	if (new_pin == NULL) {
		passphrase_free(old_pin);
		reloader_warn("pin: new PIN: %s", err);
		return (RELOADER_USAGE);
	}
	rc = change_pin(&o, old_pin, new_pin);
	passphrase_free(old_pin);
	passphrase_free(new_pin);
	return (rc);
}
