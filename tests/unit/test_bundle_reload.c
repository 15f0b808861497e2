/*
 * reloader reload after reloader collect: collected results go, and so do
 * spent and expired tokens and packages that a newer version replaces.
 * A result the register does not have with the same hash stays, even
 * with a forged note, as do a failed result, an open attempt and the
 * packages of a test with an open attempt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bundle.h"
#include "register.h"
#include "seal_fixtures.h"
#include "token.h"
#include "trust_stick.h"

static char reloader[4096];

/* Run reloader with a NULL-terminated argument list. */
#define run(out, outlen, ...) \
	fixture_runl(reloader, out, outlen, __VA_ARGS__)

static int
exists(const struct stick *s, const char *rel)
{
	char *path = stick_path(s, rel);
	struct stat st;
	int rc = lstat(path, &st) == 0;

	free(path);
	return (rc);
}

static void
put(const struct stick *s, const char *rel, const void *data, size_t len)
{
	char *path = stick_path(s, rel);

	fixture_write(path, data, len);
	free(path);
}

static void
token_for(const struct stick *s, const struct sig_seckey *sk,
    const char *candidate, int64_t until)
{
	char *dir = stick_path(s, "tokens"), *path, err[ERR_LEN];
	struct token t;

	memset(&t, 0, sizeof t);
	t.candidate = strdup(candidate);
	t.name = strdup("A Candidate");
	t.dob = strdup("2000-01-01");
	t.centre = strdup("C9");
	t.test = strdup("T1");
	t.attempt = 1;
	t.valid_from = 0;
	t.valid_until = until;
	if (token_write(dir, &t, sk, &path, err) != 0)
		fail_msg("%s", err);
	free(path);
	free(dir);
	token_free(&t);
}

static void
package_for(const struct stick *s, const struct sig_seckey *sk,
    const char *test, unsigned version)
{
	struct seal_write_args wa;
	struct seal_manifest m;
	unsigned char *zip;
	char *path, name[64], err[ERR_LEN];
	size_t len;

	zip = fx_zip(fx_files, FX_NFILES, &len);
	fx_manifest_for(&m, zip, len, 0);
	free(m.test);
	m.test = strdup(test);
	m.version = version;
	wa = (struct seal_write_args){ &m, zip, len, sk,
	    "0000-0000-0000-0000", &fx_kdf };
	snprintf(name, sizeof name, "packages/%s-v%u.estp", test, version);
	path = stick_path(s, name);
	if (seal_write(path, &wa, err) != 0)
		fail_msg("%s", err);
	free(path);
	seal_manifest_free(&m);
	free(zip);
}

/* A stick as reloader prepare leaves it, with a key that has no PIN. */
static void
stick_ready(struct stick *s, const char *reg, const char *body_pub)
{
	char *path, *text, err[ERR_LEN];
	size_t len;

	stick_make(s);
	path = stick_path(s, "tokens");
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	path = stick_path(s, "packages");
	assert_int_equal(mkdir(path, 0755), 0);
	free(path);
	text = fixture_read(body_pub, &len);
	put(s, "keys/awarding-body.pub", text, len);
	free(text);
	if (register_add_stick(reg, &s->pk, "C9", "EXAMSTICK", err) != 0)
		fail_msg("%s", err);
}

static void
reload_after_collect(void **state)
{
	const char *build = getenv("BUILD");
	struct sig_pubkey body_pk, centre_pk;
	struct sig_seckey *body_sk, *centre_sk;
	char *dir, *reg, *body_pub, *centre_key, *bundle, *bad, *path;
	char out[16384], *text;
	struct stick s;
	size_t len;

	(void)state;
	snprintf(reloader, sizeof reloader, "%s/bin/reloader",
	    build != NULL && *build != '\0' ? build : "build");
	dir = fixture_dir();
	reg = fixture_path(dir, "sticks.register");
	body_pub = fixture_path(dir, "body.pub");
	centre_key = fixture_path(dir, "centre.key");
	bundle = fixture_path(dir, "b.tar");
	body_sk = fx_keys(dir, "body", &body_pk);
	centre_sk = fx_keys(dir, "centre", &centre_pk);
	stick_ready(&s, reg, body_pub);

	free(stick_sit(&s, "C100", "collected"));
	bad = stick_sit(&s, "C200", "changed after the test");
	free(stick_sit(&s, "C300", "changed after collection"));
	stick_sit_open(&s, "C400");
	text = fixture_read(bad, &len);
	text[len - 2] ^= 0x01;
	unlink(bad);
	fixture_write(bad, text, len);
	free(text);

	token_for(&s, body_sk, "C100", INT64_C(4102444800));
	token_for(&s, body_sk, "C200", INT64_C(4102444800));
	token_for(&s, body_sk, "C500", INT64_C(4102444800));
	token_for(&s, body_sk, "C600", 1000);
	token_for(&s, centre_sk, "C700", INT64_C(4102444800));
	package_for(&s, body_sk, "T1", 1);
	package_for(&s, body_sk, "T1", 2);
	package_for(&s, body_sk, "unit-2", 1);
	package_for(&s, body_sk, "unit-2", 2);
	put(&s, "packages/notes.txt", "not a package\n", 14);

	assert_int_equal(run(out, sizeof out, "collect", "--stick", s.root,
	    "--out", bundle, "--key", centre_key, "--register", reg,
	    (char *)NULL), 1);

	/* After collection: C300 changes, and C200 gets a forged note. */
	path = stick_path(&s, "results/C300-T1-1.result");
	text = fixture_read(path, &len);
	text[len - 2] ^= 0x01;
	unlink(path);
	fixture_write(path, text, len);
	free(text);
	free(path);
	put(&s, "results/C200-T1-1.collected", "bundle b.tar\n", 13);

	assert_int_equal(run(out, sizeof out, "reload", "--stick", s.root,
	    "--register", reg, (char *)NULL), 0);

	assert_false(exists(&s, "results/C100-T1-1.result"));
	assert_false(exists(&s, "results/C100-T1-1.result.minisig"));
	assert_false(exists(&s, "attempts/C100-T1-1.journal"));
	assert_false(exists(&s, "results/C100-T1-1.collected"));
	assert_true(exists(&s, "results/C200-T1-1.result"));
	assert_true(exists(&s, "results/C200-T1-1.result.minisig"));
	assert_true(exists(&s, "attempts/C200-T1-1.journal"));
	assert_true(exists(&s, "results/C300-T1-1.result"));
	assert_true(exists(&s, "results/C300-T1-1.result.minisig"));
	assert_true(exists(&s, "attempts/C300-T1-1.journal"));
	assert_true(exists(&s, "attempts/C400-T1-1.journal"));
	assert_non_null(strstr(out, "C200-T1-1.result: not collected"));
	assert_non_null(strstr(out, "C300-T1-1.result: not collected"));

	assert_false(exists(&s, "tokens/C100-T1-1.token"));
	assert_false(exists(&s, "tokens/C200-T1-1.token"));
	assert_true(exists(&s, "tokens/C500-T1-1.token"));
	assert_false(exists(&s, "tokens/C600-T1-1.token"));
	assert_true(exists(&s, "tokens/C700-T1-1.token"));
	assert_non_null(strstr(out, "C700-T1-1.token: cannot verify it"));

	assert_true(exists(&s, "packages/T1-v1.estp"));
	assert_true(exists(&s, "packages/T1-v2.estp"));
	assert_non_null(strstr(out, "an attempt at test T1 is not ended"));
	assert_false(exists(&s, "packages/unit-2-v1.estp"));
	assert_true(exists(&s, "packages/unit-2-v2.estp"));
	assert_true(exists(&s, "packages/notes.txt"));

	/* A second reload finds nothing more to remove. */
	assert_int_equal(run(out, sizeof out, "reload", "--stick", s.root,
	    "--register", reg, (char *)NULL), 0);
	assert_non_null(strstr(out, ": 0 files removed"));

	free(bad);
	free(reg);
	free(body_pub);
	free(centre_key);
	free(bundle);
	sig_seckey_free(body_sk);
	sig_seckey_free(centre_sk);
	stick_free(&s);
	fixture_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reload_after_collect),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
