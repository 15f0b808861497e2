/*
 * Fuzz target for the candidate roster: roster_load on an in-memory file,
 * then every candidate looked up and a typed date of birth compared.
 * Input: roster text, optionally a NUL and the typed date.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "roster.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *text, *typed;
	size_t text_len, typed_len, i;
	char err[ERR_LEN], *dob;
	struct roster r;

	fuzz_split(data, size, &text, &text_len, &typed, &typed_len);
	if (roster_load(&r, fuzz_memfile(0, text, text_len), err) == -1)
		return (0);
	dob = fuzz_strndup(typed, typed_len);
	for (i = 0; i < r.n; i++) {
		if (roster_find(&r, r.entries[i].candidate) == NULL)
			abort();
		roster_dob_matches(&r.entries[i], dob);
		/* A loaded date of birth always matches itself. */
		if (!roster_dob_matches(&r.entries[i], r.entries[i].dob))
			abort();
	}
	free(dob);
	roster_free(&r);
	return (0);
}
