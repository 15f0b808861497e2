/*
 * A stick folder with a key pair and finished, signed attempts, for the
 * result and reloader tests.  Include after trust_fixtures.h.
 */
#ifndef EXAMSTICK_TRUST_STICK_H
#define EXAMSTICK_TRUST_STICK_H

#include "attempt.h"
#include "result.h"
#include "sig.h"

struct stick {
	char			*root;		/* the fixture folder */
	char			*dir;		/* root/examstick */
	char			 id[17];	/* stick key id */
	struct sig_pubkey	 pk;
	struct sig_seckey	*sk;
};

static inline char *
stick_path(const struct stick *s, const char *rel)
{
	return (fixture_path(s->dir, rel));
}

static inline void
stick_make(struct stick *s)
{
	char *pub, *sec, *sub, err[ERR_LEN];
	const char *subs[] = { "keys", "attempts", "results" };
	size_t i;

	s->root = fixture_dir();
	s->dir = fixture_path(s->root, "examstick");
	assert_int_equal(mkdir(s->dir, 0755), 0);
	for (i = 0; i < 3; i++) {
		sub = stick_path(s, subs[i]);
		assert_int_equal(mkdir(sub, 0755), 0);
		free(sub);
	}
	pub = stick_path(s, "keys/stick.pub");
	sec = stick_path(s, "keys/stick.key");
	if (sig_keygen(pub, sec, NULL, NULL, err) == -1)
		fail_msg("sig_keygen: %s", err);
	assert_int_equal(sig_pubkey_load(&s->pk, pub, err), 0);
	s->sk = sig_seckey_load(sec, NULL, err);
	assert_non_null(s->sk);
	sig_keyid_hex(s->pk.keyid, s->id);
	free(pub);
	free(sec);
}

static inline void
stick_free(struct stick *s)
{
	sig_seckey_free(s->sk);
	free(s->dir);
	fixture_rmtree(s->root);
}

/*
 * Sit a three-item test as candidate and write its signed result.
 * Returns the result's path; the journal is attempts/CANDIDATE-T1-1.journal.
 */
static inline char *
stick_sit(struct stick *s, const char *candidate, const char *answer)
{
	static const char *items[] = { "Q1", "Q2", "Q3" };
	static char *choices[] = { "B", "A", "C" };
	static const struct attempt_order orders[] = {
		{ "Q1", "RESPONSE", 3, choices },
	};
	const char *v1[] = { "A" }, *v2[] = { answer }, *v3[] = { "x", "" };
	char id[64], rel[128], err[ERR_LEN], *jpath, *rpath, *results;
	struct attempt_info info = {
		.centre = "C 9", .candidate = candidate,
		.name = "Zoë Ångström", .test = "T1",
		.title = "Unit 1: 50% = pass", .number = 1,
		.allowed_ms = 3600000, .machine = "machine-a",
		.items = items, .nitems = 3, .orders = orders, .norders = 1,
	};
	struct attempt *a;

	snprintf(id, sizeof id, "%s-T1-1", candidate);
	snprintf(rel, sizeof rel, "attempts/%s.journal", id);
	info.id = id;
	info.stick = s->id;
	jpath = stick_path(s, rel);
	a = attempt_start(jpath, &info, err);
	if (a == NULL)
		fail_msg("attempt_start: %s", err);
	attempt_clock_start(a);
	assert_int_equal(attempt_show(a, 0, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, v1, err), 0);
	assert_int_equal(attempt_show(a, 1, err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "TEXT", 1, v2, err), 0);
	assert_int_equal(attempt_answer(a, "Q3", "PAIRS", 2, v3, err), 0);
	assert_int_equal(attempt_flag(a, 2, 1, err), 0);
	assert_int_equal(attempt_end(a, "submitted", err), 0);
	attempt_free(a);

	/* The result comes from the journal, as after a restart. */
	a = attempt_load(jpath, 0, NULL, err);
	assert_non_null(a);
	results = stick_path(s, "results");
	if (result_write(results, rel, a, s->sk, &rpath, err) == -1)
		fail_msg("result_write: %s", err);
	attempt_free(a);
	free(results);
	free(jpath);
	return (rpath);
}

/*
 * Start an attempt of candidate at a one-item test and leave it open, as
 * a machine that lost power does.  Its journal is
 * attempts/CANDIDATE-T1-1.journal.
 */
static inline void
stick_sit_open(struct stick *s, const char *candidate)
{
	static const char *items[] = { "Q1" };
	struct attempt_info info = {
		.centre = "C9", .candidate = candidate, .name = "Open",
		.test = "T1", .title = "T", .number = 1,
		.allowed_ms = 60000, .machine = "m", .items = items,
		.nitems = 1,
	};
	char id[64], rel[128], err[ERR_LEN], *path;
	struct attempt *a;

	snprintf(id, sizeof id, "%s-T1-1", candidate);
	snprintf(rel, sizeof rel, "attempts/%s.journal", id);
	info.id = id;
	info.stick = s->id;
	path = stick_path(s, rel);
	a = attempt_start(path, &info, err);
	if (a == NULL)
		fail_msg("attempt_start: %s", err);
	attempt_free(a);
	free(path);
}

#endif
