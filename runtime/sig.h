/*
 * Ed25519 keys and signatures in minisign's formats, through libsodium, so
 * that `minisign -Vm FILE -p KEY.pub` verifies what examstick signs.
 *
 * Public key: an untrusted comment line, then base64 of
 *	"Ed" || key id (8 bytes, little-endian) || public key (32 bytes).
 * Signature (.minisig): untrusted comment, base64 of "ED" || key id ||
 * Ed25519 signature of BLAKE2b-512(file), "trusted comment: ...", then
 * base64 of the signature of (file signature || trusted comment text).
 */
#ifndef EXAMSTICK_SIG_H
#define EXAMSTICK_SIG_H

#include <stddef.h>

#include "util.h"

#define SIG_KEYID_BYTES	8

/*
 * The untrusted comment that sig_sign writes, followed by the key id in
 * hex.  It is not signed; checkers of examstick's own files may insist on
 * it to reject any change to the signature file.
 */
#define SIG_UNTRUSTED_COMMENT	"signature from examstick key "

/*
 * scrypt limits for password-protected secret keys that sig_keygen
 * writes: minisign 0.11's work factor (OPSLIMIT_SENSITIVE) in 64 MiB of
 * memory rather than its 1 GiB, so that exam machines with little memory
 * can unlock the key.  Keys asking for more than the MAX limits are
 * rejected, so that a hostile key file cannot exhaust memory or time.
 */
#define SIG_KDF_OPSLIMIT	33554432ULL
#define SIG_KDF_MEMLIMIT	(64ULL * 1024 * 1024)
#define SIG_KDF_OPSLIMIT_MAX	33554432ULL
#define SIG_KDF_MEMLIMIT_MAX	(1024ULL * 1024 * 1024)

struct sig_pubkey {
	unsigned char	keyid[SIG_KEYID_BYTES];
	unsigned char	pk[32];
};

/* Lives in sodium_malloc memory; free with sig_seckey_free. */
struct sig_seckey {
	unsigned char	keyid[SIG_KEYID_BYTES];
	unsigned char	sk[64];
};

enum sig_status {
	SIG_OK = 0,
	SIG_MALFORMED,		/* not a minisign signature */
	SIG_ALGORITHM,		/* unknown signature algorithm */
	SIG_WRONG_KEY,		/* key ids differ */
	SIG_BAD,		/* signature does not match the file */
	SIG_BAD_COMMENT		/* trusted comment was changed */
};

/* Key id as minisign prints it: 16 uppercase hex digits. */
void	sig_keyid_hex(const unsigned char keyid[SIG_KEYID_BYTES], char out[17]);

int	sig_pubkey_parse(struct sig_pubkey *, const char *text, char *err);
int	sig_pubkey_load(struct sig_pubkey *, const char *path, char *err);
/*
 * Load a minisign secret key.  password NULL means the key must be
 * stored unencrypted (kdf algorithm zero).
 */
struct sig_seckey *sig_seckey_load(const char *path, const char *password,
	    char *err);
void	sig_seckey_free(struct sig_seckey *);
/*
 * Write key to path, encrypted with password (unencrypted when NULL)
 * under a new salt.  The file is replaced atomically: path contains
 * either the old key file or the new one, never a part of either.
 */
int	sig_seckey_save(const struct sig_seckey *key, const char *path,
	    const char *password, const char *comment, char *err);
/* Make a key pair and write both files (the secret key unencrypted when
 * password is NULL). */
int	sig_keygen(const char *pub_path, const char *sec_path,
	    const char *password, const char *comment, char *err);

/* Sign data; *sig_text receives the four-line .minisig text. */
int	sig_sign(const struct sig_seckey *, const void *data, size_t len,
	    const char *trusted_comment, char **sig_text, char *err);
/*
 * Verify a .minisig text over data, in minisign's order: format,
 * algorithm, key id, file signature, then the trusted comment's
 * signature.  On SIG_OK the trusted comment is copied into trusted, cut
 * to tlen - 1 bytes.  err receives the details of any other status.
 */
enum sig_status sig_verify(const struct sig_pubkey *, const void *data,
	    size_t len, const char *sig_text, char *trusted, size_t tlen,
	    char *err);
const char *sig_status_text(enum sig_status);

#endif
