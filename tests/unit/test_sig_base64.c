/*
 * Base64 in minisign public keys and signatures: every byte outside the
 * standard alphabet (A-Z, a-z, 0-9, '+', '/', '=') makes the key or the
 * signature invalid at any offset of the line.  libsodium 1.0.18
 * alone would decode some bytes above 0x7f as digits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sig.h"
#include "trust_fixtures.h"

static const char data[] = "examstick signed data\n";

static int
in_alphabet(int c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=');
}

/* Make a key pair under dir and return the public key file's text. */
static char *
make_key(const char *dir, struct sig_pubkey *pk, struct sig_seckey **sk)
{
	char *pub = fixture_path(dir, "k.pub"), *sec = fixture_path(dir,
	    "k.key"), err[ERR_LEN], *text;

	if (sig_keygen(pub, sec, NULL, NULL, err) == -1)
		fail_msg("sig_keygen: %s", err);
	assert_int_equal(sig_pubkey_load(pk, pub, err), 0);
	*sk = sig_seckey_load(sec, NULL, err);
	assert_non_null(*sk);
	text = fixture_read(pub, NULL);
	free(pub);
	free(sec);
	return (text);
}

/* Every non-alphabet byte at every offset of the key line is rejected. */
static void
base64_pubkey_bytes(void **state)
{
	char *dir = fixture_dir(), *text, *line, err[ERR_LEN], saved;
	struct sig_pubkey pk, got;
	struct sig_seckey *sk;
	size_t off, len;
	int c;

	text = make_key(dir, &pk, &sk);
	line = strchr(text, '\n') + 1;
	len = strcspn(line, "\n");
	assert_int_equal(sig_pubkey_parse(&got, text, err), 0);
	assert_memory_equal(got.pk, pk.pk, sizeof pk.pk);
	for (off = 0; off < len; off++) {
		saved = line[off];
		for (c = 1; c < 256; c++) {
			if (in_alphabet(c) || c == '\n')
				continue;
			line[off] = (char)c;
			if (sig_pubkey_parse(&got, text, err) == 0)
				fail_msg("byte 0x%02x at offset %zu was decoded",
				    c, off);
			if (strstr(err, "not a minisign public key") == NULL)
				fail_msg("byte 0x%02x: error \"%s\"", c, err);
		}
		line[off] = saved;
	}
	sig_seckey_free(sk);
	free(text);
	fixture_rmtree(dir);
}

/*
 * Every non-alphabet byte at every offset of either signature line makes
 * the signature malformed, with the line named.
 */
static void
base64_signature_bytes(void **state)
{
	char *dir = fixture_dir(), *key, *sig, *line, err[ERR_LEN], saved;
	char want[32];
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	size_t off, len;
	int c, n;

	key = make_key(dir, &pk, &sk);
	if (sig_sign(sk, data, strlen(data), "examstick result C1", &sig,
	    err) == -1)
		fail_msg("sig_sign: %s", err);
	assert_int_equal(sig_verify(&pk, data, strlen(data), sig, NULL, 0,
	    err), SIG_OK);
	for (n = 2; n <= 4; n += 2) {
		line = sig;
		for (c = 1; c < n; c++)
			line = strchr(line, '\n') + 1;
		len = strcspn(line, "\n");
		snprintf(want, sizeof want, "line %d is not base64", n);
		for (off = 0; off < len; off++) {
			saved = line[off];
			for (c = 1; c < 256; c++) {
				if (in_alphabet(c) || c == '\n')
					continue;
				line[off] = (char)c;
				assert_int_equal(sig_verify(&pk, data,
				    strlen(data), sig, NULL, 0, err),
				    SIG_MALFORMED);
				if (strstr(err, want) == NULL)
					fail_msg("byte 0x%02x: error \"%s\"", c,
					    err);
			}
			line[off] = saved;
		}
	}
	assert_int_equal(sig_verify(&pk, data, strlen(data), sig, NULL, 0,
	    err), SIG_OK);
	free(sig);
	free(key);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_pubkey_bytes),
		cmocka_unit_test(base64_signature_bytes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
