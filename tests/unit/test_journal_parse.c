/*
 * Journal reader tests on record lines built here by hand and chained as
 * journal.h defines.  They cover records with more fields than the reader
 * splits on its stack, percent escapes of either case, malformed escapes,
 * a NUL byte inside a field and a hash in uppercase.  Journals cut or
 * changed at every byte keep exactly their intact records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "journal.h"

/* A journal text under construction and the hash of its last record. */
struct jtext {
	char		*buf;
	size_t		 len;
	unsigned char	 head[JOURNAL_HASH_BYTES];
	uint64_t	 seq;
};

static void
jtext_init(struct jtext *t)
{
	memset(t, 0, sizeof *t);
	crypto_generichash(t->head, JOURNAL_HASH_BYTES,
	    (const unsigned char *)JOURNAL_MAGIC, strlen(JOURNAL_MAGIC),
	    NULL, 0);
}

/*
 * Append the record "SEQ ELAPSED body HASH\n", body being "TYPE FIELD..."
 * as it is written in the file (len bytes, which may hold NUL bytes).
 * With upper set, the hash is written in uppercase hex.
 */
static void
jtext_add(struct jtext *t, int64_t elapsed, const char *body, size_t len,
    int upper)
{
	crypto_generichash_state st;
	char prefix[64];
	size_t n, i;
	int plen;

	plen = snprintf(prefix, sizeof prefix, "%llu %lld ",
	    (unsigned long long)++t->seq, (long long)elapsed);
	crypto_generichash_init(&st, NULL, 0, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, t->head, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)prefix,
	    (size_t)plen);
	crypto_generichash_update(&st, (const unsigned char *)body, len);
	crypto_generichash_final(&st, t->head, JOURNAL_HASH_BYTES);

	n = t->len + (size_t)plen + len + 2 + 2 * JOURNAL_HASH_BYTES;
	t->buf = realloc(t->buf, n + 1);
	assert_non_null(t->buf);
	memcpy(t->buf + t->len, prefix, (size_t)plen);
	memcpy(t->buf + t->len + plen, body, len);
	t->len += (size_t)plen + len;
	t->buf[t->len++] = ' ';
	for (i = 0; i < JOURNAL_HASH_BYTES; i++) {
		snprintf(t->buf + t->len, 3, upper ? "%02X" : "%02x",
		    t->head[i]);
		t->len += 2;
	}
	t->buf[t->len++] = '\n';
}

static void
jtext_add_str(struct jtext *t, int64_t elapsed, const char *body)
{
	jtext_add(t, elapsed, body, strlen(body), 0);
}

/* Read t's text into log, which must succeed. */
static void
read_ok(const struct jtext *t, struct jlog *log)
{
	char err[ERR_LEN];

	if (journal_read_buffer(t->buf, t->len, "test.journal", log,
	    err) != 0)
		fail_msg("journal_read_buffer: %s", err);
}

/* Read t's text, which must fail with a damaged-journal error at line. */
static void
read_damaged(const struct jtext *t, size_t line, const char *why)
{
	char err[ERR_LEN], want[128];
	struct jlog log;

	assert_int_equal(journal_read_buffer(t->buf, t->len, "test.journal",
	    &log, err), -1);
	snprintf(want, sizeof want, "test.journal: line %zu: %s", line, why);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

/* 40 fields: more than the reader splits on its stack. */
#define MANY_FIELDS	40

static void
many_fields_body(char *body, size_t size)
{
	size_t i, n;

	n = (size_t)snprintf(body, size, "note");
	for (i = 0; i < MANY_FIELDS; i++)
		n += (size_t)snprintf(body + n, size - n, " f%zu", i);
}

static void
parse_many_fields(void **state)
{
	char body[512], want[8];
	struct jtext t;
	struct jlog log;
	size_t i;

	many_fields_body(body, sizeof body);
	jtext_init(&t);
	jtext_add_str(&t, 0, "begin one");
	jtext_add_str(&t, 5, body);
	jtext_add_str(&t, 9, "end");
	read_ok(&t, &log);
	assert_int_equal(log.n, 3);
	assert_false(log.torn);
	assert_int_equal(log.valid_bytes, t.len);
	assert_memory_equal(log.head, t.head, JOURNAL_HASH_BYTES);
	assert_string_equal(log.recs[1].type, "note");
	assert_int_equal(log.recs[1].nfields, MANY_FIELDS);
	for (i = 0; i < MANY_FIELDS; i++) {
		snprintf(want, sizeof want, "f%zu", i);
		assert_string_equal(log.recs[1].fields[i], want);
		assert_int_equal(log.recs[1].field_lens[i], strlen(want));
	}
	assert_int_equal(log.recs[2].nfields, 0);
	jlog_free(&log);
	free(t.buf);
}

static void
parse_escapes(void **state)
{
	struct jtext t;
	struct jlog log;
	struct jrec *r;

	jtext_init(&t);
	jtext_add_str(&t, 0, "answer %41%4a%4A a%20b %00 %25 ");
	read_ok(&t, &log);
	assert_int_equal(log.n, 1);
	r = &log.recs[0];
	assert_int_equal(r->nfields, 5);
	assert_string_equal(r->fields[0], "AJJ");
	assert_string_equal(r->fields[1], "a b");
	assert_int_equal(r->field_lens[2], 1);
	assert_int_equal(r->fields[2][0], '\0');
	assert_string_equal(r->fields[3], "%");
	assert_string_equal(r->fields[4], "");
	assert_int_equal(r->field_lens[4], 0);
	jlog_free(&log);
	free(t.buf);
}

/*
 * A malformed escape in an intact, chained record is damage wherever it
 * is, even in the last record.
 */
static void
parse_bad_escapes(void **state)
{
	static const char *const bad[] = {
		"answer %", "answer %4", "answer x%", "answer %g0",
		"answer %0g", "answer ok %4 ok", "answer %%41",
	};
	struct jtext t;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		jtext_init(&t);
		jtext_add_str(&t, 0, "begin one");
		jtext_add_str(&t, 1, bad[i]);
		read_damaged(&t, 2, "a field has a malformed percent escape");
		free(t.buf);
	}
}

/*
 * A raw NUL byte in a field is covered by the hash, and the decoded field
 * ends at it.
 */
static void
parse_nul_in_field(void **state)
{
	static const char body[] = "answer ab\0cd ef";
	struct jtext t;
	struct jlog log;

	jtext_init(&t);
	jtext_add(&t, 0, body, sizeof body - 1, 0);
	read_ok(&t, &log);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.recs[0].nfields, 2);
	assert_string_equal(log.recs[0].fields[0], "ab");
	assert_int_equal(log.recs[0].field_lens[0], 2);
	assert_string_equal(log.recs[0].fields[1], "ef");
	jlog_free(&log);
	free(t.buf);
}

/* The record hash is lowercase hex: uppercase is damage, or a torn end. */
static void
parse_uppercase_hash(void **state)
{
	struct jtext t;
	struct jlog log;

	jtext_init(&t);
	jtext_add_str(&t, 0, "begin one");
	jtext_add(&t, 1, "show Q1", 7, 1);
	jtext_add_str(&t, 2, "end");
	read_damaged(&t, 2, "the record is malformed");
	free(t.buf);

	jtext_init(&t);
	jtext_add_str(&t, 0, "begin one");
	jtext_add(&t, 1, "show Q1", 7, 1);
	read_ok(&t, &log);
	assert_int_equal(log.n, 1);
	assert_true(log.torn);
	jlog_free(&log);
	free(t.buf);
}

/* The end offset of each record in t's text. */
static size_t
record_ends(const struct jtext *t, size_t *ends, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < t->len && n < max; i++) {
		if (t->buf[i] == '\n')
			ends[n++] = i + 1;
	}
	return (n);
}

static void
many_fields_journal(struct jtext *t)
{
	char body[512];

	many_fields_body(body, sizeof body);
	jtext_init(t);
	jtext_add_str(t, 0, "begin one%20two");
	jtext_add_str(t, 3, body);
	jtext_add_str(t, 4, "answer Q1 %41");
	jtext_add_str(t, 7, body);
}

/* A cut at any byte keeps exactly the complete records before it. */
static void
parse_cut_every_offset(void **state)
{
	size_t ends[8], nends, cut, want;
	char err[ERR_LEN];
	struct jtext t;
	struct jlog log;

	many_fields_journal(&t);
	nends = record_ends(&t, ends, 8);
	assert_int_equal(nends, 4);
	for (cut = 0; cut <= t.len; cut++) {
		for (want = 0; want < nends && ends[want] <= cut; want++)
			;
		if (journal_read_buffer(t.buf, cut, "cut.journal", &log,
		    err) != 0)
			fail_msg("cut at %zu: %s", cut, err);
		assert_int_equal(log.n, want);
		assert_int_equal(log.torn, cut != (want ? ends[want - 1] : 0));
		assert_int_equal(log.valid_bytes, want ? ends[want - 1] : 0);
		if (want >= 2)
			assert_int_equal(log.recs[1].nfields, MANY_FIELDS);
		jlog_free(&log);
	}
	free(t.buf);
}

/*
 * Every changed byte before the last record is an error, and a changed
 * byte in the last record drops that record as torn.  The exception is
 * the newline before the last record: the change joins the two last
 * records into one line that fails its hash, so both are dropped as torn.
 */
static void
parse_flip_every_byte(void **state)
{
	size_t ends[8], i, last_start;
	char err[ERR_LEN], *copy;
	struct jtext t;
	struct jlog log;
	int rc;

	many_fields_journal(&t);
	assert_int_equal(record_ends(&t, ends, 8), 4);
	last_start = ends[2];
	copy = malloc(t.len);
	assert_non_null(copy);
	for (i = 0; i < t.len; i++) {
		memcpy(copy, t.buf, t.len);
		copy[i] ^= 0x01;
		rc = journal_read_buffer(copy, t.len, "flip.journal", &log,
		    err);
		if (i + 1 == last_start) {
			if (rc != 0)
				fail_msg("flip at %zu: %s", i, err);
			assert_int_equal(log.n, 2);
			assert_true(log.torn);
			jlog_free(&log);
			continue;
		}
		if (i < last_start) {
			if (rc != -1)
				fail_msg("flip at %zu was not rejected", i);
			continue;
		}
		if (rc != 0)
			fail_msg("flip at %zu: %s", i, err);
		assert_int_equal(log.n, 3);
		assert_true(log.torn);
		jlog_free(&log);
	}
	free(copy);
	free(t.buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_many_fields),
		cmocka_unit_test(parse_escapes),
		cmocka_unit_test(parse_bad_escapes),
		cmocka_unit_test(parse_nul_in_field),
		cmocka_unit_test(parse_uppercase_hash),
		cmocka_unit_test(parse_cut_every_offset),
		cmocka_unit_test(parse_flip_every_byte),
	};

	if (sodium_init() < 0)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
