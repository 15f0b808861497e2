/*
 * The test manifest sealed inside a package: the test's id, version,
 * title, duration and items, and the size and BLAKE2b-256 of the zip and
 * of every file in it.  A manifest has one text form: parsing checks that
 * formatting the result gives back the same bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "conf.h"
#include "seal.h"
#include "seal_private.h"

#define MANIFEST_MAGIC	"examstick test manifest 1"
#define TEST_ID_MAX	32
#define TITLE_MAX	200
#define ITEMS_MAX	10000
#define ENTRIES_MAX	100000
#define DURATION_MAX	(24 * 3600)

void
seal_manifest_free(struct seal_manifest *m)
{
	size_t i;

	free(m->test);
	free(m->title);
	free(m->created);
	for (i = 0; i < m->nitems; i++)
		free(m->items[i]);
	free(m->items);
	for (i = 0; i < m->nentries; i++)
		free(m->entries[i].path);
	free(m->entries);
	memset(m, 0, sizeof *m);
}

/* Append a formatted line to the growing buffer. */
static void
append(char **buf, size_t *len, const char *fmt, ...) PRINTFLIKE(3, 4);

static void
append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	char *line;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	*buf = xrealloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, line, (size_t)n + 1);
	*len += (size_t)n;
	free(line);
}

/* Append "KEY VALUE\n" with the value percent-encoded. */
static void
add_line(char **buf, size_t *len, const char *key, const char *value)
{
	char *enc = util_pct_encode(value, strlen(value));

	append(buf, len, "%s %s\n", key, enc);
	free(enc);
}

/* Append "KEY SIZE HASH[ PATH]\n"; only the path is percent-encoded. */
static void
add_hash_line(char **buf, size_t *len, const char *key, uint64_t size,
    const unsigned char *hash, const char *path)
{
	char hex[2 * SEAL_HASH_BYTES + 1], *enc;

	util_hex(hash, SEAL_HASH_BYTES, hex, 0);
	if (path == NULL) {
		append(buf, len, "%s %" PRIu64 " %s\n", key, size, hex);
		return;
	}
	enc = util_pct_encode(path, strlen(path));
	append(buf, len, "%s %" PRIu64 " %s %s\n", key, size, hex, enc);
	free(enc);
}

/* The lines that the manifest and a package header's info share. */
static void
format_head(char **buf, size_t *len, const struct seal_manifest *m)
{
	char num[32];

	add_line(buf, len, "test", m->test);
	snprintf(num, sizeof num, "%u", m->version);
	add_line(buf, len, "version", num);
	add_line(buf, len, "title", m->title);
	snprintf(num, sizeof num, "%d", m->duration_s);
	add_line(buf, len, "duration", num);
	add_line(buf, len, "practice", m->practice ? "1" : "0");
	add_line(buf, len, "created", m->created);
}

char *
seal_manifest_format(const struct seal_manifest *m)
{
	char *buf = xstrdup(MANIFEST_MAGIC "\n");
	size_t i, len = strlen(buf);

	format_head(&buf, &len, m);
	for (i = 0; i < m->nitems; i++)
		add_line(&buf, &len, "item", m->items[i]);
	add_hash_line(&buf, &len, "zip", m->zip_size, m->zip_hash, NULL);
	for (i = 0; i < m->nentries; i++)
		add_hash_line(&buf, &len, "entry", m->entries[i].size,
		    m->entries[i].hash, m->entries[i].path);
	return (buf);
}

char *
seal_info_format(const struct seal_manifest *m)
{
	char *buf = xstrdup("");
	size_t len = 0;

	format_head(&buf, &len, m);
	return (buf);
}

/* A test id: 1 to 32 letters, digits or hyphens, as examiner.conf has. */
static int
test_id_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > TEST_ID_MAX)
		return (0);
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return (0);
	}
	return (1);
}

struct mparse {
	const char	*p, *end;
	int		 line;
	char		*err;
};

/*
 * Take the next line if it is "KEY ...": *rest gets the text after the
 * space, without the newline.  Returns 0 if taken, 1 if the line has
 * another key, -1 at the end or on a line without a newline.
 */
static int
next_line(struct mparse *mp, const char *key, char **rest)
{
	const char *nl;
	size_t klen = strlen(key);

	if (mp->p == mp->end)
		return (-1);
	if ((nl = memchr(mp->p, '\n', (size_t)(mp->end - mp->p))) == NULL)
		return (-1);
	if ((size_t)(nl - mp->p) <= klen || memcmp(mp->p, key, klen) != 0 ||
	    mp->p[klen] != ' ')
		return (1);
	*rest = xstrndup(mp->p + klen + 1, (size_t)(nl - mp->p) - klen - 1);
	mp->p = nl + 1;
	mp->line++;
	return (0);
}

/* Take a required "KEY VALUE" line and decode its value. */
static char *
take(struct mparse *mp, const char *key)
{
	char *raw, *value;

	if (next_line(mp, key, &raw) != 0) {
		errf(mp->err, "manifest line %d: expected \"%s\"", mp->line + 1,
		    key);
		return (NULL);
	}
	value = util_pct_decode(raw, NULL);
	free(raw);
	if (value == NULL)
		errf(mp->err, "manifest line %d: bad percent escape in %s",
		    mp->line, key);
	return (value);
}

static int
take_number(struct mparse *mp, const char *key, long min, long max,
    long *out)
{
	char *v, *end;
	int rc = 0;

	if ((v = take(mp, key)) == NULL)
		return (-1);
	errno = 0;
	*out = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || *out < min ||
	    *out > max)
		rc = errf(mp->err, "manifest line %d: %s must be a number from"
		    " %ld to %ld", mp->line, key, min, max);
	free(v);
	return (rc);
}

static int
parse_head(struct mparse *mp, struct seal_manifest *m)
{
	long n;

	if ((m->test = take(mp, "test")) == NULL)
		return (-1);
	if (!test_id_valid(m->test))
		return (errf(mp->err, "manifest: invalid test id"));
	if (take_number(mp, "version", 1, 1000000, &n) == -1)
		return (-1);
	m->version = (unsigned)n;
	if ((m->title = take(mp, "title")) == NULL)
		return (-1);
	if (conf_text_valid(m->title, TITLE_MAX) == -1)
		return (errf(mp->err, "manifest: the title is not one line of"
		    " at most %d bytes of UTF-8", TITLE_MAX));
	if (take_number(mp, "duration", 0, DURATION_MAX, &n) == -1)
		return (-1);
	m->duration_s = (int)n;
	if (take_number(mp, "practice", 0, 1, &n) == -1)
		return (-1);
	m->practice = (int)n;
	if ((m->created = take(mp, "created")) == NULL)
		return (-1);
	return (0);
}

/* Parse "SIZE HEX" at s; returns what follows, or NULL. */
static const char *
parse_size_hash(const char *s, uint64_t *size, unsigned char *hash)
{
	char hex[2 * SEAL_HASH_BYTES + 1], *end;

	if (!isdigit((unsigned char)*s))
		return (NULL);
	errno = 0;
	*size = strtoull(s, &end, 10);
	if (errno != 0 || *end != ' ')
		return (NULL);
	end++;
	if (strlen(end) < 2 * SEAL_HASH_BYTES)
		return (NULL);
	memcpy(hex, end, 2 * SEAL_HASH_BYTES);
	hex[2 * SEAL_HASH_BYTES] = '\0';
	if (util_unhex(hex, hash, SEAL_HASH_BYTES) == -1)
		return (NULL);
	return (end + 2 * SEAL_HASH_BYTES);
}

static int
parse_items(struct mparse *mp, struct seal_manifest *m)
{
	char *raw, *id;
	int rc;

	while ((rc = next_line(mp, "item", &raw)) == 0) {
		id = util_pct_decode(raw, NULL);
		free(raw);
		if (id == NULL || m->nitems == ITEMS_MAX) {
			free(id);
			return (errf(mp->err, "manifest line %d: bad item",
			    mp->line));
		}
		m->items = xrealloc(m->items, (m->nitems + 1) *
		    sizeof *m->items);
		m->items[m->nitems++] = id;
	}
	return (0);
}

static int
parse_entries(struct mparse *mp, struct seal_manifest *m)
{
	struct seal_entry e;
	const char *rest;
	char *raw;
	int rc;

	if (next_line(mp, "zip", &raw) != 0)
		return (errf(mp->err, "manifest line %d: expected \"zip\"",
		    mp->line + 1));
	rest = parse_size_hash(raw, &m->zip_size, m->zip_hash);
	rc = rest == NULL || *rest != '\0';
	free(raw);
	if (rc)
		return (errf(mp->err, "manifest line %d: bad zip line",
		    mp->line));
	while ((rc = next_line(mp, "entry", &raw)) == 0) {
		rest = parse_size_hash(raw, &e.size, e.hash);
		e.path = rest && *rest == ' ' ?
		    util_pct_decode(rest + 1, NULL) : NULL;
		free(raw);
		if (e.path == NULL || m->nentries == ENTRIES_MAX) {
			free(e.path);
			return (errf(mp->err, "manifest line %d: bad entry",
			    mp->line));
		}
		m->entries = xrealloc(m->entries, (m->nentries + 1) *
		    sizeof *m->entries);
		m->entries[m->nentries++] = e;
	}
	if (mp->p != mp->end)
		return (errf(mp->err, "manifest line %d: unexpected text",
		    mp->line + 1));
	return (0);
}

int
seal_manifest_parse(struct seal_manifest *m, const char *text, size_t len,
    char *err)
{
	struct mparse mp = { text, text + len, 1, err };
	size_t mlen = strlen(MANIFEST_MAGIC);
	char *again;
	int rc;

	memset(m, 0, sizeof *m);
	if (len <= mlen || memcmp(text, MANIFEST_MAGIC "\n", mlen + 1) != 0)
		return (errf(err, "not an examstick test manifest"));
	mp.p += mlen + 1;
	rc = parse_head(&mp, m);
	if (rc == 0)
		rc = parse_items(&mp, m);
	if (rc == 0)
		rc = parse_entries(&mp, m);
	if (rc == 0) {
		again = seal_manifest_format(m);
		if (strlen(again) != len || memcmp(again, text, len) != 0)
			rc = errf(err, "manifest is not in its canonical form");
		free(again);
	}
	if (rc == -1)
		seal_manifest_free(m);
	return (rc);
}

int
seal_info_parse(struct seal_info *info, const char *text, size_t len,
    char *err)
{
	struct seal_manifest m;
	struct mparse mp = { text, text + len, 0, err };
	char *again;
	int rc;

	memset(&m, 0, sizeof m);
	memset(info, 0, sizeof *info);
	rc = parse_head(&mp, &m);
	if (rc == 0 && mp.p != mp.end)
		rc = errf(err, "package info line %d: unexpected text",
		    mp.line + 1);
	if (rc == 0) {
		again = seal_info_format(&m);
		if (strlen(again) != len || memcmp(again, text, len) != 0)
			rc = errf(err, "package info is not in its canonical"
			    " form");
		free(again);
	}
	if (rc == 0) {
		info->test = m.test;
		info->version = m.version;
		info->title = m.title;
		info->duration_s = m.duration_s;
		info->practice = m.practice;
		info->created = m.created;
		m.test = m.title = m.created = NULL;
	}
	seal_manifest_free(&m);
	return (rc);
}

static struct archive *
zip_reader(const void *zip, size_t len, char *err)
{
	struct archive *a = archive_read_new();

	archive_read_support_format_zip(a);
	if (archive_read_open_memory(a, zip, len) != ARCHIVE_OK) {
		errf(err, "not a zip archive: %s", archive_error_string(a));
		archive_read_free(a);
		return (NULL);
	}
	return (a);
}

/* Hash the data of the current entry; fails past max bytes. */
static int
hash_entry(struct archive *a, uint64_t max, uint64_t *size,
    unsigned char *hash, char *err)
{
	crypto_generichash_state st;
	unsigned char buf[16384];
	la_ssize_t n;

	*size = 0;
	crypto_generichash_init(&st, NULL, 0, SEAL_HASH_BYTES);
	while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
		*size += (uint64_t)n;
		if (*size > max)
			return (errf(err, "entry is larger than %" PRIu64
			    " bytes", max));
		crypto_generichash_update(&st, buf, (size_t)n);
	}
	if (n < 0)
		return (errf(err, "%s", archive_error_string(a)));
	crypto_generichash_final(&st, hash, SEAL_HASH_BYTES);
	return (0);
}

/*
 * Call fn for each regular file of the zip with its path, size and hash.
 * max bounds the bytes of one entry.
 */
static int
zip_walk(const void *zip, size_t len, uint64_t max,
    int (*fn)(void *, const struct seal_entry *, char *), void *arg,
    char *err)
{
	struct archive_entry *ae;
	struct archive *a;
	struct seal_entry e;
	char why[ERR_LEN];
	int r, rc = 0;

	if ((a = zip_reader(zip, len, err)) == NULL)
		return (-1);
	while (rc == 0 && (r = archive_read_next_header(a, &ae)) ==
	    ARCHIVE_OK) {
		if (archive_entry_filetype(ae) != AE_IFREG)
			continue;
		e.path = (char *)archive_entry_pathname(ae);
		if (e.path == NULL) {
			rc = errf(err, "zip entry without a readable name");
			break;
		}
		if (hash_entry(a, max, &e.size, e.hash, why) == -1)
			rc = errf(err, "zip entry %s: %s", e.path, why);
		else
			rc = fn(arg, &e, err);
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = errf(err, "zip: %s", archive_error_string(a));
	archive_read_free(a);
	return (rc);
}

static int
collect_entry(void *arg, const struct seal_entry *e, char *err)
{
	struct seal_manifest *m = arg;

	if (m->nentries == ENTRIES_MAX)
		return (errf(err, "zip has more than %d files", ENTRIES_MAX));
	m->entries = xrealloc(m->entries, (m->nentries + 1) *
	    sizeof *m->entries);
	m->entries[m->nentries] = *e;
	m->entries[m->nentries].path = xstrdup(e->path);
	m->nentries++;
	return (0);
}

int
seal_manifest_hash_zip(struct seal_manifest *m, const void *zip, size_t len,
    char *err)
{
	if (seal_init(err) == -1)
		return (-1);
	m->zip_size = len;
	crypto_generichash(m->zip_hash, SEAL_HASH_BYTES, zip, len, NULL, 0);
	return (zip_walk(zip, len, UINT64_MAX, collect_entry, m,
	    err));
}

struct check_state {
	const struct seal_manifest	*m;
	size_t				 next;
};

static int
check_entry(void *arg, const struct seal_entry *e, char *err)
{
	struct check_state *cs = arg;
	const struct seal_entry *want;

	if (cs->next == cs->m->nentries)
		return (errf(err, "zip file %s is not in the manifest",
		    e->path));
	want = &cs->m->entries[cs->next++];
	if (strcmp(want->path, e->path) != 0)
		return (errf(err, "zip file %s is where the manifest has %s",
		    e->path, want->path));
	if (want->size != e->size ||
	    sodium_memcmp(want->hash, e->hash, SEAL_HASH_BYTES) != 0)
		return (errf(err, "zip file %s does not match its hash in the"
		    " manifest", e->path));
	return (0);
}

int
seal_manifest_check_zip(const struct seal_manifest *m, const void *zip,
    size_t len, char *err)
{
	struct check_state cs = { m, 0 };
	unsigned char hash[SEAL_HASH_BYTES];
	uint64_t max = 0;
	size_t i;

	if (seal_init(err) == -1)
		return (-1);
	crypto_generichash(hash, sizeof hash, zip, len, NULL, 0);
	if (m->zip_size != len ||
	    sodium_memcmp(hash, m->zip_hash, sizeof hash) != 0)
		return (errf(err, "the zip does not match its hash in the"
		    " manifest"));
	for (i = 0; i < m->nentries; i++)
		if (m->entries[i].size > max)
			max = m->entries[i].size;
	if (zip_walk(zip, len, max, check_entry, &cs, err) == -1)
		return (-1);
	if (cs.next != m->nentries)
		return (errf(err, "manifest file %s is missing from the zip",
		    m->entries[cs.next].path));
	return (0);
}
