/*
 * The item screen: the header with the clock, the item text and its
 * interactions in a scrolling area, the status line and the keys.  The
 * focus moves over "stops" (a choice, a field, a gap, ...); every change
 * of a response is saved to the journal before the screen shows it.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"
#include "item.h"

struct stop {
	int	ia;
	int	sub;
};

struct view {
	struct ex		*ex;
	size_t			 idx;
	const struct qti_item	*item;
	struct ia		*ias;
	size_t			 nias;
	struct stop		*stops;
	size_t			 nstops;
	int			 focus;		/* stop index, -1: none */
	size_t			 top;		/* first line shown */
	int			 follow;	/* scroll to the focus */
	size_t			 nlines;
	int			 h;		/* lines of the item area */
};

static void
stops_build(struct view *v)
{
	size_t i, n = 0;
	int k, keep_ia = -1, keep_sub = 0;

	if (v->focus >= 0 && (size_t)v->focus < v->nstops) {
		keep_ia = v->stops[v->focus].ia;
		keep_sub = v->stops[v->focus].sub;
	}
	for (i = 0; i < v->nias; i++)
		n += (size_t)ia_nstops(&v->ias[i]);
	free(v->stops);
	v->stops = xcalloc(n + 1, sizeof(*v->stops));
	v->nstops = 0;
	v->focus = n > 0 ? 0 : -1;
	for (i = 0; i < v->nias; i++) {
		v->ias[i].stop0 = (int)v->nstops;
		for (k = 0; k < ia_nstops(&v->ias[i]); k++) {
			if ((int)i == keep_ia && k <= keep_sub)
				v->focus = (int)v->nstops;
			v->stops[v->nstops].ia = (int)i;
			v->stops[v->nstops++].sub = k;
		}
	}
}

static void
view_open(struct view *v, struct ex *ex, size_t idx)
{
	size_t i;
	int number = 0;

	memset(v, 0, sizeof(*v));
	v->ex = ex;
	v->idx = idx;
	v->item = pkg_item(ex->pkg, ex->att->items[idx]);
	v->nias = v->item->ninteractions;
	v->ias = xcalloc(v->nias + 1, sizeof(*v->ias));
	for (i = 0; i < v->nias; i++) {
		ia_init(&v->ias[i], ex, v->item, (int)i);
		if (ia_is_inline(&v->ias[i]))
			v->ias[i].number = ++number;
	}
	v->focus = -1;
	v->follow = 0;	/* the item opens at its top */
	stops_build(v);
}

static void
view_close(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nias; i++)
		ia_free(&v->ias[i]);
	free(v->ias);
	free(v->stops);
}

static struct ia *
focused(struct view *v, int *sub)
{
	if (v->focus < 0 || (size_t)v->focus >= v->nstops)
		return (NULL);
	*sub = v->stops[v->focus].sub;
	return (&v->ias[v->stops[v->focus].ia]);
}

static void
header(struct view *v)
{
	struct ex *ex = v->ex;
	char item[96], right[64], clock[32];
	enum role r = R_TITLE;
	int avail, item_w, title_w, x;

	snprintf(item, sizeof(item), "   Item %zu of %zu%s", v->idx + 1,
	    ex->att->nitems, ex->att->flags[v->idx] ? "   [Flagged]" : "");
	if (sess_allowed_ms(ex) > 0) {
		fmt_clock(clock, sizeof(clock),
		    attempt_remaining_ms(ex->att));
		snprintf(right, sizeof(right), "%sTime left %s ",
		    ex->warned ? "! " : "", clock);
		r = clock_role(ex);
	} else {
		snprintf(right, sizeof(right), "No time limit ");
	}
	term_header("", right, r);
	/*
	 * A title may be 80 characters, wider than the room beside the
	 * clock: shorten the title, never the item number.
	 */
	avail = COLS - term_text_width(right) - 3;
	item_w = term_text_width(item);
	title_w = term_text_width(ex->title);
	if (title_w + item_w <= avail) {
		x = 1 + term_put(0, 1, title_w, ex->title, R_TITLE);
	} else {
		x = 1 + term_put(0, 1, avail - item_w - 3, ex->title,
		    R_TITLE);
		x += term_put(0, x, 3, "...", R_TITLE);
	}
	term_put(0, x, item_w, item, R_TITLE);
}

/* The notice line under the header: the latest message, for a while. */
void
draw_message(struct ex *ex, int y)
{
	if (ex->message[0] == '\0' || util_mono_ms() > ex->message_until)
		return;
	term_fill(y, (enum role)ex->message_role);
	term_put(y, 1, COLS - 2, ex->message, (enum role)ex->message_role);
}

static void
scroll_to_focus(struct view *v, const struct doc *d, int h)
{
	size_t i, first = (size_t)-1, last = 0;

	for (i = 0; i < d->n; i++)
		if (d->lines[i].focus == v->focus && v->focus >= 0) {
			if (first == (size_t)-1)
				first = i;
			last = i;
		}
	if (d->cursor_line >= 0) {
		first = last = (size_t)d->cursor_line;
		if (v->top <= first && first < v->top + (size_t)h)
			return;
	}
	if (first == (size_t)-1)
		return;
	if (last - first + 1 > (size_t)h || first < v->top)
		v->top = first > 0 && first - 1 < v->top ? first - 1 : first;
	else if (last >= v->top + (size_t)h)
		v->top = last - (size_t)h + 1;
}

#define TYPING_LONG	"   Typing: saved when you pause or leave the field"
#define TYPING_SHORT	"   Typing: not saved yet"

static void
status_format(struct view *v, int more, const char *typing, char *line,
    size_t size)
{
	struct ex *ex = v->ex;

	snprintf(line, size, "%s%s%s%s",
	    attempt_item_answered(ex->att, v->idx) ? "Answered" :
	    "Not answered", ex->att->flags[v->idx] ? "   Flagged" : "",
	    typing, more ? "   More below: PgDn" : "");
}

/*
 * Draw the status line at row y.  The long note on typed text gives way to the
 * short one when the line would not fit, so "More below" stays shown.
 */
static void
status(struct view *v, int y, int more)
{
	char line[256];
	size_t i;
	int dirty = 0;

	for (i = 0; i < v->nias; i++)
		dirty |= v->ias[i].dirty;
	status_format(v, more, dirty ? TYPING_LONG : "", line, sizeof(line));
	if (dirty && term_text_width(line) > COLS - 2)
		status_format(v, more, TYPING_SHORT, line, sizeof(line));
	term_put(y, 1, COLS - 2, line, R_DIM);
}

/* The number of interactions the focus can move to with Tab. */
static int
parts(const struct view *v)
{
	size_t i;
	int n = 0;

	for (i = 0; i < v->nias; i++)
		if (ia_nstops(&v->ias[i]) > 0)
			n++;
	return (n);
}

/*
 * The footer's keys: only those that do something on this item now.
 * Tab needs two parts, PgUp/PgDn an item longer than its area, and F4
 * a rest break allowance.  Ctrl-X, the invigilator's key, is left out
 * so that the keys of a one-part item fit on one line of 80 columns.
 */
static void
item_keys(const struct view *v, int scrolls, char *keys, size_t size)
{
	snprintf(keys, size, "F8=Next  F7=Prev  F2=Flag  F3=Review  "
	    "F10=End test%s  F1=Help%s%s",
	    v->ex->att->rest_break_minutes > 0 ? "  F4=Rest break" : "",
	    parts(v) > 1 ? "  Tab=Next part" : "",
	    scrolls ? "  PgUp/PgDn=Scroll" : "");
}

/* The section's title and rubric, above the first item of a section. */
static void
section_intro(struct view *v, struct doc *d, int w)
{
	const struct pkg_test *pkg = v->ex->pkg;
	struct run r;
	size_t i;

	for (i = 0; i < pkg->nsections; i++) {
		const struct pkg_section *s = &pkg->sections[i];

		if (s->count == 0 || s->first != v->idx)
			continue;
		if (s->title != NULL) {
			run_init(&r);
			run_add(&r, s->title, term_attr(R_NORMAL) | A_BOLD);
			doc_wrap(d, &r, 0, w, 0, 0);
			run_free(&r);
		}
		text_render(d, &s->rubric, 2, w - 2, NULL);
		if (s->title == NULL && s->rubric.nblocks == 0)
			continue;
		ia_hint(d, 0, w, "%s", "----------------------------------------");
		doc_blank(d);
	}
}

/*
 * Choose the footer's keys and the height of the item area together:
 * the footer takes a second line when its keys do not fit on one, and
 * that line comes off the item area, which can make the item scroll.
 */
static void
layout_footer(struct view *v, size_t nlines, char *keys, size_t size)
{
	int scrolls = 0, flines;

	for (;;) {
		item_keys(v, scrolls, keys, size);
		flines = term_footer_lines(keys);
		v->h = LINES - 3 - flines;
		if (scrolls || nlines <= (size_t)v->h)
			return;
		scrolls = 1;
	}
}

static void
view_draw(void *arg)
{
	struct view *v = arg;
	struct text_ctx ctx;
	struct doc d;
	char keys[256];
	int h, w = COLS - 4, sub = -1;
	struct ia *ia = focused(v, &sub);

	erase();
	if (term_too_small()) {
		term_draw_small();
		return;
	}
	header(v);
	draw_message(v->ex, 1);
	memset(&d, 0, sizeof(d));
	d.focus = -1;
	d.cursor_line = -1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.ias = v->ias;
	ctx.nias = v->nias;
	ctx.focus_ia = ia != NULL ? ia->index : -1;
	ctx.focus_sub = sub;
	section_intro(v, &d, w);
	text_render(&d, &v->item->body, 0, w, &ctx);
	while (d.n > 0 && d.lines[d.n - 1].n == 0)
		free(d.lines[--d.n].s), free(d.lines[d.n].a);
	layout_footer(v, d.n, keys, sizeof(keys));
	h = v->h;
	if (v->follow)
		scroll_to_focus(v, &d, h);
	if (d.n <= (size_t)h)
		v->top = 0;
	else if (v->top > d.n - (size_t)h)
		v->top = d.n - (size_t)h;
	v->nlines = d.n;
	doc_paint(&d, v->top, 2, h, 2, w);
	if (v->top > 0)
		term_put(2, COLS - 1, 1, "^", R_DIM);
	if (v->top + (size_t)h < d.n)
		term_put(2 + h - 1, COLS - 1, 1, "v", R_DIM);
	status(v, 2 + h, v->top + (size_t)h < d.n);
	term_footer(keys);
	if (d.cursor_line >= (int)v->top && d.cursor_line < (int)v->top + h) {
		curs_set(1);
		move(2 + d.cursor_line - (int)v->top, 2 + d.cursor_col);
	} else {
		curs_set(0);
	}
	doc_free(&d);
	refresh();
}

/* Save every interaction with typed text not yet saved. */
static int
commit_typed(struct view *v, int idle_only)
{
	int64_t now = util_mono_ms();
	size_t i;

	for (i = 0; i < v->nias; i++) {
		struct ia *ia = &v->ias[i];

		if (!ia->dirty)
			continue;
		if (idle_only && now - ia->typed_ms < EX_IDLE_SAVE_MS)
			continue;
		if (ia_commit(ia) != 0)
			return (-1);
	}
	return (0);
}

static int
set_focus(struct view *v, int stop)
{
	if (v->nstops == 0)
		return (0);
	if (stop < 0)
		stop = 0;
	if ((size_t)stop >= v->nstops)
		stop = (int)v->nstops - 1;
	if (stop != v->focus && commit_typed(v, 0) != 0)
		return (-1);
	v->focus = stop;
	v->follow = 1;
	return (0);
}

/* Tab: the first stop of the next (or previous) interaction. */
static int
next_part(struct view *v, int dir)
{
	int ia, s;

	if (v->focus < 0)
		return (0);
	ia = v->stops[v->focus].ia + dir;
	if (ia < 0)
		ia = (int)v->nias - 1;
	if ((size_t)ia >= v->nias)
		ia = 0;
	while (ia_nstops(&v->ias[ia]) == 0 && ia != v->stops[v->focus].ia)
		ia = (ia + dir + (int)v->nias) % (int)v->nias;
	s = v->ias[ia].stop0;
	return (set_focus(v, s));
}

enum act { ACT_NONE, ACT_GOTO, ACT_NEXT, ACT_STOP };

struct outcome {
	enum act	act;
	enum next	next;
	size_t		go;
};

static void
view_scroll(struct view *v, int lines)
{
	int h = v->h;

	v->follow = 0;
	if (lines < 0 && (size_t)-lines > v->top)
		v->top = 0;
	else if (lines < 0)
		v->top -= (size_t)-lines;
	else if (v->top + (size_t)h < v->nlines)
		v->top += (size_t)lines;
}

static int
go(struct view *v, struct outcome *o, int dir)
{
	size_t n = v->ex->att->nitems;

	if ((dir < 0 && v->idx == 0) || (dir > 0 && v->idx + 1 >= n)) {
		ev_message(v->ex, R_WARN, 4, dir < 0 ? "This is the first "
		    "item." : "This is the last item: press F3 to review or "
		    "F10 to end the test.");
		return (0);
	}
	o->act = ACT_GOTO;
	o->go = v->idx + (size_t)dir;
	return (1);
}

/* F4: a rest break, when the candidate has rest break time left. */
static int
rest_break(struct view *v, struct outcome *o)
{
	struct ex *ex = v->ex;

	if (ex->att->rest_break_minutes <= 0)
		return (0);
	if (attempt_break_left_ms(ex->att) <= 0) {
		ev_message(ex, R_WARN, 6, "Your rest break time is used up.");
		return (0);
	}
	o->act = ACT_NEXT;
	o->next = NEXT_BREAK;
	return (1);
}

static int
function_key(struct view *v, const struct ev *e, struct outcome *o)
{
	struct ex *ex = v->ex;

	if (e->type == EV_CHAR && e->c == CTRL_KEY('x'))
		return (o->act = ACT_NEXT, o->next = NEXT_LEAVE, 1);
	if (e->type != EV_KEY)
		return (0);
	switch (e->c) {
	case KEY_F(1):
		ui_help(ex, "item");
		return (1);
	case KEY_F(2):
		if (store_flag(ex, v->idx, !ex->att->flags[v->idx]) != 0)
			o->act = ACT_STOP;
		return (1);
	case KEY_F(3):
		return (o->act = ACT_NEXT, o->next = NEXT_REVIEW, 1);
	case KEY_F(4):
		return (rest_break(v, o), 1);
	case KEY_F(7):
		return (go(v, o, -1), 1);
	case KEY_F(8):
		return (go(v, o, 1), 1);
	case KEY_F(10):
		return (o->act = ACT_NEXT, o->next = NEXT_END, 1);
	case KEY_F(12):
		return (o->act = ACT_NEXT, o->next = NEXT_LEAVE, 1);
	case KEY_BTAB:
		if (next_part(v, -1) != 0)
			o->act = ACT_STOP;
		return (1);
	}
	return (0);
}

/* Keys the focused interaction did not take. */
static void
fallback(struct view *v, const struct ev *e, struct outcome *o)
{
	int h = v->h;

	if (e->type != EV_KEY)
		return;
	switch (e->c) {
	case KEY_PPAGE: view_scroll(v, -(h - 2)); break;
	case KEY_NPAGE: view_scroll(v, h - 2); break;
	case KEY_UP: view_scroll(v, -1); break;
	case KEY_DOWN: view_scroll(v, 1); break;
	case KEY_HOME: v->top = 0; v->follow = 0; break;
	case KEY_END: view_scroll(v, (int)v->nlines); break;
	case KEY_LEFT: go(v, o, -1); break;
	case KEY_RIGHT: go(v, o, 1); break;
	}
}

static void
interaction_key(struct view *v, const struct ev *e, struct outcome *o)
{
	int sub = 0;
	struct ia *ia = focused(v, &sub);
	enum ia_result r;

	if (ia == NULL) {
		fallback(v, e, o);
		return;
	}
	r = ia_key(ia, &sub, e, view_draw, v);
	if (v->ex->stop_ev != EV_NONE) {
		o->act = ACT_STOP;
		return;
	}
	switch (r) {
	case IA_IGNORED:
		fallback(v, e, o);
		return;
	case IA_CHANGED:
		if (ia_commit(ia) != 0)
			o->act = ACT_STOP;
		stops_build(v);
		break;
	case IA_LEAVE_UP:
	case IA_LEAVE_DOWN:
		/* Enter in the last field saves it, with nowhere to move. */
		if (commit_typed(v, 0) != 0 ||
		    set_focus(v, v->focus + (r == IA_LEAVE_UP ? -1 : 1)))
			o->act = ACT_STOP;
		return;
	default:
		break;
	}
	if (v->focus >= 0)
		v->focus = ia->stop0 + sub;
	v->follow = 1;
}

static void
handle(struct view *v, const struct ev *e, struct outcome *o)
{
	if (function_key(v, e, o))
		return;
	if (EV_IS(e, EV_CHAR, '\t')) {
		if (next_part(v, 1) != 0)
			o->act = ACT_STOP;
		return;
	}
	interaction_key(v, e, o);
}

/* Run one item until the candidate moves away. */
static void
view_run(struct view *v, struct outcome *o)
{
	struct ev e;

	memset(o, 0, sizeof(*o));
	while (o->act == ACT_NONE) {
		view_draw(v);
		ev_get(v->ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			v->ex->stop_ev = e.type;
			o->act = ACT_STOP;
		} else if (e.type == EV_NONE) {
			if (commit_typed(v, 1) != 0)
				o->act = ACT_STOP;
		} else if (!term_too_small() && !EV_IS(&e, EV_KEY,
		    KEY_RESIZE)) {
			handle(v, &e, o);
		}
		if (o->act == ACT_NONE && v->ex->stop_ev != EV_NONE)
			o->act = ACT_STOP;
	}
	if (commit_typed(v, 0) != 0 && v->ex->stop_ev == EV_NONE)
		v->ex->stop_ev = EV_TERM;
	curs_set(0);
}

/* Time ran out, or SIGTERM: close the attempt in order. */
static enum next
stop(struct ex *ex)
{
	if (ex->stop_ev == EV_TIMEUP) {
		ex->stop_ev = EV_NONE;
		log_msg("%s: time is up", ex->att_id);
		if (store_end(ex, "timeout") != 0)
			return (NEXT_QUIT);
		return (NEXT_FINISH);
	}
	ex->exit_code = ex->leave ? EX_EXIT_OK : EX_EXIT_SIGNAL;
	if (ex->nops == 0 && !ex->leave)
		store_time(ex);
	return (NEXT_QUIT);
}

enum next
ui_items(struct ex *ex)
{
	struct view v;
	struct outcome o;

	if (ex->cur_item >= ex->att->nitems)
		ex->cur_item = 0;
	for (;;) {
		if (ex->stop_ev != EV_NONE)
			return (stop(ex));
		if (store_show(ex, ex->cur_item) != 0)
			return (stop(ex));
		view_open(&v, ex, ex->cur_item);
		view_run(&v, &o);
		view_close(&v);
		if (o.act == ACT_STOP || ex->stop_ev != EV_NONE)
			return (stop(ex));
		if (o.act == ACT_NEXT)
			return (o.next);
		ex->cur_item = o.go;
	}
}
