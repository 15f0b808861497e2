/*
 * The awarding body's files on a stick, test packages and candidate
 * tokens: each is checked against the awarding body's public key, for
 * reloader verify and reloader status.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reloader.h"
#include "seal.h"
#include "token.h"

#define TOKEN_MAGIC	"examstick token "

int
body_key_load(struct body_key *bk, const char *given, const char *stickdir,
    char *err)
{
	char *copy = NULL;
	int rc;

	memset(bk, 0, sizeof *bk);
	if (given == NULL)
		given = rconf.body_key;
	if (given == NULL && stickdir != NULL) {
		copy = util_path_join(stickdir, "keys/" RSTICK_BODY_PUB);
		bk->stick_copy = 1;
	}
	if (given == NULL && copy == NULL) {
		errf(err, "no awarding body key: give --body-key SIGNING.pub"
		    " or set body_key in reloader.conf");
		return (-1);
	}
	rc = sig_pubkey_load(&bk->pk, copy != NULL ? copy : given, err);
	free(copy);
	if (rc == 0)
		bk->loaded = 1;
	return (rc);
}

int
stickfile_kind(const char *path)
{
	char head[64];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return (STICKFILE_OTHER);
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	if (n > strlen(TOKEN_MAGIC) &&
	    memcmp(head, TOKEN_MAGIC, strlen(TOKEN_MAGIC)) == 0)
		return (STICKFILE_TOKEN);
	if (seal_is_package(head, n))
		return (STICKFILE_PACKAGE);
	return (STICKFILE_OTHER);
}

const char *
stickfile_reason(const char *path, const char *reason)
{
	size_t n = strlen(path);

	if (strncmp(reason, path, n) == 0 && strncmp(reason + n, ": ", 2) ==
	    0)
		return (reason + n + 2);
	return (reason);
}

int
check_package(const char *path, const struct body_key *bk)
{
	struct seal_info info;
	enum seal_status st;
	char err[ERR_LEN];

	st = seal_verify(path, &bk->pk, &info, err);
	if (st != SEAL_OK) {
		reloader_warn("verify %s: %s", path, stickfile_reason(path, err));
		return (st == SEAL_IO ? RELOADER_USAGE : RELOADER_FAIL);
	}
	printf("%s: ok, package for test %s version %u%s%s\n", path,
	    info.test, info.version, info.practice ? " (practice)" : "",
	    bk->stick_copy ? ", checked with the stick's copy of the"
	    " awarding body key" : "");
	seal_info_free(&info);
	return (RELOADER_OK);
}

/*
 * Return whether a token in a stick's tokens/ folder is "used" (its
 * attempt has a journal or a result) or "unused", or NULL when the file
 * is not on a stick.
 */
static const char *
token_use(const char *path, const struct token *t)
{
	char *dir, *id, *p;
	const char *slash = strrchr(path, '/');
	struct stat st;
	int used;

	if (slash == NULL)
		dir = xstrdup(".");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	p = util_path_join(dir, "../results");
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
		free(p);
		free(dir);
		return (NULL);
	}
	free(p);
	id = token_attempt_id(t);
	xasprintf(&p, "%s/../results/%s.result", dir, id);
	used = access(p, F_OK) == 0;
	free(p);
	xasprintf(&p, "%s/../attempts/%s.journal", dir, id);
	used |= access(p, F_OK) == 0;
	free(p);
	free(id);
	free(dir);
	return (used ? "used" : "unused");
}

const char *
token_state(const char *path, const struct sig_pubkey *pk, struct token *t,
    enum token_status *st, char *err)
{
	const char *use;

	*st = token_verify(path, pk, util_wall_seconds(), t, err);
	if (*st != TOKEN_OK && *st != TOKEN_NOT_YET_VALID &&
	    *st != TOKEN_EXPIRED)
		return (NULL);
	use = token_use(path, t);
	if (*st == TOKEN_EXPIRED)
		return ("expired");
	if (*st == TOKEN_NOT_YET_VALID)
		return ("not valid yet");
	return (use != NULL ? use : "valid");
}

int
check_token(const char *path, const struct body_key *bk)
{
	enum token_status st;
	struct token t;
	char err[ERR_LEN];
	const char *state;

	if ((state = token_state(path, &bk->pk, &t, &st, err)) == NULL) {
		reloader_warn("verify %s: %s", path, stickfile_reason(path, err));
		return (st == TOKEN_IO ? RELOADER_USAGE : RELOADER_FAIL);
	}
	printf("%s: ok, token for candidate %s, test %s, attempt %d, centre"
	    " %s: %s%s\n", path, t.candidate, t.test, t.attempt, t.centre,
	    state, bk->stick_copy ? ", checked with the stick's copy of the"
	    " awarding body key" : "");
	token_free(&t);
	return (RELOADER_OK);
}
