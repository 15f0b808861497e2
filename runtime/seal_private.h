/*
 * Helpers shared by the seal_*.c, token.c, bundle.c and register.c files:
 * base64 with one encoding per value, little-endian integers and files
 * created with O_EXCL.
 */
#ifndef EXAMSTICK_SEAL_PRIVATE_H
#define EXAMSTICK_SEAL_PRIVATE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "seal.h"
#include "sig.h"
#include "util.h"

int	 seal_init(char *err);

/* Standard base64 with padding; decoding wants exactly want bytes. */
char	*seal_b64_encode(const unsigned char *in, size_t len);
int	 seal_b64_decode(const char *s, size_t len, unsigned char *out,
	    size_t want);

void	 seal_le16_store(unsigned char *p, uint16_t v);
uint16_t seal_le16_load(const unsigned char *p);
void	 seal_le32_store(unsigned char *p, uint32_t v);
uint32_t seal_le32_load(const unsigned char *p);
void	 seal_le64_store(unsigned char *p, uint64_t v);
uint64_t seal_le64_load(const unsigned char *p);

/*
 * Create path (it must not exist) with mode, write data, fsync it and its
 * folder.  On failure the file is removed.
 */
int	 seal_write_new(const char *path, const void *data, size_t len,
	    mode_t mode, char *err);

/* Derive a 32-byte key from a password with Argon2id. */
int	 seal_kdf_derive(unsigned char key[32], const char *password,
	    const unsigned char *salt, unsigned long long ops, size_t mem,
	    char *err);
/* Check Argon2id limits read from a file before using them. */
int	 seal_kdf_check(unsigned long long ops, unsigned long long mem,
	    char *err);

/* Room for a trusted comment: minisign allows 1024 bytes. */
#define SEAL_TRUSTED_MAX	1100

/*
 * Verify a signature that sig_sign made over data, then its untrusted
 * comment, which the signature does not cover: it must be the one that
 * sig_sign writes for the key, so that no byte of a signed file can
 * change unnoticed.  A changed untrusted comment gives SIG_BAD_COMMENT.
 * The trusted comment goes to trusted (SEAL_TRUSTED_MAX bytes) for the
 * caller to compare.
 */
enum sig_status seal_sig_check(const struct sig_pubkey *, const void *data,
	    size_t len, const char *sig, char *trusted, char *err);

/*
 * A package header's info: the manifest's first lines (test, version,
 * title, duration, practice, created) without the magic line.
 */
char	*seal_info_format(const struct seal_manifest *);
int	 seal_info_parse(struct seal_info *, const char *text, size_t len,
	    char *err);

#endif
