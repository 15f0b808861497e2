/*
 * Flipping every byte of a signed token, with two masks: each changed
 * copy is rejected, with the status that fits where the byte is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "token.h"
#include "seal_fixtures.h"

#define NOW	1767225600	/* 2026-01-01T00:00:00Z */

/* Fill t with a token valid at NOW, sign it with sk and return the text. */
static char *
signed_token(struct token *t, const struct sig_seckey *sk)
{
	char *text, err[ERR_LEN];

	memset(t, 0, sizeof *t);
	t->candidate = strdup("1001");
	t->name = strdup("Ada Lovelace");
	t->dob = strdup("1990-12-10");
	t->centre = strdup("12345");
	t->test = strdup("unit-1");
	t->attempt = 1;
	t->valid_from = NOW - 1000;
	t->valid_until = NOW + 1000;
	if (token_sign(t, sk, &text, err) != 0)
		fail_msg("token_sign: %s", err);
	return (text);
}

static enum token_status
flip(const char *text, size_t len, size_t off, unsigned char mask,
    const struct sig_pubkey *pk, char *err)
{
	char *copy = malloc(len + 1);
	enum token_status st;
	struct token t;

	memcpy(copy, text, len + 1);
	copy[off] = (char)(copy[off] ^ mask);
	st = token_verify_buffer(copy, len, pk, NOW, &t, err);
	if (st == TOKEN_OK || st == TOKEN_NOT_YET_VALID ||
	    st == TOKEN_EXPIRED)
		token_free(&t);
	free(copy);
	return (st);
}

static void
every_byte(void **state)
{
	static const unsigned char masks[] = { 0x01, 0xff };
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	struct token t;
	enum token_status st;
	char *dir = fixture_dir(), *text, err[ERR_LEN];
	size_t len, off, sig, line2, m, other_signer = 0;
	int fits;

	(void)state;
	sk = fx_keys(dir, "body", &pk);
	text = signed_token(&t, sk);
	len = strlen(text);
	sig = (size_t)(strstr(text, "untrusted comment: ") - text);
	line2 = (size_t)(strchr(text + sig, '\n') - text) + 1;
	for (off = 0; off < len; off++) {
		for (m = 0; m < 2; m++) {
			st = flip(text, len, off, masks[m], &pk, err);
			if (off < strlen("examstick token 1\n"))
				fits = st == TOKEN_MALFORMED;
			else if (off >= line2 && off < line2 + 16)
				fits = st == TOKEN_WRONG_SIGNER ||
				    st == TOKEN_TAMPERED;
			else
				fits = st == TOKEN_TAMPERED;
			other_signer += st == TOKEN_WRONG_SIGNER;
			if (!fits)
				fail_msg("byte %zu ('%c') flipped with 0x%02x:"
				    " %s (%s)", off, text[off], masks[m],
				    token_status_text(st), err);
		}
	}
	assert_true(other_signer >= 5);
	free(text);
	token_free(&t);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

/* Cut at every length: never accepted. */
static void
every_length(void **state)
{
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	struct token t, back;
	char *dir = fixture_dir(), *text, err[ERR_LEN];
	size_t len, n;

	(void)state;
	sk = fx_keys(dir, "body", &pk);
	text = signed_token(&t, sk);
	len = strlen(text);
	for (n = 0; n < len; n++)
		assert_int_not_equal(token_verify_buffer(text, n, &pk, NOW,
		    &back, err), TOKEN_OK);
	assert_int_equal(token_verify_buffer(text, len, &pk, NOW, &back, err),
	    TOKEN_OK);
	token_free(&back);
	free(text);
	token_free(&t);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_byte),
		cmocka_unit_test(every_length),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
