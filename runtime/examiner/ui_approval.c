/*
 * The approval task's screens: each named key in turn with a countdown,
 * the progress of the stick and clock checks, the invigilator PIN for the
 * stick key, and the outcome of every check on one screen.  Also the
 * screen that stops a test that is not practice on a stick whose centre
 * has no approval.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "approval_task.h"
#include "edit.h"

/* The keys asked for, in order, with the names shown. */
static const struct {
	enum approval_check_id	 id;
	const char		*name;
} wanted[] = {
	{ APPROVAL_KEY_ENTER, "Enter" },
	{ APPROVAL_KEY_TAB, "Tab" },
	{ APPROVAL_KEY_UP, "Up arrow" },
	{ APPROVAL_KEY_DOWN, "Down arrow" },
	{ APPROVAL_KEY_LEFT, "Left arrow" },
	{ APPROVAL_KEY_RIGHT, "Right arrow" },
	{ APPROVAL_KEY_F1, "F1" },
	{ APPROVAL_KEY_F10, "F10" },
	{ APPROVAL_KEY_ESC, "Esc" },
	{ APPROVAL_KEY_A, "the letter A" },
	{ APPROVAL_KEY_Z, "the letter Z" },
};
#define NWANTED	(sizeof wanted / sizeof wanted[0])

static const char *const labels[APPROVAL_NCHECKS] = {
	"Screen size", "Key Enter", "Key Tab", "Key Up", "Key Down",
	"Key Left", "Key Right", "Key F1", "Key F10", "Key Esc", "Key A",
	"Key Z", "Stick write", "Monotonic clock", "Stick key signature"
};

static int
matches(enum approval_check_id id, const struct ev *e)
{
	switch (id) {
	case APPROVAL_KEY_ENTER:
		return (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
		    EV_IS(e, EV_KEY, KEY_ENTER));
	case APPROVAL_KEY_TAB: return (EV_IS(e, EV_CHAR, '\t'));
	case APPROVAL_KEY_UP: return (EV_IS(e, EV_KEY, KEY_UP));
	case APPROVAL_KEY_DOWN: return (EV_IS(e, EV_KEY, KEY_DOWN));
	case APPROVAL_KEY_LEFT: return (EV_IS(e, EV_KEY, KEY_LEFT));
	case APPROVAL_KEY_RIGHT: return (EV_IS(e, EV_KEY, KEY_RIGHT));
	case APPROVAL_KEY_F1: return (EV_IS(e, EV_KEY, KEY_F(1)));
	case APPROVAL_KEY_F10: return (EV_IS(e, EV_KEY, KEY_F(10)));
	case APPROVAL_KEY_ESC: return (EV_IS(e, EV_CHAR, 27));
	case APPROVAL_KEY_A:
		return (EV_IS(e, EV_CHAR, 'a') || EV_IS(e, EV_CHAR, 'A'));
	case APPROVAL_KEY_Z:
		return (EV_IS(e, EV_CHAR, 'z') || EV_IS(e, EV_CHAR, 'Z'));
	default:
		return (0);
	}
}

/* A name for a key that was not the one asked for. */
static void
describe_key(const struct ev *e, char *out, size_t len)
{
	const char *k;
	size_t i;

	for (i = 0; i < NWANTED; i++)
		if (matches(wanted[i].id, e)) {
			snprintf(out, len, "%s", wanted[i].name);
			return;
		}
	if (e->type == EV_KEY) {
		k = keyname((int)e->c);
		snprintf(out, len, "%s", k != NULL ? k : "a special key");
	} else if (e->c == 27)
		snprintf(out, len, "Esc");
	else if (e->c < 32)
		snprintf(out, len, "Ctrl-%c", (int)e->c + '@');
	else if (e->c == ' ')
		snprintf(out, len, "Space");
	else
		snprintf(out, len, "%lc", (wint_t)e->c);
}

static int
draw_small(void)
{
	if (!term_too_small())
		return (0);
	term_draw_small();
	return (1);
}

static void
draw_key(struct ex *ex, const struct appr *p, size_t i, int64_t left_ms,
    const char *msg)
{
	char line[256];
	size_t j;
	int x;

	screen_begin(ex, "examstick Examiner: approval task");
	snprintf(line, sizeof line, "Keyboard check: key %zu of %zu", i + 1,
	    NWANTED);
	term_put(3, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof line, "Press the key: %s", wanted[i].name);
	term_put(5, 8, COLS - 12, line, R_FOCUS);
	snprintf(line, sizeof line, "Skipped in %lld s if it is not pressed.",
	    (long long)((left_ms + 999) / 1000));
	term_put(7, 8, COLS - 12, line, R_DIM);
	if (msg[0] != '\0')
		term_put(9, 8, COLS - 12, msg, R_WARN);
	term_put(11, 4, COLS - 8, "So far:", R_NORMAL);
	for (j = 0, x = 4; j < i; j++) {
		snprintf(line, sizeof line, "%s %s", labels[wanted[j].id] + 4,
		    p->a.checks[wanted[j].id].pass ? "seen" : "NOT SEEN");
		if (x + (int)strlen(line) + 2 > COLS - 4)
			break;
		term_put(12 + (int)(j % 6), x + (int)(j / 6) * 26, 24, line,
		    p->a.checks[wanted[j].id].pass ? R_NORMAL : R_ALARM);
	}
	term_footer("Press the key named above  (the approval task checks "
	    "this keyboard)");
	refresh();
}

/* Ask for key i until it is seen or the time is up; -1 on a signal. */
static int
ask_key(struct ex *ex, struct appr *p, size_t i, int wait_s)
{
	int64_t until = util_mono_ms() + wait_s * 1000LL, left;
	char msg[128] = "", name[64];
	struct ev e;

	while ((left = until - util_mono_ms()) > 0) {
		if (!draw_small())
			draw_key(ex, p, i, left, msg);
		ev_get(ex, &e, (int)(left < 1000 ? left : 1000));
		if (e.type == EV_TERM)
			return (-1);
		if (e.type == EV_NONE || EV_IS(&e, EV_KEY, KEY_RESIZE))
			continue;
		if (matches(wanted[i].id, &e)) {
			appr_set(p, wanted[i].id, 1, "seen");
			return (0);
		}
		describe_key(&e, name, sizeof name);
		snprintf(msg, sizeof msg, "That was %s. Press %s.", name,
		    wanted[i].name);
	}
	appr_set(p, wanted[i].id, 0, "not seen: skipped after %d s", wait_s);
	return (0);
}

static void
draw_busy(struct ex *ex, const char *what)
{
	if (draw_small())
		return;
	screen_begin(ex, "examstick Examiner: approval task");
	para(3, 4, COLS - 8, what, R_NORMAL);
	term_footer("Please wait");
	refresh();
}

static void
draw_pin(struct ex *ex, struct field *f, const char *msg)
{
	int cx;

	screen_begin(ex, "examstick Examiner: approval task");
	para(3, 4, COLS - 8, "Stick key check. The invigilator types the PIN"
	    " that unlocks this stick's key. The key signs a test message"
	    " and then the approval result.", R_NORMAL);
	term_put(7, 8, 20, "Invigilator PIN:", R_NORMAL);
	cx = field_draw(f, 7, 26, 16, term_attr(R_FOCUS));
	if (msg[0] != '\0')
		para(9, 8, COLS - 12, msg, R_ALARM);
	term_footer("Enter=Unlock  Esc=Skip this check (it fails)");
	curs_set(1);
	move(7, cx);
	refresh();
}

/* Try a typed PIN; returns 1 when the key is unlocked, 0 to ask again. */
static int
try_pin(struct ex *ex, struct appr *p, struct field *f, int *tries,
    char *msg, size_t len)
{
	char err[ERR_LEN], *pin = field_text(f);
	int rc;

	curs_set(0);
	draw_busy(ex, "Unlocking the stick key. This takes a few seconds.");
	rc = appr_unlock(ex, p, pin, err);
	sodium_memzero(pin, strlen(pin));
	free(pin);
	field_set(f, "");
	if (rc == 0)
		return (1);
	if (strstr(err, "wrong password") == NULL || ++*tries >=
	    APPR_PIN_TRIES) {
		appr_set(p, APPROVAL_SIGNATURE, 0, "%s", strstr(err,
		    "wrong password") != NULL ? "the PIN did not unlock the"
		    " stick key after 3 tries" : err);
		return (-1);
	}
	snprintf(msg, len, "Wrong PIN: it does not unlock this stick's key"
	    " (try %d of %d).", *tries, APPR_PIN_TRIES);
	return (0);
}

/* Unlock the stick key with the PIN; -1 on a signal. */
static int
ask_pin(struct ex *ex, struct appr *p)
{
	struct field f;
	struct ev e;
	char msg[256] = "";
	int tries = 0, r = 0;

	field_init(&f, 12, 1, 0);
	while (r == 0) {
		if (!draw_small())
			draw_pin(ex, &f, msg);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			r = -2;
		else if (EV_IS(&e, EV_CHAR, 27)) {
			appr_set(p, APPROVAL_SIGNATURE, 0, "skipped: no PIN"
			    " was given");
			r = -1;
		} else if (EV_IS(&e, EV_CHAR, '\r') ||
		    EV_IS(&e, EV_CHAR, '\n') || EV_IS(&e, EV_KEY, KEY_ENTER))
			r = try_pin(ex, p, &f, &tries, msg, sizeof msg);
		else if (e.type != EV_NONE && field_key(&f, &e) == 1)
			msg[0] = '\0';
	}
	curs_set(0);
	field_free(&f);
	return (r == -2 ? -1 : 0);
}

/* The signature check: a key without a PIN needs none. */
static int
check_key(struct ex *ex, struct appr *p)
{
	char err[ERR_LEN], *was;

	if (appr_unlock(ex, p, NULL, err) == 0) {
		appr_check_signature(ex, p);
		if (p->a.checks[APPROVAL_SIGNATURE].pass) {
			was = xstrdup(p->a.checks[APPROVAL_SIGNATURE].detail);
			appr_set(p, APPROVAL_SIGNATURE, 1, "%s; the key has no"
			    " PIN", was);
			free(was);
		}
		return (0);
	}
	if (ask_pin(ex, p) == -1)
		return (-1);
	if (p->key != NULL)
		appr_check_signature(ex, p);
	return (0);
}

static void
draw_summary(struct ex *ex, const struct appr *p)
{
	char line[ERR_LEN + 64];
	size_t i, failed = 0;
	int y = 2;

	screen_begin(ex, "examstick Examiner: approval task");
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		failed += !p->a.checks[i].pass;
		snprintf(line, sizeof line, "%-4s  %-20s %s",
		    p->a.checks[i].pass ? "pass" : "FAIL", labels[i],
		    p->a.checks[i].detail);
		term_put(y++, 2, COLS - 4, line, p->a.checks[i].pass ?
		    R_NORMAL : R_ALARM);
	}
	y++;
	if (failed == 0)
		snprintf(line, sizeof line, "All %d checks passed.",
		    APPROVAL_NCHECKS);
	else
		snprintf(line, sizeof line, "%zu of %d checks failed: this"
		    " computer is not ready for tests.", failed,
		    APPROVAL_NCHECKS);
	term_put(y++, 2, COLS - 4, line, failed == 0 ? R_CHOSEN : R_ALARM);
	if (p->written != NULL)
		snprintf(line, sizeof line, "Approval result written: %s",
		    p->written + strlen(ex->stick.dir) + 1);
	else
		snprintf(line, sizeof line, "Approval result NOT written: %s",
		    p->write_err);
	para(y, 2, COLS - 4, line, p->written != NULL ? R_NORMAL : R_ALARM);
	term_footer("Enter=Finish");
	refresh();
}

static int
show_summary(struct ex *ex, const struct appr *p)
{
	struct ev e;

	for (;;) {
		if (!draw_small())
			draw_summary(ex, p);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (-1);
		if (EV_IS(&e, EV_CHAR, '\r') || EV_IS(&e, EV_CHAR, '\n') ||
		    EV_IS(&e, EV_KEY, KEY_ENTER))
			return (0);
	}
}

/* Run every check in order; -1 when a signal stopped the task. */
static int
run_checks(struct ex *ex, struct appr *p)
{
	size_t i;

	appr_check_screen(p);
	for (i = 0; i < NWANTED; i++)
		if (ask_key(ex, p, i, ex->approval_key_wait) == -1)
			return (-1);
	draw_busy(ex, "Checking the stick: writing, syncing and reading back"
	    " a scratch file.");
	appr_check_stick(ex, p);
	draw_busy(ex, "Checking the monotonic clock.");
	appr_check_clock(p);
	if (check_key(ex, p) == -1)
		return (-1);
	appr_write(ex, p);
	return (0);
}

enum next
ui_approval(struct ex *ex)
{
	struct appr p;

	memset(&p, 0, sizeof p);
	log_msg("approval task started on machine %s", ex->machine);
	if (run_checks(ex, &p) == 0 && show_summary(ex, &p) == 0)
		ex->exit_code = p.written != NULL && approval_passed(&p.a) ?
		    EX_EXIT_OK : EX_EXIT_APPROVAL_FAIL;
	else
		ex->exit_code = EX_EXIT_SIGNAL;
	log_msg("approval task ended: %s", p.written == NULL ? "no result"
	    " written" : approval_passed(&p.a) ? "every check passed" :
	    "a check failed");
	appr_free(&p);
	return (NEXT_QUIT);
}

/*
 * Before a test that is not practice: stop it when the stick's centre
 * has no valid approval record.  Returns 1 when the test must not start.
 */
int
ui_unapproved(struct ex *ex)
{
	char why[ERR_LEN], body[ERR_LEN + 1024];
	struct ev e;

	if (ex->ctest == NULL || ex->ctest->practice ||
	    appr_centre_approved(ex, why))
		return (0);
	log_msg("test %s rejected: centre %s has no valid approval: %s",
	    ex->ctest->id, ex->conf.centre_id, why);
	snprintf(body, sizeof body, "This test cannot start. Centre %s has"
	    " no valid approval from the awarding body, and only practice"
	    " tests run without one.\n\nReason: %s\n\nInvigilator: run"
	    " 'examiner --approval-task' on each exam computer, collect the"
	    " approval results with 'reloader collect' and send the bundle to"
	    " the awarding body. Copy the approval record it sends back to"
	    " the stick, name it in examiner.conf as centre_approval, and"
	    " start the Examiner again.", ex->conf.centre_id, why);
	for (;;) {
		if (!draw_small())
			ui_notice(ex, "Centre not approved", body,
			    "Enter=Back to the login");
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM || EV_IS(&e, EV_CHAR, '\r') ||
		    EV_IS(&e, EV_CHAR, '\n') || EV_IS(&e, EV_KEY, KEY_ENTER) ||
		    EV_IS(&e, EV_CHAR, 27))
			return (1);
	}
}
