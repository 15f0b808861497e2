/*
 * conf_load: defaults, every kind of error with its file:line: key
 * message, and the mapping of E:\ paths onto the stick folder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"

/* The hash of PIN 2468 that the demonstration stick has. */
#define HASH_2468 "$argon2id$v=19$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw" \
	"$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ"
#define MINIMAL "[examiner]\ncentre_id = 12345\ninvigilator_pin_hash = " \
	HASH_2468 "\n"

static void
write_text(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Load text as examiner.conf with the stick at /stick. */
static int
load(const char *text, struct conf *c, struct problems *pr, char *err)
{
	write_text("examiner.conf", text, strlen(text));
	err[0] = '\0';
	return (conf_load(c, "examiner.conf", "/stick", pr, err));
}

/* Expect a load to fail with exactly the message want. */
static void
expect_error(const char *text, const char *want)
{
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load(text, &c, NULL, err), -1);
	assert_string_equal(err, want);
	assert_null(c.centre_id);
	assert_int_equal(c.ntests, 0);
}

static void
test_defaults(void **state)
{
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load(MINIMAL, &c, NULL, err), 0);
	assert_string_equal(c.centre_id, "12345");
	assert_string_equal(c.invigilator_pin_hash, HASH_2468);
	assert_string_equal(c.stick_label, "EXAMSTICK");
	assert_string_equal(c.roster, "/stick/examstick/roster.csv");
	assert_string_equal(c.stick_key, "/stick/examstick/keys/stick.key");
	assert_string_equal(c.stick_pubkey, "/stick/examstick/keys/stick.pub");
	assert_int_equal(c.scheme, SCHEME_DEFAULT);
	assert_int_equal(c.clock_save_s, 1);
	assert_int_equal(c.warn_minutes_1, 5);
	assert_int_equal(c.warn_minutes_2, 1);
	assert_int_equal(c.log, 0);
	assert_int_equal(c.ntests, 0);
	assert_string_equal(c.path, "examiner.conf");
	conf_free(&c);
}

static void
test_full_file(void **state)
{
	const char *text =
	    "\xef\xbb\xbf; comment\r\n"
	    "[examiner]\r\n"
	    "  centre_id = AB-12\r\n"
	    "\tinvigilator_pin_hash = " HASH_2468 "\r\n"
	    "colour_scheme = high-contrast\r\n"
	    "clock_save_seconds = 5\r\n"
	    "warn_minutes = 10\r\n"
	    "final_warn_minutes = 0\r\n"
	    "log = Yes\r\n"
	    "roster = e:/lists/r.csv\r\n"
	    "stick_label = EXAM_01\r\n"
	    "\r\n"
	    "[test unit1]\r\n"
	    "package = E:\\examstick\\packages\\unit1.zip\r\n"
	    "title = Sécurité : unit 1\r\n"
	    "duration = 1h30m\r\n"
	    "practice = yes\r\n"
	    "[ test   unit_2 ]\r\n"
	    "package = packages/u2.zip ; inline comment\r\n";
	const struct conf_test *t;
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load(text, &c, NULL, err), 0);
	assert_string_equal(c.centre_id, "AB-12");
	assert_string_equal(c.invigilator_pin_hash, HASH_2468);
	assert_int_equal(c.scheme, SCHEME_HIGH_CONTRAST);
	assert_int_equal(c.clock_save_s, 5);
	assert_int_equal(c.warn_minutes_1, 10);
	assert_int_equal(c.warn_minutes_2, 0);
	assert_int_equal(c.log, 1);
	assert_string_equal(c.roster, "/stick/lists/r.csv");
	assert_string_equal(c.stick_label, "EXAM_01");
	assert_int_equal(c.ntests, 2);

	t = conf_test(&c, "unit1");
	assert_non_null(t);
	assert_string_equal(t->package, "/stick/examstick/packages/unit1.zip");
	assert_string_equal(t->title, "Sécurité : unit 1");
	assert_int_equal(t->duration_s, 90 * 60);
	assert_int_equal(t->practice, 1);

	t = conf_test(&c, "unit_2");
	assert_non_null(t);
	assert_string_equal(t->package, "/stick/examstick/packages/u2.zip");
	assert_null(t->title);
	assert_int_equal(t->duration_s, 0);
	assert_int_equal(t->practice, 0);
	assert_null(conf_test(&c, "unit3"));
	conf_free(&c);
}

static void
test_unknown_key(void **state)
{
	expect_error(MINIMAL "colour = blue\n",
	    "examiner.conf:4: colour: unknown key in [examiner]; use"
	    " centre_id, stick_label, roster, stick_key, stick_pubkey,"
	    " invigilator_pin_hash, colour_scheme, clock_save_seconds,"
	    " warn_minutes, final_warn_minutes, log, centre_approval,"
	    " rest_break_minutes, seal_responses");
	expect_error(MINIMAL "[test a]\npackage = a.zip\ntime = 5\n",
	    "examiner.conf:6: time: unknown key in [test a]; use package,"
	    " title, duration, practice");
}

static void
test_bad_values(void **state)
{
	static const struct {
		const char	*line;
		const char	*want;
	} cases[] = {
		{ "colour_scheme = blue", "examiner.conf:4: colour_scheme:"
		  " \"blue\" is not valid; use default, high-contrast or"
		  " monochrome" },
		{ "clock_save_seconds = 6", "examiner.conf:4:"
		  " clock_save_seconds: \"6\" is not valid; use a whole number"
		  " of seconds from 1 to 5" },
		{ "clock_save_seconds = 1.5", "examiner.conf:4:"
		  " clock_save_seconds: \"1.5\" is not valid; use a whole"
		  " number of seconds from 1 to 5" },
		{ "log = maybe", "examiner.conf:4: log: \"maybe\" is not"
		  " valid; use yes or no" },
		{ "stick_label = exam", "examiner.conf:4: stick_label:"
		  " \"exam\" is not valid; use 1 to 11 capital letters,"
		  " digits, '-' or '_'" },
		{ "stick_label = ABCDEFGHIJKL", "examiner.conf:4: stick_label:"
		  " \"ABCDEFGHIJKL\" is not valid; use 1 to 11 capital"
		  " letters, digits, '-' or '_'" },
		{ "warn_minutes = 61", "examiner.conf:4: warn_minutes: \"61\""
		  " is not valid; use a whole number of minutes from 0 (no"
		  " warning) to 60" },
		{ "final_warn_minutes = 5", "examiner.conf:4:"
		  " final_warn_minutes: \"5\" is not valid; use a number of"
		  " minutes less than warn_minutes (5), or 0 for no final"
		  " warning" },
		{ "roster =", "examiner.conf:4: roster: the value is empty;"
		  " use a path on the stick such as E:\\examstick\\roster.csv,"
		  " or remove the line to use the default" },
	};
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s\n", MINIMAL, cases[i].line);
		expect_error(text, cases[i].want);
	}
}

#define HASH_ALLOWED "use an Argon2id hash ($argon2id$v=19$...) of the" \
	" PIN, as written by reloader prepare or printed by reloader pin" \
	" --hash"

/* A PIN in clear is rejected with what to do, and its digits are not shown. */
static void
test_plain_pin_rejected(void **state)
{
	const char *want = "examiner.conf:3: invigilator_pin: the PIN is no"
	    " longer stored in clear; replace this line with"
	    " invigilator_pin_hash = HASH, where reloader pin --hash prints"
	    " the line for a PIN, reloader prepare writes it on a new stick"
	    " and reloader pin --stick DIR changes the PIN of a prepared"
	    " stick";
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load("[examiner]\ncentre_id = 1\ninvigilator_pin ="
	    " 97531\ninvigilator_pin_hash = " HASH_2468 "\n", &c, &pr, err),
	    -1);
	assert_string_equal(err, want);
	assert_int_equal(pr.n, 1);
	assert_null(strstr(err, "97531"));
	problems_free(&pr);
	/* Without the hash, both lines are reported. */
	assert_int_equal(load("[examiner]\ncentre_id = 1\ninvigilator_pin ="
	    " 97531\n", &c, &pr, err), -1);
	assert_int_equal(pr.n, 2);
	assert_non_null(strstr(pr.lines[0], ":1: invigilator_pin_hash: the"
	    " key is missing"));
	assert_string_equal(pr.lines[1], want);
	problems_free(&pr);
}

/* A value that is not a usable Argon2id hash; the value is not shown. */
static void
test_bad_pin_hash(void **state)
{
	static const struct {
		const char	*value;
		const char	*why;
	} cases[] = {
		{ "97531", "it is not an Argon2id hash, which starts with"
		  " $argon2id$" },
		{ "$argon2i$v=19$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "it is not an Argon2id hash, which starts with"
		  " $argon2id$" },
		{ "$argon2id$v=16$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its Argon2 version is not v=19" },
		{ "$argon2id$v=19$m=65536,t=2$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its limits are not in the form m=KIB,t=PASSES,p=1" },
		{ "$argon2id$v=19$m=-5,t=2,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its limits are not in the form m=KIB,t=PASSES,p=1" },
		{ "$argon2id$v=19$m=65536,t=2,p=2$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "libsodium verifies only p=1 (one lane)" },
		{ "$argon2id$v=19$m=8,t=1,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its limits are below t=2 and m=65536 (64 MiB), which would"
		  " make guesses cheap" },
		{ "$argon2id$v=19$m=65536,t=99,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its limits are above t=4 and m=1048576 (1 GiB), more than"
		  " an exam PC can be asked for" },
		{ "$argon2id$v=19$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJj",
		  "its salt or hash part is damaged" },
		{ "$argon2id$v=19$m=65536,t=2,p=1$w2tu"
		  "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ",
		  "its salt or hash part is damaged" },
		{ "$argon2id$v=19$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw$",
		  "its salt or hash part is damaged" },
	};
	char text[512], want[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "[examiner]\ncentre_id = 1\n"
		    "invigilator_pin_hash = %s\n", cases[i].value);
		snprintf(want, sizeof(want), "examiner.conf:3:"
		    " invigilator_pin_hash: the value is not valid: %s; %s",
		    cases[i].why, HASH_ALLOWED);
		expect_error(text, want);
	}
	expect_error("[examiner]\ncentre_id = 1\ninvigilator_pin_hash =\n",
	    "examiner.conf:3: invigilator_pin_hash: the value is empty; "
	    HASH_ALLOWED);
	expect_error("[examiner]\ncentre_id =\ninvigilator_pin_hash = "
	    HASH_2468 "\n",
	    "examiner.conf:2: centre_id: the value is empty; use 1 to 16"
	    " letters, digits or hyphens");
}

static void
test_missing_required(void **state)
{
	expect_error("# x\n[examiner]\ncentre_id = 1\n",
	    "examiner.conf:2: invigilator_pin_hash: the key is missing from"
	    " [examiner]; add \"invigilator_pin_hash = ...\" with an Argon2id"
	    " hash ($argon2id$v=19$...) of the PIN, as written by reloader"
	    " prepare or printed by reloader pin --hash");
	expect_error(MINIMAL "[test a]\ntitle = A\n",
	    "examiner.conf:4: package: the key is missing from a [test ID]"
	    " section; add \"package = ...\" with a path on the stick such"
	    " as E:\\examstick\\packages\\unit1.zip");
	/* A header with no keys at all is still checked. */
	expect_error(MINIMAL "[test a]\n",
	    "examiner.conf:4: package: the key is missing from a [test ID]"
	    " section; add \"package = ...\" with a path on the stick such"
	    " as E:\\examstick\\packages\\unit1.zip");
	expect_error("[test a]\npackage = a.zip\n",
	    "examiner.conf: [examiner]: the section is missing; add it with"
	    " centre_id and invigilator_pin_hash");
	expect_error("",
	    "examiner.conf: [examiner]: the section is missing; add it with"
	    " centre_id and invigilator_pin_hash");
}

static void
test_unknown_section(void **state)
{
	expect_error(MINIMAL "[exam]\nx = 1\n",
	    "examiner.conf:4: [exam]: unknown section; use [examiner] or"
	    " [test ID]");
	expect_error(MINIMAL "[tests]\n",
	    "examiner.conf:4: [tests]: unknown section; use [examiner] or"
	    " [test ID]");
	expect_error(MINIMAL "[test a/b]\npackage = a.zip\n",
	    "examiner.conf:4: [test a/b]: test id \"a/b\" is not valid; use 1"
	    " to 32 letters, digits, '-' or '_'");
	expect_error("centre_id = 1\n" MINIMAL,
	    "examiner.conf:1: centre_id: the key is outside any section; put"
	    " it under [examiner] or [test ID]");
}

static void
test_duplicates(void **state)
{
	expect_error(MINIMAL "[test a]\npackage = a.zip\n"
	    "[test b]\npackage = b.zip\n[test a]\npackage = c.zip\n",
	    "examiner.conf:8: [test a]: test id a is given twice (first on"
	    " line 4); give each test its own id");
	expect_error(MINIMAL "centre_id = 2\n",
	    "examiner.conf:4: centre_id: the key is given twice (first on"
	    " line 2); remove one");
	expect_error(MINIMAL "[examiner]\nlog = no\n",
	    "examiner.conf:4: [examiner]: the section is given twice (first"
	    " on line 1); merge them");
}

static void
test_path_errors(void **state)
{
	expect_error(MINIMAL "roster = E:\\examstick\\..\\..\\etc\\passwd\n",
	    "examiner.conf:4: roster: \"E:\\examstick\\..\\..\\etc\\passwd\""
	    " is not valid: a \"..\" component could leave the stick; use a"
	    " path on the stick such as E:\\examstick\\roster.csv");
	expect_error(MINIMAL "[test a]\npackage = C:\\a.zip\n",
	    "examiner.conf:5: package: \"C:\\a.zip\" is not valid: only drive"
	    " E: (the stick) is allowed; use a path on the stick such as"
	    " E:\\examstick\\packages\\unit1.zip");
	expect_error(MINIMAL "[test a]\npackage = /etc/a.zip\n",
	    "examiner.conf:5: package: \"/etc/a.zip\" is not valid: it starts"
	    " at the root of no drive; start it with E:\\; use a path on the"
	    " stick such as E:\\examstick\\packages\\unit1.zip");
}

static void
test_duration_forms(void **state)
{
	static const struct {
		const char	*value;
		int		 minutes;	/* -1: rejected */
	} cases[] = {
		{ "90", 90 }, { "45m", 45 }, { "1h30m", 90 }, { "2h", 120 },
		{ "1h5", 65 }, { "10h", 600 }, { "1H30M", 90 },
		{ "0", -1 }, { "601", -1 }, { "1h60m", -1 }, { "h", -1 },
		{ "1.5h", -1 }, { "30s", -1 }, { "-5", -1 }, { "1h 30m", -1 },
		{ "99999999999999999999", -1 },
	};
	char text[256], err[ERR_LEN];
	struct conf c;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s[test a]\npackage = a.zip\n"
		    "duration = %s\n", MINIMAL, cases[i].value);
		if (cases[i].minutes < 0) {
			assert_int_equal(load(text, &c, NULL, err), -1);
			assert_non_null(strstr(err,
			    "examiner.conf:6: duration:"));
			continue;
		}
		assert_int_equal(load(text, &c, NULL, err), 0);
		assert_int_equal(c.tests[0].duration_s, cases[i].minutes * 60);
		conf_free(&c);
	}
}

static void
test_syntax_errors(void **state)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load(MINIMAL "this is not a key\n[test a\n"
	    "package = a.zip\nanother line\n", &c, &pr, err), -1);
	assert_int_equal(pr.n, 4);
	assert_string_equal(pr.lines[0], "examiner.conf:4: the line is"
	    " neither a [section] header nor a key = value line; correct or"
	    " remove it");
	assert_non_null(strstr(pr.lines[1], "examiner.conf:5: the line"));
	/* The broken header is skipped, so the key falls in [examiner]. */
	assert_non_null(strstr(pr.lines[2], "examiner.conf:6: package:"
	    " unknown key in [examiner]"));
	assert_non_null(strstr(pr.lines[3], "examiner.conf:7: the line"));
	assert_non_null(strstr(err, "(and 3 more problems)"));
	problems_free(&pr);
}

static void
test_control_and_long_lines(void **state)
{
	char text[600], err[ERR_LEN];
	struct problems pr = { NULL, 0, 0 };
	struct conf c;
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), "%stitle = a", MINIMAL);
	text[n - 1] = '\0';
	text[n] = '\n';
	write_text("examiner.conf", text, n + 1);
	assert_int_equal(conf_load(&c, "examiner.conf", "/stick", NULL, err),
	    -1);
	assert_string_equal(err, "examiner.conf:4: the line contains control"
	    " character 0x00; remove it");

	n = (size_t)snprintf(text, sizeof(text), "%slog = no ; ", MINIMAL);
	memset(text + n, 'x', 300);
	strcpy(text + n + 300, "\n");
	assert_int_equal(load(text, &c, &pr, err), -1);
	assert_int_equal(pr.n, 1);
	assert_non_null(strstr(err, "examiner.conf:4: the line is longer"
	    " than"));
	problems_free(&pr);
}

static void
test_every_problem_listed(void **state)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(load("[examiner]\ncolour_scheme = blue\nlog = 2\n"
	    "[test x]\nduration = soon\n[bad]\n", &c, &pr, err), -1);
	assert_int_equal(pr.n, 7);
	assert_non_null(strstr(pr.lines[0], ":1: centre_id: the key is"));
	assert_non_null(strstr(pr.lines[1], ":1: invigilator_pin_hash: the"
	    " key"));
	assert_non_null(strstr(pr.lines[2], ":2: colour_scheme: \"blue\""));
	assert_non_null(strstr(pr.lines[3], ":3: log: \"2\""));
	assert_non_null(strstr(pr.lines[4], ":4: package: the key is"));
	assert_non_null(strstr(pr.lines[5], ":5: duration: \"soon\""));
	assert_non_null(strstr(pr.lines[6], ":6: [bad]: unknown section"));
	problems_free(&pr);
}

static void
test_missing_file(void **state)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN];
	struct conf c;

	assert_int_equal(conf_load(&c, "no-such.conf", "/stick", &pr, err),
	    -1);
	assert_string_equal(err, "no-such.conf: No such file or directory");
	assert_int_equal(pr.n, 1);
	problems_free(&pr);
}

static void
test_stick_path_mapping(void **state)
{
	static const struct {
		const char	*root;
		const char	*value;
		const char	*want;	/* NULL: rejected */
	} cases[] = {
		{ "/s", "E:\\examstick\\roster.csv",
		  "/s/examstick/roster.csv" },
		{ "/s/", "e:\\a\\b", "/s/a/b" },
		{ "/s", "E:/a/b", "/s/a/b" },
		{ "/s", "e:/a\\b/", "/s/a/b" },
		{ "/s", "E:\\", "/s" },
		{ "/s", "E:\\.\\a\\\\b", "/s/a/b" },
		{ "/s", "roster.csv", "/s/examstick/roster.csv" },
		{ "/s", "keys\\a.pub", "/s/examstick/keys/a.pub" },
		{ "/s", "a..b\\c", "/s/examstick/a..b/c" },
		{ "/s", "..\\x", NULL },
		{ "/s", "E:\\a\\..\\b", NULL },
		{ "/s", "E:/a/../../b", NULL },
		{ "/s", "a/..", NULL },
		{ "/s", "D:\\x", NULL },
		{ "/s", "E:x", NULL },
		{ "/s", "/etc/passwd", NULL },
		{ "/s", "\\x", NULL },
		{ "/s", "", NULL },
		{ "/s", "a\tb", NULL },
		{ "/s", "a\nb", NULL },
	};
	char err[ERR_LEN];
	size_t i;
	char *p;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		p = conf_stick_path(cases[i].root, cases[i].value, err);
		if (cases[i].want == NULL) {
			assert_null(p);
			assert_true(strncmp(err, cases[i].value,
			    strlen(cases[i].value)) == 0);
			continue;
		}
		assert_non_null(p);
		assert_string_equal(p, cases[i].want);
		free(p);
	}
	p = conf_stick_path("/s", "E:\\a\\..\\b", err);
	assert_string_equal(err, "E:\\a\\..\\b: a \"..\" component could"
	    " leave the stick");
}

static void
test_scheme_names(void **state)
{
	enum colour_scheme s;

	assert_int_equal(conf_scheme_parse("monochrome", &s), 0);
	assert_int_equal(s, SCHEME_MONOCHROME);
	assert_string_equal(conf_scheme_name(s), "monochrome");
	assert_int_equal(conf_scheme_parse("high-contrast", &s), 0);
	assert_string_equal(conf_scheme_name(s), "high-contrast");
	assert_int_equal(conf_scheme_parse("High-Contrast", &s), -1);
	assert_string_equal(conf_scheme_name(SCHEME_DEFAULT), "default");
}

static void
test_text_valid(void **state)
{
	assert_int_equal(conf_text_valid("Zoë Ñúñez 李", 100), 0);
	assert_int_equal(conf_text_valid("abc", 2), -1);
	assert_int_equal(conf_text_valid("a\tb", 10), -1);
	assert_int_equal(conf_text_valid("a\x7f", 10), -1);
	assert_int_equal(conf_text_valid("\xc2\x85", 10), -1);
	assert_int_equal(conf_text_valid("\xc0\xaf", 10), -1);
	assert_int_equal(conf_text_valid("\xed\xa0\x80", 10), -1);
	assert_int_equal(conf_text_valid("\xe2\x82", 10), -1);
	assert_int_equal(conf_text_valid("\xff", 10), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_plain_pin_rejected),
		cmocka_unit_test(test_bad_pin_hash),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_unknown_section),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_path_errors),
		cmocka_unit_test(test_duration_forms),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_control_and_long_lines),
		cmocka_unit_test(test_every_problem_listed),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_stick_path_mapping),
		cmocka_unit_test(test_scheme_names),
		cmocka_unit_test(test_text_valid),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
