/*
 * Text layout for the screens: runs of wide characters with attributes
 * are wrapped into lines by display width (wcwidth), so CJK characters
 * take two columns and combining marks stay on their base character.
 * Lines of right-to-left text are put in visual order with fribidi and
 * aligned to the right.
 */
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "layout.h"

void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
}

void
run_free(struct run *r)
{
	free(r->s);
	free(r->a);
	run_init(r);
}

void
run_addw(struct run *r, const wchar_t *w, size_t n, attr_t a)
{
	size_t i;

	if (r->n + n + 1 > r->cap) {
		r->cap = (r->n + n + 1) * 2;
		r->s = xrealloc(r->s, r->cap * sizeof(*r->s));
		r->a = xrealloc(r->a, r->cap * sizeof(*r->a));
	}
	for (i = 0; i < n; i++) {
		r->s[r->n] = w[i];
		r->a[r->n++] = a;
	}
	r->s[r->n] = L'\0';
}

void
run_add(struct run *r, const char *utf8, attr_t a)
{
	size_t n;
	wchar_t *w = term_wide(utf8, &n);

	run_addw(r, w, n, a);
	free(w);
}

/* Whether any character of s is a strong right-to-left letter. */
int
bidi_has_rtl(const wchar_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)s[i]);

		if (FRIBIDI_IS_LETTER(t) && FRIBIDI_IS_RTL(t))
			return (1);
	}
	return (0);
}

/* Base direction of a paragraph: its dir attribute, else its text. */
int
bidi_base_rtl(const wchar_t *s, size_t n, int rtl_attr)
{
	FriBidiParType t;
	FriBidiCharType *types;
	FriBidiChar *u;
	size_t i;

	if (rtl_attr)
		return (1);
	if (!bidi_has_rtl(s, n))
		return (0);
	u = xcalloc(n + 1, sizeof(*u));
	types = xcalloc(n + 1, sizeof(*types));
	for (i = 0; i < n; i++)
		u[i] = (FriBidiChar)s[i];
	fribidi_get_bidi_types(u, (FriBidiStrIndex)n, types);
	t = fribidi_get_par_direction(types, (FriBidiStrIndex)n);
	free(u);
	free(types);
	return (t == FRIBIDI_PAR_RTL);
}

/*
 * Reorder n characters into visual order.  l2v, when not NULL, receives
 * the visual index of each logical index.  Returns 0 when nothing needed
 * to move (out is then a copy of in).
 */
int
bidi_visual(const wchar_t *in, size_t n, int rtl, wchar_t *out, int *l2v)
{
	FriBidiChar *u, *v;
	FriBidiStrIndex *map;
	FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	size_t i;
	int ok;

	if (n == 0 || (!rtl && !bidi_has_rtl(in, n))) {
		memmove(out, in, n * sizeof(*in));
		for (i = 0; l2v != NULL && i < n; i++)
			l2v[i] = (int)i;
		return (0);
	}
	u = xcalloc(n, sizeof(*u));
	v = xcalloc(n + 1, sizeof(*v));
	map = xcalloc(n, sizeof(*map));
	for (i = 0; i < n; i++)
		u[i] = (FriBidiChar)in[i];
	ok = fribidi_log2vis(u, (FriBidiStrIndex)n, &base, v, map, NULL,
	    NULL) != 0;
	for (i = 0; i < n; i++) {
		out[i] = ok ? (wchar_t)v[i] : in[i];
		if (l2v != NULL)
			l2v[i] = ok ? map[i] : (int)i;
	}
	free(u);
	free(v);
	free(map);
	return (ok);
}

static struct line *
doc_add(struct doc *d)
{
	struct line *l;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->lines = xrealloc(d->lines, d->cap * sizeof(*d->lines));
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof(*l));
	l->focus = d->focus;
	return (l);
}

void
doc_blank(struct doc *d)
{
	doc_add(d);
}

void
doc_free(struct doc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->lines[i].s);
		free(d->lines[i].a);
	}
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

/*
 * Add one line from s[0..n) at column x.  rtl_base 1 reorders it as
 * right-to-left text and aligns it right in width; 0 reorders any
 * right-to-left parts of a left-to-right line; -1 takes s as already in
 * visual order.
 */
void
doc_line(struct doc *d, const wchar_t *s, const attr_t *a, size_t n,
    int x, int width, int rtl_base)
{
	struct line *l = doc_add(d);
	int *l2v = xcalloc(n + 1, sizeof(*l2v));
	size_t i;

	l->s = xcalloc(n + 1, sizeof(*l->s));
	l->a = xcalloc(n + 1, sizeof(*l->a));
	l->n = n;
	if (rtl_base < 0) {
		memcpy(l->s, s, n * sizeof(*s));
		for (i = 0; i < n; i++)
			l2v[i] = (int)i;
	} else {
		bidi_visual(s, n, rtl_base, l->s, l2v);
	}
	for (i = 0; i < n; i++)
		l->a[l2v[i]] = a[i];
	l->x = x;
	if (rtl_base > 0) {
		int w = term_width(l->s, n);

		if (w < width)
			l->x = x + width - w;
	}
	free(l2v);
}

static int
cw(wchar_t c)
{
	int w = wcwidth(c);

	return (w < 0 ? 1 : w);
}

/*
 * Find where the line that starts at from ends, for a width of avail
 * columns.  A line may break after a space or next to a wide character,
 * never before a combining mark.  *next is where the next line starts.
 */
size_t
wrap_end(const wchar_t *s, size_t n, size_t from, int avail, size_t *next)
{
	size_t i, brk = 0;
	int used = 0;

	for (i = from; i < n && s[i] != L'\n'; i++) {
		int w = cw(s[i]);

		if (used + w > avail && w > 0)
			break;
		used += w;
		if (s[i] == L' ' || w == 2)
			brk = i + 1;
		else if (i + 1 < n && cw(s[i + 1]) == 2 && cw(s[i]) > 0)
			brk = i + 1;
	}
	if (i >= n || s[i] == L'\n') {
		*next = i < n ? i + 1 : n;
		return (i);
	}
	if (brk <= from) {
		brk = i > from ? i : from + 1;
		while (brk < n && wcwidth(s[brk]) == 0)
			brk++;
	}
	*next = brk;
	while (*next < n && s[*next] == L' ')
		(*next)++;
	return (brk);
}

/*
 * Wrap a run into lines of width columns starting at column x.  Lines
 * after the first start hang columns further in (for list markers).
 */
void
doc_wrap(struct doc *d, const struct run *r, int x, int width, int hang,
    int rtl_attr)
{
	int rtl = bidi_base_rtl(r->s, r->n, rtl_attr);
	size_t from = 0, end, next;
	int first = 1;

	if (width < 1)
		width = 1;
	if (r->n == 0) {
		doc_add(d);
		return;
	}
	while (from < r->n) {
		int in = first ? 0 : hang;

		end = wrap_end(r->s, r->n, from, width - in, &next);
		while (end > from && r->s[end - 1] == L' ')
			end--;
		doc_line(d, r->s + from, r->a + from, end - from, x + in,
		    width - in, rtl);
		from = next;
		first = 0;
		if (from == r->n && r->n > 0 && r->s[r->n - 1] == L'\n')
			doc_add(d);
	}
}

/* Count the lines doc_wrap would make, for table row heights. */
int
wrap_count(const struct run *r, int width)
{
	size_t from = 0, next;
	int lines = 0;

	if (r->n == 0)
		return (1);
	while (from < r->n) {
		wrap_end(r->s, r->n, from, width < 1 ? 1 : width, &next);
		from = next;
		lines++;
	}
	return (lines);
}

/*
 * Draw lines top.. of the document into the rows y..y+h-1, columns
 * x..x+w-1, one term_putw per attribute change.
 */
void
doc_paint(const struct doc *d, size_t top, int y, int h, int x, int w)
{
	int row;

	for (row = 0; row < h && top + row < d->n; row++) {
		const struct line *l = &d->lines[top + row];
		size_t i = 0;
		int col = x + l->x;

		while (i < l->n && col < x + w) {
			size_t j = i + 1;

			while (j < l->n && (l->a[j] == l->a[i] ||
			    wcwidth(l->s[j]) == 0))
				j++;
			col += term_putw(y + row, col, x + w - col,
			    l->s + i, j - i, l->a[i]);
			i = j;
		}
	}
}

/* Append text to the last line, for the closing bracket of a field. */
void
doc_append(struct doc *d, const wchar_t *w, attr_t a)
{
	struct line *l;
	size_t n = wcslen(w), i;

	if (d->n == 0)
		return;
	l = &d->lines[d->n - 1];
	l->s = xrealloc(l->s, (l->n + n + 1) * sizeof(*l->s));
	l->a = xrealloc(l->a, (l->n + n + 1) * sizeof(*l->a));
	for (i = 0; i < n; i++) {
		l->s[l->n] = w[i];
		l->a[l->n++] = a;
	}
}

/* Put '|' on both sides of the last line, one column out. */
void
doc_bars(struct doc *d, int x)
{
	struct line *l;

	if (d->n == 0)
		return;
	l = &d->lines[d->n - 1];
	l->s = xrealloc(l->s, (l->n + 3) * sizeof(*l->s));
	l->a = xrealloc(l->a, (l->n + 3) * sizeof(*l->a));
	memmove(l->s + 1, l->s, l->n * sizeof(*l->s));
	memmove(l->a + 1, l->a, l->n * sizeof(*l->a));
	l->s[0] = l->s[l->n + 1] = L'|';
	l->a[0] = l->a[l->n + 1] = term_attr(R_DIM);
	l->n += 2;
	l->x = x - 1;
}
