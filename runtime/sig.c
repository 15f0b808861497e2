/*
 * Ed25519 keys and signatures in minisign 0.11's file formats, made and
 * checked with libsodium.  The byte layouts are in docs/formats.md.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "sig.h"

#define SIG_ALG		"Ed"	/* signature of the raw data (legacy) */
#define SIG_ALG_HASHED	"ED"	/* signature of BLAKE2b-512 of the data */
#define KDF_ALG		"Sc"	/* scrypt, as crypto_pwhash_scryptsalsa208 */
#define CHK_ALG		"B2"	/* BLAKE2b-256 checksum */
#define UNTRUSTED	"untrusted comment: "
#define TRUSTED		"trusted comment: "

#define PUBKEY_BYTES	(2 + SIG_KEYID_BYTES + 32)
#define SIGLINE_BYTES	(2 + SIG_KEYID_BYTES + crypto_sign_BYTES)
/* sig_alg, kdf_alg, chk_alg, salt, opslimit, memlimit, keyid, sk, chk */
#define SECKEY_BYTES	(2 + 2 + 2 + 32 + 8 + 8 + SIG_KEYID_BYTES + 64 + 32)
#define SK_OFF_KDF	2
#define SK_OFF_CHK_ALG	4
#define SK_OFF_SALT	6
#define SK_OFF_OPS	38
#define SK_OFF_MEM	46
#define SK_OFF_KEYNUM	54	/* keyid || sk || chk, encrypted as one */
#define SK_KEYNUM_BYTES	(SIG_KEYID_BYTES + 64 + 32)

#define COMMENT_MAX	1024

static int
sig_init(char *err)
{
	if (sodium_init() < 0)
		return (errf(err, "libsodium failed to initialise"));
	return (0);
}

void
sig_keyid_hex(const unsigned char keyid[SIG_KEYID_BYTES], char out[17])
{
	unsigned char be[SIG_KEYID_BYTES];
	size_t i;

	/* minisign prints the id as a little-endian 64-bit number. */
	for (i = 0; i < SIG_KEYID_BYTES; i++)
		be[i] = keyid[SIG_KEYID_BYTES - 1 - i];
	util_hex(be, SIG_KEYID_BYTES, out, 1);
}

const char *
sig_status_text(enum sig_status st)
{
	switch (st) {
	case SIG_OK:
		return ("signature verified");
	case SIG_MALFORMED:
		return ("not a minisign signature");
	case SIG_ALGORITHM:
		return ("unsupported signature algorithm");
	case SIG_WRONG_KEY:
		return ("signed with a different key");
	case SIG_BAD:
		return ("signature does not match the file");
	case SIG_BAD_COMMENT:
		return ("trusted comment was changed");
	}
	return ("unknown signature status");
}

/*
 * Decode standard base64 (with padding) of exactly want bytes, so that
 * each text has one decoding.  libsodium rejects non-zero padding bits,
 * but version 1.0.18 decodes some bytes above 0x7f as if they were base64
 * digits, so the alphabet is checked here first.
 */
static int
b64_decode(const char *s, size_t len, unsigned char *out, size_t want)
{
	size_t got, i;
	char c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='))
			return (-1);
	}
	if (sodium_base642bin(out, want, s, len, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0)
		return (-1);
	return (got == want ? 0 : -1);
}

static char *
b64_encode(const unsigned char *in, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(n);

	sodium_bin2base64(out, n, in, len, sodium_base64_VARIANT_ORIGINAL);
	return (out);
}

/*
 * Split text into lines that end in "\n" and return how many there are.
 * Returns -1 when a line has no newline or there are more than max.
 */
static int
split_lines(const char *text, size_t len, const char **line,
    size_t *linelen, int max)
{
	const char *p = text, *nl;
	int n = 0;

	while (p < text + len) {
		nl = memchr(p, '\n', (size_t)(text + len - p));
		if (nl == NULL || n == max)
			return (-1);
		line[n] = p;
		linelen[n] = (size_t)(nl - p);
		n++;
		p = nl + 1;
	}
	return (n);
}

static int
has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return (len >= n && memcmp(s, prefix, n) == 0);
}

int
sig_pubkey_parse(struct sig_pubkey *pk, const char *text, char *err)
{
	unsigned char raw[PUBKEY_BYTES];
	size_t len = strlen(text);
	const char *b64 = text, *nl;

	/* Either a key file (comment line, key line) or a bare key line. */
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if ((nl = memchr(text, '\n', len)) != NULL) {
		if (!has_prefix(text, (size_t)(nl - text), UNTRUSTED))
			return (errf(err, "not a minisign public key: the"
			    " first line must start with \"" UNTRUSTED "\""));
		b64 = nl + 1;
		len -= (size_t)(b64 - text);
	}
	if (b64_decode(b64, len, raw, sizeof raw) == -1)
		return (errf(err, "not a minisign public key: the key line is"
		    " not base64 of %d bytes", PUBKEY_BYTES));
	if (memcmp(raw, SIG_ALG, 2) != 0)
		return (errf(err, "unsupported public key algorithm"));
	memcpy(pk->keyid, raw + 2, SIG_KEYID_BYTES);
	memcpy(pk->pk, raw + 2 + SIG_KEYID_BYTES, sizeof pk->pk);
	return (0);
}

int
sig_pubkey_load(struct sig_pubkey *pk, const char *path, char *err)
{
	char *text, why[ERR_LEN];
	int rc;

	if (util_read_file(path, 4096, &text, NULL, err) == -1)
		return (-1);
	rc = sig_pubkey_parse(pk, text, why);
	free(text);
	if (rc == -1)
		return (errf(err, "%s: %s", path, why));
	return (0);
}

static uint64_t
le64_load(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return (v);
}

static void
le64_store(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* BLAKE2b-256 of sig_alg || keyid || sk, as minisign computes it. */
static void
seckey_checksum(const unsigned char *raw, unsigned char out[32])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, raw, 2);
	crypto_generichash_update(&st, raw + SK_OFF_KEYNUM,
	    SIG_KEYID_BYTES + 64);
	crypto_generichash_final(&st, out, 32);
}

/* XOR the keyid || sk || chk block with a stream derived from password. */
static int
seckey_crypt(unsigned char *raw, const char *password, char *err)
{
	unsigned char *stream;
	uint64_t ops, mem;
	size_t i;

	ops = le64_load(raw + SK_OFF_OPS);
	mem = le64_load(raw + SK_OFF_MEM);
	if (ops < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
	    mem < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN ||
	    ops > SIG_KDF_OPSLIMIT_MAX || mem > SIG_KDF_MEMLIMIT_MAX)
		return (errf(err, "the key's scrypt limits are out of range"));
	if ((stream = sodium_malloc(SK_KEYNUM_BYTES)) == NULL)
		return (errf(err, "sodium_malloc: %s", strerror(errno)));
	if (crypto_pwhash_scryptsalsa208sha256(stream, SK_KEYNUM_BYTES,
	    password, strlen(password), raw + SK_OFF_SALT, ops,
	    (size_t)mem) != 0) {
		sodium_free(stream);
		return (errf(err, "scrypt key derivation failed: out of"
		    " memory"));
	}
	for (i = 0; i < SK_KEYNUM_BYTES; i++)
		raw[SK_OFF_KEYNUM + i] ^= stream[i];
	sodium_free(stream);
	return (0);
}

static int
all_zero(const unsigned char *p, size_t n)
{
	return (sodium_is_zero(p, n));
}

/*
 * Check a decoded (and decrypted) secret key.  minisign -W leaves the
 * checksum all zero, so an unencrypted key with a zero checksum is
 * checked by deriving its public half from the seed instead.
 */
static int
seckey_check(const unsigned char *raw, int encrypted, char *err)
{
	unsigned char chk[32], pk[32], sk[64];
	const unsigned char *keysk = raw + SK_OFF_KEYNUM + SIG_KEYID_BYTES;
	int bad;

	if (!encrypted && all_zero(keysk + 64, 32)) {
		crypto_sign_seed_keypair(pk, sk, keysk);
		bad = sodium_memcmp(sk, keysk, 64) != 0;
		sodium_memzero(sk, sizeof sk);
		if (bad)
			return (errf(err, "the secret key is damaged"));
		return (0);
	}
	seckey_checksum(raw, chk);
	if (sodium_memcmp(chk, keysk + 64, 32) != 0)
		return (errf(err, encrypted ? "wrong password for this key" :
		    "the secret key's checksum does not match: the key is"
		    " damaged"));
	return (0);
}

/* Decode the key line of a secret key file into sodium_malloc memory. */
static unsigned char *
seckey_decode(const char *text, size_t len, char *err)
{
	const char *line[2];
	size_t linelen[2];
	unsigned char *raw;

	if (split_lines(text, len, line, linelen, 2) != 2 ||
	    !has_prefix(line[0], linelen[0], UNTRUSTED)) {
		errf(err, "not a minisign secret key: expected an \"untrusted"
		    " comment:\" line and a key line");
		return (NULL);
	}
	if ((raw = sodium_malloc(SECKEY_BYTES)) == NULL) {
		errf(err, "sodium_malloc: %s", strerror(errno));
		return (NULL);
	}
	if (b64_decode(line[1], linelen[1], raw, SECKEY_BYTES) == -1) {
		sodium_free(raw);
		errf(err, "not a minisign secret key: the key line is not"
		    " base64 of %d bytes", SECKEY_BYTES);
		return (NULL);
	}
	return (raw);
}

static int
seckey_unlock(unsigned char *raw, const char *password, char *err)
{
	int encrypted;

	if (memcmp(raw, SIG_ALG, 2) != 0)
		return (errf(err, "unsupported secret key algorithm"));
	if (memcmp(raw + SK_OFF_CHK_ALG, CHK_ALG, 2) != 0)
		return (errf(err, "unsupported secret key checksum"));
	encrypted = memcmp(raw + SK_OFF_KDF, KDF_ALG, 2) == 0;
	if (!encrypted && !all_zero(raw + SK_OFF_KDF, 2))
		return (errf(err, "unsupported key derivation function"));
	if (encrypted && password == NULL)
		return (errf(err, "the key is encrypted and no password was"
		    " given"));
	if (encrypted && seckey_crypt(raw, password, err) == -1)
		return (-1);
	return (seckey_check(raw, encrypted, err));
}

struct sig_seckey *
sig_seckey_load(const char *path, const char *password, char *err)
{
	struct sig_seckey *key;
	unsigned char *raw;
	char why[ERR_LEN];
	size_t len;
	char *text;

	if (sig_init(err) == -1)
		return (NULL);
	if (util_read_file(path, 4096, &text, &len, err) == -1)
		return (NULL);
	raw = seckey_decode(text, len, why);
	sodium_memzero(text, len);
	free(text);
	if (raw == NULL || seckey_unlock(raw, password, why) == -1) {
		sodium_free(raw);
		errf(err, "%s: %s", path, why);
		return (NULL);
	}
	if ((key = sodium_malloc(sizeof *key)) == NULL) {
		sodium_free(raw);
		errf(err, "sodium_malloc: %s", strerror(errno));
		return (NULL);
	}
	memcpy(key->keyid, raw + SK_OFF_KEYNUM, SIG_KEYID_BYTES);
	memcpy(key->sk, raw + SK_OFF_KEYNUM + SIG_KEYID_BYTES, sizeof key->sk);
	sodium_free(raw);
	return (key);
}

void
sig_seckey_free(struct sig_seckey *key)
{
	/* sodium_free wipes the memory before releasing it. */
	if (key != NULL)
		sodium_free(key);
}

/* Create path with mode (it must not exist), write text and fsync. */
static int
write_new_file(const char *path, const char *text, mode_t mode, char *err)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		return (errf(err, "create %s: %s", path, strerror(errno)));
	n = write(fd, text, len);
	if (n == -1)
		rc = errf(err, "write %s: %s", path, strerror(errno));
	else if ((size_t)n != len)
		rc = errf(err, "write %s: only %zd of %zu bytes written", path,
		    n, len);
	else if (fsync(fd) == -1)
		rc = errf(err, "fsync %s: %s", path, strerror(errno));
	if (close(fd) == -1 && rc == 0)
		rc = errf(err, "close %s: %s", path, strerror(errno));
	if (rc == -1)
		unlink(path);
	return (rc);
}

static int
fsync_parent(const char *path, char *err)
{
	char *copy = xstrdup(path);
	int rc;

	rc = util_fsync_dir(dirname(copy), err);
	free(copy);
	return (rc);
}

/* Build the secret key record in raw and encrypt it if password is set. */
static int
seckey_build(unsigned char *raw, const unsigned char keyid[SIG_KEYID_BYTES],
    const unsigned char sk[64], const char *password, char *err)
{
	sodium_memzero(raw, SECKEY_BYTES);
	memcpy(raw, SIG_ALG, 2);
	memcpy(raw + SK_OFF_CHK_ALG, CHK_ALG, 2);
	memcpy(raw + SK_OFF_KEYNUM, keyid, SIG_KEYID_BYTES);
	memcpy(raw + SK_OFF_KEYNUM + SIG_KEYID_BYTES, sk, 64);
	seckey_checksum(raw, raw + SK_OFF_KEYNUM + SIG_KEYID_BYTES + 64);
	if (password == NULL)
		return (0);
	memcpy(raw + SK_OFF_KDF, KDF_ALG, 2);
	randombytes_buf(raw + SK_OFF_SALT, 32);
	le64_store(raw + SK_OFF_OPS, SIG_KDF_OPSLIMIT);
	le64_store(raw + SK_OFF_MEM, SIG_KDF_MEMLIMIT);
	return (seckey_crypt(raw, password, err));
}

static char *
key_text(const char *comment, const unsigned char *raw, size_t len)
{
	char *b64 = b64_encode(raw, len), *out;

	xasprintf(&out, UNTRUSTED "%s\n%s\n", comment, b64);
	free(b64);
	return (out);
}

static int
keygen_write(const char *pub_path, const char *sec_path,
    const unsigned char *sec_raw, const unsigned char *pub_raw,
    const char *comment, char *err)
{
	char idhex[17], *pub_comment, *text;
	int rc;

	text = key_text(comment, sec_raw, SECKEY_BYTES);
	rc = write_new_file(sec_path, text, 0600, err);
	sodium_memzero(text, strlen(text));
	free(text);
	if (rc == -1)
		return (-1);

	sig_keyid_hex(pub_raw + 2, idhex);
	xasprintf(&pub_comment, "minisign public key %s", idhex);
	text = key_text(pub_comment, pub_raw, PUBKEY_BYTES);
	free(pub_comment);
	rc = write_new_file(pub_path, text, 0644, err);
	free(text);
	if (rc == -1) {
		unlink(sec_path);
		return (-1);
	}
	if (fsync_parent(sec_path, err) == -1 ||
	    fsync_parent(pub_path, err) == -1)
		return (-1);
	return (0);
}

int
sig_keygen(const char *pub_path, const char *sec_path, const char *password,
    const char *comment, char *err)
{
	unsigned char pub_raw[PUBKEY_BYTES], keyid[SIG_KEYID_BYTES];
	unsigned char *sk, *sec_raw;
	int rc = -1;

	if (sig_init(err) == -1)
		return (-1);
	if (comment == NULL)
		comment = "minisign secret key";
	if (strchr(comment, '\n') != NULL || strlen(comment) > COMMENT_MAX)
		return (errf(err, "key comment must be one line of at most"
		    " %d bytes", COMMENT_MAX));
	sk = sodium_malloc(64);
	sec_raw = sodium_malloc(SECKEY_BYTES);
	if (sk == NULL || sec_raw == NULL) {
		errf(err, "sodium_malloc: %s", strerror(errno));
		goto out;
	}
	randombytes_buf(keyid, sizeof keyid);
	memcpy(pub_raw, SIG_ALG, 2);
	memcpy(pub_raw + 2, keyid, sizeof keyid);
	crypto_sign_keypair(pub_raw + 2 + SIG_KEYID_BYTES, sk);
	if (seckey_build(sec_raw, keyid, sk, password, err) == -1)
		goto out;
	rc = keygen_write(pub_path, sec_path, sec_raw, pub_raw, comment, err);
out:
	if (sk != NULL)
		sodium_free(sk);
	if (sec_raw != NULL)
		sodium_free(sec_raw);
	return (rc);
}

int
sig_seckey_save(const struct sig_seckey *key, const char *path,
    const char *password, const char *comment, char *err)
{
	unsigned char *raw;
	char *text, *tmp;
	int rc;

	if (sig_init(err) == -1)
		return (-1);
	if (strchr(comment, '\n') != NULL || strlen(comment) > COMMENT_MAX)
		return (errf(err, "key comment must be one line of at most"
		    " %d bytes", COMMENT_MAX));
	if ((raw = sodium_malloc(SECKEY_BYTES)) == NULL)
		return (errf(err, "sodium_malloc: %s", strerror(errno)));
	rc = seckey_build(raw, key->keyid, key->sk, password, err);
	if (rc == -1) {
		sodium_free(raw);
		return (-1);
	}
	text = key_text(comment, raw, SECKEY_BYTES);
	sodium_free(raw);

	/* A new file beside the old one, renamed over it once on disk. */
	xasprintf(&tmp, "%s.tmp", path);
	if (unlink(tmp) == -1 && errno != ENOENT)
		rc = errf(err, "remove %s: %s", tmp, strerror(errno));
	if (rc == 0)
		rc = write_new_file(tmp, text, 0600, err);
	if (rc == 0 && rename(tmp, path) == -1) {
		rc = errf(err, "rename %s to %s: %s", tmp, path,
		    strerror(errno));
		unlink(tmp);
	}
	if (rc == 0)
		rc = fsync_parent(path, err);
	sodium_memzero(text, strlen(text));
	free(text);
	free(tmp);
	return (rc);
}

/* A trusted comment must be one printable line, as minisign requires. */
static int
comment_valid(const char *s, size_t len)
{
	size_t i;

	if (len > COMMENT_MAX)
		return (0);
	for (i = 0; i < len; i++) {
		if (s[i] == '\t' || (unsigned char)s[i] >= 0x20)
			continue;
		return (0);
	}
	if (memchr(s, 0x7f, len) != NULL)
		return (0);
	return (1);
}

int
sig_sign(const struct sig_seckey *key, const void *data, size_t len,
    const char *trusted_comment, char **sig_text, char *err)
{
	unsigned char hash[crypto_generichash_BYTES_MAX];
	unsigned char line[SIGLINE_BYTES], global[crypto_sign_BYTES];
	size_t tlen = strlen(trusted_comment);
	char idhex[17], *b64sig, *b64global;
	unsigned char *both;

	if (sig_init(err) == -1)
		return (-1);
	if (!comment_valid(trusted_comment, tlen))
		return (errf(err, "trusted comment must be one printable line"
		    " of at most %d bytes", COMMENT_MAX));
	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	memcpy(line, SIG_ALG_HASHED, 2);
	memcpy(line + 2, key->keyid, SIG_KEYID_BYTES);
	crypto_sign_detached(line + 2 + SIG_KEYID_BYTES, NULL, hash,
	    sizeof hash, key->sk);

	both = xmalloc(crypto_sign_BYTES + tlen);
	memcpy(both, line + 2 + SIG_KEYID_BYTES, crypto_sign_BYTES);
	memcpy(both + crypto_sign_BYTES, trusted_comment, tlen);
	crypto_sign_detached(global, NULL, both, crypto_sign_BYTES + tlen,
	    key->sk);
	free(both);

	sig_keyid_hex(key->keyid, idhex);
	b64sig = b64_encode(line, sizeof line);
	b64global = b64_encode(global, sizeof global);
	xasprintf(sig_text, UNTRUSTED "%s%s\n%s\n" TRUSTED "%s\n%s\n",
	    SIG_UNTRUSTED_COMMENT, idhex, b64sig, trusted_comment, b64global);
	free(b64sig);
	free(b64global);
	return (0);
}

struct parsed_sig {
	unsigned char	 line[SIGLINE_BYTES];
	unsigned char	 global[crypto_sign_BYTES];
	const char	*trusted;
	size_t		 tlen;
};

/* Parse the four lines of a .minisig text. */
static int
sig_parse(const char *text, struct parsed_sig *ps, char *err)
{
	const char *line[4];
	size_t linelen[4];
	size_t ulen = strlen(UNTRUSTED), tlen = strlen(TRUSTED);

	if (split_lines(text, strlen(text), line, linelen, 4) != 4)
		return (errf(err, "not a minisign signature: expected four"
		    " lines"));
	if (!has_prefix(line[0], linelen[0], UNTRUSTED) ||
	    linelen[0] - ulen > COMMENT_MAX)
		return (errf(err, "not a minisign signature: the first line"
		    " must start with \"" UNTRUSTED "\""));
	if (b64_decode(line[1], linelen[1], ps->line, sizeof ps->line) == -1)
		return (errf(err, "not a minisign signature: line 2 is not"
		    " base64 of %d bytes", SIGLINE_BYTES));
	if (!has_prefix(line[2], linelen[2], TRUSTED) ||
	    !comment_valid(line[2] + tlen, linelen[2] - tlen))
		return (errf(err, "not a minisign signature: line 3 must be"
		    " a printable \"" TRUSTED "\" line"));
	if (b64_decode(line[3], linelen[3], ps->global,
	    sizeof ps->global) == -1)
		return (errf(err, "not a minisign signature: line 4 is not"
		    " base64 of %d bytes", crypto_sign_BYTES));
	ps->trusted = line[2] + tlen;
	ps->tlen = linelen[2] - tlen;
	return (0);
}

/* Check the file signature of line 2 over data. */
static int
sig_check_file(const struct sig_pubkey *pk, const unsigned char *line,
    const void *data, size_t len)
{
	unsigned char hash[crypto_generichash_BYTES_MAX];
	const unsigned char *sig = line + 2 + SIG_KEYID_BYTES;

	if (memcmp(line, SIG_ALG, 2) == 0)
		return (crypto_sign_verify_detached(sig, data, len, pk->pk));
	crypto_generichash(hash, sizeof hash, data, len, NULL, 0);
	return (crypto_sign_verify_detached(sig, hash, sizeof hash, pk->pk));
}

static int
sig_check_global(const struct sig_pubkey *pk, const struct parsed_sig *ps)
{
	unsigned char *both;
	int rc;

	both = xmalloc(crypto_sign_BYTES + ps->tlen);
	memcpy(both, ps->line + 2 + SIG_KEYID_BYTES, crypto_sign_BYTES);
	memcpy(both + crypto_sign_BYTES, ps->trusted, ps->tlen);
	rc = crypto_sign_verify_detached(ps->global, both,
	    crypto_sign_BYTES + ps->tlen, pk->pk);
	free(both);
	return (rc);
}

enum sig_status
sig_verify(const struct sig_pubkey *pk, const void *data, size_t len,
    const char *sig_text, char *trusted, size_t tlen, char *err)
{
	struct parsed_sig ps;
	char want[17], got[17];

	if (sig_init(err) == -1)
		return (SIG_MALFORMED);
	if (sig_parse(sig_text, &ps, err) == -1)
		return (SIG_MALFORMED);
	if (memcmp(ps.line, SIG_ALG_HASHED, 2) != 0 &&
	    memcmp(ps.line, SIG_ALG, 2) != 0) {
		errf(err, "unsupported signature algorithm 0x%02x%02x",
		    ps.line[0], ps.line[1]);
		return (SIG_ALGORITHM);
	}
	if (memcmp(ps.line + 2, pk->keyid, SIG_KEYID_BYTES) != 0) {
		sig_keyid_hex(ps.line + 2, got);
		sig_keyid_hex(pk->keyid, want);
		errf(err, "signed with key %s, but the public key is %s", got,
		    want);
		return (SIG_WRONG_KEY);
	}
	if (sig_check_file(pk, ps.line, data, len) != 0) {
		errf(err, "signature does not match the file");
		return (SIG_BAD);
	}
	if (sig_check_global(pk, &ps) != 0) {
		errf(err, "the trusted comment does not match its signature");
		return (SIG_BAD_COMMENT);
	}
	if (trusted != NULL && tlen > 0) {
		if (ps.tlen >= tlen)
			ps.tlen = tlen - 1;
		memcpy(trusted, ps.trusted, ps.tlen);
		trusted[ps.tlen] = '\0';
	}
	return (SIG_OK);
}
