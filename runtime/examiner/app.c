/*
 * The Examiner's flow: stick status, login, confirm, instructions, the
 * items with review and end, and the finished screen, then the next
 * candidate.  Ctrl-X or F12 opens the invigilator menu (ui_invig.c),
 * behind the PIN, from any screen.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

static int
in_test(const struct ex *ex)
{
	return (ex->att != NULL && !ex->att->ended &&
	    ex->att->mono_base != 0);
}

static enum next
screen(struct ex *ex, enum next n)
{
	switch (n) {
	case NEXT_STICK: return (ex->approval_task && ex->stick_ok ?
	    NEXT_LOGIN : ui_stick(ex));
	case NEXT_UNLOCK: return (ui_unlock(ex));
	case NEXT_LOGIN: return (ex->approval_task ? ui_approval(ex) :
	    ui_login(ex));
	case NEXT_CONFIRM: return (ui_confirm(ex));
	case NEXT_INSTRUCTIONS: return (ui_instructions(ex));
	case NEXT_ITEMS: return (ui_items(ex));
	case NEXT_REVIEW: return (ui_review(ex));
	case NEXT_END: return (ui_end(ex));
	case NEXT_FINISH: return (ui_finish(ex));
	case NEXT_PAUSED: return (ui_paused(ex));
	case NEXT_BREAK: return (ui_break(ex));
	default: return (NEXT_QUIT);
	}
}

static void
close_all(struct ex *ex)
{
	if (ex_signal != 0) {
		ex->exit_code = EX_EXIT_SIGNAL;
		if (in_test(ex) && ex->nops == 0)
			store_time(ex);
		log_msg("ended by signal %d", (int)ex_signal);
	}
	term_end();
	if (ex_signal != 0)
		fprintf(stderr, "%s: ended by signal %d%s%s\n", EX_NAME,
		    (int)ex_signal, ex->att_id != NULL && !ex->att->ended ?
		    ": the attempt can be resumed: " : "",
		    ex->att_id != NULL && !ex->att->ended ? ex->att_id : "");
	sess_close(ex);
	stick_unload(ex);
	stick_release(ex);
	log_close();
}

/*
 * This machine's id, from EXAMSTICK_MACHINE_ID when it is set (so that a
 * test can play a second machine), else from stick_machine_id().
 */
static void
machine_id(struct ex *ex)
{
	const char *env = getenv("EXAMSTICK_MACHINE_ID");

	if (env != NULL && *env != '\0')
		util_strlcpy(ex->machine, env, sizeof(ex->machine));
	else
		stick_machine_id(ex->machine);
}

int
examiner_run(struct ex *ex)
{
	char err[ERR_LEN];
	enum next next = NEXT_STICK, back = NEXT_STICK;

	ev_signals();
	machine_id(ex);
	ex->disc_fd = -1;
	if (term_init(err) != 0) {
		fprintf(stderr, "%s: %s\n", EX_NAME, err);
		return (EX_EXIT_USAGE);
	}
	stick_load(ex);
	while (next != NEXT_QUIT && ex_signal == 0) {
		if (next == NEXT_LEAVE) {
			next = ui_invig(ex, back);
			continue;
		}
		back = next;
		next = screen(ex, next);
	}
	close_all(ex);
	return (ex->exit_code);
}
