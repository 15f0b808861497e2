/*
 * The notice shown while a test cannot be saved: the stick was taken
 * out, or a journal write failed.  The clock is stopped and every change
 * waits in memory.  When the same stick is back (by its stick id, at any
 * mount point), or after a key once it is in place, the journal is opened
 * again, checked against memory, and the waiting changes are written.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

#define LOST_KEYS	"Any key=Try again  Ctrl-X=Leave (PIN; unsaved " \
			"answers are lost)"

static const char *
id_text(const char *id)
{
	return (id[0] != '\0' ? id : "unknown");
}

/* The paragraphs for a stick that is out, and any other stick in. */
static void
gone_text(struct ex *ex, char *body, size_t len)
{
	char other[512], where[512];

	other[0] = '\0';
	if (ex->sw.folder)
		snprintf(where, sizeof(where), "when the folder %s is back",
		    ex->sw.root);
	else
		snprintf(where, sizeof(where), "when the stick is back, in "
		    "any USB port");
	if (ex->sw.other_name != NULL)
		snprintf(other, sizeof(other), "The stick put in (stick id "
		    "%s, %s) is not the stick this test is on (stick id %s). "
		    "Take it out and put back stick %s.\n\n",
		    id_text(ex->sw.other), ex->sw.other_name,
		    id_text(ex->stick_id), id_text(ex->stick_id));
	snprintf(body, len, "The exam stick has been taken out.\n\n"
	    "%sPut the stick back in to go on: stick id %s. Nothing is "
	    "lost: every answer is kept in memory and the clock is "
	    "stopped.\n\nInvigilator: the test goes on by itself %s.",
	    other, id_text(ex->stick_id), where);
}

static void
draw(struct ex *ex)
{
	char body[ERR_LEN + 1024], waiting[64];

	if (ex->sw.gone) {
		gone_text(ex, body, sizeof(body));
		ui_notice(ex, "Stick taken out", body,
		    "Ctrl-X=Leave (PIN; unsaved answers are lost)");
		return;
	}
	snprintf(waiting, sizeof(waiting), "%zu change%s", ex->nops,
	    ex->nops == 1 ? "" : "s");
	snprintf(body, sizeof(body), "Your answers cannot be saved to the "
	    "stick.\n\n%s\n\nNothing is lost: %s waiting in memory, and "
	    "the clock is stopped.\n\nInvigilator: check that the stick "
	    "is in place and has room, then press any key to try again.",
	    ex->store_err, waiting);
	ui_notice(ex, "Answers not saved", body, LOST_KEYS);
}

/* Queue a pause and a resume around the outage, if the clock runs. */
static void
stop_clock(struct ex *ex)
{
	struct attempt *a = ex->att;

	if (a->mono_base == 0 || a->paused)
		return;
	attempt_clock_stop(a);
	store_queue(ex, OP_PAUSE, ex->sw.gone ? "stick removed" :
	    "write failed");
	store_queue(ex, OP_RESUME, NULL);
}

/* Try the writes; 0 when every change is on the stick. */
static int
retry(struct ex *ex)
{
	if (store_retry(ex) == 0) {
		ex_log(ex, "%s: journal writes resumed at %s, %lld ms left",
		    ex->att_id, ex->journal_path,
		    (long long)attempt_remaining_ms(ex->att));
		return (0);
	}
	ex_log(ex, "%s: journal write failed again: %s", ex->att_id,
	    ex->store_err);
	return (-1);
}

static int
leave_key(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, CTRL_KEY('x')) ||
	    EV_IS(e, EV_KEY, KEY_F(12)));
}

static int
wait_loop(struct ex *ex)
{
	struct ev e;

	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			draw(ex);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM) {
			ex->stop_ev = EV_TERM;
			return (-1);
		}
		if (leave_key(&e)) {
			if (ui_pin(ex, "Leave without saving the answers?") ==
			    1) {
				ex->leave = 1;
				ex->stop_ev = EV_TERM;
				return (-1);
			}
			continue;
		}
		if (ex->sw.gone)
			continue;
		if ((ex->stick_back || e.type == EV_CHAR ||
		    (e.type == EV_KEY && e.c != KEY_RESIZE)) && retry(ex) == 0)
			return (0);
		ex->stick_back = 0;
	}
}

/*
 * Wait until the stick takes the writes again.  Returns 0 when every
 * change is written and the clock runs again, -1 when the Examiner must
 * stop (SIGTERM, or the invigilator left with the PIN).
 */
int
stick_wait(struct ex *ex)
{
	int rc;

	ex->waiting = 1;
	stop_clock(ex);
	ex_log(ex, "%s: %s; clock stopped at %lld ms left, %zu changes "
	    "waiting", ex->att_id, ex->sw.gone ? "stick taken out" :
	    "journal write failed", (long long)attempt_remaining_ms(ex->att),
	    ex->nops);
	rc = wait_loop(ex);
	ex->waiting = 0;
	ex->stick_back = 0;
	curs_set(0);
	return (rc);
}
