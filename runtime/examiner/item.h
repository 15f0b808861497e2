/*
 * The item screen's parts: QTI text rendering (text.c), one widget per
 * interaction (ia_*.c) and the picker list (pick.c).
 */
#ifndef EXAMSTICK_ITEM_H
#define EXAMSTICK_ITEM_H

#include "edit.h"
#include "qti.h"

/* One interaction on screen with the candidate's response so far. */
struct ia {
	struct ex			*ex;
	const struct qti_item		*item;
	const struct qti_interaction	*q;
	int				 index;
	int				 number;	/* inline: 1, 2, ... */
	size_t				*ord;	/* display order of choices */
	size_t				*tord;	/* display order of targets */
	char				**vals;	/* response, by identifier */
	size_t				 nvals;
	struct field			 fld;	/* text entry, extended text */
	int				 grab;	/* order: position held */
	int				 dirty;	/* typed text not yet saved */
	int64_t				 typed_ms;
	int				 stop0;	/* first focus stop */
	int				 width;	/* editor width */
	int				 rows;	/* editor rows */
};

/* What a key did to an interaction. */
enum ia_result {
	IA_IGNORED,	/* not a key for this interaction */
	IA_MOVED,	/* focus or cursor moved; nothing to save */
	IA_CHANGED,	/* the response changed: save it */
	IA_TYPED,	/* text changed: save after a pause */
	IA_LEAVE_UP,	/* move the focus to the stop before */
	IA_LEAVE_DOWN	/* move the focus to the stop after */
};

/* Redraws what is under a pop-up, so the clock stays current. */
typedef void	(*bg_fn)(void *);

/* text.c */
struct text_ctx {
	struct ia	*ias;		/* the item's interactions */
	size_t		 nias;
	struct ia	*gaps;		/* gap match whose content is drawn */
	int		 focus_ia;	/* the focused interaction, or -1 */
	int		 focus_sub;
};
void	text_render(struct doc *, const struct qti_text *, int x, int w,
	    const struct text_ctx *);
void	text_flat(struct run *, const struct qti_text *, attr_t base);
char	*text_plain(const struct qti_text *);

/* ia.c: shared parts and choice, order and text interactions */
void	ia_init(struct ia *, struct ex *, const struct qti_item *,
	    int index);
void	ia_free(struct ia *);
int	ia_nstops(const struct ia *);
int	ia_is_inline(const struct ia *);
int	ia_is_text(const struct ia *);
void	ia_marker(struct ia *, struct run *, int focused);
void	ia_render(struct ia *, struct doc *, int x, int w, int sub,
	    const struct text_ctx *);
enum ia_result ia_key(struct ia *, int *sub, const struct ev *,
	    bg_fn, void *);
int	ia_commit(struct ia *);
int	ia_set_values(struct ia *, char **vals, size_t n);
const char *ia_choice_id(const struct ia *, size_t display);
int	ia_single(const struct ia *);
int	ia_has(const struct ia *, const char *value);
void	ia_hint(struct doc *, int x, int w, const char *fmt, ...)
	    PRINTFLIKE(4, 5);
attr_t	ia_row_attr(const struct ia *, int sub, int focus_sub, int chosen);

/* ia_assoc.c: inline choice, match, associate and gap match */
void	ia_gap_marker(struct ia *, struct run *, int gap, int focused);
int	assoc_nstops(const struct ia *);
void	assoc_render(struct ia *, struct doc *, int x, int w, int sub,
	    const struct text_ctx *);
enum ia_result assoc_key(struct ia *, int sub, const struct ev *, bg_fn,
	    void *);
void	assoc_marker(struct ia *, struct run *, int focused);

/* pick.c */
int	pick_run(struct ex *, const char *title, char **labels, size_t n,
	    unsigned char *on, int multi, bg_fn, void *);

#endif
