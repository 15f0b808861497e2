/*
 * Hostile zip packages, written here with libarchive: entries that leave
 * the package, absolute paths, symbolic links, duplicates, encrypted
 * entries, too many entries, and zip bombs with honest and with lying
 * headers.  Each must
 * be rejected before any file is used, with bounded memory, and with
 * nothing written to disk.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "pkg.h"
#include "pkg_fixtures.h"

#define BOMB_MB		200

static struct pkg_test *
open_zip(const char *path)
{
	char err[ERR_LEN];
	struct pkg_test *t;

	t = pkg_open(path, NULL, err);
	if (t == NULL)
		print_message("%s: %s\n", path, err);
	assert_non_null(t);
	return (t);
}

static void
expect_rejected(struct pkg_test *t, const char *want)
{
	size_t i;
	int found = 0;

	assert_false(pkg_deliverable(t));
	for (i = 0; i < t->problems.n; i++)
		if (strstr(t->problems.lines[i], want) != NULL)
			found = 1;
	if (!found) {
		print_message("wanted a problem containing: %s\n", want);
		for (i = 0; i < t->problems.n; i++)
			print_message("  got: %s\n", t->problems.lines[i]);
	}
	assert_true(found);
	/* Nothing of a rejected archive is parsed. */
	assert_int_equal(t->nitems, 0);
}

/* The names in the current folder, sorted, one per line. */
static char *
folder_listing(void)
{
	struct dirent **list;
	char *out = strdup(""), *more;
	int i, n;

	n = scandir(".", &list, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (asprintf(&more, "%s%s\n", out, list[i]->d_name) < 0)
			abort();
		free(out);
		out = more;
		free(list[i]);
	}
	free(list);
	return (out);
}

static void
build_with(const char *path, const struct fix_entry *bad)
{
	const char *items[] = { "item.xml" };
	char *manifest = fix_manifest(NULL, items, 1);
	char *item = fix_item("a", FIX_CHOICE);
	struct fix_entry e[3] = {
		{ "imsmanifest.xml", manifest, NULL },
		{ "item.xml", item, NULL },
		*bad
	};

	fix_zip(path, e, 3);
	free(manifest);
	free(item);
}

static void
test_dotdot_entry(void **state)
{
	static const struct fix_entry bad[] = {
		{ "../evil.xml", "<a/>", NULL },
		{ "items/../../evil.xml", "<a/>", NULL },
		{ "..\\evil.xml", "<a/>", NULL },
		{ "..", NULL, NULL },
	};
	struct pkg_test *t;
	char *before, *after;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		build_with("dotdot.zip", &bad[i]);
		before = folder_listing();
		t = open_zip("dotdot.zip");
		expect_rejected(t, "goes outside the package; the package is"
		    " rejected");
		pkg_free(t);
		after = folder_listing();
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
}

static void
test_absolute_entry(void **state)
{
	static const struct fix_entry bad[] = {
		{ "/etc/evil.xml", "<a/>", NULL },
		{ "C:/evil.xml", "<a/>", NULL },
		{ "\\\\server\\evil.xml", "<a/>", NULL },
	};
	struct pkg_test *t;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		build_with("absolute.zip", &bad[i]);
		t = open_zip("absolute.zip");
		expect_rejected(t, "is an absolute path");
		pkg_free(t);
	}
}

static void
test_symlink_entry(void **state)
{
	static const struct fix_entry link = { "item2.xml", NULL,
	    "/etc/passwd" };
	struct pkg_test *t;

	build_with("link.zip", &link);
	t = open_zip("link.zip");
	expect_rejected(t, "entry 'item2.xml' is a symbolic link");
	pkg_free(t);
}

static void
test_duplicate_entry(void **state)
{
	static const struct fix_entry dup = { "./item.xml", "<a/>", NULL };
	struct pkg_test *t;

	build_with("dup.zip", &dup);
	t = open_zip("dup.zip");
	expect_rejected(t, "entry 'item.xml' appears twice");
	pkg_free(t);
}

/* Every bad entry is listed, not only the first. */
static void
test_every_bad_entry_listed(void **state)
{
	static const struct fix_entry e[] = {
		{ "../a.xml", "<a/>", NULL },
		{ "/b.xml", "<a/>", NULL },
		{ "c.xml", NULL, "../../x" },
	};
	struct pkg_test *t;

	fix_zip("many.zip", e, 3);
	t = open_zip("many.zip");
	assert_int_equal(t->problems.n, 3);
	assert_int_equal(t->package_problems.n, 3);
	pkg_free(t);
}

static void
test_too_many_entries(void **state)
{
	struct archive *a = fix_zip_open("entries.zip");
	struct fix_entry f = { NULL, "", NULL };
	char name[32];
	struct pkg_test *t;
	size_t i;

	for (i = 0; i <= pkg_default_limits.max_entries; i++) {
		snprintf(name, sizeof name, "f%zu.txt", i);
		f.name = name;
		fix_zip_add(a, &f);
	}
	fix_zip_close(a);
	t = open_zip("entries.zip");
	expect_rejected(t, "more than 10000 entries");
	pkg_free(t);
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return (ru.ru_maxrss);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* BOMB_MB MB of zeros as bomb.xml, after a valid manifest. */
static void
write_bomb(const char *path)
{
	const char *items[] = { "bomb.xml" };
	char *manifest = fix_manifest(NULL, items, 1);
	struct archive_entry *e;
	struct archive *a;
	static char zeros[1024 * 1024];
	int i;

	a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression-level=1");
	if (archive_write_open_filename(a, path) != ARCHIVE_OK)
		abort();
	fix_zip_add(a, &(struct fix_entry){ "imsmanifest.xml", manifest,
	    NULL });
	e = archive_entry_new();
	archive_entry_set_pathname(e, "bomb.xml");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)BOMB_MB * sizeof zeros);
	archive_write_header(a, e);
	for (i = 0; i < BOMB_MB; i++)
		archive_write_data(a, zeros, sizeof zeros);
	archive_entry_free(e);
	fix_zip_close(a);
	free(manifest);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
}

/* Make every header of bomb.xml claim 1000 bytes instead of 200 MB. */
static void
patch_sizes(const char *path)
{
	const unsigned char local[] = "PK\3\4", central[] = "PK\1\2";
	const unsigned char desc[] = "PK\7\10";
	unsigned char *buf, *p;
	size_t len, i, patched = 0;
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	buf = malloc(len);
	assert_int_equal(fread(buf, 1, len, f), len);
	for (i = 0; i + 46 < len; i++) {
		p = buf + i;
		if (memcmp(p, local, 4) == 0 &&
		    memcmp(p + 30, "bomb", 4) == 0) {
			put32(p + 22, 1000);
			patched++;
		} else if (memcmp(p, central, 4) == 0 &&
		    memcmp(p + 46, "bomb", 4) == 0) {
			put32(p + 24, 1000);
			patched++;
		} else if (memcmp(p, desc, 4) == 0 && i > len / 2) {
			put32(p + 12, 1000);
			patched++;
		}
	}
	assert_int_equal(patched, 3);
	rewind(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(buf);
}

static void
test_bomb_honest_header(void **state)
{
	struct pkg_test *t;
	double start;

	write_bomb("bomb.zip");
	start = now_s();
	t = open_zip("bomb.zip");
	expect_rejected(t, "entry 'bomb.xml' is 209715200 bytes, more than"
	    " the limit");
	pkg_free(t);
	assert_true(now_s() - start < 1.0);
}

static void
test_bomb_lying_header(void **state)
{
	struct pkg_test *t;
	long before;
	double start;

	write_bomb("liar.zip");
	patch_sizes("liar.zip");
	before = max_rss_kb();
	start = now_s();
	t = open_zip("liar.zip");
	expect_rejected(t, "bomb.xml: compressed more than 200 to 1");
	pkg_free(t);
	/* Stopped after a few MB, far from the 200 MB that the entry holds. */
	assert_true(now_s() - start < 2.0);
	assert_true(max_rss_kb() - before < 32 * 1024);
}

/* With the ratio cap lifted, the entry cap stops the same bomb. */
static void
test_bomb_entry_cap(void **state)
{
	struct pkg_limits lim = pkg_default_limits;
	char err[ERR_LEN];
	struct pkg_test *t;

	write_bomb("liar2.zip");
	patch_sizes("liar2.zip");
	lim.max_ratio = 1u << 30;
	lim.max_entry_bytes = 8 * 1024 * 1024;
	t = pkg_open("liar2.zip", &lim, err);
	assert_non_null(t);
	expect_rejected(t, "bomb.xml: decompresses to more than the limit of"
	    " 8388608 bytes");
	pkg_free(t);

	lim.max_entry_bytes = pkg_default_limits.max_entry_bytes;
	lim.max_total_bytes = 4 * 1024 * 1024;
	t = pkg_open("liar2.zip", &lim, err);
	assert_non_null(t);
	expect_rejected(t, "the package decompresses to more than the limit"
	    " of 4194304 bytes");
	pkg_free(t);
}

static void
test_encrypted_entry(void **state)
{
	const char *items[] = { "item.xml" };
	char *manifest = fix_manifest(NULL, items, 1);
	char *item = fix_item("a", FIX_CHOICE);
	struct pkg_test *t;
	struct archive *a;

	a = archive_write_new();
	archive_write_set_format_zip(a);
	assert_int_equal(archive_write_set_options(a,
	    "zip:encryption=zipcrypt"), ARCHIVE_OK);
	assert_int_equal(archive_write_set_passphrase(a, "secret"),
	    ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, "enc.zip"),
	    ARCHIVE_OK);
	fix_zip_add(a, &(struct fix_entry){ "imsmanifest.xml", manifest,
	    NULL });
	fix_zip_add(a, &(struct fix_entry){ "item.xml", item, NULL });
	fix_zip_close(a);
	t = open_zip("enc.zip");
	expect_rejected(t, "entry 'imsmanifest.xml' is encrypted");
	pkg_free(t);
	free(manifest);
	free(item);
}

static void
test_not_a_zip(void **state)
{
	struct pkg_test *t;
	FILE *f = fopen("junk.zip", "wb");

	assert_non_null(f);
	fputs("PK\3\4 this is not really a zip", f);
	fclose(f);
	t = open_zip("junk.zip");
	expect_rejected(t, "junk.zip: not a readable zip archive");
	pkg_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dotdot_entry),
		cmocka_unit_test(test_absolute_entry),
		cmocka_unit_test(test_symlink_entry),
		cmocka_unit_test(test_duplicate_entry),
		cmocka_unit_test(test_every_bad_entry_listed),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_bomb_honest_header),
		cmocka_unit_test(test_bomb_lying_header),
		cmocka_unit_test(test_bomb_entry_cap),
		cmocka_unit_test(test_encrypted_entry),
		cmocka_unit_test(test_not_a_zip),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
