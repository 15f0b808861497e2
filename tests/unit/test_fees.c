/*
 * The fee list and the fee ledger: amounts, CSV fields, the list's
 * format and errors, retakes priced and counted, duplicate attempts, and
 * totals per centre.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fees.h"

static const char fee_list[] =
	"# fees in pounds\n"
	"test,fee,retake_fee\n"
	"unit-1,25.00,18.50\n"
	"unit-2,30,\n"
	"\"unit, three\",12.5,\"10\"\r\n";

static void
test_amounts(void **state)
{
	static const struct {
		const char	*text;
		int64_t		 value;
	} good[] = {
		{ "25", 2500 }, { "25.5", 2550 }, { "25.50", 2550 },
		{ "0.07", 7 }, { "0", 0 }, { "25.", 2500 },
	};
	static const char *const bad[] = {
		"", "-1", "25.505", ".5", "1e3", "25,00", "abc", " 25",
		"99999999999999",
	};
	char out[32];
	int64_t v;
	size_t i;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		assert_int_equal(fees_amount_parse(good[i].text, &v), 0);
		assert_int_equal(v, good[i].value);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (fees_amount_parse(bad[i], &v) != -1)
			fail_msg("'%s' parsed", bad[i]);
	fees_amount_format(2550, out);
	assert_string_equal(out, "25.50");
	fees_amount_format(7, out);
	assert_string_equal(out, "0.07");
}

static void
test_csv_fields(void **state)
{
	char **f, buf[256];
	size_t n;
	FILE *mem;

	assert_int_equal(fees_csv_split("a,\"b,c\",\"d\"\"e\",", &f, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b,c");
	assert_string_equal(f[2], "d\"e");
	assert_string_equal(f[3], "");
	fees_csv_free(f, n);
	/* an open quote and text after a closing quote are errors */
	assert_int_equal(fees_csv_split("a,\"b", &f, &n), -1);
	assert_int_equal(fees_csv_split("\"a\"b,c", &f, &n), -1);

	mem = fmemopen(buf, sizeof buf, "w");
	assert_non_null(mem);
	fees_csv_field(mem, "plain");
	fputc('|', mem);
	fees_csv_field(mem, "Lovelace, \"Ada\"");
	fclose(mem);
	assert_string_equal(buf, "plain|\"Lovelace, \"\"Ada\"\"\"");
}

static void
test_list_read(void **state)
{
	struct fee_list l;
	const struct fee *f;
	char err[ERR_LEN];

	assert_int_equal(fees_parse(&l, fee_list, strlen(fee_list), "f.csv",
	    err), 0);
	assert_int_equal(l.n, 3);
	f = fees_find(&l, "unit-1");
	assert_non_null(f);
	assert_int_equal(f->fee, 2500);
	assert_int_equal(f->retake_fee, 1850);
	/* an empty retake_fee is the fee */
	f = fees_find(&l, "unit-2");
	assert_non_null(f);
	assert_int_equal(f->retake_fee, 3000);
	/* quoted test names and a CRLF line end */
	f = fees_find(&l, "unit, three");
	assert_non_null(f);
	assert_int_equal(f->fee, 1250);
	assert_int_equal(f->retake_fee, 1000);
	assert_null(fees_find(&l, "unit-4"));
	fees_free(&l);
}

static void
test_list_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*reason;
	} cases[] = {
		{ "unit-1,25\n", "line 1: the first line must name" },
		{ "test,fee\nunit-1,25.001\n", "line 2: fee '25.001'" },
		{ "test,fee\nunit-1,25\nunit-1,30\n", "line 3: test 'unit-1'"
		    " is listed twice" },
		{ "test,fee,retake_fee\nu,1,x\n", "retake_fee 'x'" },
		{ "fee,test\n25\n", "line 2: too few fields" },
		{ "# only a comment\n", "empty" },
		{ "test,fee\n\"u,1\n", "a quote is not closed" },
	};
	struct fee_list l;
	char err[ERR_LEN];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (fees_parse(&l, cases[i].text, strlen(cases[i].text),
		    "f.csv", err) != -1)
			fail_msg("case %zu parsed", i);
		if (strstr(err, cases[i].reason) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    cases[i].reason);
	}
}

static void
test_ledger_retakes(void **state)
{
	struct fee_ledger g = { 0 };
	struct fee_list l;
	char err[ERR_LEN];

	assert_int_equal(fees_parse(&l, fee_list, strlen(fee_list), "f.csv",
	    err), 0);
	/* first attempt: the fee; second: the retake fee, marked */
	assert_int_equal(fees_ledger_add(&g, &l, "C1-unit-1-1", "X", "C1",
	    "unit-1", 1, "2026-03-02T09:00:00Z", err), 0);
	assert_int_equal(fees_ledger_add(&g, &l, "C1-unit-1-2", "X", "C1",
	    "unit-1", 2, "2026-04-01T09:00:00Z", err), 0);
	/* a third attempt is a retake too */
	assert_int_equal(fees_ledger_add(&g, &l, "C2-unit-2-3", "Y", "C2",
	    "unit-2", 3, "2026-04-02T09:00:00Z", err), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.lines[0].fee, 2500);
	assert_false(g.lines[0].retake);
	assert_int_equal(g.lines[1].fee, 1850);
	assert_true(g.lines[1].retake);
	assert_string_equal(g.lines[1].date, "2026-04-01");
	/* unit-2 has no retake fee, so the fee */
	assert_int_equal(g.lines[2].fee, 3000);
	assert_true(g.lines[2].retake);
	fees_ledger_free(&g);
	fees_free(&l);
}

static void
test_ledger_totals(void **state)
{
	struct fee_ledger g = { 0 };
	struct fee_list l;
	char err[ERR_LEN];

	assert_int_equal(fees_parse(&l, fee_list, strlen(fee_list), "f.csv",
	    err), 0);
	assert_int_equal(fees_ledger_add(&g, &l, "b-1", "B", "C9", "unit-1",
	    1, "2026-05-01T10:00:00Z", err), 0);
	assert_int_equal(fees_ledger_add(&g, &l, "a-2", "A", "C1", "unit-1",
	    2, "2026-05-03T10:00:00Z", err), 0);
	assert_int_equal(fees_ledger_add(&g, &l, "a-1", "A", "C1", "unit-2",
	    1, "2026-05-02T10:00:00Z", err), 0);
	/* the same attempt again is not charged twice */
	assert_int_equal(fees_ledger_add(&g, &l, "a-1", "A", "C1", "unit-2",
	    1, "2026-05-02T10:00:00Z", err), 1);
	/* a test without a fee is an error */
	assert_int_equal(fees_ledger_add(&g, &l, "a-3", "A", "C1", "unit-9",
	    1, "2026-05-02T10:00:00Z", err), -1);
	assert_non_null(strstr(err, "'unit-9' has no fee"));

	fees_ledger_sort(&g);
	assert_int_equal(g.n, 3);
	/* by centre, then date */
	assert_string_equal(g.lines[0].id, "a-1");
	assert_string_equal(g.lines[1].id, "a-2");
	assert_string_equal(g.lines[2].id, "b-1");
	assert_int_equal(g.ntotals, 2);
	/* A: 30.00 + retake 18.50 = 48.50, 2 tests, 1 retake */
	assert_string_equal(g.totals[0].centre, "A");
	assert_int_equal(g.totals[0].tests, 2);
	assert_int_equal(g.totals[0].retakes, 1);
	assert_int_equal(g.totals[0].amount, 4850);
	/* B: 25.00 */
	assert_string_equal(g.totals[1].centre, "B");
	assert_int_equal(g.totals[1].amount, 2500);
	assert_int_equal(g.totals[1].retakes, 0);
	fees_ledger_free(&g);
	fees_free(&l);
}

static void
test_ledger_empty(void **state)
{
	struct fee_ledger g = { 0 };

	fees_ledger_sort(&g);
	assert_int_equal(g.n, 0);
	assert_int_equal(g.ntotals, 0);
	fees_ledger_free(&g);
}

static void
test_config_example(void **state)
{
	const char *top = getenv("TOP");
	struct fee_list l;
	char err[ERR_LEN], *path;

	if (asprintf(&path, "%s/config/fees.csv", top ? top : ".") < 0)
		abort();
	if (fees_load(&l, path, err) == -1)
		fail_msg("%s", err);
	assert_non_null(fees_find(&l, "esecurity"));
	fees_free(&l);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_list_read),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_ledger_retakes),
		cmocka_unit_test(test_ledger_totals),
		cmocka_unit_test(test_ledger_empty),
		cmocka_unit_test(test_config_example),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
