/*
 * Interactions answered by picking from a list: inline choice (one
 * identifier), match (directed pairs "SOURCE TARGET"), associate (pairs
 * "A B") and gap match (directed pairs "GAPTEXT GAP"), with the limits
 * of maxAssociations and each choice's matchMax enforced by a message.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"
#include "item.h"

static char *
choice_text(const struct qti_choice *c)
{
	return (text_plain(&c->content));
}

/* Labels "A. text" for choices in display order. */
static char **
labels(const struct qti_choice *set, const size_t *ord, size_t n)
{
	char **l = xcalloc(n + 1, sizeof(*l));
	size_t i;

	for (i = 0; i < n; i++) {
		char *t = choice_text(&set[ord[i]]);

		if (i < 26)
			xasprintf(&l[i], "%c. %s", (int)('A' + i), t);
		else
			l[i] = xstrdup(t);
		free(t);
	}
	return (l);
}

static void
labels_free(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static const struct qti_choice *
find(const struct qti_choice *set, size_t n, const char *id, size_t idlen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(set[i].identifier) == idlen &&
		    strncmp(set[i].identifier, id, idlen) == 0)
			return (&set[i]);
	return (NULL);
}

/* Split "A B" into its two identifiers' lengths; -1 if not a pair. */
static int
pair_split(const char *v, size_t *alen, const char **b)
{
	const char *sp = strchr(v, ' ');

	if (sp == NULL)
		return (-1);
	*alen = (size_t)(sp - v);
	*b = sp + 1;
	return (0);
}

/* How many values use identifier id on side 0 (first) or 1 (second). */
static int
uses(char **vals, size_t n, const char *id, int side)
{
	size_t i, alen;
	const char *b;
	int count = 0;

	for (i = 0; i < n; i++) {
		if (pair_split(vals[i], &alen, &b) != 0)
			continue;
		if (side == 0 ? (strlen(id) == alen &&
		    strncmp(vals[i], id, alen) == 0) : strcmp(b, id) == 0)
			count++;
	}
	return (count);
}

static int
too_many(struct ia *ia, size_t total)
{
	int max = ia->q->max_choices;

	if (max > 0 && (int)total > max) {
		ev_message(ia->ex, R_WARN, 6, "At most %d match%s allowed "
		    "here: clear one first.", max, max == 1 ? " is" : "es are");
		return (1);
	}
	return (0);
}

static int
over_limit(struct ia *ia, const struct qti_choice *c, int count)
{
	char *t;

	if (c == NULL || c->match_max <= 0 || count <= c->match_max)
		return (0);
	t = choice_text(c);
	ev_message(ia->ex, R_WARN, 6, "\"%s\" can be used at most %d "
	    "time%s.", t, c->match_max, c->match_max == 1 ? "" : "s");
	free(t);
	return (1);
}

/* Text of the value's identifier on one side, or NULL. */
static char *
side_text(const struct ia *ia, const char *v, int side)
{
	const struct qti_choice *c;
	const char *b;
	size_t alen;

	if (pair_split(v, &alen, &b) != 0)
		return (NULL);
	if (side == 0)
		c = find(ia->q->choices, ia->q->nchoices, v, alen);
	else if (ia->q->type == QTI_ASSOCIATE)
		c = find(ia->q->choices, ia->q->nchoices, b, strlen(b));
	else
		c = find(ia->q->targets, ia->q->ntargets, b, strlen(b));
	return (c != NULL ? choice_text(c) : NULL);
}

int
assoc_nstops(const struct ia *ia)
{
	int max = ia->q->max_choices;

	switch (ia->q->type) {
	case QTI_INLINE_CHOICE:
		return (1);
	case QTI_MATCH:
		return ((int)ia->q->nchoices);
	case QTI_GAP_MATCH:
		return ((int)ia->q->ntargets);
	case QTI_ASSOCIATE:
		if (max > 0 && (int)ia->nvals >= max)
			return ((int)ia->nvals > 0 ? (int)ia->nvals : 1);
		return ((int)ia->nvals + 1);
	default:
		return (0);
	}
}

static const char *
chosen_inline(const struct ia *ia, char **text)
{
	const struct qti_choice *c;

	*text = NULL;
	if (ia->nvals == 0)
		return (NULL);
	c = find(ia->q->choices, ia->q->nchoices, ia->vals[0],
	    strlen(ia->vals[0]));
	if (c != NULL)
		*text = choice_text(c);
	return (*text);
}

void
assoc_marker(struct ia *ia, struct run *r, int focused)
{
	attr_t a = term_attr(focused ? R_FOCUS : R_FIELD);
	char buf[32], *text;

	snprintf(buf, sizeof(buf), "[%d: ", ia->number);
	run_add(r, buf, a);
	run_add(r, chosen_inline(ia, &text) ? text : "choose", a);
	run_add(r, "]", a);
	free(text);
}

void
ia_gap_marker(struct ia *ia, struct run *r, int gap, int focused)
{
	attr_t a = term_attr(focused ? R_FOCUS : R_FIELD);
	char buf[48], *text = NULL;
	size_t i;

	if (gap < 0 || (size_t)gap >= ia->q->ntargets)
		return;
	for (i = 0; i < ia->nvals && text == NULL; i++) {
		const char *b;
		size_t alen;

		if (pair_split(ia->vals[i], &alen, &b) == 0 &&
		    strcmp(b, ia->q->targets[gap].identifier) == 0)
			text = side_text(ia, ia->vals[i], 0);
	}
	snprintf(buf, sizeof(buf), "[G%d: ", gap + 1);
	run_add(r, buf, a);
	run_add(r, text != NULL ? text : "____", a);
	run_add(r, "]", a);
	free(text);
}

static void
row(struct ia *ia, struct doc *d, int x, int w, int sub, int focus_sub,
    const char *pre, const char *text, int hang)
{
	attr_t a = ia_row_attr(ia, sub, focus_sub, 0);
	struct run r;

	run_init(&r);
	run_add(&r, pre, a);
	run_add(&r, text, a);
	d->focus = ia->stop0 + sub;
	doc_wrap(d, &r, x, w, hang, 0);
	d->focus = -1;
	run_free(&r);
}

static void
inline_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	char pre[32], *text;

	snprintf(pre, sizeof(pre), "(%d) ", ia->number);
	chosen_inline(ia, &text);
	row(ia, d, x, w, 0, sub, pre, text != NULL ? text :
	    "(not answered: press Enter to choose)", 4);
	free(text);
}

/*
 * Show a set's entries on the item itself, as "A. text" in the order and
 * with the letters of its pick list, so that a stem that refers to them
 * can be read without opening the list.
 */
static void
list_render(struct doc *d, int x, int w, const char *heading,
    const struct qti_choice *set, const size_t *ord, size_t n)
{
	char **l = labels(set, ord, n);
	size_t i;

	ia_hint(d, x, w, "%s", heading);
	for (i = 0; i < n; i++) {
		struct run r;

		run_init(&r);
		run_add(&r, l[i], term_attr(R_NORMAL));
		doc_wrap(d, &r, x + 4, w - 4, 3, 0);
		run_free(&r);
	}
	labels_free(l, n);
}

/* "target, target" for one match source, or a hint when it has none. */
static char *
match_targets(const struct ia *ia, const char *src)
{
	char *out = xstrdup(""), *t, *tmp;
	size_t i;

	for (i = 0; i < ia->nvals; i++) {
		if (uses(&ia->vals[i], 1, src, 0) == 0)
			continue;
		t = side_text(ia, ia->vals[i], 1);
		xasprintf(&tmp, "%s%s%s", out, *out ? ", " : "",
		    t != NULL ? t : "?");
		free(out);
		free(t);
		out = tmp;
	}
	if (*out == '\0') {
		free(out);
		out = xstrdup("(no match yet)");
	}
	return (out);
}

static void
match_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	size_t i;

	ia_hint(d, x, w, "Match each item: press Enter on it and choose "
	    "from the list; Delete clears it.");
	for (i = 0; i < ia->q->nchoices; i++) {
		const struct qti_choice *c = &ia->q->choices[ia->ord[i]];
		char *src = choice_text(c), *tg = match_targets(ia,
		    c->identifier), *line, pre[8];

		snprintf(pre, sizeof(pre), "%c  ", i < 26 ? (int)('A' + i) :
		    ' ');
		xasprintf(&line, "%s  ->  %s", src, tg);
		row(ia, d, x, w, (int)i, sub, pre, line, 3);
		free(line);
		free(src);
		free(tg);
	}	list_render(d, x, w, "The matches to choose from:",
	    ia->q->targets, ia->tord, ia->q->ntargets);
}

static void
assoc_pairs_render(struct ia *ia, struct doc *d, int x, int w, int sub)
{
	int i, n = assoc_nstops(ia);

	ia_hint(d, x, w, "Make pairs: press Enter on a pair and choose its "
	    "two items; Delete removes a pair.");
	list_render(d, x, w, "The items to pair:", ia->q->choices, ia->ord,
	    ia->q->nchoices);
	for (i = 0; i < n; i++) {
		char pre[32], *a, *b, *line;

		snprintf(pre, sizeof(pre), "Pair %d: ", i + 1);
		if ((size_t)i >= ia->nvals) {
			row(ia, d, x, w, i, sub, pre,
			    "(press Enter to add a pair)", 8);
			continue;
		}
		a = side_text(ia, ia->vals[i], 0);
		b = side_text(ia, ia->vals[i], 1);
		xasprintf(&line, "%s  <->  %s", a ? a : "?", b ? b : "?");
		row(ia, d, x, w, i, sub, pre, line, 8);
		free(line);
		free(a);
		free(b);
	}
}

static void
gap_render(struct ia *ia, struct doc *d, int x, int w, int sub,
    const struct text_ctx *ctx)
{
	struct text_ctx gc;
	char **l = labels(ia->q->choices, ia->ord, ia->q->nchoices);
	size_t i;

	memset(&gc, 0, sizeof(gc));
	if (ctx != NULL)
		gc = *ctx;
	gc.gaps = ia;
	gc.focus_ia = ia->index;
	gc.focus_sub = sub;
	text_render(d, &ia->q->content, x, w, &gc);
	ia_hint(d, x, w, "Fill each gap: press Enter on a gap and choose "
	    "its text; Delete clears it.");
	for (i = 0; i < ia->q->nchoices; i++)
		ia_hint(d, x + 2, w - 2, "%s", l[i]);
	labels_free(l, ia->q->nchoices);
	for (i = 0; i < ia->q->ntargets; i++) {
		struct run r;
		char pre[32];

		snprintf(pre, sizeof(pre), "Gap %zu: ", i + 1);
		run_init(&r);
		run_add(&r, pre, ia_row_attr(ia, (int)i, sub, 0));
		ia_gap_marker(ia, &r, (int)i, (int)i == sub);
		d->focus = ia->stop0 + (int)i;
		doc_wrap(d, &r, x, w, (int)strlen(pre), 0);
		d->focus = -1;
		run_free(&r);
	}
}

void
assoc_render(struct ia *ia, struct doc *d, int x, int w, int sub,
    const struct text_ctx *ctx)
{
	if (ia->q->type == QTI_INLINE_CHOICE) {
		inline_render(ia, d, x, w, sub);
		return;
	}
	if (ia->q->prompt.nblocks > 0)
		text_render(d, &ia->q->prompt, x, w, NULL);
	if (ia->q->type == QTI_MATCH)
		match_render(ia, d, x, w, sub);
	else if (ia->q->type == QTI_ASSOCIATE)
		assoc_pairs_render(ia, d, x, w, sub);
	else if (ia->q->type == QTI_GAP_MATCH)
		gap_render(ia, d, x, w, sub, ctx);
}

/* Replace the values whose side has identifier id with add[0..nadd). */
static void
replace(struct ia *ia, const char *id, int side, char **add, size_t nadd)
{
	char **vals = xcalloc(ia->nvals + nadd + 1, sizeof(*vals));
	size_t i, n = 0;

	for (i = 0; i < ia->nvals; i++)
		if (id == NULL || uses(&ia->vals[i], 1, id, side) == 0)
			vals[n++] = xstrdup(ia->vals[i]);
	for (i = 0; i < nadd; i++)
		vals[n++] = xstrdup(add[i]);
	ia_set_values(ia, vals, n);
	for (i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}

static enum ia_result
inline_pick(struct ia *ia, bg_fn bg, void *arg)
{
	size_t n = ia->q->nchoices, i;
	char **l = labels(ia->q->choices, ia->ord, n);
	unsigned char *on = xcalloc(n + 1, 1);
	char *id;
	int r;

	for (i = 0; i < n; i++)
		on[i] = ia_has(ia, ia_choice_id(ia, i));
	r = pick_run(ia->ex, "Choose an answer", l, n, on, 0, bg, arg);
	labels_free(l, n);
	if (r == 1) {
		ia_set_values(ia, NULL, 0);
		for (i = 0; i < n; i++)
			if (on[i]) {
				id = (char *)ia_choice_id(ia, i);
				ia_set_values(ia, &id, 1);
			}
	}
	free(on);
	return (r == 1 ? IA_CHANGED : IA_MOVED);
}

/* Check the limits of a would-be response; 0 when it may be kept. */
static int
check_limits(struct ia *ia, char **vals, size_t n)
{
	size_t i;
	int assoc = ia->q->type == QTI_ASSOCIATE;
	const struct qti_choice *tset = assoc ? ia->q->choices :
	    ia->q->targets;
	size_t tn = assoc ? ia->q->nchoices : ia->q->ntargets;

	if (too_many(ia, n))
		return (-1);
	for (i = 0; i < ia->q->nchoices; i++) {
		const struct qti_choice *c = &ia->q->choices[i];
		int count = uses(vals, n, c->identifier, 0) +
		    (assoc ? uses(vals, n, c->identifier, 1) : 0);

		if (over_limit(ia, c, count))
			return (-1);
	}
	for (i = 0; !assoc && i < tn; i++)
		if (over_limit(ia, &tset[i], uses(vals, n,
		    tset[i].identifier, 1)))
			return (-1);
	return (0);
}

/* Pick targets for a match source, or a text for a gap. */
static enum ia_result
pick_for(struct ia *ia, int sub, bg_fn bg, void *arg)
{
	int gap = ia->q->type == QTI_GAP_MATCH;
	const struct qti_choice *fixed = gap ? &ia->q->targets[sub] :
	    &ia->q->choices[ia->ord[sub]];
	const struct qti_choice *set = gap ? ia->q->choices : ia->q->targets;
	const size_t *ord = gap ? ia->ord : ia->tord;
	size_t n = gap ? ia->q->nchoices : ia->q->ntargets, i, nadd = 0;
	char **l = labels(set, ord, n), **add = xcalloc(n + 1, sizeof(*add));
	unsigned char *on = xcalloc(n + 1, 1);
	int multi = !gap && fixed->match_max != 1 && ia->q->max_choices != 1;
	int r;

	for (i = 0; i < n; i++) {
		const char *o = set[ord[i]].identifier;

		if (gap)
			xasprintf(&add[i], "%s %s", o, fixed->identifier);
		else
			xasprintf(&add[i], "%s %s", fixed->identifier, o);
		on[i] = ia_has(ia, add[i]);
	}
	r = pick_run(ia->ex, gap ? "Choose the text for this gap" :
	    "Choose the match", l, n, on, multi, bg, arg);
	for (i = 0; i < n; i++)
		if (on[i])
			add[nadd++] = add[i];
		else
			free(add[i]);
	if (r == 1) {
		char **save = xcalloc(ia->nvals + 1, sizeof(*save));
		size_t ns = ia->nvals;

		for (i = 0; i < ns; i++)
			save[i] = xstrdup(ia->vals[i]);
		replace(ia, fixed->identifier, gap ? 1 : 0, add, nadd);
		if (check_limits(ia, ia->vals, ia->nvals) != 0) {
			ia_set_values(ia, save, ns);
			r = 0;
		}
		for (i = 0; i < ns; i++)
			free(save[i]);
		free(save);
	}
	for (i = 0; i < nadd; i++)
		free(add[i]);
	free(add);
	free(on);
	labels_free(l, n);
	return (r == 1 ? IA_CHANGED : IA_MOVED);
}

static int
pick_one(struct ia *ia, const char *title, int skip, bg_fn bg, void *arg)
{
	size_t n = ia->q->nchoices, i;
	char **l = labels(ia->q->choices, ia->ord, n);
	unsigned char *on = xcalloc(n + 1, 1);
	int r, at = -1;

	r = pick_run(ia->ex, title, l, n, on, 0, bg, arg);
	for (i = 0; r == 1 && i < n; i++)
		if (on[i])
			at = (int)i;
	free(on);
	labels_free(l, n);
	if (at >= 0 && at == skip) {
		ev_message(ia->ex, R_WARN, 6, "A pair needs two different "
		    "items.");
		at = -1;
	}
	return (at);
}

static enum ia_result
pair_pick(struct ia *ia, int sub, bg_fn bg, void *arg)
{
	char **vals, *v;
	size_t i, n = ia->nvals;
	int a, b;

	a = pick_one(ia, "Choose the first item of the pair", -1, bg, arg);
	if (a < 0)
		return (IA_MOVED);
	b = pick_one(ia, "Choose the second item of the pair", a, bg, arg);
	if (b < 0)
		return (IA_MOVED);
	xasprintf(&v, "%s %s", ia_choice_id(ia, (size_t)a),
	    ia_choice_id(ia, (size_t)b));
	vals = xcalloc(n + 2, sizeof(*vals));
	for (i = 0; i < n; i++)
		vals[i] = ia->vals[i];
	if ((size_t)sub < n)
		vals[sub] = v;
	else
		vals[n++] = v;
	if (check_limits(ia, vals, n) == 0) {
		ia_set_values(ia, vals, n);
		free(v);
		free(vals);
		return (IA_CHANGED);
	}
	free(v);
	free(vals);
	return (IA_MOVED);
}

static enum ia_result
clear_at(struct ia *ia, int sub)
{
	const char *id;

	switch (ia->q->type) {
	case QTI_INLINE_CHOICE:
		ia_set_values(ia, NULL, 0);
		return (IA_CHANGED);
	case QTI_MATCH:
		replace(ia, ia->q->choices[ia->ord[sub]].identifier, 0,
		    NULL, 0);
		return (IA_CHANGED);
	case QTI_GAP_MATCH:
		id = ia->q->targets[sub].identifier;
		replace(ia, id, 1, NULL, 0);
		return (IA_CHANGED);
	case QTI_ASSOCIATE:
		if ((size_t)sub >= ia->nvals)
			return (IA_MOVED);
		free(ia->vals[sub]);
		memmove(ia->vals + sub, ia->vals + sub + 1,
		    (ia->nvals - (size_t)sub - 1) * sizeof(*ia->vals));
		ia->nvals--;
		return (IA_CHANGED);
	default:
		return (IA_IGNORED);
	}
}

enum ia_result
assoc_key(struct ia *ia, int sub, const struct ev *e, bg_fn bg, void *arg)
{
	if (EV_IS(e, EV_KEY, KEY_DC) || EV_IS(e, EV_KEY, KEY_BACKSPACE) ||
	    EV_IS(e, EV_CHAR, 127) || EV_IS(e, EV_CHAR, CTRL_KEY('h')))
		return (clear_at(ia, sub));
	if (!(EV_IS(e, EV_CHAR, ' ') || EV_IS(e, EV_CHAR, '\r') ||
	    EV_IS(e, EV_CHAR, '\n') || EV_IS(e, EV_KEY, KEY_ENTER)))
		return (IA_IGNORED);
	switch (ia->q->type) {
	case QTI_INLINE_CHOICE:
		return (inline_pick(ia, bg, arg));
	case QTI_MATCH:
	case QTI_GAP_MATCH:
		return (pick_for(ia, sub, bg, arg));
	case QTI_ASSOCIATE:
		return (pair_pick(ia, sub, bg, arg));
	default:
		return (IA_IGNORED);
	}
}
