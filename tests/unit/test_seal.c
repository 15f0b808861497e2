/*
 * Sealed packages: release codes, a round trip through seal_write_buffer
 * and seal_open_buffer, and each way of opening one that must fail.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "seal.h"
#include "seal_fixtures.h"

struct fx {
	char			*dir;
	struct sig_pubkey	 pk, other_pk;
	struct sig_seckey	*sk, *other_sk;
	unsigned char		*zip;
	size_t			 zip_len;
	struct seal_manifest	 m;
	unsigned char		*pkg;
	size_t			 pkg_len;
	char			 code[SEAL_CODE_TEXT(SEAL_CODE_SYMBOLS)];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	struct seal_write_args wa;
	char err[ERR_LEN];

	fx->dir = fixture_dir();
	fx->sk = fx_keys(fx->dir, "body", &fx->pk);
	fx->other_sk = fx_keys(fx->dir, "other", &fx->other_pk);
	fx->zip = fx_zip(fx_files, FX_NFILES, &fx->zip_len);
	fx_manifest_for(&fx->m, fx->zip, fx->zip_len, 0);
	seal_code_generate(fx->code, SEAL_CODE_SYMBOLS);
	wa = (struct seal_write_args){ &fx->m, fx->zip, fx->zip_len, fx->sk,
	    fx->code, &fx_kdf };
	if (seal_write_buffer(&wa, &fx->pkg, &fx->pkg_len, err) != 0)
		fail_msg("%s", err);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	sig_seckey_free(fx->sk);
	sig_seckey_free(fx->other_sk);
	seal_manifest_free(&fx->m);
	free(fx->zip);
	free(fx->pkg);
	fixture_rmtree(fx->dir);
	free(fx);
	return (0);
}

static void
code_format(void **state)
{
	char code[SEAL_CODE_TEXT(SEAL_CODE_SYMBOLS)], norm[17];
	size_t i;

	(void)state;
	seal_code_generate(code, SEAL_CODE_SYMBOLS);
	assert_int_equal(strlen(code), 19);
	for (i = 4; i < 19; i += 5)
		assert_int_equal(code[i], '-');
	assert_int_equal(seal_code_normalize(code, norm, 16), 0);
	assert_int_equal(strlen(norm), 16);
	assert_null(strpbrk(norm, "ILOU-"));
}

static void
code_normalize_forms(void **state)
{
	char norm[17];

	(void)state;
	assert_int_equal(seal_code_normalize("7k2d qx9m-4tra-ohbe", norm, 16),
	    0);
	assert_string_equal(norm, "7K2DQX9M4TRA0HBE");
	assert_int_equal(seal_code_normalize("iIlL0000oOoO2222", norm, 16), 0);
	assert_string_equal(norm, "1111000000002222");
	/* U is not in the alphabet; lengths must be exact. */
	assert_int_equal(seal_code_normalize("UUUU-0000-0000-0000", norm, 16),
	    -1);
	assert_int_equal(seal_code_normalize("0000-0000-0000-000", norm, 16),
	    -1);
	assert_int_equal(seal_code_normalize("0000-0000-0000-00000", norm,
	    16), -1);
	assert_int_equal(seal_code_normalize("", norm, 16), -1);
}

static void
codes_differ(void **state)
{
	char a[20], b[20];

	(void)state;
	seal_code_generate(a, 16);
	seal_code_generate(b, 16);
	assert_string_not_equal(a, b);
}

static void
open_round_trip(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN];
	size_t i;

	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, fx->code,
	    &fx->pk, &pkg, err), SEAL_OK);
	assert_int_equal(pkg->zip_len, fx->zip_len);
	assert_memory_equal(pkg->zip, fx->zip, fx->zip_len);
	assert_string_equal(pkg->manifest.test, "fixture-test");
	assert_int_equal(pkg->manifest.version, 3);
	assert_string_equal(pkg->manifest.title, fx->m.title);
	assert_int_equal(pkg->manifest.duration_s, 1800);
	assert_int_equal(pkg->manifest.practice, 0);
	assert_int_equal(pkg->manifest.nitems, 2);
	assert_string_equal(pkg->manifest.items[1], "q2");
	assert_int_equal(pkg->manifest.nentries, FX_NFILES);
	for (i = 0; i < FX_NFILES; i++)
		assert_string_equal(pkg->manifest.entries[i].path,
		    fx_files[i].path);
	seal_package_free(pkg);
}

static void
open_typed_code_forms(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN], typed[40];
	size_t i, n = 0;

	/* Lower case with spaces for hyphens opens it too. */
	for (i = 0; fx->code[i] != '\0'; i++)
		typed[n++] = fx->code[i] == '-' ? ' ' :
		    (char)tolower((unsigned char)fx->code[i]);
	typed[n] = '\0';
	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, typed,
	    &fx->pk, &pkg, err), SEAL_OK);
	seal_package_free(pkg);
}

static void
open_wrong_code(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN], other[20];

	do
		seal_code_generate(other, 16);
	while (strcmp(other, fx->code) == 0);
	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, other,
	    &fx->pk, &pkg, err), SEAL_WRONG_CODE);
	assert_null(pkg);
	assert_non_null(strstr(err, "wrong release code"));
	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, "1234",
	    &fx->pk, &pkg, err), SEAL_WRONG_CODE);
	assert_null(pkg);
}

static void
open_other_signer(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN];

	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, fx->code,
	    &fx->other_pk, &pkg, err), SEAL_WRONG_SIGNER);
	assert_null(pkg);
	assert_int_equal(seal_verify_buffer(fx->pkg, fx->pkg_len,
	    &fx->other_pk, NULL, err), SEAL_WRONG_SIGNER);
}

/* A key with the trusted key id but another public key. */
static void
open_same_id_other_key(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	struct sig_pubkey pk = fx->other_pk;
	char err[ERR_LEN];

	memcpy(pk.keyid, fx->pk.keyid, sizeof pk.keyid);
	assert_int_equal(seal_open_buffer(fx->pkg, fx->pkg_len, fx->code,
	    &pk, &pkg, err), SEAL_TAMPERED);
	assert_null(pkg);
}

/* Signed by another body's key: the whole file re-signed by it. */
static void
open_package_by_other_key(void **state)
{
	struct fx *fx = *state;
	struct seal_write_args wa = { &fx->m, fx->zip, fx->zip_len,
	    fx->other_sk, fx->code, &fx_kdf };
	struct seal_package *pkg;
	unsigned char *buf;
	char err[ERR_LEN];
	size_t len;

	assert_int_equal(seal_write_buffer(&wa, &buf, &len, err), 0);
	assert_int_equal(seal_open_buffer(buf, len, fx->code, &fx->pk, &pkg,
	    err), SEAL_WRONG_SIGNER);
	assert_non_null(strstr(err, "signed with key"));
	assert_int_equal(seal_open_buffer(buf, len, fx->code, &fx->other_pk,
	    &pkg, err), SEAL_OK);
	seal_package_free(pkg);
	free(buf);
}

static void
verify_reads_info(void **state)
{
	struct fx *fx = *state;
	struct seal_info info;
	char err[ERR_LEN];

	assert_int_equal(seal_verify_buffer(fx->pkg, fx->pkg_len, &fx->pk,
	    &info, err), SEAL_OK);
	assert_string_equal(info.test, "fixture-test");
	assert_int_equal(info.version, 3);
	assert_string_equal(info.title, fx->m.title);
	assert_int_equal(info.duration_s, 1800);
	assert_int_equal(info.practice, 0);
	assert_string_equal(info.created, "2026-05-01T10:00:00Z");
	seal_info_free(&info);
}

static void
truncated_is_tampered(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN];
	size_t cut[] = { 10, 200, fx->pkg_len / 2, fx->pkg_len - 1 };
	size_t i;

	for (i = 0; i < sizeof cut / sizeof cut[0]; i++)
		assert_int_equal(seal_open_buffer(fx->pkg, cut[i], fx->code,
		    &fx->pk, &pkg, err), SEAL_TAMPERED);
}

static void
appended_is_tampered(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	unsigned char *buf = malloc(fx->pkg_len + 1);
	char err[ERR_LEN];

	memcpy(buf, fx->pkg, fx->pkg_len);
	buf[fx->pkg_len] = '\n';
	assert_int_equal(seal_open_buffer(buf, fx->pkg_len + 1, fx->code,
	    &fx->pk, &pkg, err), SEAL_TAMPERED);
	free(buf);
}

static void
not_a_package(void **state)
{
	struct fx *fx = *state;
	struct seal_package *pkg;
	char err[ERR_LEN];

	assert_int_equal(seal_open_buffer(fx->zip, fx->zip_len, fx->code,
	    &fx->pk, &pkg, err), SEAL_MALFORMED);
	assert_int_equal(seal_open_buffer((const unsigned char *)"ESTPKG", 6,
	    fx->code, &fx->pk, &pkg, err), SEAL_MALFORMED);
	assert_int_equal(seal_is_package(fx->pkg, fx->pkg_len), 1);
	assert_int_equal(seal_is_package(fx->zip, fx->zip_len), 0);
}

static void
practice_flag_kept(void **state)
{
	struct fx *fx = *state;
	struct seal_manifest m;
	struct seal_write_args wa;
	struct seal_package *pkg;
	unsigned char *buf;
	char err[ERR_LEN];
	size_t len;

	fx_manifest_for(&m, fx->zip, fx->zip_len, 1);
	wa = (struct seal_write_args){ &m, fx->zip, fx->zip_len, fx->sk,
	    fx->code, &fx_kdf };
	assert_int_equal(seal_write_buffer(&wa, &buf, &len, err), 0);
	assert_int_equal(seal_open_buffer(buf, len, fx->code, &fx->pk, &pkg,
	    err), SEAL_OK);
	assert_int_equal(pkg->manifest.practice, 1);
	seal_package_free(pkg);
	seal_manifest_free(&m);
	free(buf);
}

static void
write_rejects_bad_input(void **state)
{
	struct fx *fx = *state;
	struct seal_write_args wa = { &fx->m, fx->zip, fx->zip_len, fx->sk,
	    "not a code", &fx_kdf };
	unsigned char *buf;
	char err[ERR_LEN];
	size_t len;

	assert_int_equal(seal_write_buffer(&wa, &buf, &len, err), -1);
	wa.code = fx->code;
	wa.zip_len = fx->zip_len - 1;
	assert_int_equal(seal_write_buffer(&wa, &buf, &len, err), -1);
}

/* The file form: seal_write, then seal_verify and seal_open by path. */
static void
file_round_trip(void **state)
{
	struct fx *fx = *state;
	struct seal_write_args wa = { &fx->m, fx->zip, fx->zip_len, fx->sk,
	    fx->code, &fx_kdf };
	struct seal_package *pkg;
	char *path = fixture_path(fx->dir, "t.estp"), err[ERR_LEN];

	assert_int_equal(seal_write(path, &wa, err), 0);
	assert_int_equal(seal_verify(path, &fx->pk, NULL, err), SEAL_OK);
	assert_int_equal(seal_open(path, fx->code, &fx->pk, &pkg, err),
	    SEAL_OK);
	seal_package_free(pkg);
	assert_int_equal(seal_open(path, "0000-0000-0000-0000", &fx->pk, &pkg,
	    err), SEAL_WRONG_CODE);
	assert_non_null(strstr(err, path));
	free(path);
	path = fixture_path(fx->dir, "missing.estp");
	assert_int_equal(seal_verify(path, &fx->pk, NULL, err), SEAL_IO);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(code_format),
		cmocka_unit_test(code_normalize_forms),
		cmocka_unit_test(codes_differ),
		cmocka_unit_test_setup_teardown(open_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_typed_code_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_wrong_code, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_other_signer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_same_id_other_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(open_package_by_other_key,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(verify_reads_info, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(truncated_is_tampered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(appended_is_tampered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(not_a_package, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(practice_flag_kept, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(write_rejects_bad_input, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(file_round_trip, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
