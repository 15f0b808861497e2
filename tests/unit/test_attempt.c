/*
 * Attempt tests: a replayed attempt equals the live one, resuming adds a
 * login and goes on after a torn record, replay rejects journals that no
 * attempt could have written, and a failed write changes nothing.
 */

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "attempt.h"
#include "trust_fixtures.h"
#include "journal_fixtures.h"

static const char *items[] = { "Q1", "Q2", "Q3" };
static char *q1_choices[] = { "ChoiceC", "ChoiceA", "ChoiceB" };
static char *q3_choices[] = { "Y", "X" };
static const struct attempt_order orders[] = {
	{ "Q1", "RESPONSE", 3, q1_choices },
	{ "Q3", "RESPONSE", 2, q3_choices },
};

static const struct attempt_info info = {
	.id = "C100-T1-1",
	.centre = "CENTRE 9",
	.stick = "4F2A00112233AABB",
	.candidate = "C100",
	.name = "Zoë Ångström",
	.test = "T1",
	.title = "Unit 1: 50% = pass",
	.number = 1,
	.allowed_ms = 3600000,
	.rest_break_minutes = 15,
	.machine = "machine-a",
	.items = items,
	.nitems = 3,
	.orders = orders,
	.norders = 2,
};

static struct attempt *
start(const char *dir, char **path)
{
	char err[ERR_LEN];
	struct attempt *a;

	*path = fixture_path(dir, "a.journal");
	a = attempt_start(*path, &info, err);
	if (a == NULL)
		fail_msg("attempt_start: %s", err);
	return (a);
}

/* Answer, flag, show and so on: a sample session. */
static void
play(struct attempt *a)
{
	const char *multi[] = { "ChoiceA", "ChoiceB" };
	const char *one[] = { "ChoiceC" };
	const char *text[] = { "an answer with spaces, 100% and\nlines" };
	const char *pair[] = { "X Y", "" };
	char err[ERR_LEN];

	assert_int_equal(attempt_show(a, 0, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 2, multi, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, one, err), 0);
	assert_int_equal(attempt_show(a, 1, err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "TEXT", 1, text, err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "OTHER", 2, pair, err), 0);
	assert_int_equal(attempt_flag(a, 1, 1, err), 0);
	assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 1, one, err), 0);
	assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 0, NULL, err), 0);
	assert_int_equal(attempt_pause(a, "fire alarm", err), 0);
	assert_int_equal(attempt_resume(a, err), 0);
	assert_int_equal(attempt_extend(a, 600000, err), 0);
	assert_int_equal(attempt_time(a, err), 0);
	assert_int_equal(attempt_wrong(a, "pin", err), 0);
	assert_int_equal(attempt_show(a, 2, err), 0);
	assert_int_equal(attempt_flag(a, 2, 1, err), 0);
	assert_int_equal(attempt_flag(a, 2, 0, err), 0);
}

static void
assert_strings(char **a, char **b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_string_equal(a[i], b[i]);
}

/* Everything an attempt shows must be the same after replay. */
static void
assert_same(const struct attempt *x, const struct attempt *y)
{
	size_t i;

	assert_string_equal(x->id, y->id);
	assert_string_equal(x->centre, y->centre);
	assert_string_equal(x->stick, y->stick);
	assert_string_equal(x->candidate, y->candidate);
	assert_string_equal(x->name, y->name);
	assert_string_equal(x->test, y->test);
	assert_string_equal(x->title, y->title);
	assert_int_equal(x->number, y->number);
	assert_int_equal(x->allowed_ms, y->allowed_ms);
	assert_int_equal(x->rest_break_minutes, y->rest_break_minutes);
	assert_int_equal(x->wall_start, y->wall_start);
	assert_int_equal(x->nitems, y->nitems);
	assert_strings(x->items, y->items, x->nitems);
	assert_memory_equal(x->flags, y->flags, x->nitems);
	assert_memory_equal(x->seen, y->seen, x->nitems);
	assert_int_equal(x->current, y->current);
	assert_int_equal(x->norders, y->norders);
	for (i = 0; i < x->norders; i++) {
		assert_string_equal(x->orders[i].item, y->orders[i].item);
		assert_string_equal(x->orders[i].response,
		    y->orders[i].response);
		assert_int_equal(x->orders[i].nchoices, y->orders[i].nchoices);
		assert_strings(x->orders[i].choices, y->orders[i].choices,
		    x->orders[i].nchoices);
	}
	assert_int_equal(x->nvalues, y->nvalues);
	for (i = 0; i < x->nvalues; i++) {
		assert_string_equal(x->values[i].item, y->values[i].item);
		assert_string_equal(x->values[i].response,
		    y->values[i].response);
		assert_int_equal(x->values[i].nvalues, y->values[i].nvalues);
		assert_strings(x->values[i].values, y->values[i].values,
		    x->values[i].nvalues);
	}
	assert_int_equal(x->nmachines, y->nmachines);
	assert_strings(x->machines, y->machines, x->nmachines);
	assert_int_equal(x->ended, y->ended);
	assert_int_equal(x->paused, y->paused);
	assert_int_equal(x->elapsed_ms, y->elapsed_ms);
	assert_int_equal(x->nrecords, y->nrecords);
	assert_memory_equal(x->head, y->head, sizeof x->head);
}

static void
attempt_replay_same(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const struct attempt_value *v;
	struct attempt *a, *b;

	a = start(dir, &path);
	attempt_clock_start(a);
	play(a);
	b = attempt_load(path, 0, NULL, err);
	if (b == NULL)
		fail_msg("attempt_load: %s", err);
	assert_same(a, b);
	assert_null(b->journal);

	/* Spot checks of what play() did. */
	assert_int_equal(b->rest_break_minutes, 15);
	v = attempt_value(b, "Q1", "RESPONSE");
	assert_non_null(v);
	assert_int_equal(v->nvalues, 1);
	assert_string_equal(v->values[0], "ChoiceC");
	assert_null(attempt_value(b, "Q3", "RESPONSE"));
	v = attempt_value(b, "Q2", "OTHER");
	assert_non_null(v);
	assert_string_equal(v->values[0], "X Y");
	assert_string_equal(v->values[1], "");
	assert_true(attempt_item_answered(b, 0));
	assert_true(attempt_item_answered(b, 1));
	assert_false(attempt_item_answered(b, 2));
	assert_int_equal(b->flags[1], 1);
	assert_int_equal(b->flags[2], 0);
	assert_int_equal(b->current, 2);
	assert_int_equal(b->allowed_ms, 4200000);
	assert_string_equal(attempt_order(b, "Q1", "RESPONSE")->choices[0],
	    "ChoiceC");
	assert_null(attempt_order(b, "Q2", "TEXT"));
	assert_string_equal(b->name, "Zoë Ångström");

	/* A read-only attempt cannot change. */
	assert_int_equal(attempt_time(b, err), -1);
	attempt_free(b);

	assert_int_equal(attempt_end(a, "submitted", err), 0);
	assert_true(a->ended);
	b = attempt_load(path, 0, NULL, err);
	assert_non_null(b);
	assert_same(a, b);
	assert_string_equal(b->end_reason, "submitted");
	assert_true(b->wall_end >= b->wall_start);
	attempt_free(b);

	/* Nothing may follow the end. */
	assert_int_equal(attempt_time(a, err), -1);
	assert_non_null(strstr(err, "after the end"));
	assert_null(attempt_load(path, 1, "machine-b", err));
	assert_non_null(strstr(err, "has ended"));
	attempt_free(a);
	free(path);
	fixture_rmtree(dir);
}

/* Resuming on another machine records it and keeps every answer. */
static void
attempt_resume_elsewhere(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct attempt *a, *b, *c;
	uint64_t n;

	a = start(dir, &path);
	play(a);
	n = a->nrecords;
	attempt_free(a);

	b = attempt_load(path, 1, "machine-b", err);
	if (b == NULL)
		fail_msg("attempt_load: %s", err);
	assert_int_equal(b->nrecords, n + 1);
	assert_int_equal(b->nmachines, 2);
	assert_string_equal(b->machines[1], "machine-b");
	assert_int_equal(attempt_flag(b, 0, 1, err), 0);
	attempt_free(b);

	/* Back on the first machine: no new machine entry. */
	b = attempt_load(path, 1, "machine-a", err);
	assert_non_null(b);
	assert_int_equal(b->nmachines, 2);
	assert_int_equal(b->flags[0], 1);
	c = attempt_load(path, 0, NULL, err);
	assert_non_null(c);
	assert_same(b, c);
	attempt_free(c);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

/* A torn last record is dropped on resume and the journal goes on. */
static void
attempt_resume_after_torn(void **state)
{
	char *dir = fixture_dir(), *path, *buf, err[ERR_LEN];
	struct attempt *a, *b;
	const char *one[] = { "ChoiceB" };
	size_t len;

	a = start(dir, &path);
	play(a);
	attempt_free(a);
	buf = fixture_read(path, &len);
	fixture_write(path, buf, len - 10);
	free(buf);

	b = attempt_load(path, 0, NULL, err);
	assert_non_null(b);
	assert_true(b->torn);
	attempt_free(b);
	b = attempt_load(path, 1, "machine-a", err);
	assert_non_null(b);
	assert_true(b->torn);
	/* The torn record was the last flag of Q3; Q3 stays flagged. */
	assert_int_equal(b->flags[2], 1);
	assert_int_equal(attempt_answer(b, "Q1", "RESPONSE", 1, one, err), 0);
	attempt_free(b);
	b = attempt_load(path, 0, NULL, err);
	assert_non_null(b);
	assert_false(b->torn);
	assert_string_equal(attempt_value(b, "Q1", "RESPONSE")->values[0],
	    "ChoiceB");
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

#define BEGIN "begin|A-T-1|C|S|A|N|T|Title|1|60000|1700000000|m"

static void
attempt_replay_rejects(void **state)
{
	const char *ok[] = { BEGIN, "item|Q1", "login|m", "answer|Q1|R|v",
	    "wrong|pin" };
	const char *bad_wrong[] = { BEGIN, "item|Q1", "wrong|name" };
	const char *no_begin[] = { "item|Q1", BEGIN };
	const char *two_begins[] = { BEGIN, "item|Q1", BEGIN };
	const char *after_end[] = { BEGIN, "item|Q1", "end|submitted|1",
	    "time" };
	const char *unknown_item[] = { BEGIN, "item|Q1", "login|m",
	    "answer|Q9|R|v" };
	const char *unknown_show[] = { BEGIN, "item|Q1", "show|Q2" };
	const char *late_item[] = { BEGIN, "item|Q1", "login|m", "item|Q2" };
	const char *dup_item[] = { BEGIN, "item|Q1", "item|Q1" };
	const char *bad_flag[] = { BEGIN, "item|Q1", "flag|Q1|2" };
	const char *bad_type[] = { BEGIN, "item|Q1", "teleport|Q1" };
	const char *short_begin[] = { "begin|A-T-1|C" };
	const char *resume[] = { BEGIN, "item|Q1", "resume" };
	const char *pause2[] = { BEGIN, "item|Q1", "pause|a", "pause|b" };
	const char *bad_number[] = { "begin|A-T-1|C|S|A|N|T|Title|x|60000|1|m",
	    "item|Q1" };
	const char *breaks[] = { BEGIN "|20", "item|Q1" };
	const char *bad_breaks[] = { BEGIN "|-5", "item|Q1" };
	char *dir = fixture_dir(), err[ERR_LEN];
	struct attempt *a;

	a = fx_replay(dir, ok, 5, err);
	if (a == NULL)
		fail_msg("replay: %s", err);
	assert_int_equal(a->rest_break_minutes, 0);
	attempt_free(a);
	a = fx_replay(dir, breaks, 2, err);
	if (a == NULL)
		fail_msg("replay with rest breaks: %s", err);
	assert_int_equal(a->rest_break_minutes, 20);
	attempt_free(a);
	fx_replay_rejected(dir, bad_breaks, 2, "invalid rest-break");
	fx_replay_rejected(dir, bad_wrong, 3, "invalid wrong-guess kind");
	fx_replay_rejected(dir, no_begin, 2, "record 1: the first record is"
	    " item");
	fx_replay_rejected(dir, two_begins, 3, "record 3: a second begin");
	fx_replay_rejected(dir, after_end, 4, "record 4: a time record"
	    " after the end");
	fx_replay_rejected(dir, unknown_item, 4, "record 4: item Q9 is not"
	    " in this test");
	fx_replay_rejected(dir, unknown_show, 3, "item Q2 is not in this");
	fx_replay_rejected(dir, late_item, 4, "after the attempt started");
	fx_replay_rejected(dir, dup_item, 3, "listed twice");
	fx_replay_rejected(dir, bad_flag, 3, "invalid flag value");
	fx_replay_rejected(dir, bad_type, 3, "unknown record type teleport");
	fx_replay_rejected(dir, short_begin, 1, "a begin record with 2");
	fx_replay_rejected(dir, resume, 3, "not paused");
	fx_replay_rejected(dir, pause2, 4, "already paused");
	fx_replay_rejected(dir, bad_number, 2, "invalid attempt number");
	fx_replay_rejected(dir, NULL, 0, "no records");
	fixture_rmtree(dir);
}

/* A change whose journal write fails leaves the attempt as it was. */
static void
attempt_failed_write_no_change(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const char *one[] = { "ChoiceA" }, *two[] = { "ChoiceB" };
	const struct attempt_value *v;
	struct attempt *a, *b;
	unsigned char head[32];
	uint64_t n;
	struct stat st;

	signal(SIGXFSZ, SIG_IGN);
	a = start(dir, &path);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, one, err), 0);
	n = a->nrecords;
	memcpy(head, a->head, sizeof head);
	assert_int_equal(stat(path, &st), 0);

	fixture_fsize_limit((rlim_t)st.st_size + 10);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, two, err), -1);
	assert_non_null(strstr(err, path));
	assert_int_equal(attempt_flag(a, 1, 1, err), -1);
	assert_int_equal(attempt_show(a, 2, err), -1);
	assert_int_equal(attempt_end(a, "submitted", err), -1);
	fixture_fsize_limit(RLIM_INFINITY);

	v = attempt_value(a, "Q1", "RESPONSE");
	assert_string_equal(v->values[0], "ChoiceA");
	assert_int_equal(a->flags[1], 0);
	assert_int_equal(a->current, 0);
	assert_false(a->ended);
	assert_int_equal(a->nrecords, n);
	assert_memory_equal(a->head, head, sizeof head);

	/* The next change succeeds and the journal replays to memory. */
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, two, err), 0);
	b = attempt_load(path, 0, NULL, err);
	assert_non_null(b);
	assert_false(b->torn);
	assert_same(a, b);
	attempt_free(b);
	attempt_free(a);
	free(path);
	fixture_rmtree(dir);
}

static void
attempt_live_checks(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const char *one[] = { "v" };
	struct attempt *a;
	struct attempt_info bad = info;

	a = start(dir, &path);
	assert_int_equal(attempt_answer(a, "Q9", "R", 1, one, err), -1);
	assert_non_null(strstr(err, "Q9"));
	assert_int_equal(attempt_show(a, 3, err), -1);
	assert_int_equal(attempt_flag(a, 7, 1, err), -1);
	assert_int_equal(attempt_resume(a, err), -1);
	assert_int_equal(attempt_extend(a, 0, err), -1);
	attempt_free(a);

	/* The journal must not exist yet, and the test needs items. */
	assert_null(attempt_start(path, &info, err));
	bad.nitems = 0;
	unlink(path);
	assert_null(attempt_start(path, &bad, err));
	assert_non_null(strstr(err, "no items"));
	free(path);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attempt_replay_same),
		cmocka_unit_test(attempt_resume_elsewhere),
		cmocka_unit_test(attempt_resume_after_torn),
		cmocka_unit_test(attempt_replay_rejects),
		cmocka_unit_test(attempt_failed_write_no_change),
		cmocka_unit_test(attempt_live_checks),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
