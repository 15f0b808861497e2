/*
 * Helpers shared by the marking commands (mark, report, certificates,
 * fees): reading results from bundles and files, opening the items they
 * are marked against, and printing text from results safely.
 */
#ifndef EXAMSTICK_MARKING_H
#define EXAMSTICK_MARKING_H

#include "mark.h"

struct es_results {
	struct mark_attempt	*v;
	size_t			 n;
	int			 failed;	/* a file was unreadable */
};

/* Result bundles given with --bundle, and the centre key to check them. */
struct es_bundles {
	const char	**paths;
	size_t		  n;
	const char	 *centre_key;
};

/* The options that name bundles, for each command's getopt_long. */
#define ES_BUNDLE_OPTIONS \
	{ "bundle", required_argument, NULL, 'b' }, \
	{ "centre-key", required_argument, NULL, 'k' }
#define ES_BUNDLE_HELP \
	"  -b, --bundle FILE      a result bundle from reloader collect;" \
	" may repeat\n" \
	"  -k, --centre-key FILE  the centre's public key that signs the" \
	" bundles\n"

/* Take -b or -k into b. */
void	es_bundles_option(struct es_bundles *b, int c, const char *arg);
void	es_bundles_free(struct es_bundles *);

/*
 * Read every result: those of each bundle, checked with the centre's key
 * and then each against its stick key and journal, and those named by
 * argv, files or folders whose *.result files are read in name order.
 * A bundle or result that fails, or a second copy of an attempt already
 * read, is reported on stderr by cmd and left out.  Returns -1 (after
 * reporting) when bundles are given without a centre key or the key
 * cannot be read.
 */
int	es_results_load(const struct es_bundles *, int argc, char **argv,
	    const char *cmd, struct es_results *);
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
