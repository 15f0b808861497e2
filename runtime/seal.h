/*
 * Sealed test packages: a QTI content package without its correct responses,
 * described by a signed manifest, encrypted with
 * crypto_secretstream_xchacha20poly1305 under a random key, that key
 * wrapped with a release code through Argon2id, and the whole file signed
 * with the awarding body's Ed25519 key in minisign's format.  Also the
 * awarding body's results key pair (X25519) and release codes.
 * docs/trust.md describes every format byte by byte.
 */
#ifndef EXAMSTICK_SEAL_H
#define EXAMSTICK_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "sig.h"
#include "util.h"

#define SEAL_MAX_BYTES		(256u * 1024 * 1024)
#define SEAL_HASH_BYTES		32		/* BLAKE2b-256 */

/* Argon2id cost: operations and memory in bytes, as crypto_pwhash takes. */
struct seal_kdf {
	unsigned long long	ops;
	size_t			mem;
};

/* For the results secret key, unlocked at the awarding body. */
extern const struct seal_kdf seal_kdf_key;
/* For release codes, unwrapped on exam machines with little memory. */
extern const struct seal_kdf seal_kdf_release;

/*
 * Codes that people type: symbols of Crockford's base32 (5 bits each),
 * printed in groups of four as "7K2D-QX9M".  A release code has 16
 * symbols (80 bits).  SEAL_CODE_TEXT(n) is the buffer size for n symbols
 * with hyphens and the NUL.
 */
#define SEAL_CODE_SYMBOLS	16
#define SEAL_CODE_TEXT(n)	((n) + ((n) - 1) / 4 + 1)

void	seal_code_generate(char *out, size_t symbols);
/*
 * Turn a typed code into its symbols (out: symbols + 1 bytes): case,
 * spaces and hyphens do not count, O reads as 0 and I and L as 1.
 * Returns -1 unless exactly that many symbols of the alphabet are left.
 */
int	seal_code_normalize(const char *typed, char *out, size_t symbols);

/* The awarding body's results key pair: X25519 for crypto_box_seal. */
struct seal_boxpub {
	unsigned char	keyid[SIG_KEYID_BYTES];
	unsigned char	pk[32];
};

/* Lives in sodium_malloc memory; free with seal_boxsec_free. */
struct seal_boxsec {
	unsigned char	keyid[SIG_KEYID_BYTES];
	unsigned char	sk[32];
	unsigned char	pk[32];
};

/* Make a key pair; the secret key is encrypted with the passphrase. */
int	seal_boxkey_generate(const char *pub_path, const char *sec_path,
	    const char *passphrase, const struct seal_kdf *, char *err);
int	seal_boxpub_parse(struct seal_boxpub *, const char *text, char *err);
int	seal_boxpub_load(struct seal_boxpub *, const char *path, char *err);
struct seal_boxsec *seal_boxsec_load(const char *path, const char *passphrase,
	    char *err);
void	seal_boxsec_free(struct seal_boxsec *);

/* One file of the package zip: its path, size and BLAKE2b-256. */
struct seal_entry {
	char		*path;
	uint64_t	 size;
	unsigned char	 hash[SEAL_HASH_BYTES];
};

/* The signed description of the test in a sealed package. */
struct seal_manifest {
	char		 *test;		/* test id */
	unsigned	  version;	/* of the test, from 1 */
	char		 *title;
	int		  duration_s;
	int		  practice;	/* answers kept for self-marking */
	char		 *created;	/* UTC ISO 8601 */
	char		**items;	/* item identifiers in test order */
	size_t		  nitems;
	uint64_t	  zip_size;
	unsigned char	  zip_hash[SEAL_HASH_BYTES];
	struct seal_entry *entries;
	size_t		  nentries;
};

void	seal_manifest_free(struct seal_manifest *);
/* The manifest's text form, a new heap string. */
char	*seal_manifest_format(const struct seal_manifest *);
int	seal_manifest_parse(struct seal_manifest *, const char *text,
	    size_t len, char *err);
/* Fill zip_size, zip_hash and entries from a zip in memory. */
int	seal_manifest_hash_zip(struct seal_manifest *, const void *zip,
	    size_t len, char *err);
/* Check that a zip is the one the manifest describes, entry by entry. */
int	seal_manifest_check_zip(const struct seal_manifest *, const void *zip,
	    size_t len, char *err);

/*
 * Stripping for real tests.  seal_strip takes a QTI content package zip and
 * returns a zip in which every assessmentItem has lost its correct
 * responses, mappings, response processing and feedback, and every
 * assessmentTest its outcome processing and test feedback, and the
 * marking key: an XML document with each removed element.
 */
struct seal_strip_args {
	const char	*test;		/* test id for the marking key */
	unsigned	 version;
	const char	*pass_mark;	/* "30" or "60%"; NULL: none */
};

struct seal_stripped {
	unsigned char	*zip;
	size_t		 zip_len;
	char		*marking_key;	/* XML text */
	size_t		 key_len;
	size_t		 nitems;	/* assessmentItem files changed */
	size_t		 nremoved;	/* elements and attributes removed */
};

int	seal_strip(const void *zip, size_t len, const struct seal_strip_args *,
	    struct seal_stripped *, char *err);
void	seal_stripped_free(struct seal_stripped *);

/* Everything needed to write a sealed package. */
struct seal_write_args {
	const struct seal_manifest *manifest;	/* zip fields filled */
	const void		*zip;
	size_t			 zip_len;
	const struct sig_seckey	*key;
	const char		*code;		/* release code */
	const struct seal_kdf	*kdf;
};

/* Seal a package into memory; *out is a new heap buffer. */
int	seal_write_buffer(const struct seal_write_args *, unsigned char **out,
	    size_t *outlen, char *err);
/* The same, written to path atomically. */
int	seal_write(const char *path, const struct seal_write_args *,
	    char *err);

enum seal_status {
	SEAL_OK = 0,
	SEAL_IO,		/* cannot read the file */
	SEAL_MALFORMED,		/* not a sealed package */
	SEAL_WRONG_SIGNER,	/* signed, but not by the key given */
	SEAL_TAMPERED,		/* changed after it was signed */
	SEAL_WRONG_CODE		/* the release code does not open it */
};

const char *seal_status_text(enum seal_status);

/*
 * The signed, unencrypted part of a package header, which anyone can
 * read: enough to list and replace packages without the release code.
 */
struct seal_info {
	char		*test;
	unsigned	 version;
	char		*title;
	int		 duration_s;
	int		 practice;
	char		*created;
};

void	seal_info_free(struct seal_info *);

/*
 * Check a package's signature against pubkey and read its header; no
 * release code is needed.  err receives the reason on failure.
 */
enum seal_status seal_verify(const char *path, const struct sig_pubkey *,
	    struct seal_info *, char *err);
enum seal_status seal_verify_buffer(const unsigned char *data, size_t len,
	    const struct sig_pubkey *, struct seal_info *, char *err);

/*
 * An opened package.  zip is in sodium_malloc memory, which libsodium
 * locks into RAM where the system allows it, so it is not swapped out;
 * pass it to pkg_open_buffer.
 */
struct seal_package {
	struct seal_manifest	 manifest;
	unsigned char		*zip;
	size_t			 zip_len;
};

/*
 * Verify, unwrap the key with the release code, decrypt into memory and
 * check the inner manifest and every zip entry against it.  Nothing is
 * written to disk.  The checks run in this order, so each failure has one
 * status: SEAL_MALFORMED, SEAL_WRONG_SIGNER, SEAL_TAMPERED, then
 * SEAL_WRONG_CODE.
 */
enum seal_status seal_open(const char *path, const char *code,
	    const struct sig_pubkey *, struct seal_package **, char *err);
enum seal_status seal_open_buffer(const unsigned char *data, size_t len,
	    const char *code, const struct sig_pubkey *,
	    struct seal_package **, char *err);
void	seal_package_free(struct seal_package *);

/* Tell a sealed package from other files by its first bytes. */
int	seal_is_package(const void *data, size_t len);

#endif
