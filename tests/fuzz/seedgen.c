/*
 * Write seed inputs for the fuzz targets, made from the unit tests'
 * fixtures and signed or sealed with the fuzz key, so that the seeds get
 * past every signature check.  With a QTI corpus folder, also write its
 * item files and the XML files inside its zips as qti_item and rp seeds.
 *
 *	seedgen OUTDIR [CORPUS]
 *
 * Each target's seeds go to OUTDIR/TARGET/, which must exist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>

#include "bundle.h"
#include "harness.h"
#include "pkg_fixtures.h"
#include "register.h"
#include "seal_fixtures.h"
#include "token.h"
#include "approval.h"
#include "trust_stick.h"

#define CORPUS_ENTRY_MAX	(1024 * 1024)

static const char *outdir;

/* Write OUTDIR/TARGET/NAME from one or two parts joined by a NUL. */
static void
seed(const char *target, const char *name, const void *a, size_t alen,
    const void *b, size_t blen)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s/%s", outdir, target, name) < 0)
		abort();
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	fwrite(a, 1, alen, f);
	if (b != NULL) {
		fputc('\0', f);
		fwrite(b, 1, blen, f);
	}
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	free(path);
}

static void
seed_text(const char *target, const char *name, const char *text)
{
	seed(target, name, text, strlen(text), NULL, 0);
}

static void
items(void)
{
	char *xml = fix_item("choice", FIX_CHOICE);

	seed_text("qti_item", "fixture-choice.xml", xml);
	seed_text("qti_item", "fixture-q1.xml", fx_q1);
	seed_text("qti_item", "fixture-q2.xml", fx_q2);
	seed_text("pkg", "fixture-q1.xml", fx_q1);
	seed_text("pkg", "fixture-test.xml", fx_test);
	seed("rp", "fixture-q1-b.xml", fx_q1, strlen(fx_q1), "RESPONSE=B",
	    10);
	seed("rp", "fixture-q1-c.xml", fx_q1, strlen(fx_q1), "RESPONSE=C",
	    10);
	seed("rp", "fixture-q2.xml", fx_q2, strlen(fx_q2), "RESPONSE=4", 10);
	free(xml);
}

/* Zip files with the pkg_fixtures helpers and keep it as a seed. */
static void
pkg_zip_seed(const char *dir, const char *name, const struct fix_entry *e,
    size_t n)
{
	char *path = fixture_path(dir, name), *data;
	size_t len;

	fix_zip(path, e, n);
	data = fixture_read(path, &len);
	seed("pkg", name, data, len, NULL, 0);
	free(data);
	free(path);
}

static void
packages(const char *dir)
{
	const char *names[] = { "a.xml", "b.xml" };
	char *a = fix_item("a", FIX_CHOICE), *b = fix_item("b", FIX_CHOICE);
	char *loose = fix_manifest(NULL, names, 2);
	struct fix_entry e[] = {
		{ "imsmanifest.xml", loose, NULL },
		{ "a.xml", a, NULL },
		{ "b.xml", b, NULL },
		{ "media/", NULL, NULL },
		{ "link.xml", NULL, "a.xml" },
	};
	unsigned char *zip;
	size_t len;

	pkg_zip_seed(dir, "items.zip", e, 3);
	pkg_zip_seed(dir, "folder-and-link.zip", e, 5);
	zip = fx_zip(fx_files, FX_NFILES, &len);
	seed("pkg", "fixture-test.zip", zip, len, NULL, 0);
	free(zip);
	free(loose);
	free(a);
	free(b);
}

/* Seal zip under the fixture manifest, as practice when practice is set. */
static void
sealed(const unsigned char *zip, size_t len, int practice, const char *name)
{
	struct seal_manifest m;
	struct seal_write_args wa;
	unsigned char *pkg;
	char err[ERR_LEN], *text;
	size_t pkg_len;

	fx_manifest_for(&m, zip, len, practice);
	wa = (struct seal_write_args){ &m, zip, len, fuzz_seckey(),
	    FUZZ_RELEASE_CODE, &fuzz_kdf };
	if (seal_write_buffer(&wa, &pkg, &pkg_len, err) != 0)
		fail_msg("seal_write_buffer: %s", err);
	seed("seal", name, pkg, pkg_len, NULL, 0);
	text = seal_manifest_format(&m);
	seed("seal_manifest", name, text, strlen(text), zip, len);
	free(text);
	free(pkg);
	seal_manifest_free(&m);
}

static void
seals(void)
{
	const struct seal_strip_args args = { "fixture-test", 3, "60%" };
	struct seal_stripped st;
	unsigned char *zip;
	char err[ERR_LEN];
	size_t len;

	zip = fx_zip(fx_files, FX_NFILES, &len);
	sealed(zip, len, 1, "practice.pkg");
	if (seal_strip(zip, len, &args, &st, err) != 0)
		fail_msg("seal_strip: %s", err);
	sealed(st.zip, st.zip_len, 0, "stripped.pkg");
	seal_stripped_free(&st);
	free(zip);
}

static void
sample_token(struct token *t, const char *candidate, int attempt,
    int64_t from, int scheme)
{
	memset(t, 0, sizeof *t);
	t->candidate = strdup(candidate);
	t->name = strdup("Ada Lovelace, \xc3\xa9l\xc3\xa8ve");
	t->dob = strdup("1990-12-10");
	t->centre = strdup("12345");
	t->test = strdup("unit-1");
	t->attempt = attempt;
	t->valid_from = from;
	t->valid_until = from + 30 * 86400 - 1;
	t->extra_pct = 25;
	t->rest_breaks = attempt % 2;
	t->has_scheme = scheme >= 0;
	t->scheme = scheme >= 0 ? (enum colour_scheme)scheme : SCHEME_DEFAULT;
}

static void
tokens(void)
{
	static const struct {
		const char	*candidate;
		int		 attempt;
		int64_t		 from;
		int		 scheme;
	} cases[] = {
		{ "C-1001", 1, FUZZ_NOW - 86400, SCHEME_HIGH_CONTRAST },
		{ "1002", 2, FUZZ_NOW - 86400, -1 },
		{ "1003", 1, FUZZ_NOW + 86400, SCHEME_MONOCHROME },
		{ "1004", 99, FUZZ_NOW - 90 * 86400, -1 },
	};
	char name[32], err[ERR_LEN], *text;
	struct token t;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sample_token(&t, cases[i].candidate, cases[i].attempt,
		    cases[i].from, cases[i].scheme);
		if (token_sign(&t, fuzz_seckey(), &text, err) != 0)
			fail_msg("token_sign: %s", err);
		snprintf(name, sizeof name, "%s.token", cases[i].candidate);
		seed_text("token", name, text);
		free(text);
		token_free(&t);
	}
}

/* A failing approval result and a record, signed by the fuzz key. */
static void
approvals(const char *dir)
{
	struct approval_record r = { 0 };
	struct approval a;
	char err[ERR_LEN], *path = NULL, *text = NULL, *rec;
	char *machines[] = { "lab-pc-1", "lab pc 2" };
	size_t i, len;

	memset(&a, 0, sizeof a);
	a.centre = "12345";
	sig_keyid_hex(fuzz_seckey()->keyid, a.stick);
	a.machine = "lab-pc-1";
	a.date = FUZZ_NOW;
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		a.checks[i].pass = i != APPROVAL_KEY_Z;
		a.checks[i].detail = i != APPROVAL_KEY_Z ? "seen" :
		    "not seen: skipped after 15 s";
	}
	if (approval_write(dir, &a, fuzz_seckey(), &path, err) != 0 ||
	    util_read_file(path, APPROVAL_MAX_BYTES, &text, &len, err) != 0)
		fail_msg("approval_write: %s", err);
	seed_text("approval", "lab-pc-1.approval", text);
	free(text);
	free(path);
	r.centre = "12345";
	r.approved = FUZZ_NOW;
	r.machines = machines;
	r.nmachines = 2;
	xasprintf(&rec, "%s/centre.approved", dir);
	if (approval_record_write(rec, &r, fuzz_seckey(), err) != 0 ||
	    util_read_file(rec, APPROVAL_MAX_BYTES, &text, &len, err) != 0)
		fail_msg("approval_record_write: %s", err);
	seed_text("approval", "centre.approved", text);
	free(text);
	free(rec);
}

static void
keys(const char *dir)
{
	static const char data[] = "examstick result 1\nid: fuzz\n";
	char *pub = fixture_path(dir, "k.pub"), *sec = fixture_path(dir,
	    "k.key"), *boxpub = fixture_path(dir, "box.pub"),
	    *boxsec = fixture_path(dir, "box.key"), *text, *sig, err[ERR_LEN];
	static const char other[] = "a token body\n";

	if (sig_sign(fuzz_seckey(), data, strlen(data), "examstick result"
	    " fuzz", &sig, err) != 0)
		fail_msg("sig_sign: %s", err);
	seed_text("sig", "result.minisig", sig);
	free(sig);
	if (sig_sign(fuzz_seckey(), other, strlen(other), "trusted", &sig,
	    err) != 0)
		fail_msg("sig_sign: %s", err);
	seed("sig", "other.minisig", sig, strlen(sig), other, strlen(other));
	free(sig);
	if (sig_keygen(pub, sec, NULL, "fuzz seed key", err) != 0 ||
	    seal_boxkey_generate(boxpub, boxsec, "fuzz", &fuzz_kdf, err) != 0)
		fail_msg("key generation: %s", err);
	text = fixture_read(pub, NULL);
	seed_text("sig", "key.pub", text);
	free(text);
	text = fixture_read(sec, NULL);
	seed_text("sig", "key.key", text);
	free(text);
	text = fixture_read(boxpub, NULL);
	seed_text("sig", "box.pub", text);
	free(text);
	free(pub);
	free(sec);
	free(boxpub);
	free(boxsec);
}

/* A stick folder whose key is the fuzz key. */
static void
fuzz_stick(struct stick *s, const char *root)
{
	const char *subs[] = { "", "/attempts", "/results", "/keys" };
	char *path;
	size_t i;

	memset(s, 0, sizeof *s);
	s->root = strdup(root);
	s->dir = fixture_path(root, "examstick");
	for (i = 0; i < 4; i++) {
		if (asprintf(&path, "%s%s", s->dir, subs[i]) < 0)
			abort();
		assert_int_equal(mkdir(path, 0755), 0);
		free(path);
	}
	s->pk = *fuzz_pubkey();
	s->sk = (struct sig_seckey *)fuzz_seckey();
	sig_keyid_hex(s->pk.keyid, s->id);
}

/* One finished attempt: its result and journal as seeds. */
static void
sat(struct stick *s, const char *candidate, const char *answer)
{
	char *rpath = stick_sit(s, candidate, answer), *jpath, *rel, *r, *j;
	char name[64];
	size_t rlen, jlen;

	if (asprintf(&rel, "attempts/%s-T1-1.journal", candidate) < 0)
		abort();
	jpath = stick_path(s, rel);
	r = fixture_read(rpath, &rlen);
	j = fixture_read(jpath, &jlen);
	snprintf(name, sizeof name, "%s.result", candidate);
	seed("result", name, r, rlen, j, jlen);
	snprintf(name, sizeof name, "%s.journal", candidate);
	seed("journal", name, j, jlen, NULL, 0);
	snprintf(name, sizeof name, "%s-torn.journal", candidate);
	seed("journal", name, j, jlen - 20, NULL, 0);
	free(r);
	free(j);
	free(rel);
	free(jpath);
	free(rpath);
}

/* An attempt left open, with pauses, rest breaks, extra time and flags. */
static void
unfinished(struct stick *s)
{
	static const char *ids[] = { "Q1", "Q2" };
	static char *choices[] = { "b", "a" };
	static const struct attempt_order orders[] = {
		{ "Q1", "RESPONSE", 2, choices },
	};
	const char *v[] = { "a", "b" };
	struct attempt_info info = {
		.id = "C7-T2-2", .centre = "12345", .candidate = "C7",
		.name = "Sam Lee", .test = "T2", .title = "Unit 2",
		.number = 2, .allowed_ms = 1800000, .machine = "pc-1",
		.items = ids, .nitems = 2, .orders = orders, .norders = 1,
		.rest_break_minutes = 10,
	};
	char *path = stick_path(s, "attempts/C7-T2-2.journal"), *j;
	char err[ERR_LEN];
	struct attempt *a;
	size_t len;

	info.stick = s->id;
	if ((a = attempt_start(path, &info, err)) == NULL)
		fail_msg("attempt_start: %s", err);
	assert_int_equal(attempt_show(a, 1, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 2, v, err), 0);
	assert_int_equal(attempt_flag(a, 0, 1, err), 0);
	assert_int_equal(attempt_pause(a, "fire alarm", err), 0);
	assert_int_equal(attempt_resume(a, err), 0);
	assert_int_equal(attempt_extend(a, 600000, err), 0);
	assert_int_equal(attempt_time(a, err), 0);
	assert_int_equal(attempt_break_start(a, err), 0);
	assert_int_equal(attempt_break_time(a, err), 0);
	assert_int_equal(attempt_break_end(a, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 0, v, err), 0);
	assert_int_equal(attempt_break_start(a, err), 0);
	attempt_free(a);
	j = fixture_read(path, &len);
	seed("journal", "unfinished.journal", j, len, NULL, 0);
	free(j);

	/* The same with answer values sealed to the fuzz key. */
	unlink(path);
	info.seal_key = fuzz_seckey();
	if ((a = attempt_start(path, &info, err)) == NULL)
		fail_msg("attempt_start: %s", err);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 2, v, err), 0);
	assert_int_equal(attempt_flag(a, 0, 1, err), 0);
	assert_int_equal(attempt_answer(a, "Q1", "RESPONSE", 0, v, err), 0);
	assert_int_equal(attempt_answer(a, "Q2", "RESPONSE", 1, v, err), 0);
	assert_int_equal(attempt_end(a, "submitted", err), 0);
	attempt_free(a);
	j = fixture_read(path, &len);
	seed("journal", "sealed.journal", j, len, NULL, 0);
	free(j);
	free(path);
}

static void
registers(const char *dir)
{
	struct reg_collected c = { "C100-T1-1", "", { 0 }, "b1.tar",
	    "2026-06-01T10:00:00Z" };
	char *path = fixture_path(dir, "sticks.register"), *text;
	char err[ERR_LEN];
	size_t len;

	sig_keyid_hex(fuzz_pubkey()->keyid, c.stick);
	memset(c.hash, 0xab, sizeof c.hash);
	if (register_add_stick(path, fuzz_pubkey(), "C 9", "EXAM 1",
	    err) != 0 || register_add_collected(path, &c, 1, err) != 0)
		fail_msg("register: %s", err);
	text = fixture_read(path, &len);
	seed("register", "sticks.register", text, len, NULL, 0);
	free(text);
	free(path);
}

/* Read the entry name of a tar in memory and set *out_len to its size. */
static char *
tar_entry(const char *tar, size_t len, const char *name, size_t *out_len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	char *out = NULL;
	la_int64_t size;

	archive_read_support_format_tar(a);
	assert_int_equal(archive_read_open_memory(a, tar, len), ARCHIVE_OK);
	while (out == NULL && archive_read_next_header(a, &ae) ==
	    ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(ae), name) != 0)
			continue;
		size = archive_entry_size(ae);
		out = malloc((size_t)size + 1);
		assert_int_equal(archive_read_data(a, out, (size_t)size),
		    size);
		*out_len = (size_t)size;
	}
	archive_read_free(a);
	assert_non_null(out);
	return (out);
}

/* The size of a tar entry's data, padded to whole 512-byte blocks. */
static size_t
tar_blocks(size_t len)
{
	return ((len + 511) / 512 * 512);
}

/*
 * A bundle of the attempts in the stick folder, signed with the fuzz
 * key, as the manifest, a NUL and the tar after the manifest and its
 * signature.
 */
static void
bundle(struct stick *s, const char *dir)
{
	const char *rel[] = { "results/C100-T1-1.result",
	    "results/C100-T1-1.result.minisig",
	    "attempts/C100-T1-1.journal" };
	struct bundle_file files[3];
	struct bundle_manifest m;
	char *data[3], *path, *tar, *manifest, *sig, err[ERR_LEN];
	size_t i, len, mlen, slen, head;

	memset(&m, 0, sizeof m);
	m.centre = strdup("C 9");
	memcpy(m.stick, s->id, 17);
	m.results = calloc(1, sizeof *m.results);
	m.results[0].attempt = strdup("C100-T1-1");
	memcpy(m.results[0].stick, s->id, 17);
	m.nresults = 1;
	for (i = 0; i < 3; i++) {
		path = stick_path(s, rel[i]);
		data[i] = fixture_read(path, &len);
		files[i] = (struct bundle_file){ rel[i],
		    (unsigned char *)data[i], len };
		free(path);
	}
	path = fixture_path(dir, "bundle.tar");
	if (bundle_write(path, &m, files, 3, fuzz_seckey(), err) != 0)
		fail_msg("bundle_write: %s", err);
	tar = fixture_read(path, &len);
	manifest = tar_entry(tar, len, BUNDLE_MANIFEST, &mlen);
	sig = tar_entry(tar, len, BUNDLE_SIGNATURE, &slen);
	head = 512 + tar_blocks(mlen) + 512 + tar_blocks(slen);
	seed("bundle", "bundle", manifest, mlen, tar + head, len - head);
	free(manifest);
	free(sig);
	free(tar);
	free(path);
	for (i = 0; i < 3; i++)
		free(data[i]);
	bundle_manifest_free(&m);
}

static void
attempts(const char *root)
{
	struct stick s;

	fuzz_stick(&s, root);
	sat(&s, "C100", "free text, 100% mine\nline 2");
	sat(&s, "C101", "");
	unfinished(&s);
	bundle(&s, root);
	free(s.root);
	free(s.dir);
}

/* Copy every XML file of a zip in the corpus as a qti_item and rp seed. */
static void
corpus_zip(const char *path, const char *base)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	char name[300], *buf;
	la_ssize_t n;
	size_t len, i = 0;

	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		archive_read_free(a);
		return;
	}
	buf = malloc(CORPUS_ENTRY_MAX);
	while (archive_read_next_header(a, &ae) == ARCHIVE_OK) {
		const char *entry = archive_entry_pathname(ae);

		if (entry == NULL || strlen(entry) < 4 ||
		    strcmp(entry + strlen(entry) - 4, ".xml") != 0 ||
		    strstr(entry, "imsmanifest") != NULL)
			continue;
		len = 0;
		while ((n = archive_read_data(a, buf + len,
		    CORPUS_ENTRY_MAX - len)) > 0)
			len += (size_t)n;
		if (n < 0 || len == CORPUS_ENTRY_MAX)
			continue;
		snprintf(name, sizeof name, "corpus-%s-%zu.xml", base, i++);
		seed("qti_item", name, buf, len, NULL, 0);
		seed("rp", name, buf, len, NULL, 0);
	}
	free(buf);
	archive_read_free(a);
}

static int
corpus_file(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	static size_t count;
	const char *base = path + ftw->base;
	size_t n = strlen(base), len;
	char name[300], *data;

	if (flag != FTW_F || n < 4 || st->st_size > CORPUS_ENTRY_MAX)
		return (0);
	if (strcmp(base + n - 4, ".zip") == 0)
		corpus_zip(path, base);
	else if (strcmp(base + n - 4, ".xml") == 0) {
		data = fixture_read(path, &len);
		snprintf(name, sizeof name, "corpus-%zu-%s", count++, base);
		seed("qti_item", name, data, len, NULL, 0);
		seed("rp", name, data, len, NULL, 0);
		free(data);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	char *dir;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: seedgen OUTDIR [CORPUS]\n");
		return (2);
	}
	outdir = argv[1];
	dir = fixture_dir();
	items();
	packages(dir);
	seals();
	tokens();
	approvals(dir);
	keys(dir);
	attempts(dir);
	registers(dir);
	if (argc == 3)
		nftw(argv[2], corpus_file, 16, FTW_PHYS);
	fixture_rmtree(dir);
	return (0);
}
