/*
 * Interactions on the item screen: the parts every type shares (display
 * order, the response as identifiers, saving), and the choice, order,
 * text entry and extended text widgets.  Responses are kept by
 * identifier, never by screen position.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "examiner.h"
#include "item.h"

/* Display order of n choices: the attempt's order where it lists them. */
static size_t *
display_order(const struct qti_choice *c, size_t n,
    const struct attempt_order *o)
{
	size_t *ord = xcalloc(n + 1, sizeof(*ord)), i, j, at = 0;
	unsigned char *used = xcalloc(n + 1, 1);

	for (i = 0; o != NULL && i < o->nchoices; i++)
		for (j = 0; j < n; j++)
			if (!used[j] && strcmp(o->choices[i],
			    c[j].identifier) == 0) {
				ord[at++] = j;
				used[j] = 1;
			}
	if (at != n && at != 0) {
		/* the order does not list this set: document order */
		at = 0;
		memset(used, 0, n);
	}
	for (j = 0; j < n; j++)
		if (!used[j])
			ord[at++] = j;
	free(used);
	return (ord);
}

/* Replace the response; vals may point into the current one. */
int
ia_set_values(struct ia *ia, char **vals, size_t n)
{
	char **copy = xcalloc(n + 1, sizeof(*copy));
	size_t i;

	for (i = 0; i < n; i++)
		copy[i] = xstrdup(vals[i]);
	for (i = 0; i < ia->nvals; i++)
		free(ia->vals[i]);
	free(ia->vals);
	ia->vals = copy;
	ia->nvals = n;
	return (0);
}

/* Order interactions show the candidate's order once there is one. */
static void
order_from_values(struct ia *ia)
{
	size_t i, j, n = ia->q->nchoices;

	if (ia->nvals != n)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(ia->vals[i],
			    ia->q->choices[j].identifier) == 0)
				break;
		if (j == n)
			return;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (strcmp(ia->vals[i],
			    ia->q->choices[j].identifier) == 0)
				ia->ord[i] = j;
}

void
ia_init(struct ia *ia, struct ex *ex, const struct qti_item *item, int index)
{
	const struct qti_interaction *q = &item->interactions[index];
	const struct attempt_order *o;
	const struct attempt_value *v;

	memset(ia, 0, sizeof(*ia));
	ia->ex = ex;
	ia->item = item;
	ia->q = q;
	ia->index = index;
	ia->grab = -1;
	o = attempt_order(ex->att, item->identifier, q->response_id);
	ia->ord = display_order(q->choices, q->nchoices, o);
	ia->tord = display_order(q->targets, q->ntargets,
	    q->type == QTI_MATCH ? o : NULL);
	v = attempt_value(ex->att, item->identifier, q->response_id);
	if (v != NULL)
		ia_set_values(ia, v->values, v->nvalues);
	if (q->type == QTI_ORDER)
		order_from_values(ia);
	if (ia_is_text(ia)) {
		field_init(&ia->fld, q->type == QTI_EXTENDED_TEXT ?
		    EX_TEXT_MAX : EX_FIELD_MAX, 0,
		    q->type == QTI_EXTENDED_TEXT);
		field_set(&ia->fld, ia->nvals > 0 ? ia->vals[0] : "");
	}
}

void
ia_free(struct ia *ia)
{
	ia_set_values(ia, NULL, 0);
	free(ia->vals);
	free(ia->ord);
	free(ia->tord);
	if (ia_is_text(ia))
		field_free(&ia->fld);
	memset(ia, 0, sizeof(*ia));
}

int
ia_is_inline(const struct ia *ia)
{
	return (ia->q->type == QTI_TEXT_ENTRY ||
	    ia->q->type == QTI_INLINE_CHOICE);
}

int
ia_is_text(const struct ia *ia)
{
	return (ia->q->type == QTI_TEXT_ENTRY ||
	    ia->q->type == QTI_EXTENDED_TEXT);
}

/* Single response: one identifier at most. */
int
ia_single(const struct ia *ia)
{
	const struct qti_response_decl *d;

	d = qti_item_response(ia->item, ia->q->response_id);
	if (d != NULL)
		return (d->cardinality == QTI_CARD_SINGLE);
	return (ia->q->max_choices == 1);
}

int
ia_has(const struct ia *ia, const char *value)
{
	size_t i;

	for (i = 0; i < ia->nvals; i++)
		if (strcmp(ia->vals[i], value) == 0)
			return (1);
	return (0);
}

const char *
ia_choice_id(const struct ia *ia, size_t display)
{
	return (ia->q->choices[ia->ord[display]].identifier);
}

int
ia_nstops(const struct ia *ia)
{
	switch (ia->q->type) {
	case QTI_CHOICE:
	case QTI_ORDER:
		return ((int)ia->q->nchoices);
	case QTI_TEXT_ENTRY:
	case QTI_EXTENDED_TEXT:
		return (1);
	default:
		return (assoc_nstops(ia));
	}
}

/* Save the response as it is now. */
int
ia_commit(struct ia *ia)
{
	char *text;
	int rc;

	if (ia_is_text(ia)) {
		text = field_text(&ia->fld);
		if (*text != '\0')
			ia_set_values(ia, &text, 1);
		else
			ia_set_values(ia, NULL, 0);
		free(text);
		ia->dirty = 0;
	}
	rc = store_answer(ia->ex, ia->item->identifier, ia->q->response_id,
	    ia->nvals, (const char *const *)ia->vals);
	return (rc);
}

void
ia_hint(struct doc *d, int x, int w, const char *fmt, ...)
{
	struct run r;
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	run_init(&r);
	run_add(&r, buf, term_attr(R_DIM));
	doc_wrap(d, &r, x, w, 0, 0);
	run_free(&r);
}

attr_t
ia_row_attr(const struct ia *ia, int sub, int focus_sub, int chosen)
{
	if (sub == focus_sub)
		return (term_attr(R_FOCUS));
	if (chosen)
		return (term_attr(R_CHOSEN));
	return (term_attr(R_NORMAL));
}

static void
prompt(struct ia *ia, struct doc *d, int x, int w)
{
	if (ia->q->prompt.nblocks > 0)
		text_render(d, &ia->q->prompt, x, w, NULL);
}

static void
choice_hint(struct ia *ia, struct doc *d, int x, int w)
{
	int mn = ia->q->min_choices, mx = ia->q->max_choices;

	if (ia_single(ia))
		ia_hint(d, x, w, "Choose one answer: press its letter, or "
		    "Space.");
	else if (mn > 1 && mx > 0)
		ia_hint(d, x, w, "Choose from %d to %d answers.", mn, mx);
	else if (mx > 0)
		ia_hint(d, x, w, "Choose up to %d answer%s.", mx,
		    mx == 1 ? "" : "s");
	else if (mn > 1)
		ia_hint(d, x, w, "Choose at least %d answers.", mn);
	else
		ia_hint(d, x, w, "Choose every answer that applies.");
}

static void
choice_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	size_t i;
	int single = ia_single(ia);

	prompt(ia, d, x, w);
	choice_hint(ia, d, x, w);
	for (i = 0; i < ia->q->nchoices; i++) {
		const struct qti_choice *c = &ia->q->choices[ia->ord[i]];
		int on = ia_has(ia, c->identifier);
		attr_t a = ia_row_attr(ia, (int)i, sub, on);
		struct run r;
		const char *mark;
		char pre[32];

		if (single)
			mark = on ? "(*)" : "( )";
		else
			mark = on ? "[x]" : "[ ]";
		snprintf(pre, sizeof(pre), "%c  %s ",
		    i < 26 ? (int)('A' + i) : ' ', mark);
		run_init(&r);
		run_add(&r, pre, a);
		text_flat(&r, &c->content, a);
		d->focus = ia->stop0 + (int)i;
		doc_wrap(d, &r, x, w, (int)strlen(pre), 0);
		run_free(&r);
	}
	d->focus = -1;
}

static void
order_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	size_t i;

	prompt(ia, d, x, w);
	ia_hint(d, x, w, "Put these in order: Space picks up the one in "
	    "focus, Up and Down move it, Space puts it down.%s",
	    ia->nvals == 0 ? " Not answered yet: to keep this order, "
	    "press Space twice." : "");
	for (i = 0; i < ia->q->nchoices; i++) {
		const struct qti_choice *c = &ia->q->choices[ia->ord[i]];
		attr_t a = ia_row_attr(ia, (int)i, sub, ia->grab == (int)i);
		struct run r;
		char pre[32];

		snprintf(pre, sizeof(pre), "%s%2zu. ",
		    ia->grab == (int)i ? "=> " : "   ", i + 1);
		run_init(&r);
		run_add(&r, pre, a);
		text_flat(&r, &c->content, a);
		d->focus = ia->stop0 + (int)i;
		doc_wrap(d, &r, x, w, 7, 0);
		run_free(&r);
	}
	d->focus = -1;
}

static void
text_entry_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	struct run pre;
	char buf[32];
	int fw = ia->q->expected_length > 0 ? ia->q->expected_length + 2 : 30;

	snprintf(buf, sizeof(buf), "(%d) [", ia->number);
	run_init(&pre);
	run_add(&pre, buf, term_attr(R_NORMAL));
	if (fw < 12)
		fw = 12;
	if (fw > w - 8)
		fw = w - 8;
	d->focus = ia->stop0;
	field_line(&ia->fld, d, &pre, x, fw, sub == 0,
	    term_attr(sub == 0 ? R_FOCUS : R_FIELD));
	doc_append(d, L"]", term_attr(R_NORMAL));
	d->focus = -1;
	run_free(&pre);
}

/* A "+----+" line above and below the answer box. */
static void
frame_line(struct doc *d, int x, int w)
{
	wchar_t *s = xcalloc((size_t)w + 1, sizeof(*s));
	attr_t *a = xcalloc((size_t)w + 1, sizeof(*a));
	int i;

	for (i = 0; i < w; i++) {
		s[i] = i == 0 || i == w - 1 ? L'+' : L'-';
		a[i] = term_attr(R_DIM);
	}
	doc_line(d, s, a, (size_t)w, x, w, -1);
	free(s);
	free(a);
}

static void
extended_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	int rows = ia->q->expected_lines > 0 ? ia->q->expected_lines : 6;
	int words = field_words(&ia->fld);

	if (rows < 4)
		rows = 4;
	if (rows > 10)
		rows = 10;
	ia->rows = rows;
	ia->width = w;
	prompt(ia, d, x, w);
	ia_hint(d, x, w, "Type your answer below. Enter starts a new line; "
	    "Tab leaves the box. %d word%s.", words, words == 1 ? "" : "s");
	d->focus = ia->stop0;
	frame_line(d, x, w);
	editor_render(&ia->fld, d, x + 1, w - 2, rows, sub == 0,
	    term_attr(sub == 0 ? R_FOCUS : R_FIELD));
	frame_line(d, x, w);
	d->focus = -1;
}

void
ia_render(struct ia *ia, struct doc *d, int x, int w, int sub,
    const struct text_ctx *ctx)
{
	switch (ia->q->type) {
	case QTI_CHOICE:
		choice_render(ia, d, x, w, sub);
		break;
	case QTI_ORDER:
		order_render(ia, d, x, w, sub);
		break;
	case QTI_TEXT_ENTRY:
		text_entry_render(ia, d, x, w, sub);
		return;
	case QTI_EXTENDED_TEXT:
		extended_render(ia, d, x, w, sub);
		break;
	default:
		assoc_render(ia, d, x, w, sub, ctx);
		if (ia_is_inline(ia))
			return;
		break;
	}
	doc_blank(d);
}

/* The inline marker in the item text: "[1: answer]". */
void
ia_marker(struct ia *ia, struct run *r, int focused)
{
	attr_t a = term_attr(focused ? R_FOCUS : R_FIELD);
	char buf[32];
	char *text;

	if (ia->q->type != QTI_TEXT_ENTRY) {
		assoc_marker(ia, r, focused);
		return;
	}
	snprintf(buf, sizeof(buf), "[%d: ", ia->number);
	run_add(r, buf, a);
	text = field_text(&ia->fld);
	run_add(r, *text != '\0' ? text : "____", a);
	run_add(r, "]", a);
	free(text);
}

/* Select or clear a choice, within maxChoices. */
static enum ia_result
choice_toggle(struct ia *ia, size_t display)
{
	const char *id = ia_choice_id(ia, display);
	char **vals = xcalloc(ia->q->nchoices + 1, sizeof(*vals));
	size_t i, n = 0;
	int on = ia_has(ia, id), max = ia->q->max_choices;

	if (ia_single(ia)) {
		if (!on)
			vals[n++] = (char *)id;
	} else {
		if (!on && max > 0 && (int)ia->nvals >= max) {
			ev_message(ia->ex, R_WARN, 6, "You can choose at most "
			    "%d answer%s here: clear one first.", max,
			    max == 1 ? "" : "s");
			free(vals);
			return (IA_MOVED);
		}
		for (i = 0; i < ia->q->nchoices; i++) {
			const char *c = ia_choice_id(ia, i);

			if (strcmp(c, id) == 0 ? !on : ia_has(ia, c))
				vals[n++] = (char *)c;
		}
	}
	ia_set_values(ia, vals, n);
	free(vals);
	if (ia->q->min_choices > 1 && n > 0 && (int)n < ia->q->min_choices)
		ev_message(ia->ex, R_WARN, 6, "Choose at least %d answers "
		    "here.", ia->q->min_choices);
	return (IA_CHANGED);
}

static int
letter(const struct ev *e)
{
	if (e->type != EV_CHAR || e->c > 0x7f || !iswalpha(e->c))
		return (-1);
	return ((int)(towupper(e->c) - 'A'));
}

static enum ia_result
choice_key(struct ia *ia, int *sub, const struct ev *e)
{
	int l = letter(e);

	if (l >= 0 && (size_t)l < ia->q->nchoices) {
		*sub = l;
		return (choice_toggle(ia, (size_t)l));
	}
	if (EV_IS(e, EV_CHAR, ' ') || EV_IS(e, EV_CHAR, '\r') ||
	    EV_IS(e, EV_CHAR, '\n') || EV_IS(e, EV_KEY, KEY_ENTER))
		return (choice_toggle(ia, (size_t)*sub));
	return (IA_IGNORED);
}

static void
order_values(struct ia *ia)
{
	char **vals = xcalloc(ia->q->nchoices + 1, sizeof(*vals));
	size_t i;

	for (i = 0; i < ia->q->nchoices; i++)
		vals[i] = (char *)ia_choice_id(ia, i);
	ia_set_values(ia, vals, ia->q->nchoices);
	free(vals);
}

static enum ia_result
order_key(struct ia *ia, int *sub, const struct ev *e)
{
	int to, n = (int)ia->q->nchoices;
	size_t t;

	if (EV_IS(e, EV_CHAR, ' ') || EV_IS(e, EV_CHAR, '\r') ||
	    EV_IS(e, EV_KEY, KEY_ENTER)) {
		if (ia->grab >= 0) {
			ia->grab = -1;
			order_values(ia);
			return (IA_CHANGED);
		}
		ia->grab = *sub;
		return (IA_MOVED);
	}
	if (ia->grab < 0 || e->type != EV_KEY)
		return (IA_IGNORED);
	if (e->c == KEY_UP)
		to = *sub - 1;
	else if (e->c == KEY_DOWN)
		to = *sub + 1;
	else
		return (IA_IGNORED);
	if (to < 0 || to >= n)
		return (IA_MOVED);
	t = ia->ord[*sub];
	ia->ord[*sub] = ia->ord[to];
	ia->ord[to] = t;
	*sub = ia->grab = to;
	order_values(ia);
	return (IA_CHANGED);
}

static enum ia_result
text_key(struct ia *ia, const struct ev *e)
{
	int r;

	if (ia->q->type == QTI_EXTENDED_TEXT) {
		r = editor_key(&ia->fld, e, ia->width - 2, ia->rows);
		if (r == 0)
			return (IA_MOVED);
	} else if (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER)) {
		return (IA_LEAVE_DOWN);
	}
	r = field_key(&ia->fld, e);
	if (r == 1) {
		ia->dirty = 1;
		ia->typed_ms = util_mono_ms();
		return (IA_TYPED);
	}
	return (r == 0 ? IA_MOVED : IA_IGNORED);
}

/* Up and Down move between the stops of an interaction, then leave it. */
static enum ia_result
stop_move(struct ia *ia, int *sub, const struct ev *e)
{
	if (EV_IS(e, EV_KEY, KEY_UP)) {
		if (*sub == 0)
			return (IA_LEAVE_UP);
		(*sub)--;
		return (IA_MOVED);
	}
	if (EV_IS(e, EV_KEY, KEY_DOWN)) {
		if (*sub + 1 >= ia_nstops(ia))
			return (IA_LEAVE_DOWN);
		(*sub)++;
		return (IA_MOVED);
	}
	return (IA_IGNORED);
}

enum ia_result
ia_key(struct ia *ia, int *sub, const struct ev *e, bg_fn bg, void *arg)
{
	enum ia_result r = IA_IGNORED;

	switch (ia->q->type) {
	case QTI_CHOICE:
		r = choice_key(ia, sub, e);
		break;
	case QTI_ORDER:
		r = order_key(ia, sub, e);
		break;
	case QTI_TEXT_ENTRY:
	case QTI_EXTENDED_TEXT:
		r = text_key(ia, e);
		break;
	default:
		r = assoc_key(ia, *sub, e, bg, arg);
		break;
	}
	if (r == IA_IGNORED)
		r = stop_move(ia, sub, e);
	return (r);
}
