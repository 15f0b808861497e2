/*
 * Text layout: a run is one paragraph of wide characters with an
 * attribute per character; a doc is the wrapped lines of a screen, in
 * visual order, each tagged with the focus stop it belongs to.
 */
#ifndef EXAMSTICK_LAYOUT_H
#define EXAMSTICK_LAYOUT_H

#include "examiner.h"

struct run {
	wchar_t		*s;
	attr_t		*a;
	size_t		 n, cap;
};

struct line {
	wchar_t		*s;	/* visual order */
	attr_t		*a;
	size_t		 n;
	int		 x;	/* first column, from the text area's left */
	int		 focus;	/* focus stop, or -1 */
};

struct doc {
	struct line	*lines;
	size_t		 n, cap;
	int		 focus;		/* stop given to lines added now */
	int		 cursor_line;	/* -1: no cursor to show */
	int		 cursor_col;
};

void	run_init(struct run *);
void	run_free(struct run *);
void	run_add(struct run *, const char *utf8, attr_t);
void	run_addw(struct run *, const wchar_t *, size_t, attr_t);

int	bidi_has_rtl(const wchar_t *, size_t);
int	bidi_base_rtl(const wchar_t *, size_t, int rtl_attr);
int	bidi_visual(const wchar_t *in, size_t n, int rtl, wchar_t *out,
	    int *l2v);

void	doc_blank(struct doc *);
void	doc_free(struct doc *);
void	doc_line(struct doc *, const wchar_t *, const attr_t *, size_t n,
	    int x, int width, int rtl_base);
void	doc_wrap(struct doc *, const struct run *, int x, int width,
	    int hang, int rtl_attr);
size_t	wrap_end(const wchar_t *, size_t n, size_t from, int avail,
	    size_t *next);
int	wrap_count(const struct run *, int width);
void	doc_append(struct doc *, const wchar_t *, attr_t);
void	doc_bars(struct doc *, int x);
void	doc_paint(const struct doc *, size_t top, int y, int h, int x,
	    int w);

#endif
