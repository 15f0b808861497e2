/*
 * imsmanifest.xml: the resources of an IMS content package.  A package
 * with one assessmentTest delivers that test; one with only items
 * delivers them in manifest order.  Every file the manifest names must
 * be in the package.
 */
#include <stdlib.h>
#include <string.h>

#include "pkg_private.h"

enum resource_kind {
	RES_OTHER,
	RES_ITEM,
	RES_TEST,
	RES_QTI3
};

struct resource {
	char		*identifier;
	char		*href;		/* resolved package path */
	char		*type;
	enum resource_kind kind;
};

struct manifest {
	struct resource	*list;
	size_t		 n;
	size_t		 cap;
	size_t		 ntests;
};

static enum resource_kind
resource_kind(const char *type)
{
	if (type == NULL)
		return (RES_OTHER);
	if (strncmp(type, "imsqti_", 7) != 0)
		return (RES_OTHER);
	if (strstr(type, "v3p0") != NULL)
		return (RES_QTI3);
	if (strncmp(type, "imsqti_item_xml", 15) == 0 ||
	    strncmp(type, "imsqti_apipitem_xml", 19) == 0)
		return (RES_ITEM);
	if (strncmp(type, "imsqti_test_xml", 15) == 0 ||
	    strncmp(type, "imsqti_apiptest_xml", 19) == 0)
		return (RES_TEST);
	return (RES_OTHER);
}

/* xml:base on resources and resource prefixes their hrefs. */
static char *
resource_base(xmlNodePtr n, const char *manifest)
{
	xmlChar *base = xmlNodeGetBase(n->doc, n);
	char *out;

	if (base == NULL || strcmp((char *)base, manifest) == 0) {
		xmlFree(base);
		return (xstrdup(manifest));
	}
	xasprintf(&out, "%s%s", (char *)base,
	    base[xmlStrlen(base) - 1] == '/' ? "x" : "");
	xmlFree(base);
	return (out);
}

static char *
href_resolve(struct pkg_test *t, xmlNodePtr n, const char *manifest,
    const char *href)
{
	char *base = resource_base(n, manifest), *path;
	const char *reason = NULL;

	path = pkg_path_resolve(base, href, &reason);
	free(base);
	if (path == NULL)
		pkg_problem(t, "%s: href '%s' (line %ld) %s", manifest, href,
		    xmlGetLineNo(n), reason);
	return (path);
}

/* The manifest names files with file elements; each must exist. */
static void
files_check(struct pkg_test *t, struct pkg_source *src, xmlNodePtr res,
    const char *manifest)
{
	xmlNodePtr k;
	char *href, *path;

	for (k = res->children; k != NULL; k = k->next) {
		if (!qti_is(k, "file") || (href = qti_attr(k, "href")) == NULL)
			continue;
		path = href_resolve(t, k, manifest, href);
		if (path != NULL && !pkg_source_exists(src, path))
			pkg_problem(t, "%s: file '%s' (line %ld) is not in the"
			    " package", manifest, path, xmlGetLineNo(k));
		free(path);
		xmlFree(href);
	}
}

static void
resource_add(struct pkg_test *t, struct manifest *m, xmlNodePtr n,
    const char *manifest)
{
	struct resource r;
	char *href;

	memset(&r, 0, sizeof r);
	r.type = qti_attr(n, "type");
	r.kind = resource_kind(r.type);
	r.identifier = qti_attr(n, "identifier");
	if (r.kind == RES_QTI3)
		pkg_problem(t, "%s: resource '%s' is QTI 3.0, which is not"
		    " supported; export as QTI 2.1 or 2.2", manifest,
		    r.identifier != NULL ? r.identifier : "");
	if ((href = qti_attr(n, "href")) == NULL && r.kind != RES_OTHER)
		pkg_problem(t, "%s: resource '%s' (line %ld) has no href",
		    manifest, r.identifier != NULL ? r.identifier : "",
		    xmlGetLineNo(n));
	if (href != NULL && r.kind != RES_OTHER)
		r.href = href_resolve(t, n, manifest, href);
	xmlFree(href);
	if (r.href == NULL || (r.kind != RES_ITEM && r.kind != RES_TEST)) {
		xmlFree(r.type);
		xmlFree(r.identifier);
		free(r.href);
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->list = xrealloc(m->list, m->cap * sizeof *m->list);
	}
	m->list[m->n++] = r;
	if (r.kind == RES_TEST)
		m->ntests++;
}

static void
resources_read(struct pkg_test *t, struct pkg_source *src, xmlNodePtr root,
    const char *manifest, struct manifest *m)
{
	xmlNodePtr group, res;

	for (group = root->children; group != NULL; group = group->next) {
		if (!qti_is(group, "resources"))
			continue;
		for (res = group->children; res != NULL; res = res->next) {
			if (!qti_is(res, "resource"))
				continue;
			resource_add(t, m, res, manifest);
			files_check(t, src, res, manifest);
		}
	}
}

static void
manifest_free(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		xmlFree(m->list[i].identifier);
		xmlFree(m->list[i].type);
		free(m->list[i].href);
	}
	free(m->list);
}

static void
load_items(struct pkg_test *t, struct pkg_source *src, struct manifest *m)
{
	struct qti_item *item;
	size_t i;

	pkg_add_section(t, t->identifier, NULL);
	for (i = 0; i < m->n; i++) {
		if (m->list[i].kind != RES_ITEM)
			continue;
		item = pkg_load_item(t, src, m->list[i].href, NULL);
		if (item == NULL)
			continue;
		pkg_add_item(t, item);
		t->sections[0].count++;
	}
}

/* Items that the manifest lists but the test does not use are left out. */
static void
unused_items(struct pkg_test *t, struct manifest *m, const char *manifest)
{
	xmlHashTablePtr used = xmlHashCreate(0);
	size_t i;

	for (i = 0; i < t->nitems; i++)
		xmlHashAddEntry(used, (xmlChar *)t->items[i]->href, used);
	for (i = 0; i < m->n; i++) {
		if (m->list[i].kind != RES_ITEM ||
		    xmlHashLookup(used, (xmlChar *)m->list[i].href) != NULL)
			continue;
		problems_add(&t->warnings, "%s: item resource '%s' (%s) is not"
		    " in the test and is left out", manifest,
		    m->list[i].identifier != NULL ? m->list[i].identifier : "",
		    m->list[i].href);
	}
	xmlHashFree(used, NULL);
}

static void
load_test(struct pkg_test *t, struct pkg_source *src, struct manifest *m,
    const char *manifest)
{
	const struct pkg_file *f;
	char err[ERR_LEN];
	xmlDocPtr doc;
	size_t i;

	for (i = 0; m->list[i].kind != RES_TEST; i++)
		;
	if ((f = pkg_source_get(src, m->list[i].href, err)) == NULL) {
		pkg_problem(t, "%s: test resource '%s': %s", manifest,
		    m->list[i].identifier, err);
		return;
	}
	if ((doc = qti_xml_read(f->data, f->len, m->list[i].href, err)) ==
	    NULL) {
		pkg_problem(t, "%s", err);
		return;
	}
	pkg_load_assessment(t, src, doc, m->list[i].href);
	xmlFreeDoc(doc);
	unused_items(t, m, manifest);
}

void
pkg_load_manifest(struct pkg_test *t, struct pkg_source *src, xmlDocPtr doc,
    const char *name)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct manifest m;

	memset(&m, 0, sizeof m);
	t->identifier = qti_attr_dup(root, "identifier");
	resources_read(t, src, root, name, &m);
	if (m.ntests > 1)
		pkg_problem(t, "%s: the manifest lists %zu assessmentTests;"
		    " a package holds one test", name, m.ntests);
	else if (m.ntests == 1)
		load_test(t, src, &m, name);
	else
		load_items(t, src, &m);
	manifest_free(&m);
}
