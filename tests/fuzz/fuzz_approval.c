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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *again;
	size_t n;

	verify(text, size);
	if ((again = fuzz_resign_text(text, size, &n)) != NULL) {
		verify(again, n);
		free(again);
	}
	free(text);
	return (0);
}
