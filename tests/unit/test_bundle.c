/*
 * Result bundles: a round trip through bundle_write and bundle_verify,
 * extraction, and flipped bytes.  Every byte of the manifest and of its
 * signature is flipped, every byte of the first two tar headers, and
 * every byte of each file's data.  Tar padding is not flipped: it carries
 * no content, and tar readers skip it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "bundle.h"
#include "seal_fixtures.h"

struct fx {
	char			*dir;
	char			*path;
	struct sig_pubkey	 pk, other_pk;
	struct sig_seckey	*sk, *other_sk;
};

static const char result_text[] = "examstick result 1\nid: C1-T1-1\n";
static const char sig_text[] = "untrusted comment: x\nsignature\n";
static const char journal_text[] = "0 0 begin x\n1 5 end submitted\n";

static const struct bundle_file files[] = {
	{ "keys/0123456789ABCDEF.pub", (const unsigned char *)"key\n", 4 },
	{ "results/C1-T1-1.result", (const unsigned char *)result_text,
	  sizeof result_text - 1 },
	{ "results/C1-T1-1.result.minisig", (const unsigned char *)sig_text,
	  sizeof sig_text - 1 },
	{ "attempts/C1-T1-1.journal", (const unsigned char *)journal_text,
	  sizeof journal_text - 1 },
};

#define NFILES	(sizeof files / sizeof files[0])

static void
manifest_init(struct bundle_manifest *m)
{
	memset(m, 0, sizeof *m);
	m->centre = strdup("C 9");
	memcpy(m->stick, "0123456789ABCDEF", 17);
	m->results = calloc(1, sizeof *m->results);
	m->results[0].attempt = strdup("C1-T1-1");
	memcpy(m->results[0].stick, "0123456789ABCDEF", 17);
	m->nresults = 1;
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct bundle_manifest m;
	char err[ERR_LEN];

	fx->dir = fixture_dir();
	fx->sk = fx_keys(fx->dir, "centre", &fx->pk);
	fx->other_sk = fx_keys(fx->dir, "other", &fx->other_pk);
	fx->path = fixture_path(fx->dir, "b.tar");
	manifest_init(&m);
	if (bundle_write(fx->path, &m, files, NFILES, fx->sk, err) != 0)
		fail_msg("%s", err);
	bundle_manifest_free(&m);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	sig_seckey_free(fx->sk);
	sig_seckey_free(fx->other_sk);
	free(fx->path);
	fixture_rmtree(fx->dir);
	free(fx);
	return (0);
}

static void
verify_round_trip(void **state)
{
	struct fx *fx = *state;
	struct bundle_manifest m;
	char err[ERR_LEN];
	size_t i;

	assert_int_equal(bundle_verify(fx->path, &fx->pk, NULL, &m, err),
	    BUNDLE_OK);
	assert_string_equal(m.centre, "C 9");
	assert_string_equal(m.stick, "0123456789ABCDEF");
	assert_int_equal(m.nresults, 1);
	assert_string_equal(m.results[0].attempt, "C1-T1-1");
	assert_int_equal(m.nfiles, NFILES);
	for (i = 0; i < NFILES; i++) {
		assert_string_equal(m.files[i].path, files[i].path);
		assert_int_equal(m.files[i].size, files[i].len);
	}
	assert_int_equal(strlen(m.created), 20);
	bundle_manifest_free(&m);
}

static void
verify_other_key(void **state)
{
	struct fx *fx = *state;
	struct bundle_manifest m;
	char err[ERR_LEN];

	assert_int_equal(bundle_verify(fx->path, &fx->other_pk, NULL, &m,
	    err), BUNDLE_WRONG_SIGNER);
	assert_null(m.centre);
}

static void
extract_files(void **state)
{
	struct fx *fx = *state;
	struct bundle_manifest m;
	char *x = fixture_path(fx->dir, "out"), *path, *text, err[ERR_LEN];
	size_t i, len;

	assert_int_equal(bundle_verify(fx->path, &fx->pk, x, &m, err),
	    BUNDLE_OK);
	for (i = 0; i < NFILES; i++) {
		path = fixture_path(x, files[i].path);
		text = fixture_read(path, &len);
		assert_int_equal(len, files[i].len);
		assert_memory_equal(text, files[i].data, len);
		free(text);
		free(path);
	}
	bundle_manifest_free(&m);
	free(x);
}

static void
write_never_overwrites(void **state)
{
	struct fx *fx = *state;
	struct bundle_manifest m;
	char err[ERR_LEN];

	manifest_init(&m);
	assert_int_equal(bundle_write(fx->path, &m, files, NFILES, fx->sk,
	    err), -1);
	assert_non_null(strstr(err, "already exists"));
	bundle_manifest_free(&m);
}

/* A signed path with ".." is not written outside the folder. */
static void
extract_refuses_dotdot(void **state)
{
	struct fx *fx = *state;
	static const struct bundle_file evil[] = {
		{ "../escaped", (const unsigned char *)"x", 1 },
	};
	struct bundle_manifest m;
	char *path = fixture_path(fx->dir, "evil.tar");
	char *x = fixture_path(fx->dir, "evil-out"), err[ERR_LEN];

	manifest_init(&m);
	assert_int_equal(bundle_write(path, &m, evil, 1, fx->sk, err), 0);
	bundle_manifest_free(&m);
	assert_int_equal(bundle_verify(path, &fx->pk, x, &m, err), BUNDLE_IO);
	free(path);
	path = fixture_path(fx->dir, "escaped");
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	free(x);
}

/* A tar entry: where its header and its data are. */
struct tar_entry {
	size_t	header;
	size_t	data;
	size_t	size;
};

static size_t
tar_entries(const unsigned char *p, size_t len, struct tar_entry *e,
    size_t max)
{
	size_t off = 0, n = 0;

	while (off + 512 <= len && p[off] != '\0' && n < max) {
		e[n].header = off;
		e[n].data = off + 512;
		e[n].size = (size_t)strtoul((const char *)p + off + 124, NULL,
		    8);
		off = e[n].data + (e[n].size + 511) / 512 * 512;
		n++;
	}
	return (n);
}

/* Flip a byte of the bundle file and verify; never BUNDLE_OK. */
static enum bundle_status
flip(struct fx *fx, const unsigned char *orig, size_t len, size_t off)
{
	struct bundle_manifest m;
	enum bundle_status st;
	unsigned char *copy = malloc(len);
	char err[ERR_LEN];

	memcpy(copy, orig, len);
	copy[off] ^= 0x01;
	unlink(fx->path);
	fixture_write(fx->path, copy, len);
	st = bundle_verify(fx->path, &fx->pk, NULL, &m, err);
	if (st == BUNDLE_OK) {
		bundle_manifest_free(&m);
		fail_msg("byte %zu flipped: the bundle still verifies", off);
	}
	free(copy);
	return (st);
}

static void
flipped_bytes_rejected(void **state)
{
	struct fx *fx = *state;
	struct tar_entry e[8];
	unsigned char *orig;
	size_t len, n, i, off, tampered = 0, other = 0;
	enum bundle_status st;

	orig = (unsigned char *)fixture_read(fx->path, &len);
	n = tar_entries(orig, len, e, 8);
	assert_int_equal(n, 2 + NFILES);
	for (off = 0; off < e[1].data; off++) {
		st = flip(fx, orig, len, off);
		tampered += st == BUNDLE_TAMPERED;
		other += st == BUNDLE_WRONG_SIGNER;
	}
	for (off = e[1].data; off < e[1].data + e[1].size; off++) {
		st = flip(fx, orig, len, off);
		tampered += st == BUNDLE_TAMPERED;
		other += st == BUNDLE_WRONG_SIGNER;
	}
	for (i = 2; i < n; i++)
		for (off = e[i].data; off < e[i].data + e[i].size; off++)
			assert_int_equal(flip(fx, orig, len, off),
			    BUNDLE_TAMPERED);
	/* The manifest's data and its signature read as tampering. */
	assert_true(tampered > e[0].size);
	assert_true(other > 0);
	free(orig);
}

static void
missing_and_extra_entries(void **state)
{
	struct fx *fx = *state;
	struct bundle_manifest m;
	struct tar_entry e[8];
	unsigned char *orig, *t;
	char err[ERR_LEN];
	size_t len, n, cut;

	orig = (unsigned char *)fixture_read(fx->path, &len);
	n = tar_entries(orig, len, e, 8);

	/* Cut the last file off, with a proper end of archive. */
	cut = e[n - 1].header;
	t = calloc(1, cut + 1024);
	memcpy(t, orig, cut);
	unlink(fx->path);
	fixture_write(fx->path, t, cut + 1024);
	free(t);
	assert_int_equal(bundle_verify(fx->path, &fx->pk, NULL, &m, err),
	    BUNDLE_TAMPERED);
	assert_non_null(strstr(err, "not in the bundle"));

	/* Not a tar at all. */
	unlink(fx->path);
	fixture_write(fx->path, "hello", 5);
	assert_int_equal(bundle_verify(fx->path, &fx->pk, NULL, &m, err),
	    BUNDLE_MALFORMED);
	free(orig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(verify_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(verify_other_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(extract_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(write_never_overwrites, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(extract_refuses_dotdot, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(flipped_bytes_rejected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(missing_and_extra_entries,
		    setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
