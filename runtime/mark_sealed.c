/*
 * The marking key of a sealed package: the items as they were before
 * examstick pack stripped them.  The signed marking key lists every
 * removed element with its XPath in the original file (as
 * xmlGetNodePath wrote it), and the sealed package holds the stripped
 * files.  Each stripped item is parsed, the removed elements and
 * attributes are put back at their paths, and the result is marked as
 * the original package would be.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "mark.h"
#include "mark_private.h"
#include "pkg_private.h"
#include "seal.h"
#include "seal_private.h"

#define KEY_NS		"urn:examstick:marking-key:1"
#define KEY_MAX_BYTES	(64u * 1024 * 1024)

/* The marking key's root attributes. */
struct key_doc {
	xmlDoc	*doc;
	char	*test;
	char	*version;
	char	*pass_mark;
	char	*zip;
};

static int
is_key(const xmlNode *n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    xmlStrEqual(n->ns->href, (const xmlChar *)KEY_NS) &&
	    xmlStrEqual(n->name, (const xmlChar *)name));
}

static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return (NULL);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return (s);
}

static void
key_doc_free(struct key_doc *k)
{
	xmlFreeDoc(k->doc);
	free(k->test);
	free(k->version);
	free(k->pass_mark);
	free(k->zip);
}

/* Check the key's signature and comments, then parse it. */
static int
key_load(const char *path, const struct sig_pubkey *body, struct key_doc *k,
    char *err)
{
	char *data = NULL, *sig = NULL, *sigpath, *want;
	char trusted[SEAL_TRUSTED_MAX], e[ERR_LEN];
	size_t len, siglen;
	xmlNode *root;
	int rc = -1;

	memset(k, 0, sizeof *k);
	xasprintf(&sigpath, "%s.minisig", path);
	if (util_read_file(path, KEY_MAX_BYTES, &data, &len, err) == -1 ||
	    util_read_file(sigpath, 4096, &sig, &siglen, err) == -1)
		goto out;
	if (seal_sig_check(body, data, len, sig, trusted, e) != SIG_OK) {
		errf(err, "%s: the signature in %s does not verify with the"
		    " awarding body's key: %s", path, sigpath, e);
		goto out;
	}
	k->doc = xmlReadMemory(data, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	root = xmlDocGetRootElement(k->doc);
	if (!is_key(root, "markingKey") ||
	    (k->test = attr(root, "test")) == NULL ||
	    (k->version = attr(root, "version")) == NULL ||
	    (k->zip = attr(root, "zip")) == NULL) {
		errf(err, "%s: not an examstick marking key", path);
		goto out;
	}
	k->pass_mark = attr(root, "passMark");
	xasprintf(&want, "examstick marking key %s %s", k->test, k->version);
	rc = strcmp(trusted, want) == 0 ? 0 : errf(err, "%s: the signed"
	    " comment '%s' does not name test %s version %s", path, trusted,
	    k->test, k->version);
	free(want);
out:
	free(sigpath);
	free(data);
	free(sig);
	return (rc);
}

/* The key must describe exactly the zip sealed in the package. */
static int
key_matches(const struct key_doc *k, const struct seal_package *pkg,
    const char *package, char *err)
{
	const struct seal_manifest *m = &pkg->manifest;
	char hex[2 * SEAL_HASH_BYTES + 1], version[16];

	util_hex(m->zip_hash, sizeof m->zip_hash, hex, 0);
	snprintf(version, sizeof version, "%u", m->version);
	if (strcmp(k->test, m->test) != 0 || strcmp(k->version, version) != 0)
		return (errf(err, "%s is test %s version %s, but the marking"
		    " key is for test %s version %s", package, m->test, version,
		    k->test, k->version));
	if (strcmp(k->zip, hex) != 0)
		return (errf(err, "%s was not packed with this marking key:"
		    " the items differ (zip %s, key %s)", package, hex,
		    k->zip));
	return (0);
}

/* Does element n match one step of an xmlGetNodePath path? */
static int
step_matches(const xmlNode *n, const char *name)
{
	char qname[512];

	if (n->type != XML_ELEMENT_NODE)
		return (0);
	if (strcmp(name, "*") == 0)
		return (1);
	if (n->ns != NULL && n->ns->prefix != NULL) {
		snprintf(qname, sizeof qname, "%s:%s", n->ns->prefix,
		    n->name);
		return (strcmp(qname, name) == 0);
	}
	return (xmlStrEqual(n->name, (const xmlChar *)name));
}

/* Register every namespace prefix of the document for XPath. */
static void
register_prefixes(xmlXPathContext *ctx, xmlNode *n)
{
	xmlNs *ns;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (ns = n->nsDef; ns != NULL; ns = ns->next)
			if (ns->prefix != NULL)
				xmlXPathRegisterNs(ctx, ns->prefix, ns->href);
		register_prefixes(ctx, n->children);
	}
}

/* The one element at an XPath, or NULL. */
static xmlNode *
find_node(xmlDoc *doc, const char *path)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *o;
	xmlNode *n = NULL;

	register_prefixes(ctx, xmlDocGetRootElement(doc));
	o = xmlXPathEvalExpression((const xmlChar *)path, ctx);
	if (o != NULL && o->type == XPATH_NODESET && o->nodesetval != NULL &&
	    o->nodesetval->nodeNr == 1)
		n = o->nodesetval->nodeTab[0];
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return (n);
}

/*
 * Put copy back as child number index (from 1) among the children of
 * parent that match name.  xmlGetNodePath counts every element for "*"
 * and same-named elements otherwise.  Elements are restored in document
 * order, so the siblings before it are back already.
 */
static void
insert_at(xmlNode *parent, xmlNode *copy, const char *name, long index)
{
	xmlNode *k, *last = NULL;
	long seen = 0;

	for (k = parent->children; k != NULL; k = k->next) {
		if (!step_matches(k, name))
			continue;
		if (++seen == index) {
			xmlAddPrevSibling(k, copy);
			return;
		}
		last = k;
	}
	if (last != NULL && strcmp(name, "*") != 0)
		xmlAddNextSibling(last, copy);
	else
		xmlAddChild(parent, copy);
}

/* Split a path such as /a/b[3] into its parent path, last name and index. */
static int
split_path(const char *path, char **parent, char **name, long *index)
{
	const char *slash = strrchr(path, '/'), *br;
	char *end;

	if (slash == NULL || slash == path || slash[1] == '\0')
		return (-1);
	*index = 1;
	if ((br = strchr(slash, '[')) != NULL) {
		*index = strtol(br + 1, &end, 10);
		if (*index < 1 || strcmp(end, "]") != 0)
			return (-1);
	} else
		br = slash + strlen(slash);
	*parent = xstrndup(path, (size_t)(slash - path));
	*name = xstrndup(slash + 1, (size_t)(br - slash - 1));
	return (0);
}

static int
restore_node(xmlDoc *doc, const xmlNode *removed, const char *file,
    char *err)
{
	char *path = attr(removed, "path"), *parent_path = NULL, *name = NULL;
	xmlNode *parent, *child;
	long index;
	int rc = -1;

	for (child = removed->children; child != NULL &&
	    child->type != XML_ELEMENT_NODE; child = child->next)
		;
	if (path == NULL || child == NULL ||
	    split_path(path, &parent_path, &name, &index) == -1)
		errf(err, "%s: a removed element has no valid path", file);
	else if ((parent = find_node(doc, parent_path)) == NULL)
		errf(err, "%s: no element at %s to put %s back in", file,
		    parent_path, (const char *)child->name);
	else {
		insert_at(parent, xmlDocCopyNode(child, doc, 1), name,
		    index);
		rc = 0;
	}
	free(path);
	free(parent_path);
	free(name);
	return (rc);
}

static int
restore_attribute(xmlDoc *doc, const xmlNode *r, const char *file,
    char *err)
{
	char *where = attr(r, "element"), *name = attr(r, "name");
	char *value = attr(r, "value");
	xmlNode *n = NULL;
	int rc = -1;

	if (where == NULL || name == NULL || value == NULL)
		errf(err, "%s: a removed attribute lacks element, name or"
		    " value", file);
	else if ((n = find_node(doc, where)) == NULL)
		errf(err, "%s: no element at %s for attribute %s", file, where,
		    name);
	else {
		xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)value);
		rc = 0;
	}
	free(where);
	free(name);
	free(value);
	return (rc);
}

/* Put back what the key's <file> element lists, elements first. */
static int
restore_doc(xmlDoc *doc, const xmlNode *file, const char *path, char *err)
{
	const xmlNode *r;

	for (r = file->children; r != NULL; r = r->next)
		if (is_key(r, "removed") &&
		    restore_node(doc, r, path, err) == -1)
			return (-1);
	for (r = file->children; r != NULL; r = r->next)
		if (is_key(r, "removedAttribute") &&
		    restore_attribute(doc, r, path, err) == -1)
			return (-1);
	return (0);
}

/* Replace one stripped file of the source with its restored text. */
static int
restore_file(struct pkg_source *src, const xmlNode *file, char *err)
{
	char *path = attr(file, "path");
	struct pkg_file *f;
	xmlChar *text;
	xmlDoc *doc;
	int n, rc = -1;

	if (path == NULL)
		return (errf(err, "a <file> of the marking key has no path"));
	/* The source owns the file; its text is replaced in place. */
	if ((f = (struct pkg_file *)pkg_source_get(src, path, err)) == NULL)
		goto out;
	doc = xmlReadMemory(f->data, (int)f->len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		errf(err, "%s: the stripped file is not well-formed XML", path);
	else if (restore_doc(doc, file, path, err) == 0) {
		xmlDocDumpMemoryEnc(doc, &text, &n, "UTF-8");
		free(f->data);
		f->data = xstrndup((const char *)text, (size_t)n);
		f->len = (size_t)n;
		xmlFree(text);
		rc = 0;
	}
	xmlFreeDoc(doc);
out:
	free(path);
	return (rc);
}

/* Open the stripped zip and put back every file the key lists. */
static struct mark_key *
key_restore(const struct key_doc *k, const struct seal_package *pkg,
    char *err)
{
	struct problems pr = { 0 };
	struct mark_key *key = NULL;
	struct pkg_source src;
	struct pkg_test *t;
	xmlNode *f;
	int rc = 0;

	t = pkg_open_buffer(pkg->zip, pkg->zip_len, "package.zip", NULL, err);
	if (t == NULL)
		return (NULL);
	pkg_source_init(&src, PKG_SRC_ZIP_MEMORY, "package.zip",
	    &pkg_default_limits, &pr);
	src.buf = pkg->zip;
	src.len = pkg->zip_len;
	if (pkg_zip_scan(&src) == -1)
		rc = errf(err, "the sealed zip: %s", pr.n > 0 ? pr.lines[0] :
		    "not a readable zip");
	for (f = xmlDocGetRootElement(k->doc)->children; rc == 0 && f != NULL;
	    f = f->next)
		if (is_key(f, "file"))
			rc = restore_file(&src, f, err);
	if (rc == 0 && t->nitems == 0)
		errf(err, "the sealed package has no items");
	else if (rc == 0) {
		key = mark_key_build(t, &src);
		free(key->test);
		key->test = xstrdup(pkg->manifest.test);
		free(key->title);
		key->title = xstrdup(pkg->manifest.title);
		if (k->pass_mark != NULL)
			key->pass_mark = xstrdup(k->pass_mark);
	}
	pkg_source_free(&src);
	problems_free(&pr);
	pkg_free(t);
	return (key);
}

struct mark_key *
mark_key_open_sealed(const struct mark_sealed *args, char *err)
{
	struct seal_package *pkg = NULL;
	struct mark_key *key = NULL;
	struct key_doc k;
	char e[ERR_LEN];

	if (key_load(args->key, args->body, &k, err) == -1) {
		key_doc_free(&k);
		return (NULL);
	}
	if (seal_open(args->package, args->code, args->body, &pkg, e) !=
	    SEAL_OK)
		errf(err, "%s", e);
	else if (key_matches(&k, pkg, args->package, err) == 0)
		key = key_restore(&k, pkg, err);
	seal_package_free(pkg);
	key_doc_free(&k);
	return (key);
}
