/*
 * Password-protected secret keys (scrypt, as minisign): ours unlock with
 * the right password only, minisign signs with ours, and ours unlock
 * minisign's.  Each key derivation takes seconds, so these cases live
 * apart from the fast signature tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sig.h"
#include "trust_fixtures.h"

#define PASSWORD "correct horse 1234"

static void
sig_encrypted_round_trip(void **state)
{
	char *dir = fixture_dir(), *pub, *sec, *dpath, *text, out[1024];
	char err[ERR_LEN];
	struct sig_pubkey pk;
	struct sig_seckey *sk;

	fixture_need_minisign();
	pub = fixture_path(dir, "e.pub");
	sec = fixture_path(dir, "e.key");
	dpath = fixture_path(dir, "data");
	if (sig_keygen(pub, sec, PASSWORD, "locked stick key", err) == -1)
		fail_msg("sig_keygen: %s", err);
	text = fixture_read(sec, NULL);
	assert_non_null(strstr(text, "untrusted comment: locked stick key\n"));
	free(text);

	assert_null(sig_seckey_load(sec, NULL, err));
	assert_non_null(strstr(err, "encrypted"));
	assert_null(sig_seckey_load(sec, "wrong horse", err));
	assert_non_null(strstr(err, "wrong password"));
	assert_non_null(strstr(err, sec));
	sk = sig_seckey_load(sec, PASSWORD, err);
	if (sk == NULL)
		fail_msg("sig_seckey_load: %s", err);
	assert_int_equal(sig_pubkey_load(&pk, pub, err), 0);
	assert_memory_equal(sk->keyid, pk.keyid, SIG_KEYID_BYTES);
	sig_seckey_free(sk);

	/* minisign reads the password from its standard input. */
	fixture_write(dpath, "payload\n", 8);
	{
		char *sargv[] = { MINISIGN, "-S", "-s", sec, "-m", dpath,
		    NULL };
		char *vargv[] = { MINISIGN, "-Vm", dpath, "-p", pub, NULL };

		assert_int_equal(fixture_run(PASSWORD "\n", out, sizeof out,
		    sargv), 0);
		assert_int_equal(fixture_run(NULL, out, sizeof out, vargv),
		    0);
	}
	free(pub);
	free(sec);
	free(dpath);
	fixture_rmtree(dir);
}

/* A password-protected key made by minisign -G unlocks here. */
static void
sig_minisign_encrypted_loads(void **state)
{
	char *dir = fixture_dir(), *pub, *sec, out[1024], err[ERR_LEN];
	struct sig_pubkey pk;
	struct sig_seckey *sk;

	fixture_need_minisign();
	pub = fixture_path(dir, "m.pub");
	sec = fixture_path(dir, "m.key");
	{
		char *argv[] = { MINISIGN, "-G", "-p", pub, "-s", sec, NULL };

		assert_int_equal(fixture_run(PASSWORD "\n" PASSWORD "\n", out,
		    sizeof out, argv), 0);
	}
	sk = sig_seckey_load(sec, PASSWORD, err);
	if (sk == NULL)
		fail_msg("load minisign encrypted key: %s", err);
	assert_int_equal(sig_pubkey_load(&pk, pub, err), 0);
	assert_memory_equal(sk->keyid, pk.keyid, SIG_KEYID_BYTES);
	sig_seckey_free(sk);
	free(pub);
	free(sec);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sig_encrypted_round_trip),
		cmocka_unit_test(sig_minisign_encrypted_loads),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
