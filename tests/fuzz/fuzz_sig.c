/*
 * Fuzz target for minisign texts: sig_verify and seal_sig_check on a
 * .minisig text over some data, sig_pubkey_parse and seal_boxpub_parse on
 * it as a public key, and sig_seckey_load on it as an unencrypted secret
 * key file.  Input: the text, optionally a NUL and the signed data.
 */
#include <stdlib.h>

#include "harness.h"
#include "seal_private.h"
#include "sig.h"

static const char default_data[] = "examstick result 1\nid: fuzz\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ERR_LEN], trusted[SEAL_TRUSTED_MAX], *text;
	const uint8_t *sig, *signed_data;
	size_t sig_len, data_len;
	struct seal_boxpub box;
	struct sig_pubkey pk;
	struct sig_seckey *sk;

	fuzz_split(data, size, &sig, &sig_len, &signed_data, &data_len);
	if (signed_data == NULL) {
		signed_data = (const uint8_t *)default_data;
		data_len = sizeof default_data - 1;
	}
	text = fuzz_strndup(sig, sig_len);
	sig_verify(fuzz_pubkey(), signed_data, data_len, text, trusted,
	    sizeof trusted, err);
	seal_sig_check(fuzz_pubkey(), signed_data, data_len, text, trusted,
	    err);
	sig_pubkey_parse(&pk, text, err);
	seal_boxpub_parse(&box, text, err);
	sk = sig_seckey_load(fuzz_memfile(0, sig, sig_len), NULL, err);
	sig_seckey_free(sk);
	free(text);
	return (0);
}
