/*
 * QTI text (blocks of spans) as wrapped screen lines: paragraphs,
 * headings, lists, tables, preformatted text, rubric blocks, and the
 * markers of inline interactions and gaps.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"
#include "item.h"

static attr_t
span_attr(unsigned attrs, attr_t base)
{
	attr_t a = base;

	if (attrs & (QTI_ATTR_STRONG | QTI_ATTR_HEADER))
		a |= A_BOLD;
	if (attrs & QTI_ATTR_EM)
		a |= A_UNDERLINE;
	return (a);
}

static void
span_add(struct run *r, const struct qti_span *sp, attr_t base,
    const struct text_ctx *ctx)
{
	struct ia *ia;

	switch (sp->kind) {
	case QTI_SPAN_TEXT:
		if (sp->attrs & QTI_ATTR_IMAGE) {
			run_add(r, "[image: ", base);
			run_add(r, sp->text ? sp->text : "", base);
			run_add(r, "]", base);
		} else if (sp->text != NULL) {
			run_add(r, sp->text, span_attr(sp->attrs, base));
		}
		break;
	case QTI_SPAN_BREAK:
		run_add(r, "\n", base);
		break;
	case QTI_SPAN_CELL:
		run_add(r, " ", base);
		break;
	case QTI_SPAN_INTERACTION:
		if (ctx == NULL || sp->index < 0 ||
		    (size_t)sp->index >= ctx->nias)
			break;
		ia = &ctx->ias[sp->index];
		ia_marker(ia, r, ctx->focus_ia == sp->index);
		break;
	case QTI_SPAN_GAP:
		if (ctx != NULL && ctx->gaps != NULL)
			ia_gap_marker(ctx->gaps, r, sp->index,
			    ctx->focus_ia == ctx->gaps->index &&
			    ctx->focus_sub == sp->index);
		break;
	}
}

static void
block_run(struct run *r, const struct qti_block *b, size_t from, size_t to,
    attr_t base, const struct text_ctx *ctx)
{
	size_t i;

	for (i = from; i < to; i++)
		span_add(r, &b->spans[i], base, ctx);
}

/* Every block of a text in one run, blocks split by line breaks. */
void
text_flat(struct run *r, const struct qti_text *t, attr_t base)
{
	size_t i;

	for (i = 0; i < t->nblocks; i++) {
		if (i > 0)
			run_add(r, "\n", base);
		block_run(r, &t->blocks[i], 0, t->blocks[i].nspans, base, NULL);
	}
}

/* The text as one UTF-8 line, for pickers and the review list. */
char *
text_plain(const struct qti_text *t)
{
	struct run r;
	char *s;
	size_t i;

	run_init(&r);
	text_flat(&r, t, 0);
	for (i = 0; i < r.n; i++)
		if (r.s[i] == L'\n')
			r.s[i] = L' ';
	s = term_utf8(r.s, r.n);
	run_free(&r);
	return (s);
}

/* Cells of one table row as runs; returns how many. */
static size_t
row_cells(const struct qti_block *b, struct run *cells, size_t max,
    const struct text_ctx *ctx)
{
	size_t i, n = 0, from = 0;
	attr_t base = term_attr(R_NORMAL);

	for (i = 0; i <= b->nspans && n < max; i++) {
		if (i < b->nspans && b->spans[i].kind != QTI_SPAN_CELL)
			continue;
		if (i == 0 && i < b->nspans) {
			from = 1;
			continue;
		}
		run_init(&cells[n]);
		block_run(&cells[n], b, from, i, base, ctx);
		n++;
		from = i + 1;
	}
	return (n);
}

#define MAX_COLS 16

static void
col_widths(int *cw, const int *nat, size_t ncols, int avail)
{
	int sum = 0, used = 0;
	size_t c;

	for (c = 0; c < ncols; c++)
		sum += nat[c] > 0 ? nat[c] : 1;
	for (c = 0; c < ncols; c++) {
		cw[c] = nat[c] > 0 ? nat[c] : 1;
		if (sum > avail)
			cw[c] = cw[c] * avail / sum;
		if (cw[c] < 3)
			cw[c] = 3;
		used += cw[c];
	}
	while (used > avail && ncols > 0) {
		size_t widest = 0;

		for (c = 1; c < ncols; c++)
			if (cw[c] > cw[widest])
				widest = c;
		if (cw[widest] <= 3)
			break;
		cw[widest]--;
		used--;
	}
}

/* Draw one table row: each cell wrapped in its column, " | " between. */
static void
table_row(struct doc *d, struct run *cells, size_t n, const int *cw,
    size_t ncols, int x)
{
	struct doc cd[MAX_COLS];
	size_t c, k, height = 0;
	attr_t na = term_attr(R_NORMAL);

	for (c = 0; c < ncols; c++) {
		memset(&cd[c], 0, sizeof(cd[c]));
		if (c < n)
			doc_wrap(&cd[c], &cells[c], 0, cw[c], 0, 0);
		if (cd[c].n > height)
			height = cd[c].n;
	}
	for (k = 0; k < height; k++) {
		struct run line;

		run_init(&line);
		for (c = 0; c < ncols; c++) {
			const struct line *l = k < cd[c].n ?
			    &cd[c].lines[k] : NULL;
			int w = 0, pad;

			if (l != NULL) {
				for (pad = 0; pad < l->x; pad++, w++)
					run_add(&line, " ", na);
				run_addw(&line, l->s, l->n, 0);
				memcpy(line.a + line.n - l->n, l->a,
				    l->n * sizeof(*l->a));
				w += term_width(l->s, l->n);
			}
			for (; w < cw[c]; w++)
				run_add(&line, " ", na);
			if (c + 1 < ncols)
				run_add(&line, " | ", term_attr(R_DIM));
		}
		doc_line(d, line.s, line.a, line.n, x, 0, -1);
		run_free(&line);
	}
	for (c = 0; c < ncols; c++)
		doc_free(&cd[c]);
}

/* Render the rows of one table, blocks[from..to). */
static void
table(struct doc *d, const struct qti_text *t, size_t from, size_t to,
    int x, int w, const struct text_ctx *ctx)
{
	struct run cells[MAX_COLS];
	int nat[MAX_COLS], cw[MAX_COLS];
	size_t i, c, n, ncols = 0;

	memset(nat, 0, sizeof(nat));
	for (i = from; i < to; i++) {
		n = row_cells(&t->blocks[i], cells, MAX_COLS, ctx);
		if (n > ncols)
			ncols = n;
		for (c = 0; c < n; c++) {
			int cwid = term_width(cells[c].s, cells[c].n);

			if (cwid > nat[c])
				nat[c] = cwid;
			run_free(&cells[c]);
		}
	}
	if (ncols == 0)
		return;
	col_widths(cw, nat, ncols, w - 3 * ((int)ncols - 1));
	for (i = from; i < to; i++) {
		n = row_cells(&t->blocks[i], cells, MAX_COLS, ctx);
		table_row(d, cells, n, cw, ncols, x);
		for (c = 0; c < n; c++)
			run_free(&cells[c]);
	}
}

/* The inline interactions of a block, each as a widget row after it. */
static void
inline_rows(struct doc *d, const struct qti_block *b, int x, int w,
    const struct text_ctx *ctx)
{
	size_t i;

	if (ctx == NULL)
		return;
	for (i = 0; i < b->nspans; i++) {
		const struct qti_span *sp = &b->spans[i];
		struct ia *ia;

		if (sp->kind != QTI_SPAN_INTERACTION || sp->index < 0 ||
		    (size_t)sp->index >= ctx->nias)
			continue;
		ia = &ctx->ias[sp->index];
		ia_render(ia, d, x + 2, w - 2, ctx->focus_ia == sp->index ?
		    ctx->focus_sub : -1, ctx);
	}
}

static void
list_marker(struct run *r, const struct qti_block *b)
{
	char buf[32];

	if (b->number > 0)
		snprintf(buf, sizeof(buf), "%d. ", b->number);
	else
		snprintf(buf, sizeof(buf), "- ");
	run_add(r, buf, term_attr(R_NORMAL));
}

static void
block(struct doc *d, const struct qti_block *b, int x, int w,
    const struct text_ctx *ctx)
{
	struct run r;
	attr_t base = term_attr(R_NORMAL);
	int indent = 0, hang = 0;

	run_init(&r);
	if (b->kind == QTI_BLOCK_HEADING)
		base |= A_BOLD;
	if (b->kind == QTI_BLOCK_RUBRIC)
		indent = 2;
	if (b->kind == QTI_BLOCK_LIST_ITEM) {
		indent = 2 * (b->level > 0 ? b->level - 1 : 0);
		list_marker(&r, b);
		hang = (int)r.n;
	}
	if (indent > w / 2)
		indent = w / 2;
	block_run(&r, b, 0, b->nspans, base, ctx);
	doc_wrap(d, &r, x + indent, w - indent, hang, b->rtl);
	run_free(&r);
	inline_rows(d, b, x, w, ctx);
}

void
text_render(struct doc *d, const struct qti_text *t, int x, int w,
    const struct text_ctx *ctx)
{
	size_t i, j;

	for (i = 0; i < t->nblocks; i = j) {
		const struct qti_block *b = &t->blocks[i];

		j = i + 1;
		if (b->kind == QTI_BLOCK_INTERACTION) {
			if (ctx != NULL && b->interaction >= 0 &&
			    (size_t)b->interaction < ctx->nias)
				ia_render(&ctx->ias[b->interaction], d, x, w,
				    ctx->focus_ia == b->interaction ?
				    ctx->focus_sub : -1, ctx);
			continue;
		}
		if (b->kind == QTI_BLOCK_TABLE_ROW) {
			while (j < t->nblocks &&
			    t->blocks[j].kind == QTI_BLOCK_TABLE_ROW &&
			    t->blocks[j].table == b->table)
				j++;
			table(d, t, i, j, x, w, ctx);
			doc_blank(d);
			continue;
		}
		block(d, b, x, w, ctx);
		if (b->kind != QTI_BLOCK_LIST_ITEM || j >= t->nblocks ||
		    t->blocks[j].kind != QTI_BLOCK_LIST_ITEM)
			doc_blank(d);
	}
}
