/*
 * Ending: the confirmation before the candidate ends the test, and the
 * finished screen, which writes the signed result first.  Only a practice
 * test shows a score.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

static void
draw_confirm(struct ex *ex)
{
	char line[256];
	size_t i, unanswered = 0, flagged = 0;
	int y = 4;

	for (i = 0; i < ex->att->nitems; i++) {
		unanswered += !attempt_item_answered(ex->att, i);
		flagged += ex->att->flags[i] != 0;
	}
	screen_begin(ex, ex->title);
	term_put(y++, 4, COLS - 8, "End the test now?", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "Items not answered: %zu of %zu",
	    unanswered, ex->att->nitems);
	term_put(y++, 6, COLS - 12, line, unanswered ? R_WARN : R_NORMAL);
	snprintf(line, sizeof(line), "Items flagged:      %zu", flagged);
	term_put(y++, 6, COLS - 12, line, flagged ? R_WARN : R_NORMAL);
	y++;
	para(y, 4, COLS - 8, "Once the test has ended you cannot change "
	    "your answers. Press Y to end the test, or N to go back.",
	    R_NORMAL);
	term_footer("Y=End the test  N=Go back  Esc=Go back");
	refresh();
}

enum next
ui_end(struct ex *ex)
{
	struct ev e;

	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			draw_confirm(ex);
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			return (NEXT_ITEMS);
		}
		if (e.type != EV_CHAR || term_too_small())
			continue;
		if (e.c == 'y' || e.c == 'Y')
			break;
		if (e.c == 'n' || e.c == 'N' || e.c == 27)
			return (NEXT_ITEMS);
		if (e.c == CTRL_KEY('x'))
			return (NEXT_LEAVE);
	}
	log_msg("%s: ended by the candidate", ex->att_id);
	if (store_end(ex, "submitted") != 0)
		return (NEXT_ITEMS);
	return (NEXT_FINISH);
}

/* The result file's name as the candidate sees it on the stick. */
static const char *
result_name(const struct ex *ex)
{
	const char *p = ex->result_path;
	size_t n = strlen(ex->stick.dir);

	if (strncmp(p, ex->stick.dir, n) == 0 && p[n] == '/')
		return (p + n + 1);
	return (p);
}

static void
draw_failed(struct ex *ex, const char *err)
{
	char body[ERR_LEN + 512];

	snprintf(body, sizeof(body), "Your test has ended and your answers "
	    "are saved in %s, but the result file could not be written:\n\n"
	    "%s\n\nInvigilator: put the problem right, then press R to try "
	    "again.", ex->journal_path, err);
	ui_notice(ex, "Result not written", body,
	    "R=Try again  Ctrl-X=Leave (PIN)");
}

static void
draw_done(struct ex *ex, const struct practice *score)
{
	char line[1024];
	size_t i;
	int y = 4;

	screen_begin(ex, ex->title);
	if (ex->att->end_reason != NULL &&
	    strcmp(ex->att->end_reason, "timeout") == 0)
		term_put(y++, 4, COLS - 8, "Time is up.", R_WARN);
	if (ex->att->end_reason != NULL &&
	    strcmp(ex->att->end_reason, "invigilator") == 0)
		term_put(y++, 4, COLS - 8, "The invigilator has ended your "
		    "test.", R_WARN);
	term_put(y++, 4, COLS - 8, "Your test has ended.", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "Your answers are saved in the result "
	    "file %s.", result_name(ex));
	y = para(y, 4, COLS - 8, line, R_NORMAL) + 1;
	for (i = 0; i < score->nlines; i++)
		term_put(y++, 4, COLS - 8, score->lines[i],
		    i == 0 ? R_CHOSEN : R_NORMAL);
	if (score->nlines > 0)
		y++;
	para(y, 4, COLS - 8, "Please tell the invigilator that you have "
	    "finished. Press Enter for the next candidate.", R_NORMAL);
	term_footer("Enter=Next candidate");
	refresh();
}

/* Write the result until it is written or the invigilator leaves. */
static enum next
write_result(struct ex *ex)
{
	char err[ERR_LEN];
	struct ev e;

	while (sess_write_result(ex, err) != 0) {
		log_msg("%s: result not written: %s", ex->att_id, err);
		for (;;) {
			if (term_too_small())
				term_draw_small();
			else
				draw_failed(ex, err);
			ev_get(ex, &e, -1);
			if (e.type == EV_TERM)
				return (NEXT_QUIT);
			if (EV_IS(&e, EV_CHAR, 'r') || EV_IS(&e, EV_CHAR, 'R'))
				break;
			if (EV_IS(&e, EV_CHAR, CTRL_KEY('x')) &&
			    ui_pin(ex, "Leave the Examiner?") == 1)
				return (NEXT_QUIT);
		}
	}
	return (NEXT_FINISH);
}

enum next
ui_finish(struct ex *ex)
{
	struct practice score = { .nlines = 0 };
	char err[ERR_LEN];
	struct ev e;

	attempt_clock_stop(ex->att);
	if (write_result(ex) == NEXT_QUIT)
		return (NEXT_QUIT);
	if (ex->ctest->practice && practice_mark(ex, &score, err) != 0)
		log_msg("%s: practice score not shown: %s", ex->att_id, err);
	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			draw_done(ex, &score);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (NEXT_QUIT);
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER))
			break;
	}
	sess_close(ex);
	return (NEXT_LOGIN);
}
