/*
 * Fuzz target for approval results and centre approval records.
 *
 * Each input goes to the verifier of its kind twice: as it is, for the
 * signature checks, and with its body signed again by the fuzz key under
 * the same trusted comment, so that mutated bodies reach the parser
 * behind the signature.  Inputs of neither kind go to both verifiers.
 */
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "harness.h"

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
	struct approval_record r;
	struct approval a;
	char err[ERR_LEN], stick[17];

	if (approval_verify_buffer(text, len, fuzz_pubkey(), &a, err) ==
	    APPROVAL_OK) {
		approval_passed(&a);
		approval_free(&a);
	}
	approval_peek_stick(text, len, stick, err);
	if (approval_record_verify_buffer(text, len, fuzz_pubkey(), "12345",
	    &r, err) == APPROVAL_OK)
		approval_record_free(&r);
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);

	verify(text, size);
	verify_resigned(text, size);
	free(text);
	return (0);
}
