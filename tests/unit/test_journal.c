/*
 * Journal tests: records round-trip, the chain matches its documented
 * definition, a cut at any byte keeps every complete record, damage before
 * the last record is an error, and a failed write is cut away before the
 * next append.
 */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "journal.h"
#include "trust_fixtures.h"

struct sample {
	int64_t		 elapsed;
	const char	*type;
	size_t		 n;
	const char	*f[6];
};

/*
 * Records with spaces, '%', '=', UTF-8, empty fields and control bytes,
 * and the seal and sealedanswer records of a journal with sealed values.
 */
static const struct sample samples[] = {
	{ 0, "begin", 4, { "C1-T1-1", "Zoë Ångström", "", "50% = half" } },
	{ 0, "seal", 2, { "xchacha20poly1305", "2300EAA76E704194" } },
	{ 0, "item", 1, { "Q1" } },
	{ 0, "item", 1, { "Q2" } },
	{ 10, "login", 1, { "host one\tA" } },
	{ 250, "show", 1, { "Q1" } },
	{ 1200, "answer", 4, { "Q1", "RESPONSE", "ChoiceA", "ChoiceC" } },
	{ 1200, "answer", 3, { "Q2", "TEXT", "line one\nline two\r\n" } },
	/* The journal stores a sealed value as any other field. */
	{ 1300, "sealedanswer", 3, { "Q1", "RESPONSE",
	    "BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIz"
	    "NDU2Nzg5Ojs8PT4_QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9g"
	    "YWJjZGVmZ2hpamtsbW4" } },
	{ 5000, "time", 0, { NULL } },
	{ 7000, "flag", 2, { "Q2", "1" } },
	{ 9100, "answer", 3, { "Q2", "TEXT", "" } },
	{ 9999, "end", 2, { "submitted", "1796400000" } },
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

static void
append_samples(struct journal *j, size_t from, size_t to)
{
	char err[ERR_LEN];
	size_t i;

	for (i = from; i < to; i++)
		assert_int_equal(journal_append(j, samples[i].elapsed,
		    samples[i].type, samples[i].n, samples[i].f, err), 0);
}

/* Write the sample journal into dir and return its bytes. */
static char *
make_journal(const char *dir, const char *name, size_t *len)
{
	char err[ERR_LEN], *path = fixture_path(dir, name), *buf;
	struct journal *j;

	j = journal_create(path, err);
	assert_non_null(j);
	append_samples(j, 0, NSAMPLES);
	journal_close(j);
	buf = fixture_read(path, len);
	free(path);
	return (buf);
}

static void
check_sample(const struct jrec *r, size_t i)
{
	size_t k;

	assert_int_equal(r->seq, i + 1);
	assert_int_equal(r->elapsed_ms, samples[i].elapsed);
	assert_string_equal(r->type, samples[i].type);
	assert_int_equal(r->nfields, samples[i].n);
	for (k = 0; k < r->nfields; k++) {
		assert_int_equal(r->field_lens[k], strlen(samples[i].f[k]));
		assert_memory_equal(r->fields[k], samples[i].f[k],
		    r->field_lens[k] + 1);
	}
}

/* Offsets just past each record's newline. */
static size_t
record_ends(const char *buf, size_t len, size_t *ends)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			ends[n++] = i + 1;
	}
	return (n);
}

static void
journal_round_trip(void **state)
{
	char *dir = fixture_dir(), *buf, err[ERR_LEN];
	struct jlog log;
	size_t len, i;

	buf = make_journal(dir, "a.journal", &len);
	assert_int_equal(journal_read_buffer(buf, len, "a.journal", &log,
	    err), 0);
	assert_int_equal(log.n, NSAMPLES);
	assert_false(log.torn);
	assert_int_equal(log.valid_bytes, len);
	assert_int_equal(log.file_bytes, len);
	for (i = 0; i < log.n; i++)
		check_sample(&log.recs[i], i);
	/* One record per line: no field may break the line. */
	for (i = 0, len = 0; buf[i] != '\0'; i++)
		len += buf[i] == '\n';
	assert_int_equal(len, NSAMPLES);
	jlog_free(&log);
	free(buf);
	fixture_rmtree(dir);
}

static void
blake2b_chain(unsigned char prev[32], const char *text, size_t len)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, prev, 32);
	crypto_generichash_update(&st, (const unsigned char *)text, len);
	crypto_generichash_final(&st, prev, 32);
}

/* Recompute the chain from its definition in journal.h. */
static void
journal_chain_definition(void **state)
{
	unsigned char h[32], prev[32];
	char *dir = fixture_dir(), *buf, *line, *nl, *path;
	char hex[65], err[ERR_LEN];
	struct journal *j;
	struct jlog log;
	size_t len, textlen;
	uint64_t n;

	buf = make_journal(dir, "a.journal", &len);
	crypto_generichash(prev, 32, (const unsigned char *)JOURNAL_MAGIC,
	    strlen(JOURNAL_MAGIC), NULL, 0);
	for (line = buf; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		textlen = (size_t)(nl - line) - 65;
		assert_int_equal(line[textlen], ' ');
		blake2b_chain(prev, line, textlen);
		sodium_bin2hex(hex, sizeof hex, prev, 32);
		assert_memory_equal(line + textlen + 1, hex, 64);
	}
	assert_int_equal(journal_read_buffer(buf, len, "a", &log, err), 0);
	assert_memory_equal(log.head, prev, 32);

	/* The writer's head is the reader's head. */
	path = fixture_path(dir, "a.journal");
	j = journal_open_append(path, &log, err);
	assert_non_null(j);
	journal_head(j, h, &n);
	assert_memory_equal(h, prev, 32);
	assert_int_equal(n, NSAMPLES);
	journal_close(j);
	free(path);
	jlog_free(&log);
	free(buf);
	fixture_rmtree(dir);
}

/*
 * Cut the journal at every byte offset: every complete record before the
 * cut survives, a partial one is dropped and flagged, and an append after
 * the cut chains on from the last complete record.
 */
static void
journal_cut_every_offset(void **state)
{
	char *dir = fixture_dir(), *buf, *path, *after, err[ERR_LEN];
	const char *f[1] = { "after the cut" };
	size_t len, ends[NSAMPLES], nends, cut, want, alen, i;
	struct journal *j;
	struct jlog log;
	int64_t last;

	buf = make_journal(dir, "full.journal", &len);
	nends = record_ends(buf, len, ends);
	assert_int_equal(nends, NSAMPLES);
	path = fixture_path(dir, "cut.journal");
	for (cut = 0; cut <= len; cut++) {
		for (want = 0; want < nends && ends[want] <= cut; want++)
			;
		unlink(path);
		fixture_write(path, buf, cut);
		assert_int_equal(journal_read(path, &log, err), 0);
		assert_int_equal(log.n, want);
		assert_int_equal(log.torn, cut != (want ? ends[want - 1] : 0));
		assert_int_equal(log.valid_bytes, want ? ends[want - 1] : 0);
		for (i = 0; i < log.n; i++)
			check_sample(&log.recs[i], i);

		last = want ? samples[want - 1].elapsed : 0;
		j = journal_open_append(path, &log, err);
		assert_non_null(j);
		assert_int_equal(journal_append(j, last + 1, "note", 1, f,
		    err), 0);
		journal_close(j);
		jlog_free(&log);

		after = fixture_read(path, &alen);
		assert_memory_equal(after, buf, want ? ends[want - 1] : 0);
		assert_int_equal(journal_read(path, &log, err), 0);
		assert_int_equal(log.n, want + 1);
		assert_false(log.torn);
		assert_int_equal(log.valid_bytes, alen);
		assert_int_equal(log.recs[want].seq, want + 1);
		assert_string_equal(log.recs[want].fields[0], f[0]);
		jlog_free(&log);
		free(after);
	}
	free(path);
	free(buf);
	fixture_rmtree(dir);
}

/*
 * Any changed byte in a record before the last is an error naming the file
 * and line, except the newline that ends the second-last record: changing
 * it merges the last two records into one torn last line.
 */
static void
journal_flip_middle_rejected(void **state)
{
	char *dir = fixture_dir(), *buf, err[ERR_LEN], want[64];
	size_t len, ends[NSAMPLES], off, line;
	static const unsigned char masks[] = { 0x01, 0x20, 0x80 };
	struct jlog log;
	size_t m;

	buf = make_journal(dir, "a.journal", &len);
	record_ends(buf, len, ends);
	for (off = 0; off < ends[NSAMPLES - 2] - 1; off++) {
		for (line = 0; ends[line] <= off; line++)
			;
		for (m = 0; m < sizeof masks; m++) {
			buf[off] ^= masks[m];
			err[0] = '\0';
			assert_int_equal(journal_read_buffer(buf, len,
			    "a.journal", &log, err), -1);
			snprintf(want, sizeof want, "a.journal: line %zu: ",
			    line + 1);
			if (strncmp(err, want, strlen(want)) != 0)
				fail_msg("offset %zu: %s", off, err);
			buf[off] ^= masks[m];
		}
	}
	free(buf);
	fixture_rmtree(dir);
}

/* A changed byte in the last record drops it as torn. */
static void
journal_flip_last_torn(void **state)
{
	char *dir = fixture_dir(), *buf, err[ERR_LEN];
	size_t len, ends[NSAMPLES], off;
	struct jlog log;

	buf = make_journal(dir, "a.journal", &len);
	record_ends(buf, len, ends);
	for (off = ends[NSAMPLES - 2]; off < len; off++) {
		buf[off] ^= 0x01;
		assert_int_equal(journal_read_buffer(buf, len, "a", &log, err),
		    0);
		assert_int_equal(log.n, NSAMPLES - 1);
		assert_true(log.torn);
		jlog_free(&log);
		buf[off] ^= 0x01;
	}
	free(buf);
	fixture_rmtree(dir);
}

/* Append text and its correct chain hash after prev to out. */
static void
forge_line(char *out, size_t cap, unsigned char prev[32], const char *text)
{
	char hex[65];

	blake2b_chain(prev, text, strlen(text));
	sodium_bin2hex(hex, sizeof hex, prev, 32);
	snprintf(out + strlen(out), cap - strlen(out), "%s %s\n", text, hex);
}

static int
forged_read(const char *const *lines, size_t n, char *err)
{
	unsigned char prev[32];
	char buf[4096] = "";
	struct jlog log;
	size_t i;
	int rc;

	crypto_generichash(prev, 32, (const unsigned char *)JOURNAL_MAGIC,
	    strlen(JOURNAL_MAGIC), NULL, 0);
	for (i = 0; i < n; i++)
		forge_line(buf, sizeof buf, prev, lines[i]);
	rc = journal_read_buffer(buf, strlen(buf), "f.journal", &log, err);
	jlog_free(&log);
	return (rc);
}

/* Records with good hashes but bad sequence or time are errors. */
static void
journal_sequence_and_time(void **state)
{
	const char *good[] = { "1 0 begin", "2 5 time", "3 5 time" };
	const char *gap[] = { "1 0 begin", "3 5 time", "4 6 time" };
	const char *gap_last[] = { "1 0 begin", "2 5 time", "4 6 time" };
	const char *back[] = { "1 0 begin", "2 5 time", "3 4 time" };
	const char *zero[] = { "0 0 begin", "1 5 time" };
	const char *lead[] = { "1 0 begin", "02 5 time", "3 6 time" };
	char err[ERR_LEN];

	assert_int_equal(forged_read(good, 3, err), 0);
	assert_int_equal(forged_read(gap, 3, err), -1);
	assert_non_null(strstr(err, "f.journal: line 2: "));
	assert_non_null(strstr(err, "sequence"));
	assert_int_equal(forged_read(gap_last, 3, err), -1);
	assert_non_null(strstr(err, "line 3"));
	assert_int_equal(forged_read(back, 3, err), -1);
	assert_non_null(strstr(err, "elapsed time goes backwards"));
	assert_int_equal(forged_read(zero, 2, err), -1);
	assert_int_equal(forged_read(lead, 3, err), -1);
}

static void
journal_append_rules(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	struct journal *j, *j2;
	struct jlog log;

	path = fixture_path(dir, "a.journal");
	j = journal_create(path, err);
	assert_non_null(j);
	assert_null(journal_create(path, err));
	assert_non_null(strstr(err, path));

	assert_int_equal(journal_append(j, 100, "time", 0, NULL, err), 0);
	assert_int_equal(journal_append(j, 99, "time", 0, NULL, err), -1);
	assert_non_null(strstr(err, "before the last record"));
	assert_int_equal(journal_append(j, 100, "Bad", 0, NULL, err), -1);
	assert_int_equal(journal_append(j, 100, "", 0, NULL, err), -1);

	/* A second writer is locked out while the first has it open. */
	assert_int_equal(journal_read(path, &log, err), 0);
	j2 = journal_open_append(path, &log, err);
	assert_null(j2);
	assert_non_null(strstr(err, "another process"));
	journal_close(j);
	j2 = journal_open_append(path, &log, err);
	assert_non_null(j2);
	journal_close(j2);
	jlog_free(&log);
	free(path);
	fixture_rmtree(dir);
}

/*
 * A write that fails part way (here: the file size limit, as a full stick
 * would) acknowledges nothing, and the next append cuts the partial bytes
 * off before it writes.
 */
static void
journal_failed_write_cut(void **state)
{
	char *dir = fixture_dir(), *path, err[ERR_LEN];
	const char *f[1] = { "a long enough field to cross the limit" };
	unsigned char head[32], head2[32];
	struct journal *j;
	struct jlog log;
	struct stat st;
	uint64_t n, n2;

	signal(SIGXFSZ, SIG_IGN);
	path = fixture_path(dir, "a.journal");
	j = journal_create(path, err);
	assert_non_null(j);
	append_samples(j, 0, 3);
	journal_head(j, head, &n);
	assert_int_equal(stat(path, &st), 0);

	fixture_fsize_limit((rlim_t)st.st_size + 20);
	assert_int_equal(journal_append(j, 50, "note", 1, f, err), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "not saved"));
	journal_head(j, head2, &n2);
	assert_int_equal(n2, n);
	assert_memory_equal(head2, head, 32);
	assert_int_equal(stat(path, &st), 0);
	fixture_fsize_limit(RLIM_INFINITY);

	assert_int_equal(journal_append(j, 60, "note", 1, f, err), 0);
	journal_close(j);
	assert_int_equal(journal_read(path, &log, err), 0);
	assert_int_equal(log.n, 4);
	assert_false(log.torn);
	assert_int_equal(log.recs[3].elapsed_ms, 60);
	assert_int_equal(log.recs[3].seq, 4);
	jlog_free(&log);
	free(path);
	fixture_rmtree(dir);
}

static void
journal_empty_and_missing(void **state)
{
	char err[ERR_LEN];
	struct jlog log;

	assert_int_equal(journal_read_buffer("", 0, "e", &log, err), 0);
	assert_int_equal(log.n, 0);
	assert_false(log.torn);
	jlog_free(&log);
	assert_int_equal(journal_read_buffer("\n", 1, "e", &log, err), 0);
	assert_true(log.torn);
	jlog_free(&log);
	assert_int_equal(journal_read("/nonexistent/x.journal", &log, err),
	    -1);
	assert_non_null(strstr(err, "/nonexistent/x.journal"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(journal_round_trip),
		cmocka_unit_test(journal_chain_definition),
		cmocka_unit_test(journal_cut_every_offset),
		cmocka_unit_test(journal_flip_middle_rejected),
		cmocka_unit_test(journal_flip_last_torn),
		cmocka_unit_test(journal_sequence_and_time),
		cmocka_unit_test(journal_append_rules),
		cmocka_unit_test(journal_failed_write_cut),
		cmocka_unit_test(journal_empty_and_missing),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
