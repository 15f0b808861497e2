/*
 * Result file tests.  A written result verifies, here and with the stock
 * minisign, and no single changed byte of it or of its signature does.
 * A result whose journal was altered, cut, extended or swapped, or that
 * disagrees with its journal, is rejected with the journal reason, and
 * so is a result with responses in clear beside a sealed journal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "trust_fixtures.h"
#include "trust_stick.h"

/* How every journal failure reason for attempt C100-T1-1 starts. */
#define JOURNAL_REASON	"journal attempts/C100-T1-1.journal"

static const unsigned char masks[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20,
    0x40, 0x80 };

static enum result_status
verify(const char *path, const struct sig_pubkey *pk, char *reason)
{
	return (result_verify(path, pk, reason));
}

static void
expect(const char *path, const struct sig_pubkey *pk,
    enum result_status want, const char *want_reason)
{
	char reason[ERR_LEN];
	enum result_status st;

	st = verify(path, pk, reason);
	if (st != want)
		fail_msg("status %d, expected %d: %s", st, want, reason);
	if (want_reason != NULL && strstr(reason, want_reason) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", reason, want_reason);
}

/*
 * The result names the centre, stick, candidate, test and attempt, the
 * start and end as UTC times, the time used, and the head of the journal
 * after its last record, as the journal on the stick gives it.
 */
static void
expect_fields(struct stick *s, const char *text)
{
	static const char *const lines[] = {
		"\nid: C100-T1-1\n", "\ncentre: C%209\n",
		"\ncandidate: C100\n", "\ntest: T1\n", "\nattempt: 1\n",
	};
	char err[ERR_LEN], hex[2 * JOURNAL_HASH_BYTES + 1], want[160];
	char *jpath = stick_path(s, "attempts/C100-T1-1.journal");
	const char *p;
	struct jlog log;
	size_t i;

	for (i = 0; i < sizeof lines / sizeof *lines; i++)
		if (strstr(text, lines[i]) == NULL)
			fail_msg("no line \"%s\" in the result", lines[i] + 1);
	for (i = 0; i < 2; i++) {
		p = strstr(text, i == 0 ? "\nstart: " : "\nend: ");
		assert_non_null(p);
		p = strchr(p + 1, ' ') + 1;
		/* 2026-01-02T03:04:05Z */
		assert_true(strspn(p, "0123456789-T:Z") == 20);
		assert_int_equal(p[10], 'T');
		assert_int_equal(p[19], 'Z');
	}
	p = strstr(text, "\ntime-used: ");
	assert_non_null(p);
	assert_true(strspn(p + 12, "0123456789") > 0);

	if (journal_read(jpath, &log, err) != 0)
		fail_msg("journal_read %s: %s", jpath, err);
	for (i = 0; i < JOURNAL_HASH_BYTES; i++)
		snprintf(hex + 2 * i, 3, "%02x", log.head[i]);
	snprintf(want, sizeof want, "\njournal-head: %s\n", hex);
	if (strstr(text, want) == NULL)
		fail_msg("the result does not carry the journal head %s", hex);
	snprintf(want, sizeof want, "\njournal-records: %zu\n", log.n);
	if (strstr(text, want) == NULL)
		fail_msg("the result does not count %zu journal records",
		    log.n);
	jlog_free(&log);
	free(jpath);
}

static void
result_verifies(void **state)
{
	struct stick s;
	char *path, *text, *sigpath, out[1024], *pub, want[128];

	stick_make(&s);
	path = stick_sit(&s, "C100", "free text, 100% mine\nline 2");
	expect(path, NULL, RESULT_OK, NULL);
	expect(path, &s.pk, RESULT_OK, NULL);
	assert_non_null(strstr(path, "/examstick/results/C100-T1-1.result"));

	text = fixture_read(path, NULL);
	assert_memory_equal(text, "examstick result 1\n", 19);
	snprintf(want, sizeof want, "\nstick: %s\n", s.id);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text,
	    "\nname: Zo%C3%AB%20%C3%85ngstr%C3%B6m\n"));
	assert_non_null(strstr(text,
	    "\njournal: attempts/C100-T1-1.journal\n"));
	assert_non_null(strstr(text, "\nresponse: Q1 RESPONSE A\n"));
	assert_non_null(strstr(text, "\nresponse: Q2 TEXT free%20text,%20100%25"
	    "%20mine%0Aline%202\n"));
	assert_non_null(strstr(text, "\nresponse: Q3 PAIRS x \n"));
	assert_non_null(strstr(text, "\nend-reason: submitted\n"));
	assert_non_null(strstr(text, "\nmachine: machine-a\n"));
	assert_non_null(strstr(text, "\ntime-allowed: 3600\n"));
	expect_fields(&s, text);
	free(text);

	/* The stock tool agrees, and shows the attempt it was signed for. */
	fixture_need_minisign();
	pub = stick_path(&s, "keys/stick.pub");
	{
		char *argv[] = { MINISIGN, "-Vm", path, "-p", pub, NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
		assert_non_null(strstr(out, "examstick result C100-T1-1"));
	}
	if (asprintf(&sigpath, "%s.minisig", path) < 0)
		abort();
	text = fixture_read(sigpath, NULL);
	snprintf(want, sizeof want, "untrusted comment: signature from"
	    " examstick key %s\n", s.id);
	assert_memory_equal(text, want, strlen(want));
	free(text);
	free(sigpath);
	free(pub);
	free(path);
	stick_free(&s);
}

/* Change each byte of path in turn (every bit) and expect rejection. */
static void
flip_every_byte(const char *path, const char *result)
{
	char reason[ERR_LEN], *buf;
	size_t len, off, m;

	buf = fixture_read(path, &len);
	for (off = 0; off < len; off++) {
		for (m = 0; m < sizeof masks; m++) {
			buf[off] ^= masks[m];
			fixture_write(path, buf, len);
			if (verify(result, NULL, reason) == RESULT_OK)
				fail_msg("%s: byte %zu ^ 0x%02x verified",
				    path, off, masks[m]);
			buf[off] ^= masks[m];
		}
	}
	/* One byte more or one less is a change too. */
	fixture_write(path, buf, len - 1);
	assert_int_not_equal(verify(result, NULL, reason), RESULT_OK);
	buf[len] = '\n';
	fixture_write(path, buf, len + 1);
	assert_int_not_equal(verify(result, NULL, reason), RESULT_OK);
	fixture_write(path, buf, len);
	free(buf);
}

static void
result_every_byte_change(void **state)
{
	struct stick s;
	char *path, *sigpath, reason[ERR_LEN];

	stick_make(&s);
	path = stick_sit(&s, "C100", "text");
	if (asprintf(&sigpath, "%s.minisig", path) < 0)
		abort();
	flip_every_byte(path, path);
	flip_every_byte(sigpath, path);
	assert_int_equal(verify(path, NULL, reason), RESULT_OK);
	free(sigpath);
	free(path);
	stick_free(&s);
}

/* The reason for a changed result names the stick and the cause. */
static void
result_change_reason(void **state)
{
	struct stick s;
	char *path, *buf, want[128];
	size_t len;

	stick_make(&s);
	path = stick_sit(&s, "C100", "text");
	buf = fixture_read(path, &len);
	*strstr(buf, "response: Q1 RESPONSE A") = 'R';
	fixture_write(path, buf, len);
	snprintf(want, sizeof want, "signature does not match stick %s: the"
	    " file was changed after the test", s.id);
	expect(path, NULL, RESULT_SIGNATURE, want);
	free(buf);
	free(path);
	stick_free(&s);
}

static char *
journal_of(const struct stick *s, const char *candidate)
{
	char rel[128];

	snprintf(rel, sizeof rel, "attempts/%s-T1-1.journal", candidate);
	return (stick_path(s, rel));
}

static void
result_journal_altered(void **state)
{
	struct stick s;
	char *path, *jpath, *buf, *p;
	size_t len;

	stick_make(&s);
	path = stick_sit(&s, "C100", "text");
	jpath = journal_of(&s, "C100");
	buf = fixture_read(jpath, &len);

	/* A changed answer in the middle breaks the chain. */
	p = strstr(buf, " answer Q1 RESPONSE A ");
	assert_non_null(p);
	p[strlen(" answer Q1 RESPONSE ")] = 'B';
	fixture_write(jpath, buf, len);
	expect(path, NULL, RESULT_JOURNAL, JOURNAL_REASON ":");
	expect(path, NULL, RESULT_JOURNAL, "damaged or was changed");
	p[strlen(" answer Q1 RESPONSE ")] = 'A';

	/* The end record cut off at a record boundary. */
	p = buf + len - 1;
	while (p[-1] != '\n')
		p--;
	fixture_write(jpath, buf, (size_t)(p - buf));
	expect(path, NULL, RESULT_JOURNAL, "cut short");

	/* Cut inside the last record. */
	fixture_write(jpath, buf, len - 5);
	expect(path, NULL, RESULT_JOURNAL, "torn");

	/* Missing. */
	unlink(jpath);
	expect(path, NULL, RESULT_JOURNAL, JOURNAL_REASON);

	fixture_write(jpath, buf, len);
	expect(path, NULL, RESULT_OK, NULL);
	free(buf);
	free(jpath);
	free(path);
	stick_free(&s);
}

/* A valid record added after the end is caught by the record count. */
static void
result_journal_extended(void **state)
{
	struct stick s;
	char *path, *jpath, err[ERR_LEN];
	struct journal *j;
	struct jlog log;

	stick_make(&s);
	path = stick_sit(&s, "C100", "text");
	jpath = journal_of(&s, "C100");
	assert_int_equal(journal_read(jpath, &log, err), 0);
	j = journal_open_append(jpath, &log, err);
	assert_non_null(j);
	assert_int_equal(journal_append(j, 999999, "time", 0, NULL, err), 0);
	journal_close(j);
	jlog_free(&log);
	expect(path, NULL, RESULT_JOURNAL, JOURNAL_REASON);
	free(jpath);
	free(path);
	stick_free(&s);
}

/* Another attempt's journal in place of this one's. */
static void
result_journal_swapped(void **state)
{
	struct stick s;
	char *path, *path2, *jpath, *jpath2, *buf;
	size_t len;

	stick_make(&s);
	path = stick_sit(&s, "C100", "mine");
	path2 = stick_sit(&s, "C200", "theirs");
	jpath = journal_of(&s, "C100");
	jpath2 = journal_of(&s, "C200");
	buf = fixture_read(jpath2, &len);
	fixture_write(jpath, buf, len);
	expect(path, NULL, RESULT_JOURNAL, "differs from the signed head");
	expect(path2, NULL, RESULT_OK, NULL);
	free(buf);
	free(jpath);
	free(jpath2);
	free(path);
	free(path2);
	stick_free(&s);
}

/* Replace text in the result and sign it again with the stick key. */
static void
forge(const struct stick *s, const char *path, const char *from,
    const char *to)
{
	char *buf, *p, *out, *sig, *sigpath, err[ERR_LEN];
	size_t len;

	buf = fixture_read(path, &len);
	p = strstr(buf, from);
	assert_non_null(p);
	if (asprintf(&out, "%.*s%s%s", (int)(p - buf), buf, to,
	    p + strlen(from)) < 0)
		abort();
	fixture_write(path, out, strlen(out));
	assert_int_equal(sig_sign(s->sk, out, strlen(out),
	    "examstick result C100-T1-1", &sig, err), 0);
	if (asprintf(&sigpath, "%s.minisig", path) < 0)
		abort();
	fixture_write(sigpath, sig, strlen(sig));
	free(sigpath);
	free(sig);
	free(out);
	free(buf);
}

/* Signed by the stick key but not what the journal replays to. */
static void
result_disagrees_with_journal(void **state)
{
	struct stick s;
	char *path, *orig;
	size_t len;

	stick_make(&s);
	path = stick_sit(&s, "C100", "text");
	orig = fixture_read(path, &len);
	expect(path, NULL, RESULT_OK, NULL);

	forge(&s, path, "response: Q1 RESPONSE A\n",
	    "response: Q1 RESPONSE C\n");
	expect(path, NULL, RESULT_JOURNAL, "response \"Q1 RESPONSE C\" differs"
	    " from the journal's \"Q1 RESPONSE A\"");
	forge(&s, path, "response: Q1 RESPONSE C\n", "");
	expect(path, NULL, RESULT_JOURNAL, "differs from the journal");
	fixture_write(path, orig, len);
	forge(&s, path, "candidate: C100\n", "candidate: C101\n");
	expect(path, NULL, RESULT_JOURNAL, "candidate \"C101\" differs");
	fixture_write(path, orig, len);
	forge(&s, path, "time-allowed: 3600\n", "time-allowed: 7200\n");
	expect(path, NULL, RESULT_JOURNAL, "time-allowed \"7200\" differs");
	fixture_write(path, orig, len);
	forge(&s, path, "response: Q3 PAIRS x \n",
	    "response: Q3 PAIRS x \nresponse: Q3 EXTRA y\n");
	expect(path, NULL, RESULT_JOURNAL, "the result has response \"Q3"
	    " EXTRA y\" that the journal lacks");
	fixture_write(path, orig, len);
	forge(&s, path, "response: Q3 PAIRS x \n", "");
	expect(path, NULL, RESULT_JOURNAL, "the result lacks response \"Q3"
	    " PAIRS x \"");
	free(orig);
	free(path);
	stick_free(&s);
}

static void
result_key_problems(void **state)
{
	struct stick s, other;
	char *path, *pub, *sigpath, *copy, *buf, a[17], want[160];
	size_t len;

	stick_make(&s);
	stick_make(&other);
	path = stick_sit(&s, "C100", "text");

	/* The wrong key given: both key ids in the reason. */
	sig_keyid_hex(other.pk.keyid, a);
	snprintf(want, sizeof want, "signed with key %s, but the public key"
	    " is %s", s.id, a);
	expect(path, &other.pk, RESULT_SIGNATURE, want);

	/* No key for the stick under keys/. */
	pub = stick_path(&s, "keys/stick.pub");
	buf = fixture_read(pub, &len);
	unlink(pub);
	expect(path, NULL, RESULT_NO_KEY, s.id);
	expect(path, &s.pk, RESULT_OK, NULL);
	fixture_write(pub, buf, len);
	free(buf);

	/* No signature at all. */
	if (asprintf(&sigpath, "%s.minisig", path) < 0)
		abort();
	buf = fixture_read(sigpath, &len);
	unlink(sigpath);
	expect(path, NULL, RESULT_SIGNATURE, "the result is not signed");
	fixture_write(sigpath, buf, len);
	free(buf);

	/* A copy under another attempt's name. */
	copy = stick_path(&s, "results/C999-T1-1.result");
	buf = fixture_read(path, &len);
	fixture_write(copy, buf, len);
	free(buf);
	buf = fixture_read(sigpath, &len);
	free(sigpath);
	if (asprintf(&sigpath, "%s.minisig", copy) < 0)
		abort();
	fixture_write(sigpath, buf, len);
	expect(copy, NULL, RESULT_MALFORMED, "holds attempt C100-T1-1");

	expect("/nonexistent/x.result", NULL, RESULT_IO, "/nonexistent");
	free(buf);
	free(sigpath);
	free(copy);
	free(pub);
	free(path);
	stick_free(&other);
	stick_free(&s);
}

static void
result_write_rules(void **state)
{
	static const char *items[] = { "Q1" };
	struct attempt_info info = {
		.id = "C1-T1-1", .centre = "X", .candidate = "C1",
		.name = "N", .test = "T1", .title = "T", .number = 1,
		.allowed_ms = 1000, .machine = "m", .items = items,
		.nitems = 1,
	};
	struct stick s;
	struct attempt *a;
	char *jpath, *results, err[ERR_LEN], *out = NULL;

	stick_make(&s);
	info.stick = s.id;
	jpath = stick_path(&s, "attempts/C1-T1-1.journal");
	results = stick_path(&s, "results");
	a = attempt_start(jpath, &info, err);
	assert_non_null(a);
	assert_int_equal(result_write(results, "attempts/C1-T1-1.journal", a,
	    s.sk, &out, err), -1);
	assert_non_null(strstr(err, "has not ended"));
	assert_int_equal(attempt_end(a, "submitted", err), 0);
	assert_int_equal(result_write(results, "../C1-T1-1.journal", a, s.sk,
	    &out, err), -1);
	assert_int_equal(result_write(results, "/abs.journal", a, s.sk, &out,
	    err), -1);
	free(a->stick);
	a->stick = strdup("0000000000000000");
	assert_int_equal(result_write(results, "attempts/C1-T1-1.journal", a,
	    s.sk, &out, err), -1);
	assert_non_null(strstr(err, s.id));
	free(a->id);
	a->id = strdup("../evil");
	assert_int_equal(result_write(results, "attempts/C1-T1-1.journal", a,
	    s.sk, &out, err), -1);
	assert_null(out);
	attempt_free(a);
	free(jpath);
	free(results);
	stick_free(&s);
}

/*
 * A journal whose answers are sealed replays for verification without
 * the stick key, so its result must seal the responses: a result with
 * them in clear is neither written nor verified.
 */
static void
result_sealed_journal(void **state)
{
	static const char *items[] = { "Q1" };
	const char *v[] = { "secret answer" };
	struct attempt_info info = {
		.id = "C1-T1-1", .centre = "X", .candidate = "C1",
		.name = "N", .test = "T1", .title = "T", .number = 1,
		.allowed_ms = 100000, .machine = "m", .items = items,
		.nitems = 1,
	};
	const char *rel = "attempts/C1-T1-1.journal";
	struct seal_boxpub box;
	unsigned char boxsk[crypto_box_SECRETKEYBYTES];
	struct stick s;
	struct attempt *a;
	char *jpath, *results, err[ERR_LEN], *out = NULL;

	stick_make(&s);
	info.stick = s.id;
	info.seal_key = s.sk;
	crypto_box_keypair(box.pk, boxsk);
	randombytes_buf(box.keyid, sizeof box.keyid);
	jpath = stick_path(&s, rel);
	results = stick_path(&s, "results");
	a = attempt_start(jpath, &info, err);
	assert_non_null(a);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 1, v, err), 0);
	assert_int_equal(attempt_end(a, "submitted", err), 0);
	attempt_free(a);

	/* Without the stick key the values are unknown: no result. */
	a = attempt_load(jpath, 0, NULL, err);
	assert_non_null(a);
	assert_int_equal(result_write_sealed(results, rel, a, s.sk, &box,
	    &out, err), -1);
	assert_non_null(strstr(err, "were not opened"));
	attempt_free(a);

	a = attempt_load_key(jpath, 0, NULL, s.sk, err);
	assert_non_null(a);
	assert_int_equal(result_write(results, rel, a, s.sk, &out, err), -1);
	assert_non_null(strstr(err, "must seal its responses"));
	assert_null(out);
	assert_int_equal(result_write_sealed(results, rel, a, s.sk, &box,
	    &out, err), 0);
	expect(out, NULL, RESULT_OK, NULL);
	free(out);

	/* A signed result with the responses in clear does not verify. */
	a->values_sealed = 0;
	assert_int_equal(result_write(results, rel, a, s.sk, &out, err), 0);
	expect(out, NULL, RESULT_JOURNAL, "journal's answers are sealed");
	free(out);
	attempt_free(a);
	free(jpath);
	free(results);
	stick_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(result_verifies),
		cmocka_unit_test(result_every_byte_change),
		cmocka_unit_test(result_change_reason),
		cmocka_unit_test(result_journal_altered),
		cmocka_unit_test(result_journal_extended),
		cmocka_unit_test(result_journal_swapped),
		cmocka_unit_test(result_disagrees_with_journal),
		cmocka_unit_test(result_key_problems),
		cmocka_unit_test(result_write_rules),
		cmocka_unit_test(result_sealed_journal),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
