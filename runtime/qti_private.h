/*
 * Declarations shared by the QTI item reader (qti_*.c) and the package
 * reader (pkg*.c), kept out of qti.h because they expose libxml2 types.
 */
#ifndef EXAMSTICK_QTI_PRIVATE_H
#define EXAMSTICK_QTI_PRIVATE_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "qti.h"

/* Values of qti_ns_version besides the enum qti_version ones. */
#define QTI_NS_UNKNOWN	(-1)
#define QTI_NS_V3	(-3)

#define NS_MATHML	"http://www.w3.org/1998/Math/MathML"
#define NS_XINCLUDE	"http://www.w3.org/2001/XInclude"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"
#define NS_XSI		"http://www.w3.org/2001/XMLSchema-instance"

/*
 * Parse XML from memory with no network, no external entities and no
 * XInclude.  Returns NULL with "NAME:LINE:COLUMN: message" in err when the
 * document is not well formed or declares entities.
 */
xmlDocPtr	 qti_xml_read(const char *buf, size_t len, const char *name,
		    char *err);
/* The QTI version of a namespace URI, QTI_NS_V3 or QTI_NS_UNKNOWN. */
int		 qti_ns_version(const xmlChar *uri);
/* Whether a namespace URI belongs to a schema examstick recognises. */
int		 qti_ns_known(const xmlChar *uri);
/* Why a root element is not a QTI 2.x document, or NULL if it is one. */
const char	*qti_root_reason(xmlNodePtr root, const char *local,
		    int *version);

/* Element tests and attribute helpers. */
int		 qti_is(xmlNodePtr, const char *local);
int		 qti_is_qti(xmlNodePtr);
char		*qti_attr(xmlNodePtr, const char *name);	/* xmlFree */
char		*qti_attr_dup(xmlNodePtr, const char *name);	/* free */
int		 qti_attr_int(xmlNodePtr, const char *name, int def, int *bad);
int		 qti_attr_bool(xmlNodePtr, const char *name, int def);
int		 qti_identifier_valid(const char *);
int		 qti_is_blank(const xmlChar *);

/* State of one item parse, shared by body, text and interaction code. */
struct qti_parse {
	struct qti_item		*item;		/* NULL for a test's rubric */
	struct problems		*problems;
	struct problems		*warnings;
	const char		*subject;	/* "item 'x'" in messages */
	int			 tables;	/* tables numbered so far */
	int			 in_interaction;
	size_t			 icap;		/* interactions allocated */
	xmlHashTablePtr		 responses;	/* identifier to decl + 1 */
};

/* Context passed down the element tree: the next block and the text look. */
struct qti_ctx {
	enum qti_block_kind	 kind;		/* kind of the next block */
	int			 level;
	int			 number;	/* list item marker */
	int			*marker_used;	/* shared by one li */
	int			 rtl;
	unsigned		 attrs;
	int			 in_cell;
	int			 pre;		/* keep spaces and newlines */
	int			 gap_owner;	/* gap match index, or -1 */
};

/* A qti_text being built: the open block and the whitespace waiting. */
struct qti_builder {
	struct qti_parse	*p;
	struct qti_text		*t;
	size_t			 bcap;		/* blocks allocated */
	long			 cur;		/* open block, or -1 */
	size_t			 scap;		/* spans of the open block */
	size_t			 tcap;		/* text of its last span */
	size_t			 tlen;		/* and its length */
	int			 space;		/* collapsed whitespace */
	int			 brk;		/* line break (in a cell) */
	size_t			 col;		/* column in pre text */
};

void		 qti_tb_init(struct qti_builder *, struct qti_parse *,
		    struct qti_text *);
void		 qti_tb_open(struct qti_builder *, const struct qti_ctx *);
void		 qti_tb_close(struct qti_builder *, int keep_empty);
void		 qti_tb_boundary(struct qti_builder *, const struct qti_ctx *);
void		 qti_tb_pending(struct qti_builder *, const struct qti_ctx *);
struct qti_span	*qti_tb_span(struct qti_builder *, enum qti_span_kind,
		    unsigned attrs);
void		 qti_tb_raw(struct qti_builder *, unsigned attrs,
		    const char *s, size_t n);
void		 qti_tb_text(struct qti_builder *, const struct qti_ctx *,
		    const char *s, size_t n);
void		 qti_tb_line_break(struct qti_builder *,
		    const struct qti_ctx *);
void		 qti_tb_word(struct qti_builder *, const struct qti_ctx *,
		    unsigned attrs, const char *s);

/* Build text from the children of parent, but those named in skip. */
void		 qti_text_build(struct qti_parse *, struct qti_text *out,
		    xmlNodePtr parent, const struct qti_ctx *,
		    const char *const *skip);
void		 qti_ctx_init(struct qti_ctx *, int rtl);
/*
 * Flatten a MathML math element to one line.  Returns NULL when it cannot
 * be, with element set to the name of the element that has no text form.
 */
char		*qti_math_flatten(xmlNodePtr math, const char **element);

/* Interactions.  Returns the index in item->interactions, or -1. */
int		 qti_interaction_parse(struct qti_parse *, xmlNodePtr,
		    const struct qti_ctx *, int *is_block);
int		 qti_gap_add(struct qti_parse *, int owner, xmlNodePtr gap);
void		 qti_interactions_check(struct qti_parse *);

/* Check attributes against a list; unknown ones go to out. */
void		 qti_attrs_check(struct qti_parse *, xmlNodePtr,
		    const char *const *allowed, struct problems *out);

/* Parse an assessmentItem from a parsed document (pkg.c uses it). */
struct qti_item	*qti_item_from_doc(xmlDocPtr, const char *name, char *err);
void		 qti_text_move(struct qti_text *dst, struct qti_text *src);

#endif
