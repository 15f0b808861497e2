/*
 * The centre's side, run as programs on stick folders: reloader prepare,
 * results sat with the stick key unlocked by the PIN, reloader collect
 * and its bundle, a token used twice, a stick the register does not know,
 * then reloader reload.  Nothing that failed is ever deleted.
 */
#include <dirent.h>
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

#define PIN	"2468"

static char reloader[4096];

struct world {
	char			*dir;
	char			*reg;		/* the register */
	char			*pinfile;
	char			*body_pub;
	char			*centre_key;
	struct sig_pubkey	 body_pk, centre_pk;
	struct sig_seckey	*body_sk, *centre_sk;
};

/* Run reloader with a NULL-terminated argument list. */
#define run(out, outlen, ...) \
	fixture_runl(reloader, out, outlen, __VA_ARGS__)

static int
exists(const char *dir, const char *rel)
{
	char *path = fixture_path(dir, rel);
	struct stat st;
	int rc = lstat(path, &st) == 0;

	free(path);
	return (rc);
}

static void
must_contain(const char *out, const char *what)
{
	if (strstr(out, what) == NULL)
		fail_msg("\"%s\" is missing from:\n%s", what, out);
}

static struct world *
world_new(void)
{
	struct world *w = calloc(1, sizeof *w);
	const char *build = getenv("BUILD");

	snprintf(reloader, sizeof reloader, "%s/bin/reloader",
	    build != NULL && *build != '\0' ? build : "build");
	if (access(reloader, X_OK) != 0)
		fail_msg("%s is missing: run make first", reloader);
	w->dir = fixture_dir();
	w->reg = fixture_path(w->dir, "centre/sticks.register");
	w->pinfile = fixture_path(w->dir, "pin");
	fixture_write(w->pinfile, PIN "\n", strlen(PIN) + 1);
	w->body_sk = fx_keys(w->dir, "body", &w->body_pk);
	w->centre_sk = fx_keys(w->dir, "centre", &w->centre_pk);
	w->body_pub = fixture_path(w->dir, "body.pub");
	w->centre_key = fixture_path(w->dir, "centre.key");
	return (w);
}

static void
world_free(struct world *w)
{
	sig_seckey_free(w->body_sk);
	sig_seckey_free(w->centre_sk);
	free(w->reg);
	free(w->pinfile);
	free(w->body_pub);
	free(w->centre_key);
	fixture_rmtree(w->dir);
	free(w);
}

/* Unlock the key of the stick that prepare made under w->dir/name. */
static void
unlock_stick(struct world *w, const char *name, struct stick *s)
{
	char *key, *pub, err[ERR_LEN];

	memset(s, 0, sizeof *s);
	s->root = fixture_path(w->dir, name);
	s->dir = fixture_path(s->root, "examstick");
	key = stick_path(s, "keys/stick.key");
	pub = stick_path(s, "keys/stick.pub");
	assert_null(sig_seckey_load(key, NULL, err));
	assert_null(sig_seckey_load(key, "1357", err));
	s->sk = sig_seckey_load(key, PIN, err);
	if (s->sk == NULL)
		fail_msg("unlock the stick key with the PIN: %s", err);
	assert_int_equal(sig_pubkey_load(&s->pk, pub, err), 0);
	sig_keyid_hex(s->pk.keyid, s->id);
	free(key);
	free(pub);
}

/* Prepare a stick under w->dir/name and unlock its key with the PIN. */
static void
prepared_stick(struct world *w, const char *name, struct stick *s)
{
	char out[4096], *root = fixture_path(w->dir, name);

	assert_int_equal(run(out, sizeof out, "prepare", "--stick", root,
	    "--centre", "C9", "--body-key", w->body_pub, "--register",
	    w->reg, "--pin-file", w->pinfile, (char *)NULL), 0);
	must_contain(out, "registered in");
	free(root);
	unlock_stick(w, name, s);
}

/*
 * A registered stick whose key has no PIN, for the tests that are not
 * about prepare: each scrypt unlock takes seconds.
 */
static void
registered_stick(struct world *w, struct stick *s)
{
	char err[ERR_LEN];

	stick_make(s);
	if (register_add_stick(w->reg, &s->pk, "C9", "EXAMSTICK", err) != 0)
		fail_msg("%s", err);
}

static void
stick_release(struct stick *s)
{
	sig_seckey_free(s->sk);
	free(s->dir);
	free(s->root);
}

/* Flip one byte of a file in place. */
static void
flip_file(const char *path, size_t off)
{
	size_t len;
	char *text = fixture_read(path, &len);

	assert_true(off < len);
	text[off] ^= 0x01;
	unlink(path);
	fixture_write(path, text, len);
	free(text);
}

static void
collect_verifies_and_keeps_failures(void **state)
{
	struct world *w = world_new();
	struct bundle_manifest m;
	struct stick_register reg;
	struct stick a;
	char out[8192], err[ERR_LEN], *bad, *bundle, *x, *copy, *orig, *path;
	size_t i, len, olen;

	(void)state;
	prepared_stick(w, "A", &a);
	free(stick_sit(&a, "C100", "first"));
	bad = stick_sit(&a, "C200", "to be changed");
	free(stick_sit(&a, "C300", "third"));
	stick_sit_open(&a, "C400");
	flip_file(bad, strlen("examstick result 1\nid: "));

	bundle = fixture_path(w->dir, "centre/a1.tar");
	assert_int_equal(run(out, sizeof out, "collect", "--stick", a.root,
	    "--out", bundle, "--key", w->centre_key, "--register", w->reg,
	    (char *)NULL), 1);
	must_contain(out, "C200-T1-1.result: ");
	must_contain(out, "the file is left on the stick");
	must_contain(out, "C400-T1-1.journal: attempt not ended");
	must_contain(out, "2 results collected from stick");

	/* The bundle verifies, and extracts to the stick's bytes. */
	x = fixture_path(w->dir, "x");
	assert_int_equal(bundle_verify(bundle, &w->centre_pk, x, &m, err),
	    BUNDLE_OK);
	assert_string_equal(m.centre, "C9");
	assert_string_equal(m.stick, a.id);
	assert_int_equal(m.nresults, 2);
	assert_string_equal(m.results[0].attempt, "C100-T1-1");
	assert_string_equal(m.results[1].attempt, "C300-T1-1");
	assert_int_equal(m.nfiles, 7);
	for (i = 0; i < m.nfiles; i++) {
		if (strncmp(m.files[i].path, "keys/", 5) == 0)
			continue;
		path = fixture_path(x, m.files[i].path);
		copy = fixture_read(path, &len);
		free(path);
		path = stick_path(&a, m.files[i].path);
		orig = fixture_read(path, &olen);
		free(path);
		assert_int_equal(len, olen);
		assert_memory_equal(copy, orig, len);
		free(copy);
		free(orig);
	}
	assert_true(exists(x, "keys/"));
	bundle_manifest_free(&m);
	assert_int_equal(bundle_verify(bundle, &w->body_pk, NULL, &m, err),
	    BUNDLE_WRONG_SIGNER);

	/* Collected ones are noted; the failed and the open ones stay. */
	assert_true(exists(a.dir, "results/C100-T1-1.collected"));
	assert_true(exists(a.dir, "results/C300-T1-1.collected"));
	assert_true(exists(a.dir, "results/C200-T1-1.result"));
	assert_true(exists(a.dir, "results/C200-T1-1.result.minisig"));
	assert_true(exists(a.dir, "attempts/C200-T1-1.journal"));
	assert_false(exists(a.dir, "results/C200-T1-1.collected"));
	assert_true(exists(a.dir, "attempts/C400-T1-1.journal"));
	assert_int_equal(register_load(&reg, w->reg, err), 0);
	assert_int_equal(reg.nsticks, 1);
	assert_int_equal(reg.ncollected, 2);
	assert_non_null(register_collected(&reg, "C100-T1-1"));
	assert_null(register_collected(&reg, "C200-T1-1"));
	assert_string_equal(register_collected(&reg, "C300-T1-1")->bundle,
	    "a1.tar");
	register_free(&reg);

	/* Again: nothing new, no bundle written, the failure still named. */
	free(bundle);
	bundle = fixture_path(w->dir, "centre/a2.tar");
	assert_int_equal(run(out, sizeof out, "collect", "--stick", a.root,
	    "--out", bundle, "--key", w->centre_key, "--register", w->reg,
	    (char *)NULL), 1);
	must_contain(out, "already collected in a1.tar");
	must_contain(out, "no new results to collect");
	assert_false(exists(w->dir, "centre/a2.tar"));
	free(bundle);
	free(bad);
	free(x);
	stick_release(&a);
	world_free(w);
}

/* The same token used on a second stick, and a stick not registered. */
static void
collect_rejects_replay_and_strangers(void **state)
{
	struct world *w = world_new();
	struct stick a, b, stranger;
	struct stick_register reg;
	char out[8192], err[ERR_LEN], *bundle, *from, *to, *text;
	static const char *moved[] = { "results/C700-T1-1.result",
	    "results/C700-T1-1.result.minisig", "attempts/C700-T1-1.journal" };
	size_t i, len;

	(void)state;
	registered_stick(w, &a);
	registered_stick(w, &b);
	free(stick_sit(&a, "C100", "on stick A"));
	bundle = fixture_path(w->dir, "a.tar");
	assert_int_equal(run(out, sizeof out, "collect", "--stick", a.root,
	    "--out", bundle, "--key", w->centre_key, "--register", w->reg,
	    (char *)NULL), 0);
	free(bundle);

	free(stick_sit(&b, "C100", "again on stick B"));
	stick_make(&stranger);
	free(stick_sit(&stranger, "C700", "from elsewhere"));
	for (i = 0; i < 3; i++) {
		from = stick_path(&stranger, moved[i]);
		to = stick_path(&b, moved[i]);
		text = fixture_read(from, &len);
		fixture_write(to, text, len);
		free(text);
		free(from);
		free(to);
	}
	bundle = fixture_path(w->dir, "b.tar");
	assert_int_equal(run(out, sizeof out, "collect", "--stick", b.root,
	    "--out", bundle, "--key", w->centre_key, "--register", w->reg,
	    (char *)NULL), 1);
	must_contain(out, "attempt C100-T1-1 was already collected from"
	    " stick");
	must_contain(out, "a token was used twice");
	must_contain(out, "is not in the register");
	must_contain(out, "no new results to collect");
	assert_false(exists(w->dir, "b.tar"));
	assert_true(exists(b.dir, "results/C100-T1-1.result"));
	assert_true(exists(b.dir, "results/C700-T1-1.result"));

	/* reload keeps both: neither is collected with its own hash. */
	assert_int_equal(run(out, sizeof out, "reload", "--stick", b.root,
	    "--register", w->reg, (char *)NULL), 0);
	assert_true(exists(b.dir, "results/C100-T1-1.result"));
	assert_true(exists(b.dir, "attempts/C100-T1-1.journal"));
	assert_true(exists(b.dir, "results/C700-T1-1.result"));
	assert_int_equal(register_load(&reg, w->reg, err), 0);
	assert_int_equal(reg.ncollected, 1);
	register_free(&reg);
	free(bundle);
	stick_free(&a);
	stick_free(&b);
	stick_free(&stranger);
	world_free(w);
}

/* A bundle that cannot be written records nothing as collected. */
static void
collect_write_failure_marks_nothing(void **state)
{
	struct world *w = world_new();
	struct stick_register reg;
	struct stick a;
	char out[8192], err[ERR_LEN], *bundle;

	(void)state;
	registered_stick(w, &a);
	free(stick_sit(&a, "C100", "x"));
	bundle = fixture_path(w->dir, "no/such/folder/a.tar");
	assert_int_equal(run(out, sizeof out, "collect", "--stick", a.root,
	    "--out", bundle, "--key", w->centre_key, "--register", w->reg,
	    (char *)NULL), 2);
	must_contain(out, "nothing is recorded as collected");
	assert_false(exists(a.dir, "results/C100-T1-1.collected"));
	assert_int_equal(register_load(&reg, w->reg, err), 0);
	assert_int_equal(reg.ncollected, 0);
	register_free(&reg);
	assert_int_equal(run(out, sizeof out, "reload", "--stick", a.root,
	    "--register", w->reg, (char *)NULL), 0);
	assert_true(exists(a.dir, "results/C100-T1-1.result"));
	free(bundle);
	stick_free(&a);
	world_free(w);
}

/* Write reloader.conf in w->dir and return its path. */
static char *
write_conf(struct world *w, const char *text)
{
	char *path = fixture_path(w->dir, "reloader.conf");

	unlink(path);
	fixture_write(path, text, strlen(text));
	return (path);
}

/*
 * reloader.conf gives prepare and collect their centre, keys, register
 * and bundle folder, with paths relative to the file; bad files are
 * named with the line and nothing runs.
 */
static void
reloader_conf_sets_defaults(void **state)
{
	struct world *w = world_new();
	struct bundle_manifest m;
	struct stick a;
	char out[8192], err[ERR_LEN], *conf, *dir, *bundle = NULL, *abs, *cwd;
	struct dirent *de;
	DIR *d;

	(void)state;
	conf = write_conf(w, "; the centre's settings\n[reloader]\n"
	    "centre_id = C9\nregister = centre/sticks.register\n"
	    "body_key = body.pub\ncentre_key = centre.key\n"
	    "results_out = bundles\n");
	assert_non_null(abs = realpath(reloader, NULL));
	snprintf(reloader, sizeof reloader, "%s", abs);
	assert_non_null(cwd = getcwd(NULL, 0));
	assert_int_equal(chdir(w->dir), 0);
	assert_int_equal(run(out, sizeof out, "--config", conf, "prepare",
	    "--stick", "A", "--pin-file", w->pinfile, (char *)NULL), 0);
	must_contain(out, "for centre C9");
	unlock_stick(w, "A", &a);
	free(stick_sit(&a, "C100", "first"));

	/* The bundle goes to results_out, which collect makes. */
	dir = fixture_path(w->dir, "bundles");
	assert_int_equal(run(out, sizeof out, "--config", conf, "collect",
	    "--stick", "A", (char *)NULL), 0);
	must_contain(out, "1 result collected from stick");
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, "C9-", 3) == 0)
			bundle = fixture_path(dir, de->d_name);
	closedir(d);
	assert_non_null(bundle);
	assert_int_equal(bundle_verify(bundle, &w->centre_pk, NULL, &m, err),
	    BUNDLE_OK);
	assert_int_equal(m.nresults, 1);
	bundle_manifest_free(&m);

	free(write_conf(w, "[reloader]\ncentre_id = C9\ncolour = red\n"));
	assert_int_equal(run(out, sizeof out, "--config", conf, "status",
	    (char *)NULL), 2);
	must_contain(out, "reloader.conf:3: colour: unknown key");
	free(write_conf(w, "[reloader]\ncentre_id = C 9\n"));
	assert_int_equal(run(out, sizeof out, "--config", conf, "status",
	    (char *)NULL), 2);
	must_contain(out, "reloader.conf:2: centre_id: \"C 9\" is"
	    " invalid");
	free(write_conf(w, "centre_id = C9\n"));
	assert_int_equal(run(out, sizeof out, "--config", conf, "status",
	    (char *)NULL), 2);
	must_contain(out, "reloader.conf:1: centre_id is outside the"
	    " [reloader] section");
	free(write_conf(w, "[reloader]\nthis line has no equals sign\n"));
	assert_int_equal(run(out, sizeof out, "--config", conf, "status",
	    (char *)NULL), 2);
	must_contain(out, "reloader.conf:2: the line is neither");
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(abs);
	free(bundle);
	free(dir);
	free(conf);
	stick_release(&a);
	world_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collect_verifies_and_keeps_failures),
		cmocka_unit_test(collect_rejects_replay_and_strangers),
		cmocka_unit_test(collect_write_failure_marks_nothing),
		cmocka_unit_test(reloader_conf_sets_defaults),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
