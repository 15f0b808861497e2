/*
 * Interactions.  The ones text mode can show are read into the model with
 * their prompts and choices.  Every other kind makes the item not
 * deliverable, with the reason.
 */
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

struct itype {
	const char	*name;
	int		 type;		/* enum qti_interaction_type, or -1 */
	int		 block;
	const char	*reason;	/* why text mode cannot show it */
};

#define GRAPHICAL	"needs a graphical screen; text mode cannot show it"

static const struct itype itypes[] = {
	{ "choiceInteraction", QTI_CHOICE, 1, NULL },
	{ "orderInteraction", QTI_ORDER, 1, NULL },
	{ "textEntryInteraction", QTI_TEXT_ENTRY, 0, NULL },
	{ "inlineChoiceInteraction", QTI_INLINE_CHOICE, 0, NULL },
	{ "matchInteraction", QTI_MATCH, 1, NULL },
	{ "associateInteraction", QTI_ASSOCIATE, 1, NULL },
	{ "gapMatchInteraction", QTI_GAP_MATCH, 1, NULL },
	{ "extendedTextInteraction", QTI_EXTENDED_TEXT, 1, NULL },
	{ "drawingInteraction", -1, 1, GRAPHICAL },
	{ "hotspotInteraction", -1, 1, GRAPHICAL },
	{ "graphicOrderInteraction", -1, 1, GRAPHICAL },
	{ "graphicAssociateInteraction", -1, 1, GRAPHICAL },
	{ "graphicGapMatchInteraction", -1, 1, GRAPHICAL },
	{ "selectPointInteraction", -1, 1, GRAPHICAL },
	{ "positionObjectInteraction", -1, 1, GRAPHICAL },
	{ "positionObjectStage", -1, 1, GRAPHICAL },
	{ "hottextInteraction", -1, 1, "is not supported in text mode;"
	    " a choiceInteraction can ask the same question" },
	{ "sliderInteraction", -1, 1, "needs a slider control, which text"
	    " mode does not have" },
	{ "mediaInteraction", -1, 1, "needs audio or video playback; text"
	    " mode cannot play it" },
	{ "uploadInteraction", -1, 1, "needs a file upload, which the"
	    " Examiner does not offer" },
	{ "customInteraction", -1, 1, "runs the author's own code, which the"
	    " Examiner does not run" },
	{ "portableCustomInteraction", -1, 1, "runs the author's own code,"
	    " which the Examiner does not run" },
	{ "endAttemptInteraction", -1, 0, "ends the attempt for a hint or"
	    " feedback, which needs response processing during the test" },
};

static const char *const choice_attrs[] = {
	"responseIdentifier", "shuffle", "maxChoices", "minChoices",
	"orientation", NULL
};
static const char *const assoc_attrs[] = {
	"responseIdentifier", "shuffle", "maxAssociations", "minAssociations",
	NULL
};
static const char *const inline_attrs[] = {
	"responseIdentifier", "shuffle", "required", NULL
};
static const char *const text_attrs[] = {
	"responseIdentifier", "base", "stringIdentifier", "expectedLength",
	"patternMask", "placeholderText", "format", "maxStrings", "minStrings",
	"expectedLines", NULL
};
static const char *const simple_choice_attrs[] = {
	"identifier", "fixed", "templateIdentifier", "showHide", NULL
};
static const char *const assoc_choice_attrs[] = {
	"identifier", "fixed", "templateIdentifier", "showHide", "matchGroup",
	"matchMax", "matchMin", "objectLabel", "top", "left", NULL
};
static const char *const gap_attrs[] = {
	"identifier", "fixed", "templateIdentifier", "showHide", "matchGroup",
	"required", NULL
};
static const char *const no_attrs[] = { NULL };

/* Element names, other than the interaction's own, that content skips. */
static const char *const gap_match_parts[] = {
	"prompt", "gapText", "gapImg", NULL
};

static const struct itype *
itype_lookup(const xmlChar *name)
{
	size_t i;

	for (i = 0; i < sizeof itypes / sizeof *itypes; i++)
		if (strcmp((const char *)name, itypes[i].name) == 0)
			return (&itypes[i]);
	return (NULL);
}

const char *
qti_interaction_name(enum qti_interaction_type type)
{
	size_t i;

	for (i = 0; i < sizeof itypes / sizeof *itypes; i++)
		if (itypes[i].type == (int)type)
			return (itypes[i].name);
	return ("unknown");
}

static void
problem_at(struct qti_parse *p, xmlNodePtr n, const char *fmt,
    const char *arg)
{
	char *message;

	xasprintf(&message, fmt, arg);
	problems_add(p->problems, "%s: %s (line %ld)", p->subject, message,
	    xmlGetLineNo(n));
	free(message);
}

static void
record_name(struct qti_parse *p, const xmlChar *name)
{
	struct qti_item *item = p->item;
	size_t n;

	if (item == NULL)
		return;
	n = item->ninteraction_names;
	/* Names come one at a time: grow when n reaches a power of two. */
	if ((n & (n - 1)) == 0)
		item->interaction_names = xrealloc(item->interaction_names,
		    (n ? 2 * n : 1) * sizeof *item->interaction_names);
	item->interaction_names[n] = xstrdup((const char *)name);
	item->ninteraction_names++;
}

static int
int_attr(struct qti_parse *p, xmlNodePtr n, const char *name, int def)
{
	int bad = 0, v;

	v = qti_attr_int(n, name, def, &bad);
	if (bad)
		problem_at(p, n, "attribute %s is not an integer", name);
	else if (v < 0) {
		problem_at(p, n, "attribute %s is negative", name);
		v = def;
	}
	return (v);
}

static void
choice_add(struct qti_choice **list, size_t *n, size_t *cap,
    struct qti_choice **out)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*list = xrealloc(*list, *cap * sizeof **list);
	}
	*out = &(*list)[(*n)++];
	memset(*out, 0, sizeof **out);
}

/* Identifier, fixed and match limits of any choice-like element. */
static void
choice_common(struct qti_parse *p, xmlNodePtr n, struct qti_choice *ch,
    int match_max_default)
{
	char *tmpl;

	ch->identifier = qti_attr_dup(n, "identifier");
	if (ch->identifier == NULL)
		problem_at(p, n, "%s has no identifier", (const char *)n->name);
	else if (!qti_identifier_valid(ch->identifier))
		problem_at(p, n, "identifier '%s' is not a valid QTI"
		    " identifier", ch->identifier);
	ch->fixed = qti_attr_bool(n, "fixed", 0);
	ch->match_max = int_attr(p, n, "matchMax", match_max_default);
	ch->match_min = int_attr(p, n, "matchMin", 0);
	if ((tmpl = qti_attr(n, "templateIdentifier")) != NULL) {
		problem_at(p, n, "choice shown or hidden by template variable"
		    " '%s' is not supported", tmpl);
		xmlFree(tmpl);
	}
}

static void
choice_parse(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_choice *ch, const char *const *attrs)
{
	qti_attrs_check(p, n, attrs, p->warnings);
	choice_common(p, n, ch, 1);
	qti_text_build(p, &ch->content, n, c, NULL);
}

/* Whether a gapImg's img or object child carries text to show. */
static int
gap_img_has_text(xmlNodePtr n)
{
	xmlNodePtr k;
	xmlChar *text;
	int yes = 0;

	for (k = n->children; k != NULL && !yes; k = k->next) {
		if (qti_is(k, "img"))
			text = xmlGetNoNsProp(k, (const xmlChar *)"alt");
		else if (qti_is(k, "object"))
			text = xmlNodeGetContent(k);
		else
			continue;
		yes = !qti_is_blank(text);
		xmlFree(text);
	}
	return (yes);
}

/* A gapImg shows as its label or alt text.  Without either, the candidate
 * could not distinguish it from the others. */
static void
gap_img_parse(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_choice *ch)
{
	struct qti_builder tb;
	char *label = qti_attr(n, "objectLabel");

	qti_attrs_check(p, n, assoc_choice_attrs, p->warnings);
	choice_common(p, n, ch, 1);
	if (label != NULL && !qti_is_blank((xmlChar *)label)) {
		qti_tb_init(&tb, p, &ch->content);
		qti_tb_word(&tb, c, QTI_ATTR_IMAGE, label);
		qti_tb_close(&tb, 0);
	} else if (gap_img_has_text(n))
		qti_text_build(p, &ch->content, n, c, NULL);
	else
		problem_at(p, n, "gapImg '%s' has no text to show: give it an"
		    " objectLabel, or its image alt text",
		    ch->identifier != NULL ? ch->identifier : "");
	xmlFree(label);
}

/* Anything but the listed children is a structural error. */
static int
allowed_child(struct qti_parse *p, xmlNodePtr k, const char *owner,
    const char *const *names)
{
	int i;

	if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
		if (!qti_is_blank(k->content))
			problem_at(p, k, "text directly inside %s", owner);
		return (0);
	}
	if (k->type != XML_ELEMENT_NODE)
		return (0);
	for (i = 0; names[i] != NULL; i++)
		if (qti_is(k, names[i]) && qti_is_qti(k))
			return (1);
	problem_at(p, k, "element '%s' is not allowed there",
	    (const char *)k->name);
	return (0);
}

static void
prompt_parse(struct qti_parse *p, xmlNodePtr k, const struct qti_ctx *c,
    struct qti_interaction *in)
{
	qti_attrs_check(p, k, no_attrs, p->warnings);
	qti_text_free(&in->prompt);
	qti_text_build(p, &in->prompt, k, c, NULL);
}

/* choice, order, associate and inline choice: a prompt and choices. */
static void
parse_choices(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_interaction *in, const char *choice_name,
    const char *const *attrs)
{
	const char *names[] = { "prompt", choice_name, NULL };
	struct qti_choice *ch;
	size_t cap = 0;
	xmlNodePtr k;

	for (k = n->children; k != NULL; k = k->next) {
		if (!allowed_child(p, k, (const char *)n->name, names))
			continue;
		if (qti_is(k, "prompt")) {
			prompt_parse(p, k, c, in);
			continue;
		}
		choice_add(&in->choices, &in->nchoices, &cap, &ch);
		choice_parse(p, k, c, ch, attrs);
	}
}

static void
parse_match_set(struct qti_parse *p, xmlNodePtr set, const struct qti_ctx *c,
    struct qti_choice **list, size_t *n)
{
	static const char *const names[] = { "simpleAssociableChoice", NULL };
	struct qti_choice *ch;
	size_t cap = 0;
	xmlNodePtr k;

	for (k = set->children; k != NULL; k = k->next) {
		if (!allowed_child(p, k, "simpleMatchSet", names))
			continue;
		choice_add(list, n, &cap, &ch);
		choice_parse(p, k, c, ch, assoc_choice_attrs);
	}
}

static void
parse_match(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_interaction *in)
{
	static const char *const names[] = {
		"prompt", "simpleMatchSet", NULL
	};
	xmlNodePtr k;
	int sets = 0;

	for (k = n->children; k != NULL; k = k->next) {
		if (!allowed_child(p, k, "matchInteraction", names))
			continue;
		if (qti_is(k, "prompt"))
			prompt_parse(p, k, c, in);
		else if (sets++ == 0)
			parse_match_set(p, k, c, &in->choices, &in->nchoices);
		else if (sets == 2)
			parse_match_set(p, k, c, &in->targets, &in->ntargets);
	}
	if (sets != 2)
		problem_at(p, n, "matchInteraction has %s simpleMatchSet"
		    " elements instead of 2", sets < 2 ? "fewer" : "more");
}

/* gap match: prompt, gap texts, then content in which the gaps sit. */
static void
parse_gap_match(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_interaction *in, int index)
{
	struct qti_ctx content = *c;
	struct qti_choice *ch;
	size_t cap = 0;
	xmlNodePtr k;

	for (k = n->children; k != NULL; k = k->next) {
		if (qti_is(k, "prompt") && qti_is_qti(k))
			prompt_parse(p, k, c, in);
		else if (qti_is(k, "gapText") && qti_is_qti(k)) {
			choice_add(&in->choices, &in->nchoices, &cap, &ch);
			choice_parse(p, k, c, ch, assoc_choice_attrs);
		} else if (qti_is(k, "gapImg") && qti_is_qti(k)) {
			choice_add(&in->choices, &in->nchoices, &cap, &ch);
			gap_img_parse(p, k, c, ch);
		}
	}
	content.gap_owner = index;
	qti_text_build(p, &in->content, n, &content, gap_match_parts);
}

int
qti_gap_add(struct qti_parse *p, int owner, xmlNodePtr gap)
{
	struct qti_interaction *in = &p->item->interactions[owner];
	struct qti_choice *ch;
	size_t n = in->ntargets;

	/* Gaps come one at a time: grow when n reaches a power of two. */
	if ((n & (n - 1)) == 0)
		in->targets = xrealloc(in->targets,
		    (n ? 2 * n : 1) * sizeof *in->targets);
	ch = &in->targets[in->ntargets++];
	memset(ch, 0, sizeof *ch);
	qti_attrs_check(p, gap, gap_attrs, p->warnings);
	choice_common(p, gap, ch, 0);
	ch->match_min = qti_attr_bool(gap, "required", 0);
	return ((int)n);
}

static void
parse_text(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    struct qti_interaction *in)
{
	static const char *const names[] = { "prompt", NULL };
	char *sid;
	xmlNodePtr k;

	if ((sid = qti_attr(n, "stringIdentifier")) != NULL &&
	    xmlHashLookup(p->responses, (xmlChar *)sid) == NULL)
		problem_at(p, n, "stringIdentifier '%s' has no"
		    " responseDeclaration", sid);
	xmlFree(sid);
	in->expected_length = int_attr(p, n, "expectedLength", 0);
	in->expected_lines = int_attr(p, n, "expectedLines", 0);
	in->pattern_mask = qti_attr_dup(n, "patternMask");
	in->placeholder = qti_attr_dup(n, "placeholderText");
	if (in->type == QTI_TEXT_ENTRY) {
		for (k = n->children; k != NULL; k = k->next)
			allowed_child(p, k, "textEntryInteraction", no_attrs);
		return;
	}
	in->min_choices = int_attr(p, n, "minStrings", 0);
	in->max_choices = int_attr(p, n, "maxStrings", 0);
	for (k = n->children; k != NULL; k = k->next)
		if (allowed_child(p, k, "extendedTextInteraction", names))
			prompt_parse(p, k, c, in);
}

static void
parse_limits(struct qti_parse *p, xmlNodePtr n, struct qti_interaction *in)
{
	switch (in->type) {
	case QTI_CHOICE:
		in->max_choices = int_attr(p, n, "maxChoices", 1);
		in->min_choices = int_attr(p, n, "minChoices", 0);
		break;
	case QTI_ORDER:
		in->max_choices = int_attr(p, n, "maxChoices", 0);
		in->min_choices = int_attr(p, n, "minChoices", 0);
		break;
	case QTI_MATCH:
	case QTI_ASSOCIATE:
		in->max_choices = int_attr(p, n, "maxAssociations", 1);
		in->min_choices = int_attr(p, n, "minAssociations", 0);
		break;
	case QTI_GAP_MATCH:
		in->max_choices = int_attr(p, n, "maxAssociations", 0);
		in->min_choices = int_attr(p, n, "minAssociations", 0);
		break;
	case QTI_INLINE_CHOICE:
		in->max_choices = 1;
		in->min_choices = qti_attr_bool(n, "required", 0);
		break;
	case QTI_TEXT_ENTRY:
	case QTI_EXTENDED_TEXT:
		break;
	}
}

static void
parse_body(struct qti_parse *p, xmlNodePtr n, const struct qti_ctx *c,
    int index)
{
	struct qti_interaction *in = &p->item->interactions[index];

	switch (in->type) {
	case QTI_CHOICE:
	case QTI_ORDER:
		qti_attrs_check(p, n, choice_attrs, p->warnings);
		parse_choices(p, n, c, in, "simpleChoice",
		    simple_choice_attrs);
		break;
	case QTI_ASSOCIATE:
		qti_attrs_check(p, n, assoc_attrs, p->warnings);
		parse_choices(p, n, c, in, "simpleAssociableChoice",
		    assoc_choice_attrs);
		break;
	case QTI_INLINE_CHOICE:
		qti_attrs_check(p, n, inline_attrs, p->warnings);
		parse_choices(p, n, c, in, "inlineChoice",
		    simple_choice_attrs);
		break;
	case QTI_MATCH:
		qti_attrs_check(p, n, assoc_attrs, p->warnings);
		parse_match(p, n, c, in);
		break;
	case QTI_GAP_MATCH:
		qti_attrs_check(p, n, assoc_attrs, p->warnings);
		parse_gap_match(p, n, c, in, index);
		break;
	case QTI_TEXT_ENTRY:
	case QTI_EXTENDED_TEXT:
		qti_attrs_check(p, n, text_attrs, p->warnings);
		parse_text(p, n, c, in);
		break;
	}
}

static int
interaction_new(struct qti_parse *p, xmlNodePtr n, int type)
{
	struct qti_item *item = p->item;
	struct qti_interaction *in;

	if (item->ninteractions == p->icap) {
		p->icap = p->icap ? p->icap * 2 : 4;
		item->interactions = xrealloc(item->interactions,
		    p->icap * sizeof *item->interactions);
	}
	in = &item->interactions[item->ninteractions];
	memset(in, 0, sizeof *in);
	in->type = (enum qti_interaction_type)type;
	in->response_id = qti_attr_dup(n, "responseIdentifier");
	in->shuffle = qti_attr_bool(n, "shuffle", 0);
	parse_limits(p, n, in);
	return ((int)item->ninteractions++);
}

int
qti_interaction_parse(struct qti_parse *p, xmlNodePtr n,
    const struct qti_ctx *pc, int *is_block)
{
	const struct itype *t = itype_lookup(n->name);
	struct qti_ctx c;
	int index;

	record_name(p, n->name);
	*is_block = t == NULL || t->block;
	if (t == NULL) {
		problem_at(p, n, "'%s' is not a QTI 2.x interaction",
		    (const char *)n->name);
		return (-1);
	}
	if (t->type < 0) {
		problems_add(p->problems, "%s: %s %s", p->subject, t->name,
		    t->reason);
		return (-1);
	}
	if (p->item == NULL || p->in_interaction) {
		problem_at(p, n, "%s is not allowed there", t->name);
		return (-1);
	}
	qti_ctx_init(&c, pc->rtl);
	index = interaction_new(p, n, t->type);
	p->in_interaction = 1;
	parse_body(p, n, &c, index);
	p->in_interaction = 0;
	return (index);
}
