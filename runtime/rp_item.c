/*
 * Reading what marking needs from an assessmentItem: its response,
 * outcome and template declarations, and its responseProcessing, which
 * is either the item's own rules or one of the standard templates.  The
 * templates are written out below as rules, so one evaluator runs both.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "qti_private.h"
#include "rp_private.h"

/*
 * The standard templates as QTI 2.1 and 2.2 publish them.  The QTI 2.0
 * map_response template sets SCORE to integer 0 for a NULL response
 * where these set float 0; the two give the same value.
 */
static const char match_correct_rules[] =
	"<responseProcessing><responseCondition><responseIf>"
	"<match><variable identifier='RESPONSE'/>"
	"<correct identifier='RESPONSE'/></match>"
	"<setOutcomeValue identifier='SCORE'>"
	"<baseValue baseType='float'>1</baseValue></setOutcomeValue>"
	"</responseIf><responseElse>"
	"<setOutcomeValue identifier='SCORE'>"
	"<baseValue baseType='float'>0</baseValue></setOutcomeValue>"
	"</responseElse></responseCondition></responseProcessing>";

static const char map_response_rules[] =
	"<responseProcessing><responseCondition><responseIf>"
	"<isNull><variable identifier='RESPONSE'/></isNull>"
	"<setOutcomeValue identifier='SCORE'>"
	"<baseValue baseType='float'>0</baseValue></setOutcomeValue>"
	"</responseIf><responseElse>"
	"<setOutcomeValue identifier='SCORE'>"
	"<mapResponse identifier='RESPONSE'/></setOutcomeValue>"
	"</responseElse></responseCondition></responseProcessing>";

static const char map_response_point_rules[] =
	"<responseProcessing><responseCondition><responseIf>"
	"<isNull><variable identifier='RESPONSE'/></isNull>"
	"<setOutcomeValue identifier='SCORE'>"
	"<baseValue baseType='float'>0</baseValue></setOutcomeValue>"
	"</responseIf><responseElse>"
	"<setOutcomeValue identifier='SCORE'>"
	"<mapResponsePoint identifier='RESPONSE'/></setOutcomeValue>"
	"</responseElse></responseCondition></responseProcessing>";

int
rp_is(xmlNodePtr n, const char *name)
{
	return (n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0);
}

xmlNodePtr
rp_next_element(xmlNodePtr n)
{
	for (n = n->next; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return (n);
	return (NULL);
}

xmlNodePtr
rp_first_element(xmlNodePtr parent)
{
	xmlNodePtr n = parent->children;

	if (n == NULL || n->type == XML_ELEMENT_NODE)
		return (n);
	return (rp_next_element(n));
}

char *
rp_attr(xmlNodePtr n, const char *name)
{
	return (qti_attr_dup(n, name));
}

const char *
rp_kind_name(enum rp_kind k)
{
	static const char *const names[] = {
		"none", "match_correct", "map_response",
		"map_response_point", "custom"
	};

	return (names[k]);
}

const struct rp_decl *
rp_decl_find(const struct rp_item *item, const char *id)
{
	size_t i;

	for (i = 0; i < item->ndecls; i++)
		if (strcmp(item->decls[i].identifier, id) == 0)
			return (&item->decls[i]);
	return (NULL);
}

static int
value_read(xmlNodePtr v, enum qti_base_type type, struct rp_atom *a,
    char *err)
{
	char *text = (char *)xmlNodeGetContent(v), *bt = rp_attr(v, "baseType");
	int rc;

	/* Only the fields of a record carry their own baseType. */
	if (type == QTI_BT_NONE && bt != NULL &&
	    rp_base_type_parse(bt, &type) == -1)
		rc = errf(err, "line %ld: value has an unknown baseType '%s'",
		    xmlGetLineNo(v), bt);
	else if (rp_atom_parse(a, type, text != NULL ? text : "") == -1)
		rc = errf(err, "line %ld: '%s' is not a valid %s",
		    xmlGetLineNo(v), text != NULL ? text : "",
		    qti_base_type_name(type));
	else
		rc = 0;
	free(bt);
	xmlFree(text);
	return (rc);
}

int
rp_values_read(xmlNodePtr parent, enum qti_cardinality card,
    enum qti_base_type type, struct rp_value *out, char *err)
{
	struct rp_atom a;
	xmlNodePtr v;
	size_t cap = 0;

	rp_value_null(out, card, type);
	for (v = rp_first_element(parent); v != NULL; v = rp_next_element(v)) {
		if (!rp_is(v, "value"))
			continue;
		if (value_read(v, type, &a, err) == -1) {
			rp_value_free(out);
			return (-1);
		}
		if (card == QTI_CARD_RECORD) {
			out->fields = xrealloc(out->fields, ++cap *
			    sizeof *out->fields);
			out->fields[out->n] = rp_attr(v, "fieldIdentifier");
			if (out->fields[out->n] == NULL)
				out->fields[out->n] = xstrdup("");
		}
		rp_value_push(out, &a);
		rp_atom_free(&a);
	}
	if (card == QTI_CARD_SINGLE && out->n > 1) {
		rp_value_free(out);
		return (errf(err, "line %ld: %s of a single value has %s",
		    xmlGetLineNo(parent), (const char *)parent->name,
		    "more than one value"));
	}
	if (card == QTI_CARD_SINGLE && out->n == 1 &&
	    type == QTI_BT_STRING && out->v[0].s[0] == '\0')
		rp_value_free(out);
	return (0);
}

static int
decl_number(xmlNodePtr n, const char *name, int *has, double *out,
    char *err)
{
	char *s = rp_attr(n, name);
	int rc = 0;

	*has = 0;
	if (s == NULL)
		return (0);
	if (rp_parse_float(s, out) == -1)
		rc = errf(err, "line %ld: %s '%s' is not a number",
		    xmlGetLineNo(n), name, s);
	else
		*has = 1;
	free(s);
	return (rc);
}

/* A repeated child element replaces the one before it. */
static int
decl_children(xmlNodePtr n, struct rp_decl *d, char *err)
{
	xmlNodePtr c;
	int rc = 0;

	for (c = rp_first_element(n); c != NULL && rc == 0;
	    c = rp_next_element(c)) {
		if (rp_is(c, "defaultValue")) {
			rp_value_free(&d->default_value);
			rc = rp_values_read(c, d->card, d->type,
			    &d->default_value, err);
		} else if (rp_is(c, "correctResponse") &&
		    d->kind == RP_VAR_RESPONSE) {
			rp_value_free(&d->correct);
			rc = rp_values_read(c, d->card, d->type, &d->correct,
			    err);
		} else if (rp_is(c, "mapping") &&
		    d->kind == RP_VAR_RESPONSE) {
			rp_mapping_free(d->mapping);
			rc = rp_mapping_read(c, d, &d->mapping, err);
		} else if (rp_is(c, "areaMapping") &&
		    d->kind == RP_VAR_RESPONSE) {
			rp_mapping_free(d->area_mapping);
			rc = rp_area_mapping_read(c, &d->area_mapping, err);
		}
	}
	return (rc);
}

static int
decl_read(xmlNodePtr n, enum rp_var_kind kind, struct rp_decl *d, char *err)
{
	char *card = rp_attr(n, "cardinality"), *bt = rp_attr(n, "baseType");
	int rc = -1;

	memset(d, 0, sizeof *d);
	d->kind = kind;
	d->identifier = rp_attr(n, "identifier");
	rp_value_null(&d->default_value, QTI_CARD_SINGLE, QTI_BT_NONE);
	rp_value_null(&d->correct, QTI_CARD_SINGLE, QTI_BT_NONE);
	if (d->identifier == NULL)
		errf(err, "line %ld: %s has no identifier", xmlGetLineNo(n),
		    (const char *)n->name);
	else if (rp_cardinality_parse(card, &d->card) == -1)
		errf(err, "line %ld: %s '%s' has no valid cardinality",
		    xmlGetLineNo(n), (const char *)n->name, d->identifier);
	else if (d->card != QTI_CARD_RECORD &&
	    rp_base_type_parse(bt, &d->type) == -1)
		errf(err, "line %ld: %s '%s' has no valid baseType",
		    xmlGetLineNo(n), (const char *)n->name, d->identifier);
	else if (decl_number(n, "normalMaximum", &d->has_normal_max,
	    &d->normal_max, err) == 0)
		rc = decl_children(n, d, err);
	free(card);
	free(bt);
	return (rc);
}

static void
decl_free(struct rp_decl *d)
{
	free(d->identifier);
	rp_value_free(&d->default_value);
	rp_value_free(&d->correct);
	rp_mapping_free(d->mapping);
	rp_mapping_free(d->area_mapping);
}

static int
padded(const char *s)
{
	size_t n = strlen(s);

	return (n > 0 && (isspace((unsigned char)s[0]) ||
	    isspace((unsigned char)s[n - 1])));
}

/*
 * Strings compare exactly, so a correct response or mapKey written with
 * spaces around it (often from a CDATA section on lines of its own)
 * matches only an answer typed with the same spaces.
 */
static void
padding_warn(struct rp_item *item, const struct rp_decl *d)
{
	size_t i;

	if (d->type != QTI_BT_STRING)
		return;
	for (i = 0; i < d->correct.n; i++)
		if (padded(d->correct.v[i].s))
			problems_add(&item->warnings, "%s: the correct response"
			    " has spaces or line breaks at its ends, so only an"
			    " answer typed with them matches it",
			    d->identifier);
	for (i = 0; d->mapping != NULL && i < d->mapping->n; i++)
		if (padded(d->mapping->entries[i].key.s))
			problems_add(&item->warnings, "%s: mapKey '%s' has"
			    " spaces at its ends, so only an answer typed with"
			    " them matches it", d->identifier,
			    d->mapping->entries[i].key.s);
}

static struct rp_decl *
decl_new(struct rp_item *item)
{
	item->decls = xrealloc(item->decls, (item->ndecls + 1) *
	    sizeof *item->decls);
	return (&item->decls[item->ndecls++]);
}

/*
 * The variables every item has without declaring them: numAttempts (1,
 * since a delivered item is submitted once), duration (not recorded per
 * item, so NULL) and completionStatus ("completed": the attempt ended).
 */
static void
builtins_add(struct rp_item *item)
{
	struct rp_decl *d;
	struct rp_atom a;

	if (rp_decl_find(item, "numAttempts") == NULL) {
		d = decl_new(item);
		memset(d, 0, sizeof *d);
		d->identifier = xstrdup("numAttempts");
		d->kind = RP_VAR_RESPONSE;
		d->type = QTI_BT_INTEGER;
		rp_value_integer(&d->default_value, 1);
		rp_value_null(&d->correct, QTI_CARD_SINGLE, d->type);
	}
	if (rp_decl_find(item, "duration") == NULL) {
		d = decl_new(item);
		memset(d, 0, sizeof *d);
		d->identifier = xstrdup("duration");
		d->kind = RP_VAR_RESPONSE;
		d->type = QTI_BT_FLOAT;
		rp_value_null(&d->default_value, QTI_CARD_SINGLE, d->type);
		rp_value_null(&d->correct, QTI_CARD_SINGLE, d->type);
	}
	if (rp_decl_find(item, "completionStatus") == NULL) {
		d = decl_new(item);
		memset(d, 0, sizeof *d);
		d->identifier = xstrdup("completionStatus");
		d->kind = RP_VAR_OUTCOME;
		d->type = QTI_BT_IDENTIFIER;
		memset(&a, 0, sizeof a);
		a.type = QTI_BT_IDENTIFIER;
		a.s = (char *)"completed";
		rp_value_single(&d->default_value, &a);
		rp_value_null(&d->correct, QTI_CARD_SINGLE, d->type);
	}
}

/* maxChoices or maxAssociations of the interaction bound to a response. */
static void
interaction_limits(xmlNodePtr n, struct rp_item *item)
{
	struct rp_decl *d;
	char *id;
	int bad = 0, max;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		id = rp_attr(n, "responseIdentifier");
		d = id != NULL ? (struct rp_decl *)rp_decl_find(item, id) :
		    NULL;
		if (d != NULL) {
			max = qti_attr_int(n, "maxChoices", 0, &bad);
			if (max == 0)
				max = qti_attr_int(n, "maxAssociations", 0,
				    &bad);
			d->max_choices = bad || max < 0 ? 0 : max;
		}
		free(id);
		interaction_limits(n->children, item);
	}
}

/* A template's file name folded: "rp_Match-Correct.xml" is
 * "rpmatchcorrect". */
static char *
template_key(const char *uri)
{
	const char *start = strrchr(uri, '/');
	size_t n, i, k = 0;
	char *key;

	start = start != NULL ? start + 1 : uri;
	n = strcspn(start, "?#");
	if (n >= 4 && strncasecmp(start + n - 4, ".xml", 4) == 0)
		n -= 4;
	key = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		if (start[i] != '_' && start[i] != '-')
			key[k++] = (char)tolower((unsigned char)start[i]);
	key[k] = '\0';
	return (key);
}

static enum rp_kind
template_kind(const char *uri)
{
	static const struct {
		const char	*key;
		enum rp_kind	 kind;
	} keys[] = {
		{ "matchcorrect", RP_MATCH_CORRECT },
		{ "rpmatchcorrect", RP_MATCH_CORRECT },
		{ "mapresponse", RP_MAP_RESPONSE },
		{ "rpmapresponse", RP_MAP_RESPONSE },
		{ "mapresponsepoint", RP_MAP_RESPONSE_POINT },
		{ "rpmapresponsepoint", RP_MAP_RESPONSE_POINT },
	};
	enum rp_kind kind = RP_NONE;
	char *key;
	size_t i;

	if (uri == NULL)
		return (RP_NONE);
	key = template_key(uri);
	for (i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i].key) == 0)
			kind = keys[i].kind;
	free(key);
	return (kind);
}

/* The template URI names IMS's published templates. */
static int
template_uri_ims(const char *uri)
{
	return (strstr(uri, "//www.imsglobal.org/") != NULL ||
	    strstr(uri, "//purl.imsglobal.org/") != NULL ||
	    strstr(uri, "//imsglobal.org/") != NULL);
}

static int
template_load(struct rp_item *item, xmlNodePtr rp, char *err)
{
	char *uri = rp_attr(rp, "template"), *loc;
	const char *rules = NULL;

	loc = rp_attr(rp, "templateLocation");
	if (uri != NULL && template_uri_ims(uri))
		item->kind = template_kind(uri);
	if (item->kind == RP_NONE)
		item->kind = template_kind(loc);
	if (item->kind == RP_MATCH_CORRECT)
		rules = match_correct_rules;
	else if (item->kind == RP_MAP_RESPONSE)
		rules = map_response_rules;
	else if (item->kind == RP_MAP_RESPONSE_POINT)
		rules = map_response_point_rules;
	if (rules == NULL)
		errf(err, "%s: responseProcessing template '%s' is not one of"
		    " match_correct, map_response or map_response_point",
		    item->name, uri != NULL ? uri : (loc != NULL ? loc : ""));
	free(uri);
	free(loc);
	if (rules == NULL)
		return (-1);
	item->template_doc = xmlReadMemory(rules, (int)strlen(rules),
	    "template.xml", NULL, XML_PARSE_NONET);
	if (item->template_doc == NULL)
		abort();
	item->rules = xmlDocGetRootElement(item->template_doc);
	return (0);
}

static int
processing_load(struct rp_item *item, xmlNodePtr rp, char *err)
{
	if (rp == NULL) {
		item->kind = RP_NONE;
		return (0);
	}
	if (rp_first_element(rp) != NULL) {
		/* The item's own rules win over a template it also names. */
		item->kind = RP_CUSTOM;
		item->rules = rp;
		return (0);
	}
	return (template_load(item, rp, err));
}

static int
root_check(xmlNodePtr root, const char *name, char *err)
{
	const char *why;
	int version;

	why = qti_root_reason(root, "assessmentItem", &version);
	if (why != NULL)
		return (errf(err, "%s: %s", name, why));
	return (0);
}

static int
item_read(struct rp_item *item, xmlNodePtr root, char *err)
{
	static const struct {
		const char		*name;
		enum rp_var_kind	 kind;
	} decls[] = {
		{ "responseDeclaration", RP_VAR_RESPONSE },
		{ "outcomeDeclaration", RP_VAR_OUTCOME },
		{ "templateDeclaration", RP_VAR_TEMPLATE },
	};
	xmlNodePtr n, rp = NULL;
	char derr[ERR_LEN];
	size_t i;

	for (n = rp_first_element(root); n != NULL; n = rp_next_element(n)) {
		if (rp_is(n, "responseProcessing"))
			rp = n;
		if (rp_is(n, "templateProcessing"))
			return (errf(err, "%s: templateProcessing is not"
			    " supported: the result does not record the"
			    " template values the candidate saw", item->name));
		for (i = 0; i < sizeof decls / sizeof *decls; i++) {
			if (!rp_is(n, decls[i].name))
				continue;
			if (decl_read(n, decls[i].kind, decl_new(item),
			    derr) == -1)
				return (errf(err, "%s: %s", item->name, derr));
			padding_warn(item, &item->decls[item->ndecls - 1]);
		}
	}
	builtins_add(item);
	for (n = rp_first_element(root); n != NULL; n = rp_next_element(n))
		if (rp_is(n, "itemBody"))
			interaction_limits(n->children, item);
	if (processing_load(item, rp, err) == -1)
		return (-1);
	if (item->rules == NULL || rp_rules_check(item, item->rules,
	    derr) == 0)
		return (0);
	if (item->template_doc != NULL)
		return (errf(err, "%s: the %s template cannot run: %s",
		    item->name, rp_kind_name(item->kind), derr));
	return (errf(err, "%s: %s", item->name, derr));
}

struct rp_item *
rp_item_parse(const char *buf, size_t len, const char *name, char *err)
{
	struct rp_item *item;
	xmlNodePtr root;
	xmlDocPtr doc;

	if ((doc = qti_xml_read(buf, len, name, err)) == NULL)
		return (NULL);
	root = xmlDocGetRootElement(doc);
	if (root_check(root, name, err) == -1) {
		xmlFreeDoc(doc);
		return (NULL);
	}
	item = xcalloc(1, sizeof *item);
	item->doc = doc;
	item->name = xstrdup(name);
	item->identifier = rp_attr(root, "identifier");
	if (item->identifier == NULL)
		item->identifier = xstrdup("");
	if (item_read(item, root, err) == -1) {
		rp_item_free(item);
		return (NULL);
	}
	return (item);
}

void
rp_item_free(struct rp_item *item)
{
	size_t i;

	if (item == NULL)
		return;
	for (i = 0; i < item->ndecls; i++)
		decl_free(&item->decls[i]);
	free(item->decls);
	free(item->identifier);
	free(item->name);
	problems_free(&item->warnings);
	if (item->template_doc != NULL)
		xmlFreeDoc(item->template_doc);
	xmlFreeDoc(item->doc);
	free(item);
}

const char *
rp_item_identifier(const struct rp_item *item)
{
	return (item->identifier);
}

int
rp_item_response_type(const struct rp_item *item, const char *identifier,
    enum qti_cardinality *card, enum qti_base_type *type)
{
	const struct rp_decl *d = rp_decl_find(item, identifier);

	if (d == NULL || d->kind != RP_VAR_RESPONSE)
		return (-1);
	*card = d->card;
	*type = d->type;
	return (0);
}

enum rp_kind
rp_item_kind(const struct rp_item *item)
{
	return (item->kind);
}

const struct problems *
rp_item_warnings(const struct rp_item *item)
{
	return (&item->warnings);
}
