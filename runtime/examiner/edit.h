/*
 * Edit fields: a one-line field (login, PIN, text entry) and a
 * multi-line editor (extended text), both holding wide characters and
 * drawing themselves through layout.c so that wide, combining and
 * right-to-left text keep the cursor in the right cell.
 */
#ifndef EXAMSTICK_EDIT_H
#define EXAMSTICK_EDIT_H

#include "layout.h"

struct field {
	wchar_t		*s;
	size_t		 n, cap;
	size_t		 cur;		/* cursor, as a character index */
	size_t		 max;		/* characters allowed */
	size_t		 scroll;	/* first character shown */
	int		 mask;		/* show '*' for each character */
	int		 multi;		/* newlines allowed (editor) */
	int		 top;		/* editor: first row shown */
	int		 goal;		/* editor: column kept by Up/Down */
};

void	field_init(struct field *, size_t max, int mask, int multi);
void	field_free(struct field *);
void	field_set(struct field *, const char *utf8);
char	*field_text(const struct field *);
/* 1: the text changed; 0: the key moved the cursor; -1: not for us. */
int	field_key(struct field *, const struct ev *);
/* Draw a one-line field; returns the cursor's screen column. */
int	field_draw(struct field *, int y, int x, int w, attr_t);
void	field_line(struct field *, struct doc *, const struct run *prefix,
	    int x, int w, int focused, attr_t);
/* Add rows lines of an editor of width w at column x to a document. */
void	editor_render(struct field *, struct doc *, int x, int w, int rows,
	    int focused, attr_t);
/* Up, Down, PageUp and PageDown in an editor of width w. */
int	editor_key(struct field *, const struct ev *, int w, int rows);
int	field_words(const struct field *);

#endif
