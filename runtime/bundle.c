/*
 * Writing and verifying result bundles: a ustar file written and read
 * with libarchive.  The first entry is the manifest, the second its
 * minisign signature by the centre's key, then the files in manifest
 * order.  The manifest has one text form, checked by formatting it again.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "bundle.h"
#include "seal_private.h"
#include "token.h"

#define MAGIC		"examstick bundle 1"
#define COMMENT		"examstick bundle "
#define MANIFEST_MAX	(16u * 1024 * 1024)
#define SIG_MAX		4096
#define FILE_MAX	(256ull * 1024 * 1024)

const char *
bundle_status_text(enum bundle_status st)
{
	switch (st) {
	case BUNDLE_OK:
		return ("bundle verified");
	case BUNDLE_IO:
		return ("cannot read the bundle");
	case BUNDLE_MALFORMED:
		return ("not an examstick result bundle");
	case BUNDLE_WRONG_SIGNER:
		return ("signed by another key");
	case BUNDLE_TAMPERED:
		return ("the bundle was changed after it was signed");
	}
	return ("unknown bundle status");
}

void
bundle_manifest_free(struct bundle_manifest *m)
{
	size_t i;

	free(m->centre);
	free(m->created);
	for (i = 0; i < m->nresults; i++)
		free(m->results[i].attempt);
	free(m->results);
	for (i = 0; i < m->nfiles; i++)
		free(m->files[i].path);
	free(m->files);
	memset(m, 0, sizeof *m);
}

static void append(char **, size_t *, const char *, ...) PRINTFLIKE(3, 4);

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

static char *
manifest_format(const struct bundle_manifest *m)
{
	char *buf = xstrdup(MAGIC "\n"), *enc, hex[2 * SEAL_HASH_BYTES + 1];
	size_t len = strlen(buf), i;

	enc = util_pct_encode(m->centre, strlen(m->centre));
	append(&buf, &len, "centre %s\n", enc);
	free(enc);
	append(&buf, &len, "created %s\nstick %s\n", m->created, m->stick);
	for (i = 0; i < m->nresults; i++) {
		enc = util_pct_encode(m->results[i].attempt,
		    strlen(m->results[i].attempt));
		append(&buf, &len, "result %s %s\n", enc, m->results[i].stick);
		free(enc);
	}
	for (i = 0; i < m->nfiles; i++) {
		util_hex(m->files[i].hash, SEAL_HASH_BYTES, hex, 0);
		enc = util_pct_encode(m->files[i].path,
		    strlen(m->files[i].path));
		append(&buf, &len, "file %" PRIu64 " %s %s\n",
		    m->files[i].size, hex, enc);
		free(enc);
	}
	return (buf);
}

/* Split a line (without its newline) at spaces into at most max fields. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p, *save;

	for (p = strtok_r(line, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save)) {
		if (n == max)
			return (max + 1);
		f[n++] = p;
	}
	return (n);
}

static int
parse_keyid(const char *s, char out[17])
{
	unsigned char raw[SIG_KEYID_BYTES];

	if (strlen(s) != 16 || util_unhex(s, raw, sizeof raw) == -1)
		return (-1);
	memcpy(out, s, 17);
	return (0);
}

static int
parse_file_line(struct bundle_manifest *m, char **f)
{
	struct seal_entry e;
	char *end;

	memset(&e, 0, sizeof e);
	if (!isdigit((unsigned char)f[1][0]))
		return (-1);
	errno = 0;
	e.size = strtoull(f[1], &end, 10);
	if (errno != 0 || *end != '\0' || strlen(f[2]) != 64 ||
	    util_unhex(f[2], e.hash, SEAL_HASH_BYTES) == -1 ||
	    (e.path = util_pct_decode(f[3], NULL)) == NULL)
		return (-1);
	m->files = xrealloc(m->files, (m->nfiles + 1) * sizeof *m->files);
	m->files[m->nfiles++] = e;
	return (0);
}

static int
parse_line(struct bundle_manifest *m, char *line, int n)
{
	char *f[5];
	size_t k = split(line, f, 4);
	struct bundle_result r;
	int64_t t;

	if (n == 1)
		return (k == 2 && strcmp(f[0], "centre") == 0 &&
		    (m->centre = util_pct_decode(f[1], NULL)) != NULL ? 0 : -1);
	if (n == 2) {
		if (k != 2 || strcmp(f[0], "created") != 0 ||
		    strlen(f[1]) != 20 || token_parse_time(f[1], 0, &t) == -1)
			return (-1);
		m->created = xstrdup(f[1]);
		return (0);
	}
	if (n == 3)
		return (k == 2 && strcmp(f[0], "stick") == 0 ?
		    parse_keyid(f[1], m->stick) : -1);
	if (k == 3 && strcmp(f[0], "result") == 0 && m->nfiles == 0) {
		if (parse_keyid(f[2], r.stick) == -1 ||
		    (r.attempt = util_pct_decode(f[1], NULL)) == NULL)
			return (-1);
		m->results = xrealloc(m->results, (m->nresults + 1) *
		    sizeof *m->results);
		m->results[m->nresults++] = r;
		return (0);
	}
	if (k == 4 && strcmp(f[0], "file") == 0)
		return (parse_file_line(m, f));
	return (-1);
}

static int
manifest_parse(struct bundle_manifest *m, const char *text, size_t len,
    char *err)
{
	char *copy, *p, *nl, *again;
	int n = 0, rc = 0;

	memset(m, 0, sizeof *m);
	if (len == 0 || text[len - 1] != '\n' || memchr(text, '\0', len))
		return (errf(err, "the bundle manifest is not text lines"));
	copy = xstrndup(text, len);
	for (p = copy; rc == 0 && *p != '\0'; p = nl + 1, n++) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (n == 0)
			rc = strcmp(p, MAGIC) == 0 ? 0 : -1;
		else
			rc = parse_line(m, p, n);
	}
	free(copy);
	if (rc == 0 && n < 4)
		rc = -1;
	if (rc == 0) {
		again = manifest_format(m);
		rc = strlen(again) == len && memcmp(again, text, len) == 0 ?
		    0 : -1;
		free(again);
	}
	if (rc == -1) {
		bundle_manifest_free(m);
		return (errf(err, "line %d of the bundle manifest is not"
		    " valid", n));
	}
	return (0);
}

static int
add_entry(struct archive *a, const char *path, const void *data,
    size_t len, char *err)
{
	struct archive_entry *ae = archive_entry_new();
	int rc = 0;

	archive_entry_set_pathname(ae, path);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)len);
	archive_entry_set_mtime(ae, util_wall_seconds(), 0);
	if (archive_write_header(a, ae) != ARCHIVE_OK ||
	    (len > 0 && archive_write_data(a, data, len) != (la_ssize_t)len))
		rc = errf(err, "bundle entry %s: %s", path,
		    archive_error_string(a));
	archive_entry_free(ae);
	return (rc);
}

/* Fill the manifest's file list, sign it and write the tar to fd. */
static int
write_tar(int fd, struct bundle_manifest *m, const struct bundle_file *files,
    size_t n, const struct sig_seckey *key, char *err)
{
	struct archive *a;
	char *text, *sig = NULL, *comment;
	size_t i;
	int rc;

	text = manifest_format(m);
	xasprintf(&comment, COMMENT "%s %s", m->centre, m->created);
	rc = sig_sign(key, text, strlen(text), comment, &sig, err);
	free(comment);
	a = archive_write_new();
	archive_write_set_format_ustar(a);
	if (rc == 0 && archive_write_open_fd(a, fd) != ARCHIVE_OK)
		rc = errf(err, "bundle: %s", archive_error_string(a));
	if (rc == 0)
		rc = add_entry(a, BUNDLE_MANIFEST, text, strlen(text), err);
	if (rc == 0)
		rc = add_entry(a, BUNDLE_SIGNATURE, sig, strlen(sig), err);
	for (i = 0; rc == 0 && i < n; i++)
		rc = add_entry(a, files[i].path, files[i].data, files[i].len,
		    err);
	if (rc == 0 && archive_write_close(a) != ARCHIVE_OK)
		rc = errf(err, "bundle: %s", archive_error_string(a));
	archive_write_free(a);
	free(text);
	free(sig);
	return (rc);
}

static void
fill_files(struct bundle_manifest *m, const struct bundle_file *files,
    size_t n)
{
	char iso[32];
	size_t i;

	if (m->created == NULL) {
		util_iso_time(iso, util_wall_seconds());
		m->created = xstrdup(iso);
	}
	m->files = xcalloc(n, sizeof *m->files);
	for (i = 0; i < n; i++) {
		m->files[i].path = xstrdup(files[i].path);
		m->files[i].size = files[i].len;
		crypto_generichash(m->files[i].hash, SEAL_HASH_BYTES,
		    files[i].data, files[i].len, NULL, 0);
	}
	m->nfiles = n;
}

int
bundle_write(const char *path, struct bundle_manifest *m,
    const struct bundle_file *files, size_t n,
    const struct sig_seckey *key, char *err)
{
	char *tmp, *copy;
	struct stat st;
	int fd, rc;

	if (seal_init(err) == -1)
		return (-1);
	if (lstat(path, &st) == 0)
		return (errf(err, "%s already exists: choose another name",
		    path));
	fill_files(m, files, n);
	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		rc = errf(err, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (rc);
	}
	rc = write_tar(fd, m, files, n, key, err);
	if (rc == 0 && fsync(fd) == -1)
		rc = errf(err, "fsync %s: %s", tmp, strerror(errno));
	if (close(fd) == -1 && rc == 0)
		rc = errf(err, "close %s: %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, path) == -1)
		rc = errf(err, "rename %s: %s", tmp, strerror(errno));
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	if (rc == 0) {
		copy = xstrdup(path);
		rc = util_fsync_dir(dirname(copy), err);
		free(copy);
	}
	return (rc);
}

static enum bundle_status
bfail(enum bundle_status st, char *err, const char *fmt, ...)
    PRINTFLIKE(3, 4);

static enum bundle_status
bfail(enum bundle_status st, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_LEN, fmt, ap);
	va_end(ap);
	return (st);
}

/* Read the next entry, which must be a file named name, into memory. */
static enum bundle_status
read_named(struct archive *a, const char *name, size_t max, char **text,
    size_t *len, char *err)
{
	struct archive_entry *ae;
	la_int64_t size;
	la_ssize_t n;

	if (archive_read_next_header(a, &ae) != ARCHIVE_OK)
		return (bfail(BUNDLE_MALFORMED, err, "not an examstick result"
		    " bundle: %s", archive_error_string(a) ?
		    archive_error_string(a) : "no entries"));
	size = archive_entry_size(ae);
	if (archive_entry_filetype(ae) != AE_IFREG ||
	    archive_entry_pathname(ae) == NULL ||
	    strcmp(archive_entry_pathname(ae), name) != 0 || size < 0 ||
	    (uint64_t)size > max)
		return (bfail(BUNDLE_MALFORMED, err, "not an examstick result"
		    " bundle: the entry %s is missing or too large", name));
	*text = xmalloc((size_t)size + 1);
	n = size > 0 ? archive_read_data(a, *text, (size_t)size) : 0;
	if (n != size) {
		free(*text);
		return (bfail(BUNDLE_TAMPERED, err, "the bundle's %s is cut"
		    " short or damaged", name));
	}
	(*text)[size] = '\0';
	*len = (size_t)size;
	return (BUNDLE_OK);
}

static enum bundle_status
check_manifest(struct archive *a, const struct sig_pubkey *pk,
    struct bundle_manifest *m, char *err)
{
	char *text, *sig = NULL, *want, why[ERR_LEN];
	char trusted[SEAL_TRUSTED_MAX];
	enum bundle_status st;
	enum sig_status ss;
	size_t len, siglen;

	if ((st = read_named(a, BUNDLE_MANIFEST, MANIFEST_MAX, &text, &len,
	    err)) != BUNDLE_OK)
		return (st);
	st = read_named(a, BUNDLE_SIGNATURE, SIG_MAX, &sig, &siglen, err);
	if (st == BUNDLE_OK && (ss = seal_sig_check(pk, text, len, sig,
	    trusted, why)) != SIG_OK)
		st = bfail(ss == SIG_WRONG_KEY ? BUNDLE_WRONG_SIGNER :
		    BUNDLE_TAMPERED, err, "manifest signature: %s%s", why,
		    ss == SIG_WRONG_KEY ? ": the bundle is not from this"
		    " centre, or the key is the wrong one" : ": the manifest"
		    " was changed after it was signed");
	if (st == BUNDLE_OK && manifest_parse(m, text, len, why) == -1)
		st = bfail(BUNDLE_MALFORMED, err, "%s", why);
	if (st == BUNDLE_OK) {
		xasprintf(&want, COMMENT "%s %s", m->centre, m->created);
		if (strcmp(want, trusted) != 0)
			st = bfail(BUNDLE_TAMPERED, err, "the signed comment"
			    " \"%s\" does not match the manifest", trusted);
		free(want);
		if (st != BUNDLE_OK)
			bundle_manifest_free(m);
	}
	free(text);
	free(sig);
	return (st);
}

/* Hash the current entry, writing it to disk too when w is set. */
static enum bundle_status
check_data(struct archive *a, struct archive *w, struct archive_entry *ae,
    const struct seal_entry *e, char *err)
{
	crypto_generichash_state hs;
	unsigned char buf[65536], hash[SEAL_HASH_BYTES];
	uint64_t total = 0;
	la_ssize_t n;

	if (w != NULL && archive_write_header(w, ae) != ARCHIVE_OK)
		return (bfail(BUNDLE_IO, err, "extract %s: %s", e->path,
		    archive_error_string(w)));
	crypto_generichash_init(&hs, NULL, 0, SEAL_HASH_BYTES);
	while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
		total += (uint64_t)n;
		if (total > e->size)
			break;
		crypto_generichash_update(&hs, buf, (size_t)n);
		if (w != NULL && archive_write_data(w, buf, (size_t)n) != n)
			return (bfail(BUNDLE_IO, err, "extract %s: %s",
			    e->path, archive_error_string(w)));
	}
	crypto_generichash_final(&hs, hash, sizeof hash);
	if (n < 0 || total != e->size ||
	    sodium_memcmp(hash, e->hash, sizeof hash) != 0)
		return (bfail(BUNDLE_TAMPERED, err, "%s does not match its"
		    " hash in the bundle manifest", e->path));
	if (w != NULL && archive_write_finish_entry(w) != ARCHIVE_OK)
		return (bfail(BUNDLE_IO, err, "extract %s: %s", e->path,
		    archive_error_string(w)));
	return (BUNDLE_OK);
}

static enum bundle_status
check_files(struct archive *a, struct archive *w,
    const struct bundle_manifest *m, char *err)
{
	struct archive_entry *ae;
	enum bundle_status st = BUNDLE_OK;
	const char *name;
	size_t i = 0;
	int r;

	while (st == BUNDLE_OK && (r = archive_read_next_header(a, &ae)) ==
	    ARCHIVE_OK) {
		name = archive_entry_pathname(ae);
		if (i == m->nfiles || name == NULL ||
		    archive_entry_filetype(ae) != AE_IFREG ||
		    strcmp(name, m->files[i].path) != 0)
			return (bfail(BUNDLE_TAMPERED, err, "bundle entry %s"
			    " is not the next file in the manifest",
			    name ? name : "(unnamed)"));
		st = check_data(a, w, ae, &m->files[i++], err);
	}
	if (st == BUNDLE_OK && r != ARCHIVE_EOF)
		return (bfail(BUNDLE_TAMPERED, err, "the bundle is damaged:"
		    " %s", archive_error_string(a)));
	if (st == BUNDLE_OK && i != m->nfiles)
		return (bfail(BUNDLE_TAMPERED, err, "%s is in the manifest but"
		    " not in the bundle", m->files[i].path));
	return (st);
}

static struct archive *
extractor(const char *dir, char *err)
{
	struct archive *w;

	if (util_mkdir_p(dir, err) == -1)
		return (NULL);
	if (chdir(dir) == -1) {
		errf(err, "%s: %s", dir, strerror(errno));
		return (NULL);
	}
	w = archive_write_disk_new();
	archive_write_disk_set_options(w, ARCHIVE_EXTRACT_SECURE_NODOTDOT |
	    ARCHIVE_EXTRACT_SECURE_SYMLINKS |
	    ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	return (w);
}

enum bundle_status
bundle_verify(const char *path, const struct sig_pubkey *pk,
    const char *extract_dir, struct bundle_manifest *m, char *err)
{
	struct archive *a, *w = NULL;
	enum bundle_status st;
	char why[ERR_LEN];
	int cwd = -1;

	memset(m, 0, sizeof *m);
	if (seal_init(err) == -1)
		return (BUNDLE_IO);
	if (access(path, R_OK) == -1)
		return (bfail(BUNDLE_IO, err, "%s: %s", path, strerror(errno)));
	a = archive_read_new();
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		st = bfail(BUNDLE_MALFORMED, err, "%s: not an examstick result"
		    " bundle: %s", path, archive_error_string(a));
		archive_read_free(a);
		return (st);
	}
	st = check_manifest(a, pk, m, why);
	if (st == BUNDLE_OK && extract_dir != NULL) {
		cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cwd == -1)
			st = bfail(BUNDLE_IO, why, "open the current folder:"
			    " %s", strerror(errno));
		else if ((w = extractor(extract_dir, why)) == NULL)
			st = BUNDLE_IO;
	}
	if (st == BUNDLE_OK)
		st = check_files(a, w, m, why);
	if (w != NULL)
		archive_write_free(w);
	if (cwd != -1) {
		(void)!fchdir(cwd);
		close(cwd);
	}
	archive_read_free(a);
	if (st != BUNDLE_OK) {
		if (m->centre != NULL)
			bundle_manifest_free(m);
		errf(err, "%s: %s", path, why);
	}
	return (st);
}
