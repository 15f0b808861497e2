/*
 * What the marking commands (mark, report, certificates, fees) share:
 * reading the result files named on the command line, opening the items
 * they are marked against, and printing text from results safely.
 */
#ifndef EXAMSTICK_MARKING_H
#define EXAMSTICK_MARKING_H

#include "mark.h"

struct es_results {
	struct mark_attempt	*v;
	size_t			 n;
	int			 failed;	/* a file could not be read */
};

/*
 * Read every result named: files, or folders whose *.result files are
 * read in name order.  A file that cannot be read, or a second copy of an
 * attempt already read, is reported on stderr by cmd and left out.
 */
void	es_results_load(int argc, char **argv, const char *cmd,
	    struct es_results *);
void	es_results_free(struct es_results *);

/* Open the items; report items that cannot be marked on stderr. */
struct mark_key *es_key_open(const char *path, const char *cmd);

/*
 * Mark every attempt.  Reports on stderr what needs attention: items not
 * scored, notes of the runs (once per item and text), and responses to
 * items that the key lacks.  Returns the scores (free with
 * es_scores_free) and sets *failed when an item could not be marked.
 */
struct mark_score *es_mark_all(const struct mark_key *,
	    const struct es_results *, const struct mark_pass *,
	    const char *cmd, int *failed);
void	es_scores_free(struct mark_score *, size_t n);

/* A copy of text with control characters shown as '?'. */
char	*es_clean(const char *);
/* A score as text without float noise: 0.1 + 0.2 is "0.3". */
void	es_number(double, char out[32]);

#endif
