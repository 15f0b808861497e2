/*
 * An attempt: one candidate sitting one test, as replayed from its
 * journal.  Every change goes to the journal (and is fsync'd) before it
 * changes the state in memory, so what the screen shows is on the stick.
 *
 * Journal record types and their fields:
 *	begin	  id centre stick candidate name test title number allowed_ms
 *		  wall_start machine rest_break_minutes
 *	item	  item-identifier			(test order, once each)
 *	order	  item response choice...		(shuffled choice order)
 *	login	  machine				(each start or resume)
 *	show	  item
 *	seal	  algorithm stick-key-id		(values are sealed)
 *	answer	  item response value...		(no value: cleared)
 *	sealedanswer item response box		(values sealed)
 *	flag	  item 0|1
 *	time	  					(clock record)
 *	pause	  reason / resume
 *	extend	  extra_ms				(extra time granted)
 *	wrong	  pin|code				(a wrong PIN or code typed)
 *	break						(a rest break starts)
 *	breaktime  break_ms				(rest break clock record)
 *	breakend   break_ms				(the rest break ends)
 *	end	  reason wall_end			(submitted, timeout...)
 * ELAPSED_MS of each record is the active time used so far; it stays the
 * same from a pause to its resume and from a break to its breakend.
 * break_ms is the length of the rest break so far.  wall_start and
 * wall_end are Unix seconds from the wall clock, kept for the record
 * only: time left is worked out from ELAPSED_MS alone.
 *
 * A journal started with a stick key (attempt_info.seal_key) has a seal
 * record right after begin, and its answers are sealedanswer records
 * whose values only that key opens (attempt_seal.h).  A journal without
 * a seal record has only answer records, in clear.
 */
#ifndef EXAMSTICK_ATTEMPT_H
#define EXAMSTICK_ATTEMPT_H

#include <stddef.h>
#include <stdint.h>

#include "journal.h"
#include "sig.h"

struct attempt_value {
	char	 *item;
	char	 *response;
	size_t	  nvalues;
	char	**values;	/* identifiers, "A B" pairs, or strings */
};

struct attempt_order {
	char	 *item;
	char	 *response;
	size_t	  nchoices;
	char	**choices;	/* choice identifiers in display order */
};

/* What the Examiner knows when an attempt begins. */
struct attempt_info {
	const char	 *id;		/* CANDIDATE-TEST-NUMBER */
	const char	 *centre;
	const char	 *stick;
	const char	 *candidate;
	const char	 *name;
	const char	 *test;
	const char	 *title;
	int		  number;
	int64_t		  allowed_ms;	/* duration with extra time */
	int		  rest_break_minutes;	/* 0: no rest breaks */
	const char	 *machine;
	const char	**items;	/* test order */
	size_t		  nitems;
	const struct attempt_order *orders;
	size_t		  norders;
	/* Seal answer values with this stick key; NULL: in clear. */
	const struct sig_seckey *seal_key;
};

struct attempt {
	char		 *path;
	char		 *id, *centre, *stick, *candidate, *name;
	char		 *test, *title;
	int		  number;
	int64_t		  allowed_ms;
	int		  rest_break_minutes;	/* allowance; 0: none */
	int64_t		  wall_start, wall_end;

	char		**items;
	size_t		  nitems;
	struct attempt_order *orders;
	size_t		  norders;
	struct attempt_value *values;
	size_t		  nvalues;
	unsigned char	 *flags;	/* per item index */
	unsigned char	 *seen;		/* per item index */
	size_t		  current;	/* last item shown */

	char		**machines;	/* in order of first use */
	size_t		  nmachines;
	char		 *last_machine;	/* of the last begin or login record */

	int		  ended;
	char		 *end_reason;
	int		  paused;
	char		 *pause_reason;

	/* rest breaks, against rest_break_minutes */
	int		  on_break;
	int64_t		  break_done_ms;	/* breaks that have ended */
	int64_t		  break_ms;		/* this break, at its last record */
	int64_t		  break_mono_base;	/* 0 while the break clock is
						   stopped */
	int		  setup_done;	/* no more item or order records */

	/*
	 * Sealed answer values: values_sealed is set by the seal record.
	 * value_key (sodium_malloc memory) is there only when the attempt
	 * was started or loaded with a stick key; without it the values
	 * of sealed answers stay unknown and a->values stays empty.
	 */
	int		  values_sealed;
	char		  sealed_keyid[17];	/* from the seal record */
	unsigned char	 *value_key;
	char		  value_keyid[17];	/* of the key given */

	unsigned char	  head[JOURNAL_HASH_BYTES];
	uint64_t	  nrecords;
	int		  torn;		/* a torn record was dropped */

	/* the clock */
	int64_t		  elapsed_ms;	/* at the last record */
	int64_t		  mono_base;	/* 0 while stopped */
	int64_t		  elapsed_base;

	struct journal	 *journal;	/* NULL when read only */
};

/* Create the journal and write begin, item, order and login records. */
struct attempt	*attempt_start(const char *path, const struct attempt_info *,
		    char *err);
/* Replay a journal.  writable: open it to go on (login record added). */
struct attempt	*attempt_load(const char *path, int writable,
		    const char *machine, char *err);
/*
 * The same with the stick key that opens sealed answer values.  A
 * journal with sealed values loads without the key only read-only, and
 * its sealed answers are then checked for form alone.
 */
struct attempt	*attempt_load_key(const char *path, int writable,
		    const char *machine, const struct sig_seckey *key,
		    char *err);
void		 attempt_free(struct attempt *);

/*
 * The clock: active time runs only between clock_start and clock_stop,
 * counted from CLOCK_MONOTONIC.  It is stopped after attempt_start and
 * attempt_load (a loaded attempt goes on from the last record's time),
 * attempt_pause, attempt_break_start and attempt_end stop it at the time
 * their record carries, and attempt_resume and attempt_break_end start
 * it.
 * Every record written carries attempt_elapsed_ms(), which never goes
 * below the last record's.
 */
void		 attempt_clock_start(struct attempt *);
void		 attempt_clock_stop(struct attempt *);
int64_t		 attempt_elapsed_ms(const struct attempt *);
int64_t		 attempt_remaining_ms(const struct attempt *);

int	attempt_show(struct attempt *, size_t item, char *err);
int	attempt_answer(struct attempt *, const char *item, const char *response,
	    size_t nvalues, const char *const *values, char *err);
int	attempt_flag(struct attempt *, size_t item, int on, char *err);
int	attempt_time(struct attempt *, char *err);
int	attempt_pause(struct attempt *, const char *reason, char *err);
int	attempt_resume(struct attempt *, char *err);
/* Grant extra time: allowed_ms grows by extra_ms. */
int	attempt_extend(struct attempt *, int64_t extra_ms, char *err);
/* Record a wrong invigilator PIN ("pin") or release code ("code"). */
int	attempt_wrong(struct attempt *, const char *what, char *err);
int	attempt_end(struct attempt *, const char *reason, char *err);

/*
 * Rest breaks, counted against rest_break_minutes (from the begin
 * record) over the whole attempt.  attempt_break_start stops the attempt
 * clock and starts the break clock, which runs on CLOCK_MONOTONIC.
 * attempt_break_time records the break so far, and attempt_break_end
 * ends the break and starts the attempt clock.  A loaded attempt that was
 * on a break stays on it, with the break clock stopped until
 * attempt_break_clock_start.  The break length never goes past what the
 * allowance leaves.
 */
int	attempt_break_start(struct attempt *, char *err);
int	attempt_break_time(struct attempt *, char *err);
int	attempt_break_end(struct attempt *, char *err);
void	attempt_break_clock_start(struct attempt *);
/* The current break's length, 0 when not on a break. */
int64_t	attempt_break_ms(const struct attempt *);
/* Rest break time not used yet, over the whole attempt. */
int64_t	attempt_break_left_ms(const struct attempt *);

const struct attempt_value *attempt_value(const struct attempt *,
		    const char *item, const char *response);
const struct attempt_order *attempt_order(const struct attempt *,
		    const char *item, const char *response);
/* An item counts as answered when any of its responses has a value. */
int	attempt_item_answered(const struct attempt *, size_t item);

#endif
