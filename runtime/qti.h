/*
 * The in-memory model of QTI 2.x assessment items, as the Examiner shows
 * them and the marker reads them.  qti_item.c builds it from XML with
 * libxml2; pkg.c builds whole tests from content packages.
 *
 * Every string is UTF-8 and owned by the item.  Text is kept as a list of
 * blocks (paragraphs, list items, table rows, ...) made of spans, so a
 * renderer can wrap it to any width without knowing XHTML.
 */
#ifndef EXAMSTICK_QTI_H
#define EXAMSTICK_QTI_H

#include <stddef.h>

#include "util.h"

enum qti_version {
	QTI_V2_0,
	QTI_V2_1,
	QTI_V2_2
};

enum qti_cardinality {
	QTI_CARD_SINGLE,
	QTI_CARD_MULTIPLE,
	QTI_CARD_ORDERED,
	QTI_CARD_RECORD
};

enum qti_base_type {
	QTI_BT_NONE,		/* record cardinality has no base type */
	QTI_BT_IDENTIFIER,
	QTI_BT_BOOLEAN,
	QTI_BT_INTEGER,
	QTI_BT_FLOAT,
	QTI_BT_STRING,
	QTI_BT_POINT,
	QTI_BT_PAIR,
	QTI_BT_DIRECTED_PAIR,
	QTI_BT_DURATION,
	QTI_BT_FILE,
	QTI_BT_URI,
	QTI_BT_INT_OR_IDENTIFIER
};

/* Span attributes, combined as bit flags. */
#define QTI_ATTR_STRONG		0x01	/* strong, b */
#define QTI_ATTR_EM		0x02	/* em, i, cite, dfn, var */
#define QTI_ATTR_IMAGE		0x04	/* img shown by its alt text */
#define QTI_ATTR_CODE		0x08	/* code, kbd, samp, tt */
#define QTI_ATTR_SUB		0x10
#define QTI_ATTR_SUP		0x20
#define QTI_ATTR_HEADER		0x40	/* th, or a heading */

enum qti_span_kind {
	QTI_SPAN_TEXT,		/* text: UTF-8, whitespace already collapsed */
	QTI_SPAN_BREAK,		/* br: a forced line break */
	QTI_SPAN_CELL,		/* start of the next table cell in a row */
	QTI_SPAN_INTERACTION,	/* inline interaction: index into item */
	QTI_SPAN_GAP		/* gap of a gap match: index into targets */
};

struct qti_span {
	enum qti_span_kind	 kind;
	unsigned		 attrs;
	char			*text;
	int			 index;
};

enum qti_block_kind {
	QTI_BLOCK_PARA,		/* p, div, loose text; quote depth in level */
	QTI_BLOCK_HEADING,	/* h1..h6: level in level */
	QTI_BLOCK_LIST_ITEM,	/* li: nesting in level, number 0 = bullet */
	QTI_BLOCK_TABLE_ROW,	/* tr: cells split by QTI_SPAN_CELL */
	QTI_BLOCK_PRE,		/* pre: spaces and line breaks kept */
	QTI_BLOCK_RUBRIC,	/* rubricBlock for the candidate */
	QTI_BLOCK_INTERACTION	/* a block interaction: index in interaction */
};

struct qti_block {
	enum qti_block_kind	 kind;
	int			 level;
	int			 number;
	int			 table;		/* rows of one table share it */
	int			 interaction;
	int			 rtl;		/* dir="rtl" on it or a parent */
	struct qti_span		*spans;
	size_t			 nspans;
	int			 cont;		/* list item: continues the
						   previous one, no marker */
};

struct qti_text {
	struct qti_block	*blocks;
	size_t			 nblocks;
};

enum qti_interaction_type {
	QTI_CHOICE,
	QTI_ORDER,
	QTI_TEXT_ENTRY,
	QTI_INLINE_CHOICE,
	QTI_MATCH,
	QTI_ASSOCIATE,
	QTI_GAP_MATCH,
	QTI_EXTENDED_TEXT
};

/*
 * A choice of any kind: simpleChoice, inlineChoice, simpleAssociableChoice
 * (match and associate), gapText or gapImg (gap match), or a gap.
 */
struct qti_choice {
	char		*identifier;
	int		 fixed;
	int		 match_max;	/* 0 = unlimited */
	int		 match_min;
	struct qti_text	 content;
};

struct qti_interaction {
	enum qti_interaction_type type;
	char		*response_id;
	int		 shuffle;
	int		 min_choices;	/* also minAssociations, minStrings */
	int		 max_choices;	/* also maxAssociations; 0 = unlimited */
	struct qti_text	 prompt;

	/* choice, order, inline choice, associate, gap texts, and the
	 * first simpleMatchSet of a match */
	struct qti_choice *choices;
	size_t		 nchoices;

	/* the second simpleMatchSet of a match, or the gaps of a gap match */
	struct qti_choice *targets;
	size_t		 ntargets;

	/* gap match: the text that holds the gaps */
	struct qti_text	 content;

	/* text entry and extended text */
	int		 expected_length;
	int		 expected_lines;
	char		*pattern_mask;
	char		*placeholder;
};

struct qti_response_decl {
	char			*identifier;
	enum qti_cardinality	 cardinality;
	enum qti_base_type	 base_type;
};

/* One item, parsed.  It can be delivered when problems is empty. */
struct qti_item {
	/*
	 * The item's key, unique in its test: the assessmentItemRef
	 * identifier when the item comes from an assessmentTest, else the
	 * assessmentItem's own identifier, which declared_identifier keeps.
	 * Journals and results use the key.
	 */
	char			*identifier;
	char			*declared_identifier;
	char			*title;
	char			*href;		/* file name inside the package */
	/* The assessmentItemRef's category attribute; NULL without one. */
	char			*category;
	enum qti_version	 version;
	int			 adaptive;

	struct qti_response_decl *responses;
	size_t			 nresponses;

	struct qti_interaction	*interactions;
	size_t			 ninteractions;

	struct qti_text		 body;

	int			 has_response_processing;
	int			 has_correct_response;

	/* Why the item cannot be delivered in text mode; empty if it can. */
	struct problems		 problems;
	/* Notes on ignored content that may matter to the author. */
	struct problems		 warnings;

	/* Every interaction element of the body in document order, also
	 * those that text mode cannot show ("drawingInteraction"). */
	char			**interaction_names;
	size_t			 ninteraction_names;
};

/*
 * Parse one item from an XML buffer.  name is the file name used in
 * messages.  Returns NULL only for XML that is not well formed, or not a
 * QTI 2.x assessmentItem; the reason, with line and column when the XML
 * is at fault, goes into err.  A well-formed item that cannot be delivered
 * is returned with its problems listed in item->problems.
 */
struct qti_item	*qti_item_parse(const char *buf, size_t len, const char *name,
		    char *err);
void		 qti_item_free(struct qti_item *);

/* Names as QTI spells them ("choiceInteraction"). */
const char	*qti_interaction_name(enum qti_interaction_type);
const char	*qti_cardinality_name(enum qti_cardinality);
const char	*qti_base_type_name(enum qti_base_type);

const struct qti_response_decl *qti_item_response(const struct qti_item *,
		    const char *identifier);

void		 qti_text_free(struct qti_text *);

#endif
