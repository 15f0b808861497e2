/*
 * Signature tests against the stock minisign tool.  It verifies what we
 * sign, we verify what it signs (prehashed and legacy), and its
 * unencrypted keys load here.  No changed byte of a signed file, or of
 * the signed lines of its .minisig, verifies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sig.h"
#include "trust_fixtures.h"

static const char data[] = "examstick signed data\nline two\n";
static const char comment[] = "examstick result C1-T1-1\twith a tab";

/* Make a key pair in dir and return its secret key, loaded. */
static struct sig_seckey *
keygen(const char *dir, const char *name, struct sig_pubkey *pk)
{
	char *pub, *sec, *base, err[ERR_LEN];
	struct sig_seckey *sk;

	base = fixture_path(dir, name);
	if (asprintf(&pub, "%s.pub", base) < 0 ||
	    asprintf(&sec, "%s.key", base) < 0)
		abort();
	if (sig_keygen(pub, sec, NULL, NULL, err) == -1)
		fail_msg("sig_keygen: %s", err);
	if (sig_pubkey_load(pk, pub, err) == -1)
		fail_msg("sig_pubkey_load: %s", err);
	sk = sig_seckey_load(sec, NULL, err);
	if (sk == NULL)
		fail_msg("sig_seckey_load: %s", err);
	free(pub);
	free(sec);
	free(base);
	return (sk);
}

static char *
sign(const struct sig_seckey *sk, const char *text, const char *tc)
{
	char err[ERR_LEN], *sig;

	if (sig_sign(sk, text, strlen(text), tc, &sig, err) == -1)
		fail_msg("sig_sign: %s", err);
	return (sig);
}

static void
sig_round_trip(void **state)
{
	char *dir = fixture_dir(), *sig, *pubtext, *pubpath, *secpath;
	char err[ERR_LEN], trusted[256], hex[17], want[64];
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	struct stat st;

	sk = keygen(dir, "k", &pk);
	assert_memory_equal(sk->keyid, pk.keyid, SIG_KEYID_BYTES);
	sig = sign(sk, data, comment);
	assert_int_equal(sig_verify(&pk, data, strlen(data), sig, trusted,
	    sizeof trusted, err), SIG_OK);
	assert_string_equal(trusted, comment);

	/* The public key's comment carries the id as minisign prints it. */
	pubpath = fixture_path(dir, "k.pub");
	pubtext = fixture_read(pubpath, NULL);
	sig_keyid_hex(pk.keyid, hex);
	snprintf(want, sizeof want, "untrusted comment: minisign public key"
	    " %s\n", hex);
	assert_memory_equal(pubtext, want, strlen(want));
	secpath = fixture_path(dir, "k.key");
	assert_int_equal(stat(secpath, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* Key files are never overwritten. */
	assert_int_equal(sig_keygen(pubpath, secpath, NULL, NULL, err), -1);
	assert_non_null(strstr(err, "File exists"));

	free(secpath);
	free(pubtext);
	free(pubpath);
	free(sig);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

/* minisign -Vm accepts our signature and prints our trusted comment. */
static void
sig_minisign_verifies_ours(void **state)
{
	char *dir = fixture_dir(), *sig, *dpath, *spath, *ppath;
	char out[1024];
	struct sig_pubkey pk;
	struct sig_seckey *sk;

	fixture_need_minisign();
	sk = keygen(dir, "k", &pk);
	sig = sign(sk, data, comment);
	dpath = fixture_path(dir, "data");
	spath = fixture_path(dir, "data.minisig");
	ppath = fixture_path(dir, "k.pub");
	fixture_write(dpath, data, strlen(data));
	fixture_write(spath, sig, strlen(sig));
	{
		char *argv[] = { MINISIGN, "-Vm", dpath, "-p", ppath, NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
		assert_non_null(strstr(out, comment));
	}
	/* And rejects it once the data changed. */
	fixture_write(dpath, "x", 1);
	{
		char *argv[] = { MINISIGN, "-Vm", dpath, "-p", ppath, NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 1);
	}
	free(dpath);
	free(spath);
	free(ppath);
	free(sig);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

/* A key pair from minisign -G -W loads, signs and verifies both ways. */
static void
sig_minisign_key_loads(void **state)
{
	char *dir = fixture_dir(), *pub, *sec, *dpath, *spath, *lpath, *sig;
	char err[ERR_LEN], out[1024], trusted[256], *text;
	struct sig_pubkey pk;
	struct sig_seckey *sk;

	fixture_need_minisign();
	pub = fixture_path(dir, "m.pub");
	sec = fixture_path(dir, "m.key");
	dpath = fixture_path(dir, "data");
	spath = fixture_path(dir, "data.minisig");
	lpath = fixture_path(dir, "data.legacy");
	{
		char *argv[] = { MINISIGN, "-G", "-W", "-p", pub, "-s", sec,
		    NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
	}
	if (sig_pubkey_load(&pk, pub, err) == -1)
		fail_msg("load minisign public key: %s", err);
	if ((sk = sig_seckey_load(sec, NULL, err)) == NULL)
		fail_msg("load minisign secret key: %s", err);
	assert_memory_equal(sk->keyid, pk.keyid, SIG_KEYID_BYTES);

	/* Ours, made with minisign's key, verified by minisign. */
	sig = sign(sk, data, comment);
	fixture_write(dpath, data, strlen(data));
	fixture_write(spath, sig, strlen(sig));
	{
		char *argv[] = { MINISIGN, "-Vm", dpath, "-p", pub, NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
	}
	free(sig);

	/* minisign's own signatures, prehashed and legacy, verify here. */
	{
		char *argv[] = { MINISIGN, "-S", "-s", sec, "-m", dpath,
		    "-t", "signed by minisign", NULL };
		char *largv[] = { MINISIGN, "-S", "-l", "-s", sec, "-m", dpath,
		    "-x", lpath, "-t", "legacy", NULL };

		assert_int_equal(fixture_run(NULL, out, sizeof out, argv), 0);
		assert_int_equal(fixture_run(NULL, out, sizeof out, largv), 0);
	}
	text = fixture_read(spath, NULL);
	assert_int_equal(sig_verify(&pk, data, strlen(data), text, trusted,
	    sizeof trusted, err), SIG_OK);
	assert_string_equal(trusted, "signed by minisign");
	assert_int_equal(sig_verify(&pk, "other", 5, text, NULL, 0, err),
	    SIG_BAD);
	free(text);
	text = fixture_read(lpath, NULL);
	assert_int_equal(text[strchr(text, '\n') - text + 1], 'R');
	assert_int_equal(sig_verify(&pk, data, strlen(data), text, trusted,
	    sizeof trusted, err), SIG_OK);
	assert_string_equal(trusted, "legacy");
	assert_int_equal(sig_verify(&pk, "other", 5, text, NULL, 0, err),
	    SIG_BAD);
	free(text);

	sig_seckey_free(sk);
	free(pub);
	free(sec);
	free(dpath);
	free(spath);
	free(lpath);
	fixture_rmtree(dir);
}

/* Offset of the first byte after "untrusted comment: " and its line. */
static void
untrusted_span(const char *sig, size_t *from, size_t *to)
{
	*from = strlen("untrusted comment: ");
	*to = (size_t)(strchr(sig, '\n') - sig);
}

/*
 * Every single-byte change to the signed data, and to every byte of the
 * .minisig except the untrusted comment text (which minisign leaves
 * unsigned by design), fails verification.
 */
static void
sig_every_byte_change(void **state)
{
	static const unsigned char masks[] = { 0x01, 0x02, 0x04, 0x08, 0x10,
	    0x20, 0x40, 0x80 };
	char *dir = fixture_dir(), *sig, *copy, err[ERR_LEN];
	size_t len = strlen(data), slen, off, m, from, to;
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	enum sig_status st;

	sk = keygen(dir, "k", &pk);
	sig = sign(sk, data, comment);
	copy = strdup(data);
	for (off = 0; off < len; off++) {
		for (m = 0; m < sizeof masks; m++) {
			copy[off] ^= masks[m];
			assert_int_equal(sig_verify(&pk, copy, len, sig, NULL,
			    0, err), SIG_BAD);
			copy[off] ^= masks[m];
		}
	}
	free(copy);

	slen = strlen(sig);
	untrusted_span(sig, &from, &to);
	for (off = 0; off < slen; off++) {
		if (off >= from && off < to)
			continue;
		for (m = 0; m < sizeof masks; m++) {
			sig[off] ^= masks[m];
			st = sig_verify(&pk, data, len, sig, NULL, 0, err);
			if (st == SIG_OK)
				fail_msg("offset %zu mask 0x%02x verified",
				    off, masks[m]);
			sig[off] ^= masks[m];
		}
	}
	/* A byte added at the end, or the last newline removed, also fails. */
	sig = realloc(sig, slen + 2);
	strcpy(sig + slen, "x");
	assert_int_equal(sig_verify(&pk, data, len, sig, NULL, 0, err),
	    SIG_MALFORMED);
	sig[slen - 1] = '\0';
	assert_int_equal(sig_verify(&pk, data, len, sig, NULL, 0, err),
	    SIG_MALFORMED);
	free(sig);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

static void
sig_statuses(void **state)
{
	char *dir = fixture_dir(), *sig, *p, err[ERR_LEN], a[17], b[17];
	struct sig_pubkey pk, other;
	struct sig_seckey *sk, *sk2;

	sk = keygen(dir, "k", &pk);
	sk2 = keygen(dir, "other", &other);
	sig = sign(sk, data, comment);

	/* A different key: both ids appear, as minisign shows them. */
	assert_int_equal(sig_verify(&other, data, strlen(data), sig, NULL, 0,
	    err), SIG_WRONG_KEY);
	sig_keyid_hex(pk.keyid, a);
	sig_keyid_hex(other.keyid, b);
	assert_non_null(strstr(err, a));
	assert_non_null(strstr(err, b));

	/* A changed trusted comment keeps the file signature valid. */
	p = strstr(sig, "C1-T1-1");
	p[0] = 'D';
	assert_int_equal(sig_verify(&pk, data, strlen(data), sig, NULL, 0,
	    err), SIG_BAD_COMMENT);
	p[0] = 'C';

	/* An unknown algorithm id: "ED" in base64 starts "RU". */
	p = strchr(sig, '\n') + 1;
	assert_memory_equal(p, "RU", 2);
	p[1] = 'V';
	assert_int_equal(sig_verify(&pk, data, strlen(data), sig, NULL, 0,
	    err), SIG_ALGORITHM);
	p[1] = 'U';

	assert_int_equal(sig_verify(&pk, data, strlen(data), "junk\n", NULL,
	    0, err), SIG_MALFORMED);
	assert_int_equal(sig_sign(sk, data, 3, "two\nlines", &p, err), -1);
	assert_string_not_equal(sig_status_text(SIG_BAD),
	    sig_status_text(SIG_OK));
	free(sig);
	sig_seckey_free(sk);
	sig_seckey_free(sk2);
	fixture_rmtree(dir);
}

static void
sig_pubkey_forms(void **state)
{
	char *dir = fixture_dir(), *path, *text, *line, err[ERR_LEN];
	struct sig_pubkey pk, pk2;
	struct sig_seckey *sk;

	sk = keygen(dir, "k", &pk);
	path = fixture_path(dir, "k.pub");
	text = fixture_read(path, NULL);
	line = strchr(text, '\n') + 1;

	/* A bare key line, with and without its newline, as minisign -P. */
	assert_int_equal(sig_pubkey_parse(&pk2, line, err), 0);
	assert_memory_equal(&pk, &pk2, sizeof pk);
	line[strlen(line) - 1] = '\0';
	assert_int_equal(sig_pubkey_parse(&pk2, line, err), 0);
	assert_memory_equal(&pk, &pk2, sizeof pk);
	/* The file without its last newline. */
	assert_int_equal(sig_pubkey_parse(&pk2, text, err), 0);
	assert_memory_equal(&pk, &pk2, sizeof pk);

	assert_int_equal(sig_pubkey_parse(&pk2, "comment\nRWQ=\n", err), -1);
	assert_int_equal(sig_pubkey_parse(&pk2, "", err), -1);
	line[1] ^= 1;
	assert_int_equal(sig_pubkey_parse(&pk2, text, err), -1);
	assert_non_null(strstr(err, "algorithm"));
	assert_int_equal(sig_pubkey_load(&pk2, "/nonexistent.pub", err), -1);
	assert_non_null(strstr(err, "/nonexistent.pub"));
	free(text);
	free(path);
	sig_seckey_free(sk);
	fixture_rmtree(dir);
}

/* A damaged unencrypted secret key is rejected, not used. */
static void
sig_seckey_damaged(void **state)
{
	char *dir = fixture_dir(), *path, *text, *line, err[ERR_LEN];
	struct sig_pubkey pk;
	struct sig_seckey *sk;
	size_t i, n;

	sk = keygen(dir, "k", &pk);
	sig_seckey_free(sk);
	path = fixture_path(dir, "k.key");
	text = fixture_read(path, NULL);
	line = strchr(text, '\n') + 1;
	n = strlen(line) - 2;
	/*
	 * Flip each character that encodes the algorithm ids (characters 0
	 * to 7) or the key id, key and checksum (72 on).  Characters 8 to
	 * 71 hold the scrypt salt and limits, which an unencrypted key
	 * does not use (minisign -C -W leaves them set).
	 */
	for (i = 0; i < n; i++) {
		if (i == 8)
			i = 72;
		line[i] ^= 0x01;
		fixture_write(path, text, strlen(text));
		sk = sig_seckey_load(path, NULL, err);
		if (sk != NULL)
			fail_msg("secret key with character %zu changed"
			    " loaded", i);
		line[i] ^= 0x01;
	}
	free(text);
	free(path);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sig_round_trip),
		cmocka_unit_test(sig_minisign_verifies_ours),
		cmocka_unit_test(sig_minisign_key_loads),
		cmocka_unit_test(sig_every_byte_change),
		cmocka_unit_test(sig_statuses),
		cmocka_unit_test(sig_pubkey_forms),
		cmocka_unit_test(sig_seckey_damaged),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
