/*
 * Item body XHTML to qti_text: the walk over the element tree.  Block
 * elements start blocks, inline elements set span attributes, tables
 * become rows of cells, interactions become interaction blocks or spans.
 * Content that text mode cannot show adds a problem to the item.
 */
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

#define MAX_COLSPAN	64

enum el {
	EL_INLINE, EL_STRONG, EL_EM, EL_CODE, EL_SUB, EL_SUP, EL_Q,
	EL_BR, EL_IMG, EL_OBJECT, EL_BLOCK, EL_QUOTE, EL_ADDRESS, EL_HEADING,
	EL_UL, EL_OL, EL_LI, EL_DL, EL_DT, EL_DD, EL_TABLE, EL_HR, EL_PRE,
	EL_SKIP, EL_RUBY, EL_RT, EL_RP, EL_MEDIA
};

struct el_name {
	const char	*name;
	enum el		 el;
};

/* XHTML as QTI 2.x embeds it, sorted for bsearch. */
static const struct el_name xhtml_names[] = {
	{ "a", EL_INLINE }, { "abbr", EL_INLINE }, { "acronym", EL_INLINE },
	{ "address", EL_ADDRESS }, { "b", EL_STRONG }, { "bdo", EL_INLINE },
	{ "big", EL_INLINE }, { "blockquote", EL_QUOTE }, { "br", EL_BR },
	{ "center", EL_BLOCK }, { "cite", EL_EM }, { "code", EL_CODE },
	{ "col", EL_SKIP }, { "colgroup", EL_SKIP }, { "dd", EL_DD },
	{ "del", EL_INLINE }, { "dfn", EL_EM }, { "div", EL_BLOCK },
	{ "dl", EL_DL }, { "dt", EL_DT }, { "em", EL_EM },
	{ "font", EL_INLINE }, { "h1", EL_HEADING }, { "h2", EL_HEADING },
	{ "h3", EL_HEADING }, { "h4", EL_HEADING }, { "h5", EL_HEADING },
	{ "h6", EL_HEADING }, { "hr", EL_HR }, { "i", EL_EM },
	{ "img", EL_IMG }, { "ins", EL_INLINE }, { "kbd", EL_CODE },
	{ "label", EL_INLINE }, { "li", EL_LI }, { "object", EL_OBJECT },
	{ "ol", EL_OL }, { "p", EL_BLOCK }, { "param", EL_SKIP },
	{ "pre", EL_PRE }, { "q", EL_Q }, { "s", EL_INLINE },
	{ "samp", EL_CODE }, { "small", EL_INLINE }, { "span", EL_INLINE },
	{ "strike", EL_INLINE }, { "strong", EL_STRONG }, { "sub", EL_SUB },
	{ "sup", EL_SUP }, { "table", EL_TABLE }, { "tt", EL_CODE },
	{ "u", EL_INLINE }, { "ul", EL_UL }, { "var", EL_EM },
};

/* The HTML5 elements that QTI 2.2 allows in its own namespace. */
static const struct el_name html5_names[] = {
	{ "article", EL_BLOCK }, { "aside", EL_BLOCK }, { "audio", EL_MEDIA },
	{ "bdi", EL_INLINE }, { "details", EL_BLOCK },
	{ "figcaption", EL_BLOCK }, { "figure", EL_BLOCK },
	{ "footer", EL_BLOCK }, { "header", EL_BLOCK }, { "mark", EL_STRONG },
	{ "nav", EL_BLOCK }, { "rb", EL_INLINE }, { "rp", EL_RP },
	{ "rt", EL_RT }, { "rtc", EL_INLINE }, { "ruby", EL_RUBY },
	{ "section", EL_BLOCK }, { "summary", EL_BLOCK },
	{ "time", EL_INLINE }, { "video", EL_MEDIA }, { "wbr", EL_SKIP },
};

static void	walk_children(struct qti_builder *, xmlNodePtr,
		    const struct qti_ctx *);
static void	walk_element(struct qti_builder *, xmlNodePtr,
		    const struct qti_ctx *);

static int
el_compare(const void *key, const void *member)
{
	return (strcmp(key, ((const struct el_name *)member)->name));
}

static int
el_lookup(const struct el_name *table, size_t n, const xmlChar *name)
{
	const struct el_name *e;

	e = bsearch(name, table, n, sizeof *table, el_compare);
	return (e == NULL ? -1 : (int)e->el);
}

void
qti_ctx_init(struct qti_ctx *c, int rtl)
{
	memset(c, 0, sizeof *c);
	c->kind = QTI_BLOCK_PARA;
	c->rtl = rtl;
	c->gap_owner = -1;
}

static void
ctx_dir(struct qti_ctx *c, xmlNodePtr n)
{
	char *dir = qti_attr(n, "dir");

	if (dir == NULL)
		return;
	if (strcmp(dir, "rtl") == 0)
		c->rtl = 1;
	else if (strcmp(dir, "ltr") == 0)
		c->rtl = 0;
	xmlFree(dir);
}

static void
problem_at(struct qti_builder *tb, xmlNodePtr n, const char *message)
{
	problems_add(tb->p->problems, "%s: %s (line %ld)", tb->p->subject,
	    message,
	    xmlGetLineNo(n));
}

/* Children of an element that carry something to read. */
static int
has_content(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && !qti_is_blank(c->content))
			return (1);
		if (c->type == XML_ELEMENT_NODE && !qti_is(c, "param"))
			return (1);
	}
	return (0);
}

static void
walk_img(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	char *alt = qti_attr(n, "alt");

	if (alt != NULL && !qti_is_blank((xmlChar *)alt))
		qti_tb_word(tb, c, c->attrs | QTI_ATTR_IMAGE, alt);
	else
		qti_tb_word(tb, c, c->attrs | QTI_ATTR_IMAGE, "image");
	xmlFree(alt);
}

static void
walk_object(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	char *type = qti_attr(n, "type"), *message;
	int image = type != NULL && strncmp(type, "image/", 6) == 0;

	if (type != NULL && (strncmp(type, "audio/", 6) == 0 ||
	    strncmp(type, "video/", 6) == 0)) {
		xasprintf(&message, "object of type '%s' needs audio or video"
		    " playback; text mode cannot play it", type);
		problem_at(tb, n, message);
		free(message);
	} else if (has_content(n))
		walk_children(tb, n, c);
	else
		qti_tb_word(tb, c, c->attrs | QTI_ATTR_IMAGE,
		    image ? "image" : "object");
	xmlFree(type);
}

static void
walk_math(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	const char *element = NULL;
	char *text, *message;

	text = qti_math_flatten(n, &element);
	if (text == NULL) {
		xasprintf(&message, "MathML element '%s' cannot be shown as"
		    " text", element);
		problem_at(tb, n, message);
		free(message);
		return;
	}
	if (*text != '\0')
		qti_tb_word(tb, c, c->attrs, text);
	free(text);
}

static void
walk_block(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	qti_tb_boundary(tb, c);
	walk_children(tb, n, c);
	qti_tb_boundary(tb, c);
}

static void
walk_heading(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c)
{
	if (!c->in_cell) {
		c->kind = QTI_BLOCK_HEADING;
		c->level = n->name[1] - '0';
	}
	c->attrs |= QTI_ATTR_HEADER;
	walk_block(tb, n, c);
}

static void
walk_list(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c,
    int ordered)
{
	struct qti_ctx li;
	xmlNodePtr k;
	int number, used, bad = 0;

	number = ordered ? qti_attr_int(n, "start", 1, &bad) : 0;
	qti_tb_boundary(tb, c);
	c->level++;
	for (k = n->children; k != NULL; k = k->next) {
		if (!qti_is(k, "li") || !qti_is_qti(k)) {
			if (k->type == XML_ELEMENT_NODE)
				walk_element(tb, k, c);
			continue;
		}
		li = *c;
		ctx_dir(&li, k);
		if (ordered)
			number = qti_attr_int(k, "value", number, &bad);
		if (!c->in_cell) {
			li.kind = QTI_BLOCK_LIST_ITEM;
			li.number = ordered ? number : 0;
			used = 0;
			li.marker_used = &used;
		}
		walk_block(tb, k, &li);
		if (ordered)
			number++;
	}
	qti_tb_boundary(tb, c);
}

/* A definition list: terms in bold, definitions indented below them. */
static void
walk_dl_part(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c,
    enum el el)
{
	int used = 1;

	if (el == EL_DT)
		c->attrs |= QTI_ATTR_STRONG;
	else if (!c->in_cell) {
		c->kind = QTI_BLOCK_LIST_ITEM;
		c->level++;
		c->number = 0;
		c->marker_used = &used;
	}
	walk_block(tb, n, c);
}

static void
walk_row(struct qti_builder *tb, xmlNodePtr tr, const struct qti_ctx *c)
{
	struct qti_ctx cell;
	xmlNodePtr k;
	int first = 1, span, bad = 0;

	if (c->in_cell) {
		tb->brk = 1;
	} else {
		qti_tb_close(tb, 0);
		cell = *c;
		cell.kind = QTI_BLOCK_TABLE_ROW;
		ctx_dir(&cell, tr);
		qti_tb_open(tb, &cell);
		tb->t->blocks[tb->cur].table = tb->p->tables;
	}
	for (k = tr->children; k != NULL; k = k->next) {
		if (!qti_is(k, "td") && !qti_is(k, "th"))
			continue;
		cell = *c;
		ctx_dir(&cell, k);
		if (qti_is(k, "th"))
			cell.attrs |= QTI_ATTR_HEADER;
		if (c->in_cell && !first)
			tb->space = 1;
		else if (!first)
			qti_tb_span(tb, QTI_SPAN_CELL, 0);
		cell.in_cell = 1;
		walk_children(tb, k, &cell);
		/* colspan is approximated by empty cells after this one. */
		span = qti_attr_int(k, "colspan", 1, &bad);
		if (span > MAX_COLSPAN)
			span = MAX_COLSPAN;
		while (!c->in_cell && span-- > 1)
			qti_tb_span(tb, QTI_SPAN_CELL, 0);
		first = 0;
	}
	if (!c->in_cell)
		qti_tb_close(tb, 1);
}

/* Rows of one section of a table: thead, tbody, tfoot or the table. */
static void
walk_rows(struct qti_builder *tb, xmlNodePtr parent, const char *section,
    const struct qti_ctx *c)
{
	xmlNodePtr k, r;

	for (k = parent->children; k != NULL; k = k->next) {
		if (section == NULL && qti_is(k, "tr"))
			walk_row(tb, k, c);
		if (section == NULL || !qti_is(k, section))
			continue;
		for (r = k->children; r != NULL; r = r->next)
			if (qti_is(r, "tr"))
				walk_row(tb, r, c);
	}
}

static void
walk_table(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c)
{
	struct qti_ctx cap;
	xmlNodePtr k;

	qti_tb_boundary(tb, c);
	if (!c->in_cell)
		tb->p->tables++;
	for (k = n->children; k != NULL; k = k->next) {
		if (!qti_is(k, "caption"))
			continue;
		cap = *c;
		cap.attrs |= QTI_ATTR_EM;
		walk_block(tb, k, &cap);
	}
	/* HTML shows the footer last wherever the source puts it. */
	walk_rows(tb, n, "thead", c);
	walk_rows(tb, n, NULL, c);
	walk_rows(tb, n, "tbody", c);
	walk_rows(tb, n, "tfoot", c);
	qti_tb_boundary(tb, c);
}

static void
walk_hr(struct qti_builder *tb, const struct qti_ctx *c)
{
	if (c->in_cell) {
		tb->brk = 1;
		return;
	}
	qti_tb_close(tb, 0);
	qti_tb_open(tb, c);
	qti_tb_close(tb, 1);
}

static int
ruby_has_rt(xmlNodePtr ruby)
{
	xmlNodePtr k;

	for (k = ruby->children; k != NULL; k = k->next)
		if (qti_is(k, "rt"))
			return (1);
	return (0);
}

/* Ruby text goes in brackets after its base: 真(まこと). */
static void
walk_ruby_text(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	tb->space = 0;
	qti_tb_pending(tb, c);
	qti_tb_raw(tb, c->attrs, "(", 1);
	walk_children(tb, n, c);
	tb->space = 0;
	qti_tb_pending(tb, c);
	qti_tb_raw(tb, c->attrs, ")", 1);
}

static void
walk_quote(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	qti_tb_pending(tb, c);
	qti_tb_raw(tb, c->attrs, "\xe2\x80\x9c", 3);
	walk_children(tb, n, c);
	tb->space = 0;
	qti_tb_pending(tb, c);
	qti_tb_raw(tb, c->attrs, "\xe2\x80\x9d", 3);
}

static void
walk_inline(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c,
    unsigned attrs)
{
	c->attrs |= attrs;
	walk_children(tb, n, c);
}

static void
walk_xhtml(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c,
    enum el el)
{
	switch (el) {
	case EL_INLINE:	walk_inline(tb, n, c, 0); break;
	case EL_STRONG:	walk_inline(tb, n, c, QTI_ATTR_STRONG); break;
	case EL_EM:	walk_inline(tb, n, c, QTI_ATTR_EM); break;
	case EL_CODE:	walk_inline(tb, n, c, QTI_ATTR_CODE); break;
	case EL_SUB:	walk_inline(tb, n, c, QTI_ATTR_SUB); break;
	case EL_SUP:	walk_inline(tb, n, c, QTI_ATTR_SUP); break;
	case EL_Q:	walk_quote(tb, n, c); break;
	case EL_BR:	qti_tb_line_break(tb, c); break;
	case EL_IMG:	walk_img(tb, n, c); break;
	case EL_OBJECT:	walk_object(tb, n, c); break;
	case EL_BLOCK:	walk_block(tb, n, c); break;
	case EL_ADDRESS: c->attrs |= QTI_ATTR_EM; walk_block(tb, n, c); break;
	case EL_QUOTE:	c->level++; walk_block(tb, n, c); break;
	case EL_HEADING: walk_heading(tb, n, c); break;
	case EL_UL:	walk_list(tb, n, c, 0); break;
	case EL_OL:	walk_list(tb, n, c, 1); break;
	case EL_LI:	walk_block(tb, n, c); break;
	case EL_DL:	walk_block(tb, n, c); break;
	case EL_DT:
	case EL_DD:	walk_dl_part(tb, n, c, el); break;
	case EL_TABLE:	walk_table(tb, n, c); break;
	case EL_HR:	walk_hr(tb, c); break;
	case EL_PRE:
		c->pre = 1;
		if (!c->in_cell)
			c->kind = QTI_BLOCK_PRE;
		walk_block(tb, n, c);
		break;
	case EL_RUBY:
	case EL_SKIP:
	case EL_RT:
	case EL_RP:
	case EL_MEDIA:
		break;
	}
}

static void
walk_html5(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c)
{
	int el = el_lookup(html5_names,
	    sizeof html5_names / sizeof *html5_names, n->name);
	char *message;

	if (el == EL_RT || (el == EL_RP && n->parent != NULL &&
	    !ruby_has_rt(n->parent)))
		walk_ruby_text(tb, n, c);
	else if (el == EL_RUBY)
		walk_children(tb, n, c);
	else if (el == EL_MEDIA) {
		xasprintf(&message, "%s needs audio or video playback; text"
		    " mode cannot play it", (const char *)n->name);
		problem_at(tb, n, message);
		free(message);
	} else if (el >= 0 && el != EL_RP)
		walk_xhtml(tb, n, c, (enum el)el);
	else if (el < 0) {
		xasprintf(&message, "HTML5 element '%s' is not supported",
		    (const char *)n->name);
		problem_at(tb, n, message);
		free(message);
	}
}

static void
walk_interaction(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c)
{
	struct qti_span *sp;
	int index, is_block;

	index = qti_interaction_parse(tb->p, n, c, &is_block);
	if (index < 0)
		return;
	if (!is_block) {
		qti_tb_pending(tb, c);
		sp = qti_tb_span(tb, QTI_SPAN_INTERACTION, c->attrs);
		sp->index = index;
		return;
	}
	if (c->in_cell) {
		problem_at(tb, n, "a block interaction inside a table cell"
		    " cannot be shown in text mode");
		return;
	}
	qti_tb_close(tb, 0);
	c->kind = QTI_BLOCK_INTERACTION;
	qti_tb_open(tb, c);
	tb->t->blocks[tb->cur].interaction = index;
	qti_tb_close(tb, 1);
}

static void
walk_gap(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *c)
{
	struct qti_span *sp;
	int index;

	if (c->gap_owner < 0) {
		problem_at(tb, n, "gap outside a gapMatchInteraction");
		return;
	}
	if ((index = qti_gap_add(tb->p, c->gap_owner, n)) < 0)
		return;
	qti_tb_pending(tb, c);
	sp = qti_tb_span(tb, QTI_SPAN_GAP, c->attrs);
	sp->index = index;
}

/* rubricBlock view="candidate", or with no view, is for the candidate. */
static int
rubric_for_candidate(xmlNodePtr n)
{
	char *view = qti_attr(n, "view");
	int yes;

	if (view == NULL)
		return (1);
	yes = strstr(view, "candidate") != NULL;
	xmlFree(view);
	return (yes);
}

/* Elements of QTI's own that can appear in content; 1 if n was one. */
static int
walk_qti_element(struct qti_builder *tb, xmlNodePtr n, struct qti_ctx *c)
{
	static const char *const hidden[] = {
		"feedbackBlock", "feedbackInline", "modalFeedback",
		"templateBlock", "templateInline", NULL
	};
	const char *name = (const char *)n->name;
	size_t len = strlen(name);
	int i;

	for (i = 0; hidden[i] != NULL; i++)
		if (strcmp(name, hidden[i]) == 0)
			return (1);
	if (len > 11 && strcmp(name + len - 11, "Interaction") == 0)
		walk_interaction(tb, n, c);
	else if (strcmp(name, "positionObjectStage") == 0)
		walk_interaction(tb, n, c);
	else if (strcmp(name, "gap") == 0)
		walk_gap(tb, n, c);
	else if (strcmp(name, "rubricBlock") == 0) {
		if (!rubric_for_candidate(n))
			return (1);
		if (!c->in_cell)
			c->kind = QTI_BLOCK_RUBRIC;
		walk_block(tb, n, c);
	} else if (strcmp(name, "printedVariable") == 0)
		problem_at(tb, n, "printedVariable needs template or outcome"
		    " values, which the Examiner does not compute");
	else if (strcmp(name, "infoControl") == 0)
		problems_add(tb->p->warnings, "%s: infoControl content is not"
		    " shown (line %ld)", tb->p->subject, xmlGetLineNo(n));
	else if (strcmp(name, "prompt") == 0)
		walk_block(tb, n, c);
	else
		return (0);
	return (1);
}

static void
walk_element(struct qti_builder *tb, xmlNodePtr n, const struct qti_ctx *pc)
{
	const char *uri = n->ns != NULL ? (const char *)n->ns->href : "";
	struct qti_ctx c = *pc;
	char *message;
	int el;

	ctx_dir(&c, n);
	if (qti_is_qti(n)) {
		/* Most elements are XHTML, so that table is searched first;
		 * no QTI element shares a name with an XHTML one. */
		el = el_lookup(xhtml_names,
		    sizeof xhtml_names / sizeof *xhtml_names, n->name);
		if (el >= 0) {
			walk_xhtml(tb, n, &c, (enum el)el);
			return;
		}
		if (walk_qti_element(tb, n, &c))
			return;
		xasprintf(&message, "element '%s' is not QTI item content",
		    (const char *)n->name);
	} else if (strcmp(uri, NS_MATHML) == 0 && qti_is(n, "math")) {
		walk_math(tb, n, &c);
		return;
	} else if (strcmp(uri, NS_XINCLUDE) == 0) {
		xasprintf(&message, "XInclude is not supported; put the"
		    " included content in the item");
	} else if (strstr(uri, "html5") != NULL) {
		walk_html5(tb, n, &c);
		return;
	} else
		xasprintf(&message, "element '%s' in namespace '%s' cannot be"
		    " shown in text mode", (const char *)n->name, uri);
	problem_at(tb, n, message);
	free(message);
}

static void
walk_children(struct qti_builder *tb, xmlNodePtr parent,
    const struct qti_ctx *c)
{
	xmlNodePtr n;

	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE)
			qti_tb_text(tb, c, (const char *)n->content,
			    strlen((const char *)n->content));
		else if (n->type == XML_ELEMENT_NODE)
			walk_element(tb, n, c);
	}
}

static int
skipped(xmlNodePtr n, const char *const *skip)
{
	int i;

	for (i = 0; skip != NULL && skip[i] != NULL; i++)
		if (qti_is(n, skip[i]))
			return (1);
	return (0);
}

void
qti_text_build(struct qti_parse *p, struct qti_text *out, xmlNodePtr parent,
    const struct qti_ctx *pc, const char *const *skip)
{
	struct qti_builder tb;
	struct qti_ctx c;
	xmlNodePtr n;

	qti_ctx_init(&c, pc->rtl);
	c.gap_owner = pc->gap_owner;
	c.kind = pc->kind;
	qti_tb_init(&tb, p, out);
	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE)
			qti_tb_text(&tb, &c, (const char *)n->content,
			    strlen((const char *)n->content));
		else if (n->type == XML_ELEMENT_NODE && !skipped(n, skip))
			walk_element(&tb, n, &c);
	}
	qti_tb_close(&tb, 0);
}
