/*
 * The answer journal: reading, checking and appending hash-chained text
 * records.  The record layout is described in journal.h and
 * docs/formats.md.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "journal.h"

struct journal {
	char		*path;
	int		 fd;
	uint64_t	 nrecords;
	int64_t		 elapsed_ms;
	unsigned char	 head[JOURNAL_HASH_BYTES];
	size_t		 valid_bytes;
	/* a failed write may have left bytes after valid_bytes */
	int		 dirty;
};

/* The hash that the first record chains from. */
static void
journal_seed(unsigned char out[JOURNAL_HASH_BYTES])
{
	crypto_generichash(out, JOURNAL_HASH_BYTES,
	    (const unsigned char *)JOURNAL_MAGIC, strlen(JOURNAL_MAGIC),
	    NULL, 0);
}

/* Hash of the previous hash followed by the record text before " HASH". */
static void
record_hash(const unsigned char prev[JOURNAL_HASH_BYTES], const char *text,
    size_t len, unsigned char out[JOURNAL_HASH_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, prev, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)text, len);
	crypto_generichash_final(&st, out, JOURNAL_HASH_BYTES);
}

/* A record type is one or more lowercase ASCII letters. */
static int
type_valid(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 32)
		return (0);
	for (i = 0; i < len; i++) {
		if (s[i] < 'a' || s[i] > 'z')
			return (0);
	}
	return (1);
}

/*
 * Parse a canonical unsigned decimal number (no sign, no leading zero)
 * that fits in int64_t.
 */
static int
parse_number(const char *s, size_t len, int64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 19 || (len > 1 && s[0] == '0'))
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return (-1);
	*out = (int64_t)v;
	return (0);
}

static void
jrec_clear(struct jrec *r)
{
	size_t i;

	free(r->type);
	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	free(r->field_lens);
	memset(r, 0, sizeof *r);
}

void
jlog_free(struct jlog *log)
{
	size_t i;

	if (log == NULL)
		return;
	for (i = 0; i < log->n; i++)
		jrec_clear(&log->recs[i]);
	free(log->recs);
	memset(log, 0, sizeof *log);
}

/*
 * Maximum tokens that parse_record splits on the stack, beyond which it
 * uses the heap.
 */
#define TOKENS_ON_STACK	32

/*
 * Split line[0..len) at single spaces into the max slots of starts and
 * lens; returns the number of tokens, which may be more than max.
 */
static size_t
split_tokens(const char *line, size_t len, const char **starts,
    size_t *lens, size_t max)
{
	size_t i, k = 0, from = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && line[i] != ' ')
			continue;
		if (k < max) {
			starts[k] = line + from;
			lens[k] = i - from;
		}
		k++;
		from = i + 1;
	}
	return (k);
}

/*
 * One more than the value of each lowercase hex digit, and zero for
 * every other byte.  Each record's hash is 64 digits, so the check of
 * each digit is a table lookup.
 */
static const unsigned char lower_hex_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* The value of a lowercase hex digit, or -1. */
static int
lower_hex_digit(int c)
{
	return ((int)lower_hex_plus1[(unsigned char)c] - 1);
}

/* The value of a hex digit of either case, as percent escapes allow. */
static int
hex_digit(int c)
{
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (lower_hex_digit(c));
}

/* Decode the lowercase hex record hash.  Returns -1 on any other byte. */
static int
hash_unhex(const char *hex, unsigned char out[JOURNAL_HASH_BYTES])
{
	int hi, lo;
	size_t i;

	for (i = 0; i < JOURNAL_HASH_BYTES; i++) {
		hi = lower_hex_digit((unsigned char)hex[2 * i]);
		lo = lower_hex_digit((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return (-1);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (0);
}

/*
 * Percent-decode the field text s[0..len) into a new string, as
 * util_pct_decode does with the text up to its first NUL byte.  Returns
 * NULL on a malformed escape.
 */
static char *
field_decode(const char *s, size_t len, size_t *outlen)
{
	const char *end = s + strnlen(s, len);
	char *out = xmalloc((size_t)(end - s) + 1), *p = out;
	int hi, lo;

	while (s < end) {
		if (*s != '%') {
			*p++ = *s++;
			continue;
		}
		hi = end - s > 1 ? hex_digit((unsigned char)s[1]) : -1;
		lo = hi >= 0 && end - s > 2 ? hex_digit((unsigned char)s[2]) :
		    -1;
		if (hi < 0 || lo < 0) {
			free(out);
			return (NULL);
		}
		*p++ = (char)(hi << 4 | lo);
		s += 3;
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return (out);
}

/* Decode the fields of a record; fails on a malformed percent escape. */
static int
decode_fields(struct jrec *r, const char **tok, const size_t *toklen,
    size_t nfields)
{
	size_t i;

	r->fields = xcalloc(nfields, sizeof *r->fields);
	r->field_lens = xcalloc(nfields, sizeof *r->field_lens);
	for (i = 0; i < nfields; i++) {
		r->fields[i] = field_decode(tok[i], toklen[i],
		    &r->field_lens[i]);
		if (r->fields[i] == NULL)
			return (-1);
		r->nfields = i + 1;
	}
	return (0);
}

/*
 * Check one record line (without its newline) against the chain and the
 * previous record, and decode it into r.  A reason goes into why.
 * Returns 0 when good, -1 when the line is not an intact record (torn or
 * damaged), -2 when it is intact but out of sequence.
 */
static int
parse_record(const char *line, size_t len, const unsigned char *prev,
    uint64_t prev_seq, int64_t prev_elapsed, struct jrec *r,
    unsigned char *hash_out, const char **why)
{
	unsigned char want[JOURNAL_HASH_BYTES], got[JOURNAL_HASH_BYTES];
	const char *stack_tok[TOKENS_ON_STACK], **tok = stack_tok;
	size_t stack_len[TOKENS_ON_STACK], *toklen = stack_len;
	size_t n, hashlen;
	int64_t seq, elapsed;
	int rc = -1;

	memset(r, 0, sizeof *r);
	n = split_tokens(line, len, tok, toklen, TOKENS_ON_STACK);
	if (n > TOKENS_ON_STACK) {
		tok = xcalloc(n, sizeof *tok);
		toklen = xcalloc(n, sizeof *toklen);
		split_tokens(line, len, tok, toklen, n);
	}
	*why = "the record is incomplete or lacks its hash";
	if (n < 4 || toklen[n - 1] != 2 * JOURNAL_HASH_BYTES)
		goto out;
	*why = "the record is malformed";
	if (parse_number(tok[0], toklen[0], &seq) == -1 ||
	    parse_number(tok[1], toklen[1], &elapsed) == -1 ||
	    !type_valid(tok[2], toklen[2]) ||
	    hash_unhex(tok[n - 1], want) == -1)
		goto out;

	*why = "the record's hash does not match the chain";
	hashlen = (size_t)(tok[n - 1] - line) - 1;
	record_hash(prev, line, hashlen, got);
	if (sodium_memcmp(want, got, sizeof want) != 0)
		goto out;

	rc = -2;
	*why = "the sequence number is out of order";
	if ((uint64_t)seq != prev_seq + 1)
		goto out;
	*why = "the elapsed time goes backwards";
	if (elapsed < prev_elapsed)
		goto out;
	*why = "a field has a malformed percent escape";
	r->seq = (uint64_t)seq;
	r->elapsed_ms = elapsed;
	r->type = xstrndup(tok[2], toklen[2]);
	if (decode_fields(r, tok + 3, toklen + 3, n - 4) == -1)
		goto out;
	memcpy(hash_out, got, JOURNAL_HASH_BYTES);
	rc = 0;
out:
	if (rc != 0)
		jrec_clear(r);
	if (tok != stack_tok) {
		free(tok);
		free(toklen);
	}
	return (rc);
}

static void
jlog_push(struct jlog *log, size_t *cap, const struct jrec *r)
{
	if (log->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		log->recs = xrealloc(log->recs, *cap * sizeof *log->recs);
	}
	log->recs[log->n++] = *r;
}

int
journal_read_buffer(const char *buf, size_t len, const char *name,
    struct jlog *log, char *err)
{
	const char *line = buf, *nl, *why;
	size_t cap = 0, linelen, lineno = 0;
	int64_t prev_elapsed = 0;
	struct jrec r;
	int rc;

	memset(log, 0, sizeof *log);
	log->file_bytes = len;
	journal_seed(log->head);
	while (line < buf + len) {
		lineno++;
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (nl == NULL) {
			/* A last line without its newline was cut short. */
			log->torn = 1;
			break;
		}
		linelen = (size_t)(nl - line);
		rc = parse_record(line, linelen, log->head, log->n,
		    prev_elapsed, &r, log->head, &why);
		if (rc == -1 && nl + 1 == buf + len) {
			log->torn = 1;
			break;
		}
		if (rc != 0) {
			errf(err, "%s: line %zu: %s: the journal is damaged"
			    " or was changed", name, lineno, why);
			jlog_free(log);
			return (-1);
		}
		prev_elapsed = r.elapsed_ms;
		jlog_push(log, &cap, &r);
		line = nl + 1;
		log->valid_bytes = (size_t)(line - buf);
	}
	return (0);
}

int
journal_read(const char *path, struct jlog *log, char *err)
{
	size_t len;
	char *buf;
	int rc;

	memset(log, 0, sizeof *log);
	if (util_read_file(path, JOURNAL_MAX_BYTES, &buf, &len, err) == -1)
		return (-1);
	rc = journal_read_buffer(buf, len, path, log, err);
	free(buf);
	return (rc);
}

/*
 * Take an exclusive lock so that two processes never append to one
 * journal.  Filesystems without flock support are allowed through.
 */
static int
journal_lock(int fd, const char *path, char *err)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return (0);
	if (errno == EWOULDBLOCK)
		return (errf(err, "%s: the journal is open in another"
		    " process: close that process first", path));
	if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
		return (0);
	return (errf(err, "lock %s: %s", path, strerror(errno)));
}

static struct journal *
journal_new(const char *path, int fd)
{
	struct journal *j = xcalloc(1, sizeof *j);

	j->path = xstrdup(path);
	j->fd = fd;
	journal_seed(j->head);
	return (j);
}

struct journal *
journal_create(const char *path, char *err)
{
	char *copy;
	int fd, rc;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		errf(err, "create journal %s: %s", path, strerror(errno));
		return (NULL);
	}
	rc = journal_lock(fd, path, err);
	if (rc == 0 && fsync(fd) == -1)
		rc = errf(err, "fsync %s: %s", path, strerror(errno));
	if (rc == 0) {
		copy = xstrdup(path);
		rc = util_fsync_dir(dirname(copy), err);
		free(copy);
	}
	if (rc == -1) {
		close(fd);
		unlink(path);
		return (NULL);
	}
	return (journal_new(path, fd));
}

struct journal *
journal_open_append(const char *path, const struct jlog *log, char *err)
{
	struct journal *j;
	struct stat st;
	int fd;

	if ((fd = open(path, O_RDWR | O_CLOEXEC)) == -1) {
		errf(err, "open journal %s: %s", path, strerror(errno));
		return (NULL);
	}
	if (journal_lock(fd, path, err) == -1)
		goto fail;
	if (fstat(fd, &st) == -1) {
		errf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((size_t)st.st_size < log->valid_bytes) {
		errf(err, "%s: the journal is shorter than when it was read:"
		    " read it again", path);
		goto fail;
	}
	j = journal_new(path, fd);
	j->nrecords = log->n;
	j->elapsed_ms = log->n ? log->recs[log->n - 1].elapsed_ms : 0;
	memcpy(j->head, log->head, sizeof j->head);
	j->valid_bytes = log->valid_bytes;
	j->dirty = (size_t)st.st_size > log->valid_bytes;
	return (j);
fail:
	close(fd);
	return (NULL);
}

/* Cut off whatever a failed or torn write left after the last record. */
static int
journal_cut(struct journal *j, char *err)
{
	if (ftruncate(j->fd, (off_t)j->valid_bytes) == -1 ||
	    fsync(j->fd) == -1)
		return (errf(err, "%s: cannot cut the journal back to its"
		    " last complete record: %s", j->path, strerror(errno)));
	j->dirty = 0;
	return (0);
}

/*
 * Format "SEQ ELAPSED TYPE FIELD..." into a new buffer with room for the
 * " HASH\n" that follows.
 */
static char *
record_text(uint64_t seq, int64_t elapsed_ms, const char *type,
    size_t nfields, const char *const *fields, size_t *len)
{
	char **enc, *out, *p;
	size_t i, total;

	enc = xcalloc(nfields, sizeof *enc);
	total = 64 + strlen(type) + 2 * JOURNAL_HASH_BYTES;
	for (i = 0; i < nfields; i++) {
		enc[i] = util_pct_encode(fields[i], strlen(fields[i]));
		total += strlen(enc[i]) + 1;
	}
	out = xmalloc(total);
	p = out + sprintf(out, "%" PRIu64 " %" PRId64 " %s", seq, elapsed_ms,
	    type);
	for (i = 0; i < nfields; i++) {
		*p++ = ' ';
		p = stpcpy(p, enc[i]);
		free(enc[i]);
	}
	free(enc);
	*len = (size_t)(p - out);
	return (out);
}

/*
 * Write the whole line at the end of the complete records, then fsync.
 * After a short write the rest is written again, so that a full or
 * failing device reports its errno (ENOSPC, EIO) in err.
 */
static int
journal_write(struct journal *j, const char *line, size_t len, char *err)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pwrite(j->fd, line + done, len - done,
		    (off_t)(j->valid_bytes + done));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			j->dirty = 1;
			return (errf(err, "write journal %s: %s: the answer was"
			    " not saved", j->path, n == 0 ? "no bytes written" :
			    strerror(errno)));
		}
		done += (size_t)n;
	}
	if (fsync(j->fd) == -1) {
		j->dirty = 1;
		return (errf(err, "fsync journal %s: %s: the answer was not"
		    " saved", j->path, strerror(errno)));
	}
	return (0);
}

int
journal_append(struct journal *j, int64_t elapsed_ms, const char *type,
    size_t nfields, const char *const *fields, char *err)
{
	unsigned char hash[JOURNAL_HASH_BYTES];
	size_t len;
	char *line;

	if (!type_valid(type, strlen(type)))
		return (errf(err, "%s: invalid record type: %s", j->path,
		    type));
	if (elapsed_ms < j->elapsed_ms)
		return (errf(err, "%s: elapsed time %" PRId64 " ms is before"
		    " the last record's %" PRId64 " ms", j->path, elapsed_ms,
		    j->elapsed_ms));
	if (j->dirty && journal_cut(j, err) == -1)
		return (-1);

	line = record_text(j->nrecords + 1, elapsed_ms, type, nfields, fields,
	    &len);
	record_hash(j->head, line, len, hash);
	line[len++] = ' ';
	util_hex(hash, sizeof hash, line + len, 0);
	len += 2 * JOURNAL_HASH_BYTES;
	line[len++] = '\n';
	if (j->valid_bytes + len > JOURNAL_MAX_BYTES) {
		free(line);
		return (errf(err, "%s: the journal would exceed %u bytes",
		    j->path, JOURNAL_MAX_BYTES));
	}
	if (journal_write(j, line, len, err) == -1) {
		free(line);
		return (-1);
	}
	free(line);

	j->nrecords++;
	j->elapsed_ms = elapsed_ms;
	j->valid_bytes += len;
	memcpy(j->head, hash, sizeof hash);
	return (0);
}

void
journal_head(const struct journal *j, unsigned char out[JOURNAL_HASH_BYTES],
    uint64_t *nrecords)
{
	memcpy(out, j->head, JOURNAL_HASH_BYTES);
	if (nrecords != NULL)
		*nrecords = j->nrecords;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	close(j->fd);
	free(j->path);
	free(j);
}
