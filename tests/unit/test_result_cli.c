/*
 * reloader verify, run as a program on a stick folder: what it prints for
 * good and bad result files, and its exit status (0 all ok, 1 a file
 * failed, 2 usage or I/O error).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trust_fixtures.h"
#include "trust_stick.h"

static char reloader[4096];

static int
setup(void **state)
{
	const char *build = getenv("BUILD");

	snprintf(reloader, sizeof reloader, "%s/bin/reloader",
	    build != NULL && *build != '\0' ? build : "build");
	if (access(reloader, X_OK) != 0)
		fail_msg("%s is missing: run make first", reloader);
	return (0);
}

/* Run reloader with up to six arguments; returns the exit status. */
static int
run(char *out, size_t outlen, const char *a1, const char *a2,
    const char *a3, const char *a4, const char *a5, const char *a6)
{
	char *argv[] = { reloader, (char *)a1, (char *)a2, (char *)a3,
	    (char *)a4, (char *)a5, (char *)a6, NULL };

	return (fixture_run(NULL, out, outlen, argv));
}

static void
cli_verify_exit_status(void **state)
{
	struct stick s;
	char *good, *bad, *buf, *pub, *results, out[8192], want[256];
	size_t len;

	stick_make(&s);
	good = stick_sit(&s, "C100", "good");
	bad = stick_sit(&s, "C200", "to be changed");
	pub = stick_path(&s, "keys/stick.pub");
	results = stick_path(&s, "results");

	assert_int_equal(run(out, sizeof out, "verify", good, NULL, NULL, NULL,
	    NULL), 0);
	snprintf(want, sizeof want, "%s: ok\n", good);
	assert_string_equal(out, want);
	assert_int_equal(run(out, sizeof out, "verify", "--key", pub, good,
	    bad, NULL), 0);

	buf = fixture_read(bad, &len);
	*strstr(buf, "to%20be") = 'T';
	fixture_write(bad, buf, len);
	free(buf);
	assert_int_equal(run(out, sizeof out, "verify", good, bad, NULL, NULL,
	    NULL), 1);
	snprintf(want, sizeof want, "reloader: verify %s: signature does not"
	    " match stick %s: the file was changed after the test\n", bad,
	    s.id);
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof want, "%s: ok\n", good);
	assert_non_null(strstr(out, want));

	/* A folder stands for its .result files. */
	assert_int_equal(run(out, sizeof out, "verify", results, NULL, NULL,
	    NULL, NULL), 1);
	assert_non_null(strstr(out, "C100-T1-1.result: ok\n"));
	assert_non_null(strstr(out, "C200-T1-1.result: signature does not"));

	/* An unreadable file is an I/O error, and outranks a failure. */
	assert_int_equal(run(out, sizeof out, "verify", bad, "/nonexistent/x"
	    ".result", NULL, NULL, NULL), 2);
	assert_non_null(strstr(out, "reloader: verify /nonexistent/x.result:"
	    " cannot read the result"));

	free(results);
	free(pub);
	free(good);
	free(bad);
	stick_free(&s);
}

static void
cli_usage(void **state)
{
	char out[8192];

	assert_int_equal(run(out, sizeof out, NULL, NULL, NULL, NULL, NULL,
	    NULL), 2);
	assert_non_null(strstr(out, "usage: reloader"));
	assert_int_equal(run(out, sizeof out, "--help", NULL, NULL, NULL,
	    NULL, NULL), 0);
	assert_non_null(strstr(out, "verify"));
	assert_non_null(strstr(out, "Exit status"));
	assert_int_equal(run(out, sizeof out, "verify", "--help", NULL, NULL,
	    NULL, NULL), 0);
	assert_non_null(strstr(out, "--key"));
	assert_int_equal(run(out, sizeof out, "verify", NULL, NULL, NULL, NULL,
	    NULL), 2);
	assert_non_null(strstr(out, "no files given"));
	assert_int_equal(run(out, sizeof out, "verify", "--bogus", "x", NULL,
	    NULL, NULL), 2);
	assert_int_equal(run(out, sizeof out, "verify", "--key",
	    "/nonexistent.pub", "x", NULL, NULL), 2);
	assert_non_null(strstr(out, "/nonexistent.pub"));
	assert_int_equal(run(out, sizeof out, "frobnicate", NULL, NULL, NULL,
	    NULL, NULL), 2);
	assert_non_null(strstr(out, "unknown command: frobnicate"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cli_verify_exit_status),
		cmocka_unit_test(cli_usage),
	};

	return (cmocka_run_group_tests(tests, setup, NULL));
}
