/*
 * The stick in use, watched from ev_get(): discovery events when the
 * stick was found with libudev, or a look at the folder once a second
 * with --stick.  A stick taken out during a test sends ev_get() into
 * stick_wait(); the other screens look at ex->sw.gone themselves.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

int
watch_fd(const struct ex *ex)
{
	return (ex->have_disc ? ex->disc_fd : -1);
}

/* An attempt whose journal is open: the stick must stay. */
int
watch_test_open(const struct ex *ex)
{
	return (ex->att != NULL && !ex->att->ended &&
	    ex->att->journal != NULL);
}

/*
 * Log a line, or keep it in memory while the stick (where the log is) is
 * out, with the time it happened.
 */
void
ex_log(struct ex *ex, const char *fmt, ...)
{
	char stamp[32], *line;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (line == NULL)
		return;
	if (ex->have_sw && ex->sw.gone) {
		util_iso_time(stamp, util_wall_seconds());
		problems_add(&ex->held_log, "%s (at %s)", line, stamp);
	} else {
		log_msg("%s", line);
	}
	free(line);
}

/* Write the lines kept while the stick was out. */
void
ex_log_flush(struct ex *ex)
{
	size_t i;

	for (i = 0; i < ex->held_log.n; i++)
		log_msg("%s", ex->held_log.lines[i]);
	problems_free(&ex->held_log);
}

static const char *
id_or_unknown(const char *id)
{
	return (id[0] != '\0' ? id : "unknown");
}

static void
on_change(struct ex *ex, enum sw_change c)
{
	switch (c) {
	case SW_NONE:
		return;
	case SW_GONE:
		ex_log(ex, "stick %s (%s) taken out%s%s",
		    id_or_unknown(ex->stick_id), ex->sw.sysname != NULL ?
		    ex->sw.sysname : ex->sw.root, watch_test_open(ex) ?
		    " during " : "", watch_test_open(ex) ? ex->att_id : "");
		break;
	case SW_BACK:
		stick_reroot(ex, ex->sw.root);
		ex_log_flush(ex);
		ex_log(ex, "stick %s back at %s", id_or_unknown(ex->stick_id),
		    ex->sw.root);
		ex->stick_back = 1;
		break;
	case SW_OTHER:
		ex_log(ex, "stick %s (%s) put in, but this Examiner uses "
		    "stick %s: rejected", id_or_unknown(ex->sw.other),
		    ex->sw.other_name ? ex->sw.other_name : "?",
		    id_or_unknown(ex->stick_id));
		break;
	}
	ex->stick_event = 1;
}

static void
log_event(struct ex *ex, const struct discover_event *ev)
{
	const struct stick_candidate *s = &ev->stick;

	if (ev->change == DISCOVER_REJECTED)
		ex_log(ex, "stick search: %s (%s, label %s): ignored: %s",
		    s->sysname, s->devnode, s->label, s->reason);
	else if (ev->change == DISCOVER_ADDED)
		ex_log(ex, "stick search: %s (%s): usable stick at %s, id %s",
		    s->sysname, s->devnode, s->mountpoint,
		    id_or_unknown(s->id));
	else
		ex_log(ex, "stick search: %s (%s): removed", s->sysname,
		    s->devnode);
}

/* Read the discovery events that woke the poll. */
void
watch_read(struct ex *ex)
{
	struct discover_event *evs;
	char err[ERR_LEN];
	size_t n, i;

	if (discover_read(&ex->disc, &evs, &n, err) != 0) {
		ex_log(ex, "stick search: %s", err);
		return;
	}
	for (i = 0; i < n; i++) {
		log_event(ex, &evs[i]);
		if (ex->have_sw)
			on_change(ex, stickwatch_event(&ex->sw, &evs[i]));
		ex->stick_event = 1;
	}
	discover_events_free(evs, n);
}

/* With --stick: look at the folder, at most once a second. */
void
watch_folder(struct ex *ex)
{
	int64_t now = util_mono_ms();

	if (!ex->have_sw || !ex->sw.folder || now - ex->folder_check_ms < 1000)
		return;
	ex->folder_check_ms = now;
	on_change(ex, stickwatch_folder(&ex->sw));
}
