/*
 * Confirm who is sitting and which test: name, candidate number and the
 * test title, with a choice when the roster allows several tests.
 * Confirming opens the attempt: new, resumed, or already complete.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

struct confirm {
	const struct conf_test	*tests[CONF_MAX_TESTS];
	size_t			 n;
	int			 at;
	char			 msg[ERR_LEN + 64];
	struct problems		 probs;
};

static void
collect(struct ex *ex, struct confirm *c)
{
	size_t i;

	for (i = 0; i < ex->cand->ntests && c->n < CONF_MAX_TESTS; i++) {
		const struct conf_test *t = conf_test(&ex->conf,
		    ex->cand->tests[i]);

		if (t != NULL)
			c->tests[c->n++] = t;
	}
}

static const char *
title_of(const struct ex *ex, const struct conf_test *t)
{
	const char *title = unlock_test_title(ex, t);

	return (title != NULL ? title : t->id);
}

static void
draw(struct ex *ex, struct confirm *c)
{
	char line[512];
	size_t i;
	int y = 3;

	screen_begin(ex, "examstick Examiner: confirm");
	term_put(y++, 4, COLS - 8, "Check that these are your details.",
	    R_NORMAL);
	y++;
	snprintf(line, sizeof(line), "Name:              %s",
	    ex->cand->name);
	term_put(y++, 6, COLS - 12, line, R_CHOSEN);
	snprintf(line, sizeof(line), "Candidate number:  %s",
	    ex->cand->candidate);
	term_put(y++, 6, COLS - 12, line, R_CHOSEN);
	y++;
	term_put(y++, 4, COLS - 8, c->n > 1 ? "Your tests (choose one with "
	    "Up and Down):" : "Your test:", R_NORMAL);
	for (i = 0; i < c->n && y < LINES - 8; i++) {
		snprintf(line, sizeof(line), "%s %s", (int)i == c->at ? ">" :
		    " ", title_of(ex, c->tests[i]));
		y = para(y, 6, COLS - 12, line, (int)i == c->at ?
		    R_FOCUS : R_NORMAL);
	}
	y++;
	if (c->msg[0] != '\0') {
		y = para(y, 4, COLS - 8, c->msg, R_ALARM);
		for (i = 0; i < c->probs.n && y < LINES - 3; i++)
			y = para(y, 6, COLS - 10, c->probs.lines[i],
			    R_NORMAL);
	} else {
		para(y, 4, COLS - 8, "If this is you and your test, press "
		    "Enter. If not, press Esc and tell the invigilator.",
		    R_NORMAL);
	}
	term_footer("Enter=Yes, go on  Esc=No, back  Up/Down=Choose test  "
	    "F1=Help");
	refresh();
}

/*
 * The attempt last ran on another machine: say so, and ask for the
 * invigilator PIN to go on here.  Returns 1 when the PIN was given.
 */
static int
confirm_move(struct ex *ex)
{
	char body[1024];
	struct ev e;

	snprintf(body, sizeof(body), "This test was started on another "
	    "computer and is not finished.\n\nLast computer: %s\nThis "
	    "computer: %s\n\nIt can go on here with the time it had "
	    "left; the move is recorded with the answers.\n\nInvigilator: "
	    "press Enter and give the PIN to move the test to this "
	    "computer, or Esc to go back.", ex->moved_from, ex->machine);
	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			ui_notice(ex, "Test moved to this computer", body,
			    "Enter=Move here (PIN)  Esc=Back");
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM || EV_IS(&e, EV_CHAR, 27))
			return (0);
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER))
			break;
	}
	return (ui_pin(ex, "Move this test to this computer?") == 1);
}

/* Open the attempt of the chosen test; returns the next screen. */
static enum next
open_attempt(struct ex *ex, struct confirm *c)
{
	enum sess_status st;
	char err[ERR_LEN];

	problems_free(&c->probs);
	c->msg[0] = '\0';
	ex->ctest = c->tests[c->at];
	if (ui_unapproved(ex))
		return (NEXT_LOGIN);
	st = sess_open(ex, err, &c->probs);
	if (st == SESS_MOVED) {
		log_msg("%s: in progress on machine %s; asking to move it to "
		    "%s", ex->att_id, ex->moved_from, ex->machine);
		ex->move_ok = confirm_move(ex);
		if (ex->move_ok)
			st = sess_open(ex, err, &c->probs);
		ex->move_ok = 0;
	}
	switch (st) {
	case SESS_NEW:
		log_msg("%s: new attempt", ex->att_id);
		return (NEXT_INSTRUCTIONS);
	case SESS_RESUMED:
		log_msg("%s: resumed", ex->att_id);
		return (NEXT_INSTRUCTIONS);
	case SESS_ENDED:
		log_msg("%s: ended before; writing its result", ex->att_id);
		return (NEXT_FINISH);
	case SESS_COMPLETE:
		snprintf(c->msg, sizeof(c->msg), "You have already completed "
		    "this attempt at %s. Its result is saved. Ask the "
		    "invigilator if this is not right.", title_of(ex, ex->ctest));
		log_msg("%s: already complete", ex->att_id);
		break;
	case SESS_MOVED:
		snprintf(c->msg, sizeof(c->msg), "This test is in progress "
		    "on another computer. The invigilator can move it here.");
		log_msg("%s: not moved", ex->att_id);
		break;
	case SESS_ERROR:
		snprintf(c->msg, sizeof(c->msg), "This test cannot be "
		    "started. Ask the invigilator.\n%s", err);
		log_msg("%s: cannot open: %s", ex->att_id, err);
		break;
	}
	sess_close(ex);
	return (NEXT_CONFIRM);
}

static enum next
key(struct ex *ex, struct confirm *c, const struct ev *e)
{
	if (EV_IS(e, EV_CHAR, 27) || EV_IS(e, EV_CHAR, 'n') ||
	    EV_IS(e, EV_CHAR, 'N'))
		return (NEXT_LOGIN);
	if (EV_IS(e, EV_CHAR, CTRL_KEY('x')) || EV_IS(e, EV_KEY, KEY_F(12)))
		return (NEXT_LEAVE);
	if (EV_IS(e, EV_KEY, KEY_F(1)))
		ui_help(ex, "confirm");
	if (EV_IS(e, EV_KEY, KEY_UP) && c->at > 0)
		c->at--;
	if (EV_IS(e, EV_KEY, KEY_DOWN) && c->at + 1 < (int)c->n)
		c->at++;
	if (EV_IS(e, EV_KEY, KEY_UP) || EV_IS(e, EV_KEY, KEY_DOWN))
		c->msg[0] = '\0';
	if (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER) || EV_IS(e, EV_CHAR, 'y') ||
	    EV_IS(e, EV_CHAR, 'Y'))
		return (open_attempt(ex, c));
	return (NEXT_CONFIRM);
}

enum next
ui_confirm(struct ex *ex)
{
	struct confirm c;
	struct ev e;
	enum next next = NEXT_CONFIRM;

	memset(&c, 0, sizeof(c));
	collect(ex, &c);
	while (next == NEXT_CONFIRM) {
		if (ex->have_sw && ex->sw.gone) {
			next = NEXT_STICK;
			break;
		}
		if (term_too_small())
			term_draw_small();
		else
			draw(ex, &c);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			next = NEXT_QUIT;
		else if (e.type != EV_NONE && !term_too_small() &&
		    !EV_IS(&e, EV_KEY, KEY_RESIZE))
			next = key(ex, &c, &e);
	}
	problems_free(&c.probs);
	return (next);
}
