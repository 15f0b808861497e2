/*
 * Responses sealed to the awarding body's results key: crypto_box_seal of
 * the result file's "response: ..." lines to its X25519 public key, kept
 * in the result as "sealed-responses: KEYID BASE64", and opened again
 * with the results secret key.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "result.h"

#define SEALED_PREFIX	RESULT_SEALED_KEY ": "

char *
result_seal_text(const char *text, size_t len, const struct seal_boxpub *box,
    char *err)
{
	unsigned char *sealed;
	char keyid[17], *b64, *out;
	size_t slen = len + crypto_box_SEALBYTES, blen;

	if (sodium_init() < 0)
		return (errf(err, "libsodium cannot start"), NULL);
	sealed = xmalloc(slen);
	if (crypto_box_seal(sealed, (const unsigned char *)text, len,
	    box->pk) != 0) {
		free(sealed);
		return (errf(err, "crypto_box_seal failed"), NULL);
	}
	blen = sodium_base64_ENCODED_LEN(slen,
	    sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(blen);
	sodium_bin2base64(b64, blen, sealed, slen,
	    sodium_base64_VARIANT_ORIGINAL);
	free(sealed);
	sig_keyid_hex(box->keyid, keyid);
	xasprintf(&out, "%s %s", keyid, b64);
	free(b64);
	return (out);
}

/* Find the sealed line; *line and *end bound it, without the newline. */
static int
find_sealed(const char *text, size_t len, const char **line,
    const char **end)
{
	const char *p = text, *nl;
	size_t n = strlen(SEALED_PREFIX);

	while (p < text + len) {
		nl = memchr(p, '\n', (size_t)(text + len - p));
		if (nl == NULL)
			nl = text + len;
		if ((size_t)(nl - p) > n && memcmp(p, SEALED_PREFIX, n) == 0) {
			*line = p;
			*end = nl;
			return (0);
		}
		p = nl + 1;
	}
	return (-1);
}

/* Decode and open "KEYID BASE64"; *plain is a new heap buffer. */
static int
open_value(const char *v, size_t vlen, const struct seal_boxsec *sec,
    unsigned char **plain, size_t *plen, char *err)
{
	char want[17];
	unsigned char *bin;
	size_t blen;

	sig_keyid_hex(sec->keyid, want);
	if (vlen < 18 || memcmp(v, want, 16) != 0 || v[16] != ' ')
		return (errf(err, "the responses are sealed to key %.16s, not "
		    "to results key %s", v, want));
	bin = xmalloc(vlen);
	if (sodium_base642bin(bin, vlen, v + 17, vlen - 17, NULL, &blen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen < crypto_box_SEALBYTES) {
		free(bin);
		return (errf(err, "the sealed responses are not base64 of a "
		    "sealed box"));
	}
	*plen = blen - crypto_box_SEALBYTES;
	*plain = xmalloc(*plen + 1);
	if (crypto_box_seal_open(*plain, bin, blen, sec->pk, sec->sk) != 0) {
		free(bin);
		free(*plain);
		return (errf(err, "the sealed responses do not open with this "
		    "key: they were changed or sealed to another key"));
	}
	free(bin);
	return (0);
}

int
result_open_sealed(const char *text, size_t len,
    const struct seal_boxsec *sec, char **out, size_t *outlen, char *err)
{
	const char *line, *end, *v;
	unsigned char *plain = NULL;
	size_t plen = 0, head, tail;

	if (sodium_init() < 0)
		return (errf(err, "libsodium cannot start"));
	if (find_sealed(text, len, &line, &end) == -1) {
		*out = xstrndup(text, len);
		*outlen = len;
		return (0);
	}
	v = line + strlen(SEALED_PREFIX);
	if (open_value(v, (size_t)(end - v), sec, &plain, &plen, err) == -1)
		return (-1);
	head = (size_t)(line - text);
	tail = end < text + len ? (size_t)(text + len - end - 1) : 0;
	*outlen = head + plen + tail;
	*out = xmalloc(*outlen + 1);
	memcpy(*out, text, head);
	memcpy(*out + head, plain, plen);
	memcpy(*out + head + plen, end + (tail > 0), tail);
	(*out)[*outlen] = '\0';
	sodium_memzero(plain, plen);
	free(plain);
	return (0);
}
