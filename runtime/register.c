/*
 * The centre's stick register.  Each line is a record of
 * space-separated fields, text fields percent-encoded:
 *
 *	examstick stick register 1
 *	stick KEYID CENTRE LABEL PREPARED PUBKEY
 *	collected ATTEMPT STICK HASH BUNDLE WHEN
 *
 * Appends take flock(LOCK_EX), cut off an incomplete last line left by a
 * crash, write whole lines in one write and fsync.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "register.h"
#include "seal_private.h"

#define REGISTER_MAGIC		"examstick stick register 1"
#define REGISTER_MAX_BYTES	(64u * 1024 * 1024)
#define PUBKEY_RAW		(2 + SIG_KEYID_BYTES + 32)
#define MAX_FIELDS		8

void
register_free(struct stick_register *r)
{
	size_t i;

	for (i = 0; i < r->nsticks; i++) {
		free(r->sticks[i].centre);
		free(r->sticks[i].label);
		free(r->sticks[i].prepared);
	}
	for (i = 0; i < r->ncollected; i++) {
		free(r->collected[i].attempt);
		free(r->collected[i].bundle);
		free(r->collected[i].when);
	}
	free(r->sticks);
	free(r->collected);
	free(r->path);
	memset(r, 0, sizeof *r);
}

/* Split a line in place at spaces; returns the number of fields. */
static size_t
fields(char *line, char **f)
{
	size_t n = 0;
	char *p;

	for (p = strtok(line, " "); p != NULL && n < MAX_FIELDS;
	    p = strtok(NULL, " "))
		f[n++] = p;
	return (p == NULL ? n : MAX_FIELDS + 1);
}

static int
parse_keyid(const char *hex, char out[17])
{
	unsigned char raw[SIG_KEYID_BYTES];

	if (strlen(hex) != 16 || util_unhex(hex, raw, sizeof raw) == -1)
		return (-1);
	memcpy(out, hex, 17);
	return (0);
}

static int
parse_stick(struct stick_register *r, char **f, size_t n)
{
	struct reg_stick s;
	char err[ERR_LEN], hex[17];

	memset(&s, 0, sizeof s);
	if (n != 6 || parse_keyid(f[1], s.id) == -1 ||
	    sig_pubkey_parse(&s.pk, f[5], err) == -1)
		return (-1);
	sig_keyid_hex(s.pk.keyid, hex);
	if (strcmp(hex, s.id) != 0)
		return (-1);
	s.centre = util_pct_decode(f[2], NULL);
	s.label = util_pct_decode(f[3], NULL);
	s.prepared = util_pct_decode(f[4], NULL);
	r->sticks = xrealloc(r->sticks, (r->nsticks + 1) * sizeof *r->sticks);
	r->sticks[r->nsticks++] = s;
	if (s.centre == NULL || s.label == NULL || s.prepared == NULL)
		return (-1);
	return (0);
}

static int
parse_collected(struct stick_register *r, char **f, size_t n)
{
	struct reg_collected c;

	memset(&c, 0, sizeof c);
	if (n != 6 || parse_keyid(f[2], c.stick) == -1 ||
	    strlen(f[3]) != 2 * REGISTER_HASH_BYTES ||
	    util_unhex(f[3], c.hash, REGISTER_HASH_BYTES) == -1)
		return (-1);
	c.attempt = util_pct_decode(f[1], NULL);
	c.bundle = util_pct_decode(f[4], NULL);
	c.when = util_pct_decode(f[5], NULL);
	r->collected = xrealloc(r->collected, (r->ncollected + 1) *
	    sizeof *r->collected);
	r->collected[r->ncollected++] = c;
	if (c.attempt == NULL || c.bundle == NULL || c.when == NULL)
		return (-1);
	return (0);
}

static int
parse_line(struct stick_register *r, char *line)
{
	char *f[MAX_FIELDS];
	size_t n = fields(line, f);

	if (n == 0 || n > MAX_FIELDS)
		return (-1);
	if (strcmp(f[0], "stick") == 0)
		return (parse_stick(r, f, n));
	if (strcmp(f[0], "collected") == 0)
		return (parse_collected(r, f, n));
	return (-1);
}

static int
parse_text(struct stick_register *r, char *text, size_t len, char *err)
{
	char *p = text, *nl, *end = text + len;
	int line = 1;

	if ((nl = memchr(p, '\n', len)) == NULL ||
	    (size_t)(nl - p) != strlen(REGISTER_MAGIC) ||
	    memcmp(p, REGISTER_MAGIC, strlen(REGISTER_MAGIC)) != 0)
		return (errf(err, "%s: not an examstick stick register",
		    r->path));
	for (p = nl + 1; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;		/* cut off by a crash: ignored */
		*nl = '\0';
		if (parse_line(r, p) == -1)
			return (errf(err, "%s:%d: damaged register line:"
			    " restore the register from its backup", r->path,
			    line));
	}
	return (0);
}

int
register_load(struct stick_register *r, const char *path, char *err)
{
	size_t len;
	char *text;
	int rc;

	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	if (util_read_file(path, REGISTER_MAX_BYTES, &text, &len, err) == -1)
		return (errno == ENOENT ? 0 : -1);
	rc = parse_text(r, text, len, err);
	free(text);
	if (rc == -1)
		register_free(r);
	return (rc);
}

const struct reg_stick *
register_stick(const struct stick_register *r,
    const unsigned char keyid[SIG_KEYID_BYTES])
{
	size_t i;

	for (i = 0; i < r->nsticks; i++)
		if (memcmp(r->sticks[i].pk.keyid, keyid, SIG_KEYID_BYTES) == 0)
			return (&r->sticks[i]);
	return (NULL);
}

const struct reg_collected *
register_collected(const struct stick_register *r, const char *attempt)
{
	size_t i;

	for (i = 0; i < r->ncollected; i++)
		if (strcmp(r->collected[i].attempt, attempt) == 0)
			return (&r->collected[i]);
	return (NULL);
}

/* Drop an incomplete last line and write the magic line to a new file. */
static int
prepare_append(int fd, const char *path, char *err)
{
	struct stat st;
	char c;
	off_t end;

	if (fstat(fd, &st) == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	if (st.st_size == 0)
		return (0);
	for (end = st.st_size; end > 0; end--) {
		if (pread(fd, &c, 1, end - 1) != 1)
			return (errf(err, "%s: %s", path, strerror(errno)));
		if (c == '\n')
			break;
	}
	if (end != st.st_size && ftruncate(fd, end) == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	return (0);
}

/* Append text under the lock, with the magic line first in a new file. */
static int
append(const char *path, const char *text, char *err)
{
	struct stat st;
	char *copy, *all;
	int fd, rc = 0;

	copy = xstrdup(path);
	rc = util_mkdir_p(dirname(copy), err);
	free(copy);
	if (rc == -1)
		return (-1);
	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	if (flock(fd, LOCK_EX) == -1)
		rc = errf(err, "lock %s: %s", path, strerror(errno));
	else if (prepare_append(fd, path, err) == -1)
		rc = -1;
	else if (fstat(fd, &st) == -1)
		rc = errf(err, "%s: %s", path, strerror(errno));
	if (rc == -1) {
		close(fd);
		return (-1);
	}
	xasprintf(&all, "%s%s", st.st_size == 0 ? REGISTER_MAGIC "\n" : "",
	    text);
	if (write(fd, all, strlen(all)) != (ssize_t)strlen(all) ||
	    fsync(fd) == -1)
		rc = errf(err, "write %s: %s", path, strerror(errno));
	free(all);
	if (close(fd) == -1 && rc == 0)
		rc = errf(err, "close %s: %s", path, strerror(errno));
	if (rc == 0 && st.st_size == 0) {
		copy = xstrdup(path);
		rc = util_fsync_dir(dirname(copy), err);
		free(copy);
	}
	return (rc);
}

static char *
pubkey_b64(const struct sig_pubkey *pk)
{
	unsigned char raw[PUBKEY_RAW];

	memcpy(raw, "Ed", 2);
	memcpy(raw + 2, pk->keyid, SIG_KEYID_BYTES);
	memcpy(raw + 2 + SIG_KEYID_BYTES, pk->pk, 32);
	return (seal_b64_encode(raw, sizeof raw));
}

char *
register_pubkey_text(const struct reg_stick *s)
{
	char *b64 = pubkey_b64(&s->pk), *text;

	xasprintf(&text, "untrusted comment: minisign public key %s\n%s\n",
	    s->id, b64);
	free(b64);
	return (text);
}

int
register_add_stick(const char *path, const struct sig_pubkey *pk,
    const char *centre, const char *label, char *err)
{
	struct stick_register r;
	char id[17], when[32], *b64, *c, *l, *w, *line;
	int rc;

	if (register_load(&r, path, err) == -1)
		return (-1);
	rc = register_stick(&r, pk->keyid) != NULL;
	register_free(&r);
	sig_keyid_hex(pk->keyid, id);
	if (rc)
		return (errf(err, "%s: stick %s is already registered", path,
		    id));
	b64 = pubkey_b64(pk);
	util_iso_time(when, util_wall_seconds());
	c = util_pct_encode(centre, strlen(centre));
	l = util_pct_encode(label, strlen(label));
	w = util_pct_encode(when, strlen(when));
	xasprintf(&line, "stick %s %s %s %s %s\n", id, c, l, w, b64);
	rc = append(path, line, err);
	free(line);
	free(b64);
	free(c);
	free(l);
	free(w);
	return (rc);
}

int
register_add_collected(const char *path, const struct reg_collected *c,
    size_t n, char *err)
{
	char hex[2 * REGISTER_HASH_BYTES + 1], *a, *b, *w, *line;
	char *text = xstrdup("");
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		util_hex(c[i].hash, REGISTER_HASH_BYTES, hex, 0);
		a = util_pct_encode(c[i].attempt, strlen(c[i].attempt));
		b = util_pct_encode(c[i].bundle, strlen(c[i].bundle));
		w = util_pct_encode(c[i].when, strlen(c[i].when));
		xasprintf(&line, "%scollected %s %s %s %s %s\n", text, a,
		    c[i].stick, hex, b, w);
		free(text);
		text = line;
		free(a);
		free(b);
		free(w);
	}
	rc = n > 0 ? append(path, text, err) : 0;
	free(text);
	return (rc);
}
