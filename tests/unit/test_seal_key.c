/*
 * The results key pair: files made by seal_boxkey_generate, unlocked with
 * the right passphrase only, rejected when any byte changes, and usable
 * with crypto_box_seal.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "seal.h"
#include "seal_fixtures.h"

#define PASS	"correct horse battery staple"

struct fx {
	char	*dir, *pub, *sec;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char err[ERR_LEN];

	fx->dir = fixture_dir();
	fx->pub = fixture_path(fx->dir, "results.pub");
	fx->sec = fixture_path(fx->dir, "results.key");
	if (seal_boxkey_generate(fx->pub, fx->sec, PASS, &fx_kdf, err) != 0)
		fail_msg("%s", err);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	free(fx->pub);
	free(fx->sec);
	fixture_rmtree(fx->dir);
	free(fx);
	return (0);
}

static void
load_pair(void **state)
{
	struct fx *fx = *state;
	struct seal_boxsec *sk;
	struct seal_boxpub pk;
	char err[ERR_LEN];

	assert_int_equal(seal_boxpub_load(&pk, fx->pub, err), 0);
	sk = seal_boxsec_load(fx->sec, PASS, err);
	assert_non_null(sk);
	assert_memory_equal(sk->keyid, pk.keyid, SIG_KEYID_BYTES);
	assert_memory_equal(sk->pk, pk.pk, 32);
	seal_boxsec_free(sk);
}

static void
sealed_box_round_trip(void **state)
{
	struct fx *fx = *state;
	static const char msg[] = "candidate 1234 answered B";
	unsigned char box[sizeof msg + crypto_box_SEALBYTES];
	unsigned char plain[sizeof msg];
	struct seal_boxsec *sk;
	struct seal_boxpub pk;
	char err[ERR_LEN];

	assert_int_equal(seal_boxpub_load(&pk, fx->pub, err), 0);
	assert_int_equal(crypto_box_seal(box, (const unsigned char *)msg,
	    sizeof msg, pk.pk), 0);
	sk = seal_boxsec_load(fx->sec, PASS, err);
	assert_non_null(sk);
	assert_int_equal(crypto_box_seal_open(plain, box, sizeof box, sk->pk,
	    sk->sk), 0);
	assert_memory_equal(plain, msg, sizeof msg);
	seal_boxsec_free(sk);
}

static void
wrong_passphrase(void **state)
{
	struct fx *fx = *state;
	char err[ERR_LEN];

	assert_null(seal_boxsec_load(fx->sec, PASS "!", err));
	assert_non_null(strstr(err, "wrong passphrase"));
	assert_non_null(strstr(err, fx->sec));
}

static void
secret_file_private(void **state)
{
	struct fx *fx = *state;
	struct stat st;

	assert_int_equal(stat(fx->sec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void
no_overwrite(void **state)
{
	struct fx *fx = *state;
	char err[ERR_LEN], *before, *after;

	before = fixture_read(fx->sec, NULL);
	assert_int_equal(seal_boxkey_generate(fx->pub, fx->sec, PASS, &fx_kdf,
	    err), -1);
	assert_non_null(strstr(err, "File exists"));
	after = fixture_read(fx->sec, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
public_key_kinds(void **state)
{
	struct fx *fx = *state;
	struct seal_boxpub pk;
	struct sig_pubkey spk;
	struct sig_seckey *ssk;
	char err[ERR_LEN], *text, *path;

	/* A minisign signing key is not a results key, and the reverse. */
	ssk = fx_keys(fx->dir, "signing", &spk);
	sig_seckey_free(ssk);
	path = fixture_path(fx->dir, "signing.pub");
	text = fixture_read(path, NULL);
	free(path);
	assert_int_equal(seal_boxpub_parse(&pk, text, err), -1);
	free(text);
	text = fixture_read(fx->pub, NULL);
	assert_int_equal(sig_pubkey_parse(&spk, text, err), -1);
	assert_int_equal(seal_boxpub_parse(&pk, "garbage", err), -1);
	free(text);
}

/* Every byte of the secret key file changed in turn fails to load. */
static void
secret_every_byte(void **state)
{
	struct fx *fx = *state;
	struct seal_boxsec *sk;
	char *text, *copy, *path, err[ERR_LEN];
	size_t len, off, start;

	text = fixture_read(fx->sec, &len);
	path = fixture_path(fx->dir, "flipped.key");
	start = (size_t)(strchr(text, '\n') - text) + 1;
	copy = malloc(len);
	for (off = start; off < len - 1; off++) {
		memcpy(copy, text, len);
		copy[off] ^= 0x01;
		unlink(path);
		fixture_write(path, copy, len);
		sk = seal_boxsec_load(path, PASS, err);
		if (sk != NULL)
			fail_msg("byte %zu flipped: the key still loads", off);
	}
	free(copy);
	free(path);
	free(text);
}

/* The shipped Argon2id cost, once, to show that it fits in memory. */
static void
default_cost(void **state)
{
	struct fx *fx = *state;
	char *pub = fixture_path(fx->dir, "d.pub");
	char *sec = fixture_path(fx->dir, "d.key");
	struct seal_boxsec *sk;
	char err[ERR_LEN];

	assert_int_equal(seal_boxkey_generate(pub, sec, PASS, &seal_kdf_key,
	    err), 0);
	sk = seal_boxsec_load(sec, PASS, err);
	assert_non_null(sk);
	seal_boxsec_free(sk);
	free(pub);
	free(sec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(load_pair, setup, teardown),
		cmocka_unit_test_setup_teardown(sealed_box_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(wrong_passphrase, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(secret_file_private, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(no_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(public_key_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(secret_every_byte, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(default_cost, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
