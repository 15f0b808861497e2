/*
 * Working-day arithmetic over a bank holiday list.  Dates are converted
 * with timegm and gmtime_r, which work in UTC, so no time zone or summer
 * time can move a date.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workdays.h"

#define DAY_SECONDS	86400

int
workdays_date_parse(const char *text, workdays_day *out)
{
	struct tm tm, back;
	time_t t;
	int y, m, d, n = 0;

	if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d,
	    &n) != 3 || n != 10 || !isdigit((unsigned char)text[5]) ||
	    !isdigit((unsigned char)text[8]) || y < 1900)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	t = timegm(&tm);
	/* timegm turns 2025-02-30 into 2 March, so read the date back. */
	if (t == (time_t)-1 || gmtime_r(&t, &back) == NULL ||
	    back.tm_year != y - 1900 || back.tm_mon != m - 1 ||
	    back.tm_mday != d)
		return (-1);
	/* Noon keeps the division away from day boundaries; round down
	 * so that days before 1970 are negative. */
	*out = (workdays_day)((t - (t < 0 ? DAY_SECONDS - 1 : 0)) /
	    DAY_SECONDS);
	return (0);
}

void
workdays_date_format(workdays_day day, char out[11])
{
	time_t t = (time_t)day * DAY_SECONDS;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	snprintf(out, 11, "%04u-%02u-%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

int
workdays_weekday(workdays_day day)
{
	/* 1970-01-01 was a Thursday, ISO weekday 4. */
	return ((int)(((int64_t)day % 7 + 7 + 3) % 7) + 1);
}

int
workdays_year(workdays_day day)
{
	time_t t = (time_t)day * DAY_SECONDS;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return (0);
	return (tm.tm_year + 1900);
}

static int
cmp_day(const void *a, const void *b)
{
	workdays_day x = *(const workdays_day *)a, y = *(const workdays_day *)b;

	return (x < y ? -1 : x > y);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

static void
year_add(struct workdays *w, int year)
{
	size_t i;

	for (i = 0; i < w->nyears; i++)
		if (w->years[i] == year)
			return;
	w->years = xrealloc(w->years, (w->nyears + 1) * sizeof *w->years);
	w->years[w->nyears++] = year;
}

/* One line: a date first, anything after it is its name. */
static int
line_read(struct workdays *w, char *line, const char *name, size_t lineno,
    char *err)
{
	char *hash = strchr(line, '#'), date[11];
	workdays_day day;
	size_t n;

	if (hash != NULL)
		*hash = '\0';
	while (isspace((unsigned char)*line))
		line++;
	if (*line == '\0')
		return (0);
	n = strcspn(line, " \t\r");
	if (n == 10) {
		memcpy(date, line, 10);
		date[10] = '\0';
	}
	if (n != 10 || workdays_date_parse(date, &day) == -1)
		return (errf(err, "%s: line %zu: '%.*s' is not a date as"
		    " YYYY-MM-DD", name, lineno, (int)n, line));
	w->holidays = xrealloc(w->holidays, (w->n + 1) * sizeof *w->holidays);
	w->holidays[w->n++] = day;
	year_add(w, workdays_year(day));
	return (0);
}

int
workdays_parse(struct workdays *w, const char *text, size_t len,
    const char *name, char *err)
{
	char *copy = xstrndup(text, len), *line, *nl;
	size_t lineno = 0;
	int rc = 0;

	memset(w, 0, sizeof *w);
	for (line = copy; rc == 0 && line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		lineno++;
		rc = line_read(w, line, name, lineno, err);
	}
	free(copy);
	if (rc == 0 && w->n == 0)
		rc = errf(err, "%s: no dates: list the bank holidays as"
		    " YYYY-MM-DD, one a line", name);
	if (rc == -1) {
		workdays_free(w);
		return (-1);
	}
	qsort(w->holidays, w->n, sizeof *w->holidays, cmp_day);
	qsort(w->years, w->nyears, sizeof *w->years, cmp_int);
	return (0);
}

int
workdays_load(struct workdays *w, const char *path, char *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(w, 0, sizeof *w);
	if (util_read_file(path, 1024 * 1024, &buf, &len, err) == -1)
		return (-1);
	rc = workdays_parse(w, buf, len, path, err);
	free(buf);
	return (rc);
}

void
workdays_free(struct workdays *w)
{
	free(w->holidays);
	free(w->years);
	memset(w, 0, sizeof *w);
}

int
workdays_is_working(const struct workdays *w, workdays_day day)
{
	if (workdays_weekday(day) >= 6)
		return (0);
	return (bsearch(&day, w->holidays, w->n, sizeof *w->holidays,
	    cmp_day) == NULL);
}

static int
year_covered(const struct workdays *w, int year)
{
	return (bsearch(&year, w->years, w->nyears, sizeof *w->years,
	    cmp_int) != NULL);
}

int
workdays_add(const struct workdays *w, workdays_day from, int n,
    workdays_day *out, char *err)
{
	workdays_day day = from;
	char date[11];
	int year;

	if (n < 0)
		return (errf(err, "the number of working days is negative"));
	while (n > 0) {
		day++;
		year = workdays_year(day);
		if (!year_covered(w, year)) {
			workdays_date_format(from, date);
			return (errf(err, "the bank holidays of %d are not"
			    " listed, so working days from %s cannot be"
			    " counted; add %d's bank holidays to the list",
			    year, date, year));
		}
		if (workdays_is_working(w, day))
			n--;
	}
	*out = day;
	return (0);
}
