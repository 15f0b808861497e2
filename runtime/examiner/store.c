/*
 * Journal writes.  Each change is queued, then written through attempt_*
 * (which fsyncs) before the caller redraws the screen.  When a write
 * fails, the clock stops, the queue keeps every change in memory, and
 * ui_store_failed() retries until the stick takes the writes again, so
 * the screen never shows a change as done before it is on the stick.
 */
#include <stdlib.h>
#include <string.h>

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
	}
	return (errf(err, "unknown journal change %d", (int)op->type));
}

/* Write the queue in order; stops at the first failure. */
static int
flush_once(struct ex *ex)
{
	size_t done = 0;
	int rc = 0;

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
		ex->last_save_ms = util_mono_ms();
	return (rc);
}

/*
 * Write every queued change.  On failure the clock stops and the notice
 * screen retries on each key; returns -1 only when the Examiner must stop
 * (SIGTERM, or the invigilator left), with the changes still queued.
 */
int
store_flush(struct ex *ex)
{
	int running;

	if (ex->att == NULL || flush_once(ex) == 0)
		return (0);
	running = ex->att->mono_base != 0;
	if (running)
		attempt_clock_stop(ex->att);
	ex->store_failed = 1;
	log_msg("%s: journal write failed: %s", ex->att_id, ex->store_err);
	while (ui_store_failed(ex) == 0) {
		if (flush_once(ex) == 0) {
			ex->store_failed = 0;
			log_msg("%s: journal writes resumed", ex->att_id);
			if (running)
				attempt_clock_start(ex->att);
			return (0);
		}
		log_msg("%s: journal write failed again: %s", ex->att_id,
		    ex->store_err);
	}
	return (-1);
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
	ex->store_failed = 0;
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
