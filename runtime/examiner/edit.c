/*
 * One-line fields and the multi-line editor.  Text is kept in logical
 * order as wide characters; drawing reorders right-to-left rows and maps
 * the cursor to its visual cell.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "edit.h"

void
field_init(struct field *f, size_t max, int mask, int multi)
{
	memset(f, 0, sizeof(*f));
	f->max = max;
	f->mask = mask;
	f->multi = multi;
	f->goal = -1;
	f->cap = 16;
	f->s = xcalloc(f->cap, sizeof(*f->s));
}

void
field_free(struct field *f)
{
	if (f->s != NULL)
		memset(f->s, 0, f->cap * sizeof(*f->s));
	free(f->s);
	f->s = NULL;
	f->n = f->cur = 0;
}

void
field_set(struct field *f, const char *utf8)
{
	size_t n;
	wchar_t *w = term_wide(utf8 != NULL ? utf8 : "", &n);

	if (n > f->max)
		n = f->max;
	free(f->s);
	f->cap = n + 16;
	f->s = xcalloc(f->cap, sizeof(*f->s));
	memcpy(f->s, w, n * sizeof(*w));
	f->n = f->cur = n;
	f->scroll = 0;
	f->top = 0;
	free(w);
}

char *
field_text(const struct field *f)
{
	return (term_utf8(f->s, f->n));
}

int
field_words(const struct field *f)
{
	int words = 0, in = 0;
	size_t i;

	for (i = 0; i < f->n; i++) {
		int space = iswspace((wint_t)f->s[i]);

		if (!space && !in)
			words++;
		in = !space;
	}
	return (words);
}

static int
insert(struct field *f, wchar_t c)
{
	if (f->n >= f->max)
		return (0);
	if (f->n + 2 > f->cap) {
		f->cap *= 2;
		f->s = xrealloc(f->s, f->cap * sizeof(*f->s));
	}
	memmove(f->s + f->cur + 1, f->s + f->cur,
	    (f->n - f->cur) * sizeof(*f->s));
	f->s[f->cur++] = c;
	f->n++;
	return (1);
}

static int
delete_at(struct field *f, size_t at)
{
	if (at >= f->n)
		return (0);
	memmove(f->s + at, f->s + at + 1, (f->n - at - 1) * sizeof(*f->s));
	f->n--;
	if (f->cur > at)
		f->cur--;
	return (1);
}

/* Move over whole characters: a base and its combining marks. */
static void
step(struct field *f, int dir)
{
	if (dir > 0 && f->cur < f->n) {
		f->cur++;
		while (f->cur < f->n && wcwidth(f->s[f->cur]) == 0 &&
		    f->s[f->cur] != L'\n')
			f->cur++;
	} else if (dir < 0 && f->cur > 0) {
		f->cur--;
		while (f->cur > 0 && wcwidth(f->s[f->cur]) == 0 &&
		    f->s[f->cur] != L'\n')
			f->cur--;
	}
}

static int
field_char(struct field *f, wint_t c)
{
	switch (c) {
	case '\r':
	case '\n':
		return (f->multi ? insert(f, L'\n') : -1);
	case 127:
	case CTRL_KEY('h'):
		return (f->cur > 0 ? delete_at(f, f->cur - 1) : 0);
	case CTRL_KEY('a'):
		f->cur = 0;
		return (0);
	case CTRL_KEY('e'):
		f->cur = f->n;
		return (0);
	case CTRL_KEY('u'):
		if (f->multi)
			return (-1);
		f->n = f->cur = 0;
		return (1);
	}
	if (c < 0x20 || c == 0x7f || (!iswprint(c) && wcwidth(c) != 0))
		return (-1);
	return (insert(f, (wchar_t)c));
}

int
field_key(struct field *f, const struct ev *e)
{
	if (e->type == EV_CHAR) {
		f->goal = -1;
		return (field_char(f, e->c));
	}
	if (e->type != EV_KEY)
		return (-1);
	f->goal = -1;
	switch (e->c) {
	case KEY_LEFT:
		step(f, -1);
		return (0);
	case KEY_RIGHT:
		step(f, 1);
		return (0);
	case KEY_HOME:
		f->cur = 0;
		return (0);
	case KEY_END:
		f->cur = f->n;
		return (0);
	case KEY_BACKSPACE:
		return (f->cur > 0 ? delete_at(f, f->cur - 1) : 0);
	case KEY_DC:
		return (delete_at(f, f->cur));
	case KEY_ENTER:
		return (f->multi ? insert(f, L'\n') : -1);
	}
	return (-1);
}

/* Visual column of logical position cur in s[0..n) drawn from its left. */
static int
cursor_col(const wchar_t *s, size_t n, size_t cur, int rtl)
{
	wchar_t *v;
	int *l2v, col, rtl_char;
	size_t i, at;

	if (!rtl && !bidi_has_rtl(s, n))
		return (term_width(s, cur));
	v = xcalloc(n + 1, sizeof(*v));
	l2v = xcalloc(n + 1, sizeof(*l2v));
	bidi_visual(s, n, rtl, v, l2v);
	at = cur < n ? cur : n - 1;
	rtl_char = bidi_has_rtl(s + at, 1) || (rtl && cur >= n);
	col = 0;
	for (i = 0; i < (size_t)l2v[at]; i++)
		col += wcwidth(v[i]) < 0 ? 1 : wcwidth(v[i]);
	if (cur >= n && !rtl_char)
		col += wcwidth(s[at]) < 0 ? 1 : wcwidth(s[at]);
	else if (cur >= n && rtl_char && col > 0)
		col--;
	free(v);
	free(l2v);
	return (col);
}

static void
masked(const struct field *f, wchar_t *out)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		out[i] = f->mask ? L'*' : f->s[i];
}

/*
 * What a one-line field of w columns shows: its characters in visual
 * order, scrolled so the cursor is in view, into out (f->n + 1 wide
 * characters).  Returns how many, and the cursor column in *col.
 */
static size_t
field_visual(struct field *f, int w, wchar_t *out, int *col)
{
	wchar_t *d = xcalloc(f->n + 1, sizeof(*d));
	int total, rtl;
	size_t n;

	masked(f, d);
	total = term_width(d, f->n);
	rtl = !f->mask && bidi_base_rtl(d, f->n, 0);
	if ((rtl || bidi_has_rtl(d, f->n)) && total < w) {
		int left = rtl ? w - 1 - total : 0;
		int i;

		for (i = 0; i < left; i++)
			out[i] = L' ';
		bidi_visual(d, f->n, rtl, out + left, NULL);
		*col = left + cursor_col(d, f->n, f->cur, rtl);
		free(d);
		return ((size_t)left + f->n);
	}
	if (f->cur < f->scroll)
		f->scroll = f->cur;
	while (f->scroll < f->cur &&
	    term_width(d + f->scroll, f->cur - f->scroll) > w - 1)
		f->scroll++;
	n = f->n - f->scroll;
	memcpy(out, d + f->scroll, n * sizeof(*out));
	*col = term_width(d + f->scroll, f->cur - f->scroll);
	free(d);
	return (n);
}

int
field_draw(struct field *f, int y, int x, int w, attr_t a)
{
	wchar_t *v = xcalloc(f->n + (size_t)w + 1, sizeof(*v));
	size_t n;
	int col;

	n = field_visual(f, w, v, &col);
	attrset(a);
	mvhline(y, x, ' ', w);
	term_putw(y, x, w, v, n, a);
	free(v);
	return (x + col);
}

/*
 * Add a one-line field of w columns at column x to a document, after
 * prefix; the document's cursor is set when focused.
 */
void
field_line(struct field *f, struct doc *d, const struct run *prefix,
    int x, int w, int focused, attr_t a)
{
	wchar_t *v = xcalloc(f->n + (size_t)w + 1, sizeof(*v));
	struct run r;
	size_t n, k;
	int col, pw = term_width(prefix->s, prefix->n), used;

	n = field_visual(f, w, v, &col);
	run_init(&r);
	run_addw(&r, prefix->s, prefix->n, 0);
	memcpy(r.a, prefix->a, prefix->n * sizeof(*r.a));
	for (k = 0, used = 0; k < n; k++) {
		int cw = wcwidth(v[k]) < 0 ? 1 : wcwidth(v[k]);

		if (used + cw > w)
			break;
		used += cw;
	}
	run_addw(&r, v, k, a);
	for (; used < w; used++)
		run_addw(&r, L" ", 1, a);
	if (focused) {
		d->cursor_line = (int)d->n;
		d->cursor_col = x + pw + col;
	}
	doc_line(d, r.s, r.a, r.n, x, 0, -1);
	run_free(&r);
	free(v);
}

/* Editor rows: start and shown end of each, and where the next starts. */
struct rows {
	size_t	*start, *end;
	size_t	 n;
};

static void
rows_make(const struct field *f, int w, struct rows *r)
{
	size_t from = 0, next, cap = 16;

	r->start = xcalloc(cap, sizeof(size_t));
	r->end = xcalloc(cap, sizeof(size_t));
	r->n = 0;
	for (;;) {
		size_t end = from < f->n ?
		    wrap_end(f->s, f->n, from, w, &next) : from;

		if (from >= f->n)
			next = f->n + 1;
		if (r->n == cap) {
			cap *= 2;
			r->start = xrealloc(r->start, cap * sizeof(size_t));
			r->end = xrealloc(r->end, cap * sizeof(size_t));
		}
		r->start[r->n] = from;
		r->end[r->n++] = end;
		if (next > f->n)
			break;
		if (next == f->n && f->s[f->n - 1] != L'\n')
			break;
		from = next;
	}
}

static void
rows_free(struct rows *r)
{
	free(r->start);
	free(r->end);
}

static size_t
row_of(const struct rows *r, size_t cur)
{
	size_t i;

	for (i = r->n; i-- > 0;)
		if (r->start[i] <= cur)
			return (i);
	return (0);
}

/* One editor row: text in visual order, padded with spaces to w. */
static void
editor_row(struct doc *d, const wchar_t *s, size_t n, int x, int w,
    attr_t a)
{
	wchar_t *line = xcalloc((size_t)w + n + 1, sizeof(*line));
	attr_t *attrs = xcalloc((size_t)w + n + 1, sizeof(*attrs));
	int rtl = bidi_base_rtl(s, n, 0), pad = w - term_width(s, n);
	size_t k, at = 0;

	if (pad < 0)
		pad = 0;
	if (rtl)
		for (; at < (size_t)pad; at++)
			line[at] = L' ';
	bidi_visual(s, n, rtl, line + at, NULL);
	at += n;
	if (!rtl)
		for (k = 0; k < (size_t)pad; k++)
			line[at++] = L' ';
	for (k = 0; k < at; k++)
		attrs[k] = a;
	doc_line(d, line, attrs, at, x, w, -1);
	doc_bars(d, x);
	free(line);
	free(attrs);
}

void
editor_render(struct field *f, struct doc *d, int x, int w, int nrows,
    int focused, attr_t a)
{
	struct rows r;
	size_t cr, i;

	rows_make(f, w - 1, &r);
	cr = row_of(&r, f->cur);
	if ((int)cr < f->top)
		f->top = (int)cr;
	if ((int)cr >= f->top + nrows)
		f->top = (int)cr - nrows + 1;
	for (i = (size_t)f->top; i < (size_t)f->top + (size_t)nrows; i++) {
		size_t s = i < r.n ? r.start[i] : 0;
		size_t n = i < r.n ? r.end[i] - s : 0;

		if (focused && i == cr) {
			int rtl = bidi_base_rtl(f->s + s, n, 0);
			int pad = rtl ? w - term_width(f->s + s, n) : 0;
			size_t at = f->cur < s + n ? f->cur - s : n;

			d->cursor_line = (int)d->n;
			d->cursor_col = x + (pad > 0 ? pad : 0) +
			    cursor_col(f->s + s, n, at, rtl);
			if (d->cursor_col >= x + w)
				d->cursor_col = x + w - 1;
		}
		editor_row(d, f->s + s, n, x, w, a);
	}
	rows_free(&r);
}

int
editor_key(struct field *f, const struct ev *e, int w, int nrows)
{
	struct rows r;
	size_t cr, target, i;
	int col, goal, move;

	if (e->type != EV_KEY)
		return (-1);
	switch (e->c) {
	case KEY_UP: move = -1; break;
	case KEY_DOWN: move = 1; break;
	case KEY_PPAGE: move = -nrows; break;
	case KEY_NPAGE: move = nrows; break;
	case KEY_HOME: move = 0; break;
	case KEY_END: move = 0; break;
	default: return (-1);
	}
	rows_make(f, w - 1, &r);
	cr = row_of(&r, f->cur);
	if (e->c == KEY_HOME || e->c == KEY_END) {
		f->cur = e->c == KEY_HOME ? r.start[cr] : r.end[cr];
		rows_free(&r);
		return (0);
	}
	if ((move < 0 && cr == 0) || (move > 0 && cr + 1 >= r.n)) {
		rows_free(&r);
		return (e->c == KEY_UP || e->c == KEY_DOWN ? -1 : 0);
	}
	col = term_width(f->s + r.start[cr], f->cur - r.start[cr]);
	goal = f->goal >= 0 ? f->goal : col;
	target = move < 0 ? (cr < (size_t)-move ? 0 : cr + move) :
	    (cr + move >= r.n ? r.n - 1 : cr + move);
	col = 0;
	for (i = r.start[target]; i < r.end[target]; i++) {
		int cw = wcwidth(f->s[i]) < 0 ? 1 : wcwidth(f->s[i]);

		if (col + cw > goal)
			break;
		col += cw;
	}
	f->cur = i;
	f->goal = goal;
	rows_free(&r);
	return (0);
}
