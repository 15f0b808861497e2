/*
 * Approval results and centre approval records: formatting, parsing to
 * the one text form, signing and verifying.  Both files are lines of
 * `KEY VALUE`, then the four lines of a minisign signature, as tokens
 * are (docs/formats.md).
 */
#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approval.h"
#include "seal_private.h"

#define SIG_START	"\nuntrusted comment: "
#define CENTRE_MAX	16

const char *const approval_check_names[APPROVAL_NCHECKS] = {
	"screen", "key-enter", "key-tab", "key-up", "key-down", "key-left",
	"key-right", "key-f1", "key-f10", "key-esc", "key-a", "key-z",
	"stick", "clock", "signature"
};

const char *
approval_status_text(enum approval_status st)
{
	switch (st) {
	case APPROVAL_OK: return ("ok");
	case APPROVAL_IO: return ("cannot be read");
	case APPROVAL_MALFORMED: return ("malformed");
	case APPROVAL_NO_KEY: return ("no key for its stick");
	case APPROVAL_WRONG_SIGNER: return ("signed by another key");
	case APPROVAL_TAMPERED: return ("changed after it was signed");
	case APPROVAL_WRONG_CENTRE: return ("for another centre");
	}
	return ("unknown status");
}

static enum approval_status
afail(enum approval_status st, char *err, const char *fmt, ...)
    PRINTFLIKE(3, 4);

static enum approval_status
afail(enum approval_status st, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_LEN, fmt, ap);
	va_end(ap);
	return (st);
}

int
approval_passed(const struct approval *a)
{
	size_t i;

	for (i = 0; i < APPROVAL_NCHECKS; i++)
		if (!a->checks[i].pass)
			return (0);
	return (1);
}

void
approval_free(struct approval *a)
{
	size_t i;

	free(a->centre);
	free(a->machine);
	for (i = 0; i < APPROVAL_NCHECKS; i++)
		free(a->checks[i].detail);
	memset(a, 0, sizeof *a);
}

void
approval_record_free(struct approval_record *r)
{
	size_t i;

	free(r->centre);
	for (i = 0; i < r->nmachines; i++)
		free(r->machines[i]);
	free(r->machines);
	memset(r, 0, sizeof *r);
}

/* Append formatted text to *out. */
static void appendf(char **, const char *, ...) PRINTFLIKE(2, 3);

static void
appendf(char **out, const char *fmt, ...)
{
	char *add, *next;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&add, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	xasprintf(&next, "%s%s", *out, add);
	free(*out);
	free(add);
	*out = next;
}

/* Append "KEY ENCODED-VALUE\n" to *out. */
static void
put(char **out, const char *key, const char *value)
{
	char *enc = util_pct_encode(value, strlen(value));

	appendf(out, "%s %s\n", key, enc);
	free(enc);
}

char *
approval_format(const struct approval *a)
{
	char *out = xstrdup(APPROVAL_MAGIC "\n"), when[32], *enc;
	const struct approval_check *c;
	size_t i;

	util_iso_time(when, a->date);
	put(&out, "centre", a->centre);
	put(&out, "stick", a->stick);
	put(&out, "machine", a->machine);
	put(&out, "date", when);
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		c = &a->checks[i];
		enc = util_pct_encode(c->detail, strlen(c->detail));
		appendf(&out, "check %s %s %s\n", approval_check_names[i],
		    c->pass ? "pass" : "fail", enc);
		free(enc);
	}
	put(&out, "outcome", approval_passed(a) ? "pass" : "fail");
	return (out);
}

char *
approval_record_format(const struct approval_record *r)
{
	char *out = xstrdup(APPROVAL_RECORD_MAGIC "\n"), when[32];
	size_t i;

	util_iso_time(when, r->approved);
	put(&out, "centre", r->centre);
	put(&out, "approved", when);
	for (i = 0; i < r->nmachines; i++)
		put(&out, "machine", r->machines[i]);
	return (out);
}

/* The lines of a body, handed out one at a time. */
struct reader {
	char	*buf;
	char	*p;
};

static char *
next_line(struct reader *rd)
{
	char *line = rd->p, *nl;

	if (line == NULL || *line == '\0')
		return (NULL);
	nl = strchr(line, '\n');
	*nl = '\0';
	rd->p = nl + 1;
	return (line);
}

/* The raw value of the next line if it is "KEY VALUE", else NULL. */
static char *
take(struct reader *rd, const char *key)
{
	char *save = rd->p, *line = next_line(rd);
	size_t n = strlen(key);

	if (line != NULL && strncmp(line, key, n) == 0 && line[n] == ' ')
		return (line + n + 1);
	if (line != NULL)
		line[strlen(line)] = '\n';
	rd->p = save;
	return (NULL);
}

/* Decode a percent-encoded text field of 1 to max bytes without NUL. */
static char *
decode_text(const char *raw, size_t max)
{
	size_t len;
	char *s;

	if (raw == NULL || (s = util_pct_decode(raw, &len)) == NULL)
		return (NULL);
	if (len == 0 || len > max || memchr(s, '\0', len) != NULL) {
		free(s);
		return (NULL);
	}
	return (s);
}

static int
valid_centre(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return (0);
	return (n >= 1 && n <= CENTRE_MAX);
}

static int
valid_stick(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    (s[i] < 'A' || s[i] > 'F'))
			return (0);
	return (i == 16);
}

/* Read UTC ISO 8601 "YYYY-MM-DDTHH:MM:SSZ"; the form is checked later. */
static int
parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	char z = 0;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
	    &z) != 7 || z != 'Z' || tm.tm_year < 2000)
		return (-1);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return (0);
}

static char *
take_centre(struct reader *rd)
{
	char *s = decode_text(take(rd, "centre"), CENTRE_MAX);

	if (s != NULL && !valid_centre(s)) {
		free(s);
		s = NULL;
	}
	return (s);
}

/* Read "check NAME pass|fail DETAIL" for check i. */
static int
take_check(struct reader *rd, size_t i, struct approval_check *c)
{
	char *raw = take(rd, "check"), *sp;
	size_t n = strlen(approval_check_names[i]);

	if (raw == NULL || strncmp(raw, approval_check_names[i], n) != 0 ||
	    raw[n] != ' ')
		return (-1);
	raw += n + 1;
	if (strncmp(raw, "pass ", 5) == 0)
		c->pass = 1;
	else if (strncmp(raw, "fail ", 5) != 0)
		return (-1);
	sp = raw + 5;
	c->detail = decode_text(sp, APPROVAL_DETAIL_MAX);
	return (c->detail != NULL ? 0 : -1);
}

static int
parse_fields(struct reader *rd, struct approval *a)
{
	char *stick, *outcome;
	size_t i;

	if ((a->centre = take_centre(rd)) == NULL ||
	    (stick = take(rd, "stick")) == NULL || !valid_stick(stick))
		return (-1);
	memcpy(a->stick, stick, sizeof a->stick);
	if ((a->machine = decode_text(take(rd, "machine"),
	    APPROVAL_MACHINE_MAX)) == NULL ||
	    parse_time(take(rd, "date"), &a->date) == -1)
		return (-1);
	for (i = 0; i < APPROVAL_NCHECKS; i++)
		if (take_check(rd, i, &a->checks[i]) == -1)
			return (-1);
	outcome = take(rd, "outcome");
	if (outcome == NULL || strcmp(outcome, approval_passed(a) ?
	    "pass" : "fail") != 0 || next_line(rd) != NULL)
		return (-1);
	return (0);
}

/*
 * Parse an approval result's body (up to the signature), then format it
 * again: only the one text form is accepted.
 */
static int
parse_approval(const char *text, size_t len, struct approval *a,
    char *err)
{
	struct reader rd;
	char *again, *line;
	int rc = -1;

	memset(a, 0, sizeof *a);
	rd.buf = rd.p = xstrndup(text, len);
	line = next_line(&rd);
	if (line != NULL && strcmp(line, APPROVAL_MAGIC) == 0 &&
	    parse_fields(&rd, a) == 0) {
		again = approval_format(a);
		rc = strlen(again) == len && memcmp(again, text, len) == 0 ?
		    0 : -1;
		free(again);
	}
	free(rd.buf);
	if (rc == -1) {
		approval_free(a);
		errf(err, "not a valid approval result: a line is missing,"
		    " out of order or not in its one written form");
	}
	return (rc);
}

static int
parse_record(const char *text, size_t len, struct approval_record *r,
    char *err)
{
	struct reader rd;
	char *again, *line, *m;
	int rc = -1;

	memset(r, 0, sizeof *r);
	rd.buf = rd.p = xstrndup(text, len);
	line = next_line(&rd);
	if (line != NULL && strcmp(line, APPROVAL_RECORD_MAGIC) == 0 &&
	    (r->centre = take_centre(&rd)) != NULL &&
	    parse_time(take(&rd, "approved"), &r->approved) == 0) {
		while (r->nmachines < APPROVAL_MACHINES_MAX &&
		    (m = decode_text(take(&rd, "machine"),
		    APPROVAL_MACHINE_MAX)) != NULL) {
			r->machines = xrealloc(r->machines,
			    (r->nmachines + 1) * sizeof *r->machines);
			r->machines[r->nmachines++] = m;
		}
		if (r->nmachines > 0 && next_line(&rd) == NULL) {
			again = approval_record_format(r);
			rc = strlen(again) == len &&
			    memcmp(again, text, len) == 0 ? 0 : -1;
			free(again);
		}
	}
	free(rd.buf);
	if (rc == -1) {
		approval_record_free(r);
		errf(err, "not a valid centre approval record: a line is"
		    " missing, out of order or not in its one written form");
	}
	return (rc);
}

static char *
approval_comment(const struct approval *a)
{
	char when[32], *enc, *out;

	util_iso_time(when, a->date);
	enc = util_pct_encode(a->machine, strlen(a->machine));
	xasprintf(&out, "examstick approval result %s %s %s", a->stick, when,
	    enc);
	free(enc);
	return (out);
}

static char *
record_comment(const struct approval_record *r)
{
	char when[32], *out;

	util_iso_time(when, r->approved);
	xasprintf(&out, "examstick centre approval %s %s", r->centre, when);
	return (out);
}

/* Sign body with key and append the signature; returns the whole text. */
static char *
sign_body(const char *body, const char *comment,
    const struct sig_seckey *key, char *err)
{
	char *sig, *out;

	if (sig_sign(key, body, strlen(body), comment, &sig, err) == -1)
		return (NULL);
	xasprintf(&out, "%s%s", body, sig);
	free(sig);
	return (out);
}

/* A file name part from a machine id: unsafe bytes become '_'. */
static void
safe_name(const char *in, char *out, size_t max)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < max; i++)
		out[i] = isalnum((unsigned char)in[i]) || in[i] == '-' ?
		    in[i] : '_';
	out[i] = '\0';
}

int
approval_write(const char *dir, const struct approval *a,
    const struct sig_seckey *key, char **path_out, char *err)
{
	char idhex[17], stamp[32], mach[41], *body, *comment, *text, *path;
	struct tm tm;
	time_t t = (time_t)a->date;
	int rc;

	sig_keyid_hex(key->keyid, idhex);
	if (strcmp(idhex, a->stick) != 0)
		return (errf(err, "the approval result names stick %s but the"
		    " key is %s", a->stick, idhex));
	if (seal_init(err) == -1 || util_mkdir_p(dir, err) == -1)
		return (-1);
	body = approval_format(a);
	comment = approval_comment(a);
	text = sign_body(body, comment, key, err);
	free(body);
	free(comment);
	if (text == NULL)
		return (-1);
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	safe_name(a->machine, mach, sizeof mach);
	xasprintf(&path, "%s/%s-%s" APPROVAL_SUFFIX, dir, stamp, mach);
	rc = seal_write_new(path, text, strlen(text), 0644, err);
	free(text);
	if (rc == 0 && path_out != NULL)
		*path_out = path;
	else
		free(path);
	return (rc);
}

int
approval_record_write(const char *path, const struct approval_record *r,
    const struct sig_seckey *key, char *err)
{
	char *body, *comment, *text;
	int rc;

	if (seal_init(err) == -1)
		return (-1);
	body = approval_record_format(r);
	comment = record_comment(r);
	text = sign_body(body, comment, key, err);
	free(body);
	free(comment);
	if (text == NULL)
		return (-1);
	rc = seal_write_new(path, text, strlen(text), 0644, err);
	free(text);
	return (rc);
}

/*
 * Split text into the signed body (up to and with the LF before the
 * signature) and the signature, after checking the first line.
 */
static enum approval_status
split(const char *text, size_t len, const char *magic, size_t *body,
    char *err)
{
	size_t mlen = strlen(magic);
	const char *at;

	if (len < mlen + 1 || memcmp(text, magic, mlen) != 0 ||
	    text[mlen] != '\n')
		return (afail(APPROVAL_MALFORMED, err, "the first line is not"
		    " \"%s\"", magic));
	if (len > APPROVAL_MAX_BYTES || memchr(text, '\0', len) != NULL ||
	    (at = memmem(text, len, SIG_START, strlen(SIG_START))) == NULL)
		return (afail(APPROVAL_TAMPERED, err, "the signature is"
		    " missing or damaged"));
	*body = (size_t)(at - text) + 1;
	return (APPROVAL_OK);
}

/* Check the signature over text[0, body) and return the trusted comment. */
static enum approval_status
check_sig(const char *text, size_t len, size_t body,
    const struct sig_pubkey *pk, char trusted[SEAL_TRUSTED_MAX], char *err)
{
	char why[ERR_LEN], *sig;
	enum sig_status st;

	sig = xstrndup(text + body, len - body);
	st = seal_sig_check(pk, text, body, sig, trusted, why);
	free(sig);
	if (st == SIG_WRONG_KEY)
		return (afail(APPROVAL_WRONG_SIGNER, err, "%s", why));
	if (st != SIG_OK)
		return (afail(APPROVAL_TAMPERED, err, "%s: the file was"
		    " changed after it was signed", why));
	return (APPROVAL_OK);
}

int
approval_peek_stick(const char *text, size_t len, char out[17], char *err)
{
	const char *p = memmem(text, len, "\nstick ", 7);

	if (p == NULL || (size_t)(p - text) + 7 + 17 > len || p[23] != '\n')
		return (errf(err, "not an approval result: no stick line"));
	memcpy(out, p + 7, 16);
	out[16] = '\0';
	if (!valid_stick(out))
		return (errf(err, "not an approval result: the stick id %.16s"
		    " is not 16 hex digits", p + 7));
	return (0);
}

enum approval_status
approval_verify_buffer(const char *text, size_t len,
    const struct sig_pubkey *pk, struct approval *a, char *err)
{
	char trusted[SEAL_TRUSTED_MAX], idhex[17], *want;
	enum approval_status st;
	size_t body;
	int same;

	memset(a, 0, sizeof *a);
	if (seal_init(err) == -1)
		return (APPROVAL_IO);
	if ((st = split(text, len, APPROVAL_MAGIC, &body, err)) != 0 ||
	    (st = check_sig(text, len, body, pk, trusted, err)) != 0)
		return (st);
	if (parse_approval(text, body, a, err) == -1)
		return (APPROVAL_MALFORMED);
	want = approval_comment(a);
	same = strcmp(want, trusted) == 0;
	free(want);
	sig_keyid_hex(pk->keyid, idhex);
	if (same && strcmp(idhex, a->stick) == 0)
		return (APPROVAL_OK);
	approval_free(a);
	if (!same)
		return (afail(APPROVAL_TAMPERED, err, "the signed comment \"%s\""
		    " does not match the approval result", trusted));
	return (afail(APPROVAL_TAMPERED, err, "the result names another"
	    " stick than the key %s that signed it", idhex));
}

/* Find the *.pub file in keys whose key id is the hex id stick. */
static int
find_key(const char *keys, const char *stick, struct sig_pubkey *out)
{
	struct sig_pubkey pk;
	struct dirent *de;
	char *path, why[ERR_LEN], idhex[17];
	size_t n;
	DIR *d;
	int found = 0;

	if ((d = opendir(keys)) == NULL)
		return (-1);
	while (!found && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".pub") != 0)
			continue;
		path = util_path_join(keys, de->d_name);
		if (sig_pubkey_load(&pk, path, why) == 0) {
			sig_keyid_hex(pk.keyid, idhex);
			if (strcmp(idhex, stick) == 0) {
				*out = pk;
				found = 1;
			}
		}
		free(path);
	}
	closedir(d);
	return (found ? 0 : -1);
}

/* The keys/ folder beside the approval/ folder that holds path. */
static char *
keys_folder(const char *path)
{
	char *copy = xstrdup(path), *dir, *keys;

	dir = dirname(copy);
	xasprintf(&keys, "%s/../keys", dir);
	free(copy);
	return (keys);
}

enum approval_status
approval_verify(const char *path, const struct sig_pubkey *given,
    struct approval *a, char *err)
{
	struct sig_pubkey pk;
	enum approval_status st;
	char *text, *keys, stick[17];
	size_t len;

	memset(a, 0, sizeof *a);
	if (util_read_file(path, APPROVAL_MAX_BYTES, &text, &len, err) == -1)
		return (APPROVAL_IO);
	if (given != NULL)
		pk = *given;
	else if (approval_peek_stick(text, len, stick, err) == -1) {
		free(text);
		return (APPROVAL_MALFORMED);
	} else {
		keys = keys_folder(path);
		st = find_key(keys, stick, &pk) == -1 ? APPROVAL_NO_KEY :
		    APPROVAL_OK;
		if (st != APPROVAL_OK)
			errf(err, "no public key for stick %s in %s: give"
			    " the stick's public key (.pub) file", stick, keys);
		free(keys);
		if (st != APPROVAL_OK) {
			free(text);
			return (st);
		}
	}
	st = approval_verify_buffer(text, len, &pk, a, err);
	free(text);
	return (st);
}

enum approval_status
approval_record_verify_buffer(const char *text, size_t len,
    const struct sig_pubkey *pk, const char *centre,
    struct approval_record *r, char *err)
{
	char trusted[SEAL_TRUSTED_MAX], *want;
	enum approval_status st;
	size_t body;
	int same;

	memset(r, 0, sizeof *r);
	if (seal_init(err) == -1)
		return (APPROVAL_IO);
	if ((st = split(text, len, APPROVAL_RECORD_MAGIC, &body, err)) != 0)
		return (st);
	if ((st = check_sig(text, len, body, pk, trusted, err)) != 0) {
		if (st == APPROVAL_WRONG_SIGNER)
			strncat(err, ": the record is not from this awarding"
			    " body", ERR_LEN - strlen(err) - 1);
		return (st);
	}
	if (parse_record(text, body, r, err) == -1)
		return (APPROVAL_MALFORMED);
	want = record_comment(r);
	same = strcmp(want, trusted) == 0;
	free(want);
	if (!same) {
		approval_record_free(r);
		return (afail(APPROVAL_TAMPERED, err, "the signed comment \"%s\""
		    " does not match the record", trusted));
	}
	if (centre != NULL && strcmp(centre, r->centre) != 0) {
		st = afail(APPROVAL_WRONG_CENTRE, err, "the record approves"
		    " centre %s, not centre %s", r->centre, centre);
		approval_record_free(r);
		return (st);
	}
	return (APPROVAL_OK);
}

enum approval_status
approval_record_verify(const char *path, const struct sig_pubkey *pk,
    const char *centre, struct approval_record *r, char *err)
{
	enum approval_status st;
	char *text, why[ERR_LEN];
	size_t len;

	memset(r, 0, sizeof *r);
	if (util_read_file(path, APPROVAL_MAX_BYTES, &text, &len, err) == -1)
		return (APPROVAL_IO);
	st = approval_record_verify_buffer(text, len, pk, centre, r, why);
	free(text);
	if (st != APPROVAL_OK)
		errf(err, "%s: %s", path, why);
	return (st);
}
