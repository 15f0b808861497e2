/*
 * Removing correct responses, scoring and feedback from a QTI content
 * package before it is sealed for a real test.  Every .xml entry whose
 * root is an assessmentItem or an assessmentTest is parsed with libxml2.
 * The elements that carry correct responses, scoring or feedback are cut
 * out and copied into the marking key, each with its XPath in the
 * original file, and the file is written back.  Other entries are copied
 * unchanged.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <sodium.h>

#include "conf.h"
#include "pkg.h"
#include "seal.h"
#include "seal_private.h"

#define KEY_NS		"urn:examstick:marking-key:1"
#define PATH_MAX_BYTES	1024

enum root_kind {
	ROOT_OTHER,
	ROOT_ITEM,
	ROOT_TEST
};

/* The nodes and attributes to cut from one file, found before cutting. */
struct cut {
	xmlNode		**nodes;
	size_t		  nnodes;
	xmlAttr		**attrs;
	size_t		  nattrs;
};

struct strip {
	const struct seal_strip_args *args;
	struct seal_stripped	*out;
	xmlDoc			*key;
	struct archive		*in;
	struct archive		*zip;
	unsigned char		*buf;		/* the output zip */
	size_t			 len, cap;
	size_t			 total;		/* bytes read so far */
	char			*err;
};

/* Is n an element of the root's namespace named name? */
static int
is_qti(const xmlNode *n, const xmlNode *root, const char *name)
{
	const xmlChar *a, *b;

	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    !xmlStrEqual(n->name, (const xmlChar *)name))
		return (0);
	a = n->ns ? n->ns->href : NULL;
	b = root->ns ? root->ns->href : NULL;
	return (a == b || (a != NULL && b != NULL && xmlStrEqual(a, b)));
}

/* A rubricBlock that candidates do not see: for scorers, tutors, ... */
static int
hidden_rubric(xmlNode *n, const xmlNode *root)
{
	xmlChar *view;
	const char *p;
	int hidden = 1;

	if (!is_qti(n, root, "rubricBlock"))
		return (0);
	if ((view = xmlGetProp(n, (const xmlChar *)"view")) == NULL)
		return (1);
	for (p = (const char *)view; (p = strstr(p, "candidate")) != NULL;
	    p += 9) {
		if ((p == (const char *)view ||
		    isspace((unsigned char)p[-1])) &&
		    (p[9] == '\0' || isspace((unsigned char)p[9])))
			hidden = 0;
	}
	xmlFree(view);
	return (hidden);
}

/* Does element n carry correct responses, scoring or feedback? */
static int
must_cut(xmlNode *n, const xmlNode *root, enum root_kind kind)
{
	xmlNode *parent = n->parent;

	if (hidden_rubric(n, root))
		return (1);
	if (is_qti(parent, root, "outcomeDeclaration") &&
	    (is_qti(n, root, "matchTable") ||
	    is_qti(n, root, "interpolationTable")))
		return (1);
	if (kind == ROOT_TEST)
		return ((parent == root && is_qti(n, root,
		    "outcomeProcessing")) || is_qti(n, root, "testFeedback"));
	if (is_qti(parent, root, "responseDeclaration"))
		return (is_qti(n, root, "correctResponse") ||
		    is_qti(n, root, "mapping") ||
		    is_qti(n, root, "areaMapping"));
	if (parent == root && (is_qti(n, root, "responseProcessing") ||
	    is_qti(n, root, "modalFeedback")))
		return (1);
	return (is_qti(n, root, "feedbackInline") ||
	    is_qti(n, root, "feedbackBlock"));
}

static void
cut_node(struct cut *c, xmlNode *n)
{
	c->nodes = xrealloc(c->nodes, (c->nnodes + 1) * sizeof *c->nodes);
	c->nodes[c->nnodes++] = n;
}

static void
cut_attr(struct cut *c, xmlAttr *a)
{
	c->attrs = xrealloc(c->attrs, (c->nattrs + 1) * sizeof *c->attrs);
	c->attrs[c->nattrs++] = a;
}

/* Find what to cut under n, without descending into what is cut. */
static void
find_cuts(xmlNode *n, const xmlNode *root, enum root_kind kind,
    struct cut *c)
{
	xmlNode *child;
	xmlAttr *a;

	for (child = n->children; child != NULL; child = child->next) {
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (must_cut(child, root, kind)) {
			cut_node(c, child);
			continue;
		}
		if (is_qti(child, root, "outcomeDeclaration")) {
			for (a = child->properties; a != NULL; a = a->next)
				if (a->ns == NULL && xmlStrEqual(a->name,
				    (const xmlChar *)"interpretation"))
					cut_attr(c, a);
		}
		find_cuts(child, root, kind, c);
	}
}

static enum root_kind
root_kind(const xmlNode *root)
{
	if (root == NULL)
		return (ROOT_OTHER);
	if (xmlStrEqual(root->name, (const xmlChar *)"assessmentItem"))
		return (ROOT_ITEM);
	if (xmlStrEqual(root->name, (const xmlChar *)"assessmentTest"))
		return (ROOT_TEST);
	return (ROOT_OTHER);
}

/*
 * Add an element to the marking key on a line of its own.  The key is
 * written without libxml2's formatting, which would re-indent the copied
 * QTI elements, so the line breaks are text nodes added here.
 */
static xmlNode *
key_child(xmlNode *parent, const char *name, int depth)
{
	static const char indent[] = "\n      ";

	xmlAddChild(parent, xmlNewTextLen((const xmlChar *)indent,
	    1 + 2 * depth));
	return (xmlNewChild(parent, NULL, (const xmlChar *)name, NULL));
}

/* Start the key's <file> element for one changed file. */
static xmlNode *
key_file(struct strip *s, const char *path, const xmlNode *root)
{
	xmlNode *f = key_child(xmlDocGetRootElement(s->key), "file", 1);
	xmlChar *id;

	xmlNewProp(f, (const xmlChar *)"path", (const xmlChar *)path);
	xmlNewProp(f, (const xmlChar *)"root", root->name);
	if ((id = xmlGetProp((xmlNode *)root,
	    (const xmlChar *)"identifier")) != NULL) {
		xmlNewProp(f, (const xmlChar *)"identifier", id);
		xmlFree(id);
	}
	return (f);
}

/* Record every cut in the key, then take the cuts out of the item. */
static void
apply_cuts(struct strip *s, const char *path, xmlNode *root, struct cut *c)
{
	xmlNode *f = key_file(s, path, root), *r, *copy;
	xmlChar *where, *value;
	size_t i;

	for (i = 0; i < c->nattrs; i++) {
		where = xmlGetNodePath(c->attrs[i]->parent);
		value = xmlNodeGetContent((xmlNode *)c->attrs[i]);
		r = key_child(f, "removedAttribute", 2);
		xmlNewProp(r, (const xmlChar *)"element", where);
		xmlNewProp(r, (const xmlChar *)"name", c->attrs[i]->name);
		xmlNewProp(r, (const xmlChar *)"value", value);
		xmlFree(where);
		xmlFree(value);
	}
	for (i = 0; i < c->nnodes; i++) {
		where = xmlGetNodePath(c->nodes[i]);
		r = key_child(f, "removed", 2);
		xmlNewProp(r, (const xmlChar *)"path", where);
		xmlFree(where);
		copy = xmlDocCopyNode(c->nodes[i], s->key, 1);
		xmlAddChild(r, copy);
	}
	xmlAddChild(f, xmlNewText((const xmlChar *)"\n  "));
	for (i = 0; i < c->nattrs; i++)
		xmlRemoveProp(c->attrs[i]);
	for (i = 0; i < c->nnodes; i++) {
		xmlUnlinkNode(c->nodes[i]);
		xmlFreeNode(c->nodes[i]);
	}
	s->out->nremoved += c->nnodes + c->nattrs;
}

static int
has_xml_suffix(const char *path)
{
	size_t n = strlen(path);

	return (n > 4 && strcasecmp(path + n - 4, ".xml") == 0);
}

/*
 * Strip one XML file, replacing *data with the new text when anything was
 * cut.  A file that is not an item or a test is left as it is.
 */
static int
strip_xml(struct strip *s, const char *path, unsigned char **data,
    size_t *len)
{
	struct cut c = { NULL, 0, NULL, 0 };
	enum root_kind kind;
	xmlChar *text;
	xmlNode *root;
	xmlDoc *doc;
	int n;

	doc = xmlReadMemory((const char *)*data, (int)*len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return (0);	/* pkg_open has judged it already */
	root = xmlDocGetRootElement(doc);
	if ((kind = root_kind(root)) != ROOT_OTHER)
		find_cuts(root, root, kind, &c);
	if (c.nnodes + c.nattrs > 0) {
		if (conf_text_valid(path, PATH_MAX_BYTES) == -1) {
			xmlFreeDoc(doc);
			free(c.nodes);
			free(c.attrs);
			return (errf(s->err, "%s: the file name is not UTF-8"
			    " text", path));
		}
		apply_cuts(s, path, root, &c);
		xmlDocDumpMemoryEnc(doc, &text, &n, "UTF-8");
		free(*data);
		*data = xmalloc((size_t)n);
		memcpy(*data, text, (size_t)n);
		*len = (size_t)n;
		xmlFree(text);
		if (kind == ROOT_ITEM)
			s->out->nitems++;
	}
	free(c.nodes);
	free(c.attrs);
	xmlFreeDoc(doc);
	return (0);
}

static la_ssize_t
zip_out(struct archive *a, void *arg, const void *data, size_t n)
{
	struct strip *s = arg;

	(void)a;
	if (s->len + n > s->cap) {
		while (s->len + n > s->cap)
			s->cap = s->cap ? s->cap * 2 : 65536;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	return ((la_ssize_t)n);
}

/* Read the current entry's data, within the package limits. */
static int
read_entry(struct strip *s, const char *path, unsigned char **data,
    size_t *len)
{
	const struct pkg_limits *lim = &pkg_default_limits;
	size_t cap = 65536;
	la_ssize_t n;

	*data = xmalloc(cap);
	*len = 0;
	for (;;) {
		if (*len == cap)
			*data = xrealloc(*data, cap *= 2);
		n = archive_read_data(s->in, *data + *len, cap - *len);
		if (n <= 0)
			break;
		*len += (size_t)n;
		s->total += (size_t)n;
		if (*len > lim->max_entry_bytes ||
		    s->total > lim->max_total_bytes) {
			free(*data);
			return (errf(s->err, "%s: larger than the package"
			    " limits", path));
		}
	}
	if (n < 0) {
		free(*data);
		return (errf(s->err, "%s: %s", path,
		    archive_error_string(s->in)));
	}
	return (0);
}

static int
write_entry(struct strip *s, struct archive_entry *ae,
    const unsigned char *data, size_t len)
{
	archive_entry_set_size(ae, (la_int64_t)len);
	if (archive_write_header(s->zip, ae) != ARCHIVE_OK ||
	    (len > 0 && archive_write_data(s->zip, data, len) !=
	    (la_ssize_t)len))
		return (errf(s->err, "write zip entry %s: %s",
		    archive_entry_pathname(ae),
		    archive_error_string(s->zip)));
	return (0);
}

/* Copy one entry to the output zip, stripping it if it is XML. */
static int
copy_entry(struct strip *s, struct archive_entry *ae)
{
	const char *path = archive_entry_pathname(ae);
	unsigned char *data;
	size_t len;
	int rc;

	/*
	 * An empty name puts libarchive's zip writer in its fatal state,
	 * after which archive_write_free leaks (libarchive 3.6.2).
	 */
	if (path == NULL || *path == '\0')
		return (errf(s->err, "zip entry without a readable name"));
	if (archive_entry_filetype(ae) != AE_IFREG) {
		if (archive_entry_filetype(ae) != AE_IFDIR)
			return (0);
		return (write_entry(s, ae, NULL, 0));
	}
	if (read_entry(s, path, &data, &len) == -1)
		return (-1);
	rc = 0;
	if (has_xml_suffix(path))
		rc = strip_xml(s, path, &data, &len);
	if (rc == 0)
		rc = write_entry(s, ae, data, len);
	free(data);
	return (rc);
}

static int
strip_open(struct strip *s, const void *zip, size_t len)
{
	s->in = archive_read_new();
	archive_read_support_format_zip(s->in);
	if (archive_read_open_memory(s->in, zip, len) != ARCHIVE_OK)
		return (errf(s->err, "not a zip archive: %s",
		    archive_error_string(s->in)));
	s->zip = archive_write_new();
	archive_write_set_format_zip(s->zip);
	archive_write_set_bytes_per_block(s->zip, 0);
	if (archive_write_open2(s->zip, s, NULL, zip_out, NULL, NULL) !=
	    ARCHIVE_OK)
		return (errf(s->err, "zip writer: %s",
		    archive_error_string(s->zip)));
	return (0);
}

static void
key_start(struct strip *s)
{
	xmlNode *root;
	char num[32];

	s->key = xmlNewDoc((const xmlChar *)"1.0");
	root = xmlNewNode(NULL, (const xmlChar *)"markingKey");
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)KEY_NS, NULL));
	xmlDocSetRootElement(s->key, root);
	xmlNewProp(root, (const xmlChar *)"test",
	    (const xmlChar *)s->args->test);
	snprintf(num, sizeof num, "%u", s->args->version);
	xmlNewProp(root, (const xmlChar *)"version", (const xmlChar *)num);
	if (s->args->pass_mark != NULL)
		xmlNewProp(root, (const xmlChar *)"passMark",
		    (const xmlChar *)s->args->pass_mark);
}

/* Name the stripped zip in the key by its BLAKE2b-256, then serialise. */
static void
key_finish(struct strip *s)
{
	unsigned char hash[SEAL_HASH_BYTES];
	char hex[2 * SEAL_HASH_BYTES + 1];
	xmlNode *root;
	xmlChar *text;
	int n;

	crypto_generichash(hash, sizeof hash, s->out->zip, s->out->zip_len,
	    NULL, 0);
	util_hex(hash, sizeof hash, hex, 0);
	root = xmlDocGetRootElement(s->key);
	xmlNewProp(root, (const xmlChar *)"zip", (const xmlChar *)hex);
	xmlAddChild(root, xmlNewText((const xmlChar *)"\n"));
	xmlDocDumpMemoryEnc(s->key, &text, &n, "UTF-8");
	s->out->marking_key = xstrndup((const char *)text, (size_t)n);
	s->out->key_len = (size_t)n;
	xmlFree(text);
}

int
seal_strip(const void *zip, size_t len, const struct seal_strip_args *args,
    struct seal_stripped *out, char *err)
{
	struct strip s;
	struct archive_entry *ae;
	int r = ARCHIVE_EOF, rc;

	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	s.args = args;
	s.out = out;
	s.err = err;
	if (seal_init(err) == -1)
		return (-1);
	key_start(&s);
	rc = strip_open(&s, zip, len);
	while (rc == 0 && (r = archive_read_next_header(s.in, &ae)) ==
	    ARCHIVE_OK)
		rc = copy_entry(&s, ae);
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = errf(err, "zip: %s", archive_error_string(s.in));
	if (rc == 0 && archive_write_close(s.zip) != ARCHIVE_OK)
		rc = errf(err, "zip writer: %s", archive_error_string(s.zip));
	archive_read_free(s.in);
	archive_write_free(s.zip);
	if (rc == 0) {
		out->zip = s.buf;
		out->zip_len = s.len;
		key_finish(&s);
	} else
		free(s.buf);
	xmlFreeDoc(s.key);
	return (rc);
}

void
seal_stripped_free(struct seal_stripped *st)
{
	free(st->zip);
	free(st->marking_key);
	memset(st, 0, sizeof *st);
}
