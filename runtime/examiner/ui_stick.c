/*
 * The first screen: what is on the stick (root, centre, tests, signing
 * key), or why the stick cannot be used.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

static int
readable(const char *path)
{
	return (path != NULL && access(path, R_OK) == 0);
}

/* The stick is usable with a signing key and a package for a test. */
static void
check(struct ex *ex)
{
	size_t i;
	int any = 0;

	if (!ex->stick_ok)
		return;
	for (i = 0; i < ex->conf.ntests; i++)
		any |= readable(ex->conf.tests[i].package);
	if (!readable(ex->conf.stick_key)) {
		ex->stick_ok = 0;
		snprintf(ex->stick_err, sizeof(ex->stick_err), "%s: the "
		    "stick's signing key cannot be read, so results cannot "
		    "be signed: prepare the stick again with reloader",
		    ex->conf.stick_key ? ex->conf.stick_key : "stick_key");
	} else if (!any) {
		ex->stick_ok = 0;
		snprintf(ex->stick_err, sizeof(ex->stick_err), "%s: no "
		    "test package on the stick can be read: load the "
		    "packages with reloader", ex->stick.packages);
	}
}

static void
draw_ok(struct ex *ex)
{
	char line[1024];
	size_t i;
	int y = 3;

	term_put(y++, 4, COLS - 8, "The stick is ready.", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "Stick:       %s", ex->stick.root);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Centre:      %s", ex->conf.centre_id);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Candidates:  %zu", ex->roster.n);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Signing key: present (%s)",
	    ex->conf.stick_key);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	y++;
	term_put(y++, 4, COLS - 8, "Tests available:", R_NORMAL);
	for (i = 0; i < ex->conf.ntests && y < LINES - 4; i++) {
		const struct conf_test *t = &ex->conf.tests[i];

		snprintf(line, sizeof(line), "  %-12s %s%s", t->id,
		    t->title ? t->title : "(title from the package)",
		    readable(t->package) ? "" : "   [package missing]");
		term_put(y++, 4, COLS - 8, line, readable(t->package) ?
		    R_NORMAL : R_WARN);
	}
	y++;
	term_put(y, 4, COLS - 8, "Press Enter to go on to the candidate "
	    "login.", R_NORMAL);
	term_footer("Enter=Continue  R=Read the stick again  "
	    "Ctrl-X=Leave (PIN)");
}

static void
draw_bad(struct ex *ex)
{
	size_t i;
	int y = 3;

	term_put(y++, 4, COLS - 8, "This stick cannot be used.", R_ALARM);
	y++;
	y = para(y, 4, COLS - 8, ex->stick_err, R_NORMAL) + 1;
	for (i = 0; i < ex->conf_problems.n && y < LINES - 5; i++)
		y = para(y, 6, COLS - 10, ex->conf_problems.lines[i],
		    R_NORMAL);
	y++;
	para(y, 4, COLS - 8, "Invigilator: put the problem right, then "
	    "press R to read the stick again.", R_NORMAL);
	term_footer("R=Read the stick again  Ctrl-X=Leave (PIN)");
}

enum next
ui_stick(struct ex *ex)
{
	struct ev e;

	check(ex);
	for (;;) {
		if (term_too_small()) {
			term_draw_small();
		} else {
			screen_begin(ex, "examstick Examiner: stick status");
			if (ex->stick_ok)
				draw_ok(ex);
			else
				draw_bad(ex);
			refresh();
		}
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (NEXT_QUIT);
		if (e.type == EV_NONE || term_too_small())
			continue;
		if (EV_IS(&e, EV_CHAR, 'r') || EV_IS(&e, EV_CHAR, 'R')) {
			stick_load(ex);
			check(ex);
		} else if (EV_IS(&e, EV_CHAR, CTRL_KEY('x')) ||
		    EV_IS(&e, EV_KEY, KEY_F(12))) {
			return (NEXT_LEAVE);
		} else if (ex->stick_ok && (EV_IS(&e, EV_CHAR, '\r') ||
		    EV_IS(&e, EV_CHAR, '\n') || EV_IS(&e, EV_KEY, KEY_ENTER))) {
			return (NEXT_LOGIN);
		}
	}
}
