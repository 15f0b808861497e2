/*
 * Instructions before the first item: how many items, the time allowed
 * (with any extra time) or the time left on a resumed attempt, and the
 * keys.  The clock starts when the candidate presses Enter.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

static int
invig_paused(const struct ex *ex)
{
	return (ex->att->paused && ex->att->pause_reason != NULL &&
	    strcmp(ex->att->pause_reason, "invigilator") == 0);
}

static const char *
start_text(const struct ex *ex)
{
	if (invig_paused(ex))
		return ("The invigilator has paused this test. Press Enter, "
		    "then wait for the invigilator to resume it.");
	if (ex->att->on_break)
		return ("You were on a rest break when the test stopped. "
		    "Press Enter to go on with the rest break.");
	if (ex->resumed)
		return ("Press Enter to go on with the test. The clock starts "
		    "again when you press Enter.");
	return ("Press Enter to start. The clock starts when you press "
	    "Enter.");
}

static void
draw(struct ex *ex)
{
	char line[512], clock[32];
	int y = 3, extra = ex->cand->extra_pct;

	screen_begin(ex, ex->title);
	term_put(y++, 4, COLS - 8, ex->resumed ? "Your test continues "
	    "where it stopped." : "Instructions", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "This test has %zu item%s.",
	    ex->att->nitems, ex->att->nitems == 1 ? "" : "s");
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	if (sess_allowed_ms(ex) <= 0) {
		snprintf(line, sizeof(line), "There is no time limit.");
	} else if (ex->resumed) {
		fmt_clock(clock, sizeof(clock),
		    attempt_remaining_ms(ex->att));
		snprintf(line, sizeof(line), "Time left: %s.", clock);
	} else {
		fmt_clock(clock, sizeof(clock), ex->att->allowed_ms);
		if (extra > 0)
			snprintf(line, sizeof(line), "Time allowed: %s (this "
			    "includes %d%% extra time).", clock, extra);
		else
			snprintf(line, sizeof(line), "Time allowed: %s.",
			    clock);
	}
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	if (ex->att->rest_break_minutes > 0) {
		fmt_clock(clock, sizeof(clock),
		    attempt_break_left_ms(ex->att));
		snprintf(line, sizeof(line), "Rest break time left: %s. "
		    "Press F4 during the test to take a rest break. The "
		    "test clock stops while you rest.", clock);
		y = para(y, 4, COLS - 8, line, R_NORMAL);
	}
	y++;
	y = para(y, 4, COLS - 8, "Keys: F8 or Right goes to the next item "
	    "and F7 or Left to the previous one. Up and Down move between "
	    "the options; press an option's letter, or Space, to choose "
	    "it. F2 flags an item to come back to, F3 shows the review of "
	    "all items, and F10 ends the test. F1 shows every key.",
	    R_NORMAL);
	y++;
	y = para(y, 4, COLS - 8, "Every answer is saved as soon as you "
	    "give it. You can change your answers until you end the test "
	    "or the time runs out.", R_NORMAL);
	y++;
	para(y, 4, COLS - 8, start_text(ex), R_CHOSEN);
	term_footer("Enter=Start  Esc=Back to login  F1=Help");
	refresh();
}

enum next
ui_instructions(struct ex *ex)
{
	struct ev e;

	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			draw(ex);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (NEXT_QUIT);
		if (e.type == EV_NONE || term_too_small())
			continue;
		if (EV_IS(&e, EV_KEY, KEY_F(1)))
			ui_help(ex, "item");
		if (EV_IS(&e, EV_CHAR, CTRL_KEY('x')) ||
		    EV_IS(&e, EV_KEY, KEY_F(12)))
			return (NEXT_LEAVE);
		if (EV_IS(&e, EV_CHAR, 27)) {
			sess_close(ex);
			return (NEXT_LOGIN);
		}
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER))
			break;
	}
	ex->cur_item = ex->att->current;
	/* A pause by the invigilator or a rest break goes on after a restart. */
	if (invig_paused(ex))
		return (NEXT_PAUSED);
	if (ex->att->on_break)
		return (NEXT_BREAK);
	if (ex->att->paused && store_resume(ex) != 0)
		return (NEXT_QUIT);
	ex->last_save_ms = util_mono_ms();
	attempt_clock_start(ex->att);
	log_msg("%s: clock started, %lld ms left", ex->att_id,
	    (long long)attempt_remaining_ms(ex->att));
	return (NEXT_ITEMS);
}
