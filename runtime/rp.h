/*
 * QTI response processing: the item outcomes (SCORE and the others an
 * item declares) computed from a candidate's responses, as QTI 2.0, 2.1
 * and 2.2 define them.  An rp_item contains what marking needs from one
 * assessmentItem: its response, outcome and template declarations and
 * its responseProcessing, either a standard template (match_correct,
 * map_response, map_response_point) or custom rules.
 *
 * docs/marking.md lists the expressions implemented and the rules they
 * follow.
 */
#ifndef EXAMSTICK_RP_H
#define EXAMSTICK_RP_H

#include <stddef.h>
#include <stdint.h>

#include "qti.h"
#include "util.h"

/*
 * One value of a base type.  Integers and booleans are in i, floats and
 * durations (in seconds) in f, and points in i and j.  Identifiers,
 * strings, URIs and files are in s, and pairs and directedPairs in s
 * and t.
 */
struct rp_atom {
	enum qti_base_type	 type;
	int64_t			 i;
	int64_t			 j;
	double			 f;
	char			*s;
	char			*t;
};

/*
 * A value: NULL when n is 0 (an empty container is NULL too).  A record
 * has one atom per field, named by the matching entry of fields.
 */
struct rp_value {
	enum qti_cardinality	 card;
	enum qti_base_type	 type;	/* QTI_BT_NONE for a record */
	size_t			 n;
	struct rp_atom		*v;
	char			**fields;
};

enum rp_kind {
	RP_NONE,		/* no responseProcessing: not scored here */
	RP_MATCH_CORRECT,
	RP_MAP_RESPONSE,
	RP_MAP_RESPONSE_POINT,
	RP_CUSTOM
};

struct rp_item;

/*
 * Read an assessmentItem from XML.  Returns NULL with the reason in err
 * when the XML is not well formed or is not an assessmentItem.  So does
 * an item whose response processing cannot run: an unknown template, an
 * expression or rule that is not implemented, or a variable that is not
 * declared.  name is used in messages.
 */
struct rp_item	*rp_item_parse(const char *buf, size_t len,
		    const char *name, char *err);
void		 rp_item_free(struct rp_item *);
/*
 * The cardinality and base type of a response the item declares.
 * Returns -1 when it declares no response of that identifier.
 */
int		 rp_item_response_type(const struct rp_item *,
		    const char *identifier, enum qti_cardinality *,
		    enum qti_base_type *);
const char	*rp_item_identifier(const struct rp_item *);
enum rp_kind	 rp_item_kind(const struct rp_item *);
const char	*rp_kind_name(enum rp_kind);
/*
 * What may make the item score other than its author meant, found when
 * it was read: for example a correct response with spaces or line breaks
 * at its ends, which a typed answer matches only with the same spaces.
 */
const struct problems *rp_item_warnings(const struct rp_item *);

/* One response as a result file records it: values as text. */
struct rp_response {
	const char		 *identifier;
	size_t			  nvalues;
	const char *const	 *values;
};

struct rp_outcome {
	char			*identifier;
	struct rp_value		 value;
};

/* The outcomes of one item after response processing. */
struct rp_result {
	struct rp_outcome	*outcomes;	/* in declaration order */
	size_t			 noutcomes;

	int			 scored;	/* SCORE is a number */
	double			 score;
	int			 has_max;	/* max_score is known */
	double			 max_score;
	/* Where max_score comes from: "MAXSCORE", "normalMaximum",
	 * "mapping", "areaMapping" or "correct". */
	const char		*max_source;

	/* Responses that could not be read as their base type, float
	 * values set to integer outcomes, and similar. */
	struct problems		 notes;
};

/*
 * Run response processing on the responses given.  Responses not given
 * are NULL, as an interaction the candidate never touched is.  Returns -1
 * with err set when processing fails at run time, for example when a
 * rule sets an outcome of the wrong cardinality.  The result is then
 * empty.
 */
int		 rp_item_run(const struct rp_item *,
		    const struct rp_response *, size_t nresponses,
		    struct rp_result *, char *err);
void		 rp_result_free(struct rp_result *);
const struct rp_value *rp_result_outcome(const struct rp_result *,
		    const char *identifier);

/* A single integer or float value as a double; -1 if it is not one. */
int		 rp_value_number(const struct rp_value *, double *out);
/* The value as text: values separated by ", ", "NULL" when NULL. */
char		*rp_value_text(const struct rp_value *);
void		 rp_value_free(struct rp_value *);

#endif
