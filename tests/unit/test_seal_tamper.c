/*
 * Flipping bytes of a sealed package: each changed copy must be rejected,
 * and with the status that fits where the byte is.  For the small fixture
 * package every byte is flipped, with two different masks.  For a package
 * of over a megabyte every byte of the header and of the signature is
 * flipped, and 1500 bytes spread evenly over the body.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "seal.h"
#include "seal_fixtures.h"

/* Layout constants from docs/trust.md, computed here independently. */
#define FIXED		10	/* magic, version, info length */
#define TAIL		138	/* KDF fields to body length */

struct layout {
	size_t	header;		/* bytes of header */
	size_t	sig;		/* offset of the signature text */
	size_t	line2;		/* offset of the signature's second line */
};

static void
layout_of(const unsigned char *p, size_t len, struct layout *l)
{
	size_t info = (size_t)(p[8] | p[9] << 8);
	uint64_t body = 0;
	int i;

	l->header = FIXED + info + TAIL;
	for (i = 7; i >= 0; i--)
		body = body << 8 | p[l->header - 8 + (size_t)i];
	l->sig = l->header + (size_t)body;
	assert_true(l->sig < len);
	assert_memory_equal(p + l->sig, "untrusted comment: ", 19);
	l->line2 = l->sig;
	while (p[l->line2] != '\n')
		l->line2++;
	l->line2++;
}

/*
 * The statuses a flip at off may give.  A changed magic or version makes
 * it no package.  A changed key id character of the signature line names
 * another signer, unless it no longer decodes.  Anything else is
 * tampering.
 */
static int
status_fits(const struct layout *l, size_t off, enum seal_status st)
{
	if (off < 8)
		return (st == SEAL_MALFORMED);
	if (off >= l->line2 && off < l->line2 + 16)
		return (st == SEAL_WRONG_SIGNER || st == SEAL_TAMPERED);
	return (st == SEAL_TAMPERED);
}

struct fx {
	char			*dir;
	struct sig_pubkey	 pk;
	struct sig_seckey	*sk;
	unsigned char		*pkg;
	size_t			 len;
	char			 code[20];
	struct layout		 l;
};

static struct fx *
fx_new(const struct fx_file *files, size_t nfiles)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct seal_manifest m;
	struct seal_write_args wa;
	unsigned char *zip;
	char err[ERR_LEN];
	size_t zlen;

	fx->dir = fixture_dir();
	fx->sk = fx_keys(fx->dir, "body", &fx->pk);
	zip = fx_zip(files, nfiles, &zlen);
	fx_manifest_for(&m, zip, zlen, 0);
	seal_code_generate(fx->code, 16);
	wa = (struct seal_write_args){ &m, zip, zlen, fx->sk, fx->code,
	    &fx_kdf };
	if (seal_write_buffer(&wa, &fx->pkg, &fx->len, err) != 0)
		fail_msg("%s", err);
	layout_of(fx->pkg, fx->len, &fx->l);
	seal_manifest_free(&m);
	free(zip);
	return (fx);
}

static void
fx_free(struct fx *fx)
{
	sig_seckey_free(fx->sk);
	free(fx->pkg);
	fixture_rmtree(fx->dir);
	free(fx);
}

/* Flip the byte at off with mask, check the status and return it. */
static enum seal_status
flip_one(struct fx *fx, unsigned char *copy, size_t off, unsigned char mask)
{
	struct seal_package *pkg;
	enum seal_status st;
	char err[ERR_LEN];

	copy[off] ^= mask;
	st = seal_open_buffer(copy, fx->len, fx->code, &fx->pk, &pkg, err);
	copy[off] ^= mask;
	if (pkg != NULL)
		seal_package_free(pkg);
	if (!status_fits(&fx->l, off, st))
		fail_msg("byte %zu of %zu flipped with 0x%02x: status %s (%s)",
		    off, fx->len, mask, seal_status_text(st), err);
	return (st);
}

static void
every_byte_small(void **state)
{
	struct fx *fx = fx_new(fx_files, FX_NFILES);
	unsigned char *copy = malloc(fx->len);
	size_t off, other_signer = 0;

	(void)state;
	memcpy(copy, fx->pkg, fx->len);
	for (off = 0; off < fx->len; off++) {
		if (flip_one(fx, copy, off, 0x01) == SEAL_WRONG_SIGNER)
			other_signer++;
		flip_one(fx, copy, off, 0xff);
	}
	assert_memory_equal(copy, fx->pkg, fx->len);
	/* A changed key id character reads as another signer's key. */
	assert_true(other_signer >= 5);
	free(copy);
	fx_free(fx);
}

static void
header_signature_and_sample_large(void **state)
{
	struct fx_file files[FX_NFILES + 1];
	unsigned char *blob, *copy;
	char *text;
	size_t off, step, n = 1400 * 1024, i;
	struct fx *fx;

	(void)state;
	/* Random printable text does not compress much. */
	blob = malloc(n);
	text = malloc(n + 1);
	randombytes_buf(blob, n);
	for (i = 0; i < n; i++)
		text[i] = (char)('!' + blob[i] % 90);
	text[n] = '\0';
	memcpy(files, fx_files, sizeof fx_files);
	files[FX_NFILES] = (struct fx_file){ "media/noise.txt", text };
	fx = fx_new(files, FX_NFILES + 1);
	assert_true(fx->len > 1024 * 1024);
	copy = malloc(fx->len);
	memcpy(copy, fx->pkg, fx->len);
	for (off = 0; off < fx->l.header; off++)
		flip_one(fx, copy, off, 0x01);
	for (off = fx->l.sig; off < fx->len; off++)
		flip_one(fx, copy, off, 0x01);
	step = (fx->l.sig - fx->l.header) / 1500;
	for (off = fx->l.header; off < fx->l.sig; off += step)
		flip_one(fx, copy, off, 0x01);
	flip_one(fx, copy, fx->l.sig - 1, 0x01);
	free(blob);
	free(text);
	free(copy);
	fx_free(fx);
}

/*
 * A package that the right key signed but whose zip is not the one its
 * manifest describes (same size, other bytes) is still rejected.
 */
static void
signed_but_inconsistent(void **state)
{
	struct fx *fx = fx_new(fx_files, FX_NFILES);
	struct seal_write_args wa;
	struct seal_manifest m;
	struct seal_package *pkg;
	unsigned char *zip, *buf;
	char err[ERR_LEN];
	size_t zlen, len;

	(void)state;
	zip = fx_zip(fx_files, FX_NFILES, &zlen);
	fx_manifest_for(&m, zip, zlen, 0);
	zip[zlen / 2] ^= 0x20;
	wa = (struct seal_write_args){ &m, zip, zlen, fx->sk, fx->code,
	    &fx_kdf };
	assert_int_equal(seal_write_buffer(&wa, &buf, &len, err), 0);
	assert_int_equal(seal_open_buffer(buf, len, fx->code, &fx->pk, &pkg,
	    err), SEAL_TAMPERED);
	assert_null(pkg);
	assert_non_null(strstr(err, "zip"));
	seal_manifest_free(&m);
	free(zip);
	free(buf);
	fx_free(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_byte_small),
		cmocka_unit_test(header_signature_and_sample_large),
		cmocka_unit_test(signed_but_inconsistent),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
