/*
 * Candidate tokens: signing and verifying, the validity window, finding a
 * token by its code, and reading a registrations CSV.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "token.h"
#include "seal_fixtures.h"

#define JAN1	1767225600	/* 2026-01-01T00:00:00Z */
#define DAY	86400

static void
sample(struct token *t, const char *candidate, int attempt)
{
	memset(t, 0, sizeof *t);
	t->candidate = strdup(candidate);
	t->name = strdup("Ada Lovelace, \xc3\xa9l\xc3\xa8ve");
	t->dob = strdup("1990-12-10");
	t->centre = strdup("12345");
	t->test = strdup("unit-1");
	t->attempt = attempt;
	t->valid_from = JAN1;
	t->valid_until = JAN1 + 30 * DAY - 1;
	t->extra_pct = 25;
	t->rest_breaks = 1;
	t->has_scheme = 1;
	t->scheme = SCHEME_HIGH_CONTRAST;
}

static int
setup(void **state)
{
	*state = fx_signers_new("body");
	return (0);
}

static void
sign_verify_round_trip(void **state)
{
	struct fx_signers *fx = *state;
	struct token t, back;
	char *text, err[ERR_LEN];

	sample(&t, "C-1001", 1);
	assert_int_equal(token_sign(&t, fx->sk, &text, err), 0);
	assert_non_null(t.serial);
	assert_int_equal(strlen(t.serial), 16);
	assert_int_equal(strlen(t.code), 9);
	assert_int_equal(t.code[4], '-');
	assert_int_equal(token_verify_buffer(text, strlen(text), &fx->pk,
	    JAN1 + DAY, &back, err), TOKEN_OK);
	assert_string_equal(back.serial, t.serial);
	assert_string_equal(back.code, t.code);
	assert_string_equal(back.candidate, "C-1001");
	assert_string_equal(back.name, t.name);
	assert_string_equal(back.dob, "1990-12-10");
	assert_string_equal(back.centre, "12345");
	assert_string_equal(back.test, "unit-1");
	assert_int_equal(back.attempt, 1);
	assert_int_equal(back.valid_from, JAN1);
	assert_int_equal(back.valid_until, JAN1 + 30 * DAY - 1);
	assert_int_equal(back.extra_pct, 25);
	assert_int_equal(back.rest_breaks, 1);
	assert_int_equal(back.has_scheme, 1);
	assert_int_equal(back.scheme, SCHEME_HIGH_CONTRAST);
	token_free(&back);
	token_free(&t);
	free(text);
}

static void
no_scheme_round_trip(void **state)
{
	struct fx_signers *fx = *state;
	struct token t, back;
	char *text, err[ERR_LEN];

	sample(&t, "1002", 2);
	t.has_scheme = 0;
	t.rest_breaks = 0;
	assert_int_equal(token_sign(&t, fx->sk, &text, err), 0);
	assert_null(strstr(text, "colour_scheme"));
	assert_int_equal(token_verify_buffer(text, strlen(text), &fx->pk,
	    JAN1, &back, err), TOKEN_OK);
	assert_int_equal(back.has_scheme, 0);
	assert_int_equal(back.rest_breaks, 0);
	token_free(&back);
	token_free(&t);
	free(text);
}

static void
window_edges(void **state)
{
	struct fx_signers *fx = *state;
	struct token t, back;
	char *text, err[ERR_LEN];
	size_t len;

	sample(&t, "1003", 1);
	assert_int_equal(token_sign(&t, fx->sk, &text, err), 0);
	len = strlen(text);
	assert_int_equal(token_verify_buffer(text, len, &fx->pk, JAN1 - 1,
	    &back, err), TOKEN_NOT_YET_VALID);
	assert_non_null(strstr(err, "2026-01-01T00:00:00Z"));
	assert_string_equal(back.candidate, "1003");
	token_free(&back);
	assert_int_equal(token_verify_buffer(text, len, &fx->pk, JAN1, &back,
	    err), TOKEN_OK);
	token_free(&back);
	assert_int_equal(token_verify_buffer(text, len, &fx->pk,
	    JAN1 + 30 * DAY - 1, &back, err), TOKEN_OK);
	token_free(&back);
	assert_int_equal(token_verify_buffer(text, len, &fx->pk,
	    JAN1 + 30 * DAY, &back, err), TOKEN_EXPIRED);
	assert_non_null(strstr(err, "expired"));
	token_free(&back);
	token_free(&t);
	free(text);
}

static void
other_signer(void **state)
{
	struct fx_signers *fx = *state;
	struct token t, back;
	char *text, err[ERR_LEN];

	sample(&t, "1004", 1);
	assert_int_equal(token_sign(&t, fx->other_sk, &text, err), 0);
	assert_int_equal(token_verify_buffer(text, strlen(text), &fx->pk,
	    JAN1, &back, err), TOKEN_WRONG_SIGNER);
	assert_non_null(strstr(err, "signed with key"));
	token_free(&t);
	free(text);
}

static void
check_rejects_fields(void **state)
{
	struct token t;
	char err[ERR_LEN];

	(void)state;
	sample(&t, "1005", 1);
	assert_int_equal(token_check(&t, err), 0);
	t.attempt = 0;
	assert_int_equal(token_check(&t, err), -1);
	t.attempt = 100;
	assert_int_equal(token_check(&t, err), -1);
	t.attempt = 1;
	t.extra_pct = 101;
	assert_int_equal(token_check(&t, err), -1);
	t.extra_pct = 0;
	free(t.dob);
	t.dob = strdup("1990-02-30");
	assert_int_equal(token_check(&t, err), -1);
	assert_non_null(strstr(err, "date_of_birth"));
	free(t.dob);
	t.dob = strdup("1990-02-28");
	free(t.candidate);
	t.candidate = strdup("10 05");
	assert_int_equal(token_check(&t, err), -1);
	free(t.candidate);
	t.candidate = strdup("1005");
	t.valid_until = t.valid_from - 1;
	assert_int_equal(token_check(&t, err), -1);
	t.valid_until = t.valid_from;
	free(t.name);
	t.name = strdup("tab\there");
	assert_int_equal(token_check(&t, err), -1);
	token_free(&t);
}

static void
parse_times(void **state)
{
	int64_t v;

	(void)state;
	assert_int_equal(token_parse_time("2026-01-01", 0, &v), 0);
	assert_int_equal(v, JAN1);
	assert_int_equal(token_parse_time("2026-01-01", 1, &v), 0);
	assert_int_equal(v, JAN1 + DAY - 1);
	assert_int_equal(token_parse_time("2026-01-01T10:30:00Z", 1, &v), 0);
	assert_int_equal(v, JAN1 + 10 * 3600 + 1800);
	assert_int_equal(token_parse_time("2026-13-01", 0, &v), -1);
	assert_int_equal(token_parse_time("2026-02-29", 0, &v), -1);
	assert_int_equal(token_parse_time("2028-02-29", 0, &v), 0);
	assert_int_equal(token_parse_time("2026-01-01T24:00:00Z", 0, &v), -1);
	assert_int_equal(token_parse_time("2026-01-01 10:00", 0, &v), -1);
	assert_int_equal(token_parse_time("2026-1-1", 0, &v), -1);
}

/* Write tokens for two candidates and find each by its typed code. */
static void
find_by_code(void **state)
{
	struct fx_signers *fx = *state;
	struct token a, b, found;
	char *pa, *pb, *path, err[ERR_LEN], typed[16];
	size_t i;

	sample(&a, "2001", 1);
	sample(&b, "2002", 1);
	assert_int_equal(token_write(fx->dir, &a, fx->sk, &pa, err), 0);
	assert_int_equal(token_write(fx->dir, &b, fx->sk, &pb, err), 0);
	assert_non_null(strstr(pa, "/2001-unit-1-1.token"));

	/* Lower case, no hyphen. */
	for (i = 0; b.code[i] != '\0'; i++)
		typed[i] = (char)tolower((unsigned char)b.code[i]);
	typed[i] = '\0';
	memmove(typed + 4, typed + 5, strlen(typed + 5) + 1);
	assert_int_equal(token_find(fx->dir, typed, &fx->pk, JAN1, &found,
	    &path, err), TOKEN_OK);
	assert_string_equal(found.candidate, "2002");
	assert_string_equal(path, pb);
	token_free(&found);
	free(path);

	/* A random code matches another with probability 2^-40. */
	assert_int_equal(token_find(fx->dir, "0000-0000", &fx->pk, JAN1,
	    &found, &path, err), TOKEN_NOT_FOUND);
	assert_null(path);
	assert_int_equal(token_find(fx->dir, a.code, &fx->pk,
	    JAN1 + 365 * DAY, &found, &path, err), TOKEN_EXPIRED);
	assert_string_equal(found.candidate, "2001");
	token_free(&found);
	free(path);

	/*
	 * Under the other key no token verifies, but the file with the
	 * typed code is named with the reason, not reported as not found.
	 */
	assert_int_equal(token_find(fx->dir, a.code, &fx->other_pk, JAN1,
	    &found, &path, err), TOKEN_WRONG_SIGNER);
	assert_null(path);
	assert_non_null(strstr(err, "/2001-unit-1-1.token: "));
	assert_int_equal(token_find(fx->dir, "0000-0000", &fx->other_pk,
	    JAN1, &found, &path, err), TOKEN_NOT_FOUND);
	token_free(&a);
	token_free(&b);
	free(pa);
	free(pb);
}

static void
find_ambiguous_code(void **state)
{
	struct fx_signers *fx = *state;
	struct token a, b, found;
	char *pa, *pb, *path, err[ERR_LEN];

	sample(&a, "3001", 1);
	sample(&b, "3002", 1);
	a.code = strdup("7K2D-QX9M");
	b.code = strdup("7K2D-QX9M");
	assert_int_equal(token_write(fx->dir, &a, fx->sk, &pa, err), 0);
	assert_int_equal(token_write(fx->dir, &b, fx->sk, &pb, err), 0);
	assert_int_equal(token_find(fx->dir, "7k2dqx9m", &fx->pk, JAN1,
	    &found, &path, err), TOKEN_AMBIGUOUS);
	assert_null(path);
	token_free(&a);
	token_free(&b);
	free(pa);
	free(pb);
}

static void
write_never_overwrites(void **state)
{
	struct fx_signers *fx = *state;
	struct token a, b;
	char *pa, *pb, err[ERR_LEN], *before, *after;

	sample(&a, "4001", 1);
	sample(&b, "4001", 1);
	assert_int_equal(token_write(fx->dir, &a, fx->sk, &pa, err), 0);
	before = fixture_read(pa, NULL);
	assert_int_equal(token_write(fx->dir, &b, fx->sk, &pb, err), -1);
	assert_null(pb);
	after = fixture_read(pa, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(pa);
	token_free(&a);
	token_free(&b);
}

static void
csv_reads_rows(void **state)
{
	struct fx_signers *fx = *state;
	static const char csv[] = "\xef\xbb\xbf"
	    "name,candidate,date_of_birth,centre,test,valid_from,"
	    "valid_until,attempt,extra_time,rest_breaks,colour_scheme\r\n"
	    "\"Lovelace, Ada \"\"Countess\"\"\",1001,1990-12-10,12345,u1,"
	    "2026-01-01,2026-01-31,,25%,yes,monochrome\r\n"
	    "\r\n"
	    "Grace Hopper , 1002 ,1985-02-28,12345,u1,2026-01-01T08:00:00Z,"
	    "2026-01-01T18:00:00Z,2,,no,\r\n";
	struct problems pr = { NULL, 0, 0 };
	char *path = fixture_path(fx->dir, "reg.csv"), err[ERR_LEN];
	struct token *t;
	size_t n, i;

	fixture_write(path, csv, strlen(csv));
	if (token_read_csv(path, &t, &n, &pr, err) != 0)
		fail_msg("%s: %s", err, pr.n ? pr.lines[0] : "");
	assert_int_equal(n, 2);
	assert_string_equal(t[0].name, "Lovelace, Ada \"Countess\"");
	assert_string_equal(t[0].candidate, "1001");
	assert_int_equal(t[0].attempt, 0);
	assert_int_equal(t[0].extra_pct, 25);
	assert_int_equal(t[0].rest_breaks, 1);
	assert_int_equal(t[0].has_scheme, 1);
	assert_int_equal(t[0].scheme, SCHEME_MONOCHROME);
	assert_int_equal(t[0].valid_from, JAN1);
	assert_int_equal(t[0].valid_until, JAN1 + 31 * DAY - 1);
	assert_string_equal(t[1].name, "Grace Hopper");
	assert_string_equal(t[1].candidate, "1002");
	assert_int_equal(t[1].attempt, 2);
	assert_int_equal(t[1].has_scheme, 0);
	assert_int_equal(t[1].valid_from, JAN1 + 8 * 3600);
	for (i = 0; i < n; i++)
		token_free(&t[i]);
	free(t);
	free(path);
}

static void
csv_lists_every_problem(void **state)
{
	struct fx_signers *fx = *state;
	static const char csv[] =
	    "candidate,name,date_of_birth,centre,test,valid_from,valid_until,"
	    "rest_breaks\n"
	    "1001,Ada,1990-12-10,12345,u1,2026-01-01,2026-01-31,maybe\n"
	    "1002,Grace,1985-02-30,12345,u1,2026-01-01,2026-01-31,\n"
	    "1003,\"Bad quote,1985-02-01,12345,u1,2026-01-01,2026-01-31,\n"
	    "1004,Ok,1985-02-01,12345,u1,2026-02-01,2026-01-31,\n";
	struct problems pr = { NULL, 0, 0 };
	char *path = fixture_path(fx->dir, "bad.csv"), err[ERR_LEN];
	struct token *t;
	size_t n;

	fixture_write(path, csv, strlen(csv));
	assert_int_equal(token_read_csv(path, &t, &n, &pr, err), -1);
	assert_int_equal(n, 0);
	assert_null(t);
	assert_int_equal(pr.n, 4);
	assert_non_null(strstr(pr.lines[0], "bad.csv:2: rest_breaks"));
	assert_non_null(strstr(pr.lines[1], "bad.csv:3: date_of_birth"));
	assert_non_null(strstr(pr.lines[2], "bad.csv:4: a quoted field"));
	assert_non_null(strstr(pr.lines[3], "bad.csv:5: valid_until"));
	problems_free(&pr);
	free(path);
}

/* Assert that text ends with suffix, showing both when it does not. */
static void
assert_ends_with(const char *text, const char *suffix)
{
	size_t n = strlen(text), m = strlen(suffix);

	if (n < m || strcmp(text + n - m, suffix) != 0)
		fail_msg("\"%s\" does not end with \"%s\"", text, suffix);
}

static void
csv_lists_every_problem_of_a_row(void **state)
{
	struct fx_signers *fx = *state;
	static const char csv[] =
	    "candidate,name,date_of_birth,centre,test,valid_from,valid_until,"
	    "attempt\n"
	    "1001,Ada,1990-13-01,12345,u1,2026-02-01,2026-01-31,100\n"
	    "1002,Grace,1985-02-01,12345,u1,2026-02-30,2026-01-31,\n";
	struct problems pr = { NULL, 0, 0 };
	char *path = fixture_path(fx->dir, "row.csv"), err[ERR_LEN];
	struct token *t;
	size_t n;

	fixture_write(path, csv, strlen(csv));
	assert_int_equal(token_read_csv(path, &t, &n, &pr, err), -1);
	assert_int_equal(pr.n, 4);
	assert_ends_with(pr.lines[0], "/row.csv:2: attempt: invalid value"
	    " \"100\": use 1 to 99, or leave it empty for the next attempt");
	assert_ends_with(pr.lines[1], "/row.csv:2: date_of_birth: invalid"
	    " value \"1990-13-01\": use a real date as YYYY-MM-DD");
	assert_ends_with(pr.lines[2], "/row.csv:2: valid_until: is before"
	    " valid_from: use a time not before valid_from");
	assert_ends_with(pr.lines[3], "/row.csv:3: valid_from: invalid"
	    " value \"2026-02-30\": use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"
	    " (UTC)");
	problems_free(&pr);
	free(path);
}

static void
csv_header_problems(void **state)
{
	struct fx_signers *fx = *state;
	static const char csv[] = "candidate,name,candidate,shoe_size\n";
	struct problems pr = { NULL, 0, 0 };
	char *path = fixture_path(fx->dir, "head.csv"), err[ERR_LEN];
	struct token *t;
	size_t n, i;
	int twice = 0, unknown = 0, missing = 0;

	fixture_write(path, csv, strlen(csv));
	assert_int_equal(token_read_csv(path, &t, &n, &pr, err), -1);
	for (i = 0; i < pr.n; i++) {
		twice += strstr(pr.lines[i], "appears twice") != NULL;
		unknown += strstr(pr.lines[i], "shoe_size") != NULL;
		missing += strstr(pr.lines[i], "has no") != NULL;
	}
	assert_int_equal(twice, 1);
	assert_int_equal(unknown, 1);
	assert_int_equal(missing, 5);
	problems_free(&pr);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sign_verify_round_trip, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(no_scheme_round_trip, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(window_edges, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(other_signer, setup,
		    fx_signers_teardown),
		cmocka_unit_test(check_rejects_fields),
		cmocka_unit_test(parse_times),
		cmocka_unit_test_setup_teardown(find_by_code, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(find_ambiguous_code, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(write_never_overwrites, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(csv_reads_rows, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(csv_lists_every_problem_of_a_row,
		    setup, fx_signers_teardown),
		cmocka_unit_test_setup_teardown(csv_lists_every_problem, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(csv_header_problems, setup,
		    fx_signers_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
