/*
 * Tests of one result verifier used for many files, as `reloader verify`
 * uses it.  It finds each stick's key in that stick's own keys folder and
 * reads each keys folder once.  A result reached through a symbolic link
 * belongs to the link target's stick.  Result text that the caller read,
 * cut or changed at any byte, never verifies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "trust_fixtures.h"
#include "trust_stick.h"

static void
expect(struct result_verifier *v, const char *path,
    enum result_status want, const char *want_reason)
{
	char reason[ERR_LEN];
	enum result_status st;

	st = result_verifier_check(v, path, reason);
	if (st != want)
		fail_msg("%s: status %d, expected %d: %s", path, st, want,
		    reason);
	if (want_reason != NULL && strstr(reason, want_reason) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", reason, want_reason);
}

static void
verifier_many_results(void **state)
{
	struct result_verifier *v, *given;
	struct stick s;
	char *path[3];
	size_t i;

	stick_make(&s);
	path[0] = stick_sit(&s, "C100", "one");
	path[1] = stick_sit(&s, "C101", "two");
	path[2] = stick_sit(&s, "C102", "three");
	v = result_verifier_new(NULL);
	given = result_verifier_new(&s.pk);
	for (i = 0; i < 3; i++) {
		expect(v, path[i], RESULT_OK, NULL);
		expect(given, path[i], RESULT_OK, NULL);
	}
	/* A second pass over the same files gives the same results. */
	for (i = 0; i < 3; i++)
		expect(v, path[i], RESULT_OK, NULL);
	result_verifier_free(v);
	result_verifier_free(given);
	for (i = 0; i < 3; i++)
		free(path[i]);
	stick_free(&s);
}

/*
 * Each keys folder is read at the first result of its stick: a key
 * removed after that still verifies the stick's other results in the
 * same verifier, and a new verifier reports the key missing.
 */
static void
verifier_keys_read_once(void **state)
{
	struct result_verifier *v;
	struct stick s;
	char *one, *two, *pub, *keys, want[256];

	stick_make(&s);
	one = stick_sit(&s, "C100", "one");
	two = stick_sit(&s, "C101", "two");
	v = result_verifier_new(NULL);
	expect(v, one, RESULT_OK, NULL);
	pub = stick_path(&s, "keys/stick.pub");
	assert_int_equal(unlink(pub), 0);
	expect(v, two, RESULT_OK, NULL);
	result_verifier_free(v);

	v = result_verifier_new(NULL);
	keys = realpath(s.dir, NULL);
	assert_non_null(keys);
	snprintf(want, sizeof want, "no public key for stick %s in %s/keys:",
	    s.id, keys);
	expect(v, two, RESULT_NO_KEY, want);
	result_verifier_free(v);
	free(keys);
	free(pub);
	free(one);
	free(two);
	stick_free(&s);
}

/* Copy path and path.minisig into folder dir under the same names. */
static char *
copy_result(const char *path, const char *dir)
{
	char *sig, *to, *to_sig, *buf;
	size_t len;

	to = fixture_path(dir, strrchr(path, '/') + 1);
	if (asprintf(&sig, "%s.minisig", path) < 0 ||
	    asprintf(&to_sig, "%s.minisig", to) < 0)
		abort();
	buf = fixture_read(path, &len);
	fixture_write(to, buf, len);
	free(buf);
	buf = fixture_read(sig, &len);
	fixture_write(to_sig, buf, len);
	free(buf);
	free(sig);
	free(to_sig);
	return (to);
}

/*
 * Two sticks in one verifier: each result is checked with its own
 * stick's key, and a result moved to the other stick finds no key there.
 */
static void
verifier_two_sticks(void **state)
{
	struct result_verifier *v;
	struct stick a, b;
	char *pa, *pb, *moved, *results;

	stick_make(&a);
	stick_make(&b);
	pa = stick_sit(&a, "C100", "on a");
	pb = stick_sit(&b, "C200", "on b");
	v = result_verifier_new(NULL);
	expect(v, pa, RESULT_OK, NULL);
	expect(v, pb, RESULT_OK, NULL);
	results = stick_path(&b, "results");
	moved = copy_result(pa, results);
	expect(v, moved, RESULT_NO_KEY, a.id);
	expect(v, pa, RESULT_OK, NULL);
	result_verifier_free(v);
	free(results);
	free(moved);
	free(pa);
	free(pb);
	stick_free(&a);
	stick_free(&b);
}

/*
 * Results reached through symbolic links in one folder belong to the
 * sticks that the links point into, not to the links' folder.
 */
static void
verifier_symlinks(void **state)
{
	struct result_verifier *v;
	struct stick a, b;
	char *pa, *pb, *links, *la, *lb;

	stick_make(&a);
	stick_make(&b);
	pa = stick_sit(&a, "C100", "on a");
	pb = stick_sit(&b, "C200", "on b");
	links = fixture_dir();
	la = fixture_path(links, "C100-T1-1.result");
	lb = fixture_path(links, "C200-T1-1.result");
	assert_int_equal(symlink(pa, la), 0);
	assert_int_equal(symlink(pb, lb), 0);
	v = result_verifier_new(NULL);
	/* The signature is looked for beside the link. */
	expect(v, la, RESULT_SIGNATURE, "the result is not signed");
	free(la);
	la = copy_result(pa, links);
	assert_int_equal(unlink(la), 0);
	assert_int_equal(symlink(pa, la), 0);
	free(lb);
	lb = copy_result(pb, links);
	assert_int_equal(unlink(lb), 0);
	assert_int_equal(symlink(pb, lb), 0);
	expect(v, la, RESULT_OK, NULL);
	expect(v, lb, RESULT_OK, NULL);
	result_verifier_free(v);
	fixture_rmtree(links);
	free(la);
	free(lb);
	free(pa);
	free(pb);
	stick_free(&a);
	stick_free(&b);
}

/* A path without a folder part is resolved from the working folder. */
static void
verifier_relative_name(void **state)
{
	struct result_verifier *v;
	struct stick s;
	char *path, *results, cwd[4096];

	stick_make(&s);
	path = stick_sit(&s, "C100", "one");
	results = stick_path(&s, "results");
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(results), 0);
	v = result_verifier_new(NULL);
	expect(v, "C100-T1-1.result", RESULT_OK, NULL);
	expect(v, "./C100-T1-1.result", RESULT_OK, NULL);
	result_verifier_free(v);
	assert_int_equal(chdir(cwd), 0);
	free(results);
	free(path);
	stick_free(&s);
}

/*
 * Text read by the caller, cut short at every byte or with any one bit
 * flipped, does not verify, and its reason is never empty.
 */
static void
verifier_text_damaged(void **state)
{
	struct result_verifier *v;
	enum result_status st;
	char reason[ERR_LEN], *path, *text, *copy;
	struct stick s;
	size_t len, i;

	stick_make(&s);
	path = stick_sit(&s, "C100", "one");
	text = fixture_read(path, &len);
	v = result_verifier_new(NULL);
	assert_int_equal(result_verifier_check_text(v, path, text, len,
	    reason), RESULT_OK);
	assert_int_equal(result_verifier_check_text(v, path, text, 0,
	    reason), RESULT_MALFORMED);
	assert_non_null(strstr(reason, "the first line is not"));
	assert_int_equal(result_verifier_check_text(v, path, text, len - 1,
	    reason), RESULT_MALFORMED);
	assert_non_null(strstr(reason, "the last line has no newline"));
	for (i = 0; i < len; i++) {
		st = result_verifier_check_text(v, path, text, i, reason);
		if (st == RESULT_OK)
			fail_msg("text cut to %zu bytes verified", i);
		assert_true(reason[0] != '\0');
	}
	copy = malloc(len);
	assert_non_null(copy);
	for (i = 0; i < len; i++) {
		memcpy(copy, text, len);
		copy[i] ^= 0x20;
		st = result_verifier_check_text(v, path, copy, len, reason);
		if (st == RESULT_OK)
			fail_msg("text with byte %zu changed verified", i);
		assert_true(reason[0] != '\0');
	}
	result_verifier_free(v);
	free(copy);
	free(text);
	free(path);
	stick_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verifier_many_results),
		cmocka_unit_test(verifier_keys_read_once),
		cmocka_unit_test(verifier_two_sticks),
		cmocka_unit_test(verifier_symlinks),
		cmocka_unit_test(verifier_relative_name),
		cmocka_unit_test(verifier_text_damaged),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
