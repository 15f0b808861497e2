/*
 * Pauses, extra time, ending and rest breaks: the records that the
 * invigilator menu and the rest break write, how they replay after a
 * crash in the middle of a pause or a break, the replay checks that
 * reject journals no Examiner could have written, and a result whose
 * journal holds pauses and breaks verifying until a pause record is
 * changed.  The monotonic clock is driven by hand, as in
 * test_attempt_clock.c.
 */
#include <sys/syscall.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "trust_fixtures.h"
#include "journal_fixtures.h"
#include "trust_stick.h"

static int64_t fake_mono_ms = 1000000;

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id != CLOCK_MONOTONIC)
		return ((int)syscall(SYS_clock_gettime, id, ts));
	ts->tv_sec = fake_mono_ms / 1000;
	ts->tv_nsec = (fake_mono_ms % 1000) * 1000000;
	return (0);
}

static const char *items[] = { "Q1", "Q2" };
static const struct attempt_info info = {
	.id = "C1-T1-1", .centre = "X", .stick = "0011223344556677",
	.candidate = "C1", .name = "N", .test = "T1", .title = "Title",
	.number = 1, .allowed_ms = 600000, .machine = "m1",
	.items = items, .nitems = 2,
};

static struct attempt *
load(const char *path, int writable)
{
	char err[ERR_LEN];
	struct attempt *a;

	a = attempt_load(path, writable, "m1", err);
	if (a == NULL)
		fail_msg("attempt_load: %s", err);
	return (a);
}

/* A pause in force when the machine died is still in force on resume. */
static void
pause_survives_crash(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const char *v[] = { "A" };
	struct attempt *a, *b;

	path = fixture_path(dir, "a.journal");
	a = attempt_start(path, &info, err);
	assert_non_null(a);
	attempt_clock_start(a);
	fake_mono_ms += 2000;
	assert_int_equal(attempt_answer(a, "Q1", "R", 1, v, err), 0);
	fake_mono_ms += 500;
	assert_int_equal(attempt_pause(a, "invigilator", err), 0);
	assert_int_equal(a->elapsed_ms, 2500);
	fake_mono_ms += 60000;
	assert_int_equal(attempt_elapsed_ms(a), 2500);
	/* Nothing the candidate does can be written while paused. */
	assert_int_equal(attempt_answer(a, "Q1", "R", 0, NULL, err), -1);
	assert_non_null(strstr(err, "while the attempt is paused"));
	assert_int_equal(attempt_show(a, 1, err), -1);
	assert_int_equal(attempt_break_start(a, err), -1);
	/* Extra time may be given while paused; the clock stays still. */
	fake_mono_ms += 1000;
	assert_int_equal(attempt_extend(a, 300000, err), 0);
	attempt_free(a);	/* the machine dies */

	fake_mono_ms = 5;
	b = load(path, 1);
	assert_true(b->paused);
	assert_string_equal(b->pause_reason, "invigilator");
	assert_int_equal(b->allowed_ms, 900000);
	assert_int_equal(attempt_elapsed_ms(b), 2500);
	assert_int_equal(attempt_remaining_ms(b), 900000 - 2500);
	fake_mono_ms += 30000;
	assert_int_equal(attempt_remaining_ms(b), 900000 - 2500);
	assert_int_equal(attempt_resume(b, err), 0);
	assert_false(b->paused);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_elapsed_ms(b), 3500);
	assert_int_equal(attempt_time(b, err), 0);
	attempt_free(b);

	b = load(path, 0);
	assert_false(b->paused);
	assert_int_equal(b->elapsed_ms, 3500);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

/* The invigilator ends a paused attempt: the end needs no resume. */
static void
end_while_paused(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct attempt *a, *b;

	path = fixture_path(dir, "a.journal");
	a = attempt_start(path, &info, err);
	assert_non_null(a);
	attempt_clock_start(a);
	fake_mono_ms += 4000;
	assert_int_equal(attempt_pause(a, "invigilator", err), 0);
	fake_mono_ms += 9000;
	assert_int_equal(attempt_end(a, "invigilator", err), 0);
	attempt_free(a);
	b = load(path, 0);
	assert_true(b->ended);
	assert_string_equal(b->end_reason, "invigilator");
	assert_int_equal(b->elapsed_ms, 4000);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

/* Breaks count against one allowance for the whole attempt. */
static void
break_allowance_counts(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct attempt_info two = info;
	struct attempt *a, *b;

	path = fixture_path(dir, "a.journal");
	a = attempt_start(path, &info, err);
	assert_non_null(a);
	assert_int_equal(attempt_break_start(a, err), -1);
	assert_non_null(strstr(err, "no rest break is allowed"));
	attempt_free(a);
	unlink(path);

	two.rest_break_minutes = 2;
	a = attempt_start(path, &two, err);
	assert_non_null(a);
	assert_int_equal(attempt_break_left_ms(a), 120000);
	attempt_clock_start(a);
	fake_mono_ms += 10000;

	assert_int_equal(attempt_break_start(a, err), 0);
	assert_true(a->on_break);
	assert_int_equal(a->elapsed_ms, 10000);
	fake_mono_ms += 30000;
	assert_int_equal(attempt_break_ms(a), 30000);
	assert_int_equal(attempt_break_left_ms(a), 90000);
	assert_int_equal(attempt_elapsed_ms(a), 10000);
	assert_int_equal(attempt_break_time(a, err), 0);
	assert_int_equal(attempt_show(a, 0, err), -1);
	assert_non_null(strstr(err, "on a rest break"));
	fake_mono_ms += 10000;
	assert_int_equal(attempt_break_end(a, err), 0);
	assert_false(a->on_break);
	assert_int_equal(a->break_done_ms, 40000);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_elapsed_ms(a), 11000);

	/* A break longer than what is left stops at the allowance. */
	assert_int_equal(attempt_break_start(a, err), 0);
	fake_mono_ms += 500000;
	assert_int_equal(attempt_break_ms(a), 80000);
	assert_int_equal(attempt_break_left_ms(a), 0);
	assert_int_equal(attempt_break_end(a, err), 0);
	assert_int_equal(a->break_done_ms, 120000);
	assert_int_equal(attempt_break_start(a, err), -1);
	assert_non_null(strstr(err, "no rest break time left"));
	assert_int_equal(a->elapsed_ms, 11000);
	attempt_free(a);

	b = load(path, 0);
	assert_int_equal(b->break_done_ms, 120000);
	assert_false(b->on_break);
	assert_int_equal(b->elapsed_ms, 11000);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

/*
 * A crash in the middle of a break: the break goes on after the restart
 * from the last breaktime record, and the allowance keeps what was
 * used.
 */
static void
break_survives_crash(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct attempt_info one = info;
	struct attempt *a, *b;

	path = fixture_path(dir, "a.journal");
	one.rest_break_minutes = 1;
	a = attempt_start(path, &one, err);
	assert_non_null(a);
	attempt_clock_start(a);
	fake_mono_ms += 7000;
	assert_int_equal(attempt_break_start(a, err), 0);
	fake_mono_ms += 20000;
	assert_int_equal(attempt_break_time(a, err), 0);
	fake_mono_ms += 5000;	/* not recorded: lost with the machine */
	attempt_free(a);

	fake_mono_ms = 123;
	b = load(path, 1);
	assert_int_equal(b->rest_break_minutes, 1);
	assert_true(b->on_break);
	assert_int_equal(attempt_break_ms(b), 20000);
	assert_int_equal(attempt_break_left_ms(b), 40000);
	/* Stopped until the break screen starts the break clock again. */
	fake_mono_ms += 9000;
	assert_int_equal(attempt_break_ms(b), 20000);
	attempt_break_clock_start(b);
	fake_mono_ms += 10000;
	assert_int_equal(attempt_break_ms(b), 30000);
	assert_int_equal(attempt_break_left_ms(b), 30000);
	assert_int_equal(attempt_elapsed_ms(b), 7000);
	assert_int_equal(attempt_break_end(b, err), 0);
	fake_mono_ms += 2000;
	assert_int_equal(attempt_elapsed_ms(b), 9000);
	assert_int_equal(attempt_end(b, "submitted", err), 0);
	attempt_free(b);

	b = load(path, 0);
	assert_int_equal(b->break_done_ms, 30000);
	assert_int_equal(b->elapsed_ms, 9000);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

#define BEGIN	"0|begin|A-T-1|C|S|A|N|T|Title|1|60000|1700000000|m|1", \
		"0|item|Q1", "0|login|m"

static void
replay_rejects_breaks(void **state)
{
	const char *ok[] = { BEGIN, "5|pause|invigilator", "5|extend|60000",
	    "5|login|m2", "5|resume", "9|break", "9|breaktime|1000",
	    "9|breakend|30000", "12|break", "12|breakend|30000",
	    "20|end|timeout|1700000100" };
	const char *ran[] = { BEGIN, "5|pause|invigilator", "8|resume" };
	const char *ran_break[] = { BEGIN, "5|break", "6|breakend|10" };
	const char *answer[] = { BEGIN, "5|pause|x", "5|answer|Q1|R|v" };
	const char *flag[] = { BEGIN, "5|break", "5|flag|Q1|1" };
	const char *over[] = { BEGIN, "5|break", "5|breakend|60001" };
	const char *total[] = { BEGIN, "5|break", "5|breakend|40000",
	    "5|break", "5|breaktime|20001" };
	const char *used[] = { BEGIN, "5|break", "5|breakend|60000",
	    "5|break" };
	const char *back[] = { BEGIN, "5|break", "5|breaktime|500",
	    "5|breaktime|400" };
	const char *outside[] = { BEGIN, "5|breaktime|10" };
	const char *in_pause[] = { BEGIN, "5|pause|x", "5|break" };
	const char *pause_in[] = { BEGIN, "5|break", "5|pause|x" };
	const char *twice[] = { BEGIN, "5|break", "5|break" };
	const char *none[] = {
	    "0|begin|A-T-1|C|S|A|N|T|Title|1|60000|1700000000|m|0",
	    "0|item|Q1", "5|break" };
	const char *old[] = {
	    "0|begin|A-T-1|C|S|A|N|T|Title|1|60000|1700000000|m",
	    "0|item|Q1", "5|break" };
	const char *junk[] = { BEGIN, "5|break", "5|breakend|1x" };
	char *dir = fixture_dir(), err[ERR_LEN];
	struct attempt *a;

	a = fx_replay(dir, ok, sizeof ok / sizeof ok[0], err);
	if (a == NULL)
		fail_msg("replay: %s", err);
	assert_int_equal(a->break_done_ms, 60000);
	assert_int_equal(a->allowed_ms, 120000);
	assert_int_equal(a->elapsed_ms, 20);
	assert_int_equal(a->nmachines, 2);
	attempt_free(a);
	fx_replay_rejected(dir, ran, 5, "record 5: the clock ran from 5 ms to"
	    " 8 ms while the attempt was paused");
	fx_replay_rejected(dir, ran_break, 5,
	    "while the attempt was on a rest");
	fx_replay_rejected(dir, answer, 5, "record 5: a record of type answer"
	    " while the attempt is paused");
	fx_replay_rejected(dir, flag, 5, "a record of type flag while the"
	    " attempt is on a rest break");
	fx_replay_rejected(dir, over, 5, "rest breaks of 60001 ms in all");
	fx_replay_rejected(dir, total, 7, "rest breaks of 60001 ms in all");
	fx_replay_rejected(dir, used, 6, "no rest break time left");
	fx_replay_rejected(dir, back, 6, "went back from 500 ms to 400 ms");
	fx_replay_rejected(dir, outside, 4, "outside a rest break");
	fx_replay_rejected(dir, in_pause, 5, "a rest break while the attempt is"
	    " paused");
	fx_replay_rejected(dir, pause_in, 5, "a pause during a rest break");
	fx_replay_rejected(dir, twice, 5, "a rest break during a rest break");
	fx_replay_rejected(dir, none, 3, "record 3: a rest break, but the begin"
	    " record allows none");
	fx_replay_rejected(dir, old, 3, "allows none");
	fx_replay_rejected(dir, junk, 5, "invalid rest break time: 1x ms");
	fixture_rmtree(dir);
}

/*
 * Rewrite a journal with a new hash chain, changing the record whose
 * type is type: its elapsed time to elapsed (if not -1) and its first
 * field to field0 (if not NULL).  Someone who can rewrite the stick but
 * has no stick key could do this.
 */
static void
rechain(const char *path, const char *type, int64_t elapsed,
    const char *field0)
{
	char err[ERR_LEN];
	struct jlog log;
	struct journal *j;
	struct jrec *r;
	size_t i;

	if (journal_read(path, &log, err) == -1)
		fail_msg("journal_read: %s", err);
	unlink(path);
	j = journal_create(path, err);
	assert_non_null(j);
	for (i = 0; i < log.n; i++) {
		r = &log.recs[i];
		if (strcmp(r->type, type) == 0 && elapsed != -1)
			r->elapsed_ms = elapsed;
		if (strcmp(r->type, type) == 0 && field0 != NULL) {
			free(r->fields[0]);
			r->fields[0] = strdup(field0);
		}
		assert_int_equal(journal_append(j, r->elapsed_ms, r->type,
		    r->nfields, (const char *const *)r->fields, err), 0);
	}
	journal_close(j);
	jlog_free(&log);
}

/* Sit an attempt with a pause, extra time and a break; sign its result. */
static char *
sit_with_pause(struct stick *s, char **jpath)
{
	static const char *its[] = { "Q1", "Q2" };
	const char *v[] = { "A" };
	char err[ERR_LEN], *rpath, *results;
	struct attempt_info in = info;
	struct attempt *a;

	in.items = its;
	in.stick = s->id;
	*jpath = stick_path(s, "attempts/C1-T1-1.journal");
	in.rest_break_minutes = 5;
	a = attempt_start(*jpath, &in, err);
	assert_non_null(a);
	attempt_clock_start(a);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_answer(a, "Q1", "R", 1, v, err), 0);
	fake_mono_ms += 2000;
	assert_int_equal(attempt_pause(a, "invigilator", err), 0);
	fake_mono_ms += 40000;
	assert_int_equal(attempt_resume(a, err), 0);
	assert_int_equal(attempt_extend(a, 120000, err), 0);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_break_start(a, err), 0);
	fake_mono_ms += 15000;
	assert_int_equal(attempt_break_end(a, err), 0);
	fake_mono_ms += 2000;
	assert_int_equal(attempt_end(a, "invigilator", err), 0);
	attempt_free(a);

	a = attempt_load(*jpath, 0, NULL, err);
	assert_non_null(a);
	assert_int_equal(a->elapsed_ms, 6000);
	results = stick_path(s, "results");
	if (result_write(results, "attempts/C1-T1-1.journal", a, s->sk,
	    &rpath, err) == -1)
		fail_msg("result_write: %s", err);
	attempt_free(a);
	free(results);
	return (rpath);
}

static void
expect_verify(const char *path, enum result_status want, const char *why)
{
	char reason[ERR_LEN];
	enum result_status st;

	reason[0] = '\0';
	st = result_verify(path, NULL, reason);
	if (st != want)
		fail_msg("status %d, expected %d: %s", st, want, reason);
	if (why != NULL && strstr(reason, why) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", reason, why);
}

static void
pause_result_verifies(void **state)
{
	struct stick s;
	char *rpath, *jpath, *text, *buf, *p;
	size_t len;

	stick_make(&s);
	rpath = sit_with_pause(&s, &jpath);
	expect_verify(rpath, RESULT_OK, NULL);
	text = fixture_read(rpath, NULL);
	assert_non_null(strstr(text, "\ntime-used: 6\n"));
	assert_non_null(strstr(text, "\ntime-allowed: 720\n"));
	assert_non_null(strstr(text, "\nend-reason: invigilator\n"));
	free(text);

	/* The pause record's reason changed in place: the chain breaks. */
	buf = fixture_read(jpath, &len);
	p = strstr(buf, " pause invigilator ");
	assert_non_null(p);
	memcpy(p + 7, "Invigilator", 11);
	fixture_write(jpath, buf, len);
	expect_verify(rpath, RESULT_JOURNAL, "damaged or was changed");
	memcpy(p + 7, "invigilator", 11);
	fixture_write(jpath, buf, len);
	expect_verify(rpath, RESULT_OK, NULL);
	free(buf);

	/* The same change with a new chain: the signed head differs. */
	rechain(jpath, "pause", -1, "fire alarm");
	expect_verify(rpath, RESULT_JOURNAL, "differs from the signed head");

	/* A pause moved back in time, so the clock ran while paused. */
	rechain(jpath, "pause", -1, "invigilator");
	expect_verify(rpath, RESULT_OK, NULL);
	rechain(jpath, "pause", 1500, NULL);
	expect_verify(rpath, RESULT_JOURNAL, "the clock ran from 1500 ms to"
	    " 3000 ms while the attempt was paused");
	free(jpath);
	free(rpath);
	stick_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pause_survives_crash),
		cmocka_unit_test(end_while_paused),
		cmocka_unit_test(break_allowance_counts),
		cmocka_unit_test(break_survives_crash),
		cmocka_unit_test(replay_rejects_breaks),
		cmocka_unit_test(pause_result_verifies),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
