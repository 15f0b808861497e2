/*
 * The centre's stick register: a text file on the centre machine, not on
 * any stick, that records the public key of every stick that reloader
 * prepare made and every result that reloader collect put in a verified
 * bundle.  Collect trusts a result only if its stick is in the register,
 * and reload deletes a result from a stick only if the register has it
 * collected with the same hash.  Lines are only ever appended, under an
 * exclusive lock.  docs/trust.md has the format.
 */
#ifndef EXAMSTICK_REGISTER_H
#define EXAMSTICK_REGISTER_H

#include <stddef.h>

#include "sig.h"
#include "util.h"

#define REGISTER_DEFAULT	"/var/lib/examstick/sticks.register"
#define REGISTER_HASH_BYTES	32	/* BLAKE2b-256 of a result file */

struct reg_stick {
	struct sig_pubkey	 pk;
	char			 id[17];	/* key id, as minisign prints */
	char			*centre;
	char			*label;
	char			*prepared;	/* UTC ISO 8601 */
};

struct reg_collected {
	char		*attempt;	/* CANDIDATE-TEST-NUMBER */
	char		 stick[17];	/* key id of the stick */
	unsigned char	 hash[REGISTER_HASH_BYTES];
	char		*bundle;	/* file name of the bundle */
	char		*when;		/* UTC ISO 8601 */
};

struct stick_register {
	char			*path;
	struct reg_stick	*sticks;
	size_t			 nsticks;
	struct reg_collected	*collected;
	size_t			 ncollected;
};

/*
 * Read the register; a file that does not exist is an empty register.
 * An incomplete last line (a write cut off by a crash) is ignored; any
 * other damaged line is an error that names the line.
 */
int	register_load(struct stick_register *, const char *path, char *err);
void	register_free(struct stick_register *);

const struct reg_stick *register_stick(const struct stick_register *,
	    const unsigned char keyid[SIG_KEYID_BYTES]);
/* The collected record of an attempt, or NULL. */
const struct reg_collected *register_collected(const struct stick_register *,
	    const char *attempt);

/* A stick's public key as a minisign public key file, a new string. */
char	*register_pubkey_text(const struct reg_stick *);

/* Append a stick; its key id must not be in the register already. */
int	register_add_stick(const char *path, const struct sig_pubkey *,
	    const char *centre, const char *label, char *err);
/* Append the results of one bundle, in one write. */
int	register_add_collected(const char *path,
	    const struct reg_collected *, size_t n, char *err);

#endif
