/*
 * XML reading for QTI files and manifests: libxml2 with network access,
 * external entities and XInclude off, errors collected with their
 * position instead of going to stderr, and small helpers for namespaces
 * and attributes.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "qti_private.h"

/* The first error of a parse and how many there were. */
struct xml_errors {
	const char	*name;		/* for errors that carry no file */
	char		 first[ERR_LEN];
	int		 count;
};

#if LIBXML_VERSION >= 21200
#define XML_ERROR_ARG const xmlError *
#else
#define XML_ERROR_ARG xmlErrorPtr
#endif

static void
xml_error_collect(void *data, XML_ERROR_ARG e)
{
	struct xml_errors *xe = data;
	size_t n;

	if (e->level < XML_ERR_ERROR)
		return;
	if (xe->count++ > 0)
		return;
	snprintf(xe->first, sizeof xe->first, "%s:%d:%d: %s",
	    e->file != NULL ? e->file : xe->name, e->line, e->int2,
	    e->message != NULL ? e->message : "XML error");
	n = strlen(xe->first);
	while (n > 0 && isspace((unsigned char)xe->first[n - 1]))
		xe->first[--n] = '\0';
}

/* Entities are the way to billion-laughs and external-file attacks. */
static int
xml_declares_entities(xmlDocPtr doc)
{
	xmlDtdPtr dtd = doc->intSubset;

	if (dtd == NULL)
		return (0);
	return (dtd->entities != NULL || dtd->pentities != NULL);
}

xmlDocPtr
qti_xml_read(const char *buf, size_t len, const char *name, char *err)
{
	const int options = XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_COMPACT;
	struct xml_errors xe;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (len > INT_MAX)
		return (errf(err, "%s: file is too large for the XML parser",
		    name), NULL);
	memset(&xe, 0, sizeof xe);
	xe.name = name;
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return (errf(err, "%s: out of memory", name), NULL);
	xmlSetStructuredErrorFunc(&xe, xml_error_collect);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, options);
	xmlSetStructuredErrorFunc(NULL, NULL);

	if (doc != NULL && (xe.count > 0 || !ctxt->wellFormed)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL) {
		if (xe.count == 0)
			return (errf(err, "%s: not well-formed XML", name),
			    NULL);
		if (xe.count > 1)
			return (errf(err, "%s (and %d more error%s)", xe.first,
			    xe.count - 1, xe.count > 2 ? "s" : ""), NULL);
		return (errf(err, "%s", xe.first), NULL);
	}
	if (xml_declares_entities(doc)) {
		xmlFreeDoc(doc);
		return (errf(err, "%s: the DOCTYPE declares entities, which QTI"
		    " files do not use; remove the DOCTYPE", name), NULL);
	}
	return (doc);
}

int
qti_ns_version(const xmlChar *uri)
{
	const char *s, *last;

	if (uri == NULL)
		return (QTI_NS_UNKNOWN);
	s = (const char *)uri;
	last = strrchr(s, '/');
	last = last != NULL ? last + 1 : s;
	if (strncmp(last, "imsqti_v2p0", 11) == 0)
		return (QTI_V2_0);
	if (strncmp(last, "imsqti_v2p1", 11) == 0)
		return (QTI_V2_1);
	if (strncmp(last, "imsqti_v2p2", 11) == 0)
		return (QTI_V2_2);
	if (strstr(last, "v3p0") != NULL && strstr(last, "qti") != NULL)
		return (QTI_NS_V3);
	return (QTI_NS_UNKNOWN);
}

int
qti_ns_known(const xmlChar *uri)
{
	static const char *const prefixes[] = {
		"http://www.imsglobal.org/",	/* QTI, CP, MD, APIP, PCI */
		"https://www.imsglobal.org/",
		"http://purl.imsglobal.org/",
		"https://purl.imsglobal.org/",
		"http://www.w3.org/",		/* MathML, XHTML, SSML */
		"http://ltsc.ieee.org/xsd/",	/* LOM metadata */
		NULL
	};
	const char *s = (const char *)uri;
	int i;

	if (s == NULL)
		return (0);
	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			return (1);
	/* TAO writes its HTML5 namespace as the bare word. */
	return (strcmp(s, "html5") == 0);
}

const char *
qti_root_reason(xmlNodePtr root, const char *local, int *version)
{
	int v;

	*version = QTI_NS_UNKNOWN;
	if (root == NULL)
		return ("the document has no root element");
	if (strncmp((const char *)root->name, "qti-", 4) == 0)
		return ("QTI 3.0 is not supported; export as QTI 2.1 or 2.2");
	if (root->ns == NULL)
		return ("the root element has no QTI namespace");
	v = qti_ns_version(root->ns->href);
	*version = v;
	if (v == QTI_NS_V3)
		return ("QTI 3.0 is not supported; export as QTI 2.1 or 2.2");
	if (v == QTI_NS_UNKNOWN)
		return ("the namespace is not QTI 2.0, 2.1 or 2.2");
	if (local != NULL && strcmp((const char *)root->name, local) != 0)
		return ("the root element is of the wrong kind");
	return (NULL);
}

int
qti_is(xmlNodePtr n, const char *local)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0);
}

/* Elements of QTI's own vocabulary, which contains its XHTML subset too. */
int
qti_is_qti(xmlNodePtr n)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE || n->ns == NULL)
		return (0);
	if (qti_ns_version(n->ns->href) >= 0)
		return (1);
	return (strcmp((const char *)n->ns->href, NS_XHTML) == 0);
}

char *
qti_attr(xmlNodePtr n, const char *name)
{
	return ((char *)xmlGetNoNsProp(n, (const xmlChar *)name));
}

char *
qti_attr_dup(xmlNodePtr n, const char *name)
{
	char *s = qti_attr(n, name), *copy;

	if (s == NULL)
		return (NULL);
	copy = xstrdup(s);
	xmlFree(s);
	return (copy);
}

static int
parse_int(const char *s, int *out)
{
	char *end;
	long v;

	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	v = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end != '\0' || errno != 0 || v < INT_MIN ||
	    v > INT_MAX)
		return (-1);
	*out = (int)v;
	return (0);
}

int
qti_attr_int(xmlNodePtr n, const char *name, int def, int *bad)
{
	char *s = qti_attr(n, name);
	int v = def;

	if (s == NULL)
		return (def);
	if (parse_int(s, &v) == -1) {
		*bad = 1;
		v = def;
	}
	xmlFree(s);
	return (v);
}

int
qti_attr_bool(xmlNodePtr n, const char *name, int def)
{
	char *s = qti_attr(n, name);
	int v = def;

	if (s == NULL)
		return (def);
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		v = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		v = 0;
	xmlFree(s);
	return (v);
}

/*
 * QTI identifiers are XML NCNames: a letter or '_' first, then letters,
 * digits, '_', '-' or '.'.  Bytes above 0x7f are accepted as letters,
 * since the NCName letter classes cover most of Unicode.
 */
int
qti_identifier_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p == NULL || *p == '\0')
		return (0);
	if (!(isalpha(*p) || *p == '_' || *p >= 0x80))
		return (0);
	for (p++; *p != '\0'; p++)
		if (!(isalnum(*p) || *p == '_' || *p == '-' || *p == '.' ||
		    *p >= 0x80))
			return (0);
	return (1);
}

int
qti_is_blank(const xmlChar *s)
{
	if (s == NULL)
		return (1);
	for (; *s != '\0'; s++)
		if (!isspace(*s))
			return (0);
	return (1);
}

/* Attributes every QTI body element may carry. */
static int
attr_common(xmlAttrPtr a)
{
	static const char *const common[] = {
		"id", "class", "label", "dir", "title", NULL
	};
	const char *name = (const char *)a->name;
	int i;

	if (a->ns != NULL)	/* xml:lang, xsi:..., foreign extensions */
		return (1);
	if (strncmp(name, "data-", 5) == 0 || strncmp(name, "aria-", 5) == 0)
		return (1);
	for (i = 0; common[i] != NULL; i++)
		if (strcmp(name, common[i]) == 0)
			return (1);
	return (0);
}

void
qti_attrs_check(struct qti_parse *p, xmlNodePtr n,
    const char *const *allowed, struct problems *out)
{
	xmlAttrPtr a;
	int i, ok;

	for (a = n->properties; a != NULL; a = a->next) {
		ok = attr_common(a);
		for (i = 0; !ok && allowed[i] != NULL; i++)
			ok = strcmp((const char *)a->name, allowed[i]) == 0;
		if (ok)
			continue;
		problems_add(out, "%s: %s has an unknown attribute '%s'"
		    " (line %ld)", p->subject, (const char *)n->name,
		    (const char *)a->name, xmlGetLineNo(n));
	}
}
