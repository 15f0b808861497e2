/*
 * Fuzz target for result bundles, which the awarding body receives from
 * centres: bundle_verify with extraction into a folder under $TMPDIR.
 * Input: the manifest text, optionally a NUL and the tar entries that
 * follow the manifest and its signature in a bundle.
 *
 * The tail alone is verified as a bundle, which exercises the tar reader
 * and the manifest checks.  Then the harness writes the manifest and its
 * signature by the fuzz key as the first two tar entries, the way
 * bundle_write does, and appends the tail.  Verifying that lets mutated
 * manifests and files reach the parser and the extraction behind the
 * signature.  A file that extraction writes outside its folder fails
 * the run.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "bundle.h"
#include "harness.h"

#define TAR_END		1024	/* two zero blocks end a tar */

static char *root;
static char *extract_dir;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	root = fuzz_tempdir("bundle");
	if (asprintf(&extract_dir, "%s/extract", root) < 0)
		abort();
	return (0);
}

struct out {
	unsigned char	*p;
	size_t		 len;
};

static la_ssize_t
out_write(struct archive *a, void *arg, const void *data, size_t n)
{
	struct out *o = arg;

	o->p = xrealloc(o->p, o->len + n);
	memcpy(o->p + o->len, data, n);
	o->len += n;
	return ((la_ssize_t)n);
}

static void
add_entry(struct archive *a, const char *name, const void *data, size_t len)
{
	struct archive_entry *ae = archive_entry_new();

	archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0644);
	archive_entry_set_size(ae, (la_int64_t)len);
	if (archive_write_header(a, ae) != ARCHIVE_OK ||
	    (len > 0 && archive_write_data(a, data, len) != (la_ssize_t)len))
		abort();
	archive_entry_free(ae);
}

/* The decoded value of the manifest line "KEY VALUE", or "". */
static char *
manifest_value(const char *text, size_t len, const char *key)
{
	const char *p = text, *end = text + len, *nl;
	size_t klen = strlen(key);
	char *raw, *value;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) > klen && memcmp(p, key, klen) == 0 &&
		    p[klen] == ' ') {
			raw = fuzz_strndup(p + klen + 1,
			    (size_t)(nl - p) - klen - 1);
			value = util_pct_decode(raw, NULL);
			free(raw);
			return (value != NULL ? value : xstrdup(""));
		}
	}
	return (xstrdup(""));
}

/* The manifest and its signature as tar entries, without the end. */
static void
signed_head(const char *text, size_t len, struct out *o)
{
	char *centre = manifest_value(text, len, "centre");
	char *created = manifest_value(text, len, "created");
	char *comment, *sig, err[ERR_LEN];
	struct archive *a = archive_write_new();

	if (asprintf(&comment, "examstick bundle %s %s", centre,
	    created) < 0)
		abort();
	if (sig_sign(fuzz_seckey(), text, len, comment, &sig, err) == -1)
		sig = xstrdup("");
	archive_write_set_format_ustar(a);
	archive_write_set_bytes_per_block(a, 0);
	if (archive_write_open2(a, o, NULL, out_write, NULL, NULL) !=
	    ARCHIVE_OK)
		abort();
	add_entry(a, BUNDLE_MANIFEST, text, len);
	add_entry(a, BUNDLE_SIGNATURE, sig, strlen(sig));
	if (archive_write_close(a) != ARCHIVE_OK || o->len < TAR_END)
		abort();
	archive_write_free(a);
	o->len -= TAR_END;
	free(sig);
	free(comment);
	free(centre);
	free(created);
}

static void
verify(const void *tar, size_t len, const char *dir)
{
	struct bundle_manifest m;
	char err[ERR_LEN];

	if (bundle_verify(fuzz_memfile(0, tar, len), fuzz_pubkey(), dir, &m,
	    err) == BUNDLE_OK)
		bundle_manifest_free(&m);
}

/* Fail if extraction left anything in root beside its folder. */
static void
check_root(void)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(root)) == NULL)
		abort();
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, "extract") == 0)
			continue;
		fprintf(stderr, "fuzz_bundle: extraction wrote %s/%s\n",
		    root, de->d_name);
		abort();
	}
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *text, *tail;
	size_t text_len, tail_len;
	struct out o = { NULL, 0 };

	fuzz_split(data, size, &text, &text_len, &tail, &tail_len);
	if (tail != NULL)
		verify(tail, tail_len, NULL);
	else
		verify(data, size, NULL);

	signed_head((const char *)text, text_len, &o);
	o.p = xrealloc(o.p, o.len + tail_len + 1);
	if (tail_len > 0)
		memcpy(o.p + o.len, tail, tail_len);
	verify(o.p, o.len + tail_len, extract_dir);
	check_root();
	fuzz_rmtree(extract_dir);
	free(o.p);
	return (0);
}
