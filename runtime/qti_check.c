/*
 * Checks that need the whole item: each interaction bound to a declared
 * response of a fitting cardinality and base type, distinct choice
 * identifiers, choices that read differently in text mode, and limits
 * that a candidate can meet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

/* What each interaction type accepts as its response variable. */
static int
decl_fits(const struct qti_interaction *in, const struct qti_response_decl *d)
{
	enum qti_cardinality c = d->cardinality;
	enum qti_base_type t = d->base_type;
	int single = in->max_choices == 1;	/* single cardinality fits */

	switch (in->type) {
	case QTI_CHOICE:
		return (t == QTI_BT_IDENTIFIER &&
		    (c == QTI_CARD_MULTIPLE ||
		    (c == QTI_CARD_SINGLE && single)));
	case QTI_ORDER:
		return (t == QTI_BT_IDENTIFIER && c == QTI_CARD_ORDERED);
	case QTI_INLINE_CHOICE:
		return (t == QTI_BT_IDENTIFIER && c == QTI_CARD_SINGLE);
	case QTI_ASSOCIATE:
		return (t == QTI_BT_PAIR &&
		    (c == QTI_CARD_MULTIPLE ||
		    (c == QTI_CARD_SINGLE && single)));
	case QTI_MATCH:
	case QTI_GAP_MATCH:
		single = single || (in->type == QTI_GAP_MATCH &&
		    in->ntargets == 1);
		return (t == QTI_BT_DIRECTED_PAIR &&
		    (c == QTI_CARD_MULTIPLE ||
		    (c == QTI_CARD_SINGLE && single)));
	case QTI_TEXT_ENTRY:
		if (c == QTI_CARD_RECORD)
			return (1);
		return (c == QTI_CARD_SINGLE && (t == QTI_BT_STRING ||
		    t == QTI_BT_INTEGER || t == QTI_BT_FLOAT));
	case QTI_EXTENDED_TEXT:
		if (c == QTI_CARD_RECORD)
			return (1);
		return (t == QTI_BT_STRING || t == QTI_BT_INTEGER ||
		    t == QTI_BT_FLOAT);
	}
	return (0);
}

static const char *
decl_wanted(enum qti_interaction_type type)
{
	switch (type) {
	case QTI_CHOICE:
		return ("identifier, single (with maxChoices 1) or multiple");
	case QTI_ORDER:
		return ("identifier, ordered");
	case QTI_INLINE_CHOICE:
		return ("identifier, single");
	case QTI_ASSOCIATE:
		return ("pair, multiple (or single with maxAssociations 1)");
	case QTI_MATCH:
	case QTI_GAP_MATCH:
		return ("directedPair, multiple (or single with one"
		    " association)");
	case QTI_TEXT_ENTRY:
		return ("string, integer or float, single; or record");
	case QTI_EXTENDED_TEXT:
		return ("string, integer or float; or record");
	}
	return ("");
}

static void
check_binding(struct qti_parse *p, const struct qti_interaction *in,
    xmlHashTablePtr bound)
{
	const char *name = qti_interaction_name(in->type);
	const struct qti_response_decl *d;
	uintptr_t index;

	if (in->response_id == NULL) {
		problems_add(p->problems, "%s: %s has no responseIdentifier",
		    p->subject, name);
		return;
	}
	index = (uintptr_t)xmlHashLookup(p->responses,
	    (xmlChar *)in->response_id);
	if (index == 0) {
		problems_add(p->problems, "%s: %s uses response '%s', which"
		    " has no responseDeclaration", p->subject, name,
		    in->response_id);
		return;
	}
	if (xmlHashAddEntry(bound, (xmlChar *)in->response_id, (void *)1) != 0)
		problems_add(p->problems, "%s: response '%s' is used by more"
		    " than one interaction", p->subject, in->response_id);
	d = &p->item->responses[index - 1];
	if (!decl_fits(in, d))
		problems_add(p->problems, "%s: %s response '%s' is %s %s, but"
		    " it needs %s", p->subject, name, in->response_id,
		    qti_base_type_name(d->base_type),
		    qti_cardinality_name(d->cardinality),
		    decl_wanted(in->type));
}

static void
check_unique(struct qti_parse *p, const struct qti_interaction *in,
    const struct qti_choice *list, size_t n, xmlHashTablePtr seen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (list[i].identifier == NULL)
			continue;
		if (xmlHashAddEntry(seen, (xmlChar *)list[i].identifier,
		    (void *)1) != 0)
			problems_add(p->problems, "%s: %s has two choices with"
			    " identifier '%s'", p->subject,
			    qti_interaction_name(in->type),
			    list[i].identifier);
	}
}

/*
 * A choice as the text screen shows it: its text, images as their alt
 * text with a mark, and a line break between blocks.  The caller frees it.
 */
static char *
shown_text(const struct qti_text *t)
{
	char *out = xstrdup(""), *tmp;
	const struct qti_span *sp;
	size_t b, i;

	for (b = 0; b < t->nblocks; b++) {
		for (i = 0; i < t->blocks[b].nspans; i++) {
			sp = &t->blocks[b].spans[i];
			if (sp->kind != QTI_SPAN_TEXT || sp->text == NULL)
				continue;
			xasprintf(&tmp, "%s%s%s%s", out,
			    sp->attrs & QTI_ATTR_IMAGE ? "[image: " : "",
			    sp->text,
			    sp->attrs & QTI_ATTR_IMAGE ? "]" : "");
			free(out);
			out = tmp;
		}
		if (b + 1 < t->nblocks) {
			xasprintf(&tmp, "%s\n", out);
			free(out);
			out = tmp;
		}
	}
	return (out);
}

/*
 * Two choices of one set that read the same leave the candidate nothing
 * to choose by, as when each of four flags is an image with the alt text
 * "flag".  The choices and their text are named.
 */
static void
check_distinct(struct qti_parse *p, const struct qti_interaction *in,
    const struct qti_choice *list, size_t n)
{
	char **texts = xcalloc(n + 1, sizeof(*texts));
	size_t i, j;

	for (i = 0; i < n; i++)
		texts[i] = shown_text(&list[i].content);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(texts[i], texts[j]) != 0)
				continue;
			problems_add(p->problems, "%s: %s choices '%s' and "
			    "'%s' read the same in text mode: \"%.60s\"",
			    p->subject, qti_interaction_name(in->type),
			    list[j].identifier != NULL ? list[j].identifier :
			    "?", list[i].identifier != NULL ?
			    list[i].identifier : "?", texts[i]);
			break;
		}
	}
	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
}

static void
limit_names(enum qti_interaction_type type, const char **max,
    const char **min)
{
	switch (type) {
	case QTI_MATCH:
	case QTI_ASSOCIATE:
	case QTI_GAP_MATCH:
		*max = "maxAssociations";
		*min = "minAssociations";
		break;
	case QTI_EXTENDED_TEXT:
		*max = "maxStrings";
		*min = "minStrings";
		break;
	default:
		*max = "maxChoices";
		*min = "minChoices";
		break;
	}
}

static void
check_limits(struct qti_parse *p, const struct qti_interaction *in)
{
	const char *name = qti_interaction_name(in->type), *max, *min;
	int has_choices = in->type != QTI_TEXT_ENTRY &&
	    in->type != QTI_EXTENDED_TEXT;

	limit_names(in->type, &max, &min);
	if (in->max_choices != 0 && in->max_choices < in->min_choices)
		problems_add(p->problems, "%s: %s %s (%d) is less than %s"
		    " (%d)", p->subject, name, max, in->max_choices, min,
		    in->min_choices);
	if (has_choices && in->nchoices == 0)
		problems_add(p->problems, "%s: %s has no choices", p->subject,
		    name);
	if (in->type == QTI_GAP_MATCH && in->ntargets == 0)
		problems_add(p->problems, "%s: %s has no gaps", p->subject,
		    name);
	if ((in->type == QTI_CHOICE || in->type == QTI_ORDER) &&
	    in->nchoices > 0 && (size_t)in->min_choices > in->nchoices)
		problems_add(p->problems, "%s: %s %s (%d) is more than its %zu"
		    " choices", p->subject, name, min, in->min_choices,
		    in->nchoices);
}

void
qti_interactions_check(struct qti_parse *p)
{
	const struct qti_interaction *in;
	xmlHashTablePtr bound, seen;
	size_t i;

	bound = xmlHashCreate((int)p->item->ninteractions);
	for (i = 0; i < p->item->ninteractions; i++) {
		in = &p->item->interactions[i];
		check_binding(p, in, bound);
		check_limits(p, in);
		seen = xmlHashCreate((int)(in->nchoices + in->ntargets));
		check_unique(p, in, in->choices, in->nchoices, seen);
		check_unique(p, in, in->targets, in->ntargets, seen);
		xmlHashFree(seen, NULL);
		check_distinct(p, in, in->choices, in->nchoices);
		/* The targets of a gap match are the gaps, which have no text. */
		if (in->type == QTI_MATCH)
			check_distinct(p, in, in->targets, in->ntargets);
	}
	xmlHashFree(bound, NULL);
}
