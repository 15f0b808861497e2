/*
 * The awarding body's results key pair: X25519 keys for crypto_box_seal,
 * in files laid out like minisign's (a comment line, then one base64
 * line).  The secret key is encrypted with crypto_secretbox under a key
 * derived from a passphrase with Argon2id, so a wrong passphrase fails
 * the MAC instead of yielding a wrong key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "seal.h"
#include "seal_private.h"

#define BOX_ALG		"Bx"
#define KDF_ALG		"A2"	/* Argon2id v1.3 */
#define UNTRUSTED	"untrusted comment: "

#define PUB_BYTES	(2 + SIG_KEYID_BYTES + 32)
/* The secret payload: key id and X25519 secret key. */
#define PAYLOAD_BYTES	(SIG_KEYID_BYTES + 32)
#define SEC_OFF_KDF	2
#define SEC_OFF_OPS	4
#define SEC_OFF_MEM	12
#define SEC_OFF_SALT	20
#define SEC_OFF_NONCE	(SEC_OFF_SALT + crypto_pwhash_SALTBYTES)
#define SEC_OFF_BOX	(SEC_OFF_NONCE + crypto_secretbox_NONCEBYTES)
#define SEC_BYTES	(SEC_OFF_BOX + crypto_secretbox_MACBYTES + \
			    PAYLOAD_BYTES)

#define KEYFILE_MAX	4096

static char *
key_text(const char *what, const unsigned char *keyid,
    const unsigned char *raw, size_t len)
{
	char idhex[17], *b64, *out;

	sig_keyid_hex(keyid, idhex);
	b64 = seal_b64_encode(raw, len);
	xasprintf(&out, UNTRUSTED "examstick results %s key %s\n%s\n", what,
	    idhex, b64);
	free(b64);
	return (out);
}

/* Fill raw (SEC_BYTES) with the encrypted secret key. */
static int
seckey_seal(unsigned char *raw, const unsigned char *payload,
    const char *passphrase, const struct seal_kdf *kdf, char *err)
{
	unsigned char kek[32];

	memcpy(raw, BOX_ALG, 2);
	memcpy(raw + SEC_OFF_KDF, KDF_ALG, 2);
	seal_le64_store(raw + SEC_OFF_OPS, kdf->ops);
	seal_le64_store(raw + SEC_OFF_MEM, kdf->mem);
	randombytes_buf(raw + SEC_OFF_SALT, crypto_pwhash_SALTBYTES);
	randombytes_buf(raw + SEC_OFF_NONCE, crypto_secretbox_NONCEBYTES);
	if (seal_kdf_derive(kek, passphrase, raw + SEC_OFF_SALT, kdf->ops,
	    kdf->mem, err) == -1)
		return (-1);
	crypto_secretbox_easy(raw + SEC_OFF_BOX, payload, PAYLOAD_BYTES,
	    raw + SEC_OFF_NONCE, kek);
	sodium_memzero(kek, sizeof kek);
	return (0);
}

static int
boxkey_write(const char *pub_path, const char *sec_path,
    const unsigned char *pub_raw, const unsigned char *sec_raw, char *err)
{
	char *text;
	int rc;

	text = key_text("secret", pub_raw + 2, sec_raw, SEC_BYTES);
	rc = seal_write_new(sec_path, text, strlen(text), 0600, err);
	free(text);
	if (rc == -1)
		return (-1);
	text = key_text("public", pub_raw + 2, pub_raw, PUB_BYTES);
	rc = seal_write_new(pub_path, text, strlen(text), 0644, err);
	free(text);
	if (rc == -1)
		unlink(sec_path);
	return (rc);
}

int
seal_boxkey_generate(const char *pub_path, const char *sec_path,
    const char *passphrase, const struct seal_kdf *kdf, char *err)
{
	unsigned char pub_raw[PUB_BYTES], sec_raw[SEC_BYTES];
	unsigned char *payload;
	int rc = -1;

	if (seal_init(err) == -1)
		return (-1);
	if ((payload = sodium_malloc(PAYLOAD_BYTES)) == NULL)
		return (errf(err, "sodium_malloc: %s", strerror(errno)));
	randombytes_buf(payload, SIG_KEYID_BYTES);
	memcpy(pub_raw, BOX_ALG, 2);
	memcpy(pub_raw + 2, payload, SIG_KEYID_BYTES);
	crypto_box_keypair(pub_raw + 2 + SIG_KEYID_BYTES,
	    payload + SIG_KEYID_BYTES);
	if (seckey_seal(sec_raw, payload, passphrase, kdf, err) == 0)
		rc = boxkey_write(pub_path, sec_path, pub_raw, sec_raw, err);
	sodium_free(payload);
	return (rc);
}

/*
 * Split a key file into its comment line and key line.  The comment must
 * start with the untrusted-comment prefix; it is not otherwise checked.
 */
static int
key_lines(const char *text, const char **b64, size_t *b64len)
{
	const char *nl;
	size_t len = strlen(text);

	if (strncmp(text, UNTRUSTED, strlen(UNTRUSTED)) != 0 ||
	    (nl = strchr(text, '\n')) == NULL)
		return (-1);
	*b64 = nl + 1;
	*b64len = len - (size_t)(*b64 - text);
	if (*b64len > 0 && (*b64)[*b64len - 1] == '\n')
		(*b64len)--;
	if (memchr(*b64, '\n', *b64len) != NULL)
		return (-1);
	return (0);
}

int
seal_boxpub_parse(struct seal_boxpub *pk, const char *text, char *err)
{
	unsigned char raw[PUB_BYTES];
	const char *b64;
	size_t len;

	if (key_lines(text, &b64, &len) == -1 ||
	    seal_b64_decode(b64, len, raw, sizeof raw) == -1)
		return (errf(err, "not an examstick results public key:"
		    " expected an \"" UNTRUSTED "\" line and base64 of %d"
		    " bytes",
		    PUB_BYTES));
	if (memcmp(raw, BOX_ALG, 2) != 0)
		return (errf(err, "not a results public key: the key"
		    " algorithm is not X25519 (\"" BOX_ALG "\")"));
	memcpy(pk->keyid, raw + 2, SIG_KEYID_BYTES);
	memcpy(pk->pk, raw + 2 + SIG_KEYID_BYTES, sizeof pk->pk);
	return (0);
}

int
seal_boxpub_load(struct seal_boxpub *pk, const char *path, char *err)
{
	char *text, why[ERR_LEN];
	int rc;

	if (util_read_file(path, KEYFILE_MAX, &text, NULL, err) == -1)
		return (-1);
	rc = seal_boxpub_parse(pk, text, why);
	free(text);
	if (rc == -1)
		return (errf(err, "%s: %s", path, why));
	return (0);
}

/* Decrypt the payload of a decoded secret key into key. */
static int
seckey_open(const unsigned char *raw, const char *passphrase,
    struct seal_boxsec *key, char *err)
{
	unsigned char kek[32], *payload;
	int rc;

	if (memcmp(raw, BOX_ALG, 2) != 0 ||
	    memcmp(raw + SEC_OFF_KDF, KDF_ALG, 2) != 0)
		return (errf(err, "not a results secret key: unknown key or"
		    " key derivation algorithm"));
	if (seal_kdf_derive(kek, passphrase, raw + SEC_OFF_SALT,
	    seal_le64_load(raw + SEC_OFF_OPS),
	    (size_t)seal_le64_load(raw + SEC_OFF_MEM), err) == -1)
		return (-1);
	if ((payload = sodium_malloc(PAYLOAD_BYTES)) == NULL) {
		sodium_memzero(kek, sizeof kek);
		return (errf(err, "sodium_malloc: %s", strerror(errno)));
	}
	rc = crypto_secretbox_open_easy(payload, raw + SEC_OFF_BOX,
	    SEC_BYTES - SEC_OFF_BOX, raw + SEC_OFF_NONCE, kek);
	sodium_memzero(kek, sizeof kek);
	if (rc == 0) {
		memcpy(key->keyid, payload, SIG_KEYID_BYTES);
		memcpy(key->sk, payload + SIG_KEYID_BYTES, sizeof key->sk);
		crypto_scalarmult_base(key->pk, key->sk);
	}
	sodium_free(payload);
	if (rc != 0)
		return (errf(err, "wrong passphrase, or the key file was"
		    " changed"));
	return (0);
}

struct seal_boxsec *
seal_boxsec_load(const char *path, const char *passphrase, char *err)
{
	unsigned char raw[SEC_BYTES];
	struct seal_boxsec *key;
	const char *b64;
	char *text, why[ERR_LEN];
	size_t len;
	int rc;

	if (seal_init(err) == -1 ||
	    util_read_file(path, KEYFILE_MAX, &text, NULL, err) == -1)
		return (NULL);
	rc = key_lines(text, &b64, &len);
	if (rc == 0)
		rc = seal_b64_decode(b64, len, raw, sizeof raw);
	free(text);
	if (rc == -1) {
		errf(err, "%s: not an examstick results secret key: expected"
		    " an \"" UNTRUSTED "\" line and base64 of %d bytes", path,
		    SEC_BYTES);
		return (NULL);
	}
	if ((key = sodium_malloc(sizeof *key)) == NULL) {
		errf(err, "sodium_malloc: %s", strerror(errno));
		return (NULL);
	}
	if (seckey_open(raw, passphrase, key, why) == -1) {
		sodium_free(key);
		errf(err, "%s: %s", path, why);
		return (NULL);
	}
	return (key);
}

void
seal_boxsec_free(struct seal_boxsec *key)
{
	if (key != NULL)
		sodium_free(key);
}
