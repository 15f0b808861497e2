/*
 * The invigilator PIN and its hash.  examiner.conf stores only
 * invigilator_pin_hash, the output of libsodium's crypto_pwhash_str
 * (Argon2id): "$argon2id$v=19$m=KIB,t=PASSES,p=1$SALT$HASH".  The PIN
 * itself is typed, checked against the hash and wiped.
 */
#ifndef EXAMSTICK_CONF_PIN_H
#define EXAMSTICK_CONF_PIN_H

#include <stddef.h>

#include <sodium.h>

#define CONF_PIN_MIN	4	/* digits */
#define CONF_PIN_MAX	12

/*
 * The Argon2id limits of the hashes that conf_pin_hash writes:
 * libsodium's MODERATE level, 3 passes over 256 MiB, so that a guess
 * against the hash costs the same order of time as a guess against
 * the stick key's scrypt lock.  A hash read from examiner.conf must ask
 * for at least the INTERACTIVE level (2 passes over 64 MiB), because a
 * weaker hash makes guesses cheap.  It may ask for at most the SENSITIVE
 * level (4 passes over 1 GiB), because more could exhaust the exam PC.
 */
#define CONF_PIN_OPSLIMIT	crypto_pwhash_OPSLIMIT_MODERATE
#define CONF_PIN_MEMLIMIT	crypto_pwhash_MEMLIMIT_MODERATE
#define CONF_PIN_OPSLIMIT_MIN	crypto_pwhash_OPSLIMIT_INTERACTIVE
#define CONF_PIN_MEMLIMIT_MIN	crypto_pwhash_MEMLIMIT_INTERACTIVE
#define CONF_PIN_OPSLIMIT_MAX	crypto_pwhash_OPSLIMIT_SENSITIVE
#define CONF_PIN_MEMLIMIT_MAX	crypto_pwhash_MEMLIMIT_SENSITIVE

#define CONF_PIN_HASH_KEY	"invigilator_pin_hash"
#define CONF_PIN_HASH_BYTES	crypto_pwhash_STRBYTES	/* with the NUL */

/* Return 1 if pin is CONF_PIN_MIN to CONF_PIN_MAX digits, else 0. */
int	conf_pin_valid(const char *pin);

/*
 * Hash pin with crypto_pwhash_str at the CONF_PIN limits into out.
 * Returns 0, or -1 with err when libsodium fails (out of memory).
 */
int	conf_pin_hash(const char *pin, char out[CONF_PIN_HASH_BYTES],
	    char *err);

/*
 * Check that s is an Argon2id hash string that libsodium can verify,
 * with limits in the range above.  Returns 0, or -1 with *why set.
 */
int	conf_pin_hash_check(const char *s, const char **why);

/*
 * Return 1 if pin matches hash (crypto_pwhash_str_verify), else 0, also
 * when either is NULL.
 */
int	conf_pin_verify(const char *hash, const char *pin);

/*
 * Return a copy of the examiner.conf text in text (len bytes) in which
 * the [examiner] section has the line "invigilator_pin_hash = HASH":
 * the first invigilator_pin_hash or invigilator_pin line becomes it, and
 * any further such line is dropped, so no PIN in clear is left.  With no
 * such line, it goes just after the [examiner] header.  Every other
 * line, comments included, is kept as it is.  *outlen receives the
 * length.  Returns NULL with err when the text has no [examiner]
 * section.
 */
char	*conf_pin_hash_set(const char *text, size_t len, const char *hash,
	    size_t *outlen, char *err);

struct conf;

/*
 * Rewrite examiner.conf text with conf_pin_hash_set and load the result
 * into c as if read from path.  Returns the new text (*outlen bytes), or
 * NULL with err naming the first problem at its line in text.
 */
char	*conf_pin_hash_load(struct conf *c, const char *path,
	    const char *text, size_t len, const char *hash,
	    const char *stick_root, size_t *outlen, char *err);

#endif
