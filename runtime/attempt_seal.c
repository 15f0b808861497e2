/*
 * Sealing and opening the answer values of "sealedanswer" journal
 * records.  The scheme is described in attempt_seal.h.
 *
 * The plaintext is the value count in decimal followed by each value,
 * percent-encoded, after a space: "0" for a cleared response, "1 " for
 * one empty value, "2 A B" for two.  The count keeps an empty value
 * apart from none.  It is padded with sodium_pad (ISO/IEC 7816-4) to a
 * multiple of PAD_BLOCK bytes before it is sealed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "attempt_seal.h"

#define NONCE_BYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES	crypto_aead_xchacha20poly1305_ietf_ABYTES
#define B64_VARIANT	sodium_base64_VARIANT_URLSAFE_NO_PADDING
/* The plaintext is padded to a multiple of this, to blur its length. */
#define PAD_BLOCK	ATTEMPT_SEAL_PAD_BLOCK

unsigned char *
attempt_seal_key(const struct sig_seckey *stick, const char *id)
{
	crypto_generichash_state st;
	unsigned char seed[crypto_sign_SEEDBYTES], *key;

	/* Out of memory, as in xmalloc, aborts. */
	if (sodium_init() < 0 ||
	    (key = sodium_malloc(ATTEMPT_SEAL_KEY_BYTES)) == NULL)
		abort();
	crypto_sign_ed25519_sk_to_seed(seed, stick->sk);
	crypto_generichash_init(&st, seed, sizeof seed,
	    ATTEMPT_SEAL_KEY_BYTES);
	crypto_generichash_update(&st,
	    (const unsigned char *)ATTEMPT_SEAL_CONTEXT,
	    sizeof ATTEMPT_SEAL_CONTEXT);	/* with its NUL */
	crypto_generichash_update(&st, (const unsigned char *)id,
	    strlen(id));
	crypto_generichash_final(&st, key, ATTEMPT_SEAL_KEY_BYTES);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(&st, sizeof st);
	return (key);
}

/* "CONTEXT NUL id NUL seq NUL item NUL response" in a new buffer. */
static unsigned char *
associated_data(const char *id, uint64_t seq, const char *item,
    const char *response, size_t *len)
{
	char number[32], *ad;
	const char *parts[5];
	size_t i, n;

	snprintf(number, sizeof number, "%" PRIu64, seq);
	parts[0] = ATTEMPT_SEAL_CONTEXT;
	parts[1] = id;
	parts[2] = number;
	parts[3] = item;
	parts[4] = response;
	for (n = 0, i = 0; i < 5; i++)
		n += strlen(parts[i]) + 1;
	ad = xmalloc(n);
	for (n = 0, i = 0; i < 5; i++) {
		memcpy(ad + n, parts[i], strlen(parts[i]) + 1);
		n += strlen(parts[i]) + 1;
	}
	*len = n - 1;	/* the last NUL ends the buffer, not the data */
	return ((unsigned char *)ad);
}

/* The plaintext, padded; *len is its padded length. */
static char *
values_text(size_t nvalues, const char *const *values, size_t *len)
{
	char *out, *enc, *next;
	size_t i, used;

	xasprintf(&out, "%zu", nvalues);
	for (i = 0; i < nvalues; i++) {
		enc = util_pct_encode(values[i], strlen(values[i]));
		xasprintf(&next, "%s %s", out, enc);
		free(enc);
		sodium_memzero(out, strlen(out));
		free(out);
		out = next;
	}
	used = strlen(out);
	next = xmalloc(used + PAD_BLOCK);
	memcpy(next, out, used);
	sodium_memzero(out, used);
	free(out);
	if (sodium_pad(len, (unsigned char *)next, used, PAD_BLOCK,
	    used + PAD_BLOCK) != 0)
		abort();	/* the buffer has room for a whole block */
	return (next);
}

char *
attempt_seal_values(const unsigned char *key, const char *id, uint64_t seq,
    const char *item, const char *response, size_t nvalues,
    const char *const *values)
{
	unsigned char *ad, *box;
	char *plain, *b64;
	size_t adlen, plen, boxlen, b64len;

	plain = values_text(nvalues, values, &plen);
	ad = associated_data(id, seq, item, response, &adlen);
	boxlen = NONCE_BYTES + plen + TAG_BYTES;
	box = xmalloc(boxlen);
	randombytes_buf(box, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE_BYTES, NULL,
	    (const unsigned char *)plain, plen, ad, adlen, NULL, box, key);
	sodium_memzero(plain, plen);
	free(plain);
	free(ad);
	b64len = sodium_base64_ENCODED_LEN(boxlen, B64_VARIANT);
	b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, box, boxlen, B64_VARIANT);
	free(box);
	return (b64);
}

/* Decode box into a new buffer *bin of nonce, padded ciphertext, tag. */
static int
box_decode(const char *box, unsigned char **bin, size_t *binlen, char *err)
{
	size_t len = strlen(box);
	const char *end;

	*bin = xmalloc(len + 1);
	if (sodium_base642bin(*bin, len + 1, box, len, NULL, binlen, &end,
	    B64_VARIANT) != 0 || *end != '\0') {
		free(*bin);
		return (errf(err, "the sealed value is not URL-safe base64"
		    " without padding"));
	}
	if (*binlen < NONCE_BYTES + PAD_BLOCK + TAG_BYTES ||
	    (*binlen - NONCE_BYTES - TAG_BYTES) % PAD_BLOCK != 0) {
		free(*bin);
		return (errf(err, "the sealed value has %zu bytes, not a"
		    " nonce, a tag and whole %d-byte blocks", *binlen,
		    PAD_BLOCK));
	}
	return (0);
}

int
attempt_seal_check(const char *box, char *err)
{
	unsigned char *bin;
	size_t binlen;

	if (box_decode(box, &bin, &binlen, err) == -1)
		return (-1);
	free(bin);
	return (0);
}

/* Parse the count and the percent-encoded values of an opened box. */
static int
values_parse(const char *text, char ***values, size_t *nvalues)
{
	const char *p = text, *sp;
	char *tok, **v;
	size_t n = 0, i, len;

	/* At most 9 digits, so that n cannot overflow. */
	while (*p >= '0' && *p <= '9' && p - text < 10) {
		n = n * 10 + (size_t)(*p - '0');
		p++;
	}
	if (p == text || p - text > 9 || (text[0] == '0' && p - text > 1) ||
	    n > strlen(text))
		return (-1);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		if (*p != ' ')
			break;
		p++;
		sp = strchr(p, ' ');
		len = sp != NULL ? (size_t)(sp - p) : strlen(p);
		tok = xstrndup(p, len);
		v[i] = util_pct_decode(tok, &len);
		free(tok);
		if (v[i] == NULL || strlen(v[i]) != len)
			break;
		p += strcspn(p, " ");
	}
	if (i < n || *p != '\0') {
		for (i = 0; i <= n; i++)
			free(v[i]);
		free(v);
		return (-1);
	}
	*values = v;
	*nvalues = n;
	return (0);
}

int
attempt_seal_open(const unsigned char *key, const char *id, uint64_t seq,
    const char *item, const char *response, const char *box,
    char ***values, size_t *nvalues, char *err)
{
	unsigned char *bin, *ad, *plain;
	size_t binlen, adlen, plen;
	int rc;

	if (box_decode(box, &bin, &binlen, err) == -1)
		return (-1);
	ad = associated_data(id, seq, item, response, &adlen);
	plen = binlen - NONCE_BYTES - TAG_BYTES;
	plain = xmalloc(plen + 1);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL,
	    bin + NONCE_BYTES, binlen - NONCE_BYTES, ad, adlen, bin, key);
	free(ad);
	free(bin);
	if (rc != 0) {
		free(plain);
		return (errf(err, "the sealed answer to %s %s does not open"
		    " with this stick's key", item, response));
	}
	rc = 0;
	if (sodium_unpad(&plen, plain, plen, PAD_BLOCK) != 0)
		rc = errf(err, "the sealed answer to %s %s opens but its"
		    " padding is malformed", item, response);
	plain[plen] = '\0';
	if (rc == 0 && (memchr(plain, '\0', plen) != NULL ||
	    values_parse((const char *)plain, values, nvalues) == -1))
		rc = errf(err, "the sealed answer to %s %s opens to an invalid"
		    " value list", item, response);
	sodium_memzero(plain, plen);
	free(plain);
	return (rc);
}
