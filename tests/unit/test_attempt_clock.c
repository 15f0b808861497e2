/*
 * The attempt clock: this test replaces clock_gettime(), time() and
 * gettimeofday() so that it drives the monotonic clock by hand and makes
 * the wall clock jump, then checks that time used and time left follow
 * the monotonic clock alone and that no clock reading touches the wall
 * clock.
 */
#include <sys/syscall.h>
#include <sys/time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "attempt.h"
#include "trust_fixtures.h"

static int64_t fake_mono_ms = 1000000;
static int64_t fake_wall_s = 1800000000;
static int wall_reads;

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	switch (id) {
	case CLOCK_MONOTONIC:
		ts->tv_sec = fake_mono_ms / 1000;
		ts->tv_nsec = (fake_mono_ms % 1000) * 1000000;
		return (0);
	case CLOCK_REALTIME:
		wall_reads++;
		ts->tv_sec = fake_wall_s;
		ts->tv_nsec = 0;
		return (0);
	default:
		return ((int)syscall(SYS_clock_gettime, id, ts));
	}
}

time_t
time(time_t *out)
{
	wall_reads++;
	if (out != NULL)
		*out = fake_wall_s;
	return (fake_wall_s);
}

int
gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	wall_reads++;
	tv->tv_sec = fake_wall_s;
	tv->tv_usec = 0;
	return (0);
}

static const char *items[] = { "Q1", "Q2" };
static const struct attempt_info info = {
	.id = "C1-T1-1", .centre = "X", .stick = "0011223344556677",
	.candidate = "C1", .name = "N", .test = "T1", .title = "Title",
	.number = 1, .allowed_ms = 60000, .machine = "m1",
	.items = items, .nitems = 2,
};

static void
clock_follows_monotonic(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const char *v[] = { "A" };
	struct attempt *a, *b;

	path = fixture_path(dir, "a.journal");
	a = attempt_start(path, &info, err);
	assert_non_null(a);
	assert_int_equal(attempt_elapsed_ms(a), 0);

	/* Stopped: no time passes. */
	fake_mono_ms += 5000;
	assert_int_equal(attempt_elapsed_ms(a), 0);

	/* Running: the wall clock jumps a year back and forth. */
	attempt_clock_start(a);
	wall_reads = 0;
	fake_mono_ms += 1500;
	fake_wall_s -= 365 * 86400;
	assert_int_equal(attempt_elapsed_ms(a), 1500);
	assert_int_equal(attempt_remaining_ms(a), 58500);
	assert_int_equal(attempt_answer(a, "Q1", "R", 1, v, err), 0);
	fake_wall_s += 2 * 365 * 86400;
	fake_mono_ms += 2500;
	assert_int_equal(attempt_show(a, 1, err), 0);
	assert_int_equal(attempt_flag(a, 1, 1, err), 0);
	assert_int_equal(attempt_time(a, err), 0);
	assert_int_equal(a->elapsed_ms, 4000);
	assert_int_equal(attempt_remaining_ms(a), 56000);
	assert_int_equal(wall_reads, 0);

	/* Pause stops the clock; resume starts it again. */
	assert_int_equal(attempt_pause(a, "invigilator", err), 0);
	fake_mono_ms += 100000;
	assert_int_equal(attempt_elapsed_ms(a), 4000);
	assert_int_equal(attempt_resume(a, err), 0);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_elapsed_ms(a), 5000);
	assert_int_equal(wall_reads, 0);

	/* Stop freezes the clock without a record (stick pulled out). */
	attempt_clock_stop(a);
	fake_mono_ms += 7000;
	assert_int_equal(attempt_elapsed_ms(a), 5000);
	attempt_clock_start(a);
	fake_mono_ms += 250;
	assert_int_equal(attempt_time(a, err), 0);
	assert_int_equal(a->elapsed_ms, 5250);
	attempt_free(a);

	/* On load, time used is the last record's, whatever the clocks say. */
	fake_mono_ms = 42;
	fake_wall_s = 0;
	b = attempt_load(path, 1, "m2", err);
	assert_non_null(b);
	assert_int_equal(attempt_elapsed_ms(b), 5250);
	assert_int_equal(attempt_remaining_ms(b), 60000 - 5250);
	attempt_clock_start(b);
	fake_mono_ms += 1000;
	assert_int_equal(attempt_elapsed_ms(b), 6250);

	/* Time left never goes below zero. */
	fake_mono_ms += 10 * 3600 * 1000;
	assert_int_equal(attempt_remaining_ms(b), 0);
	assert_int_equal(attempt_end(b, "timeout", err), 0);
	assert_int_equal(b->wall_end, 0);
	attempt_free(b);
	free(path);
	fixture_rmtree(dir);
}

/* A monotonic clock that steps back (another machine) never lowers time. */
static void
clock_never_goes_back(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct attempt *a;

	path = fixture_path(dir, "a.journal");
	a = attempt_start(path, &info, err);
	assert_non_null(a);
	attempt_clock_start(a);
	fake_mono_ms += 3000;
	assert_int_equal(attempt_time(a, err), 0);
	fake_mono_ms -= 10000;
	assert_int_equal(attempt_elapsed_ms(a), 3000);
	assert_int_equal(attempt_time(a, err), 0);
	assert_int_equal(a->elapsed_ms, 3000);
	attempt_free(a);
	free(path);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock_follows_monotonic),
		cmocka_unit_test(clock_never_goes_back),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
