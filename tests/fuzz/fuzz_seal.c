/*
 * Fuzz target for the sealed package reader: seal_verify_buffer and
 * seal_open_buffer with the fuzz key and release code.
 *
 * Every input is read as it is, which exercises the header split and the
 * signature checks.  When its header and body lengths hold, the trailer
 * is also signed again by the fuzz key under the old trusted comment, so
 * that mutated headers reach the info parser, the key unwrapping and the
 * decryption behind the signature.  A re-signed header that requests a
 * costly Argon2id is not opened, to keep each run short.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "harness.h"
#include "pkg.h"
#include "seal.h"
#include "seal_private.h"

/* The layout in seal.c: magic, version, info length, info, then these. */
#define H_FIXED		10
#define H_OPS		2
#define H_MEM		10
#define H_BODYLEN	(18 + crypto_pwhash_SALTBYTES + \
			 crypto_secretbox_NONCEBYTES + \
			 crypto_secretbox_MACBYTES + 32 + \
			 crypto_secretstream_xchacha20poly1305_HEADERBYTES)
#define H_TAIL		(H_BODYLEN + 8)

/* The most Argon2id work a re-signed header may ask for. */
#define CHEAP_OPS	2
#define CHEAP_MEM	(64 * 1024)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	return (0);
}

static void
read_package(const unsigned char *data, size_t len, int open)
{
	struct seal_package *pkg;
	struct seal_info info;
	struct pkg_test *t;
	char err[ERR_LEN];

	if (seal_verify_buffer(data, len, fuzz_pubkey(), &info, err) ==
	    SEAL_OK)
		seal_info_free(&info);
	if (!open || seal_open_buffer(data, len, FUZZ_RELEASE_CODE,
	    fuzz_pubkey(), &pkg, err) != SEAL_OK)
		return;
	t = pkg_open_buffer(pkg->zip, pkg->zip_len, "package.zip", NULL, err);
	pkg_free(t);
	seal_package_free(pkg);
}

/* Sign header and body again and set *len to the new length. */
static unsigned char *
resign(const unsigned char *data, size_t size, size_t *len, int *cheap)
{
	size_t info_len, header, signed_len;
	const unsigned char *tail;
	unsigned char *out;
	char *comment;
	uint64_t body;

	if (!seal_is_package(data, size))
		return (NULL);
	info_len = seal_le16_load(data + 8);
	header = H_FIXED + info_len + H_TAIL;
	if (header > size)
		return (NULL);
	tail = data + H_FIXED + info_len;
	body = seal_le64_load(tail + H_BODYLEN);
	if (body > size - header)
		return (NULL);
	*cheap = seal_le64_load(tail + H_OPS) <= CHEAP_OPS &&
	    seal_le64_load(tail + H_MEM) <= CHEAP_MEM;
	signed_len = header + (size_t)body;
	comment = fuzz_trusted_comment(data + signed_len, size - signed_len);
	out = fuzz_sign_append(data, signed_len, comment, len);
	free(comment);
	return (out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *again;
	size_t len;
	int cheap = 0;

	read_package(data, size, 1);
	if ((again = resign(data, size, &len, &cheap)) != NULL) {
		read_package(again, len, cheap);
		free(again);
	}
	return (0);
}
