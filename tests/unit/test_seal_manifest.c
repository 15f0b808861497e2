/*
 * The test manifest: its text form, the one-form rule, and the check of a
 * zip against the hashes it lists.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "seal.h"
#include "seal_fixtures.h"

static void
format_parse_round_trip(void **state)
{
	struct seal_manifest m, back;
	unsigned char *zip;
	char *text, *again, err[ERR_LEN];
	size_t len, i;

	(void)state;
	zip = fx_zip(fx_files, FX_NFILES, &len);
	fx_manifest_for(&m, zip, len, 1);
	text = seal_manifest_format(&m);
	assert_int_equal(strncmp(text, "examstick test manifest 1\ntest"
	    " fixture-test\nversion 3\ntitle Fixture%20test%20%C3%A9t%C3%A9\n",
	    63), 0);
	if (seal_manifest_parse(&back, text, strlen(text), err) != 0)
		fail_msg("%s", err);
	assert_string_equal(back.title, m.title);
	assert_int_equal(back.practice, 1);
	assert_int_equal(back.nentries, FX_NFILES);
	for (i = 0; i < FX_NFILES; i++) {
		assert_string_equal(back.entries[i].path, fx_files[i].path);
		assert_int_equal(back.entries[i].size,
		    strlen(fx_files[i].text));
	}
	again = seal_manifest_format(&back);
	assert_string_equal(again, text);
	assert_int_equal(seal_manifest_check_zip(&back, zip, len, err), 0);
	free(again);
	free(text);
	seal_manifest_free(&m);
	seal_manifest_free(&back);
	free(zip);
}

/* Replace the first "from" in text; the result is a new string. */
static char *
replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out;

	assert_non_null(at);
	if (asprintf(&out, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from)) < 0)
		abort();
	return (out);
}

static void
other_forms_rejected(void **state)
{
	static const char *const edits[][2] = {
		{ "version 3\n", "version 03\n" },
		{ "version 3\n", "version 0\n" },
		{ "duration 1800\n", "duration  1800\n" },
		{ "practice 0\n", "practice 2\n" },
		{ "test fixture-test\n", "test fixture_test\n" },
		{ "item q1\n", "item q1 \n" },
		{ "manifest 1\n", "manifest 2\n" },
		{ "\nzip ", "\nzip 0" },
		{ "%20", "%2" },
		{ "created ", "created  " },
	};
	struct seal_manifest m, back;
	unsigned char *zip;
	char *text, *bad, *hex, err[ERR_LEN];
	size_t len, i;

	(void)state;
	zip = fx_zip(fx_files, FX_NFILES, &len);
	fx_manifest_for(&m, zip, len, 0);
	text = seal_manifest_format(&m);
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		bad = replace(text, edits[i][0], edits[i][1]);
		if (seal_manifest_parse(&back, bad, strlen(bad), err) == 0)
			fail_msg("edit %zu accepted:\n%s", i, bad);
		free(bad);
	}
	/* The hash in upper case is another form of the same value. */
	bad = strdup(text);
	hex = strchr(strstr(bad, "\nzip ") + 5, ' ') + 1;
	for (i = 0; i < 64; i++)
		hex[i] = (char)toupper((unsigned char)hex[i]);
	assert_string_not_equal(bad, text);
	assert_int_equal(seal_manifest_parse(&back, bad, strlen(bad), err),
	    -1);
	/* Cut off the last newline. */
	assert_int_equal(seal_manifest_parse(&back, text, strlen(text) - 1,
	    err), -1);
	free(bad);
	free(text);
	seal_manifest_free(&m);
	free(zip);
}

static void
check_zip_finds_changes(void **state)
{
	struct fx_file files[FX_NFILES];
	struct seal_manifest m;
	unsigned char *zip, *other;
	char err[ERR_LEN];
	size_t len, olen;

	(void)state;
	zip = fx_zip(fx_files, FX_NFILES, &len);
	fx_manifest_for(&m, zip, len, 0);

	/* Another zip: the whole-zip hash differs. */
	memcpy(files, fx_files, sizeof files);
	files[4].text = "p { margin: 1; }\n";
	other = fx_zip(files, FX_NFILES, &olen);
	assert_int_equal(seal_manifest_check_zip(&m, other, olen, err), -1);

	/*
	 * The manifest of that zip with one entry hash changed: the zip
	 * hash matches, the entry does not.
	 */
	seal_manifest_free(&m);
	fx_manifest_for(&m, other, olen, 0);
	m.entries[4].hash[0] ^= 1;
	assert_int_equal(seal_manifest_check_zip(&m, other, olen, err), -1);
	assert_non_null(strstr(err, "style/item.css"));
	m.entries[4].hash[0] ^= 1;
	assert_int_equal(seal_manifest_check_zip(&m, other, olen, err), 0);

	/* An entry the manifest does not list, and one it lists extra. */
	m.nentries--;
	assert_int_equal(seal_manifest_check_zip(&m, other, olen, err), -1);
	assert_non_null(strstr(err, "not in the manifest"));
	m.nentries++;
	seal_manifest_free(&m);
	free(zip);
	free(other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_parse_round_trip),
		cmocka_unit_test(other_forms_rejected),
		cmocka_unit_test(check_zip_finds_changes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
