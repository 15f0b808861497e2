/*
 * Journals written record by record, for the tests of the checks that
 * attempt_load makes when it replays a journal.  Include after
 * trust_fixtures.h.
 */
#ifndef EXAMSTICK_JOURNAL_FIXTURES_H
#define EXAMSTICK_JOURNAL_FIXTURES_H

#include <ctype.h>

#include "attempt.h"
#include "journal.h"

/*
 * Write dir/r.journal afresh with one record per string and replay it
 * with attempt_load.  A string is "TYPE|FIELD|...", written at i ms for
 * record i, or "ELAPSED|TYPE|FIELD|..." with its elapsed time in ms
 * first.  Returns the attempt, or NULL with err set.
 */
static inline struct attempt *
fx_replay(const char *dir, const char *const *recs, size_t n, char *err)
{
	char *path = fixture_path(dir, "r.journal"), e2[ERR_LEN];
	const char *f[16];
	char *copy, *type, *save;
	struct journal *j;
	struct attempt *a;
	int64_t elapsed;
	size_t i, nf;

	unlink(path);
	j = journal_create(path, e2);
	assert_non_null(j);
	for (i = 0; i < n; i++) {
		copy = strdup(recs[i]);
		type = strtok_r(copy, "|", &save);
		elapsed = (int64_t)i;
		if (type != NULL && isdigit((unsigned char)*type)) {
			elapsed = atoll(type);
			type = strtok_r(NULL, "|", &save);
		}
		nf = 0;
		while ((f[nf] = strtok_r(NULL, "|", &save)) != NULL)
			nf++;
		assert_int_equal(journal_append(j, elapsed, type, nf, f, e2),
		    0);
		free(copy);
	}
	journal_close(j);
	a = attempt_load(path, 0, NULL, err);
	free(path);
	return (a);
}

/* Fail unless replaying recs fails with an error that contains want. */
static inline void
fx_replay_rejected(const char *dir, const char *const *recs, size_t n,
    const char *want)
{
	char err[ERR_LEN];
	struct attempt *a;

	a = fx_replay(dir, recs, n, err);
	if (a != NULL)
		fail_msg("replay accepted a bad journal; wanted \"%s\"", want);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

#endif
