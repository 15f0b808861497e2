/*
 * The order in which an attempt shows an interaction's choices.  It is
 * made once per attempt, stored in the journal as a list of choice
 * identifiers (struct attempt_order), and checked against the item when
 * the attempt resumes.
 *
 * The list covers the interaction's choices in display order; for a
 * matchInteraction the first simpleMatchSet's choices come first, then
 * the second set's.  For a gapMatchInteraction it covers the gap texts;
 * the gaps stay where the text has them.  Choices marked fixed keep their
 * positions, and an interaction that does not shuffle keeps the order of
 * the item.
 */
#ifndef EXAMSTICK_SHUFFLE_H
#define EXAMSTICK_SHUFFLE_H

#include <stddef.h>

#include "attempt.h"
#include "qti.h"

/* Number of identifiers in the order of an interaction. */
size_t	shuffle_count(const struct qti_interaction *);

/*
 * Make the order for one attempt, shuffled with libsodium's
 * randombytes_uniform when the interaction shuffles.  *ids is a heap
 * array of *n heap strings (shuffle_free).
 */
int	shuffle_order(const struct qti_interaction *, char ***ids, size_t *n,
	    char *err);
void	shuffle_free(char **ids, size_t n);

/*
 * Check a stored order against the item: a permutation of the choices of
 * each set, fixed choices at their positions, and the item's own order
 * when the interaction does not shuffle.  Returns -1 with the reason.
 */
int	shuffle_check(const struct qti_interaction *, const char *const *ids,
	    size_t n, char *err);

/*
 * Orders for every interaction of an item that shuffles, one record per
 * response, ready for attempt_start.  Free with shuffle_orders_free.
 */
int	shuffle_item(const struct qti_item *, struct attempt_order **orders,
	    size_t *n, char *err);
void	shuffle_orders_free(struct attempt_order *, size_t n);

#endif
