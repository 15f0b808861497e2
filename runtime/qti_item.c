/*
 * assessmentItem documents to struct qti_item: the declarations, the
 * body, and the checks that decide whether text mode can deliver it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

static const char *const cardinality_names[] = {
	"single", "multiple", "ordered", "record", NULL
};

static const char *const base_type_names[] = {
	"", "identifier", "boolean", "integer", "float", "string", "point",
	"pair", "directedPair", "duration", "file", "uri", "intOrIdentifier",
	NULL
};

static const char *const response_attrs[] = {
	"identifier", "cardinality", "baseType", NULL
};

static const char *const outcome_attrs[] = {
	"identifier", "cardinality", "baseType", "view", "interpretation",
	"longInterpretation", "normalMaximum", "normalMinimum",
	"masteryValue", "externalScored", "variableIdentifierRef", NULL
};

static const char *const item_attrs[] = {
	"identifier", "title", "adaptive", "timeDependent", "toolName",
	"toolVersion", NULL
};

const char *
qti_cardinality_name(enum qti_cardinality c)
{
	return (cardinality_names[c]);
}

const char *
qti_base_type_name(enum qti_base_type t)
{
	return (t == QTI_BT_NONE ? "none" : base_type_names[t]);
}

static int
name_index(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return (i);
	return (-1);
}

const struct qti_response_decl *
qti_item_response(const struct qti_item *item, const char *identifier)
{
	size_t i;

	for (i = 0; i < item->nresponses; i++)
		if (strcmp(item->responses[i].identifier, identifier) == 0)
			return (&item->responses[i]);
	return (NULL);
}

static void
decl_types(struct qti_parse *p, xmlNodePtr n, struct qti_response_decl *d)
{
	char *card = qti_attr(n, "cardinality"), *bt = qti_attr(n, "baseType");
	int i;

	if (card == NULL)
		problems_add(p->problems, "%s: responseDeclaration '%s' has no"
		    " cardinality", p->subject, d->identifier);
	else if ((i = name_index(cardinality_names, card)) < 0)
		problems_add(p->problems, "%s: responseDeclaration '%s' has"
		    " the unknown cardinality '%s'", p->subject, d->identifier,
		    card);
	else
		d->cardinality = (enum qti_cardinality)i;

	if (bt == NULL && d->cardinality != QTI_CARD_RECORD)
		problems_add(p->problems, "%s: responseDeclaration '%s' has no"
		    " baseType", p->subject, d->identifier);
	else if (bt != NULL && ((i = name_index(base_type_names, bt)) <= 0))
		problems_add(p->problems, "%s: responseDeclaration '%s' has"
		    " the unknown baseType '%s'", p->subject, d->identifier,
		    bt);
	else if (bt != NULL)
		d->base_type = (enum qti_base_type)i;
	xmlFree(card);
	xmlFree(bt);
}

static void
decl_parse(struct qti_parse *p, xmlNodePtr n, size_t *cap)
{
	struct qti_item *item = p->item;
	struct qti_response_decl *d;
	xmlNodePtr k;
	char *id;

	qti_attrs_check(p, n, response_attrs, p->problems);
	if ((id = qti_attr(n, "identifier")) == NULL) {
		problems_add(p->problems, "%s: responseDeclaration without an"
		    " identifier (line %ld)", p->subject, xmlGetLineNo(n));
		return;
	}
	if (!qti_identifier_valid(id))
		problems_add(p->problems, "%s: responseDeclaration identifier"
		    " '%s' is not a valid QTI identifier", p->subject, id);
	if (item->nresponses == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		item->responses = xrealloc(item->responses,
		    *cap * sizeof *item->responses);
	}
	d = &item->responses[item->nresponses];
	memset(d, 0, sizeof *d);
	d->identifier = xstrdup(id);
	xmlFree(id);
	decl_types(p, n, d);
	item->nresponses++;

	if (xmlHashAddEntry(p->responses, (xmlChar *)d->identifier,
	    (void *)(uintptr_t)item->nresponses) != 0)
		problems_add(p->problems, "%s: response '%s' is declared twice",
		    p->subject, d->identifier);
	for (k = n->children; k != NULL; k = k->next)
		if (qti_is(k, "correctResponse"))
			item->has_correct_response = 1;
}

/*
 * An xsi:schemaLocation that names a schema examstick does not know
 * means the item relies on an extension whose content cannot be checked.
 */
static void
schema_check(struct qti_parse *p, xmlNodePtr root)
{
	xmlChar *loc = xmlGetNsProp(root, (const xmlChar *)"schemaLocation",
	    (const xmlChar *)NS_XSI);
	char *save = NULL, *tok;
	int i = 0;

	if (loc == NULL)
		return;
	for (tok = strtok_r((char *)loc, " \t\r\n", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t\r\n", &save), i++) {
		if (i % 2 == 0 && !qti_ns_known((xmlChar *)tok))
			problems_add(p->problems, "%s: xsi:schemaLocation names"
			    " the unknown schema '%s'; examstick cannot check"
			    " what it adds to the item", p->subject, tok);
	}
	xmlFree(loc);
}

/*
 * Read the declarations and find the body.  The schema puts declarations
 * before itemBody, so the body can check its references against them.
 */
static xmlNodePtr
item_children(struct qti_parse *p, xmlNodePtr root)
{
	static const char *const ignored[] = {
		"templateDeclaration", "stylesheet", "modalFeedback", NULL
	};
	xmlNodePtr k, body = NULL;
	size_t cap = 0;

	for (k = root->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || !qti_is_qti(k))
			continue;
		if (qti_is(k, "responseDeclaration"))
			decl_parse(p, k, &cap);
		else if (qti_is(k, "outcomeDeclaration"))
			qti_attrs_check(p, k, outcome_attrs, p->warnings);
		else if (qti_is(k, "templateProcessing"))
			problems_add(p->problems, "%s: templateProcessing makes"
			    " a variant of the item per candidate, which the"
			    " Examiner does not do", p->subject);
		else if (qti_is(k, "responseProcessing"))
			p->item->has_response_processing = 1;
		else if (qti_is(k, "itemBody") && body != NULL)
			problems_add(p->problems, "%s: more than one itemBody",
			    p->subject);
		else if (qti_is(k, "itemBody"))
			body = k;
		else if (name_index(ignored, (const char *)k->name) < 0)
			problems_add(p->warnings, "%s: unknown element '%s'"
			    " ignored (line %ld)", p->subject,
			    (const char *)k->name, xmlGetLineNo(k));
	}
	return (body);
}

static int
text_empty(const struct qti_text *t)
{
	return (t->nblocks == 0);
}

static void
body_parse(struct qti_parse *p, xmlNodePtr body)
{
	struct qti_ctx c;
	char *dir;

	if (body == NULL) {
		problems_add(p->problems, "%s: the item has no itemBody",
		    p->subject);
		return;
	}
	dir = qti_attr(body, "dir");
	qti_ctx_init(&c, dir != NULL && strcmp(dir, "rtl") == 0);
	xmlFree(dir);
	qti_text_build(p, &p->item->body, body, &c, NULL);
	if (text_empty(&p->item->body) && p->item->ninteractions == 0 &&
	    p->problems->n == 0)
		problems_add(p->problems, "%s: the item body is empty",
		    p->subject);
}

static char *
subject_name(const char *id)
{
	char *subject;

	xasprintf(&subject, "item '%s'", id);
	return (subject);
}

static struct qti_item *
item_new(xmlNodePtr root, int version, const char *name)
{
	struct qti_item *item = xcalloc(1, sizeof *item);
	char *s;

	item->version = (enum qti_version)version;
	item->href = xstrdup(name);
	s = qti_attr(root, "identifier");
	item->declared_identifier = xstrdup(s != NULL ? s : "");
	item->identifier = xstrdup(item->declared_identifier);
	xmlFree(s);
	s = qti_attr(root, "title");
	item->title = xstrdup(s != NULL ? s : "");
	xmlFree(s);
	item->adaptive = qti_attr_bool(root, "adaptive", 0);
	return (item);
}

static void
item_check_root(struct qti_parse *p, xmlNodePtr root)
{
	struct qti_item *item = p->item;

	qti_attrs_check(p, root, item_attrs, p->warnings);
	if (*item->declared_identifier == '\0')
		problems_add(p->problems, "%s: assessmentItem has no"
		    " identifier", p->subject);
	if (*item->title == '\0')
		problems_add(p->warnings, "%s: assessmentItem has no title",
		    p->subject);
	if (item->adaptive)
		problems_add(p->problems, "%s: adaptive items need response"
		    " processing during the test, which the Examiner does"
		    " not do", p->subject);
	schema_check(p, root);
}

struct qti_item *
qti_item_from_doc(xmlDocPtr doc, const char *name, char *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), body;
	struct qti_parse p;
	struct qti_item *item;
	const char *reason;
	char *subject;
	int version;

	reason = qti_root_reason(root, "assessmentItem", &version);
	if (reason != NULL && version >= 0)
		return (errf(err, "%s: the root element '%s' is not an"
		    " assessmentItem", name, (const char *)root->name), NULL);
	if (reason != NULL)
		return (errf(err, "%s: %s", name, reason), NULL);

	item = item_new(root, version, name);
	subject = subject_name(*item->declared_identifier != '\0' ?
	    item->declared_identifier : name);
	memset(&p, 0, sizeof p);
	p.item = item;
	p.problems = &item->problems;
	p.warnings = &item->warnings;
	p.subject = subject;
	p.responses = xmlHashCreate(8);

	item_check_root(&p, root);
	body = item_children(&p, root);
	body_parse(&p, body);
	qti_interactions_check(&p);

	xmlHashFree(p.responses, NULL);
	free(subject);
	return (item);
}

struct qti_item *
qti_item_parse(const char *buf, size_t len, const char *name, char *err)
{
	struct qti_item *item;
	xmlDocPtr doc;

	if ((doc = qti_xml_read(buf, len, name, err)) == NULL)
		return (NULL);
	item = qti_item_from_doc(doc, name, err);
	xmlFreeDoc(doc);
	return (item);
}

static void
choices_free(struct qti_choice *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i].identifier);
		qti_text_free(&list[i].content);
	}
	free(list);
}

static void
interaction_free(struct qti_interaction *in)
{
	free(in->response_id);
	qti_text_free(&in->prompt);
	choices_free(in->choices, in->nchoices);
	choices_free(in->targets, in->ntargets);
	qti_text_free(&in->content);
	free(in->pattern_mask);
	free(in->placeholder);
}

void
qti_item_free(struct qti_item *item)
{
	size_t i;

	if (item == NULL)
		return;
	free(item->identifier);
	free(item->declared_identifier);
	free(item->title);
	free(item->href);
	free(item->category);
	for (i = 0; i < item->nresponses; i++)
		free(item->responses[i].identifier);
	free(item->responses);
	for (i = 0; i < item->ninteractions; i++)
		interaction_free(&item->interactions[i]);
	free(item->interactions);
	qti_text_free(&item->body);
	problems_free(&item->problems);
	problems_free(&item->warnings);
	for (i = 0; i < item->ninteraction_names; i++)
		free(item->interaction_names[i]);
	free(item->interaction_names);
	free(item);
}
