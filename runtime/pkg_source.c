/*
 * The files of a package: a table of names that a zip's directory or a
 * folder fills, the reading of a file by name, and the path rules that
 * keep every name inside the package.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/uri.h>

#include "pkg_private.h"

void
pkg_source_init(struct pkg_source *src, enum pkg_source_kind kind,
    const char *label, const struct pkg_limits *limits,
    struct problems *problems)
{
	memset(src, 0, sizeof *src);
	src->kind = kind;
	src->label = label;
	src->limits = *limits;
	src->problems = problems;
	src->index = xmlHashCreate(0);
}

void
pkg_source_free(struct pkg_source *src)
{
	size_t i;

	for (i = 0; i < src->nfiles; i++) {
		free(src->files[i].name);
		free(src->files[i].data);
	}
	free(src->files);
	xmlHashFree(src->index, NULL);
	memset(src, 0, sizeof *src);
}

/* Split path into parts, dropping empty and "." parts and applying "..". */
static char *
path_join_parts(char *copy, const char **reason)
{
	char *out = xmalloc(strlen(copy) + 1), *part, *save = NULL, *slash;
	size_t len = 0;

	out[0] = '\0';
	for (part = strtok_r(copy, "/", &save); part != NULL;
	    part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") != 0) {
			len += (size_t)sprintf(out + len, "%s%s",
			    len > 0 ? "/" : "", part);
			continue;
		}
		if (len == 0) {
			free(out);
			*reason = "goes outside the package";
			return (NULL);
		}
		slash = strrchr(out, '/');
		len = slash != NULL ? (size_t)(slash - out) : 0;
		out[len] = '\0';
	}
	if (len == 0) {
		free(out);
		*reason = "is an empty name";
		return (NULL);
	}
	return (out);
}

char *
pkg_path_clean(const char *path, const char **reason)
{
	char *copy, *p, *out;

	if (path[0] == '/' || path[0] == '\\' ||
	    (isalpha((unsigned char)path[0]) && path[1] == ':')) {
		*reason = "is an absolute path";
		return (NULL);
	}
	copy = xstrdup(path);
	for (p = copy; *p != '\0'; p++)
		if (*p == '\\')
			*p = '/';
	out = path_join_parts(copy, reason);
	free(copy);
	return (out);
}

/* A URI scheme ("http:", "file:") before any '/': not a package path. */
static int
has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return (0);
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return (*p == ':' && p - s > 1);
}

char *
pkg_path_resolve(const char *base, const char *href, const char **reason)
{
	char *decoded, *joined, *out, *cut;
	const char *slash;

	if (has_scheme(href)) {
		*reason = "is a URL, not a file in the package";
		return (NULL);
	}
	decoded = xmlURIUnescapeString(href, 0, NULL);
	if (decoded == NULL) {
		*reason = "is not a valid URI reference";
		return (NULL);
	}
	if ((cut = strpbrk(decoded, "#?")) != NULL)
		*cut = '\0';
	if (decoded[0] == '/' || decoded[0] == '\\') {
		xmlFree(decoded);
		*reason = "is an absolute path";
		return (NULL);
	}
	slash = base != NULL ? strrchr(base, '/') : NULL;
	if (slash != NULL)
		xasprintf(&joined, "%.*s/%s", (int)(slash - base), base,
		    decoded);
	else
		joined = xstrdup(decoded);
	xmlFree(decoded);
	out = pkg_path_clean(joined, reason);
	free(joined);
	return (out);
}

static struct pkg_file *
file_lookup(struct pkg_source *src, const char *name)
{
	uintptr_t i = (uintptr_t)xmlHashLookup(src->index,
	    (const xmlChar *)name);

	return (i == 0 ? NULL : &src->files[i - 1]);
}

/* A folder source reads a file once, with the entry cap as its limit. */
static struct pkg_file *
folder_file(struct pkg_source *src, const char *name, char *err)
{
	struct pkg_file *f;
	char *path, *data;
	size_t len;

	path = util_path_join(src->path, name);
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		free(path);
		return (errf(err, "'%s' is not in the folder", name), NULL);
	}
	if (util_read_file(path, src->limits.max_entry_bytes, &data, &len,
	    err) == -1) {
		free(path);
		return (NULL);
	}
	free(path);
	if (src->nfiles == src->cap) {
		src->cap = src->cap ? src->cap * 2 : 16;
		src->files = xrealloc(src->files,
		    src->cap * sizeof *src->files);
	}
	f = &src->files[src->nfiles++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->data = data;
	f->len = len;
	f->loaded = 1;
	xmlHashAddEntry(src->index, (xmlChar *)f->name,
	    (void *)(uintptr_t)src->nfiles);
	return (f);
}

const struct pkg_file *
pkg_source_get(struct pkg_source *src, const char *name, char *err)
{
	struct pkg_file *f = file_lookup(src, name);

	if (src->kind == PKG_SRC_FOLDER)
		return (f != NULL ? f : folder_file(src, name, err));
	if (f == NULL || f->is_dir)
		return (errf(err, "'%s' is not in the package", name), NULL);
	if (!f->loaded && pkg_zip_load(src, f, err) == -1)
		return (NULL);
	return (f);
}

int
pkg_source_exists(struct pkg_source *src, const char *name)
{
	struct stat st;
	char *path;
	int ok;

	if (src->kind != PKG_SRC_FOLDER)
		return (file_lookup(src, name) != NULL);
	path = util_path_join(src->path, name);
	ok = stat(path, &st) == 0;
	free(path);
	return (ok);
}
