/*
 * Marking attempts: result files read back, the items of a test with
 * their response processing (the marking key), the score of each item
 * and the attempt's total against a pass mark, and the statistics of a
 * set of marked attempts.
 */
#ifndef EXAMSTICK_MARK_H
#define EXAMSTICK_MARK_H

#include <stddef.h>
#include <stdint.h>

#include "rp.h"
#include "util.h"

/* One response line of a result file, decoded. */
struct mark_response {
	char		 *item;
	char		 *response;
	size_t		  nvalues;
	char		**values;
};

/* One attempt as its result file (docs/formats.md) records it. */
struct mark_attempt {
	char			*path;
	char			*id;
	char			*centre;
	char			*stick;
	char			*candidate;
	char			*name;
	char			*test;
	char			*title;
	int			 number;	/* attempt number, from 1 */
	char			*start;		/* UTC ISO 8601 */
	char			*end;
	struct mark_response	*responses;
	size_t			 nresponses;
};

/*
 * Read a result file.  The signature is not checked here: reloader
 * verify and bundle verification do that before results reach marking.
 */
int	mark_attempt_read(const char *path, struct mark_attempt *,
	    char *err);
int	mark_attempt_parse(const char *text, size_t len, const char *name,
	    struct mark_attempt *, char *err);
void	mark_attempt_free(struct mark_attempt *);

struct sig_pubkey;

/*
 * Read the results of a result bundle (docs/trust.md).  The bundle must
 * verify with the centre's key, or -1 is returned with err set.  Each
 * result must then verify with its stick's key from the bundle and
 * replay from its journal: those that do not are left out, each with its
 * reason in failures.  *out receives the others (free each with
 * mark_attempt_free, then the array), their path "BUNDLE:results/ID".
 */
int	mark_bundle_read(const char *path, const struct sig_pubkey *centre,
	    struct mark_attempt **out, size_t *n, struct problems *failures,
	    char *err);

/* One item of the key: NULL item and a reason when it cannot be run. */
struct mark_key_item {
	char		*identifier;	/* as results name it */
	char		*href;
	struct rp_item	*item;
	char		*error;
	size_t		 group;		/* index in the key's groups */
};

enum mark_group_kind {
	MARK_GROUP_NONE,
	MARK_GROUP_SECTION,
	MARK_GROUP_CATEGORY
};

/* The items of one test in test order. */
struct mark_key {
	char			*test;
	char			*title;
	struct mark_key_item	*items;
	size_t			 nitems;
	/*
	 * Feedback groups: the test's sections when it has more than one,
	 * else the first category of each assessmentItemRef when an item
	 * has one ("uncategorised" for the others), else none.
	 */
	enum mark_group_kind	 group_kind;
	char			**groups;	/* names, for people */
	size_t			 ngroups;
	/* The pass mark that the marking key records; NULL otherwise. */
	char			*pass_mark;
};

/*
 * Read the items of a test from a QTI content package (zip or folder
 * with imsmanifest.xml), an assessmentTest file, or one item file.  Items
 * are keyed by the identifier the Examiner records: the
 * assessmentItemRef's when the package has a test.  Returns NULL with err
 * set when the package cannot be read or has no items.  An item whose
 * response processing cannot run is kept with its reason.
 */
struct mark_key	*mark_key_open(const char *path, char *err);

/*
 * As mark_key_open, for a zip held in memory, such as the zip of a
 * sealed package that the Examiner opened with its release code.  name
 * is the zip's name in messages.
 */
struct mark_key	*mark_key_open_buffer(const void *zip, size_t len,
		    const char *name, char *err);
void		 mark_key_free(struct mark_key *);

/* What marking from a sealed package needs. */
struct mark_sealed {
	const char		*key;		/* KEY.marking.xml */
	const char		*package;	/* the .estp it belongs to */
	const char		*code;		/* the package's release code */
	const struct sig_pubkey	*body;		/* awarding body's key */
};

/*
 * Read the items of a test from its signed marking key and the sealed
 * package that examstick pack wrote with it.  The key's signature
 * (KEY.minisig) and the package must verify with the awarding body's
 * key, the code must open the package, and the key must name the
 * package's test, version and zip.  The removed elements are put back
 * into the stripped items at their recorded paths.  The key's pass mark
 * goes to pass_mark.  Returns NULL with err set on any failure.
 */
struct mark_key	*mark_key_open_sealed(const struct mark_sealed *,
		    char *err);

/* A pass mark: a score ("30") or a percent of the maximum ("60%"). */
struct mark_pass {
	int	set;
	int	percent;
	double	value;
};

int	mark_pass_parse(const char *text, struct mark_pass *, char *err);

enum mark_status {
	MARK_SCORED,
	MARK_UNSCORED,		/* no automatic score: mark by hand */
	MARK_FAILED		/* the key or the run failed */
};

struct mark_item {
	const char		*identifier;
	enum mark_status	 status;
	double			 score;
	int			 has_max;
	double			 max;
	char			*reason;	/* why not scored */
	struct problems		 notes;		/* from the run */
};

struct mark_score {
	struct mark_item	*items;		/* in key order */
	size_t			 nitems;
	double			 total;		/* scored items */
	double			 max_total;	/* known maxima */
	int			 complete;	/* every item scored */
	int			 max_known;	/* every maximum known */
	/* 1 or 0; -1 without a pass mark, when an item is not scored, or
	 * for a percent pass mark when a maximum is unknown. */
	int			 passed;
	/* Responses to items that the key does not have. */
	struct problems		 problems;
};

/* Mark one attempt against the key.  pass may be NULL. */
void	mark_score(const struct mark_key *, const struct mark_attempt *,
	    const struct mark_pass *, struct mark_score *);
void	mark_score_free(struct mark_score *);

/* Whether a total reaches the pass mark, with 1e-9 of slack for the
 * rounding of float sums.  Returns -1 when the pass mark is not set. */
int	mark_passes(const struct mark_pass *, double total,
	    double max_total);

/* The analysis of one item over the attempts that scored it. */
struct mark_item_stats {
	size_t	n;			/* attempts that scored it */
	int	has_facility;
	double	facility;		/* mean score / maximum */
	/*
	 * Upper-lower discrimination index D: the facility in the top 27%
	 * of attempts by total minus the facility in the bottom 27%.
	 */
	int	has_discrimination;
	double	discrimination;
	/*
	 * Item-rest correlation: Pearson's r between the item's score and
	 * the total without it.  For items scored 0 or 1 it is the
	 * point-biserial correlation.
	 */
	int	has_r;
	double	r;
};

struct mark_stats {
	size_t			 nattempts;
	size_t			 nincomplete;	/* items unscored */
	size_t			 ndecided;	/* pass or fail known */
	size_t			 npassed;
	int			 max_known;	/* for every attempt */
	double			 max_total;
	double			 mean, sd, median, min, max;
	/* Totals by tenth of max_total: 0-9%, ..., 80-89%, 90-100%.
	 * Empty when a maximum is unknown. */
	size_t			 bins[10];
	size_t			 group;		/* 27% groups */
	struct mark_item_stats	*items;		/* in key order */
	size_t			 nitems;
};

/*
 * Analyse attempts marked against one key.  The sample standard
 * deviation divides by n - 1.  Returns -1 when n is 0.
 */
int	mark_stats_compute(const struct mark_score *, size_t n,
	    struct mark_stats *);
void	mark_stats_free(struct mark_stats *);

#endif
