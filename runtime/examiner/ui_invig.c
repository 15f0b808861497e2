/*
 * The invigilator menu, opened with Ctrl-X or F12 and the PIN.  During a
 * test it pauses or resumes the test, adds time, ends the test or leaves
 * the Examiner.  On other screens it only leaves.  Every action is
 * written to the journal before the screen changes.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"
#include "edit.h"

#define EXTRA_MIN	1	/* minutes of extra time at a time */
#define EXTRA_MAX	240

enum invig_act {
	INV_PAUSE, INV_RESUME, INV_TIME, INV_END, INV_LEAVE, INV_CANCEL,
	INV_STOP	/* the time ran out or SIGTERM came: ex->stop_ev */
};

struct entry {
	char		 key;
	const char	*label;
	enum invig_act	 act;
};

struct menu {
	struct entry	 e[6];
	int		 n, at;
};

/* The screens on which the test clock has been started. */
static int
test_open(const struct ex *ex, enum next back)
{
	if (ex->att == NULL || ex->att->ended)
		return (0);
	return (back == NEXT_ITEMS || back == NEXT_REVIEW ||
	    back == NEXT_END || back == NEXT_PAUSED || back == NEXT_BREAK);
}

static void
menu_add(struct menu *m, char key, const char *label, enum invig_act act)
{
	m->e[m->n].key = key;
	m->e[m->n].label = label;
	m->e[m->n].act = act;
	m->n++;
}

static void
menu_build(const struct ex *ex, enum next back, struct menu *m)
{
	int open = test_open(ex, back);

	memset(m, 0, sizeof(*m));
	if (open && ex->att->paused)
		menu_add(m, 'R', "Resume the test: the clock starts again",
		    INV_RESUME);
	else if (open && !ex->att->on_break)
		menu_add(m, 'P', "Pause the test: the clock stops and the "
		    "items are hidden", INV_PAUSE);
	if (open) {
		menu_add(m, 'T', "Add time", INV_TIME);
		menu_add(m, 'E', "End the test now and write the result",
		    INV_END);
	}
	menu_add(m, 'L', open ? "Leave the Examiner (the test can be "
	    "resumed later)" : "Leave the Examiner", INV_LEAVE);
	menu_add(m, 0, "Cancel", INV_CANCEL);
}

/* One line on the state of the test, for the top of the menu. */
static void
state_line(const struct ex *ex, enum next back, char *out, size_t len)
{
	char clock[32];

	if (!test_open(ex, back)) {
		snprintf(out, len, "No test is running on this screen.");
		return;
	}
	if (ex->att->paused) {
		snprintf(out, len, "Candidate %s, %s: the test is paused and "
		    "the clock is stopped.", ex->att->candidate, ex->att->name);
	} else if (ex->att->on_break) {
		fmt_clock(clock, sizeof(clock),
		    attempt_break_left_ms(ex->att));
		snprintf(out, len, "Candidate %s, %s: on a rest break, %s of "
		    "rest break left.", ex->att->candidate, ex->att->name,
		    clock);
	} else {
		snprintf(out, len, "Candidate %s, %s: the test clock is "
		    "running.", ex->att->candidate, ex->att->name);
	}
}

static void
menu_draw(struct ex *ex, enum next back, const struct menu *m)
{
	char line[512], key[8];
	int y, i;

	screen_begin(ex, "Invigilator menu");
	state_line(ex, back, line, sizeof(line));
	y = para(3, 4, COLS - 8, line, R_NORMAL) + 1;
	for (i = 0; i < m->n; i++) {
		enum role r = i == m->at ? R_FOCUS : R_NORMAL;

		if (m->e[i].key != 0)
			snprintf(key, sizeof(key), "%c", m->e[i].key);
		else
			snprintf(key, sizeof(key), "Esc");
		attrset(term_attr(r));
		mvhline(y, 4, ' ', COLS - 8);
		term_put(y, 6, 5, key, r == R_FOCUS ? r : R_CHOSEN);
		term_put(y, 12, COLS - 18, m->e[i].label, r);
		y++;
	}
	para(y + 1, 4, COLS - 8, "Press a letter, or choose with Up and Down "
	    "and press Enter.", R_DIM);
	term_footer("Enter=Choose  Esc=Cancel");
	refresh();
}

/* The action of a key, or -1 when the key chooses nothing. */
static int
menu_key(struct menu *m, const struct ev *e)
{
	int i;

	if (EV_IS(e, EV_CHAR, 27))
		return (INV_CANCEL);
	if (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER))
		return (m->e[m->at].act);
	if (EV_IS(e, EV_KEY, KEY_UP) && m->at > 0)
		m->at--;
	if (EV_IS(e, EV_KEY, KEY_DOWN) && m->at + 1 < m->n)
		m->at++;
	if (e->type != EV_CHAR || e->c > 127)
		return (-1);
	for (i = 0; i < m->n; i++) {
		if (m->e[i].key != 0 &&
		    (wint_t)m->e[i].key == (wint_t)(e->c & ~0x20u))
			return (m->e[i].act);
	}
	return (-1);
}

static enum invig_act
menu_run(struct ex *ex, enum next back)
{
	struct menu m;
	struct ev e;
	int act;

	menu_build(ex, back, &m);
	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			menu_draw(ex, back, &m);
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			return (INV_STOP);
		}
		if (e.type == EV_NONE || term_too_small())
			continue;
		if ((act = menu_key(&m, &e)) >= 0)
			return ((enum invig_act)act);
	}
}

static void
time_draw(struct ex *ex, struct field *f, const char *msg)
{
	int cx;

	screen_begin(ex, "Add time");
	para(3, 4, COLS - 8, "Type the number of minutes to add to this "
	    "candidate's time, from 1 to 240, then press Enter.", R_NORMAL);
	term_put(6, 4, 18, "Minutes to add:", R_NORMAL);
	cx = field_draw(f, 6, 22, 6, term_attr(R_FOCUS));
	if (msg[0] != '\0')
		para(8, 4, COLS - 8, msg, R_ALARM);
	term_footer("Enter=Add the time  Esc=Cancel");
	curs_set(1);
	move(6, cx);
	refresh();
}

/* The minutes typed, or -1 when they are not a number in range. */
static int
time_parse(const struct field *f)
{
	char *s = field_text(f), *end;
	long v;

	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || v < EXTRA_MIN ||
	    v > EXTRA_MAX)
		v = -1;
	free(s);
	return ((int)v);
}

/* Ask for the minutes to add: the minutes, 0 when cancelled, -1 stop. */
static int
time_ask(struct ex *ex)
{
	struct field f;
	struct ev e;
	char msg[128];
	int minutes = 0;

	msg[0] = '\0';
	field_init(&f, 3, 0, 0);
	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			time_draw(ex, &f, msg);
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			minutes = -1;
			break;
		}
		if (EV_IS(&e, EV_CHAR, 27))
			break;
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER)) {
			if ((minutes = time_parse(&f)) > 0)
				break;
			minutes = 0;
			snprintf(msg, sizeof(msg), "Type a whole number of "
			    "minutes from %d to %d.", EXTRA_MIN, EXTRA_MAX);
			continue;
		}
		if (field_key(&f, &e) == 1)
			msg[0] = '\0';
	}
	field_free(&f);
	curs_set(0);
	return (minutes);
}

static int
end_ask(struct ex *ex)
{
	struct ev e;

	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			ui_notice(ex, "End the test", "End this candidate's test "
			    "now?\n\nThe answers given so far are saved and "
			    "the result file is written. The candidate cannot "
			    "go back to the test.\n\nPress Y to end the test, "
			    "or N to go back to the menu.",
			    "Y=End the test  N=Back");
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			return (-1);
		}
		if (EV_IS(&e, EV_CHAR, 'y') || EV_IS(&e, EV_CHAR, 'Y'))
			return (1);
		if (EV_IS(&e, EV_CHAR, 'n') || EV_IS(&e, EV_CHAR, 'N') ||
		    EV_IS(&e, EV_CHAR, 27))
			return (0);
	}
}

/*
 * A journal write that failed for good, or a stop seen in a prompt: the
 * item screen closes the attempt in order (ui_items' stop()).
 */
static enum next
stopped(struct ex *ex)
{
	if (ex->stop_ev == EV_NONE)
		ex->stop_ev = EV_TERM;
	return (NEXT_ITEMS);
}

/* Save the clock, or the rest break's, before the Examiner stops. */
static void
save_clock(struct ex *ex)
{
	struct attempt *a = ex->att;

	if (a == NULL || a->ended || a->journal == NULL)
		return;
	if (a->on_break && a->break_mono_base != 0) {
		store_break_time(ex);
	} else if (a->mono_base != 0 && store_time(ex) == 0) {
		attempt_clock_stop(a);
	}
}

static enum next
do_leave(struct ex *ex, enum next back)
{
	int open = test_open(ex, back);

	log_msg("left with the invigilator PIN%s%s", open ? " during " : "",
	    open ? ex->att_id : "");
	save_clock(ex);
	ex->exit_code = EX_EXIT_OK;
	return (NEXT_QUIT);
}

static enum next
do_pause(struct ex *ex)
{
	if (store_pause(ex, "invigilator") != 0)
		return (stopped(ex));
	log_msg("%s: paused by the invigilator, %lld ms left", ex->att_id,
	    (long long)attempt_remaining_ms(ex->att));
	return (NEXT_PAUSED);
}

static enum next
do_resume(struct ex *ex)
{
	if (store_resume(ex) != 0)
		return (stopped(ex));
	ex->last_save_ms = util_mono_ms();
	log_msg("%s: resumed by the invigilator, %lld ms left", ex->att_id,
	    (long long)attempt_remaining_ms(ex->att));
	ev_message(ex, R_WARN, 10, "The invigilator has resumed the test.");
	return (NEXT_ITEMS);
}

static enum next
do_time(struct ex *ex, enum next back)
{
	char clock[32];
	int minutes = time_ask(ex);

	if (minutes < 0)
		return (stopped(ex));
	if (minutes == 0)
		return (NEXT_LEAVE);
	if (store_extend(ex, minutes * 60000LL) != 0)
		return (stopped(ex));
	/* The warnings are given again if the time left calls for them. */
	ex->warned = 0;
	fmt_clock(clock, sizeof(clock), attempt_remaining_ms(ex->att));
	log_msg("%s: %d minutes added by the invigilator, %lld ms left",
	    ex->att_id, minutes, (long long)attempt_remaining_ms(ex->att));
	ev_message(ex, R_WARN, 10, "The invigilator has added %d minute%s. "
	    "Time left: %s.", minutes, minutes == 1 ? "" : "s", clock);
	return (back);
}

/* End as a time-out does: the typed text is already saved. */
static enum next
do_end(struct ex *ex)
{
	int r = end_ask(ex);

	if (r < 0)
		return (stopped(ex));
	if (r == 0)
		return (NEXT_LEAVE);
	if (ex->att->on_break && ex->att->break_mono_base != 0 &&
	    store_break_time(ex) != 0)
		return (stopped(ex));
	log_msg("%s: ended by the invigilator", ex->att_id);
	if (store_end(ex, "invigilator") != 0)
		return (stopped(ex));
	return (NEXT_FINISH);
}

/* The PIN prompt timed out or SIGTERM came. */
static enum next
pin_stopped(struct ex *ex, enum next back)
{
	if (back == NEXT_ITEMS || back == NEXT_REVIEW || back == NEXT_END)
		return (NEXT_ITEMS);
	if (test_open(ex, back))
		save_clock(ex);
	ex->exit_code = EX_EXIT_SIGNAL;
	return (NEXT_QUIT);
}

enum next
ui_invig(struct ex *ex, enum next back)
{
	int r, open = test_open(ex, back);
	enum next n;

	r = ui_pin(ex, open ? "Pause, add time, end the test or leave." :
	    "Leave the Examiner.");
	if (r < 0)
		return (pin_stopped(ex, back));
	if (r == 0)
		return (back);
	do {
		switch (menu_run(ex, back)) {
		case INV_PAUSE: n = do_pause(ex); break;
		case INV_RESUME: n = do_resume(ex); break;
		case INV_TIME: n = do_time(ex, back); break;
		case INV_END: n = do_end(ex); break;
		case INV_LEAVE: n = do_leave(ex, back); break;
		case INV_STOP: n = pin_stopped(ex, back); break;
		default: n = back; break;
		}
	} while (n == NEXT_LEAVE);	/* back to the menu */
	return (n);
}
