/*
 * Candidate tokens: writing, signing, verifying and finding them by
 * code.  A token is "KEY VALUE" lines (values percent-encoded) followed
 * by a minisign signature of those lines.  It has one text form, which
 * parsing checks by formatting the result again.
 */
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "seal.h"
#include "seal_private.h"
#include "token.h"

#define TOKEN_MAGIC	"examstick token 1"
#define TOKEN_COMMENT	"examstick token "
#define SIG_START	"\nuntrusted comment: "
#define CANDIDATE_MAX	16
#define CENTRE_MAX	16
#define TEST_MAX	32
#define NAME_MAX_BYTES	100
#define SERIAL_BYTES	8

const char *
token_status_text(enum token_status st)
{
	switch (st) {
	case TOKEN_OK:
		return ("token verified");
	case TOKEN_IO:
		return ("cannot read the token");
	case TOKEN_MALFORMED:
		return ("not an examstick token");
	case TOKEN_WRONG_SIGNER:
		return ("signed by another key");
	case TOKEN_TAMPERED:
		return ("the token was changed after it was signed");
	case TOKEN_NOT_YET_VALID:
		return ("the token is not valid yet");
	case TOKEN_EXPIRED:
		return ("the token has expired");
	case TOKEN_NOT_FOUND:
		return ("no token has this code");
	case TOKEN_AMBIGUOUS:
		return ("more than one token has this code");
	}
	return ("unknown token status");
}

void
token_free(struct token *t)
{
	free(t->serial);
	free(t->code);
	free(t->candidate);
	free(t->name);
	free(t->dob);
	free(t->centre);
	free(t->test);
	free(t->issued);
	memset(t, 0, sizeof *t);
}

/* 1 to max letters, digits or hyphens. */
static int
id_valid(const char *s, size_t max)
{
	size_t i, n;

	if (s == NULL || (n = strlen(s)) == 0 || n > max)
		return (0);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return (0);
	return (1);
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		*out = *out * 10 + (s[i] - '0');
	}
	return (0);
}

/* Parse YYYY-MM-DD at s into a struct tm, checking that the day exists. */
static int
parse_date(const char *s, struct tm *tm)
{
	struct tm check;
	int y, m, d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) == -1 || digits(s + 5, 2, &m) == -1 ||
	    digits(s + 8, 2, &d) == -1 || y < 1900 || m < 1 || m > 12 ||
	    d < 1)
		return (-1);
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	check = *tm;
	timegm(&check);
	return (check.tm_mday == d && check.tm_mon == m - 1 ? 0 : -1);
}

int
token_parse_time(const char *s, int end_of_day, int64_t *out)
{
	struct tm tm;
	int h, mi, sec;

	if (parse_date(s, &tm) == -1)
		return (-1);
	if (s[10] == '\0') {
		if (end_of_day) {
			tm.tm_hour = 23;
			tm.tm_min = 59;
			tm.tm_sec = 59;
		}
	} else if (strlen(s) == 20 && s[10] == 'T' && s[13] == ':' &&
	    s[16] == ':' && s[19] == 'Z' && digits(s + 11, 2, &h) == 0 &&
	    digits(s + 14, 2, &mi) == 0 && digits(s + 17, 2, &sec) == 0 &&
	    h < 24 && mi < 60 && sec < 60) {
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
	} else
		return (-1);
	*out = (int64_t)timegm(&tm);
	return (0);
}

int
token_check_fields(const struct token *t, token_field_problem *report,
    void *arg)
{
	char expected[128], number[16];
	struct tm tm;
	int n = 0;

	if (!id_valid(t->candidate, CANDIDATE_MAX)) {
		snprintf(expected, sizeof expected, "1 to %d letters, digits"
		    " or hyphens", CANDIDATE_MAX);
		report(arg, "candidate", t->candidate ? t->candidate : "",
		    expected);
		n++;
	}
	if (t->name == NULL || *t->name == '\0' ||
	    conf_text_valid(t->name, NAME_MAX_BYTES) == -1) {
		snprintf(expected, sizeof expected, "1 to %d bytes of text on"
		    " one line", NAME_MAX_BYTES);
		report(arg, "name", t->name ? t->name : "", expected);
		n++;
	}
	if (t->dob == NULL || strlen(t->dob) != 10 ||
	    parse_date(t->dob, &tm) == -1) {
		report(arg, "date_of_birth", t->dob ? t->dob : "",
		    "a real date as YYYY-MM-DD");
		n++;
	}
	if (!id_valid(t->centre, CENTRE_MAX)) {
		snprintf(expected, sizeof expected, "1 to %d letters, digits"
		    " or hyphens", CENTRE_MAX);
		report(arg, "centre", t->centre ? t->centre : "", expected);
		n++;
	}
	if (!id_valid(t->test, TEST_MAX)) {
		snprintf(expected, sizeof expected, "1 to %d letters, digits"
		    " or hyphens", TEST_MAX);
		report(arg, "test", t->test ? t->test : "", expected);
		n++;
	}
	if (t->attempt < 1 || t->attempt > 99) {
		snprintf(number, sizeof number, "%d", t->attempt);
		report(arg, "attempt", number, "1 to 99");
		n++;
	}
	if (t->extra_pct < 0 || t->extra_pct > 100) {
		snprintf(number, sizeof number, "%d", t->extra_pct);
		report(arg, "extra_time", number, "a percent from 0 to 100");
		n++;
	}
	if (t->valid_until < t->valid_from) {
		report(arg, "valid_until", NULL, "a time not before"
		    " valid_from");
		n++;
	}
	return (n);
}

/* token_check's receiver: keeps the first problem as an error message. */
static void
first_problem(void *arg, const char *field, const char *value,
    const char *expected)
{
	char *err = arg;

	if (err[0] != '\0')
		return;
	if (value == NULL)
		errf(err, "%s is before valid_from", field);
	else
		errf(err, "%s: invalid value \"%s\": use %s", field, value,
		    expected);
}

int
token_check(const struct token *t, char *err)
{
	err[0] = '\0';
	return (token_check_fields(t, first_problem, err) == 0 ? 0 : -1);
}

static void
add_line(char **buf, size_t *len, const char *key, const char *value)
{
	char *enc = util_pct_encode(value, strlen(value)), *line;
	int n;

	n = xasprintf(&line, "%s %s\n", key, enc);
	*buf = xrealloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, line, (size_t)n + 1);
	*len += (size_t)n;
	free(enc);
	free(line);
}

static void
add_number(char **buf, size_t *len, const char *key, long v)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	add_line(buf, len, key, num);
}

static void
add_time(char **buf, size_t *len, const char *key, int64_t t)
{
	char iso[32];

	util_iso_time(iso, t);
	add_line(buf, len, key, iso);
}

/* The signed lines of a token. */
static char *
token_format(const struct token *t)
{
	char *buf = xstrdup(TOKEN_MAGIC "\n");
	size_t len = strlen(buf);

	add_line(&buf, &len, "serial", t->serial);
	add_line(&buf, &len, "code", t->code);
	add_line(&buf, &len, "candidate", t->candidate);
	add_line(&buf, &len, "name", t->name);
	add_line(&buf, &len, "date_of_birth", t->dob);
	add_line(&buf, &len, "centre", t->centre);
	add_line(&buf, &len, "test", t->test);
	add_number(&buf, &len, "attempt", t->attempt);
	add_time(&buf, &len, "valid_from", t->valid_from);
	add_time(&buf, &len, "valid_until", t->valid_until);
	add_number(&buf, &len, "extra_time", t->extra_pct);
	add_line(&buf, &len, "rest_breaks", t->rest_breaks ? "yes" : "no");
	if (t->has_scheme)
		add_line(&buf, &len, "colour_scheme",
		    conf_scheme_name(t->scheme));
	add_line(&buf, &len, "issued", t->issued);
	return (buf);
}

char *
token_attempt_id(const struct token *t)
{
	char *id;

	xasprintf(&id, "%s-%s-%d", t->candidate, t->test, t->attempt);
	return (id);
}

char *
token_file_name(const struct token *t)
{
	char *id = token_attempt_id(t), *name;

	xasprintf(&name, "%s" TOKEN_SUFFIX, id);
	free(id);
	return (name);
}

static char *
comment_for(const struct token *t)
{
	char *id = token_attempt_id(t), *c;

	xasprintf(&c, TOKEN_COMMENT "%s %s", id, t->serial);
	free(id);
	return (c);
}

int
token_sign(struct token *t, const struct sig_seckey *key, char **text,
    char *err)
{
	unsigned char serial[SERIAL_BYTES];
	char hex[2 * SERIAL_BYTES + 1], iso[32], *body, *comment, *sig;
	int rc;

	if (seal_init(err) == -1 || token_check(t, err) == -1)
		return (-1);
	if (t->serial == NULL) {
		randombytes_buf(serial, sizeof serial);
		util_hex(serial, sizeof serial, hex, 1);
		t->serial = xstrdup(hex);
	}
	if (t->code == NULL) {
		t->code = xmalloc(SEAL_CODE_TEXT(TOKEN_CODE_SYMBOLS));
		seal_code_generate(t->code, TOKEN_CODE_SYMBOLS);
	}
	if (t->issued == NULL) {
		util_iso_time(iso, util_wall_seconds());
		t->issued = xstrdup(iso);
	}
	body = token_format(t);
	comment = comment_for(t);
	rc = sig_sign(key, body, strlen(body), comment, &sig, err);
	if (rc == 0) {
		xasprintf(text, "%s%s", body, sig);
		free(sig);
	}
	free(body);
	free(comment);
	return (rc);
}

int
token_write(const char *dir, struct token *t, const struct sig_seckey *key,
    char **path, char *err)
{
	char *text, *name;
	int rc;

	*path = NULL;
	if (token_sign(t, key, &text, err) == -1)
		return (-1);
	name = token_file_name(t);
	*path = util_path_join(dir, name);
	free(name);
	rc = seal_write_new(*path, text, strlen(text), 0644, err);
	free(text);
	if (rc == -1) {
		free(*path);
		*path = NULL;
	}
	return (rc);
}

struct tparse {
	const char	*p, *end;
	int		 line;
	char		*err;
};

/* Take the required line "KEY VALUE" and return its decoded value. */
static char *
take(struct tparse *tp, const char *key)
{
	size_t klen = strlen(key);
	const char *nl;
	char *raw, *value;

	nl = memchr(tp->p, '\n', (size_t)(tp->end - tp->p));
	tp->line++;
	if (nl == NULL || (size_t)(nl - tp->p) <= klen ||
	    memcmp(tp->p, key, klen) != 0 || tp->p[klen] != ' ') {
		errf(tp->err, "token line %d: expected \"%s\"", tp->line, key);
		return (NULL);
	}
	raw = xstrndup(tp->p + klen + 1, (size_t)(nl - tp->p) - klen - 1);
	value = util_pct_decode(raw, NULL);
	free(raw);
	if (value == NULL)
		errf(tp->err, "token line %d: bad percent escape", tp->line);
	tp->p = nl + 1;
	return (value);
}

static int
take_int(struct tparse *tp, const char *key, int *out)
{
	char *v, *end;
	long n;

	if ((v = take(tp, key)) == NULL)
		return (-1);
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 0 || n > 1000) {
		free(v);
		return (errf(tp->err, "token line %d: %s is not a number",
		    tp->line, key));
	}
	free(v);
	*out = (int)n;
	return (0);
}

static int
take_time(struct tparse *tp, const char *key, int64_t *out)
{
	char *v;
	int rc;

	if ((v = take(tp, key)) == NULL)
		return (-1);
	rc = token_parse_time(v, 0, out);
	free(v);
	if (rc == -1)
		return (errf(tp->err, "token line %d: %s is not a UTC time",
		    tp->line, key));
	return (0);
}

static int
parse_tail(struct tparse *tp, struct token *t)
{
	char *v;
	int rc = 0;

	if ((v = take(tp, "rest_breaks")) == NULL)
		return (-1);
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
		t->rest_breaks = strcmp(v, "yes") == 0;
	else
		rc = errf(tp->err, "token: rest_breaks must be yes or no");
	free(v);
	if (rc == 0 && tp->end - tp->p > 14 &&
	    memcmp(tp->p, "colour_scheme ", 14) == 0) {
		if ((v = take(tp, "colour_scheme")) == NULL)
			return (-1);
		t->has_scheme = 1;
		if (conf_scheme_parse(v, &t->scheme) == -1)
			rc = errf(tp->err, "token: unknown colour scheme");
		free(v);
	}
	if (rc == 0 && (t->issued = take(tp, "issued")) == NULL)
		rc = -1;
	if (rc == 0 && tp->p != tp->end)
		rc = errf(tp->err, "token line %d: unexpected text",
		    tp->line + 1);
	return (rc);
}

/* Parse the signed lines of a token into t. */
static int
token_parse(const char *text, size_t len, struct token *t, char *err)
{
	struct tparse tp = { text, text + len, 1, err };
	size_t mlen = strlen(TOKEN_MAGIC "\n");
	char *again;
	int rc = -1;

	memset(t, 0, sizeof *t);
	if (len < mlen || memcmp(text, TOKEN_MAGIC "\n", mlen) != 0)
		return (errf(err, "not an examstick token: the first line is"
		    " not \"" TOKEN_MAGIC "\""));
	tp.p += mlen;
	if ((t->serial = take(&tp, "serial")) != NULL &&
	    (t->code = take(&tp, "code")) != NULL &&
	    (t->candidate = take(&tp, "candidate")) != NULL &&
	    (t->name = take(&tp, "name")) != NULL &&
	    (t->dob = take(&tp, "date_of_birth")) != NULL &&
	    (t->centre = take(&tp, "centre")) != NULL &&
	    (t->test = take(&tp, "test")) != NULL &&
	    take_int(&tp, "attempt", &t->attempt) == 0 &&
	    take_time(&tp, "valid_from", &t->valid_from) == 0 &&
	    take_time(&tp, "valid_until", &t->valid_until) == 0 &&
	    take_int(&tp, "extra_time", &t->extra_pct) == 0)
		rc = parse_tail(&tp, t);
	if (rc == 0)
		rc = token_check(t, err);
	if (rc == 0) {
		again = token_format(t);
		if (strlen(again) != len || memcmp(again, text, len) != 0)
			rc = errf(err, "the token is not in its canonical"
			    " form");
		free(again);
	}
	if (rc == -1)
		token_free(t);
	return (rc);
}

static enum token_status
tfail(enum token_status st, char *err, const char *fmt, ...)
    PRINTFLIKE(3, 4);

static enum token_status
tfail(enum token_status st, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_LEN, fmt, ap);
	va_end(ap);
	return (st);
}

/* Check the signature, then the body, then the trusted comment. */
static enum token_status
verify_parts(const char *text, size_t body_len, const char *sig,
    const struct sig_pubkey *pk, struct token *t, char *err)
{
	char trusted[SEAL_TRUSTED_MAX], why[ERR_LEN], *want;
	enum sig_status st;
	int same;

	st = seal_sig_check(pk, text, body_len, sig, trusted, why);
	if (st == SIG_WRONG_KEY)
		return (tfail(TOKEN_WRONG_SIGNER, err, "%s: the token is not"
		    " from this awarding body, or the key is the wrong one",
		    why));
	if (st != SIG_OK)
		return (tfail(TOKEN_TAMPERED, err, "%s: the token was changed"
		    " after it was signed", why));
	if (token_parse(text, body_len, t, why) == -1)
		return (tfail(TOKEN_MALFORMED, err, "%s", why));
	want = comment_for(t);
	same = strcmp(want, trusted) == 0;
	free(want);
	if (!same) {
		token_free(t);
		return (tfail(TOKEN_TAMPERED, err, "the signed comment \"%s\""
		    " does not match the token", trusted));
	}
	return (TOKEN_OK);
}

enum token_status
token_verify_buffer(const char *text, size_t len,
    const struct sig_pubkey *pk, int64_t now, struct token *t, char *err)
{
	const char *at;
	char *sig, when[32];
	enum token_status st;
	size_t mlen = strlen(TOKEN_MAGIC "\n"), body;

	memset(t, 0, sizeof *t);
	if (seal_init(err) == -1)
		return (TOKEN_IO);
	if (len < mlen || memcmp(text, TOKEN_MAGIC "\n", mlen) != 0)
		return (tfail(TOKEN_MALFORMED, err, "not an examstick token:"
		    " the first line is not \"" TOKEN_MAGIC "\""));
	if (len > TOKEN_MAX_BYTES || memchr(text, '\0', len) != NULL ||
	    (at = memmem(text, len, SIG_START, strlen(SIG_START))) == NULL)
		return (tfail(TOKEN_TAMPERED, err, "the token's signature is"
		    " missing or damaged"));
	body = (size_t)(at - text) + 1;
	sig = xstrndup(text + body, len - body);
	st = verify_parts(text, body, sig, pk, t, err);
	free(sig);
	if (st != TOKEN_OK)
		return (st);
	if (now < t->valid_from) {
		util_iso_time(when, t->valid_from);
		return (tfail(TOKEN_NOT_YET_VALID, err, "the token is valid"
		    " from %s", when));
	}
	if (now > t->valid_until) {
		util_iso_time(when, t->valid_until);
		return (tfail(TOKEN_EXPIRED, err, "the token expired at %s",
		    when));
	}
	return (TOKEN_OK);
}

enum token_status
token_verify(const char *path, const struct sig_pubkey *pk, int64_t now,
    struct token *t, char *err)
{
	enum token_status st;
	char *text, why[ERR_LEN];
	size_t len;

	memset(t, 0, sizeof *t);
	if (util_read_file(path, TOKEN_MAX_BYTES, &text, &len, err) == -1)
		return (TOKEN_IO);
	st = token_verify_buffer(text, len, pk, now, t, why);
	free(text);
	if (st != TOKEN_OK)
		errf(err, "%s: %s", path, why);
	return (st);
}

int
token_code_matches(const struct token *t, const char *typed)
{
	char a[TOKEN_CODE_SYMBOLS + 1], b[TOKEN_CODE_SYMBOLS + 1];

	if (seal_code_normalize(typed, a, TOKEN_CODE_SYMBOLS) == -1 ||
	    seal_code_normalize(t->code, b, TOKEN_CODE_SYMBOLS) == -1)
		return (0);
	return (sodium_memcmp(a, b, TOKEN_CODE_SYMBOLS) == 0);
}

static int
is_token_name(const struct dirent *de)
{
	size_t n = strlen(de->d_name), m = strlen(TOKEN_SUFFIX);

	return (de->d_name[0] != '.' && n > m &&
	    strcmp(de->d_name + n - m, TOKEN_SUFFIX) == 0);
}

/* A status after which token_verify has filled the token. */
static int
filled(enum token_status st)
{
	return (st == TOKEN_OK || st == TOKEN_NOT_YET_VALID ||
	    st == TOKEN_EXPIRED);
}

/*
 * Return 1 if the file at path has a "code" line that matches typed,
 * read without checking the signature.  token_find uses it to name a
 * token that failed its check instead of saying that no token has the
 * code.
 */
static int
raw_code_matches(const char *path, const char *typed)
{
	char why[ERR_LEN], *text, *line, *end;
	struct token t;
	size_t len;
	int match = 0;

	if (util_read_file(path, TOKEN_MAX_BYTES, &text, &len, why) == -1)
		return (0);
	memset(&t, 0, sizeof t);
	for (line = text; line < text + len; line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(text + len - line))) ==
		    NULL)
			end = text + len;
		if (end - line > 5 && strncmp(line, "code ", 5) == 0) {
			t.code = xstrndup(line + 5, (size_t)(end - line - 5));
			match = token_code_matches(&t, typed);
			free(t.code);
			break;
		}
	}
	free(text);
	return (match);
}

enum token_status
token_find(const char *dir, const char *typed, const struct sig_pubkey *pk,
    int64_t now, struct token *out, char **path_out, char *err)
{
	enum token_status st, found_st = TOKEN_NOT_FOUND, bad_st = TOKEN_OK;
	char *path, why[ERR_LEN], found_why[ERR_LEN] = "";
	char bad_why[ERR_LEN] = "";
	struct dirent **names;
	struct token t;
	int i, n, matches = 0;

	memset(out, 0, sizeof *out);
	*path_out = NULL;
	if ((n = scandir(dir, &names, is_token_name, alphasort)) == -1)
		return (tfail(TOKEN_IO, err, "%s: %s", dir, strerror(errno)));
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]->d_name);
		free(names[i]);
		st = token_verify(path, pk, now, &t, why);
		if (filled(st) && token_code_matches(&t, typed) &&
		    ++matches == 1) {
			*out = t;
			*path_out = path;
			found_st = st;
			util_strlcpy(found_why, why, sizeof found_why);
			continue;
		}
		if (filled(st))
			token_free(&t);
		else if (st != TOKEN_IO && bad_st == TOKEN_OK &&
		    raw_code_matches(path, typed)) {
			bad_st = st;
			util_strlcpy(bad_why, why, sizeof bad_why);
		}
		free(path);
	}
	free(names);
	if (matches > 1) {
		token_free(out);
		free(*path_out);
		*path_out = NULL;
		return (tfail(TOKEN_AMBIGUOUS, err, "%d tokens in %s have this"
		    " code: ask the awarding body for new tokens", matches,
		    dir));
	}
	if (matches == 0 && bad_st != TOKEN_OK)
		return (tfail(bad_st, err, "%s", bad_why));
	if (matches == 0)
		return (tfail(TOKEN_NOT_FOUND, err, "no token in %s has this"
		    " code: check the code and type it again", dir));
	if (found_st != TOKEN_OK)
		util_strlcpy(err, found_why, ERR_LEN);
	return (found_st);
}
