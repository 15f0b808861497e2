/*
 * reloader collect on a result whose signature file has one byte flipped,
 * for every byte in turn: each run reports the result with a signature
 * reason, writes no bundle, records nothing and leaves the result where
 * it is.  A result signed again with another key is rejected the same
 * way, because collect takes the stick's key from the register.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "register.h"
#include "seal_fixtures.h"
#include "trust_stick.h"

static void
flipped_signature_kept(void **state)
{
	const char *build = getenv("BUILD");
	char reloader[4096], out[8192], err[ERR_LEN];
	char *dir, *reg, *centre_key, *bundle, *result, *sig, *text;
	struct sig_seckey *centre_sk, *other_sk;
	struct sig_pubkey centre_pk, other_pk;
	char *result_text = NULL, *forged;
	size_t rlen;
	struct stick_register r;
	struct stick s;
	size_t len, off;
	struct stat st;
	int rc;

	(void)state;
	snprintf(reloader, sizeof reloader, "%s/bin/reloader",
	    build != NULL && *build != '\0' ? build : "build");
	dir = fixture_dir();
	reg = fixture_path(dir, "sticks.register");
	centre_key = fixture_path(dir, "centre.key");
	bundle = fixture_path(dir, "b.tar");
	centre_sk = fx_keys(dir, "centre", &centre_pk);
	stick_make(&s);
	if (register_add_stick(reg, &s.pk, "C9", "EXAMSTICK", err) != 0)
		fail_msg("%s", err);
	result = stick_sit(&s, "C100", "answer");
	if (asprintf(&sig, "%s.minisig", result) < 0)
		abort();
	text = fixture_read(sig, &len);
	for (off = 0; off < len; off++) {
		char *argv[] = { reloader, "collect", "--stick", s.root,
		    "--out", bundle, "--key", centre_key, "--register", reg,
		    NULL };

		text[off] ^= 0x01;
		unlink(sig);
		fixture_write(sig, text, len);
		text[off] ^= 0x01;
		rc = fixture_run(NULL, out, sizeof out, argv);
		if (rc != 1 || strstr(out, "C100-T1-1.result: ") == NULL ||
		    strstr(out, "sign") == NULL ||
		    strstr(out, "left on the stick") == NULL)
			fail_msg("byte %zu of the signature flipped: exit %d:"
			    "\n%s", off, rc, out);
		assert_int_equal(stat(bundle, &st), -1);
		assert_int_equal(stat(result, &st), 0);
	}
	assert_int_equal(register_load(&r, reg, err), 0);
	assert_int_equal(r.ncollected, 0);
	register_free(&r);

	/* Signed again, well formed, by a key that is not the stick's. */
	other_sk = fx_keys(dir, "other", &other_pk);
	free(result_text);
	result_text = fixture_read(result, &rlen);
	assert_int_equal(sig_sign(other_sk, result_text, rlen,
	    "examstick result C100-T1-1", &forged, err), 0);
	unlink(sig);
	fixture_write(sig, forged, strlen(forged));
	{
		char *argv[] = { reloader, "collect", "--stick", s.root,
		    "--out", bundle, "--key", centre_key, "--register", reg,
		    NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 1);
		assert_non_null(strstr(out, "C100-T1-1.result: "));
		assert_int_equal(stat(bundle, &st), -1);
	}
	free(forged);
	sig_seckey_free(other_sk);

	/* Intact, it is collected. */
	unlink(sig);
	fixture_write(sig, text, len);
	{
		char *argv[] = { reloader, "collect", "--stick", s.root,
		    "--out", bundle, "--key", centre_key, "--register", reg,
		    NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
	}
	free(text);
	free(result_text);
	free(sig);
	free(result);
	free(reg);
	free(centre_key);
	free(bundle);
	sig_seckey_free(centre_sk);
	stick_free(&s);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flipped_signature_kept),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
