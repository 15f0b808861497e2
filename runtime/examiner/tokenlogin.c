/*
 * Login with a candidate token: the candidate types the code printed on
 * the token, and the token on the stick with that code, signed by the
 * awarding body, names the candidate, the test, the attempt number and
 * the access arrangements (extra time, rest breaks, colour scheme).  A
 * token is rejected when it is outside its validity window, for another
 * centre, for a test this stick cannot deliver, or used: its attempt
 * already ended on this stick.  An attempt in progress is resumed.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

#define BODY_PUB	"awarding-body.pub"

static int
is_token(const struct dirent *d)
{
	size_t n = strlen(d->d_name), s = strlen(TOKEN_SUFFIX);

	return (d->d_name[0] != '.' && n > s &&
	    strcmp(d->d_name + n - s, TOKEN_SUFFIX) == 0);
}

/* The number of token files in dir; 0 when it cannot be read. */
size_t
token_count(const char *dir)
{
	struct dirent **names;
	int i, n;

	if (dir == NULL || (n = scandir(dir, &names, is_token, NULL)) < 0)
		return (0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ((size_t)n);
}

void
token_logout(struct ex *ex)
{
	if (ex->have_tok)
		token_free(&ex->tok);
	ex->have_tok = 0;
	free(ex->tok_test);
	ex->tok_test = NULL;
	memset(&ex->tok_cand, 0, sizeof(ex->tok_cand));
}

static int
exists(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0);
}

/*
 * Whether the token's attempt ended on this stick: its result exists, or
 * its journal has an end record.  A journal that cannot be read counts
 * as not ended, so that the session reports the journal's problem.
 */
static int
token_used(struct ex *ex, const char *id)
{
	char *journal, *result, err[ERR_LEN];
	struct attempt *a;
	int used;

	xasprintf(&result, "%s/%s.result", ex->stick.results, id);
	xasprintf(&journal, "%s/%s.journal", ex->stick.attempts, id);
	used = exists(result);
	if (!used && exists(journal) &&
	    (a = attempt_load(journal, 0, NULL, err)) != NULL) {
		used = a->ended;
		attempt_free(a);
	}
	free(result);
	free(journal);
	return (used);
}

static void
when(char out[32], int64_t t)
{
	util_iso_time(out, t);
}

/* Check a verified token against this stick; 0 when it may log in. */
static int
token_fits(struct ex *ex, const struct token *t, char *msg, size_t len)
{
	const struct conf_test *ct = conf_test(&ex->conf, t->test);
	char *id = token_attempt_id(t);
	int rc = -1;

	if (strcmp(t->centre, ex->conf.centre_id) != 0)
		snprintf(msg, len, "This token is for centre %s, not this "
		    "centre (%s), so it cannot be used here. Ask the "
		    "invigilator.", t->centre, ex->conf.centre_id);
	else if (ct == NULL)
		snprintf(msg, len, "This token is for test %s, which is not "
		    "on this stick. Ask the invigilator.", t->test);
	else if (ex->test_bad[unlock_test_index(ex, ct)] != NULL)
		snprintf(msg, len, "Test %s cannot be sat on this stick "
		    "today: %s Ask the invigilator.", t->test,
		    ex->test_bad[unlock_test_index(ex, ct)]);
	else if (token_used(ex, id))
		snprintf(msg, len, "This token was used already: attempt %s "
		    "was submitted on this stick, and a token is good for one "
		    "attempt only. Ask the invigilator.", id);
	else
		rc = 0;
	if (rc != 0)
		log_msg("token login %s rejected: %s", id, msg);
	free(id);
	return (rc);
}

/* The message for a token that token_find did not accept. */
static void
refusal(enum token_status st, const struct token *t, const char *err,
    char *msg, size_t len)
{
	char from[32], until[32];

	switch (st) {
	case TOKEN_EXPIRED:
		when(until, t->valid_until);
		snprintf(msg, len, "This token expired at %s (UTC), so it "
		    "cannot be used. Ask the invigilator.", until);
		break;
	case TOKEN_NOT_YET_VALID:
		when(from, t->valid_from);
		snprintf(msg, len, "This token is not valid yet: it can be "
		    "used from %s (UTC). Ask the invigilator.", from);
		break;
	case TOKEN_NOT_FOUND:
		snprintf(msg, len, "No token on this stick has this code. "
		    "Check the code on your token and type it again, or ask "
		    "the invigilator.");
		break;
	case TOKEN_MALFORMED:
	case TOKEN_WRONG_SIGNER:
	case TOKEN_TAMPERED:
		snprintf(msg, len, "The token with this code failed its check,"
		    " so it cannot be used: %s. Ask the invigilator.", err);
		break;
	case TOKEN_AMBIGUOUS:
		snprintf(msg, len, "Two tokens on this stick have this code, "
		    "so it cannot be used. Ask the invigilator.");
		break;
	default:
		snprintf(msg, len, "The tokens cannot be read: %s. Ask the "
		    "invigilator.", err);
		break;
	}
}

/* The candidate, as the confirm and session screens read one. */
static void
take_token(struct ex *ex)
{
	struct roster_entry *r = &ex->tok_cand;

	ex->tok_test = ex->tok.test;
	ex->tok.test = NULL;
	r->candidate = ex->tok.candidate;
	r->name = ex->tok.name;
	r->dob = ex->tok.dob;
	r->tests = &ex->tok_test;
	r->ntests = 1;
	r->attempt = ex->tok.attempt;
	r->extra_pct = ex->tok.extra_pct;
	r->has_scheme = ex->tok.has_scheme;
	r->scheme = ex->tok.scheme;
	r->rest_break_minutes = ex->tok.rest_breaks ?
	    ex->conf.rest_break_minutes : 0;
	ex->cand = r;
}

/*
 * Log in with a typed token code.  Returns 1 when logged in; 0 with msg
 * saying why not.  *guess is set when the code matched no token, which
 * counts as a failed login.
 */
int
token_login(struct ex *ex, const char *typed, char *msg, size_t len,
    int *guess)
{
	enum token_status st;
	char err[ERR_LEN], *path, *keypath;
	struct token t;

	*guess = 0;
	token_logout(ex);
	keypath = util_path_join(ex->stick.keys, BODY_PUB);
	if (!ex->have_body &&
	    sig_pubkey_load(&ex->body, keypath, err) == 0)
		ex->have_body = 1;
	free(keypath);
	if (!ex->have_body) {
		snprintf(msg, len, "Tokens cannot be checked: %s. Ask the "
		    "invigilator.", err);
		return (0);
	}
	st = token_find(ex->tokens_dir, typed, &ex->body, util_wall_seconds(),
	    &t, &path, err);
	free(path);
	if (st != TOKEN_OK) {
		refusal(st, &t, err, msg, len);
		if (st == TOKEN_MALFORMED || st == TOKEN_WRONG_SIGNER ||
		    st == TOKEN_TAMPERED)
			log_msg("token login rejected: %s", err);
		else
			log_msg("token login rejected: %s",
			    token_status_text(st));
		if (st == TOKEN_EXPIRED || st == TOKEN_NOT_YET_VALID)
			token_free(&t);
		*guess = st == TOKEN_NOT_FOUND;
		return (0);
	}
	if (token_fits(ex, &t, msg, len) != 0) {
		token_free(&t);
		return (0);
	}
	ex->tok = t;
	ex->have_tok = 1;
	take_token(ex);
	log_msg("login: candidate %s with token %s", ex->cand->candidate,
	    ex->tok.serial);
	return (1);
}
