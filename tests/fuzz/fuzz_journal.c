/*
 * Fuzz target for the answer journal: journal_read_buffer on the input as
 * it is, which exercises the chain checks, then on the input with its
 * chain hashes made correct (fuzz_rechain), and attempt_load on that, so
 * that mutated records reach the attempt replay behind the hashes.  The
 * replay runs twice: without a stick key, which checks the form of
 * sealed answers, and with the fuzz key, which opens them.
 */
#include <stdlib.h>
#include <string.h>

#include "attempt.h"
#include "harness.h"
#include "journal.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	return (0);
}

static void
walk(const struct attempt *a)
{
	size_t i;

	for (i = 0; i < a->nitems; i++)
		attempt_item_answered(a, i);
	for (i = 0; i < a->nvalues; i++)
		if (attempt_value(a, a->values[i].item,
		    a->values[i].response) == NULL)
			abort();
	for (i = 0; i < a->norders; i++)
		if (attempt_order(a, a->orders[i].item,
		    a->orders[i].response) == NULL)
			abort();
	attempt_remaining_ms(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct attempt *a;
	struct jlog log;
	char err[ERR_LEN], *chained;
	size_t len;

	if (journal_read_buffer((const char *)data, size, "fuzz.journal",
	    &log, err) == 0)
		jlog_free(&log);

	chained = fuzz_rechain((const char *)data, size, &len);
	if (journal_read_buffer(chained, len, "fuzz.journal", &log,
	    err) == 0)
		jlog_free(&log);
	a = attempt_load(fuzz_memfile(0, chained, len), 0, NULL, err);
	if (a != NULL) {
		walk(a);
		attempt_free(a);
	}
	/* With the key that sealed the seeds' answers, which opens them. */
	a = attempt_load_key(fuzz_memfile(0, chained, len), 0, NULL,
	    fuzz_seckey(), err);
	if (a != NULL) {
		walk(a);
		attempt_free(a);
	}
	free(chained);
	return (0);
}
