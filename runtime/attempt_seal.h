/*
 * Sealed answer values in the journal, for seal_responses = yes.
 *
 * The values of a "sealedanswer" record are encrypted with a key that
 * only the unlocked stick key gives:
 *	K = BLAKE2b-256(key = Ed25519 seed of the stick key,
 *	    message = ATTEMPT_SEAL_CONTEXT NUL attempt id)
 * The box is XChaCha20-Poly1305 (IETF) with a random 24-byte nonce, and
 * the attempt id, record number, item and response identifiers as
 * associated data, so a value opens only in the record it was written
 * for.  The plaintext is padded to a multiple of ATTEMPT_SEAL_PAD_BLOCK
 * bytes.  The record field is URL-safe base64 without padding of nonce ||
 * ciphertext || tag.  See docs/formats.md.
 */
#ifndef EXAMSTICK_ATTEMPT_SEAL_H
#define EXAMSTICK_ATTEMPT_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "sig.h"

#define ATTEMPT_SEAL_ALGORITHM	"xchacha20poly1305"
#define ATTEMPT_SEAL_CONTEXT	"examstick journal answers 1"
#define ATTEMPT_SEAL_KEY_BYTES	32
#define ATTEMPT_SEAL_PAD_BLOCK	64

/* Derive an attempt's key into sodium_malloc memory; free with sodium_free. */
unsigned char	*attempt_seal_key(const struct sig_seckey *, const char *id);

/* Seal values for record seq; returns the new base64 field. */
char	*attempt_seal_values(const unsigned char *key, const char *id,
	    uint64_t seq, const char *item, const char *response,
	    size_t nvalues, const char *const *values);

/*
 * Check, without the key, that box is base64 of a nonce, a padded
 * ciphertext and a tag.  Returns 0, or -1 with the reason in err.
 */
int	attempt_seal_check(const char *box, char *err);

/*
 * Open box for record seq: *values receives nvalues new strings.
 * Returns 0, or -1 with the reason in err when the box does not open or
 * contains an invalid value list.
 */
int	attempt_seal_open(const unsigned char *key, const char *id,
	    uint64_t seq, const char *item, const char *response,
	    const char *box, char ***values, size_t *nvalues, char *err);

#endif
