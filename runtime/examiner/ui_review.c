/*
 * Review: every item with whether it is answered and flagged, counts of
 * each, and a jump to any item.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

struct review {
	int	at, top;
};

static void
counts(struct ex *ex, size_t *answered, size_t *flagged)
{
	size_t i;

	*answered = *flagged = 0;
	for (i = 0; i < ex->att->nitems; i++) {
		*answered += attempt_item_answered(ex->att, i) != 0;
		*flagged += ex->att->flags[i] != 0;
	}
}

static void
draw(struct ex *ex, struct review *r)
{
	char line[512];
	size_t answered, flagged, n = ex->att->nitems;
	int rows = LINES - 7, i;

	screen_begin(ex, ex->title);
	counts(ex, &answered, &flagged);
	snprintf(line, sizeof(line), "Review: %zu answered, %zu not "
	    "answered, %zu flagged, of %zu items.", answered, n - answered,
	    flagged, n);
	term_put(2, 2, COLS - 4, line, R_CHOSEN);
	if (r->at < r->top)
		r->top = r->at;
	if (r->at >= r->top + rows)
		r->top = r->at - rows + 1;
	/* No empty rows at the end while items above are hidden. */
	if (r->top > (int)n - rows)
		r->top = (int)n - rows;
	if (r->top < 0)
		r->top = 0;
	for (i = 0; i < rows && r->top + i < (int)n; i++) {
		size_t k = (size_t)(r->top + i);
		const struct qti_item *it = pkg_item(ex->pkg,
		    ex->att->items[k]);
		const char *title = it != NULL && it->title != NULL ?
		    it->title : ex->att->items[k];
		enum role role = (int)k == r->at ? R_FOCUS : R_NORMAL;
		char status[64];

		snprintf(status, sizeof(status), "%-13s %s",
		    attempt_item_answered(ex->att, k) ? "Answered" :
		    "Not answered", ex->att->flags[k] ? "Flagged" : "");
		attrset(term_attr(role));
		mvhline(4 + i, 2, ' ', COLS - 4);
		snprintf(line, sizeof(line), "%4zu%s ", k + 1,
		    k == ex->cur_item ? "*" : " ");
		term_put(4 + i, 2, 6, line, role);
		term_put(4 + i, 8, COLS - 33, title, role);
		term_put(4 + i, COLS - 24, 22, status, role);
	}
	term_put(LINES - 2, 2, COLS - 4, "* the item you were on", R_DIM);
	term_footer("Enter=Go to item  F3=Back  F10=End test  F1=Help  "
	    "Ctrl-X=Invigilator");
	refresh();
}

static enum next
key(struct ex *ex, struct review *r, const struct ev *e)
{
	int n = (int)ex->att->nitems, page = LINES - 8;

	if (e->type == EV_CHAR) {
		switch (e->c) {
		case 27:
			return (NEXT_ITEMS);
		case '\r':
		case '\n':
			ex->cur_item = (size_t)r->at;
			return (NEXT_ITEMS);
		case CTRL_KEY('x'):
			return (NEXT_LEAVE);
		}
		return (NEXT_REVIEW);
	}
	switch (e->c) {
	case KEY_F(3): return (NEXT_ITEMS);
	case KEY_F(10): return (NEXT_END);
	case KEY_F(12): return (NEXT_LEAVE);
	case KEY_F(1): ui_help(ex, "review"); break;
	case KEY_ENTER: ex->cur_item = (size_t)r->at; return (NEXT_ITEMS);
	case KEY_UP: r->at--; break;
	case KEY_DOWN: r->at++; break;
	case KEY_PPAGE: r->at -= page; break;
	case KEY_NPAGE: r->at += page; break;
	case KEY_HOME: r->at = 0; break;
	case KEY_END: r->at = n - 1; break;
	}
	if (r->at >= n)
		r->at = n - 1;
	if (r->at < 0)
		r->at = 0;
	return (NEXT_REVIEW);
}

enum next
ui_review(struct ex *ex)
{
	struct review r;
	struct ev e;
	enum next next = NEXT_REVIEW;

	memset(&r, 0, sizeof(r));
	r.at = (int)ex->cur_item;
	r.top = r.at - (LINES - 7) / 2;
	if (r.top < 0)
		r.top = 0;
	while (next == NEXT_REVIEW && ex->stop_ev == EV_NONE) {
		if (term_too_small())
			term_draw_small();
		else
			draw(ex, &r);
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM)
			ex->stop_ev = e.type;
		else if (e.type != EV_NONE && !term_too_small() &&
		    !EV_IS(&e, EV_KEY, KEY_RESIZE))
			next = key(ex, &r, &e);
	}
	if (ex->stop_ev != EV_NONE)
		return (NEXT_ITEMS);
	return (next);
}
