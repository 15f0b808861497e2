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
	char *text, *again;
	size_t n;

	if (size < strlen(TOKEN_START) ||
	    memcmp(data, TOKEN_START, strlen(TOKEN_START)) != 0) {
		read_csv(data, size);
		return (0);
	}
	text = fuzz_strndup(data, size);
	verify(text, size);
	if ((again = fuzz_resign_text(text, size, &n)) != NULL) {
		verify(again, n);
		free(again);
	}
	free(text);
	return (0);
}
