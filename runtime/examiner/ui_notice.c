/*
 * Screens shared by the others: the frame of a plain screen, the
 * invigilator PIN prompt and the key help.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "conf_pin.h"
#include "examiner.h"
#include "edit.h"

/* Start a plain screen: the header, with the clock during a test. */
void
screen_begin(struct ex *ex, const char *title)
{
	char right[64], clock[32];
	enum role r = R_TITLE;

	erase();
	right[0] = '\0';
	if (ex->att != NULL && !ex->att->ended && sess_allowed_ms(ex) > 0) {
		fmt_clock(clock, sizeof(clock),
		    attempt_remaining_ms(ex->att));
		snprintf(right, sizeof(right), "%sTime left %s ",
		    ex->warned ? "! " : "", clock);
		r = clock_role(ex);
	}
	term_header(title, right[0] ? right : NULL, r);
	draw_message(ex, 1);
}

/* Wrap text into rows from y at column x, w wide; returns the next row. */
int
para(int y, int x, int w, const char *text, enum role role)
{
	struct doc d;
	struct run r;
	int h = LINES - 2 - y;

	if (h <= 0)
		return (y);
	memset(&d, 0, sizeof(d));
	d.focus = -1;
	run_init(&r);
	run_add(&r, text, term_attr(role));
	doc_wrap(&d, &r, 0, w, 0, 0);
	run_free(&r);
	doc_paint(&d, 0, y, h, x, w);
	y += (int)d.n < h ? (int)d.n : h;
	doc_free(&d);
	return (y);
}

void
ui_notice(struct ex *ex, const char *title, const char *body,
    const char *keys)
{
	screen_begin(ex, title);
	para(3, 4, COLS - 8, body, R_NORMAL);
	term_footer(keys);
	refresh();
}

int
pin_matches(const struct ex *ex, const char *typed)
{
	if (!ex->have_conf || ex->conf.invigilator_pin_hash == NULL)
		return (0);
	return (conf_pin_verify(ex->conf.invigilator_pin_hash, typed));
}

static void
pin_draw(struct ex *ex, struct field *f, const char *why, const char *msg)
{
	int y = LINES / 2 - 4, x = (COLS - 60) / 2, cx;

	screen_begin(ex, "Invigilator");
	term_box(y, x, 9, 60, R_NORMAL);
	term_put(y + 1, x + 2, 56, why, R_NORMAL);
	term_put(y + 3, x + 2, 20, "Invigilator PIN:", R_NORMAL);
	cx = field_draw(f, y + 3, x + 20, 20, term_attr(R_FOCUS));
	if (msg != NULL)
		term_put(y + 5, x + 2, 56, msg, R_ALARM);
	term_put(y + 7, x + 2, 56, "Enter=Confirm  Esc=Cancel", R_DIM);
	term_footer("Enter=Confirm  Esc=Cancel");
	curs_set(1);
	move(y + 3, cx);
	refresh();
}

static int
pin_check(struct ex *ex, struct field *f, const char *why, char *msg,
    size_t len)
{
	char *typed = field_text(f);
	int ok;

	pin_draw(ex, f, why, "Checking the PIN.");
	ok = pin_matches(ex, typed);
	sodium_memzero(typed, strlen(typed));
	free(typed);
	field_set(f, "");
	if (ok) {
		guard_ok(&ex->pin_guard);
		log_msg("invigilator PIN accepted");
		return (1);
	}
	guard_fail(ex, &ex->pin_guard, "pin");
	snprintf(msg, len, "Wrong PIN. Type it again.");
	return (0);
}

/*
 * Ask for the invigilator PIN.  Returns 1 when it was given, 0 when
 * cancelled, -1 when the time ran out or SIGTERM came (ex->stop_ev).
 * Without a configured PIN (no readable examiner.conf) Y confirms.
 */
int
ui_pin(struct ex *ex, const char *why)
{
	struct field f;
	struct ev e;
	char msg[128], wait[128];
	int rc = 0, have = ex->have_conf &&
	    ex->conf.invigilator_pin_hash != NULL;

	msg[0] = '\0';
	field_init(&f, 64, 1, 0);
	for (;;) {
		int locked = guard_wait_s(&ex->pin_guard);

		if (locked > 0)
			snprintf(wait, sizeof(wait), "Wrong PIN. Wait %d s "
			    "before the next try.", locked);
		if (term_too_small())
			term_draw_small();
		else if (!have)
			ui_notice(ex, "Leave the Examiner", "No invigilator "
			    "PIN is configured because examiner.conf could "
			    "not be read. Press Y to leave, or Esc to stay.",
			    "Y=Leave  Esc=Stay");
		else
			pin_draw(ex, &f, why, locked > 0 ? wait :
			    msg[0] ? msg : NULL);
		ev_get(ex, &e, locked > 0 ? 250 : -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			rc = -1;
			break;
		}
		if (e.type == EV_NONE || EV_IS(&e, EV_KEY, KEY_RESIZE))
			continue;
		if (EV_IS(&e, EV_CHAR, 27))
			break;
		if (!have) {
			if (EV_IS(&e, EV_CHAR, 'y') || EV_IS(&e, EV_CHAR, 'Y'))
				rc = 1;
			if (rc == 1)
				break;
			continue;
		}
		if (locked > 0) {
			guard_drain();
			continue;
		}
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER)) {
			rc = pin_check(ex, &f, why, msg, sizeof(msg));
			if (rc == 1)
				break;
			continue;
		}
		field_key(&f, &e);
	}
	field_free(&f);
	curs_set(0);
	return (rc);
}

/* Show the keys of a screen until a key is pressed. */
int
ui_help(struct ex *ex, const char *screen)
{
	struct ev e;
	int i, y;

	for (;;) {
		screen_begin(ex, "Keys");
		y = 3;
		for (i = 0; key_help[i].screen != NULL; i++) {
			if (strcmp(key_help[i].screen, screen) != 0)
				continue;
			term_put(y, 4, 18, key_help[i].key, R_CHOSEN);
			y = para(y, 24, COLS - 28, key_help[i].what,
			    R_NORMAL);
		}
		term_footer("Any key=Back");
		refresh();
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			return (-1);
		}
		if (e.type != EV_NONE && !EV_IS(&e, EV_KEY, KEY_RESIZE))
			return (0);
	}
}
