/*
 * stick_open on folders that are and are not a stick, and the machine id
 * fallbacks.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "stick.h"

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
is_dir(const char *path)
{
	struct stat sb;

	return (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
}

static void
test_open_makes_folders(void **state)
{
	char err[ERR_LEN], cwd[4096], want[4200];
	struct stick st;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(mkdir("s1", 0755), 0);
	assert_int_equal(mkdir("s1/examstick", 0755), 0);
	write_text("s1/examstick/examiner.conf", "[examiner]\n");

	assert_int_equal(stick_open(&st, "s1/", err), 0);
	assert_string_equal(st.root, "s1");
	assert_string_equal(st.dir, "s1/examstick");
	assert_string_equal(st.conf, "s1/examstick/examiner.conf");
	assert_string_equal(st.attempts, "s1/examstick/attempts");
	assert_string_equal(st.results, "s1/examstick/results");
	assert_string_equal(st.log, "s1/examstick/log");
	assert_string_equal(st.keys, "s1/examstick/keys");
	assert_string_equal(st.packages, "s1/examstick/packages");
	assert_true(is_dir("s1/examstick/attempts"));
	assert_true(is_dir("s1/examstick/results"));
	assert_true(is_dir("s1/examstick/log"));
	stick_free(&st);

	/* A second open finds the folders already there. */
	snprintf(want, sizeof(want), "%s/s1", cwd);
	assert_int_equal(stick_open(&st, want, err), 0);
	assert_string_equal(st.root, want);
	stick_free(&st);
}

static void
test_open_rejects(void **state)
{
	char err[ERR_LEN];
	struct stick st;

	assert_int_equal(stick_open(&st, "nothing-here", err), -1);
	assert_string_equal(err, "nothing-here: No such file or directory");
	assert_null(st.root);

	assert_int_equal(mkdir("s2", 0755), 0);
	assert_int_equal(stick_open(&st, "s2", err), -1);
	assert_string_equal(err, "s2: no examstick folder, so this is not a"
	    " prepared exam stick; prepare it with 'reloader prepare'");

	assert_int_equal(mkdir("s2/examstick", 0755), 0);
	assert_int_equal(stick_open(&st, "s2", err), -1);
	assert_string_equal(err, "s2/examstick/examiner.conf: No such file or"
	    " directory; prepare the stick with the Reloader");

	write_text("s2/examstick/examiner.conf", "");
	write_text("s2/examstick/results", "");
	assert_int_equal(stick_open(&st, "s2", err), -1);
	assert_string_equal(err, "s2/examstick/results: is a file, not a"
	    " folder; move it away");

	write_text("plain", "");
	assert_int_equal(stick_open(&st, "plain", err), -1);
	assert_string_equal(err, "plain: not a folder");
}

static void
test_machine_id(void **state)
{
	char out[64];

	write_text("mid", "0123456789abcdef0123456789abcdef\n");
	write_text("dbus", "fedcba9876543210fedcba9876543210\n");
	write_text("boot", "6f1c4d2a-0b3e-4f5a-9c7d-8e2b1a3c4d5e\n");
	write_text("uninit", "uninitialized\n");
	write_text("empty", "");

	stick_machine_id_from("mid", "dbus", "boot", out);
	assert_string_equal(out, "0123456789abcdef0123456789abcdef");
	stick_machine_id_from("absent", "dbus", "boot", out);
	assert_string_equal(out, "fedcba9876543210fedcba9876543210");
	stick_machine_id_from("uninit", "empty", "boot", out);
	assert_string_equal(out,
	    "boot-6f1c4d2a-0b3e-4f5a-9c7d-8e2b1a3c4d5e");
	stick_machine_id_from(NULL, NULL, "empty", out);
	assert_string_equal(out, "unknown");

	/* This machine: whichever source it has, the id is never empty. */
	stick_machine_id(out);
	assert_true(strlen(out) > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_makes_folders),
		cmocka_unit_test(test_open_rejects),
		cmocka_unit_test(test_machine_id),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
