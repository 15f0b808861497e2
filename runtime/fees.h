/*
 * The fee ledger: one line per test taken, priced from a fee list, with
 * retakes marked, and the totals per centre.  Amounts are integers in
 * hundredths of the currency unit (pence), so sums are exact.
 */
#ifndef EXAMSTICK_FEES_H
#define EXAMSTICK_FEES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

struct fee {
	char	*test;
	int64_t	 fee;		/* hundredths */
	int64_t	 retake_fee;	/* for attempts after the first */
};

struct fee_list {
	struct fee	*v;
	size_t		 n;
};

/*
 * Read a fee list: CSV with a header line naming the columns "test" and
 * "fee", and optionally "retake_fee" (the fee when empty or absent).
 * Lines starting with '#' and blank lines are skipped.  Amounts are
 * decimals with at most two places, such as 25 or 25.50.
 */
int	fees_parse(struct fee_list *, const char *text, size_t len,
	    const char *name, char *err);
int	fees_load(struct fee_list *, const char *path, char *err);
void	fees_free(struct fee_list *);
const struct fee *fees_find(const struct fee_list *, const char *test);

int	fees_amount_parse(const char *text, int64_t *out);
/* Write hundredths as "25.50" into out (32 bytes). */
void	fees_amount_format(int64_t amount, char out[32]);

struct fee_line {
	char	*id;		/* attempt id */
	char	*centre;
	char	*candidate;
	char	*test;
	int	 attempt;
	char	 date[11];	/* YYYY-MM-DD the attempt started */
	int64_t	 fee;
	int	 retake;	/* attempt > 1 */
};

struct fee_total {
	char	*centre;
	size_t	 tests;
	size_t	 retakes;
	int64_t	 amount;
};

struct fee_ledger {
	struct fee_line		*lines;
	size_t			 n;
	struct fee_total	*totals;	/* by centre, sorted */
	size_t			 ntotals;
};

/*
 * Add one test taken.  Returns 1, adding nothing, when the attempt id is
 * already in the ledger, and -1 with err set when the test has no fee.
 * start is the attempt's start as UTC ISO 8601, of which the date is
 * kept.
 */
int	fees_ledger_add(struct fee_ledger *, const struct fee_list *,
	    const char *id, const char *centre, const char *candidate,
	    const char *test, int attempt, const char *start, char *err);
/* Sort lines by centre, date, candidate, test and attempt. */
void	fees_ledger_sort(struct fee_ledger *);
void	fees_ledger_free(struct fee_ledger *);

/* Split one CSV record into fields (RFC 4180 quoting). */
int	fees_csv_split(const char *line, char ***fields, size_t *n);
void	fees_csv_free(char **fields, size_t n);
/* Write one field, quoted when it contains a comma, quote or newline. */
void	fees_csv_field(FILE *, const char *);

#endif
