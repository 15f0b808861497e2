/*
 * Waits after wrong guesses of the invigilator PIN and of release codes,
 * and the record of every wrong guess.  During an attempt the record goes
 * to its journal; before any attempt exists it goes to the stick's
 * log/trust.log, which is written whether or not the Examiner's own log
 * is on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

#define TRUST_LOG	"trust.log"

/* Seconds until the next guess is taken; 0 when it is taken now. */
int
guard_wait_s(const struct guard *g)
{
	int64_t left = g->until_ms - util_mono_ms();

	return (left > 0 ? (int)((left + 999) / 1000) : 0);
}

/*
 * Append one line to log/trust.log on the stick, flushed to the device.
 * The log folder is made again if someone deleted it, so that a wrong
 * guess is still recorded.
 */
static int
trust_log(struct ex *ex, const char *line, char *err)
{
	char when[32], *path, *text;
	int fd, rc = 0;
	ssize_t n;

	if (!ex->have_stick)
		return (errf(err, "no stick"));
	util_iso_time(when, util_wall_seconds());
	path = util_path_join(ex->stick.log, TRUST_LOG);
	xasprintf(&text, "%s machine %s: %s\n", when, ex->machine, line);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1 && errno == ENOENT &&
	    util_mkdir_p(ex->stick.log, err) == 0)
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		    0644);
	if (fd == -1) {
		rc = errf(err, "%s: %s", path, strerror(errno));
	} else {
		n = write(fd, text, strlen(text));
		if (n != (ssize_t)strlen(text) || fsync(fd) != 0)
			rc = errf(err, "%s: write failed: %s", path,
			    strerror(errno));
		if (close(fd) != 0 && rc == 0)
			rc = errf(err, "%s: %s", path, strerror(errno));
	}
	free(path);
	free(text);
	return (rc);
}

/* Record a wrong guess in the attempt's journal, if one is open. */
static int
journal_wrong(struct ex *ex, const char *kind)
{
	char err[ERR_LEN];

	if (ex->att == NULL || ex->att->journal == NULL || ex->att->ended ||
	    ex->nops > 0)
		return (-1);
	if (attempt_wrong(ex->att, kind, err) != 0) {
		log_msg("%s: wrong %s not recorded: %s", ex->att_id, kind, err);
		return (-1);
	}
	return (0);
}

/*
 * Count a wrong guess of what ("pin" or "code"), start the wait before
 * the next one, and record it.
 */
void
guard_fail(struct ex *ex, struct guard *g, const char *what)
{
	char line[256], err[ERR_LEN];
	int wait_s = GUARD_FIRST_S;
	int i;

	g->fails++;
	for (i = 1; i < g->fails && wait_s < GUARD_MAX_S; i++)
		wait_s *= 2;
	if (wait_s > GUARD_MAX_S)
		wait_s = GUARD_MAX_S;
	g->until_ms = util_mono_ms() + wait_s * 1000LL;
	snprintf(line, sizeof(line), "wrong %s (%d in a row); next try "
	    "in %d s", strcmp(what, "pin") == 0 ? "invigilator PIN" :
	    "release code", g->fails, wait_s);
	log_msg("%s", line);
	if (journal_wrong(ex, what) == 0)
		return;
	if (trust_log(ex, line, err) != 0)
		log_msg("wrong %s not recorded in %s: %s", what, TRUST_LOG, err);
}

void
guard_ok(struct guard *g)
{
	g->fails = 0;
	g->until_ms = 0;
}

/* Drop keys typed during a wait, so that none counts as a guess. */
void
guard_drain(void)
{
	flushinp();
}
