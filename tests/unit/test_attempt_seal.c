/*
 * Sealed answer values in the journal: a sealed value opens only with
 * the stick key it was sealed with and only in the record it was written
 * for, replay with the key gives the live attempt back, replay without
 * it checks only the form, and a damaged sealed value is an error naming
 * the journal and the record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "attempt.h"
#include "attempt_seal.h"
#include "trust_fixtures.h"
#include "journal_fixtures.h"

static const char *items[] = { "Q1", "Q2", "Q3" };
static char *q1_choices[] = { "ChoiceC", "ChoiceA", "ChoiceB" };
static const struct attempt_order orders[] = {
	{ "Q1", "RESPONSE", 3, q1_choices },
};

/* Values that must never show in the journal of a sealed attempt. */
static const char *secret_text[] = { "zebra crossing 42% = sure\nyes" };
static const char *secret_choices[] = { "ChoiceA", "ChoiceB" };
static const char *pair[] = { "X Y", "" };

static struct attempt_info
sealed_info(const struct sig_seckey *key)
{
	struct attempt_info info = {
		.id = "C100-T1-1", .centre = "CENTRE 9",
		.stick = "4F2A00112233AABB", .candidate = "C100",
		.name = "Zoë Ångström", .test = "T1", .title = "Unit 1",
		.number = 1, .allowed_ms = 3600000, .machine = "machine-a",
		.items = items, .nitems = 3, .orders = orders, .norders = 1,
	};

	info.seal_key = key;
	return (info);
}

/* A fresh Ed25519 stick key with a random key id. */
static struct sig_seckey *
stick_key(void)
{
	struct sig_seckey *k = sodium_malloc(sizeof *k);
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];

	assert_non_null(k);
	crypto_sign_keypair(pk, k->sk);
	randombytes_buf(k->keyid, sizeof k->keyid);
	return (k);
}

static void
play(struct attempt *a)
{
	char err[ERR_LEN];

	assert_int_equal(attempt_show(a, 0, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 2,
	    secret_choices, err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "TEXT", 1, secret_text,
	    err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "OTHER", 2, pair, err), 0);
	assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 1,
	    secret_choices, err), 0);
	assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 0, NULL, err),
	    0);
	assert_int_equal(attempt_flag(a, 1, 1, err), 0);
}

static struct attempt *
start(const char *path, const struct sig_seckey *key)
{
	struct attempt_info info = sealed_info(key);
	char err[ERR_LEN];
	struct attempt *a;

	if ((a = attempt_start(path, &info, err)) == NULL)
		fail_msg("attempt_start: %s", err);
	return (a);
}

static void
assert_values_equal(const struct attempt *x, const struct attempt *y)
{
	size_t i, k;

	assert_int_equal(x->nvalues, y->nvalues);
	for (i = 0; i < x->nvalues; i++) {
		assert_string_equal(x->values[i].item, y->values[i].item);
		assert_string_equal(x->values[i].response,
		    y->values[i].response);
		assert_int_equal(x->values[i].nvalues, y->values[i].nvalues);
		for (k = 0; k < x->values[i].nvalues; k++)
			assert_string_equal(x->values[i].values[k],
			    y->values[i].values[k]);
	}
}

static void
seal_round_trip(void **state)
{
	const char *none[] = { NULL };
	const char *odd[] = { "", " ", "100%", "a=b", "line\nline", "é" };
	const char *const *lists[] = { none, pair, odd, secret_text };
	const size_t counts[] = { 0, 2, 6, 1 };
	struct sig_seckey *k = stick_key();
	unsigned char *key = attempt_seal_key(k, "C1-T1-1");
	char err[ERR_LEN], *box, **v;
	size_t i, j, n;

	for (i = 0; i < 4; i++) {
		box = attempt_seal_values(key, "C1-T1-1", 7, "Q1", "R",
		    counts[i], lists[i]);
		assert_int_equal(strspn(box, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_"), strlen(box));
		assert_int_equal(attempt_seal_check(box, err), 0);
		/* Short value lists all pad to one 64-byte block. */
		assert_int_equal(strlen(box), (24 + 64 + 16) * 4 / 3 + 1);
		if (attempt_seal_open(key, "C1-T1-1", 7, "Q1", "R", box, &v,
		    &n, err) != 0)
			fail_msg("attempt_seal_open: %s", err);
		assert_int_equal(n, counts[i]);
		for (j = 0; j < n; j++)
			assert_string_equal(v[j], lists[i][j]);
		for (j = 0; j <= n; j++)
			free(v[j]);
		free(v);
		free(box);
	}
	sodium_free(key);
	sig_seckey_free(k);
}

/* A value opens only for its attempt, record, item and response. */
static void
seal_moved_rejected(void **state)
{
	struct sig_seckey *k = stick_key(), *other = stick_key();
	unsigned char *key = attempt_seal_key(k, "C1-T1-1");
	unsigned char *key2 = attempt_seal_key(k, "C1-T1-2");
	unsigned char *key3 = attempt_seal_key(other, "C1-T1-1");
	unsigned char raw[24 + 61 + 16];
	char err[ERR_LEN], *box, **v, b64[200];
	size_t n;

	box = attempt_seal_values(key, "C1-T1-1", 7, "Q1", "R", 2, pair);
	assert_int_equal(attempt_seal_open(key, "C1-T1-1", 7, "Q2", "R", box,
	    &v, &n, err), -1);
	assert_non_null(strstr(err, "Q2 R does not open"));
	assert_int_equal(attempt_seal_open(key, "C1-T1-1", 7, "Q1", "S", box,
	    &v, &n, err), -1);
	assert_int_equal(attempt_seal_open(key, "C1-T1-1", 8, "Q1", "R", box,
	    &v, &n, err), -1);
	assert_int_equal(attempt_seal_open(key, "C1-T1-2", 7, "Q1", "R", box,
	    &v, &n, err), -1);
	assert_int_equal(attempt_seal_open(key2, "C1-T1-1", 7, "Q1", "R", box,
	    &v, &n, err), -1);
	assert_int_equal(attempt_seal_open(key3, "C1-T1-1", 7, "Q1", "R", box,
	    &v, &n, err), -1);

	/* Not base64, or not the length of a sealed value. */
	assert_int_equal(attempt_seal_check("AAAA+/==", err), -1);
	assert_non_null(strstr(err, "base64"));
	assert_int_equal(attempt_seal_check("AAAA", err), -1);
	assert_non_null(strstr(err, "has 3 bytes"));
	/* A nonce, a tag and 61 bytes: not whole blocks. */
	memset(raw, 0, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_int_equal(attempt_seal_check(b64, err), -1);
	assert_non_null(strstr(err, "has 101 bytes"));
	assert_non_null(strstr(err, "whole 64-byte blocks"));
	free(box);
	sodium_free(key);
	sodium_free(key2);
	sodium_free(key3);
	sig_seckey_free(k);
	sig_seckey_free(other);
}

/*
 * The journal of a sealed attempt contains no answer value in clear, and
 * replay with the key gives the same answers; without the key it loads
 * read-only with the values unknown.
 */
static void
seal_replay_same(void **state)
{
	struct sig_seckey *k = stick_key(), *other = stick_key();
	char *dir = fixture_dir(), *path = fixture_path(dir, "a.journal");
	char err[ERR_LEN], *buf, keyid[17];
	struct attempt *a, *b;
	size_t len;

	a = start(path, k);
	play(a);
	buf = fixture_read(path, &len);
	assert_null(strstr(buf, "zebra"));
	assert_null(strstr(buf, "X%20Y"));
	assert_null(strstr(buf, " answer "));
	assert_non_null(strstr(buf, " sealedanswer Q2 TEXT "));
	sig_keyid_hex(k->keyid, keyid);
	assert_non_null(strstr(buf, "seal xchacha20poly1305 "));
	assert_non_null(strstr(buf, keyid));
	free(buf);

	b = attempt_load_key(path, 0, NULL, k, err);
	if (b == NULL)
		fail_msg("attempt_load_key: %s", err);
	assert_true(b->values_sealed);
	assert_values_equal(a, b);
	assert_int_equal(b->nvalues, 3);
	assert_string_equal(attempt_value(b, "Q2", "TEXT")->values[0],
	    secret_text[0]);
	assert_string_equal(attempt_value(b, "Q2", "OTHER")->values[1], "");
	assert_null(attempt_value(b, "Q3", "RESPONSE"));
	assert_memory_equal(a->head, b->head, sizeof a->head);
	assert_int_equal(b->flags[1], 1);
	attempt_free(b);

	/* Without the key: read-only, values unknown, everything else there. */
	b = attempt_load(path, 0, NULL, err);
	if (b == NULL)
		fail_msg("attempt_load: %s", err);
	assert_true(b->values_sealed);
	assert_null(b->value_key);
	assert_int_equal(b->nvalues, 0);
	assert_int_equal(b->nrecords, a->nrecords);
	assert_int_equal(b->flags[1], 1);
	attempt_free(b);
	assert_null(attempt_load(path, 1, "machine-b", err));
	assert_non_null(strstr(err, "not unlocked"));

	/* Another stick key is named, not taken for damage. */
	assert_null(attempt_load_key(path, 0, NULL, other, err));
	assert_non_null(strstr(err, "record 2"));
	assert_non_null(strstr(err, keyid));

	/* Resume with the key goes on sealed. */
	attempt_free(a);
	a = attempt_load_key(path, 1, "machine-b", k, err);
	if (a == NULL)
		fail_msg("attempt_load_key: %s", err);
	assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 1, pair, err),
	    0);
	b = attempt_load_key(path, 0, NULL, k, err);
	assert_non_null(b);
	assert_values_equal(a, b);
	attempt_free(b);
	attempt_free(a);
	sig_seckey_free(k);
	sig_seckey_free(other);
	free(path);
	fixture_rmtree(dir);
}

/* Recompute the chain of a journal text after a change in place. */
static void
rechain(char *buf)
{
	unsigned char prev[JOURNAL_HASH_BYTES];
	crypto_generichash_state st;
	char *line, *nl;
	size_t textlen;

	crypto_generichash(prev, sizeof prev,
	    (const unsigned char *)JOURNAL_MAGIC, strlen(JOURNAL_MAGIC),
	    NULL, 0);
	for (line = buf; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		textlen = (size_t)(nl - line) - 2 * JOURNAL_HASH_BYTES - 1;
		crypto_generichash_init(&st, NULL, 0, sizeof prev);
		crypto_generichash_update(&st, prev, sizeof prev);
		crypto_generichash_update(&st, (const unsigned char *)line,
		    textlen);
		crypto_generichash_final(&st, prev, sizeof prev);
		sodium_bin2hex(line + textlen + 1, 2 * JOURNAL_HASH_BYTES + 1,
		    prev, sizeof prev);
		line[textlen + 1 + 2 * JOURNAL_HASH_BYTES] = '\n';
	}
}

/* The start of line number lineno (from 1). */
static char *
line_start(char *buf, size_t lineno)
{
	while (--lineno > 0) {
		buf = strchr(buf, '\n');
		assert_non_null(buf);
		buf++;
	}
	return (buf);
}

/*
 * A flipped byte in a sealed value, behind a correct chain, is an error
 * naming the journal and the record; so is a sealed value moved to
 * another item, or an answer record in clear among sealed ones.
 */
static void
seal_damage_named(void **state)
{
	struct sig_seckey *k = stick_key();
	char *dir = fixture_dir(), *path = fixture_path(dir, "a.journal");
	char *bad = fixture_path(dir, "b.journal");
	char err[ERR_LEN], *buf, *line, *box, want[64];
	struct attempt *a;
	size_t len, rec;

	a = start(path, k);
	play(a);
	attempt_free(a);
	buf = fixture_read(path, &len);
	line = strstr(buf, " sealedanswer Q2 TEXT ");
	assert_non_null(line);
	for (rec = 1; line_start(buf, rec + 1) <= line; rec++)
		;
	box = line + strlen(" sealedanswer Q2 TEXT ");

	/* A flipped byte of the ciphertext. */
	box[30] = box[30] == 'A' ? 'B' : 'A';
	rechain(buf);
	fixture_write(bad, buf, len);
	assert_null(attempt_load_key(bad, 0, NULL, k, err));
	snprintf(want, sizeof want, "b.journal: record %zu: ", rec);
	if (strstr(err, want) == NULL)
		fail_msg("no \"%s\" in: %s", want, err);
	assert_non_null(strstr(err, "does not open"));
	assert_non_null(strstr(err, "damaged"));
	/* Without the key the form is still right, so it loads. */
	a = attempt_load(bad, 0, NULL, err);
	assert_non_null(a);
	attempt_free(a);
	box[30] = box[30] == 'A' ? 'B' : 'A';

	/* The value moved to another response of the same item. */
	memcpy(line, " sealedanswer Q2 TEXX ", strlen(" sealedanswer Q2 TEXX "));
	rechain(buf);
	fixture_write(bad, buf, len);
	assert_null(attempt_load_key(bad, 0, NULL, k, err));
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, "Q2 TEXX does not open"));

	/* A base64 character that URL-safe base64 lacks. */
	memcpy(line, " sealedanswer Q2 TEXT ", strlen(" sealedanswer Q2 TEXT "));
	box[5] = '+';
	rechain(buf);
	fixture_write(bad, buf, len);
	a = attempt_load(bad, 0, NULL, err);
	assert_null(a);
	assert_non_null(strstr(err, want));
	assert_non_null(strstr(err, "not URL-safe base64"));

	/* An answer record in clear in a sealed journal. */
	memcpy(line, " answer Q2 TEXT ", strlen(" answer Q2 TEXT "));
	memmove(line + strlen(" answer Q2 TEXT "),
	    line + strlen(" sealedanswer Q2 TEXT "),
	    strlen(line + strlen(" sealedanswer Q2 TEXT ")) + 1);
	rechain(buf);
	fixture_write(bad, buf, strlen(buf));
	assert_null(attempt_load(bad, 0, NULL, err));
	assert_non_null(strstr(err, "in clear"));
	free(buf);
	sig_seckey_free(k);
	free(bad);
	free(path);
	fixture_rmtree(dir);
}

/*
 * Cut a sealed journal at every byte: each prefix replays with the key
 * to its complete records, and an answer written after the cut (under
 * the record number that the cut leaves) opens on the next replay.
 */
static void
seal_cut_every_offset(void **state)
{
	struct sig_seckey *k = stick_key();
	char *dir = fixture_dir(), *path = fixture_path(dir, "a.journal");
	char *cut_path = fixture_path(dir, "cut.journal");
	const char *late[] = { "after the cut" };
	char err[ERR_LEN], *buf;
	struct attempt *a;
	size_t len, cut, i, complete, setup;

	a = start(path, k);
	setup = a->nrecords;	/* begin, seal, items, order, login */
	play(a);
	attempt_free(a);
	buf = fixture_read(path, &len);
	for (cut = 0; cut <= len; cut++) {
		for (complete = 0, i = 0; i < cut; i++)
			complete += buf[i] == '\n';
		unlink(cut_path);
		fixture_write(cut_path, buf, cut);
		a = attempt_load_key(cut_path, 0, NULL, k, err);
		if (complete == 0) {
			assert_null(a);
			continue;
		}
		if (a == NULL)
			fail_msg("cut at %zu: %s", cut, err);
		assert_int_equal(a->nrecords, complete);
		assert_int_equal(a->torn, cut > 0 && buf[cut - 1] != '\n');
		attempt_free(a);
		if (complete < setup)
			continue;

		a = attempt_load_key(cut_path, 1, "machine-b", k, err);
		if (a == NULL)
			fail_msg("cut at %zu: %s", cut, err);
		assert_int_equal(attempt_answer(a, "Q3", "RESPONSE", 1, late,
		    err), 0);
		attempt_free(a);
		a = attempt_load_key(cut_path, 0, NULL, k, err);
		if (a == NULL)
			fail_msg("cut at %zu, reloaded: %s", cut, err);
		assert_false(a->torn);
		assert_int_equal(a->nrecords, complete + 2);
		assert_string_equal(attempt_value(a, "Q3",
		    "RESPONSE")->values[0], late[0]);
		attempt_free(a);
	}
	free(buf);
	sig_seckey_free(k);
	free(cut_path);
	free(path);
	fixture_rmtree(dir);
}

#define BEGIN	"begin|A-T-1|C|S|A|N|T|Title|1|60000|1700000000|m"
#define SEAL	"seal|xchacha20poly1305|2300EAA76E704194"
#define BOX	"sealedanswer|Q1|R|" \
	"BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIz" \
	"NDU2Nzg5Ojs8PT4_QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9g" \
	"YWJjZGVmZ2hpamtsbW4"

/* The seal record comes right after begin, and sealed answers need it. */
static void
seal_record_rules(void **state)
{
	static const struct {
		const char	*recs[5];
		size_t		 n;
		const char	*want;	/* NULL: replays */
	} cases[] = {
		{ { BEGIN, SEAL, "item|Q1", "login|m", BOX }, 5, NULL },
		{ { BEGIN, "item|Q1", SEAL }, 3, "does not follow the begin" },
		{ { BEGIN, "login|m", SEAL }, 3, "does not follow the begin" },
		{ { BEGIN, SEAL, SEAL }, 3, "does not follow the begin" },
		{ { BEGIN, "seal|aes|2300EAA76E704194" }, 2,
		    "unknown sealing algorithm aes" },
		{ { BEGIN, "seal|xchacha20poly1305|2300eaa76e704194" }, 2,
		    "invalid stick key id" },
		{ { BEGIN, "item|Q1", "login|m", BOX }, 4,
		    "without a seal record" },
		{ { BEGIN, SEAL, "item|Q1", "login|m", "answer|Q1|R|A" }, 5,
		    "in clear" },
		{ { BEGIN, SEAL, "item|Q1", "login|m", "sealedanswer|Q1|R" },
		    5, "with 2 fields" },
	};
	char *dir = fixture_dir(), err[ERR_LEN];
	struct attempt *a;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		a = fx_replay(dir, cases[i].recs, cases[i].n, err);
		if (cases[i].want == NULL) {
			if (a == NULL)
				fail_msg("case %zu: %s", i, err);
			assert_true(a->values_sealed);
			attempt_free(a);
			continue;
		}
		if (a != NULL)
			fail_msg("case %zu replayed", i);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err,
			    cases[i].want);
	}
	fixture_rmtree(dir);
}

/* Without a seal key the journal is as before: no seal record. */
static void
seal_absent_clear(void **state)
{
	char *dir = fixture_dir(), *path = fixture_path(dir, "a.journal");
	char *buf;
	struct attempt *a;
	size_t len;

	a = start(path, NULL);
	play(a);
	assert_false(a->values_sealed);
	attempt_free(a);
	buf = fixture_read(path, &len);
	assert_null(strstr(buf, " seal "));
	assert_null(strstr(buf, "sealedanswer"));
	assert_non_null(strstr(buf, " answer Q2 TEXT zebra%20crossing"));
	free(buf);
	free(path);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seal_round_trip),
		cmocka_unit_test(seal_moved_rejected),
		cmocka_unit_test(seal_replay_same),
		cmocka_unit_test(seal_damage_named),
		cmocka_unit_test(seal_cut_every_offset),
		cmocka_unit_test(seal_record_rules),
		cmocka_unit_test(seal_absent_clear),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
