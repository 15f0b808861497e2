/*
 * Journal writes.  Each change is queued, then written through attempt_*
 * (which fsyncs) before the caller redraws the screen.  When a write
 * fails, stick_wait() stops the clock and keeps every change in the
 * queue until the stick takes the writes again, so the screen never
 * shows a change as done before it is on the stick.
 */
#include <stdlib.h>
#include <string.h>

#include "journal.h"

#include "examiner.h"

static void
op_free(struct op *op)
{
	size_t i;

	free(op->item_id);
	free(op->response);
	for (i = 0; i < op->nvalues; i++)
		free(op->values[i]);
	free(op->values);
	free(op->reason);
	memset(op, 0, sizeof(*op));
}

static struct op *
op_new(struct ex *ex, enum op_type type)
{
	struct op *op;

	ex->ops = xrealloc(ex->ops, (ex->nops + 1) * sizeof(*ex->ops));
	op = &ex->ops[ex->nops++];
	memset(op, 0, sizeof(*op));
	op->type = type;
	return (op);
}

/* Write one queued change; 0 on success. */
static int
op_write(struct ex *ex, const struct op *op, char *err)
{
	struct attempt *a = ex->att;

	switch (op->type) {
	case OP_SHOW:
		return (attempt_show(a, op->item, err));
	case OP_ANSWER:
		return (attempt_answer(a, op->item_id, op->response,
		    op->nvalues, (const char *const *)op->values, err));
	case OP_FLAG:
		return (attempt_flag(a, op->item, op->on, err));
	case OP_TIME:
		return (attempt_time(a, err));
	case OP_END:
		return (attempt_end(a, op->reason, err));
	case OP_PAUSE:
		return (attempt_pause(a, op->reason, err));
	case OP_RESUME:
		return (attempt_resume(a, err));
	case OP_EXTEND:
		return (attempt_extend(a, op->ms, err));
	case OP_BREAK:
		return (attempt_break_start(a, err));
	case OP_BREAK_TIME:
		return (attempt_break_time(a, err));
	case OP_BREAK_END:
		return (attempt_break_end(a, err));
	}
	return (errf(err, "unknown journal change %d", (int)op->type));
}

/* Write the queue in order; stops at the first failure. */
static int
flush_once(struct ex *ex)
{
	size_t done = 0;
	int rc = 0;
	/*
	 * The records carry the time at which they are written, not the
	 * time the fsync returns, so the next clock save is counted from
	 * here; counting from after the fsync would add its time to every
	 * interval.
	 */
	int64_t start = util_mono_ms();

	while (done < ex->nops) {
		if (op_write(ex, &ex->ops[done], ex->store_err) != 0) {
			rc = -1;
			break;
		}
		op_free(&ex->ops[done]);
		done++;
	}
	memmove(ex->ops, ex->ops + done, (ex->nops - done) *
	    sizeof(*ex->ops));
	ex->nops -= done;
	if (rc == 0)
		ex->last_save_ms = start;
	return (rc);
}

/*
 * Write every queued change.  On failure stick_wait() stops the clock and
 * waits for the stick; returns -1 only when the Examiner must stop
 * (SIGTERM, or the invigilator left), with the changes still queued.
 */
int
store_flush(struct ex *ex)
{
	if (ex->att == NULL || flush_once(ex) == 0)
		return (0);
	ex_log(ex, "%s: journal write failed: %s", ex->att_id,
	    ex->store_err);
	if (ex->leave || ex->waiting)
		return (-1);
	return (stick_wait(ex));
}

/* Add a change to the queue without writing it. */
void
store_queue(struct ex *ex, enum op_type type, const char *reason)
{
	struct op *op = op_new(ex, type);

	if (reason != NULL)
		op->reason = xstrdup(reason);
}

/*
 * Offset of the end of the first n lines of buf, or (size_t)-1 when it
 * has fewer.  Journal records are one line each.
 */
static size_t
lines_end(const char *buf, size_t len, uint64_t n)
{
	const char *p = buf, *nl;

	while (n > 0) {
		nl = memchr(p, '\n', len - (size_t)(p - buf));
		if (nl == NULL)
			return ((size_t)-1);
		p = nl + 1;
		n--;
	}
	return ((size_t)(p - buf));
}

/* Check that the journal at path starts with the records in memory. */
static int
journal_matches(struct ex *ex, const char *buf, size_t len,
    struct jlog *log, char *err)
{
	struct attempt *a = ex->att;
	size_t end = lines_end(buf, len, a->nrecords);

	/*
	 * NOTE: a stick that lost acknowledged records cannot be repaired
	 * here, because memory holds the state, not the records' text.
	 */
	if (end == (size_t)-1)
		return (errf(err, "%s: the journal on the stick has fewer "
		    "records than the %llu saved before: it is not this "
		    "attempt's journal, or the stick lost writes",
		    ex->journal_path, (unsigned long long)a->nrecords));
	if (journal_read_buffer(buf, end, ex->journal_path, log, err) != 0)
		return (-1);
	if (log->n != a->nrecords ||
	    memcmp(log->head, a->head, sizeof(a->head)) != 0) {
		jlog_free(log);
		return (errf(err, "%s: the journal on the stick does not "
		    "match the records saved before: it is not this "
		    "attempt's journal", ex->journal_path));
	}
	return (0);
}

/*
 * Open the journal again, at ex->journal_path (the stick may be back at
 * another mount point), after checking that its first records are the
 * ones saved before.  Records after them were never acknowledged: the
 * next append cuts them off and the queue writes them again.
 */
static int
store_reopen(struct ex *ex, char *err)
{
	struct attempt *a = ex->att;
	struct jlog log;
	char *buf;
	size_t len;
	int rc;

	journal_close(a->journal);
	a->journal = NULL;
	if (util_read_file(ex->journal_path, JOURNAL_MAX_BYTES, &buf, &len,
	    err) != 0)
		return (-1);
	rc = journal_matches(ex, buf, len, &log, err);
	free(buf);
	if (rc != 0)
		return (-1);
	a->journal = journal_open_append(ex->journal_path, &log, err);
	jlog_free(&log);
	if (a->journal == NULL)
		return (-1);
	free(a->path);
	a->path = xstrdup(ex->journal_path);
	return (0);
}

/* Open the journal again and write the queue; 0 when all is written. */
int
store_retry(struct ex *ex)
{
	if (store_reopen(ex, ex->store_err) != 0)
		return (-1);
	return (flush_once(ex));
}

void
store_clear(struct ex *ex)
{
	size_t i;

	for (i = 0; i < ex->nops; i++)
		op_free(&ex->ops[i]);
	free(ex->ops);
	ex->ops = NULL;
	ex->nops = 0;
}

int
store_show(struct ex *ex, size_t item)
{
	op_new(ex, OP_SHOW)->item = item;
	return (store_flush(ex));
}

int
store_answer(struct ex *ex, const char *item, const char *response,
    size_t nvalues, const char *const *values)
{
	struct op *op = op_new(ex, OP_ANSWER);
	size_t i;

	op->item_id = xstrdup(item);
	op->response = xstrdup(response);
	op->nvalues = nvalues;
	op->values = xcalloc(nvalues + 1, sizeof(*op->values));
	for (i = 0; i < nvalues; i++)
		op->values[i] = xstrdup(values[i]);
	return (store_flush(ex));
}

int
store_flag(struct ex *ex, size_t item, int on)
{
	struct op *op = op_new(ex, OP_FLAG);

	op->item = item;
	op->on = on;
	return (store_flush(ex));
}

int
store_time(struct ex *ex)
{
	op_new(ex, OP_TIME);
	return (store_flush(ex));
}

int
store_end(struct ex *ex, const char *reason)
{
	op_new(ex, OP_END)->reason = xstrdup(reason);
	return (store_flush(ex));
}

int
store_pause(struct ex *ex, const char *reason)
{
	op_new(ex, OP_PAUSE)->reason = xstrdup(reason);
	return (store_flush(ex));
}

int
store_resume(struct ex *ex)
{
	op_new(ex, OP_RESUME);
	return (store_flush(ex));
}

int
store_extend(struct ex *ex, int64_t ms)
{
	op_new(ex, OP_EXTEND)->ms = ms;
	return (store_flush(ex));
}

int
store_break(struct ex *ex)
{
	op_new(ex, OP_BREAK);
	return (store_flush(ex));
}

int
store_break_time(struct ex *ex)
{
	op_new(ex, OP_BREAK_TIME);
	return (store_flush(ex));
}

int
store_break_end(struct ex *ex)
{
	op_new(ex, OP_BREAK_END);
	return (store_flush(ex));
}
