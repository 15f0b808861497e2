/*
 * The candidate roster: a CSV file with a header line and one row per
 * candidate:
 *	candidate,name,date_of_birth,tests,attempt,extra_time,colour_scheme,
 *	rest_break
 * tests are separated by ';'; date_of_birth is YYYY-MM-DD; extra_time is a
 * percent (0-100); colour_scheme is empty for the configured one;
 * rest_break is the rest break allowance in minutes (0-240, empty: 0).
 */
#ifndef EXAMSTICK_ROSTER_H
#define EXAMSTICK_ROSTER_H

#include <stddef.h>

#include "conf.h"

#define ROSTER_REST_BREAK_MAX	240	/* minutes */

struct roster_entry {
	char		 *candidate;
	char		 *name;
	char		 *dob;		/* YYYY-MM-DD */
	char		**tests;
	size_t		  ntests;
	int		  attempt;
	int		  extra_pct;
	int		  has_scheme;
	enum colour_scheme scheme;
	int		  rest_break_minutes;	/* rest break allowance */
};

struct roster {
	struct roster_entry *entries;
	size_t		 n;
};

/* Errors name the file, line and field, and what a valid value is. */
int	roster_load(struct roster *, const char *path, char *err);
void	roster_free(struct roster *);
const struct roster_entry *roster_find(const struct roster *,
	    const char *candidate);
/*
 * Compare a typed date of birth with the roster's.  Accepts YYYY-MM-DD,
 * DD/MM/YYYY and DDMMYYYY.
 */
int	roster_dob_matches(const struct roster_entry *, const char *typed);

#endif
