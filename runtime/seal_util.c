/*
 * Encoding, key derivation and file helpers for the trust-chain formats.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "seal.h"
#include "seal_private.h"

/* Upper bounds on Argon2id cost read from a file: libsodium's SENSITIVE. */
#define KDF_OPS_MAX	crypto_pwhash_OPSLIMIT_SENSITIVE
#define KDF_MEM_MAX	crypto_pwhash_MEMLIMIT_SENSITIVE

const struct seal_kdf seal_kdf_key = {
	crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE
};

const struct seal_kdf seal_kdf_release = {
	crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE
};

int
seal_init(char *err)
{
	if (sodium_init() < 0)
		return (errf(err, "libsodium failed to initialise"));
	return (0);
}

char *
seal_b64_encode(const unsigned char *in, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(n);

	sodium_bin2base64(out, n, in, len, sodium_base64_VARIANT_ORIGINAL);
	return (out);
}

/*
 * libsodium 1.0.18 decodes some bytes above 0x7f as base64 digits, so the
 * alphabet is checked first; it rejects non-zero padding bits itself.
 * Together these give each value exactly one text form.
 */
int
seal_b64_decode(const char *s, size_t len, unsigned char *out, size_t want)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/=";
	size_t got, i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || strchr(alphabet, s[i]) == NULL)
			return (-1);
	}
	if (sodium_base642bin(out, want, s, len, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return (-1);
	return (got == want ? 0 : -1);
}

void
seal_le16_store(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

uint16_t
seal_le16_load(const unsigned char *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

void
seal_le32_store(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

uint32_t
seal_le32_load(const unsigned char *p)
{
	uint32_t v = 0;
	int i;

	for (i = 3; i >= 0; i--)
		v = v << 8 | p[i];
	return (v);
}

void
seal_le64_store(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

uint64_t
seal_le64_load(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (v);
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

int
seal_write_new(const char *path, const void *data, size_t len, mode_t mode,
    char *err)
{
	char *copy;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		return (errf(err, "create %s: %s", path, strerror(errno)));
	if (write_all(fd, data, len) == -1)
		rc = errf(err, "write %s: %s", path, strerror(errno));
	else if (fsync(fd) == -1)
		rc = errf(err, "fsync %s: %s", path, strerror(errno));
	if (close(fd) == -1 && rc == 0)
		rc = errf(err, "close %s: %s", path, strerror(errno));
	if (rc == -1) {
		unlink(path);
		return (-1);
	}
	copy = xstrdup(path);
	rc = util_fsync_dir(dirname(copy), err);
	free(copy);
	return (rc);
}

int
seal_kdf_check(unsigned long long ops, unsigned long long mem, char *err)
{
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > KDF_OPS_MAX)
		return (errf(err, "Argon2id operations limit %llu is outside"
		    " %llu to %llu", ops,
		    (unsigned long long)crypto_pwhash_OPSLIMIT_MIN,
		    (unsigned long long)KDF_OPS_MAX));
	if (mem < crypto_pwhash_MEMLIMIT_MIN || mem > KDF_MEM_MAX)
		return (errf(err, "Argon2id memory limit %llu is outside"
		    " %llu to %llu bytes", mem,
		    (unsigned long long)crypto_pwhash_MEMLIMIT_MIN,
		    (unsigned long long)KDF_MEM_MAX));
	return (0);
}

int
seal_kdf_derive(unsigned char key[32], const char *password,
    const unsigned char *salt, unsigned long long ops, size_t mem, char *err)
{
	if (seal_kdf_check(ops, mem, err) == -1)
		return (-1);
	if (crypto_pwhash(key, 32, password, strlen(password), salt, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return (errf(err, "Argon2id key derivation failed: not enough"
		    " memory for %zu bytes", mem));
	return (0);
}

enum sig_status
seal_sig_check(const struct sig_pubkey *pk, const void *data, size_t len,
    const char *sig, char *trusted, char *err)
{
	enum sig_status st;
	char idhex[17], *want;
	int same;

	st = sig_verify(pk, data, len, sig, trusted, SEAL_TRUSTED_MAX, err);
	if (st != SIG_OK)
		return (st);
	sig_keyid_hex(pk->keyid, idhex);
	xasprintf(&want, "untrusted comment: " SIG_UNTRUSTED_COMMENT "%s\n",
	    idhex);
	same = strncmp(sig, want, strlen(want)) == 0;
	free(want);
	if (!same) {
		errf(err, "the signature's untrusted comment was changed");
		return (SIG_BAD_COMMENT);
	}
	return (SIG_OK);
}
