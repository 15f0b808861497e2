/*
 * Fuzz target for the centre's stick register: register_load on an
 * in-memory file, then every stick and result looked up.  Each stick's
 * public key, written out by register_pubkey_text, must parse back to
 * the same key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "register.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return (0);
}

static void
check_stick(const struct stick_register *r, const struct reg_stick *s)
{
	struct sig_pubkey back;
	char err[ERR_LEN], *text;

	if (register_stick(r, s->pk.keyid) == NULL)
		abort();
	text = register_pubkey_text(s);
	if (sig_pubkey_parse(&back, text, err) == -1 ||
	    memcmp(&back, &s->pk, sizeof back) != 0) {
		fprintf(stderr, "fuzz_register: stick %s: key text does not"
		    " parse back: %s\n", s->id, text);
		abort();
	}
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stick_register r;
	char err[ERR_LEN];
	size_t i;

	if (register_load(&r, fuzz_memfile(0, data, size), err) == -1)
		return (0);
	for (i = 0; i < r.nsticks; i++)
		check_stick(&r, &r.sticks[i]);
	for (i = 0; i < r.ncollected; i++)
		if (register_collected(&r, r.collected[i].attempt) == NULL)
			abort();
	register_free(&r);
	return (0);
}
