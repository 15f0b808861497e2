/*
 * Result files: writing one from an ended attempt, signing it with the
 * stick key, and verifying a result against its signature and the journal
 * it was made from.  The layout is in docs/formats.md.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "result.h"

#define RESULT_COMMENT		"examstick result "
#define SIG_MAX_BYTES		8192

/* One "key: value" line, the value as it is written in the file. */
struct rline {
	char	*key;
	char	*value;
};

struct rlines {
	struct rline	*v;
	size_t		 n, cap;
};

static void
rlines_add(struct rlines *l, const char *key, char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].key = key ? xstrdup(key) : NULL;
	l->v[l->n].value = value;
	l->n++;
}

static void
rlines_text(struct rlines *l, const char *key, const char *text)
{
	rlines_add(l, key, util_pct_encode(text, strlen(text)));
}

static void
rlines_number(struct rlines *l, const char *key, int64_t v)
{
	char *s;

	xasprintf(&s, "%" PRId64, v);
	rlines_add(l, key, s);
}

static void
rlines_free(struct rlines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static const char *
rlines_get(const struct rlines *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].key, key) == 0)
			return (l->v[i].value);
	}
	return (NULL);
}

/* "ITEM RESPONSE VALUE..." with every part percent-encoded. */
static char *
response_text(const struct attempt_value *v)
{
	char *out, *enc, *next;
	size_t i;

	out = util_pct_encode(v->item, strlen(v->item));
	enc = util_pct_encode(v->response, strlen(v->response));
	xasprintf(&next, "%s %s", out, enc);
	free(out);
	free(enc);
	out = next;
	for (i = 0; i < v->nvalues; i++) {
		enc = util_pct_encode(v->values[i], strlen(v->values[i]));
		xasprintf(&next, "%s %s", out, enc);
		free(out);
		free(enc);
		out = next;
	}
	return (out);
}

static int
value_cmp(const void *pa, const void *pb)
{
	const struct attempt_value *const *a = pa, *const *b = pb;

	return (strcmp((*a)->response, (*b)->response));
}

/* Responses in test order, and by response identifier within an item. */
static void
rlines_responses(struct rlines *l, const struct attempt *a)
{
	const struct attempt_value **sel;
	size_t i, j, n;

	sel = xcalloc(a->nvalues, sizeof *sel);
	for (i = 0; i < a->nitems; i++) {
		n = 0;
		for (j = 0; j < a->nvalues; j++) {
			if (strcmp(a->values[j].item, a->items[i]) == 0)
				sel[n++] = &a->values[j];
		}
		qsort(sel, n, sizeof *sel, value_cmp);
		for (j = 0; j < n; j++)
			rlines_add(l, "response", response_text(sel[j]));
	}
	free(sel);
}

static char *
iso_value(int64_t t)
{
	char buf[32];

	util_iso_time(buf, t);
	return (xstrdup(buf));
}

/*
 * The lines of the result file for an ended attempt; the responses only
 * when responses is set.
 */
static void
result_lines(const struct attempt *a, const char *journal_rel,
    struct rlines *l, int responses)
{
	char head[2 * JOURNAL_HASH_BYTES + 1];
	size_t i;

	rlines_text(l, "id", a->id);
	rlines_text(l, "centre", a->centre);
	rlines_text(l, "stick", a->stick);
	rlines_text(l, "candidate", a->candidate);
	rlines_text(l, "name", a->name);
	rlines_text(l, "test", a->test);
	rlines_text(l, "title", a->title);
	rlines_number(l, "attempt", a->number);
	rlines_add(l, "start", iso_value(a->wall_start));
	rlines_add(l, "end", iso_value(a->wall_end));
	rlines_number(l, "time-used", a->elapsed_ms / 1000);
	rlines_number(l, "time-allowed", a->allowed_ms / 1000);
	rlines_text(l, "end-reason", a->end_reason);
	for (i = 0; i < a->nmachines; i++)
		rlines_text(l, "machine", a->machines[i]);
	rlines_text(l, "journal", journal_rel);
	rlines_number(l, "journal-records", (int64_t)a->nrecords);
	util_hex(a->head, sizeof a->head, head, 0);
	rlines_add(l, "journal-head", xstrdup(head));
	if (responses)
		rlines_responses(l, a);
}

/*
 * The response lines sealed to the results key: one line
 * "sealed-responses: KEYID BASE64" in their place.
 */
static int
rlines_sealed(struct rlines *l, const struct attempt *a,
    const struct seal_boxpub *box, char *err)
{
	struct rlines r = { 0 };
	char *text, *p, *sealed;
	size_t i, len = 0;

	rlines_responses(&r, a);
	for (i = 0; i < r.n; i++)
		len += strlen(r.v[i].key) + strlen(r.v[i].value) + 3;
	text = p = xmalloc(len + 1);
	*p = '\0';
	for (i = 0; i < r.n; i++)
		p += sprintf(p, "%s: %s\n", r.v[i].key, r.v[i].value);
	rlines_free(&r);
	sealed = result_seal_text(text, len, box, err);
	sodium_memzero(text, len);
	free(text);
	if (sealed == NULL)
		return (-1);
	rlines_add(l, RESULT_SEALED_KEY, sealed);
	return (0);
}

static char *
rlines_join(const struct rlines *l, size_t *len)
{
	size_t i, total = strlen(RESULT_FIRST_LINE) + 2;
	char *out, *p;

	for (i = 0; i < l->n; i++)
		total += strlen(l->v[i].key) + strlen(l->v[i].value) + 3;
	out = xmalloc(total);
	p = stpcpy(out, RESULT_FIRST_LINE "\n");
	for (i = 0; i < l->n; i++)
		p += sprintf(p, "%s: %s\n", l->v[i].key, l->v[i].value);
	*len = (size_t)(p - out);
	return (out);
}

/* Attempt ids become file names, so they are kept to a safe alphabet. */
static int
id_safe(const char *id)
{
	const char *p;

	if (*id == '\0' || *id == '.' || strlen(id) > 200)
		return (0);
	for (p = id; *p != '\0'; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.'))
			return (0);
	}
	return (1);
}

/* A journal path relative to examstick/ that stays inside it. */
static int
rel_path_safe(const char *rel)
{
	const char *p = rel, *slash;
	size_t n;

	if (*rel == '\0' || *rel == '/')
		return (0);
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return (0);
		if (slash == NULL)
			return (1);
		p = slash + 1;
	}
}

static int
write_check(const char *journal_rel, const struct attempt *a,
    const struct sig_seckey *key, char *err)
{
	char keyid[17];

	if (!a->ended)
		return (errf(err, "attempt %s has not ended: end it before"
		    " writing its result", a->id));
	if (!id_safe(a->id))
		return (errf(err, "attempt id %s cannot be a file name: use"
		    " letters, digits, '.', '-' and '_'", a->id));
	if (!rel_path_safe(journal_rel))
		return (errf(err, "journal path %s must be relative to"
		    " examstick/ without '.' or '..' parts", journal_rel));
	sig_keyid_hex(key->keyid, keyid);
	if (strcmp(a->stick, keyid) != 0)
		return (errf(err, "attempt %s names stick %s, but the signing"
		    " key is %s", a->id, a->stick, keyid));
	return (0);
}

int
result_write(const char *results_dir, const char *journal_rel,
    const struct attempt *a, const struct sig_seckey *key,
    char **path_out, char *err)
{
	return (result_write_sealed(results_dir, journal_rel, a, key, NULL,
	    path_out, err));
}

int
result_write_sealed(const char *results_dir, const char *journal_rel,
    const struct attempt *a, const struct sig_seckey *key,
    const struct seal_boxpub *box, char **path_out, char *err)
{
	struct rlines l = { 0 };
	char *text, *sig, *name, *path, *sigpath, *comment;
	size_t len;
	int rc = -1;

	if (write_check(journal_rel, a, key, err) == -1)
		return (-1);
	if (a->values_sealed && a->value_key == NULL)
		return (errf(err, "attempt %s: the journal's answers are sealed"
		    " and were not opened: load it with the stick key", a->id));
	if (a->values_sealed && box == NULL)
		return (errf(err, "attempt %s: the journal's answers are sealed,"
		    " so the result must seal its responses to the results key"
		    " too", a->id));
	result_lines(a, journal_rel, &l, box == NULL);
	if (box != NULL && rlines_sealed(&l, a, box, err) == -1) {
		rlines_free(&l);
		return (-1);
	}
	text = rlines_join(&l, &len);
	rlines_free(&l);
	xasprintf(&comment, RESULT_COMMENT "%s", a->id);
	if (sig_sign(key, text, len, comment, &sig, err) == -1) {
		free(comment);
		free(text);
		return (-1);
	}
	free(comment);

	xasprintf(&name, "%s.result", a->id);
	path = util_path_join(results_dir, name);
	xasprintf(&sigpath, "%s.minisig", path);
	/*
	 * The signature goes first.  A crash between the two writes leaves
	 * a signature without its result, or beside an older result that
	 * it does not match.  Neither verifies.
	 */
	if (util_write_atomic(sigpath, sig, strlen(sig), err) == 0 &&
	    util_write_atomic(path, text, len, err) == 0)
		rc = 0;
	if (rc == 0 && path_out != NULL)
		*path_out = path;
	else
		free(path);
	free(sigpath);
	free(name);
	free(sig);
	free(text);
	return (rc);
}

/* Parse "examstick result 1" and its "key: value" lines. */
static int
result_parse(const char *text, size_t len, struct rlines *l, char *reason)
{
	const char *p = text, *nl, *colon;
	size_t n = strlen(RESULT_FIRST_LINE);

	if (memchr(text, '\0', len) != NULL)
		return (errf(reason, "not a result file: it holds a NUL byte"));
	if (len <= n || memcmp(text, RESULT_FIRST_LINE, n) != 0 ||
	    text[n] != '\n')
		return (errf(reason, "not a result file: the first line is not"
		    " \"%s\"", RESULT_FIRST_LINE));
	p = text + n + 1;
	while (p < text + len) {
		if ((nl = memchr(p, '\n', (size_t)(text + len - p))) == NULL)
			return (errf(reason, "not a result file: the last line"
			    " has no newline"));
		colon = memchr(p, ':', (size_t)(nl - p));
		if (colon == NULL || colon == p || colon + 1 == nl ||
		    colon[1] != ' ')
			return (errf(reason, "not a result file: line %zu is"
			    " not \"key: value\"", l->n + 2));
		rlines_add(l, NULL, xstrndup(colon + 2,
		    (size_t)(nl - colon - 2)));
		l->v[l->n - 1].key = xstrndup(p, (size_t)(colon - p));
		p = nl + 1;
	}
	return (0);
}

/* The parts of a result that verification needs before the journal. */
struct result_head {
	char		*id;
	char		*journal;
	unsigned char	 keyid[SIG_KEYID_BYTES];
	const char	*stick;
	uint64_t	 nrecords;
	unsigned char	 head[JOURNAL_HASH_BYTES];
};

static void
result_head_free(struct result_head *h)
{
	free(h->id);
	free(h->journal);
}

static int
result_head_get(const struct rlines *l, struct result_head *h, char *reason)
{
	const char *id, *journal, *records, *head;
	unsigned char be[SIG_KEYID_BYTES];
	int64_t v;
	char *end;
	size_t i;

	memset(h, 0, sizeof *h);
	id = rlines_get(l, "id");
	journal = rlines_get(l, "journal");
	records = rlines_get(l, "journal-records");
	head = rlines_get(l, "journal-head");
	h->stick = rlines_get(l, "stick");
	if (id == NULL || journal == NULL || records == NULL ||
	    head == NULL || h->stick == NULL)
		return (errf(reason, "not a result file: id, stick, journal,"
		    " journal-records or journal-head is missing"));
	if (util_unhex(h->stick, be, sizeof be) == -1)
		return (errf(reason, "invalid stick id: %s", h->stick));
	for (i = 0; i < SIG_KEYID_BYTES; i++)
		h->keyid[i] = be[SIG_KEYID_BYTES - 1 - i];
	errno = 0;
	v = strtoll(records, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || *records == '-')
		return (errf(reason, "invalid journal-records: %s", records));
	h->nrecords = (uint64_t)v;
	if (util_unhex(head, h->head, sizeof h->head) == -1)
		return (errf(reason, "invalid journal-head: %s", head));
	h->id = util_pct_decode(id, NULL);
	h->journal = util_pct_decode(journal, NULL);
	if (h->id == NULL || h->journal == NULL)
		return (errf(reason, "not a result file: malformed percent"
		    " escape in id or journal"));
	return (0);
}

/* One stick's public keys, in the order readdir gave their files. */
struct key_folder {
	char			*stick;		/* examstick folder */
	struct sig_pubkey	*keys;
	size_t			 nkeys;
	int			 readable;	/* keys/ could be opened */
};

/* The examstick folder of the results in one folder, as path names it. */
struct results_folder {
	char	*dir;
	char	*stick;		/* NULL: the folder cannot be resolved */
};

struct result_verifier {
	const struct sig_pubkey	*given;
	struct key_folder	*kf;
	size_t			 nkf;
	struct results_folder	*rf;
	size_t			 nrf;
};

struct result_verifier *
result_verifier_new(const struct sig_pubkey *pubkey)
{
	struct result_verifier *v = xcalloc(1, sizeof *v);

	v->given = pubkey;
	return (v);
}

void
result_verifier_free(struct result_verifier *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nkf; i++) {
		free(v->kf[i].stick);
		free(v->kf[i].keys);
	}
	for (i = 0; i < v->nrf; i++) {
		free(v->rf[i].dir);
		free(v->rf[i].stick);
	}
	free(v->kf);
	free(v->rf);
	free(v);
}

/* The examstick/ folder of a result at .../examstick/results/X.result. */
static char *
stick_folder(const char *path)
{
	char *real, *copy, *dir;

	if ((real = realpath(path, NULL)) == NULL)
		return (NULL);
	copy = xstrdup(dirname(real));
	free(real);
	dir = xstrdup(dirname(copy));
	free(copy);
	return (dir);
}

/*
 * Return stick_folder(path), resolving each folder once: when path itself
 * is not a symbolic link, the real path of its folder's parent is the
 * same for every file in that folder.  The string returned is the
 * verifier's, or else also stored in *own for the caller to free.  NULL
 * means the folder cannot be resolved.
 */
static const char *
stick_folder_cached(struct result_verifier *v, const char *path, char **own)
{
	const char *slash = strrchr(path, '/');
	struct results_folder *rf;
	struct stat st;
	char *dir, *real;
	size_t i;

	*own = NULL;
	if (lstat(path, &st) == -1 || S_ISLNK(st.st_mode))
		return (*own = stick_folder(path));
	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	for (i = 0; i < v->nrf; i++) {
		if (strcmp(v->rf[i].dir, dir) == 0) {
			free(dir);
			return (v->rf[i].stick);
		}
	}
	v->rf = xrealloc(v->rf, (v->nrf + 1) * sizeof *v->rf);
	rf = &v->rf[v->nrf++];
	rf->dir = dir;
	rf->stick = NULL;
	if ((real = realpath(dir, NULL)) != NULL) {
		rf->stick = xstrdup(dirname(real));
		free(real);
	}
	return (rf->stick);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n >= m && strcmp(s + n - m, suffix) == 0);
}

/* Read every *.pub file under keys that loads, in readdir order. */
static void
key_folder_read(struct key_folder *kf, const char *keys)
{
	struct dirent *de;
	struct sig_pubkey pk;
	char *path, why[ERR_LEN];
	DIR *d;

	if ((d = opendir(keys)) == NULL)
		return;
	kf->readable = 1;
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, ".pub"))
			continue;
		path = util_path_join(keys, de->d_name);
		if (sig_pubkey_load(&pk, path, why) == 0) {
			kf->keys = xrealloc(kf->keys, (kf->nkeys + 1) *
			    sizeof *kf->keys);
			kf->keys[kf->nkeys++] = pk;
		}
		free(path);
	}
	closedir(d);
}

/*
 * Find the first *.pub file under stick/keys (keys) whose key id is
 * keyid, reading that folder once per verifier.
 */
static int
find_key(struct result_verifier *v, const char *stick, const char *keys,
    const unsigned char *keyid, struct sig_pubkey *out)
{
	struct key_folder *kf = NULL;
	size_t i;

	for (i = 0; i < v->nkf && kf == NULL; i++) {
		if (strcmp(v->kf[i].stick, stick) == 0)
			kf = &v->kf[i];
	}
	if (kf == NULL) {
		v->kf = xrealloc(v->kf, (v->nkf + 1) * sizeof *v->kf);
		kf = &v->kf[v->nkf++];
		memset(kf, 0, sizeof *kf);
		kf->stick = xstrdup(stick);
		key_folder_read(kf, keys);
	}
	for (i = 0; i < kf->nkeys; i++) {
		if (memcmp(kf->keys[i].keyid, keyid, SIG_KEYID_BYTES) == 0) {
			*out = kf->keys[i];
			return (0);
		}
	}
	return (-1);
}

static enum result_status
sig_failure(enum sig_status st, const struct result_head *h,
    const char *why, char *reason)
{
	switch (st) {
	case SIG_BAD:
		errf(reason, "signature does not match stick %s: the file was"
		    " changed after the test", h->stick);
		break;
	case SIG_BAD_COMMENT:
		errf(reason, "signature of the trusted comment does not match"
		    " stick %s: the signature file was changed", h->stick);
		break;
	default:
		errf(reason, "signature: %s", why);
		break;
	}
	return (RESULT_SIGNATURE);
}

/*
 * Check FILE.minisig: the signature itself, then the comments, which
 * must be the ones result_write makes so that no byte of the signature
 * file can change unnoticed.
 */
static enum result_status
result_check_sig(const char *path, const char *text, size_t len,
    const struct result_head *h, const struct sig_pubkey *pk, char *reason)
{
	char *sigpath, *sig, trusted[1100], why[ERR_LEN], *want;
	enum sig_status st;
	int missing, rc;

	xasprintf(&sigpath, "%s.minisig", path);
	rc = util_read_file(sigpath, SIG_MAX_BYTES, &sig, NULL, why);
	missing = rc == -1 && errno == ENOENT;
	free(sigpath);
	if (rc == -1) {
		errf(reason, "%s: %s", missing ? "the result is not signed" :
		    "cannot read the signature", why);
		return (missing ? RESULT_SIGNATURE : RESULT_IO);
	}
	st = sig_verify(pk, text, len, sig, trusted, sizeof trusted, why);
	xasprintf(&want, "untrusted comment: " SIG_UNTRUSTED_COMMENT "%s\n",
	    h->stick);
	rc = strncmp(sig, want, strlen(want));
	free(want);
	free(sig);
	if (st != SIG_OK)
		return (sig_failure(st, h, why, reason));
	if (rc != 0) {
		errf(reason, "the signature's untrusted comment was changed");
		return (RESULT_SIGNATURE);
	}
	xasprintf(&want, RESULT_COMMENT "%s", h->id);
	rc = strcmp(trusted, want);
	free(want);
	if (rc != 0) {
		errf(reason, "the signed comment \"%s\" does not name attempt"
		    " %s", trusted, h->id);
		return (RESULT_SIGNATURE);
	}
	if (memcmp(pk->keyid, h->keyid, SIG_KEYID_BYTES) != 0) {
		sig_keyid_hex(pk->keyid, why);
		errf(reason, "the result names stick %s, but it was signed"
		    " by key %s", h->stick, why);
		return (RESULT_SIGNATURE);
	}
	return (RESULT_OK);
}

static enum result_status
journal_failure(char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, ERR_LEN, fmt, ap);
	va_end(ap);
	return (RESULT_JOURNAL);
}

/* Check the journal's chain, head and length against the signed ones. */
static enum result_status
result_check_journal(const char *journal, const struct result_head *h,
    struct attempt **out, char *reason)
{
	char why[ERR_LEN], head[2 * JOURNAL_HASH_BYTES + 1];
	struct attempt *a;
	const char *rel = h->journal;

	if ((a = attempt_load(journal, 0, NULL, why)) == NULL)
		return (journal_failure(reason, "journal %s: %s", rel, why));
	*out = a;
	if (a->torn)
		return (journal_failure(reason, "journal %s: the last record"
		    " is torn: the journal was cut or changed after the test",
		    rel));
	if (a->nrecords < h->nrecords)
		return (journal_failure(reason, "journal %s has %" PRIu64
		    " records, but the result was signed over %" PRIu64 ":"
		    " the journal was cut short or replaced", rel,
		    a->nrecords, h->nrecords));
	if (a->nrecords > h->nrecords)
		return (journal_failure(reason, "journal %s has %" PRIu64
		    " records, but the result was signed over %" PRIu64 ":"
		    " records were added or the journal was replaced", rel,
		    a->nrecords, h->nrecords));
	if (sodium_memcmp(a->head, h->head, sizeof h->head) != 0) {
		util_hex(a->head, sizeof a->head, head, 0);
		return (journal_failure(reason, "journal %s: its head %.16s..."
		    " differs from the signed head: the journal was changed"
		    " or replaced", rel, head));
	}
	if (!a->ended)
		return (journal_failure(reason, "journal %s has no end record",
		    rel));
	return (RESULT_OK);
}

/*
 * Compare the result's lines with those the replayed attempt gives.  A
 * sealed "sealed-responses" line, the last, stands for the responses,
 * which only the results secret key can open; the lines before it are
 * compared.  A journal whose answers are sealed is replayed without the
 * stick key, so its result must have sealed responses.
 */
static enum result_status
result_check_replay(const struct rlines *got, const struct attempt *a,
    const char *journal_rel, char *reason)
{
	struct rlines want = { 0 };
	size_t i, ngot = got->n;
	int sealed = ngot > 0 &&
	    strcmp(got->v[ngot - 1].key, RESULT_SEALED_KEY) == 0;

	if (a->values_sealed && !sealed) {
		errf(reason, "the journal's answers are sealed, but the"
		    " result's responses are not: the result does not match its"
		    " journal");
		return (RESULT_JOURNAL);
	}
	result_lines(a, journal_rel, &want, !sealed);
	if (sealed)
		ngot--;
	for (i = 0; i < ngot && i < want.n; i++) {
		if (strcmp(got->v[i].key, want.v[i].key) != 0) {
			errf(reason, "line %zu is %s, but the journal gives"
			    " %s: the result does not match its journal",
			    i + 2, got->v[i].key, want.v[i].key);
			break;
		}
		if (strcmp(got->v[i].value, want.v[i].value) != 0) {
			errf(reason, "%s \"%.60s\" differs from the journal's"
			    " \"%.60s\": the result does not match its"
			    " journal", got->v[i].key, got->v[i].value,
			    want.v[i].value);
			break;
		}
	}
	if (reason[0] == '\0' && i == ngot && i < want.n)
		errf(reason, "the result lacks %s \"%.60s\" that the journal"
		    " has", want.v[i].key, want.v[i].value);
	else if (reason[0] == '\0' && i == want.n && i < ngot)
		errf(reason, "the result has %s \"%.60s\" that the journal"
		    " lacks", got->v[i].key, got->v[i].value);
	rlines_free(&want);
	return (reason[0] == '\0' ? RESULT_OK : RESULT_JOURNAL);
}

/* Find the key, check the signature, then the journal and its replay. */
static enum result_status
result_check(struct result_verifier *v, const char *path, const char *text,
    size_t len, const struct rlines *l, const struct result_head *h,
    char *reason)
{
	struct sig_pubkey pk;
	struct attempt *a = NULL;
	enum result_status st;
	const char *stick;
	char *own, *keys, *journal, *base, *want;

	stick = stick_folder_cached(v, path, &own);
	if (v->given != NULL)
		pk = *v->given;
	else {
		keys = util_path_join(stick ? stick : ".", "keys");
		if (stick == NULL || find_key(v, stick, keys, h->keyid,
		    &pk) == -1) {
			errf(reason, "no public key for stick %s in %s: copy"
			    " the stick's .pub file there or give --key",
			    h->stick, keys);
			free(keys);
			free(own);
			return (RESULT_NO_KEY);
		}
		free(keys);
	}
	st = result_check_sig(path, text, len, h, &pk, reason);
	if (st != RESULT_OK) {
		free(own);
		return (st);
	}

	base = xstrdup(path);
	xasprintf(&want, "%s.result", h->id);
	if (strcmp(basename(base), want) != 0) {
		errf(reason, "the file is named %s, but it holds attempt %s",
		    basename(base), h->id);
		st = RESULT_MALFORMED;
	}
	free(want);
	free(base);
	if (st == RESULT_OK && !rel_path_safe(h->journal)) {
		errf(reason, "journal path %s leaves the examstick folder",
		    h->journal);
		st = RESULT_MALFORMED;
	}
	if (st != RESULT_OK) {
		free(own);
		return (st);
	}
	journal = util_path_join(stick ? stick : ".", h->journal);
	free(own);
	st = result_check_journal(journal, h, &a, reason);
	free(journal);
	if (st == RESULT_OK)
		st = result_check_replay(l, a, h->journal, reason);
	attempt_free(a);
	return (st);
}

enum result_status
result_verifier_check_text(struct result_verifier *v, const char *path,
    const char *text, size_t len, char *reason)
{
	struct rlines l = { 0 };
	struct result_head h;
	enum result_status st;

	reason[0] = '\0';
	memset(&h, 0, sizeof h);
	if (result_parse(text, len, &l, reason) == -1 ||
	    result_head_get(&l, &h, reason) == -1)
		st = RESULT_MALFORMED;
	else
		st = result_check(v, path, text, len, &l, &h, reason);
	result_head_free(&h);
	rlines_free(&l);
	return (st);
}

enum result_status
result_verifier_check(struct result_verifier *v, const char *path,
    char *reason)
{
	enum result_status st;
	char why[ERR_LEN];
	size_t len;
	char *text;

	reason[0] = '\0';
	if (util_read_file(path, RESULT_MAX_BYTES, &text, &len, why) == -1) {
		errf(reason, "cannot read the result: %s", why);
		return (RESULT_IO);
	}
	st = result_verifier_check_text(v, path, text, len, reason);
	free(text);
	return (st);
}

enum result_status
result_verify(const char *path, const struct sig_pubkey *pubkey,
    char *reason)
{
	struct result_verifier *v = result_verifier_new(pubkey);
	enum result_status st;

	st = result_verifier_check(v, path, reason);
	result_verifier_free(v);
	return (st);
}
