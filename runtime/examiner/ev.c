/*
 * Input and time: every screen reads keys through ev_get(), which waits
 * in poll(2) with a time-out, never spinning.  While an attempt runs, each
 * wake-up also saves the clock, gives the time warnings and reports when
 * the time has run out, so no screen can hold the clock back.
 */
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

volatile sig_atomic_t ex_signal;

static void
on_term(int sig)
{
	ex_signal = sig;
}

/*
 * Ctrl-C, Ctrl-Z and Ctrl-\ arrive as characters in raw mode; the same
 * signals sent from elsewhere are ignored.  SIGTERM and SIGHUP are caught
 * without SA_RESTART so that a waiting poll(2) returns and the Examiner
 * can close the attempt and curses in order.
 */
void
ev_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	sigaction(SIGTTIN, &sa, NULL);
	sigaction(SIGTTOU, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void
ev_message(struct ex *ex, enum role r, int seconds, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ex->message, sizeof(ex->message), fmt, ap);
	va_end(ap);
	ex->message_role = r;
	ex->message_until = util_mono_ms() + seconds * 1000LL;
}

/* The colour of the clock: the title bar's, or a warning's. */
enum role
clock_role(const struct ex *ex)
{
	if (ex->warned == 2)
		return (R_ALARM);
	if (ex->warned == 1)
		return (R_WARN);
	return (R_TITLE);
}

static int
clock_running(const struct ex *ex)
{
	return (ex->att != NULL && !ex->att->ended &&
	    ex->att->mono_base != 0);
}

static int
on_break(const struct ex *ex)
{
	return (ex->att != NULL && !ex->att->ended && ex->att->on_break &&
	    ex->att->break_mono_base != 0);
}

static void
warn(struct ex *ex, int64_t left_ms)
{
	int w1 = ex->conf.warn_minutes_1, w2 = ex->conf.warn_minutes_2;

	if (sess_allowed_ms(ex) <= 0)
		return;
	if (ex->warned < 2 && w2 > 0 && left_ms <= w2 * 60000LL) {
		ex->warned = 2;
		ev_message(ex, R_ALARM, 30, "Less than %d minute%s left.",
		    w2, w2 == 1 ? "" : "s");
		log_msg("%s: warning: %d minutes left", ex->att_id, w2);
	} else if (ex->warned < 1 && w1 > 0 && left_ms <= w1 * 60000LL) {
		/*
		 * The minutes actually left, rounded up: fewer than w1 when
		 * the attempt starts or resumes past the warning.
		 */
		int m = (int)((left_ms + 59999) / 60000);

		if (m > w1)
			m = w1;
		ex->warned = 1;
		ev_message(ex, R_WARN, 30, "%d minute%s left.", m,
		    m == 1 ? "" : "s");
		log_msg("%s: warning: %d minutes left", ex->att_id, m);
	}
}

/*
 * A clock save is due this long before clock_save_s has passed, so that
 * the time records stay no more than clock_save_s apart when poll(2)
 * wakes a few tens of milliseconds late on a busy machine.
 */
#define SAVE_EARLY_MS	100

/*
 * Save the clock (or the rest break's clock) when clock_save_s has passed
 * and give the warnings.  Returns 1 when the time is up.
 */
static int
tick(struct ex *ex)
{
	int64_t now = util_mono_ms(), left;
	int every = ex->conf.clock_save_s > 0 ? ex->conf.clock_save_s : 5;

	if (on_break(ex)) {
		if (now - ex->last_save_ms >= every * 1000LL - SAVE_EARLY_MS &&
		    ex->nops == 0 && !ex->waiting)
			store_break_time(ex);
		return (0);
	}
	if (!clock_running(ex))
		return (0);
	if (now - ex->last_save_ms >= every * 1000LL - SAVE_EARLY_MS)
		store_time(ex);
	if (sess_allowed_ms(ex) <= 0)
		return (0);
	left = attempt_remaining_ms(ex->att);
	warn(ex, left);
	return (left <= 0);
}

void
ev_tick(struct ex *ex)
{
	tick(ex);
}

/*
 * Milliseconds to wait: up to the next change of the shown second, or
 * the next clock save when that comes first, so that saves are
 * clock_save_s apart and not up to a second more.  With EV_NO_TIMEOUT
 * and no clock to keep, -1: poll(2) then waits for input, a discovery
 * event or a signal, and the process does not wake at all while idle.
 */
static int
wait_ms(const struct ex *ex, int timeout_ms)
{
	int every = ex->conf.clock_save_s > 0 ? ex->conf.clock_save_s : 5;
	int64_t left, save;
	int w = 1000;

	if (timeout_ms == EV_NO_TIMEOUT && !clock_running(ex) &&
	    !on_break(ex))
		return (-1);

	if (clock_running(ex) && sess_allowed_ms(ex) > 0) {
		left = attempt_remaining_ms(ex->att);
		w = (int)(left % 1000) + 1;
		if (left <= 0)
			w = 1;
	}
	if (clock_running(ex) || (on_break(ex) && ex->nops == 0 &&
	    !ex->waiting)) {
		/* At least 50 ms, so that a save that fails never spins. */
		save = ex->last_save_ms + every * 1000LL - SAVE_EARLY_MS -
		    util_mono_ms();
		if (save < 50)
			save = 50;
		if (save < w)
			w = (int)save;
	}
	if (timeout_ms >= 0 && timeout_ms < w)
		w = timeout_ms;
	return (w);
}

/* Take a key that curses can give at once; 1 when there was input. */
static int
key_now(struct ev *e)
{
	wint_t c;
	int r;

	timeout(0);
	r = get_wch(&c);
	if (r == KEY_CODE_YES) {
		e->type = EV_KEY;
		e->c = c;
	} else if (r == OK && c != CTRL_KEY('c') && c != CTRL_KEY('z') &&
	    c != 0x1c) {
		e->type = EV_CHAR;
		e->c = c;
	}
	return (r != ERR);
}

/*
 * The stick in use is out while an attempt is open: wait for it in
 * stick_wait() (not from inside that wait).  Returns 1 when e is set.
 */
static int
stick_gone(struct ex *ex, struct ev *e)
{
	if (!ex->have_sw || !ex->sw.gone || ex->waiting ||
	    !watch_test_open(ex))
		return (0);
	e->type = stick_wait(ex) == 0 ? EV_NONE : EV_TERM;
	return (1);
}

/*
 * Wait for a key for at most timeout_ms (-1: up to a second;
 * EV_NO_TIMEOUT: with no clock running, until input or an event),
 * returning EV_NONE on a time-out so that the caller redraws the clock.  One poll
 * waits on the terminal and on discovery's descriptor, so a stick taken
 * out is seen at once.  A resize is returned as EV_KEY KEY_RESIZE.
 * Ctrl-C, Ctrl-Z and Ctrl-\ are dropped here.
 */
void
ev_get(struct ex *ex, struct ev *e, int timeout_ms)
{
	struct pollfd pfd[2];
	int n = 1, r;

	e->type = EV_NONE;
	e->c = 0;
	if (ex_signal != 0) {
		e->type = EV_TERM;
		return;
	}
	if (tick(ex)) {
		e->type = EV_TIMEUP;
		return;
	}
	if (stick_gone(ex, e) || key_now(e))
		return;
	pfd[0].fd = STDIN_FILENO;
	pfd[0].events = POLLIN;
	pfd[1].fd = watch_fd(ex);
	pfd[1].events = POLLIN;
	if (pfd[1].fd >= 0)
		n = 2;
	r = poll(pfd, (nfds_t)n, wait_ms(ex, timeout_ms));
	if (ex_signal != 0) {
		e->type = EV_TERM;
		return;
	}
	if (r > 0 && n == 2 && (pfd[1].revents & POLLIN))
		watch_read(ex);
	watch_folder(ex);
	if (stick_gone(ex, e))
		return;
	if (ex->want_stick_ev && ex->stick_event) {
		ex->stick_event = 0;
		e->type = EV_STICK;
		return;
	}
	if (r > 0 && pfd[0].revents != 0)
		key_now(e);
}
