/*
 * The screens that hide the items while the test clock is stopped: the
 * notice of a pause by the invigilator, and the candidate's rest break
 * with its own clock.  Break time is counted against the candidate's
 * allowance over the whole attempt, restarts included.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

static int
invig_key(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, CTRL_KEY('x')) ||
	    EV_IS(e, EV_KEY, KEY_F(12)));
}

static int
enter_key(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER));
}

/* A journal write failed for good: ui_items closes the attempt. */
static enum next
stopped(struct ex *ex)
{
	if (ex->stop_ev == EV_NONE)
		ex->stop_ev = EV_TERM;
	return (NEXT_ITEMS);
}

enum next
ui_paused(struct ex *ex)
{
	struct ev e;

	while (ex->att->paused) {
		if (term_too_small())
			term_draw_small();
		else
			ui_notice(ex, "Test paused", "The invigilator has "
			    "paused your test.\n\nThe clock is stopped and "
			    "your answers are saved. Please wait: the test "
			    "goes on when the invigilator resumes it.\n\n"
			    "Invigilator: press Ctrl-X or F12 and type the "
			    "PIN to resume the test.", "Ctrl-X=Invigilator");
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM) {
			ex->exit_code = EX_EXIT_SIGNAL;
			return (NEXT_QUIT);
		}
		if (invig_key(&e))
			return (NEXT_LEAVE);
	}
	return (NEXT_ITEMS);
}

/* Ask before the break starts: NEXT_BREAK to start it. */
static enum next
break_ask(struct ex *ex)
{
	char body[512], clock[32];
	struct ev e;

	for (;;) {
		fmt_clock(clock, sizeof(clock),
		    attempt_break_left_ms(ex->att));
		snprintf(body, sizeof(body), "Take a rest break now?\n\n"
		    "You have %s of rest break time left. During the break "
		    "the test clock stops and the items are hidden. You can "
		    "come back before the break time is used up.\n\nPress Y "
		    "to start the rest break, or N to go back to the test.",
		    clock);
		if (term_too_small())
			term_draw_small();
		else
			ui_notice(ex, "Rest break", body,
			    "Y=Start the break  N=Back to the test");
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			return (NEXT_ITEMS);
		}
		if (invig_key(&e))
			return (NEXT_LEAVE);
		if (EV_IS(&e, EV_CHAR, 'y') || EV_IS(&e, EV_CHAR, 'Y'))
			return (NEXT_BREAK);
		if (EV_IS(&e, EV_CHAR, 'n') || EV_IS(&e, EV_CHAR, 'N') ||
		    EV_IS(&e, EV_CHAR, 27))
			return (NEXT_ITEMS);
	}
}

static void
break_draw(struct ex *ex, int64_t left)
{
	char body[512], clock[32];

	fmt_clock(clock, sizeof(clock), left);
	snprintf(body, sizeof(body), "You are on a rest break.\n\n"
	    "Rest break time left: %s\n\nThe clock for your test is "
	    "stopped and your answers are saved. Press Enter when you are "
	    "ready to go back to the test. When the rest break time is "
	    "used up, the test goes on by itself.", clock);
	ui_notice(ex, "Rest break", body,
	    "Enter=Back to the test  Ctrl-X=Invigilator");
}

static enum next
break_end(struct ex *ex, int used_up)
{
	if (store_break_end(ex) != 0)
		return (stopped(ex));
	ex->last_save_ms = util_mono_ms();
	log_msg("%s: rest break ended%s, %lld ms of rest break left, %lld "
	    "ms of test time left", ex->att_id, used_up ? " (used up)" : "",
	    (long long)attempt_break_left_ms(ex->att),
	    (long long)attempt_remaining_ms(ex->att));
	if (used_up)
		ev_message(ex, R_WARN, 10, "Your rest break time is used up. "
		    "The test goes on.");
	return (NEXT_ITEMS);
}

/* Wait on the break screen until the candidate returns or time is up. */
static enum next
break_run(struct ex *ex)
{
	struct ev e;
	int64_t left;

	for (;;) {
		left = attempt_break_left_ms(ex->att);
		if (left <= 0)
			return (break_end(ex, 1));
		if (term_too_small())
			term_draw_small();
		else
			break_draw(ex, left);
		ev_get(ex, &e, (int)(left % 1000) + 1);
		if (e.type == EV_TERM) {
			store_break_time(ex);
			ex->exit_code = EX_EXIT_SIGNAL;
			return (NEXT_QUIT);
		}
		if (invig_key(&e))
			return (NEXT_LEAVE);
		if (enter_key(&e) && !term_too_small())
			return (break_end(ex, 0));
		if (ex->att->ended)
			return (NEXT_FINISH);
	}
}

enum next
ui_break(struct ex *ex)
{
	enum next n;

	if (!ex->att->on_break) {
		if (attempt_break_left_ms(ex->att) <= 0)
			return (NEXT_ITEMS);
		if ((n = break_ask(ex)) != NEXT_BREAK)
			return (n);
		if (store_break(ex) != 0)
			return (stopped(ex));
		log_msg("%s: rest break started, %lld ms of rest break left",
		    ex->att_id, (long long)attempt_break_left_ms(ex->att));
	}
	attempt_break_clock_start(ex->att);
	ex->last_save_ms = util_mono_ms();
	return (break_run(ex));
}
