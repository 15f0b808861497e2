/*
 * The picker: a list over the item screen to choose one entry, or to
 * tick several, by arrows, letters, Space and Enter.  The clock and the
 * screen under it keep running while it is open.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "examiner.h"
#include "item.h"

struct picker {
	const char	 *title;
	char		**labels;
	size_t		  n;
	unsigned char	 *on;
	int		  multi;
	int		  cur, top;
};

static void
draw(struct picker *p, bg_fn bg, void *arg)
{
	int h, w = COLS - 8, y, x, rows, i;

	bg(arg);
	rows = (int)p->n;
	if (rows > LINES - 10)
		rows = LINES - 10;
	h = rows + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + rows)
		p->top = p->cur - rows + 1;
	term_box(y, x, h, w, R_NORMAL);
	term_put(y, x + 2, w - 4, p->title, R_NORMAL);
	for (i = 0; i < rows && p->top + i < (int)p->n; i++) {
		int k = p->top + i;
		enum role r = k == p->cur ? R_FOCUS :
		    p->on[k] ? R_CHOSEN : R_NORMAL;
		char mark[8];

		snprintf(mark, sizeof(mark), "%s ", p->multi ?
		    (p->on[k] ? "[x]" : "[ ]") : (p->on[k] ? "(*)" : "( )"));
		attrset(term_attr(r));
		mvhline(y + 2 + i, x + 1, ' ', w - 2);
		term_put(y + 2 + i, x + 2, 4, mark, r);
		term_put(y + 2 + i, x + 6, w - 8, p->labels[k], r);
	}
	term_put(y + h - 1, x + 2, w - 4, p->multi ?
	    " Space: tick  Enter: done  Delete: clear all  Esc: cancel " :
	    " Enter: choose  Delete: clear  Esc: cancel ", R_DIM);
	refresh();
}

/* Keys that move the cursor; returns 1 if the key was one. */
static int
cursor_move(struct picker *p, const struct ev *e)
{
	int n = (int)p->n, page = LINES - 10;

	if (e->type != EV_KEY)
		return (0);
	switch (e->c) {
	case KEY_UP: p->cur--; break;
	case KEY_DOWN: p->cur++; break;
	case KEY_PPAGE: p->cur -= page; break;
	case KEY_NPAGE: p->cur += page; break;
	case KEY_HOME: p->cur = 0; break;
	case KEY_END: p->cur = n - 1; break;
	default: return (0);
	}
	if (p->cur >= n)
		p->cur = n - 1;
	if (p->cur < 0)
		p->cur = 0;
	return (1);
}

static void
only(struct picker *p, int k)
{
	memset(p->on, 0, p->n);
	if (k >= 0)
		p->on[k] = 1;
}

/* Returns 1 when done, 0 when cancelled, 2 to go on. */
static int
key(struct picker *p, const struct ev *e)
{
	int l = -1;

	if (cursor_move(p, e))
		return (2);
	if (e->type == EV_CHAR && e->c < 0x80 && iswalpha(e->c))
		l = (int)(towupper(e->c) - 'A');
	if (l >= 0 && l < (int)p->n && l < 26) {
		p->cur = l;
		if (!p->multi) {
			only(p, l);
			return (1);
		}
		p->on[l] = !p->on[l];
		return (2);
	}
	if (EV_IS(e, EV_CHAR, 27))
		return (0);
	if (EV_IS(e, EV_KEY, KEY_DC) || EV_IS(e, EV_KEY, KEY_BACKSPACE) ||
	    EV_IS(e, EV_CHAR, 127)) {
		only(p, -1);
		return (p->multi ? 2 : 1);
	}
	if (EV_IS(e, EV_CHAR, ' ') && p->multi) {
		p->on[p->cur] = !p->on[p->cur];
		return (2);
	}
	if (EV_IS(e, EV_CHAR, ' ') || EV_IS(e, EV_CHAR, '\r') ||
	    EV_IS(e, EV_CHAR, '\n') || EV_IS(e, EV_KEY, KEY_ENTER)) {
		if (!p->multi)
			only(p, p->cur);
		return (1);
	}
	return (2);
}

/*
 * Run the picker.  on[] is the ticked entries in and out.  Returns 1
 * when chosen, 0 when cancelled (on[] unchanged), -1 when the time ran
 * out or SIGTERM came (ex->stop_ev says which).
 */
int
pick_run(struct ex *ex, const char *title, char **labels, size_t n,
    unsigned char *on, int multi, bg_fn bg, void *arg)
{
	struct picker p;
	struct ev e;
	unsigned char *work;
	int r;
	size_t i;

	if (n == 0)
		return (0);
	memset(&p, 0, sizeof(p));
	work = xcalloc(n + 1, 1);
	memcpy(work, on, n);
	p.title = title;
	p.labels = labels;
	p.n = n;
	p.on = work;
	p.multi = multi;
	for (i = 0; i < n; i++)
		if (on[i]) {
			p.cur = (int)i;
			break;
		}
	for (;;) {
		if (term_too_small())
			term_draw_small();
		else
			draw(&p, bg, arg);
		ev_get(ex, &e, -1);
		if (e.type == EV_TIMEUP || e.type == EV_TERM) {
			ex->stop_ev = e.type;
			r = -1;
			break;
		}
		if (e.type == EV_NONE || term_too_small())
			continue;
		r = key(&p, &e);
		if (r != 2)
			break;
	}
	if (r == 1)
		memcpy(on, work, n);
	free(work);
	return (r);
}
