/*
 * Fuzz target for candidate tokens and the registrations CSV.
 *
 * An input that starts like a token goes to token_verify_buffer twice.
 * The first call takes it as it is and exercises the signature checks.
 * The second takes its body signed again by the fuzz key under the same
 * trusted comment, so that mutated bodies reach the token parser behind
 * the signature.  Any other input is read as a registrations CSV by
 * token_read_csv.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "token.h"

#define TOKEN_START	"examstick token"
#define SIG_START	"\nuntrusted comment: "
#define TRUSTED		"\ntrusted comment: "

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	return (0);
}

static void
verify(const char *text, size_t len)
{
	enum token_status st;
	char err[ERR_LEN], *id;
	struct token t;

	st = token_verify_buffer(text, len, fuzz_pubkey(), FUZZ_NOW, &t, err);
	if (st != TOKEN_OK && st != TOKEN_NOT_YET_VALID &&
	    st != TOKEN_EXPIRED)
		return;
	token_code_matches(&t, "7K2D-QX9M");
	token_code_matches(&t, t.code);
	id = token_attempt_id(&t);
	free(id);
	id = token_file_name(&t);
	free(id);
	token_free(&t);
}

/* The trusted comment of the signature that starts at sig, or "". */
static char *
trusted_comment(const char *sig, size_t len)
{
	const char *at, *nl, *end = sig + len;

	at = memmem(sig, len, TRUSTED, strlen(TRUSTED));
	if (at == NULL)
		return (fuzz_strndup("", 0));
	at += strlen(TRUSTED);
	nl = memchr(at, '\n', (size_t)(end - at));
	return (fuzz_strndup(at, (size_t)((nl ? nl : end) - at)));
}

/* Sign the body again and verify the result. */
static void
verify_resigned(const char *text, size_t len)
{
	const char *at;
	char err[ERR_LEN], *comment, *sig, *signed_text;
	size_t body, n;

	at = memmem(text, len, SIG_START, strlen(SIG_START));
	if (at == NULL)
		return;
	body = (size_t)(at - text) + 1;
	comment = trusted_comment(at, len - body + 1);
	if (sig_sign(fuzz_seckey(), text, body, comment, &sig, err) == 0) {
		n = strlen(sig);
		signed_text = malloc(body + n);
		if (signed_text == NULL)
			abort();
		memcpy(signed_text, text, body);
		memcpy(signed_text + body, sig, n);
		verify(signed_text, body + n);
		free(signed_text);
		free(sig);
	}
	free(comment);
}

static void
read_csv(const uint8_t *data, size_t size)
{
	struct problems problems = { NULL, 0, 0 };
	struct token *tokens;
	char err[ERR_LEN];
	size_t n, i;

	if (token_read_csv(fuzz_memfile(0, data, size), &tokens, &n,
	    &problems, err) == 0) {
		for (i = 0; i < n; i++)
			token_free(&tokens[i]);
		free(tokens);
	}
	problems_free(&problems);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < strlen(TOKEN_START) ||
	    memcmp(data, TOKEN_START, strlen(TOKEN_START)) != 0) {
		read_csv(data, size);
		return (0);
	}
	text = fuzz_strndup(data, size);
	verify(text, size);
	verify_resigned(text, size);
	free(text);
	return (0);
}
