/*
 * Working days: dates, weekdays, the holiday list format, counting
 * across weekends, bank holidays and year ends, and the England and
 * Wales list in config/ checked against the rules it states.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workdays.h"

static workdays_day
day(const char *iso)
{
	workdays_day d;

	if (workdays_date_parse(iso, &d) == -1)
		fail_msg("'%s' did not parse", iso);
	return (d);
}

static void
load_config(struct workdays *w)
{
	const char *top = getenv("TOP");
	char err[ERR_LEN], *path;

	if (asprintf(&path, "%s/config/bank-holidays-england-wales.txt",
	    top != NULL ? top : ".") < 0)
		abort();
	if (workdays_load(w, path, err) == -1)
		fail_msg("%s", err);
	free(path);
}

/* from + n working days must be want, with the England and Wales list. */
static void
expect_add(const struct workdays *w, const char *from, int n,
    const char *want)
{
	char err[ERR_LEN], got[11];
	workdays_day out;

	if (workdays_add(w, day(from), n, &out, err) == -1)
		fail_msg("%s + %d: %s", from, n, err);
	workdays_date_format(out, got);
	if (strcmp(got, want) != 0)
		fail_msg("%s + %d working days is %s, not %s", from, n, got,
		    want);
}

static void
test_date_parse(void **state)
{
	static const char *const bad[] = {
		"2025-02-30", "2027-02-29", "2025-13-01", "2025-00-10",
		"2025-1-01", "2025-01-1", "25-01-01", "2025-01-01x",
		"2025/01/01", "", "1899-12-31", " 2025-01-01",
	};
	workdays_day d;
	size_t i;
	char out[11];

	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (workdays_date_parse(bad[i], &d) != -1)
			fail_msg("'%s' parsed", bad[i]);
	/* 2028 is a leap year */
	assert_int_equal(workdays_date_parse("2028-02-29", &d), 0);
	workdays_date_format(d, out);
	assert_string_equal(out, "2028-02-29");
	assert_int_equal(day("1970-01-02"), 1);
	assert_int_equal(day("1969-12-31"), -1);
}

static void
test_weekdays(void **state)
{
	/* 1970-01-01 was a Thursday, 2025-01-01 a Wednesday */
	assert_int_equal(workdays_weekday(day("1970-01-01")), 4);
	assert_int_equal(workdays_weekday(day("2025-01-01")), 3);
	assert_int_equal(workdays_weekday(day("2026-12-26")), 6);
	assert_int_equal(workdays_weekday(day("2027-12-26")), 7);
	assert_int_equal(workdays_weekday(day("1969-12-29")), 1);
}

static void
test_list_format(void **state)
{
	const char *text = "# comment\n\n2030-12-25  Christmas # noted\n"
	    "  2030-01-01\tNew Year\r\n2031-01-01\n";
	struct workdays w;
	char err[ERR_LEN];

	assert_int_equal(workdays_parse(&w, text, strlen(text), "h.txt",
	    err), 0);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.nyears, 2);
	/* sorted */
	assert_true(w.holidays[0] < w.holidays[1]);
	assert_false(workdays_is_working(&w, day("2030-12-25")));
	workdays_free(&w);

	text = "2030-12-25\n2030-12-32 bad\n";
	assert_int_equal(workdays_parse(&w, text, strlen(text), "h.txt",
	    err), -1);
	assert_non_null(strstr(err, "h.txt: line 2: '2030-12-32'"));
	text = "# nothing\n";
	assert_int_equal(workdays_parse(&w, text, strlen(text), "h.txt",
	    err), -1);
	assert_non_null(strstr(err, "no dates"));
}

static void
test_across_weekends(void **state)
{
	struct workdays w;

	load_config(&w);
	/* Monday 5 January 2026: two whole weeks, Monday 19 January */
	expect_add(&w, "2026-01-05", 10, "2026-01-19");
	/* Friday + 1 is the Monday */
	expect_add(&w, "2026-01-09", 1, "2026-01-12");
	/* an upload on Saturday counts from Monday as day 1 */
	expect_add(&w, "2026-01-10", 1, "2026-01-12");
	expect_add(&w, "2026-01-10", 10, "2026-01-23");
	/* 0 working days: the date itself */
	expect_add(&w, "2026-01-10", 0, "2026-01-10");
	workdays_free(&w);
}

static void
test_across_holidays(void **state)
{
	struct workdays w;

	load_config(&w);
	/* Thursday 2 April 2026: Good Friday 3, weekend, Easter Monday 6 */
	expect_add(&w, "2026-04-02", 1, "2026-04-07");
	/* Friday 27 March 2026: 30, 31, 1, 2, 7, 8, 9, 10, 13, 14 April */
	expect_add(&w, "2026-03-27", 10, "2026-04-14");
	/* Friday 22 May 2026: Spring bank holiday on Monday 25 */
	expect_add(&w, "2026-05-22", 1, "2026-05-26");
	workdays_free(&w);
}

static void
test_across_year_ends(void **state)
{
	struct workdays w;

	load_config(&w);
	/* Friday 18 December 2026: 21, 22, 23, 24, then Christmas Friday,
	 * weekend, Boxing Day moved to Monday 28, then 29, 30, 31, New
	 * Year's Day, weekend, 4, 5, 6 January */
	expect_add(&w, "2026-12-18", 10, "2027-01-06");
	/* Thursday 23 December 2027: 24, then Christmas and Boxing Day on
	 * the weekend move to Monday 27 and Tuesday 28: 29, 30 */
	expect_add(&w, "2027-12-23", 3, "2027-12-30");
	/* Thursday 30 December 2027: 31, then New Year's Day on Saturday
	 * moves to Monday 3 January 2028: Tuesday 4 */
	expect_add(&w, "2027-12-30", 2, "2028-01-04");
	/* 2025 ends with Christmas on Thursday and Boxing Day Friday */
	expect_add(&w, "2025-12-24", 1, "2025-12-29");
	workdays_free(&w);
}

static void
test_beyond_the_list(void **state)
{
	struct workdays w;
	workdays_day out;
	char err[ERR_LEN];

	load_config(&w);
	/* 2029's holidays are not listed, so its days cannot be counted */
	assert_int_equal(workdays_add(&w, day("2028-12-20"), 10, &out, err),
	    -1);
	assert_non_null(strstr(err, "bank holidays of 2029 are not listed"));
	/* but the last days of 2028 can: Wednesday 20 December, then 21,
	 * 22, the weekend, Christmas and Boxing Day, 27 and 28 */
	expect_add(&w, "2028-12-20", 4, "2028-12-28");
	workdays_free(&w);
}

/* The list in config/ keeps its own rules: eight days a year, none on a
 * weekend, and Christmas and Boxing Day or their substitutes. */
static void
test_config_list(void **state)
{
	static const char *const christmas[] = {
		"2025-12-25", "2025-12-26", "2026-12-25", "2026-12-28",
		"2027-12-27", "2027-12-28", "2028-12-25", "2028-12-26",
	};
	struct workdays w;
	size_t i;
	int per_year[4] = { 0 }, y;

	load_config(&w);
	assert_int_equal(w.nyears, 4);
	assert_int_equal(w.years[0], 2025);
	assert_int_equal(w.years[3], 2028);
	for (i = 0; i < w.n; i++) {
		y = workdays_year(w.holidays[i]);
		assert_true(y >= 2025 && y <= 2028);
		per_year[y - 2025]++;
		assert_true(workdays_weekday(w.holidays[i]) <= 5);
	}
	for (i = 0; i < 4; i++)
		assert_int_equal(per_year[i], 8);
	for (i = 0; i < sizeof christmas / sizeof *christmas; i++)
		if (workdays_is_working(&w, day(christmas[i])))
			fail_msg("%s is not listed", christmas[i]);
	workdays_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_list_format),
		cmocka_unit_test(test_across_weekends),
		cmocka_unit_test(test_across_holidays),
		cmocka_unit_test(test_across_year_ends),
		cmocka_unit_test(test_beyond_the_list),
		cmocka_unit_test(test_config_list),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
