/*
 * Zip packages through libarchive, read into memory only.  The scan
 * checks every entry before anything is used.  Names must stay inside the
 * package, and only files and folders are allowed.  The caps on entry
 * count, sizes and compression ratio stop an entry the moment it passes
 * them, whatever its header claims.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>

#include "pkg_private.h"

/* Bytes requested per archive_read_data call. */
#define READ_CHUNK	(64 * 1024)

static struct archive *
zip_open(struct pkg_source *src, char *err)
{
	struct archive *a = archive_read_new();
	int r;

	if (a == NULL)
		return (errf(err, "out of memory"), NULL);
	/* The seekable reader trusts only the central directory, so local
	 * headers cannot smuggle in entries that the directory lacks. */
	archive_read_support_format_zip_seekable(a);
	if (src->kind == PKG_SRC_ZIP_MEMORY)
		r = archive_read_open_memory(a, src->buf, src->len);
	else
		r = archive_read_open_filename(a, src->path, READ_CHUNK);
	if (r != ARCHIVE_OK) {
		errf(err, "not a readable zip archive: %s",
		    archive_error_string(a));
		archive_read_free(a);
		return (NULL);
	}
	return (a);
}

static const char *
entry_name(struct archive_entry *e)
{
	const char *name = archive_entry_pathname_utf8(e);

	return (name != NULL ? name : archive_entry_pathname(e));
}

static int
ends_with_xml(const char *name)
{
	size_t n = strlen(name);

	return (n >= 4 && strcasecmp(name + n - 4, ".xml") == 0);
}

/* Checks on the header alone; returns the reason to reject, or NULL. */
static const char *
entry_check(struct archive_entry *e)
{
	mode_t type = archive_entry_filetype(e);

	if (archive_entry_symlink(e) != NULL || type == AE_IFLNK)
		return ("is a symbolic link");
	if (archive_entry_hardlink(e) != NULL)
		return ("is a hard link");
	if (type != AE_IFREG && type != AE_IFDIR)
		return ("is not a regular file or folder");
	if (archive_entry_is_encrypted(e))
		return ("is encrypted");
	return (NULL);
}

/* Read the data of the current entry with every cap applied. */
static int
entry_read(struct archive *a, struct pkg_source *src, struct pkg_file *f,
    char *err)
{
	const struct pkg_limits *lim = &src->limits;
	size_t cap, len = 0;
	int64_t start, used;
	ssize_t n;
	char *buf;

	start = archive_filter_bytes(a, -1);
	cap = f->declared > 0 && (uint64_t)f->declared < lim->max_entry_bytes ?
	    (size_t)f->declared + 1 : READ_CHUNK;
	buf = xmalloc(cap);
	for (;;) {
		/* A header that lies about the size only makes this grow. */
		if (len + 1 == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = archive_read_data(a, buf + len, cap - len - 1);
		if (n < 0) {
			errf(err, "%s: %s", f->name, archive_error_string(a));
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		used = archive_filter_bytes(a, -1) - start;
		if (len > lim->max_entry_bytes) {
			errf(err, "%s: decompresses to more than the limit of"
			    " %zu bytes for one file", f->name,
			    lim->max_entry_bytes);
			goto fail;
		}
		if (src->total + len > lim->max_total_bytes) {
			errf(err, "%s: the package decompresses to more than"
			    " the limit of %zu bytes", f->name,
			    lim->max_total_bytes);
			goto fail;
		}
		if (len > PKG_RATIO_FLOOR &&
		    len / (uint64_t)(used > 0 ? used : 1) > lim->max_ratio) {
			errf(err, "%s: compressed more than %u to 1, which"
			    " only a zip bomb does", f->name, lim->max_ratio);
			goto fail;
		}
	}
	/* A header that claimed more than the data holds left spare room. */
	if (cap > len + 1 + READ_CHUNK)
		buf = xrealloc(buf, len + 1);
	buf[len] = '\0';
	f->data = buf;
	f->len = len;
	f->loaded = 1;
	src->total += len;
	return (0);
fail:
	free(buf);
	return (-1);
}

static struct pkg_file *
file_add(struct pkg_source *src, char *name, struct archive_entry *e)
{
	struct pkg_file *f;

	if (src->nfiles == src->cap) {
		src->cap = src->cap ? src->cap * 2 : 16;
		src->files = xrealloc(src->files,
		    src->cap * sizeof *src->files);
	}
	f = &src->files[src->nfiles];
	memset(f, 0, sizeof *f);
	f->name = name;
	f->declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	f->is_dir = archive_entry_filetype(e) == AE_IFDIR;
	if (xmlHashAddEntry(src->index, (xmlChar *)name,
	    (void *)(uintptr_t)(src->nfiles + 1)) != 0)
		return (NULL);
	src->nfiles++;
	return (f);
}

/* Declared sizes bound the package before any data is decompressed. */
static int
size_check(struct pkg_source *src, struct pkg_file *f, uint64_t *declared)
{
	const struct pkg_limits *lim = &src->limits;

	if (f->declared < 0 || (uint64_t)f->declared > lim->max_entry_bytes) {
		problems_add(src->problems, "%s: entry '%s' is %lld bytes, more"
		    " than the limit of %zu bytes for one file", src->label,
		    f->name, (long long)f->declared, lim->max_entry_bytes);
		return (-1);
	}
	*declared += (uint64_t)f->declared;
	if (*declared > lim->max_total_bytes) {
		problems_add(src->problems, "%s: the entries add up to more"
		    " than the limit of %zu bytes", src->label,
		    lim->max_total_bytes);
		return (-1);
	}
	return (0);
}

/*
 * One entry of the scan.  Returns 0 to go on, 1 when the entry is bad
 * but the scan can list more, -1 when it must stop.
 */
static int
scan_entry(struct archive *a, struct archive_entry *e,
    struct pkg_source *src, uint64_t *declared)
{
	const char *raw = entry_name(e), *reason;
	char err[ERR_LEN], *name;
	struct pkg_file *f;

	if (raw == NULL) {
		problems_add(src->problems, "%s: an entry has a name that"
		    " cannot be read", src->label);
		return (1);
	}
	if ((reason = entry_check(e)) != NULL ||
	    (name = pkg_path_clean(raw, &reason)) == NULL) {
		problems_add(src->problems, "%s: entry '%s' %s; the package is"
		    " rejected", src->label, raw, reason);
		return (1);
	}
	if ((f = file_add(src, name, e)) == NULL) {
		problems_add(src->problems, "%s: entry '%s' appears twice",
		    src->label, name);
		free(name);
		return (1);
	}
	if (size_check(src, f, declared) == -1)
		return (-1);
	if (f->is_dir || !ends_with_xml(name))
		return (0);
	if (entry_read(a, src, f, err) == -1) {
		problems_add(src->problems, "%s: %s", src->label, err);
		return (-1);
	}
	return (0);
}

int
pkg_zip_scan(struct pkg_source *src)
{
	struct archive_entry *e;
	struct archive *a;
	char err[ERR_LEN];
	uint64_t declared = 0;
	size_t count = 0;
	int r, bad = 0, status = 0;

	if ((a = zip_open(src, err)) == NULL) {
		problems_add(src->problems, "%s: %s", src->label, err);
		return (-1);
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		if (++count > src->limits.max_entries) {
			problems_add(src->problems, "%s: more than %zu entries",
			    src->label, src->limits.max_entries);
			bad = 1;
			break;
		}
		if ((status = scan_entry(a, e, src, &declared)) != 0)
			bad = 1;
		if (status == -1)
			break;
	}
	if (status != -1 && !bad && r != ARCHIVE_EOF) {
		problems_add(src->problems, "%s: not a readable zip archive:"
		    " %s", src->label, archive_error_string(a));
		bad = 1;
	}
	archive_read_free(a);
	return (bad ? -1 : 0);
}

int
pkg_zip_load(struct pkg_source *src, struct pkg_file *f, char *err)
{
	struct archive_entry *e;
	struct archive *a;
	const char *reason;
	char *name;
	int r, found;

	if ((a = zip_open(src, err)) == NULL)
		return (-1);
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	    r == ARCHIVE_WARN) {
		if (entry_name(e) == NULL ||
		    (name = pkg_path_clean(entry_name(e), &reason)) == NULL)
			continue;
		found = strcmp(name, f->name) == 0;
		free(name);
		if (!found)
			continue;
		r = entry_read(a, src, f, err);
		archive_read_free(a);
		return (r);
	}
	archive_read_free(a);
	return (errf(err, "'%s' is not in the package", f->name));
}
