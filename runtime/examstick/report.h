/*
 * examstick report: the marked attempts of one test and the figures
 * that the text report, the HTML page and the exports print.  Every
 * figure is formatted by the functions here, so the text report and the
 * HTML page show the same digits.
 */
#ifndef EXAMSTICK_REPORT_H
#define EXAMSTICK_REPORT_H

#include <stdio.h>

#include "marking.h"

/* An attempt's score in one feedback group (section or category). */
struct report_group {
	double	score;		/* scored items */
	double	max;		/* known maxima */
	int	complete;	/* every item scored */
	int	max_known;	/* every maximum known */
};

struct report {
	const struct mark_key		*key;
	const struct es_results		*r;
	const struct mark_score		*s;	/* one per attempt */
	const struct mark_pass		*pass;
	struct mark_stats		 st;
	struct report_group		*groups;	/* r->n x ngroups */
};

/* Compute the statistics and group scores; -1 when there is no attempt. */
int	report_build(struct report *, const struct mark_key *,
	    const struct es_results *, const struct mark_score *,
	    const struct mark_pass *);
void	report_free(struct report *);
const struct report_group *report_group(const struct report *,
	    size_t attempt, size_t group);

/* Figures as text: a score, two decimals or "-", one decimal percent. */
void	report_score(double, char out[32]);
void	report_fixed2(int has, double, char out[32]);
/* "62.5%" of score in max, or "-" when max is unknown or 0. */
void	report_percent(int max_known, double score, double max,
	    char out[32]);
/* The pass mark as given: "30" or "60%". */
void	report_pass_mark(const struct mark_pass *, char out[32]);
/* "0-9%", ..., "90-100%": the label of distribution bin i. */
void	report_bin_label(size_t i, char out[16]);
/* "section", "category" or "" for the key's feedback groups. */
const char *report_group_kind(const struct mark_key *);

/*
 * Text that is safe in XML and HTML: control characters and bytes of
 * invalid UTF-8 become '?'.
 */
char	*report_xml_text(const char *);

/* The text report on f. */
void	report_print(const struct report *, FILE *f);
/* The HTML page: one file with inline SVG charts and no scripts. */
int	report_html_write(const struct report *, const char *path,
	    char *err);
/* One CSV line per attempt, with every figure. */
int	report_csv_write(const struct report *, const char *path,
	    char *err);
/* One QTI 2.1 assessmentResult document per attempt, in dir. */
int	report_qti_write(const struct report *, const char *dir,
	    char *err);

#endif
