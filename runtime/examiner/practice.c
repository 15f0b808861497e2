/*
 * The score of a practice test, shown on the finished screen.  The
 * result file just written is marked against the test's package, the
 * plain zip on the stick or the zip of a sealed package opened with its
 * release code, with the response processing of examstick mark, so the
 * screen shows the score that marking gives.  Real tests show no score.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "examiner.h"
#include "mark.h"

/* Format a score without trailing zeros: 14, 2.5, 0.25. */
static void
fmt_num(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.2f", v);
	if (strchr(buf, '.') != NULL) {
		char *end = buf + strlen(buf) - 1;

		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
}

static void
add_line(struct practice *p, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
add_line(struct practice *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nlines == PRACTICE_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->lines[p->nlines], sizeof p->lines[0], fmt, ap);
	va_end(ap);
	p->nlines++;
}

/* One line for each feedback group (section or category) of the key. */
static void
group_lines(struct practice *p, const struct mark_key *key,
    const struct mark_score *sc)
{
	char got[32], max[32];
	double total, most;
	size_t g, i;

	for (g = 0; g < key->ngroups; g++) {
		total = most = 0;
		for (i = 0; i < sc->nitems && i < key->nitems; i++) {
			if (key->items[i].group != g)
				continue;
			if (sc->items[i].status == MARK_SCORED)
				total += sc->items[i].score;
			if (sc->items[i].has_max)
				most += sc->items[i].max;
		}
		fmt_num(got, sizeof got, total);
		fmt_num(max, sizeof max, most);
		add_line(p, "  %s: %s out of %s", key->groups[g], got, max);
	}
}

/* Read the items of the test being finished, from memory when sealed. */
static struct mark_key *
open_key(const struct ex *ex, char *err)
{
	const struct seal_package *sp =
	    ex->sealed[unlock_test_index(ex, ex->ctest)];
	struct mark_key *key;
	char *name;

	if (sp == NULL)
		return (mark_key_open(ex->ctest->package, err));
	xasprintf(&name, "%s.zip", ex->ctest->id);
	key = mark_key_open_buffer(sp->zip, sp->zip_len, name, err);
	free(name);
	return (key);
}

int
practice_mark(struct ex *ex, struct practice *p, char *err)
{
	struct mark_attempt a;
	struct mark_score sc;
	struct mark_key *key;
	char got[32], max[32];
	size_t i, by_hand = 0, failed = 0;

	memset(p, 0, sizeof *p);
	if ((key = open_key(ex, err)) == NULL)
		return (-1);
	if (mark_attempt_read(ex->result_path, &a, err) == -1) {
		mark_key_free(key);
		return (-1);
	}
	mark_score(key, &a, NULL, &sc);
	for (i = 0; i < sc.nitems; i++) {
		by_hand += sc.items[i].status == MARK_UNSCORED;
		failed += sc.items[i].status == MARK_FAILED;
	}
	fmt_num(got, sizeof got, sc.total);
	fmt_num(max, sizeof max, sc.max_total);
	if (sc.max_total > 0)
		add_line(p, "Your score: %s out of %s (%.0f%%).", got, max,
		    100.0 * sc.total / sc.max_total);
	else
		add_line(p, "Your score: %s.", got);
	group_lines(p, key, &sc);
	if (by_hand > 0)
		add_line(p, "%zu item%s marked by a person, so not in this"
		    " score.", by_hand, by_hand == 1 ? " is" : "s are");
	if (failed > 0)
		add_line(p, "%zu item%s could not be marked, so not in this"
		    " score.", failed, failed == 1 ? "" : "s");
	mark_score_free(&sc);
	mark_attempt_free(&a);
	mark_key_free(key);
	return (0);
}
