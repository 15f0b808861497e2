/*
 * The marking key of a test: its items read from the QTI package the
 * test was packed from.  The package reader gives each item's identifier
 * (as results record it) and file.  The file's XML is then read again
 * through the same package source and parsed for response processing.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "mark.h"
#include "mark_private.h"

static int
is_zip(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return (0);
	n = fread(magic, 1, sizeof magic, f);
	fclose(f);
	return (n == 4 && memcmp(magic, "PK\003\004", 4) == 0);
}

/* The package's files: a zip, the folder given, or a file's folder. */
static int
source_open(struct pkg_source *src, const char *path, struct problems *pr,
    char **folder, char *err)
{
	struct stat st;
	char *slash;

	if (stat(path, &st) == -1)
		return (errf(err, "%s: cannot read the items", path));
	if (S_ISDIR(st.st_mode)) {
		*folder = xstrdup(path);
	} else if (!is_zip(path)) {
		*folder = xstrdup(path);
		slash = strrchr(*folder, '/');
		if (slash != NULL)
			*slash = '\0';
		else
			strcpy(*folder, ".");
	}
	if (*folder != NULL) {
		pkg_source_init(src, PKG_SRC_FOLDER, path, &pkg_default_limits,
		    pr);
		src->path = *folder;
		return (0);
	}
	pkg_source_init(src, PKG_SRC_ZIP_FILE, path, &pkg_default_limits, pr);
	src->path = path;
	if (pkg_zip_scan(src) == -1) {
		errf(err, "%s: %s", path, pr->n > 0 ? pr->lines[0] :
		    "not a readable zip");
		pkg_source_free(src);
		return (-1);
	}
	return (0);
}

static void
item_load(struct pkg_source *src, const struct qti_item *q,
    struct mark_key_item *k)
{
	const struct pkg_file *f;
	char err[ERR_LEN];

	k->identifier = xstrdup(q->identifier);
	k->href = xstrdup(q->href);
	if ((f = pkg_source_get(src, q->href, err)) == NULL)
		k->error = xstrdup(err);
	else if ((k->item = rp_item_parse(f->data, f->len, q->href,
	    err)) == NULL)
		k->error = xstrdup(err);
}

static size_t
group_add(struct mark_key *key, const char *name)
{
	size_t i;

	for (i = 0; i < key->ngroups; i++)
		if (strcmp(key->groups[i], name) == 0)
			return (i);
	key->groups = xrealloc(key->groups, (key->ngroups + 1) *
	    sizeof *key->groups);
	key->groups[key->ngroups] = xstrdup(name);
	return (key->ngroups++);
}

/*
 * Whether the test has sections of its own.  A package without an
 * assessmentTest gets one section per item, named after the item.
 */
static int
has_sections(const struct pkg_test *t)
{
	const struct pkg_section *s;
	size_t i;

	if (t->nsections < 2)
		return (0);
	for (i = 0; i < t->nsections; i++) {
		s = &t->sections[i];
		if (s->count != 1 || s->title != NULL ||
		    strcmp(s->identifier, t->items[s->first]->identifier) != 0)
			return (1);
	}
	return (0);
}

static void
groups_by_section(struct mark_key *key, const struct pkg_test *t)
{
	const struct pkg_section *s;
	size_t i, k, g;

	key->group_kind = MARK_GROUP_SECTION;
	for (i = 0; i < t->nsections; i++) {
		s = &t->sections[i];
		g = group_add(key, s->title != NULL && *s->title != '\0' ?
		    s->title : s->identifier);
		for (k = s->first; k < s->first + s->count && k < key->nitems;
		    k++)
			key->items[k].group = g;
	}
}

/* The first category of each item, as the category attribute lists. */
static void
groups_by_category(struct mark_key *key, const struct pkg_test *t)
{
	const char *c;
	char *first;
	size_t i;

	key->group_kind = MARK_GROUP_CATEGORY;
	for (i = 0; i < t->nitems; i++) {
		c = t->items[i]->category;
		while (c != NULL && (*c == ' ' || *c == '\t' || *c == '\n'))
			c++;
		if (c == NULL || *c == '\0') {
			key->items[i].group = group_add(key, "uncategorised");
			continue;
		}
		first = xstrndup(c, strcspn(c, " \t\r\n"));
		key->items[i].group = group_add(key, first);
		free(first);
	}
}

static void
groups_build(struct mark_key *key, const struct pkg_test *t)
{
	size_t i;

	if (has_sections(t)) {
		groups_by_section(key, t);
		return;
	}
	for (i = 0; i < t->nitems; i++)
		if (t->items[i]->category != NULL) {
			groups_by_category(key, t);
			return;
		}
}

struct mark_key *
mark_key_build(const struct pkg_test *t, struct pkg_source *src)
{
	struct mark_key *key = xcalloc(1, sizeof *key);
	size_t i;

	key->test = xstrdup(t->identifier);
	key->title = xstrdup(t->title);
	key->items = xcalloc(t->nitems + 1, sizeof *key->items);
	key->nitems = t->nitems;
	for (i = 0; i < t->nitems; i++)
		item_load(src, t->items[i], &key->items[i]);
	groups_build(key, t);
	return (key);
}

struct mark_key *
mark_key_open(const char *path, char *err)
{
	struct problems pr = { 0 };
	struct mark_key *key = NULL;
	struct pkg_source src;
	struct pkg_test *t;
	char *folder = NULL;

	if ((t = pkg_open(path, NULL, err)) == NULL)
		return (NULL);
	if (t->nitems == 0)
		errf(err, "%s: no items: %s", path, t->problems.n > 0 ?
		    t->problems.lines[0] : "the package has no items");
	else if (source_open(&src, path, &pr, &folder, err) == 0) {
		key = mark_key_build(t, &src);
		pkg_source_free(&src);
	}
	free(folder);
	problems_free(&pr);
	pkg_free(t);
	return (key);
}

struct mark_key *
mark_key_open_buffer(const void *zip, size_t len, const char *name,
    char *err)
{
	struct problems pr = { 0 };
	struct mark_key *key = NULL;
	struct pkg_source src;
	struct pkg_test *t;

	if ((t = pkg_open_buffer(zip, len, name, NULL, err)) == NULL)
		return (NULL);
	pkg_source_init(&src, PKG_SRC_ZIP_MEMORY, name, &pkg_default_limits,
	    &pr);
	src.buf = zip;
	src.len = len;
	if (t->nitems == 0)
		errf(err, "%s: no items: %s", name, t->problems.n > 0 ?
		    t->problems.lines[0] : "the package has no items");
	else if (pkg_zip_scan(&src) == -1)
		errf(err, "%s: %s", name, pr.n > 0 ? pr.lines[0] :
		    "not a readable zip");
	else
		key = mark_key_build(t, &src);
	pkg_source_free(&src);
	problems_free(&pr);
	pkg_free(t);
	return (key);
}

void
mark_key_free(struct mark_key *key)
{
	size_t i;

	if (key == NULL)
		return;
	for (i = 0; i < key->nitems; i++) {
		free(key->items[i].identifier);
		free(key->items[i].href);
		free(key->items[i].error);
		rp_item_free(key->items[i].item);
	}
	free(key->items);
	for (i = 0; i < key->ngroups; i++)
		free(key->groups[i]);
	free(key->groups);
	free(key->pass_mark);
	free(key->test);
	free(key->title);
	free(key);
}
