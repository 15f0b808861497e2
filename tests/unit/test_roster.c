/*
 * roster_load: CSV quoting, line ends, byte order mark, blank lines, and
 * every field's error message; roster_dob_matches' date forms.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "roster.h"

#define HEADER "candidate,name,date_of_birth,tests,attempt,extra_time," \
	"colour_scheme\n"

static int
load(const char *text, struct roster *r, char *err)
{
	FILE *f = fopen("roster.csv", "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
	err[0] = '\0';
	return (roster_load(r, "roster.csv", err));
}

static void
expect_error(const char *text, const char *want)
{
	char err[ERR_LEN];
	struct roster r;

	assert_int_equal(load(text, &r, err), -1);
	assert_string_equal(err, want);
	assert_int_equal(r.n, 0);
	assert_null(r.entries);
}

static void
test_load_quoting(void **state)
{
	const char *text =
	    "\xef\xbb\xbf" "candidate,name,date_of_birth,tests,attempt,"
	    "extra_time,colour_scheme\r\n"
	    "\r\n"
	    "1001,\"Okafor, Ada\",2008-02-29,esecurity,,25,\r\n"
	    ",,,,,,\r\n"
	    "1002 , \"Sam \"\"Ace\"\" Lee\" ,2007-12-31,\"a;b ; c\",2,0%,"
	    "high-contrast\r\n"
	    "1003,Zoë Ñúñez,2000-01-01,esecurity,1,100,monochrome";
	const struct roster_entry *e;
	char err[ERR_LEN];
	struct roster r;

	assert_int_equal(load(text, &r, err), 0);
	assert_int_equal(r.n, 3);

	e = roster_find(&r, "1001");
	assert_non_null(e);
	assert_string_equal(e->name, "Okafor, Ada");
	assert_string_equal(e->dob, "2008-02-29");
	assert_int_equal(e->ntests, 1);
	assert_string_equal(e->tests[0], "esecurity");
	assert_int_equal(e->attempt, 1);
	assert_int_equal(e->extra_pct, 25);
	assert_int_equal(e->has_scheme, 0);

	e = roster_find(&r, "1002");
	assert_non_null(e);
	assert_string_equal(e->candidate, "1002");
	assert_string_equal(e->name, "Sam \"Ace\" Lee");
	assert_int_equal(e->ntests, 3);
	assert_string_equal(e->tests[0], "a");
	assert_string_equal(e->tests[1], "b");
	assert_string_equal(e->tests[2], "c");
	assert_int_equal(e->attempt, 2);
	assert_int_equal(e->extra_pct, 0);
	assert_int_equal(e->has_scheme, 1);
	assert_int_equal(e->scheme, SCHEME_HIGH_CONTRAST);

	e = roster_find(&r, "1003");
	assert_non_null(e);
	assert_string_equal(e->name, "Zoë Ñúñez");
	assert_int_equal(e->extra_pct, 100);
	assert_int_equal(e->scheme, SCHEME_MONOCHROME);
	assert_null(roster_find(&r, "1004"));
	roster_free(&r);
}

static void
test_rest_break(void **state)
{
	const char *text = "candidate,name,date_of_birth,tests,rest_break\n"
	    "1001,A,2008-01-01,u1,10\n"
	    "1002,B,2008-01-01,u1,\n"
	    "1003,C,2008-01-01,u1,240\n";
	char err[ERR_LEN];
	struct roster r;

	assert_int_equal(load(text, &r, err), 0);
	assert_int_equal(roster_find(&r, "1001")->rest_break_minutes, 10);
	assert_int_equal(roster_find(&r, "1002")->rest_break_minutes, 0);
	assert_int_equal(roster_find(&r, "1003")->rest_break_minutes, 240);
	roster_free(&r);
	expect_error("candidate,name,date_of_birth,tests,rest_break\n"
	    "1001,A,2008-01-01,u1,241\n", "roster.csv:2: rest_break: \"241\""
	    " is not valid; use minutes of rest break from 0 to 240, such as"
	    " 10, or empty for none");
	expect_error("candidate,name,date_of_birth,tests,rest_break\n"
	    "1001,A,2008-01-01,u1,5m\n", "roster.csv:2: rest_break: \"5m\""
	    " is not valid; use minutes of rest break from 0 to 240, such as"
	    " 10, or empty for none");
}

static void
test_column_order(void **state)
{
	const struct roster_entry *e;
	char err[ERR_LEN];
	struct roster r;

	assert_int_equal(load("tests,date_of_birth,name,candidate\n"
	    "u1,1999-09-09,A B,C-7\n", &r, err), 0);
	e = roster_find(&r, "c-7");
	assert_non_null(e);
	assert_string_equal(e->name, "A B");
	assert_int_equal(e->attempt, 1);
	assert_int_equal(e->has_scheme, 0);
	roster_free(&r);
}

static void
test_field_errors(void **state)
{
	static const struct {
		const char	*row;
		const char	*want;
	} cases[] = {
		{ "1001,A,2008-02-30,u1,,,", "roster.csv:2: date_of_birth:"
		  " \"2008-02-30\" is not a real date; use a real date as"
		  " YYYY-MM-DD, such as 2008-09-14" },
		{ "1001,A,2007-02-29,u1,,,", "roster.csv:2: date_of_birth:"
		  " \"2007-02-29\" is not a real date; use a real date as"
		  " YYYY-MM-DD, such as 2008-09-14" },
		{ "1001,A,14/09/2008,u1,,,", "roster.csv:2: date_of_birth:"
		  " \"14/09/2008\" is not a real date; use a real date as"
		  " YYYY-MM-DD, such as 2008-09-14" },
		{ "1001,A,,u1,,,", "roster.csv:2: date_of_birth: the field is"
		  " empty; use a real date as YYYY-MM-DD, such as 2008-09-14" },
		{ "10 01,A,2008-01-01,u1,,,", "roster.csv:2: candidate:"
		  " \"10 01\" is not valid; use 1 to 16 letters, digits or"
		  " hyphens" },
		{ "1001,,2008-01-01,u1,,,", "roster.csv:2: name: the field is"
		  " empty; use the candidate's name, up to 100 characters" },
		{ "1001,A,2008-01-01,,,,", "roster.csv:2: tests: the field is"
		  " empty; use test ids from examiner.conf separated by ';',"
		  " such as unit1;unit2" },
		{ "1001,A,2008-01-01,u1;u1,,,", "roster.csv:2: tests:"
		  " \"u1;u1\" is not valid; use test ids from examiner.conf"
		  " separated by ';', such as unit1;unit2" },
		{ "1001,A,2008-01-01,u1;;u2,,,", "roster.csv:2: tests:"
		  " \"u1;;u2\" is not valid; use test ids from examiner.conf"
		  " separated by ';', such as unit1;unit2" },
		{ "1001,A,2008-01-01,u1,0,,", "roster.csv:2: attempt: \"0\" is"
		  " not valid; use a whole number from 1 to 99, or empty for"
		  " 1" },
		{ "1001,A,2008-01-01,u1,,101,", "roster.csv:2: extra_time:"
		  " \"101\" is not valid; use a percent from 0 to 100, such as"
		  " 25, or empty for none" },
		{ "1001,A,2008-01-01,u1,,,blue", "roster.csv:2: colour_scheme:"
		  " \"blue\" is not valid; use default, high-contrast,"
		  " monochrome, or empty for the scheme in examiner.conf" },
		{ "1001,A,2008-01-01,u1,,", "roster.csv:2: the line has 6"
		  " fields but the header has 7; put a field containing a comma"
		  " in quotes" },
		{ "1001,A, B,2008-01-01,u1,,,", "roster.csv:2: the line has 8"
		  " fields but the header has 7; put a field containing a comma"
		  " in quotes" },
		{ "1001,\"A,2008-01-01,u1,,,", "roster.csv:2: the quoted field"
		  " is not closed on this line; add the closing quote" },
		{ "1001,\"A\"x,2008-01-01,u1,,,", "roster.csv:2: text follows"
		  " the closing quote; put the whole field in quotes and write"
		  " a quote inside it as \"\"" },
		{ "1001,A\"x,2008-01-01,u1,,,", "roster.csv:2: a quote inside"
		  " an unquoted field; put the whole field in quotes and write"
		  " the quote as \"\"" },
		{ "1001,A\x01,2008-01-01,u1,,,", "roster.csv:2: name:"
		  " \"A\x01\" is not valid; use the candidate's name, up to 100"
		  " characters" },
		{ "1001,\xff,2008-01-01,u1,,,", "roster.csv:2: name:"
		  " \"\xff\" is not valid; use the candidate's name, up to 100"
		  " characters" },
	};
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "%s%s\n", HEADER, cases[i].row);
		expect_error(text, cases[i].want);
	}
}

static void
test_duplicate_candidate(void **state)
{
	expect_error(HEADER "1001,A,2008-01-01,u1,,,\n"
	    "1002,B,2008-01-01,u1,,,\n\n"
	    "1001,C,2008-01-01,u1,,,\n",
	    "roster.csv:5: candidate: 1001 is given twice (first on line 2);"
	    " give each candidate one line");
	expect_error(HEADER "ab1,A,2008-01-01,u1,,,\nAB1,B,2008-01-01,u1,,,\n",
	    "roster.csv:3: candidate: AB1 is given twice (first on line 2);"
	    " give each candidate one line");
}

static void
test_header_errors(void **state)
{
	expect_error("candidate,name,dob,tests\n1,A,2008-01-01,u1\n",
	    "roster.csv:1: column \"dob\" is not known; use candidate, name,"
	    " date_of_birth, tests, attempt, extra_time, colour_scheme and"
	    " rest_break (and 1 more problem)");
	expect_error("candidate,name,tests\n",
	    "roster.csv:1: column date_of_birth is missing from the header;"
	    " the header is candidate,name,date_of_birth,tests,attempt,"
	    "extra_time,colour_scheme,rest_break");
	expect_error("candidate,name,name,date_of_birth,tests\n",
	    "roster.csv:1: column name is given twice; remove one");
	expect_error("\n\r\n",
	    "roster.csv:1: the roster is empty; the first line must be"
	    " candidate,name,date_of_birth,tests,attempt,extra_time,"
	    "colour_scheme,rest_break");
}

static void
test_many_errors_counted(void **state)
{
	expect_error(HEADER "1,A,2008-01-01,u1,,,x\n2,B,bad,u1,,,\n"
	    "3,C,2008-01-01,,,,\n",
	    "roster.csv:2: colour_scheme: \"x\" is not valid; use default,"
	    " high-contrast, monochrome, or empty for the scheme in"
	    " examiner.conf (and 2 more problems)");
}

static void
test_nul_byte(void **state)
{
	char err[ERR_LEN];
	struct roster r;
	FILE *f = fopen("roster.csv", "wb");

	assert_non_null(f);
	fputs(HEADER, f);
	fwrite("1,A\0B,2008-01-01,u1,,,\n", 1,
	    sizeof("1,A\0B,2008-01-01,u1,,,\n") - 1, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(roster_load(&r, "roster.csv", err), -1);
	assert_string_equal(err, "roster.csv:2: the line contains a NUL"
	    " byte; save the roster as CSV text");
}

static void
test_dob_matches(void **state)
{
	static const struct {
		const char	*typed;
		int		 match;
	} cases[] = {
		{ "2008-09-04", 1 }, { "04/09/2008", 1 }, { "4/9/2008", 1 },
		{ "04.09.2008", 1 }, { "04-09-2008", 1 }, { "04092008", 1 },
		{ " 2008-09-04 ", 1 },
		{ "09/04/2008", 0 }, { "2008-09-05", 0 }, { "2008-9-4", 0 },
		{ "04/09/08", 0 }, { "04/09-2008", 0 }, { "", 0 },
		{ "31/02/2008", 0 }, { "0409200", 0 }, { "x", 0 },
	};
	struct roster_entry e;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.dob = "2008-09-04";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (roster_dob_matches(&e, cases[i].typed) != cases[i].match)
			fail_msg("typed \"%s\": expected %s", cases[i].typed,
			    cases[i].match ? "a match" : "no match");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_quoting),
		cmocka_unit_test(test_column_order),
		cmocka_unit_test(test_rest_break),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test(test_duplicate_candidate),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_many_errors_counted),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_dob_matches),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
