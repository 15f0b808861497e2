/*
 * Zip packages written at test time with libarchive, for the package
 * reader's tests.  Each test runs in its own temporary folder.
 */
#ifndef EXAMSTICK_PKG_FIXTURES_H
#define EXAMSTICK_PKG_FIXTURES_H

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX_QTI_NS	"http://www.imsglobal.org/xsd/imsqti_v2p1"
#define FIX_CP_NS	"http://www.imsglobal.org/xsd/imscp_v1p1"

struct fix_entry {
	const char	*name;
	const char	*data;		/* NULL for a folder or a link */
	const char	*symlink;	/* target of a symbolic link */
};

static inline struct archive *
fix_zip_open(const char *path)
{
	struct archive *a = archive_write_new();

	if (a == NULL || archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_open_filename(a, path) != ARCHIVE_OK)
		abort();
	return (a);
}

static inline void
fix_zip_add(struct archive *a, const struct fix_entry *f)
{
	struct archive_entry *e = archive_entry_new();
	size_t len = f->data != NULL ? strlen(f->data) : 0;

	archive_entry_set_pathname(e, f->name);
	if (f->symlink != NULL) {
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, f->symlink);
		archive_entry_set_perm(e, 0777);
	} else if (f->data == NULL) {
		archive_entry_set_filetype(e, AE_IFDIR);
		archive_entry_set_perm(e, 0755);
	} else {
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
	}
	if (archive_write_header(a, e) != ARCHIVE_OK)
		abort();
	if (len > 0 && archive_write_data(a, f->data, len) != (la_ssize_t)len)
		abort();
	archive_entry_free(e);
}

static inline void
fix_zip_close(struct archive *a)
{
	if (archive_write_close(a) != ARCHIVE_OK)
		abort();
	archive_write_free(a);
}

static inline void
fix_zip(const char *path, const struct fix_entry *entries, size_t n)
{
	struct archive *a = fix_zip_open(path);
	size_t i;

	for (i = 0; i < n; i++)
		fix_zip_add(a, &entries[i]);
	fix_zip_close(a);
}

/* A choice item with the given identifier and body. */
static inline char *
fix_item(const char *id, const char *body)
{
	char *xml;

	if (asprintf(&xml, "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<assessmentItem xmlns='" FIX_QTI_NS "' identifier='%s'"
	    " title='Item %s' adaptive='false' timeDependent='false'>"
	    "<responseDeclaration identifier='R' cardinality='single'"
	    " baseType='identifier'/><itemBody>%s</itemBody>"
	    "</assessmentItem>\n", id, id, body) < 0)
		abort();
	return (xml);
}

#define FIX_CHOICE \
	"<p>Which?</p><choiceInteraction responseIdentifier='R'" \
	" shuffle='true'><simpleChoice identifier='a'>A</simpleChoice>" \
	"<simpleChoice identifier='b'>B</simpleChoice></choiceInteraction>"

/* A manifest listing item files, and a test file when test is set. */
static inline char *
fix_manifest(const char *test, const char *const *items, size_t n)
{
	char *xml, *res, *more;
	size_t i;

	res = strdup("");
	if (test != NULL) {
		free(res);
		if (asprintf(&res, "<resource identifier='T'"
		    " type='imsqti_test_xmlv2p1' href='%s'><file href='%s'/>"
		    "</resource>", test, test) < 0)
			abort();
	}
	for (i = 0; i < n; i++) {
		if (asprintf(&more, "%s<resource identifier='I%zu'"
		    " type='imsqti_item_xmlv2p1' href='%s'><file href='%s'/>"
		    "</resource>", res, i, items[i], items[i]) < 0)
			abort();
		free(res);
		res = more;
	}
	if (asprintf(&xml, "<?xml version='1.0'?>\n<manifest xmlns='"
	    FIX_CP_NS "' identifier='M'><organizations/><resources>%s"
	    "</resources></manifest>\n", res) < 0)
		abort();
	free(res);
	return (xml);
}

#endif
