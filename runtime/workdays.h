/*
 * Working days: dates as day numbers, weekends, and a list of bank
 * holidays read from a text file (config/bank-holidays-england-wales.txt
 * is the example), for dates such as "10 working days after the upload".
 */
#ifndef EXAMSTICK_WORKDAYS_H
#define EXAMSTICK_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A date as days since 1970-01-01 in the proleptic Gregorian calendar. */
typedef int32_t workdays_day;

/* Read "YYYY-MM-DD" (years 1900 to 9999); -1 for anything else. */
int	workdays_date_parse(const char *text, workdays_day *out);
/* Write a day as "YYYY-MM-DD" into out (11 bytes). */
void	workdays_date_format(workdays_day day, char out[11]);
/* ISO weekday: 1 for Monday to 7 for Sunday. */
int	workdays_weekday(workdays_day day);
int	workdays_year(workdays_day day);

/* Bank holidays, sorted, and the years that the list covers. */
struct workdays {
	workdays_day	*holidays;
	size_t		 n;
	int		*years;		/* sorted, each once */
	size_t		 nyears;
};

/*
 * Read a holiday list: one "YYYY-MM-DD" a line, optionally followed by
 * spaces and a name, '#' comments and blank lines.  A year counts as
 * covered when at least one of its dates is listed.  name is used in
 * messages, which give the line of the first invalid date.
 */
int	workdays_parse(struct workdays *, const char *text, size_t len,
	    const char *name, char *err);
int	workdays_load(struct workdays *, const char *path, char *err);
void	workdays_free(struct workdays *);

/* Neither a Saturday, a Sunday nor a listed holiday. */
int	workdays_is_working(const struct workdays *, workdays_day);

/*
 * The day that is n working days after from.  The first working day
 * after from counts as 1, whatever from itself is.  Fails when the list
 * does not cover a year that the count passes through, because that
 * year's holidays are unknown.
 */
int	workdays_add(const struct workdays *, workdays_day from, int n,
	    workdays_day *out, char *err);

#endif
