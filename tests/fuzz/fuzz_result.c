/*
 * Fuzz target for the result verifier: result_verify on a result file in
 * a stick folder under $TMPDIR, with its journal beside it.
 * Input: result text, optionally a NUL and journal text.
 *
 * The harness lets mutated inputs reach the result parser and the
 * journal replay behind the signature and the hashes.  It makes the
 * journal's chain hashes correct (fuzz_rechain) and writes the journal's
 * real record count and head into the result's journal-records and
 * journal-head lines.  Then it signs the result with the fuzz key as
 * result_write does: the trusted comment names the attempt from the id
 * line, and the file is named after it.  The journal goes where the
 * result's journal line points when that is a plain name under
 * attempts/.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "journal.h"
#include "result.h"

static char *stick;	/* the examstick/ folder */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *root = fuzz_tempdir("result"), *path;
	const char *subs[] = { "", "/attempts", "/results", "/keys" };
	size_t i;

	fuzz_seckey();
	if (asprintf(&stick, "%s/examstick", root) < 0)
		abort();
	for (i = 0; i < 4; i++) {
		if (asprintf(&path, "%s%s", stick, subs[i]) < 0 ||
		    mkdir(path, 0755) == -1)
			abort();
		free(path);
	}
	return (0);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0) {
		perror(path);
		abort();
	}
}

/*
 * Check that s is a file name that result_write accepts: 1 to max ASCII
 * letters, digits, '.', '-' or '_', not starting with '.'.
 */
static int
name_safe(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > max || s[0] == '.')
		return (0);
	for (i = 0; i < n; i++)
		if (!isascii((unsigned char)s[i]) ||
		    (!isalnum((unsigned char)s[i]) &&
		    strchr(".-_", s[i]) == NULL))
			return (0);
	return (1);
}

/* A decoded "KEY: VALUE" of the result, or NULL. */
static char *
decoded(const char *text, size_t len, const char *key)
{
	char *raw = fuzz_result_value(text, len, key), *value;

	if (raw == NULL)
		return (NULL);
	value = util_pct_decode(raw, NULL);
	free(raw);
	return (value);
}

/* Write the journal and return its path, or NULL when none is written. */
static char *
put_journal(const char *result, size_t len, const char *journal,
    size_t journal_len)
{
	char *rel = decoded(result, len, "journal"), *path = NULL;

	if (rel != NULL && strncmp(rel, "attempts/", 9) == 0 &&
	    name_safe(rel + 9, 200)) {
		if (asprintf(&path, "%s/%s", stick, rel) < 0)
			abort();
		write_file(path, journal, journal_len);
	}
	free(rel);
	return (path);
}

/* Copy the journal's real head and length into the result. */
static char *
fix_head(const char *result, size_t len, const char *journal,
    size_t journal_len, size_t *out_len)
{
	char err[ERR_LEN], hex[2 * JOURNAL_HASH_BYTES + 1], num[32];
	char *step, *out;
	struct jlog log;
	size_t step_len;

	if (journal_read_buffer(journal, journal_len, "fuzz.journal", &log,
	    err) == -1) {
		*out_len = len;
		return (fuzz_strndup(result, len));
	}
	util_hex(log.head, sizeof log.head, hex, 0);
	snprintf(num, sizeof num, "%zu", log.n);
	jlog_free(&log);
	step = fuzz_result_set(result, len, "journal-head", hex, &step_len);
	out = fuzz_result_set(step, step_len, "journal-records", num,
	    out_len);
	free(step);
	return (out);
}

/* Sign text as result_write does and write both files. */
static char *
put_result(const char *text, size_t len)
{
	char *id = decoded(text, len, "id"), *path, *sigpath, *comment;
	char *sig, err[ERR_LEN];

	if (asprintf(&path, "%s/results/%s.result", stick,
	    id != NULL && name_safe(id, 200) ? id : "fuzz") < 0 ||
	    asprintf(&sigpath, "%s.minisig", path) < 0 ||
	    asprintf(&comment, "examstick result %s", id ? id : "") < 0)
		abort();
	write_file(path, text, len);
	if (sig_sign(fuzz_seckey(), text, len, comment, &sig, err) == 0) {
		write_file(sigpath, sig, strlen(sig));
		free(sig);
	}
	free(comment);
	free(sigpath);
	free(id);
	return (path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *result, *journal;
	size_t result_len, journal_len, chained_len, text_len;
	char reason[ERR_LEN], *chained, *text, *jpath, *rpath, *sigpath;

	fuzz_split(data, size, &result, &result_len, &journal, &journal_len);
	chained = fuzz_rechain(journal ? (const char *)journal : "",
	    journal_len, &chained_len);
	text = fix_head((const char *)result, result_len, chained,
	    chained_len, &text_len);
	jpath = put_journal(text, text_len, chained, chained_len);
	rpath = put_result(text, text_len);

	result_verify(rpath, fuzz_pubkey(), reason);

	if (asprintf(&sigpath, "%s.minisig", rpath) < 0)
		abort();
	unlink(sigpath);
	unlink(rpath);
	if (jpath != NULL)
		unlink(jpath);
	free(sigpath);
	free(rpath);
	free(jpath);
	free(chained);
	free(text);
	return (0);
}
