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

/* The options that name bundles, for the table of es_input_parse. */
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
 * argv: bundles (ustar files), result files, or folders whose *.result
 * files are read in name order.
 * A bundle or result that fails, or a second copy of an attempt already
 * read, is reported on stderr by cmd and left out.  Returns -1 (after
 * reporting) when bundles are given without a centre key or the key
 * cannot be read.
 */
int	es_results_load(const struct es_bundles *, int argc, char **argv,
	    const char *cmd, struct es_results *);
void	es_results_free(struct es_results *);

/*
 * Where the items and the pass mark come from: the QTI package (--items)
 * with --pass-mark, or the signed marking key with its sealed package
 * (--key, --package, --body-key, --release-code-file), whose pass mark
 * is the key's.
 */
struct es_items {
	const char		*items;
	const char		*key;
	const char		*package;
	const char		*body_key;
	const char		*code_file;
	struct mark_pass	 pass;
	int			 pass_given;
};

#define ES_ITEMS_OPTIONS \
	{ "items", required_argument, NULL, 'i' }, \
	{ "pass-mark", required_argument, NULL, 'p' }, \
	{ "key", required_argument, NULL, 'K' }, \
	{ "package", required_argument, NULL, 'S' }, \
	{ "body-key", required_argument, NULL, 'B' }, \
	{ "release-code-file", required_argument, NULL, 'C' }
#define ES_ITEMS_SHORT	"i:p:K:S:B:C:"
#define ES_ITEMS_HELP \
	"  -i, --items PACKAGE    the QTI package the test was packed" \
	" from (.zip, a\n" \
	"                         folder with imsmanifest.xml, or an" \
	" item file)\n" \
	"  -p, --pass-mark MARK   with --items: a score (30) or a percent" \
	" of the\n" \
	"                         maximum (60%%)\n" \
	"  -K, --key FILE         instead of --items: the marking key" \
	" that pack wrote;\n" \
	"                         its signature is FILE.minisig and its" \
	" pass mark is used\n" \
	"  -S, --package FILE     with --key: the sealed package (.estp)" \
	" it belongs to\n" \
	"  -B, --body-key FILE    with --key: the awarding body's" \
	" signing.pub\n" \
	"  -C, --release-code-file FILE  with --key: read the package's" \
	" release code\n" \
	"                         from FILE (default: ask at the" \
	" terminal)\n"

/*
 * Take one of the options above into it.  Returns 1 when c is one of
 * them, 0 when it is not, and -1 after reporting an invalid value.
 */
int	es_items_option(struct es_items *it, int c, const char *arg,
	    const char *cmd);
/* Whether the options name the items completely; reports what lacks. */
int	es_items_ready(const struct es_items *it, const char *cmd);
/*
 * Open the items; report items that cannot be marked on stderr.  With
 * --key the pass mark is read from the key into it->pass.
 */
struct mark_key *es_items_open(struct es_items *it, const char *cmd);
/*
 * With --key, leave out (and report) attempts at another test than the
 * key's; an --items package may name its test differently from pack.
 */
void	es_results_check_test(const struct es_items *it,
	    const struct mark_key *key, struct es_results *r,
	    const char *cmd);

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
/* Print fields on stdout as CSV, each followed by a comma (NULL as ""). */
void	es_csv_fields(const char *const *fields, size_t n);
/*
 * An attempt's result: "pass", "fail", "not fully marked", "maximum
 * unknown", or "" when no pass mark is set.
 */
const char *es_verdict(const struct mark_score *, const struct mark_pass *);

#endif
