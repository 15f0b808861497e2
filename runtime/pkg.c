/*
 * Opening a test package: a zip content package, one item file, or a
 * loose assessmentTest or manifest with its files beside it.  Every
 * problem found goes into the test; a test with problems is never
 * delivered, so nothing is silently left out.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pkg_private.h"

const struct pkg_limits pkg_default_limits = {
	.max_entry_bytes = 64 * 1024 * 1024,
	.max_total_bytes = 512 * 1024 * 1024,
	.max_entries = 10000,
	.max_ratio = 200,
};

void
pkg_problem(struct pkg_test *t, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		abort();
	va_end(ap);
	problems_add(&t->problems, "%s", line);
	problems_add(&t->package_problems, "%s", line);
	free(line);
}

void
pkg_add_item(struct pkg_test *t, struct qti_item *item)
{
	size_t i, n = t->nitems;

	/* Items come one at a time: grow when n reaches a power of two. */
	if ((n & (n - 1)) == 0)
		t->items = xrealloc(t->items, (n ? 2 * n : 1) *
		    sizeof *t->items);
	t->items[t->nitems++] = item;
	for (i = 0; i < item->problems.n; i++)
		problems_add(&t->problems, "%s: %s", item->href,
		    item->problems.lines[i]);
	for (i = 0; i < item->warnings.n; i++)
		problems_add(&t->warnings, "%s: %s", item->href,
		    item->warnings.lines[i]);
}

struct pkg_section *
pkg_add_section(struct pkg_test *t, const char *id, const char *title)
{
	struct pkg_section *s;
	size_t n = t->nsections;

	if ((n & (n - 1)) == 0)
		t->sections = xrealloc(t->sections, (n ? 2 * n : 1) *
		    sizeof *t->sections);
	s = &t->sections[t->nsections++];
	memset(s, 0, sizeof *s);
	s->identifier = xstrdup(id != NULL ? id : "");
	s->title = title != NULL ? xstrdup(title) : NULL;
	s->first = t->nitems;
	return (s);
}

/* Read and parse one item file of the package; NULL after a problem. */
struct qti_item *
pkg_load_item(struct pkg_test *t, struct pkg_source *src, const char *path,
    const char *ref)
{
	const struct pkg_file *f;
	struct qti_item *item;
	char err[ERR_LEN];
	xmlDocPtr doc;

	if ((f = pkg_source_get(src, path, err)) == NULL && ref != NULL) {
		pkg_problem(t, "%s: assessmentItemRef '%s': %s", src->label,
		    ref, err);
		return (NULL);
	}
	if (f == NULL) {
		pkg_problem(t, "%s: %s", src->label, err);
		return (NULL);
	}
	if ((doc = qti_xml_read(f->data, f->len, path, err)) == NULL) {
		pkg_problem(t, "%s", err);
		return (NULL);
	}
	item = qti_item_from_doc(doc, path, err);
	xmlFreeDoc(doc);
	if (item == NULL) {
		pkg_problem(t, "%s", err);
		return (NULL);
	}
	if (ref != NULL) {
		free(item->identifier);
		item->identifier = xstrdup(ref);
	}
	return (item);
}

static void
load_single_item(struct pkg_test *t, xmlDocPtr doc, const char *name)
{
	struct pkg_section *s;
	struct qti_item *item;
	char err[ERR_LEN];

	if ((item = qti_item_from_doc(doc, name, err)) == NULL) {
		pkg_problem(t, "%s", err);
		return;
	}
	t->identifier = xstrdup(item->identifier);
	t->title = xstrdup(item->title);
	s = pkg_add_section(t, item->identifier, NULL);
	pkg_add_item(t, item);
	s->count = 1;
}

void
pkg_load_xml(struct pkg_test *t, struct pkg_source *src, const char *name,
    const char *buf, size_t len)
{
	char err[ERR_LEN];
	xmlNodePtr root;
	xmlDocPtr doc;

	if ((doc = qti_xml_read(buf, len, name, err)) == NULL) {
		pkg_problem(t, "%s", err);
		return;
	}
	root = xmlDocGetRootElement(doc);
	if (qti_is(root, "manifest"))
		pkg_load_manifest(t, src, doc, name);
	else if (qti_is(root, "assessmentTest"))
		pkg_load_assessment(t, src, doc, name);
	else
		load_single_item(t, doc, name);
	xmlFreeDoc(doc);
}

/* Two items with one key would make journals and results ambiguous. */
static void
check_keys(struct pkg_test *t)
{
	xmlHashTablePtr seen = xmlHashCreate((int)t->nitems);
	struct qti_item *item;
	size_t i;

	for (i = 0; i < t->nitems; i++) {
		item = t->items[i];
		if (xmlHashAddEntry(seen, (xmlChar *)item->identifier,
		    item) == 0)
			continue;
		pkg_problem(t, "%s: item identifier '%s' is used twice in the"
		    " test; give the items distinct identifiers", item->href,
		    item->identifier);
	}
	xmlHashFree(seen, NULL);
}

static int
looks_like_zip(const void *buf, size_t len, const char *name)
{
	size_t n = strlen(name);

	if (len >= 4 && memcmp(buf, "PK", 2) == 0)
		return (1);
	return (n >= 4 && strcasecmp(name + n - 4, ".zip") == 0);
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return (slash != NULL ? slash + 1 : path);
}

static void
open_zip(struct pkg_test *t, struct pkg_source *src)
{
	const struct pkg_file *f;
	size_t i, before = t->package_problems.n;
	char err[ERR_LEN];

	if (pkg_zip_scan(src) == -1) {
		for (i = before; i < t->package_problems.n; i++)
			problems_add(&t->problems, "%s",
			    t->package_problems.lines[i]);
		return;
	}
	if ((f = pkg_source_get(src, "imsmanifest.xml", err)) != NULL) {
		pkg_load_xml(t, src, "imsmanifest.xml", f->data, f->len);
		return;
	}
	for (i = 0; i < src->nfiles; i++) {
		if (strcmp(base_name(src->files[i].name), "imsmanifest.xml"))
			continue;
		pkg_problem(t, "%s: imsmanifest.xml is in the folder '%.*s',"
		    " not at the top of the zip; zip the folder's contents"
		    " instead", src->label,
		    (int)(strlen(src->files[i].name) - 16),
		    src->files[i].name);
		return;
	}
	pkg_problem(t, "%s: no imsmanifest.xml: not an IMS content package",
	    src->label);
}

static struct pkg_test *
test_new(const char *path)
{
	struct pkg_test *t = xcalloc(1, sizeof *t);

	t->path = xstrdup(path);
	return (t);
}

static void
test_finish(struct pkg_test *t)
{
	check_keys(t);
	if (t->nitems == 0 && t->problems.n == 0)
		pkg_problem(t, "%s: the package has no items", t->path);
	if (t->identifier == NULL)
		t->identifier = xstrdup("");
	if (t->title == NULL)
		t->title = xstrdup(t->identifier);
}

struct pkg_test *
pkg_open_buffer(const void *buf, size_t len, const char *name,
    const struct pkg_limits *limits, char *err)
{
	struct pkg_test *t = test_new(name);
	struct pkg_source src;
	int zip = looks_like_zip(buf, len, name);

	if (limits == NULL)
		limits = &pkg_default_limits;
	pkg_source_init(&src, zip ? PKG_SRC_ZIP_MEMORY : PKG_SRC_NONE, name,
	    limits, &t->package_problems);
	src.buf = buf;
	src.len = len;
	if (zip)
		open_zip(t, &src);
	else
		pkg_load_xml(t, &src, name, buf, len);
	pkg_source_free(&src);
	test_finish(t);
	return (t);
}

static int
file_magic(const char *path, char magic[4], char *err)
{
	ssize_t n;
	int fd;

	memset(magic, 0, 4);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	n = read(fd, magic, 4);
	close(fd);
	if (n == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	return ((int)n);
}

/* A loose XML file: a test or manifest names files in its folder. */
static void
open_loose(struct pkg_test *t, struct pkg_source *src, const char *path,
    char *data, size_t len)
{
	char *folder = xstrdup(path), *slash;

	slash = strrchr(folder, '/');
	if (slash != NULL)
		*slash = '\0';
	src->kind = PKG_SRC_FOLDER;
	src->path = slash != NULL ? folder : ".";
	pkg_load_xml(t, src, base_name(path), data, len);
	free(folder);
}

struct pkg_test *
pkg_open(const char *path, const struct pkg_limits *limits, char *err)
{
	struct pkg_source src;
	struct pkg_test *t;
	struct stat st;
	char magic[4], *data, *manifest = NULL;
	size_t len;
	int n;

	if (limits == NULL)
		limits = &pkg_default_limits;
	if (stat(path, &st) == -1)
		return (errf(err, "%s: %s", path, strerror(errno)), NULL);
	if (S_ISDIR(st.st_mode))
		path = manifest = util_path_join(path, "imsmanifest.xml");
	if ((n = file_magic(path, magic, err)) == -1) {
		free(manifest);
		return (NULL);
	}
	t = test_new(path);
	pkg_source_init(&src, PKG_SRC_ZIP_FILE, path, limits,
	    &t->package_problems);
	src.path = path;
	if (looks_like_zip(magic, (size_t)n, path))
		open_zip(t, &src);
	else if (util_read_file(path, limits->max_entry_bytes, &data, &len,
	    err) == 0) {
		open_loose(t, &src, path, data, len);
		free(data);
	} else {
		pkg_free(t);
		t = NULL;
	}
	pkg_source_free(&src);
	free(manifest);
	if (t != NULL)
		test_finish(t);
	return (t);
}

int
pkg_deliverable(const struct pkg_test *t)
{
	return (t != NULL && t->problems.n == 0);
}

struct qti_item *
pkg_item(const struct pkg_test *t, const char *identifier)
{
	size_t i;

	for (i = 0; i < t->nitems; i++)
		if (strcmp(t->items[i]->identifier, identifier) == 0)
			return (t->items[i]);
	return (NULL);
}

void
pkg_free(struct pkg_test *t)
{
	size_t i;

	if (t == NULL)
		return;
	free(t->path);
	free(t->identifier);
	free(t->title);
	for (i = 0; i < t->nitems; i++)
		qti_item_free(t->items[i]);
	free(t->items);
	for (i = 0; i < t->nsections; i++) {
		free(t->sections[i].identifier);
		free(t->sections[i].title);
		qti_text_free(&t->sections[i].rubric);
	}
	free(t->sections);
	problems_free(&t->problems);
	problems_free(&t->package_problems);
	problems_free(&t->warnings);
	free(t);
}
