/*
 * Writing, verifying and opening sealed test packages.  docs/trust.md has
 * the layout; in short:
 *
 *	header	magic, info, Argon2id parameters, wrapped key,
 *		secretstream header, body length
 *	body	records of (u32 length, secretstream message): the manifest,
 *		its minisign signature, then the zip in 64 KiB pieces
 *	trailer	a minisign signature of header and body
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "seal.h"
#include "seal_private.h"

#define MAGIC		"ESTPKG"
#define FORMAT_VERSION	1
#define KDF_ALG		"A2"
#define INFO_MAX	4096
#define CHUNK		65536
#define RECORD_MAX	(16u * 1024 * 1024)	/* plaintext of one record */
#define SIG_TEXT_MAX	4096

#define SS_ABYTES	crypto_secretstream_xchacha20poly1305_ABYTES
#define SS_HEADER	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_TAG_MESSAGE	crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define SS_TAG_FINAL	crypto_secretstream_xchacha20poly1305_TAG_FINAL
#define WRAPPED_BYTES	(crypto_secretbox_MACBYTES + 32)

/* Offsets after the info text, from its end. */
#define H_KDF		0
#define H_OPS		2
#define H_MEM		10
#define H_SALT		18
#define H_NONCE		(H_SALT + crypto_pwhash_SALTBYTES)
#define H_WRAPPED	(H_NONCE + crypto_secretbox_NONCEBYTES)
#define H_STREAM	(H_WRAPPED + WRAPPED_BYTES)
#define H_BODYLEN	(H_STREAM + SS_HEADER)
#define H_TAIL		(H_BODYLEN + 8)
#define H_FIXED		10	/* magic, version, info length */

#define PACKAGE_COMMENT	"examstick package "
#define MANIFEST_COMMENT "examstick test manifest "

const char *
seal_status_text(enum seal_status st)
{
	switch (st) {
	case SEAL_OK:
		return ("package verified");
	case SEAL_IO:
		return ("cannot read the package");
	case SEAL_MALFORMED:
		return ("not an examstick test package");
	case SEAL_WRONG_SIGNER:
		return ("signed by another key");
	case SEAL_TAMPERED:
		return ("the package was changed after it was signed");
	case SEAL_WRONG_CODE:
		return ("wrong release code");
	}
	return ("unknown package status");
}

int
seal_is_package(const void *data, size_t len)
{
	return (len >= H_FIXED && memcmp(data, MAGIC, 6) == 0);
}

void
seal_info_free(struct seal_info *info)
{
	free(info->test);
	free(info->title);
	free(info->created);
	memset(info, 0, sizeof *info);
}

/* A growing output buffer. */
struct obuf {
	unsigned char	*p;
	size_t		 len, cap;
};

static unsigned char *
obuf_grow(struct obuf *b, size_t n)
{
	unsigned char *at;

	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? b->cap * 2 : 65536;
		b->p = xrealloc(b->p, b->cap);
	}
	at = b->p + b->len;
	b->len += n;
	return (at);
}

static void
obuf_put(struct obuf *b, const void *data, size_t n)
{
	memcpy(obuf_grow(b, n), data, n);
}

/* The bytes the body will take: a length and a sealed message each. */
static uint64_t
body_length(size_t manifest_len, size_t sig_len, size_t zip_len)
{
	uint64_t n = 0;
	size_t left;

	n += 4 + manifest_len + SS_ABYTES;
	n += 4 + sig_len + SS_ABYTES;
	for (left = zip_len; left > 0; left -= left > CHUNK ? CHUNK : left)
		n += 4 + (left > CHUNK ? CHUNK : left) + SS_ABYTES;
	return (n);
}

/* Write the header; the stream key goes into skey, the state into st. */
static int
write_header(struct obuf *b, const struct seal_write_args *wa,
    const char *info, const char *code, uint64_t body_len,
    crypto_secretstream_xchacha20poly1305_state *st, char *err)
{
	unsigned char *h, kek[32], *skey;
	size_t ilen = strlen(info);
	int rc;

	if (ilen == 0 || ilen > INFO_MAX)
		return (errf(err, "package info is %zu bytes, more than %d",
		    ilen, INFO_MAX));
	obuf_put(b, MAGIC, 6);
	seal_le16_store(obuf_grow(b, 2), FORMAT_VERSION);
	seal_le16_store(obuf_grow(b, 2), (uint16_t)ilen);
	obuf_put(b, info, ilen);
	h = obuf_grow(b, H_TAIL);
	memcpy(h + H_KDF, KDF_ALG, 2);
	seal_le64_store(h + H_OPS, wa->kdf->ops);
	seal_le64_store(h + H_MEM, wa->kdf->mem);
	randombytes_buf(h + H_SALT, crypto_pwhash_SALTBYTES);
	randombytes_buf(h + H_NONCE, crypto_secretbox_NONCEBYTES);
	seal_le64_store(h + H_BODYLEN, body_len);
	if ((skey = sodium_malloc(32)) == NULL)
		return (errf(err, "sodium_malloc: %s", strerror(errno)));
	crypto_secretstream_xchacha20poly1305_keygen(skey);
	rc = seal_kdf_derive(kek, code, h + H_SALT, wa->kdf->ops,
	    wa->kdf->mem, err);
	if (rc == 0) {
		crypto_secretbox_easy(h + H_WRAPPED, skey, 32, h + H_NONCE,
		    kek);
		crypto_secretstream_xchacha20poly1305_init_push(st,
		    h + H_STREAM, skey);
	}
	sodium_memzero(kek, sizeof kek);
	sodium_free(skey);
	return (rc);
}

static void
put_record(struct obuf *b, crypto_secretstream_xchacha20poly1305_state *st,
    const void *data, size_t len, const unsigned char *ad, size_t adlen,
    unsigned char tag)
{
	unsigned char *at;

	seal_le32_store(obuf_grow(b, 4), (uint32_t)(len + SS_ABYTES));
	at = obuf_grow(b, len + SS_ABYTES);
	crypto_secretstream_xchacha20poly1305_push(st, at, NULL, data, len,
	    ad, adlen, tag);
}

static void
put_body(struct obuf *b, crypto_secretstream_xchacha20poly1305_state *st,
    const char *manifest, const char *msig, const struct seal_write_args *wa)
{
	const unsigned char *zip = wa->zip;
	size_t off, n, hlen = b->len;

	/* The header is the first message's associated data. */
	put_record(b, st, manifest, strlen(manifest), b->p, hlen,
	    SS_TAG_MESSAGE);
	put_record(b, st, msig, strlen(msig), NULL, 0, SS_TAG_MESSAGE);
	for (off = 0; off < wa->zip_len; off += n) {
		n = wa->zip_len - off > CHUNK ? CHUNK : wa->zip_len - off;
		put_record(b, st, zip + off, n, NULL, 0,
		    off + n == wa->zip_len ? SS_TAG_FINAL : SS_TAG_MESSAGE);
	}
}

int
seal_write_buffer(const struct seal_write_args *wa, unsigned char **out,
    size_t *outlen, char *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	const struct seal_manifest *m = wa->manifest;
	char code[SEAL_CODE_SYMBOLS + 1], *manifest, *msig = NULL, *info;
	char *comment, *psig = NULL;
	struct obuf b = { NULL, 0, 0 };
	int rc = -1;

	if (seal_init(err) == -1)
		return (-1);
	if (seal_code_normalize(wa->code, code, SEAL_CODE_SYMBOLS) == -1)
		return (errf(err, "invalid release code: expected %d symbols",
		    SEAL_CODE_SYMBOLS));
	if (wa->zip_len == 0 || wa->zip_len != m->zip_size)
		return (errf(err, "the zip is not the one the manifest"
		    " describes"));
	manifest = seal_manifest_format(m);
	info = seal_info_format(m);
	xasprintf(&comment, MANIFEST_COMMENT "%s %u", m->test, m->version);
	if (strlen(manifest) > RECORD_MAX)
		errf(err, "manifest is larger than %u bytes", RECORD_MAX);
	else if (sig_sign(wa->key, manifest, strlen(manifest), comment,
	    &msig, err) == 0 && write_header(&b, wa, info, code,
	    body_length(strlen(manifest), strlen(msig), wa->zip_len), &st,
	    err) == 0) {
		put_body(&b, &st, manifest, msig, wa);
		free(comment);
		xasprintf(&comment, PACKAGE_COMMENT "%s %u", m->test,
		    m->version);
		rc = sig_sign(wa->key, b.p, b.len, comment, &psig, err);
	}
	if (rc == 0) {
		obuf_put(&b, psig, strlen(psig));
		*out = b.p;
		*outlen = b.len;
	} else
		free(b.p);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(code, sizeof code);
	free(manifest);
	free(msig);
	free(psig);
	free(info);
	free(comment);
	return (rc);
}

int
seal_write(const char *path, const struct seal_write_args *wa, char *err)
{
	unsigned char *buf;
	size_t len;
	int rc;

	if (seal_write_buffer(wa, &buf, &len, err) == -1)
		return (-1);
	rc = util_write_atomic(path, buf, len, err);
	free(buf);
	return (rc);
}

/* A package split into its parts; all pointers into the file's bytes. */
struct parsed {
	const unsigned char	*data;
	size_t			 info_len;
	const unsigned char	*tail;		/* after the info */
	size_t			 header_len;
	const unsigned char	*body;
	uint64_t		 body_len;
	char			*sig;		/* NUL-terminated copy */
	struct seal_info	 info;
};

static enum seal_status
fail(enum seal_status st, char *err, const char *fmt, ...) PRINTFLIKE(3, 4);

static enum seal_status
fail(enum seal_status st, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_LEN, fmt, ap);
	va_end(ap);
	return (st);
}

/* Find the parts.  Damage after the magic counts as tampering. */
static enum seal_status
split(struct parsed *p, const unsigned char *data, size_t len, char *err)
{
	uint16_t version;
	size_t siglen;

	memset(p, 0, sizeof *p);
	p->data = data;
	if (!seal_is_package(data, len))
		return (fail(SEAL_MALFORMED, err, "not an examstick test"
		    " package: the file does not start with \"" MAGIC "\""));
	if ((version = seal_le16_load(data + 6)) != FORMAT_VERSION)
		return (fail(SEAL_MALFORMED, err, "package format version %u"
		    " is not supported (expected %d)", version,
		    FORMAT_VERSION));
	p->info_len = seal_le16_load(data + 8);
	p->header_len = H_FIXED + p->info_len + H_TAIL;
	if (p->info_len == 0 || p->info_len > INFO_MAX ||
	    p->header_len > len)
		return (fail(SEAL_TAMPERED, err, "the package header is"
		    " damaged: the file was changed after it was signed"));
	p->tail = data + H_FIXED + p->info_len;
	p->body = data + p->header_len;
	p->body_len = seal_le64_load(p->tail + H_BODYLEN);
	if (p->body_len > len - p->header_len)
		return (fail(SEAL_TAMPERED, err, "the package is shorter than"
		    " its header says: the file was cut or changed"));
	siglen = len - p->header_len - (size_t)p->body_len;
	if (siglen == 0 || siglen > SIG_TEXT_MAX ||
	    memchr(p->body + p->body_len, '\0', siglen) != NULL)
		return (fail(SEAL_TAMPERED, err, "the package's signature is"
		    " missing or damaged"));
	p->sig = xstrndup((const char *)p->body + p->body_len, siglen);
	return (SEAL_OK);
}

static enum seal_status
sig_failure(enum sig_status st, const char *what, const char *why,
    char *err)
{
	if (st == SIG_WRONG_KEY)
		return (fail(SEAL_WRONG_SIGNER, err, "%s: %s: it is not from"
		    " this awarding body, or the key is the wrong one", what,
		    why));
	return (fail(SEAL_TAMPERED, err, "%s: %s: the file was changed after"
	    " it was signed", what, why));
}

/* Check a signature made by sig_sign; trusted gets its comment. */
static enum seal_status
check_sig(const struct sig_pubkey *pk, const void *data, size_t len,
    const char *sig, char *trusted, const char *what, char *err)
{
	char why[ERR_LEN];
	enum sig_status st;

	st = seal_sig_check(pk, data, len, sig, trusted, why);
	if (st != SIG_OK)
		return (sig_failure(st, what, why, err));
	return (SEAL_OK);
}

static enum seal_status
check_comment(const char *trusted, const char *prefix,
    const struct seal_info *info, const char *what, char *err)
{
	char *want;
	int same;

	xasprintf(&want, "%s%s %u", prefix, info->test, info->version);
	same = strcmp(trusted, want) == 0;
	free(want);
	if (!same)
		return (fail(SEAL_TAMPERED, err, "%s: the signed comment \"%s\""
		    " does not name test %s version %u", what, trusted,
		    info->test, info->version));
	return (SEAL_OK);
}

static enum seal_status
verify_parsed(struct parsed *p, const unsigned char *data, size_t len,
    const struct sig_pubkey *pk, char *err)
{
	char why[ERR_LEN], trusted[SEAL_TRUSTED_MAX];
	const char *what = "package signature";
	enum seal_status st;

	if ((st = split(p, data, len, err)) != SEAL_OK)
		return (st);
	st = check_sig(pk, data, p->header_len + (size_t)p->body_len, p->sig,
	    trusted, what, err);
	if (st != SEAL_OK)
		return (st);
	if (seal_info_parse(&p->info, (const char *)data + H_FIXED,
	    p->info_len, why) == -1)
		return (fail(SEAL_MALFORMED, err, "package info: %s", why));
	if ((st = check_comment(trusted, PACKAGE_COMMENT, &p->info, what,
	    err)) != SEAL_OK)
		return (st);
	if (memcmp(p->tail + H_KDF, KDF_ALG, 2) != 0 ||
	    seal_kdf_check(seal_le64_load(p->tail + H_OPS),
	    seal_le64_load(p->tail + H_MEM), why) == -1)
		return (fail(SEAL_MALFORMED, err, "package key derivation: %s",
		    why));
	return (SEAL_OK);
}

static void
parsed_free(struct parsed *p)
{
	free(p->sig);
	seal_info_free(&p->info);
}

enum seal_status
seal_verify_buffer(const unsigned char *data, size_t len,
    const struct sig_pubkey *pk, struct seal_info *info, char *err)
{
	struct parsed p;
	enum seal_status st;

	if (seal_init(err) == -1)
		return (SEAL_IO);
	st = verify_parsed(&p, data, len, pk, err);
	if (st == SEAL_OK && info != NULL) {
		*info = p.info;
		memset(&p.info, 0, sizeof p.info);
	}
	parsed_free(&p);
	return (st);
}

enum seal_status
seal_verify(const char *path, const struct sig_pubkey *pk,
    struct seal_info *info, char *err)
{
	enum seal_status st;
	char *data, why[ERR_LEN];
	size_t len;

	if (util_read_file(path, SEAL_MAX_BYTES, &data, &len, err) == -1)
		return (SEAL_IO);
	st = seal_verify_buffer((unsigned char *)data, len, pk, info, why);
	free(data);
	if (st != SEAL_OK)
		errf(err, "%s: %s", path, why);
	return (st);
}

/* Unwrap the stream key with the release code. */
static enum seal_status
unwrap_key(const struct parsed *p, const char *typed, unsigned char *skey,
    char *err)
{
	char code[SEAL_CODE_SYMBOLS + 1], why[ERR_LEN];
	unsigned char kek[32];
	int rc;

	if (seal_code_normalize(typed, code, SEAL_CODE_SYMBOLS) == -1)
		return (fail(SEAL_WRONG_CODE, err, "wrong release code: a code"
		    " is %d letters and digits, such as 7K2D-QX9M-4TRA-0HBE",
		    SEAL_CODE_SYMBOLS));
	rc = seal_kdf_derive(kek, code, p->tail + H_SALT,
	    seal_le64_load(p->tail + H_OPS),
	    (size_t)seal_le64_load(p->tail + H_MEM), why);
	sodium_memzero(code, sizeof code);
	if (rc == -1)
		return (fail(SEAL_IO, err, "release code: %s", why));
	rc = crypto_secretbox_open_easy(skey, p->tail + H_WRAPPED,
	    WRAPPED_BYTES, p->tail + H_NONCE, kek);
	sodium_memzero(kek, sizeof kek);
	if (rc != 0)
		return (fail(SEAL_WRONG_CODE, err, "wrong release code for"
		    " test %s: check the code and type it again",
		    p->info.test));
	return (SEAL_OK);
}

/* Reading the body's records in turn. */
struct body {
	const unsigned char	*p, *end;
	const unsigned char	*ad;
	size_t			 adlen;
	crypto_secretstream_xchacha20poly1305_state st;
};

/*
 * Decrypt the next record into out (room for max bytes).  *tag gets the
 * secretstream tag.  Returns -1 on a damaged or missing record.
 */
static int
body_next(struct body *b, unsigned char *out, size_t max, size_t *outlen,
    unsigned char *tag)
{
	unsigned long long mlen;
	uint32_t clen;

	if ((size_t)(b->end - b->p) < 4)
		return (-1);
	clen = seal_le32_load(b->p);
	b->p += 4;
	if (clen < SS_ABYTES || clen - SS_ABYTES > max ||
	    clen > (size_t)(b->end - b->p))
		return (-1);
	if (crypto_secretstream_xchacha20poly1305_pull(&b->st, out, &mlen, tag,
	    b->p, clen, b->ad, b->adlen) != 0)
		return (-1);
	b->p += clen;
	b->ad = NULL;
	b->adlen = 0;
	*outlen = (size_t)mlen;
	return (0);
}

/* Decrypt a text record (manifest or signature) into a new string. */
static char *
body_text(struct body *b, size_t *len)
{
	size_t max = (size_t)(b->end - b->p);
	unsigned char tag;
	char *text;

	if (max > RECORD_MAX)
		max = RECORD_MAX;
	text = xmalloc(max + 1);
	if (body_next(b, (unsigned char *)text, max, len, &tag) == -1 ||
	    tag != SS_TAG_MESSAGE || memchr(text, '\0', *len) != NULL) {
		free(text);
		return (NULL);
	}
	text[*len] = '\0';
	return (text);
}

static enum seal_status
damaged(char *err, const char *what)
{
	return (fail(SEAL_TAMPERED, err, "the package's %s does not decrypt:"
	    " the file was changed after it was signed", what));
}

/* Decrypt the zip records into pkg->zip, which the manifest sized. */
static enum seal_status
read_zip(struct body *b, struct seal_package *pkg, char *err)
{
	size_t off = 0, n;
	unsigned char tag = SS_TAG_MESSAGE;

	pkg->zip_len = (size_t)pkg->manifest.zip_size;
	if (pkg->zip_len == 0 || pkg->zip_len > (size_t)(b->end - b->p))
		return (damaged(err, "zip size"));
	if ((pkg->zip = sodium_malloc(pkg->zip_len)) == NULL)
		return (fail(SEAL_IO, err, "sodium_malloc %zu bytes: %s",
		    pkg->zip_len, strerror(errno)));
	while (tag != SS_TAG_FINAL) {
		if (off == pkg->zip_len || body_next(b, pkg->zip + off,
		    pkg->zip_len - off > CHUNK ? CHUNK : pkg->zip_len - off,
		    &n, &tag) == -1)
			return (damaged(err, "zip"));
		off += n;
	}
	if (off != pkg->zip_len || b->p != b->end)
		return (damaged(err, "end"));
	return (SEAL_OK);
}

/* Check that the manifest and the signed header describe one test. */
static int
same_info(const struct seal_manifest *m, const struct seal_info *i)
{
	return (strcmp(m->test, i->test) == 0 && m->version == i->version &&
	    strcmp(m->title, i->title) == 0 &&
	    m->duration_s == i->duration_s && m->practice == i->practice &&
	    strcmp(m->created, i->created) == 0);
}

static enum seal_status
read_manifest(struct body *b, const struct parsed *p,
    const struct sig_pubkey *pk, struct seal_package *pkg, char *err)
{
	char *text, *sig, why[ERR_LEN], trusted[SEAL_TRUSTED_MAX];
	const char *what = "manifest signature";
	enum seal_status st;
	size_t len, siglen;

	if ((text = body_text(b, &len)) == NULL)
		return (damaged(err, "manifest"));
	if ((sig = body_text(b, &siglen)) == NULL) {
		free(text);
		return (damaged(err, "manifest signature"));
	}
	st = check_sig(pk, text, len, sig, trusted, what, err);
	if (st == SEAL_OK && seal_manifest_parse(&pkg->manifest, text, len,
	    why) == -1)
		st = fail(SEAL_MALFORMED, err, "%s", why);
	if (st == SEAL_OK)
		st = check_comment(trusted, MANIFEST_COMMENT, &p->info, what,
		    err);
	if (st == SEAL_OK && !same_info(&pkg->manifest, &p->info))
		st = fail(SEAL_TAMPERED, err, "the manifest and the package"
		    " header describe different tests");
	free(text);
	free(sig);
	return (st);
}

static enum seal_status
decrypt(const struct parsed *p, const unsigned char *skey,
    const struct sig_pubkey *pk, struct seal_package *pkg, char *err)
{
	struct body b;
	enum seal_status st;
	char why[ERR_LEN];

	memset(&b, 0, sizeof b);
	b.p = p->body;
	b.end = p->body + p->body_len;
	b.ad = p->data;
	b.adlen = p->header_len;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&b.st,
	    p->tail + H_STREAM, skey) != 0)
		return (damaged(err, "stream header"));
	st = read_manifest(&b, p, pk, pkg, err);
	if (st == SEAL_OK)
		st = read_zip(&b, pkg, err);
	sodium_memzero(&b.st, sizeof b.st);
	if (st == SEAL_OK && seal_manifest_check_zip(&pkg->manifest, pkg->zip,
	    pkg->zip_len, why) == -1)
		st = fail(SEAL_TAMPERED, err, "%s", why);
	return (st);
}

enum seal_status
seal_open_buffer(const unsigned char *data, size_t len, const char *code,
    const struct sig_pubkey *pk, struct seal_package **out, char *err)
{
	struct seal_package *pkg;
	unsigned char *skey;
	enum seal_status st;
	struct parsed p;

	*out = NULL;
	if (seal_init(err) == -1)
		return (SEAL_IO);
	if ((st = verify_parsed(&p, data, len, pk, err)) != SEAL_OK) {
		parsed_free(&p);
		return (st);
	}
	if ((skey = sodium_malloc(32)) == NULL) {
		parsed_free(&p);
		return (fail(SEAL_IO, err, "sodium_malloc: %s",
		    strerror(errno)));
	}
	pkg = xcalloc(1, sizeof *pkg);
	st = unwrap_key(&p, code, skey, err);
	if (st == SEAL_OK)
		st = decrypt(&p, skey, pk, pkg, err);
	sodium_free(skey);
	parsed_free(&p);
	if (st != SEAL_OK)
		seal_package_free(pkg);
	else
		*out = pkg;
	return (st);
}

enum seal_status
seal_open(const char *path, const char *code, const struct sig_pubkey *pk,
    struct seal_package **out, char *err)
{
	enum seal_status st;
	char *data, why[ERR_LEN];
	size_t len;

	*out = NULL;
	if (util_read_file(path, SEAL_MAX_BYTES, &data, &len, err) == -1)
		return (SEAL_IO);
	st = seal_open_buffer((unsigned char *)data, len, code, pk, out, why);
	free(data);
	if (st != SEAL_OK)
		errf(err, "%s: %s", path, why);
	return (st);
}

void
seal_package_free(struct seal_package *pkg)
{
	if (pkg == NULL)
		return;
	if (pkg->zip != NULL)
		sodium_free(pkg->zip);
	seal_manifest_free(&pkg->manifest);
	free(pkg);
}
