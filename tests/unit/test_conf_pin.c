/*
 * The invigilator PIN helpers: the PIN format, hashing and verifying
 * with Argon2id, and the rewrite of examiner.conf that stores the hash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "conf_pin.h"

#define HASH	"$argon2id$v=19$m=65536,t=2,p=1$SALT$HASH"

static void
test_pin_format(void **state)
{
	static const struct {
		const char	*pin;
		int		 valid;
	} cases[] = {
		{ "2468", 1 }, { "000123456789", 1 }, { "80417326", 1 },
		{ "123", 0 }, { "1234567890123", 0 }, { "12a4", 0 },
		{ "", 0 }, { " 2468", 0 }, { "2468\n", 0 }, { "-246", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (conf_pin_valid(cases[i].pin) != cases[i].valid)
			fail_msg("\"%s\": expected %s", cases[i].pin,
			    cases[i].valid ? "valid" : "invalid");
}

static void
test_hash_and_verify(void **state)
{
	char hash[CONF_PIN_HASH_BYTES], other[CONF_PIN_HASH_BYTES];
	char err[ERR_LEN];
	const char *why = NULL;

	assert_int_equal(conf_pin_hash("13579", hash, err), 0);
	assert_int_equal(strncmp(hash, "$argon2id$v=19$m=262144,t=3,p=1$",
	    32), 0);
	assert_null(strstr(hash, "13579"));
	assert_int_equal(conf_pin_hash_check(hash, &why), 0);
	assert_true(conf_pin_verify(hash, "13579"));
	assert_false(conf_pin_verify(hash, "13578"));
	assert_false(conf_pin_verify(hash, "135790"));
	assert_false(conf_pin_verify(NULL, "13579"));
	assert_false(conf_pin_verify(hash, NULL));

	/* A new salt each time, so equal PINs give different hashes. */
	assert_int_equal(conf_pin_hash("13579", other, err), 0);
	assert_string_not_equal(hash, other);
	assert_true(conf_pin_verify(other, "13579"));
}

/* Rewrite text and compare the result with want. */
static void
expect_rewrite(const char *text, const char *want)
{
	char err[ERR_LEN], *out;
	size_t len;

	out = conf_pin_hash_set(text, strlen(text), HASH, &len, err);
	if (out == NULL)
		fail_msg("conf_pin_hash_set: %s", err);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out, want);
	free(out);
}

static void
test_rewrite_inserts(void **state)
{
	expect_rewrite("; a comment\n[examiner]\ncentre_id = 1\n",
	    "; a comment\n[examiner]\ninvigilator_pin_hash = " HASH "\n"
	    "centre_id = 1\n");
	/* CRLF line ends and a byte order mark are kept. */
	expect_rewrite("\xef\xbb\xbf[examiner]\r\ncentre_id = 1\r\n",
	    "\xef\xbb\xbf[examiner]\r\ninvigilator_pin_hash = " HASH "\r\n"
	    "centre_id = 1\r\n");
	/* A header on the last line, with no line end. */
	expect_rewrite("[test a]\npackage = a.zip\n  [ examiner ]",
	    "[test a]\npackage = a.zip\n  [ examiner ]\n"
	    "invigilator_pin_hash = " HASH "\n");
}

static void
test_rewrite_replaces(void **state)
{
	/* The old hash, in place, with its comments kept. */
	expect_rewrite("[examiner]\n; the PIN's hash\n"
	    "invigilator_pin_hash = $argon2id$old\ncentre_id = 1\n",
	    "[examiner]\n; the PIN's hash\ninvigilator_pin_hash = " HASH "\n"
	    "centre_id = 1\n");
	/* A PIN in clear becomes the hash; a second such line goes. */
	expect_rewrite("[examiner]\r\n  invigilator_pin = 97531\r\n"
	    "centre_id = 1\r\ninvigilator_pin_hash=x\r\n",
	    "[examiner]\r\ninvigilator_pin_hash = " HASH "\r\n"
	    "centre_id = 1\r\n");
	/* Comments and keys of other names are not keys to replace. */
	expect_rewrite("[examiner]\n;invigilator_pin_hash = x\n"
	    "invigilator_pin_hashes = y\ncentre_id = 1\n",
	    "[examiner]\ninvigilator_pin_hash = " HASH "\n"
	    ";invigilator_pin_hash = x\ninvigilator_pin_hashes = y\n"
	    "centre_id = 1\n");
	/* Only the [examiner] section is changed. */
	expect_rewrite("[test a]\ninvigilator_pin = 1\n[examiner]\n"
	    "invigilator_pin: 2\n",
	    "[test a]\ninvigilator_pin = 1\n[examiner]\n"
	    "invigilator_pin_hash = " HASH "\n");
}

static void
test_rewrite_needs_examiner(void **state)
{
	char err[ERR_LEN];
	size_t len;

	assert_null(conf_pin_hash_set("[test a]\npackage = a.zip\n", 25, HASH,
	    &len, err));
	assert_string_equal(err, "the file has no [examiner] section");
	assert_null(conf_pin_hash_set("", 0, HASH, &len, err));
}

/* The rewritten text loads, and the loaded hash verifies the PIN. */
static void
test_rewrite_loads(void **state)
{
	const char *text = "[examiner]\ncentre_id = 1\ninvigilator_pin = 97531"
	    "\n";
	char hash[CONF_PIN_HASH_BYTES], err[ERR_LEN], *out;
	struct conf c;
	size_t len;

	assert_int_equal(conf_load_text(&c, "examiner.conf", text,
	    strlen(text), "/stick", NULL, err), -1);
	assert_int_equal(conf_pin_hash("97531", hash, err), 0);
	out = conf_pin_hash_set(text, strlen(text), hash, &len, err);
	assert_non_null(out);
	assert_null(strstr(out, "97531"));
	if (conf_load_text(&c, "examiner.conf", out, len, "/stick", NULL,
	    err) == -1)
		fail_msg("%s", err);
	assert_string_equal(c.invigilator_pin_hash, hash);
	assert_true(conf_pin_verify(c.invigilator_pin_hash, "97531"));
	conf_free(&c);
	free(out);
}

/* Problems are reported at their lines in the text as given. */
static void
test_load_error_lines(void **state)
{
	const char *bad_value = "[examiner]\ncentre_id = 1\n"
	    "colour_scheme = blue\n";
	const char *old_pins = "[examiner]\ninvigilator_pin = 1\n"
	    "invigilator_pin = 2\ncentre_id = 1\nlog = 2\nwarn_minutes = 99\n";
	char hash[CONF_PIN_HASH_BYTES], err[ERR_LEN];
	struct conf c;
	size_t len;

	assert_int_equal(conf_pin_hash("97531", hash, err), 0);
	assert_null(conf_pin_hash_load(&c, "examiner.conf", bad_value,
	    strlen(bad_value), hash, "/stick", &len, err));
	assert_string_equal(err, "examiner.conf:3: colour_scheme: \"blue\" is"
	    " not valid; use default, high-contrast or monochrome");
	assert_null(conf_pin_hash_load(&c, "examiner.conf", old_pins,
	    strlen(old_pins), hash, "/stick", &len, err));
	assert_string_equal(err, "examiner.conf:5: log: \"2\" is not valid;"
	    " use yes or no (and 1 more problem)");
	assert_null(conf_pin_hash_load(&c, "examiner.conf", "[test a]\n", 9,
	    hash, "/stick", &len, err));
	assert_string_equal(err, "examiner.conf: the file has no [examiner]"
	    " section; add [examiner] with centre_id");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_format),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_rewrite_inserts),
		cmocka_unit_test(test_rewrite_replaces),
		cmocka_unit_test(test_rewrite_needs_examiner),
		cmocka_unit_test(test_rewrite_loads),
		cmocka_unit_test(test_load_error_lines),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
