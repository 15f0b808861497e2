/*
 * Building qti_text: blocks of spans, with whitespace collapsed the way
 * HTML collapses it.  A run of spaces, tabs and newlines becomes one
 * space, and none at the start or end of a line.  Inside pre, spaces
 * are kept and newlines become breaks.
 */
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

void
qti_tb_init(struct qti_builder *tb, struct qti_parse *p, struct qti_text *t)
{
	memset(tb, 0, sizeof *tb);
	tb->p = p;
	tb->t = t;
	tb->bcap = t->nblocks;
	tb->cur = -1;
}

static struct qti_block *
tb_cur(struct qti_builder *tb)
{
	return (tb->cur < 0 ? NULL : &tb->t->blocks[tb->cur]);
}

void
qti_tb_open(struct qti_builder *tb, const struct qti_ctx *c)
{
	struct qti_text *t = tb->t;
	struct qti_block *b;

	if (tb->cur >= 0)
		return;
	if (t->nblocks == tb->bcap) {
		tb->bcap = tb->bcap ? tb->bcap * 2 : 8;
		t->blocks = xrealloc(t->blocks, tb->bcap * sizeof *t->blocks);
	}
	b = &t->blocks[t->nblocks];
	memset(b, 0, sizeof *b);
	b->kind = c->kind;
	b->level = c->level;
	b->rtl = c->rtl;
	b->interaction = -1;
	if (c->kind == QTI_BLOCK_LIST_ITEM) {
		b->number = c->number;
		if (c->marker_used != NULL) {
			b->cont = *c->marker_used;
			*c->marker_used = 1;
		}
	}
	tb->cur = (long)t->nblocks++;
	tb->scap = 0;
	tb->tcap = 0;
	tb->space = 0;
	tb->brk = 0;
	tb->col = 0;
}

static void
span_free(struct qti_span *s)
{
	free(s->text);
}

/* Drop trailing breaks and spaces, which HTML does not show. */
static void
block_trim(struct qti_block *b)
{
	struct qti_span *s;
	size_t n;

	while (b->nspans > 0) {
		s = &b->spans[b->nspans - 1];
		if (s->kind == QTI_SPAN_BREAK) {
			b->nspans--;
			continue;
		}
		if (s->kind != QTI_SPAN_TEXT || b->kind == QTI_BLOCK_PRE ||
		    (s->attrs & QTI_ATTR_IMAGE))
			break;
		n = strlen(s->text);
		while (n > 0 && s->text[n - 1] == ' ')
			s->text[--n] = '\0';
		if (n > 0)
			break;
		span_free(s);
		b->nspans--;
	}
}

void
qti_tb_close(struct qti_builder *tb, int keep_empty)
{
	struct qti_block *b = tb_cur(tb);

	if (b == NULL)
		return;
	block_trim(b);
	tb->cur = -1;
	tb->space = tb->brk = 0;
	if (b->nspans > 0 || keep_empty || b->kind == QTI_BLOCK_TABLE_ROW ||
	    b->kind == QTI_BLOCK_INTERACTION) {
		if (b->nspans > 0 && b->nspans < tb->scap)
			b->spans = xrealloc(b->spans,
			    b->nspans * sizeof *b->spans);
		return;
	}
	free(b->spans);
	tb->t->nblocks--;
}

/* A block element starts or ends: in a table cell only the line breaks. */
void
qti_tb_boundary(struct qti_builder *tb, const struct qti_ctx *c)
{
	if (c->in_cell) {
		tb->brk = 1;
		tb->space = 0;
		return;
	}
	qti_tb_close(tb, 0);
}

struct qti_span *
qti_tb_span(struct qti_builder *tb, enum qti_span_kind kind, unsigned attrs)
{
	struct qti_block *b = tb_cur(tb);
	struct qti_span *s;

	if (b->nspans == tb->scap) {
		tb->scap = tb->scap ? tb->scap * 2 : 4;
		b->spans = xrealloc(b->spans, tb->scap * sizeof *b->spans);
	}
	s = &b->spans[b->nspans++];
	s->kind = kind;
	s->attrs = attrs;
	s->text = NULL;
	s->index = -1;
	tb->tcap = 0;
	return (s);
}

static int
at_line_start(struct qti_builder *tb)
{
	struct qti_block *b = tb_cur(tb);
	enum qti_span_kind k;

	if (b == NULL || b->nspans == 0)
		return (1);
	k = b->spans[b->nspans - 1].kind;
	return (k == QTI_SPAN_BREAK || k == QTI_SPAN_CELL);
}

static struct qti_span *
last_span(struct qti_builder *tb)
{
	struct qti_block *b = tb_cur(tb);

	if (b == NULL || b->nspans == 0)
		return (NULL);
	return (&b->spans[b->nspans - 1]);
}

/*
 * Append to the last span when it is text of the same look.  tcap and
 * tlen track that span's buffer, so appending word by word stays linear.
 */
void
qti_tb_raw(struct qti_builder *tb, unsigned attrs, const char *s, size_t n)
{
	struct qti_span *sp = last_span(tb);

	if (n == 0)
		return;
	if (sp == NULL || sp->kind != QTI_SPAN_TEXT || sp->attrs != attrs ||
	    (attrs & QTI_ATTR_IMAGE) || tb->tcap == 0) {
		sp = qti_tb_span(tb, QTI_SPAN_TEXT, attrs);
		tb->tcap = n + 1 < 16 ? 16 : n + 1;
		tb->tlen = 0;
		sp->text = xmalloc(tb->tcap);
	}
	if (tb->tlen + n + 1 > tb->tcap) {
		while (tb->tlen + n + 1 > tb->tcap)
			tb->tcap *= 2;
		sp->text = xrealloc(sp->text, tb->tcap);
	}
	memcpy(sp->text + tb->tlen, s, n);
	tb->tlen += n;
	sp->text[tb->tlen] = '\0';
}

/* Open a block if needed and emit the break or space that is waiting. */
void
qti_tb_pending(struct qti_builder *tb, const struct qti_ctx *c)
{
	struct qti_span *last;

	qti_tb_open(tb, c);
	if (tb->brk && !at_line_start(tb))
		qti_tb_span(tb, QTI_SPAN_BREAK, 0);
	tb->brk = 0;
	if (tb->space && !at_line_start(tb)) {
		last = last_span(tb);
		if (last->kind == QTI_SPAN_TEXT &&
		    !(last->attrs & QTI_ATTR_IMAGE))
			qti_tb_raw(tb, last->attrs, " ", 1);
		else
			qti_tb_raw(tb, c->attrs, " ", 1);
	}
	tb->space = 0;
}

static int
is_space(char ch)
{
	return (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f');
}

static void
tb_text_pre(struct qti_builder *tb, const struct qti_ctx *c, const char *s,
    size_t n)
{
	static const char spaces[] = "        ";
	struct qti_block *b;
	size_t i, start, pad;

	qti_tb_pending(tb, c);
	b = tb_cur(tb);
	i = 0;
	if (b->nspans == 0 && n > 0 && s[0] == '\n')
		i = 1;		/* HTML drops the newline that opens a pre */
	for (start = i; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t') {
			if (((unsigned char)s[i] & 0xc0) != 0x80)
				tb->col++;
			continue;
		}
		qti_tb_raw(tb, c->attrs, s + start, i - start);
		start = i + 1;
		if (s[i] == '\n') {
			qti_tb_span(tb, QTI_SPAN_BREAK, 0);
			tb->col = 0;
		} else if (s[i] == '\t') {
			pad = 8 - tb->col % 8;
			qti_tb_raw(tb, c->attrs, spaces, pad);
			tb->col += pad;
		}
	}
	qti_tb_raw(tb, c->attrs, s + start, n - start);
}

void
qti_tb_text(struct qti_builder *tb, const struct qti_ctx *c, const char *s,
    size_t n)
{
	size_t i = 0, start;

	if (c->pre) {
		tb_text_pre(tb, c, s, n);
		return;
	}
	while (i < n) {
		if (is_space(s[i])) {
			tb->space = 1;
			while (i < n && is_space(s[i]))
				i++;
			continue;
		}
		for (start = i; i < n && !is_space(s[i]); i++)
			;
		qti_tb_pending(tb, c);
		qti_tb_raw(tb, c->attrs, s + start, i - start);
	}
}

void
qti_tb_line_break(struct qti_builder *tb, const struct qti_ctx *c)
{
	struct qti_block *b = tb_cur(tb);

	tb->space = 0;
	/* Neither a block nor a table cell starts with a break. */
	if (b == NULL || b->nspans == 0 ||
	    b->spans[b->nspans - 1].kind == QTI_SPAN_CELL)
		return;
	qti_tb_pending(tb, c);
	qti_tb_span(tb, QTI_SPAN_BREAK, 0);
}

/* A span of its own, never merged: an image's alt text or a formula. */
void
qti_tb_word(struct qti_builder *tb, const struct qti_ctx *c, unsigned attrs,
    const char *s)
{
	struct qti_span *sp;

	qti_tb_pending(tb, c);
	sp = qti_tb_span(tb, QTI_SPAN_TEXT, attrs);
	sp->text = xstrdup(s);
	tb->tcap = 0;
}

void
qti_text_free(struct qti_text *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nblocks; i++) {
		for (j = 0; j < t->blocks[i].nspans; j++)
			span_free(&t->blocks[i].spans[j]);
		free(t->blocks[i].spans);
	}
	free(t->blocks);
	t->blocks = NULL;
	t->nblocks = 0;
}

void
qti_text_move(struct qti_text *dst, struct qti_text *src)
{
	*dst = *src;
	src->blocks = NULL;
	src->nblocks = 0;
}
