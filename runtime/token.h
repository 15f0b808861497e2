/*
 * Candidate tokens: one signed text file per candidate, test and attempt,
 * issued by the awarding body.  A token carries the candidate's details,
 * access arrangements, a validity window and a short code that the
 * candidate types to log in.  A retake is a new token with the next
 * attempt number.  docs/trust.md has the format.
 *
 * Whether a token was already used is the caller's decision: the attempt
 * id that token_attempt_id returns names the attempt's journal and
 * result, and a token whose attempt already has either is spent.
 */
#ifndef EXAMSTICK_TOKEN_H
#define EXAMSTICK_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "sig.h"
#include "util.h"

#define TOKEN_MAX_BYTES		8192
#define TOKEN_CODE_SYMBOLS	8	/* 40 bits, typed as 7K2D-QX9M */
#define TOKEN_SUFFIX		".token"

struct token {
	char		*serial;	/* 16 hex digits, random */
	char		*code;		/* as printed: XXXX-XXXX */
	char		*candidate;
	char		*name;
	char		*dob;		/* YYYY-MM-DD */
	char		*centre;
	char		*test;
	int		 attempt;	/* 1 to 99 */
	int64_t		 valid_from;	/* UTC seconds, inclusive */
	int64_t		 valid_until;	/* UTC seconds, inclusive */
	int		 extra_pct;	/* extra time, 0 to 100 percent */
	int		 rest_breaks;	/* supervised rest breaks allowed */
	int		 has_scheme;	/* 0: examiner.conf's scheme */
	enum colour_scheme scheme;
	char		*issued;	/* UTC ISO 8601 */
};

enum token_status {
	TOKEN_OK = 0,
	TOKEN_IO,		/* cannot read the file */
	TOKEN_MALFORMED,	/* not a token */
	TOKEN_WRONG_SIGNER,	/* signed, but not by the key given */
	TOKEN_TAMPERED,		/* changed after it was signed */
	TOKEN_NOT_YET_VALID,	/* before valid_from */
	TOKEN_EXPIRED,		/* after valid_until */
	TOKEN_NOT_FOUND,	/* token_find: no token has the code */
	TOKEN_AMBIGUOUS		/* token_find: several tokens have it */
};

const char *token_status_text(enum token_status);

void	token_free(struct token *);

/*
 * Check a token's fields (ids, date, ranges, window) before issuing it;
 * err names the field and the valid form.
 */
int	token_check(const struct token *, char *err);

/*
 * Receiver of one invalid field: its name, its value as text (NULL for
 * the valid_until-before-valid_from check) and the expected form.
 */
typedef void token_field_problem(void *arg, const char *field,
    const char *value, const char *expected);

/*
 * Check every field of a token, as token_check does, and call report for
 * each invalid one.  Returns the number of invalid fields.
 */
int	token_check_fields(const struct token *, token_field_problem *report,
	    void *arg);

/*
 * The signed text of a token: its lines followed by a minisign signature
 * of them.  Fills serial and issued when they are NULL.
 */
int	token_sign(struct token *, const struct sig_seckey *, char **text,
	    char *err);

/*
 * Sign a token and write it as DIR/ID.token, which must not exist yet.
 * *path receives the file's path (free it).
 */
int	token_write(const char *dir, struct token *, const struct sig_seckey *,
	    char **path, char *err);

/*
 * Verify a token: its form, the signature by pubkey (both comments
 * included), then the window against now (UTC seconds).  On TOKEN_OK,
 * TOKEN_NOT_YET_VALID and TOKEN_EXPIRED tok is filled; free it with
 * token_free.  err receives the reason for any other status.
 */
enum token_status token_verify_buffer(const char *text, size_t len,
	    const struct sig_pubkey *, int64_t now, struct token *, char *err);
enum token_status token_verify(const char *path, const struct sig_pubkey *,
	    int64_t now, struct token *, char *err);

/* CANDIDATE-TEST-ATTEMPT, the id of the attempt the token admits to. */
char	*token_attempt_id(const struct token *);
/* The file name a token is issued and loaded under: ID.token. */
char	*token_file_name(const struct token *);

/* Compare a typed code with the token's, in constant time. */
int	token_code_matches(const struct token *, const char *typed);

/*
 * Find the token in dir (every *.token file) whose code was typed, for
 * the login screen.  Only a token signed by pubkey counts, and a code
 * that two such tokens share is rejected.  When one token matches, it
 * goes to tok and its path to *path (free both), and its status is
 * returned: TOKEN_OK, TOKEN_NOT_YET_VALID or TOKEN_EXPIRED.  When none
 * matches but a file that fails its check has a code line with the typed
 * code, that file's status (TOKEN_MALFORMED, TOKEN_WRONG_SIGNER or
 * TOKEN_TAMPERED) is returned with its reason, which names the file.
 * Otherwise TOKEN_NOT_FOUND, TOKEN_AMBIGUOUS or TOKEN_IO.
 */
enum token_status token_find(const char *dir, const char *typed,
	    const struct sig_pubkey *, int64_t now, struct token *,
	    char **path, char *err);

/*
 * Read a registrations CSV for examstick issue: a header line naming
 * the columns candidate, name, date_of_birth, centre, test, valid_from,
 * valid_until (required) and attempt, extra_time, rest_breaks,
 * colour_scheme (optional), in any order.  Every row is checked; every
 * problem goes to problems, each with its line and column.  attempt is
 * 0 where the row leaves it empty.  Returns -1 with err when the file
 * cannot be read or has any problem.
 */
int	token_read_csv(const char *path, struct token **tokens, size_t *n,
	    struct problems *, char *err);

/* Parse YYYY-MM-DD (the start or the end of that UTC day) or
 * YYYY-MM-DDTHH:MM:SSZ into UTC seconds. */
int	token_parse_time(const char *s, int end_of_day, int64_t *out);

#endif
