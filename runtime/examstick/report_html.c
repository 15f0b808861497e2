/*
 * The HTML page of examstick report: one self-contained file with the
 * same figures as the text report, in tables, and two inline SVG charts
 * (the score distribution and the facility of each item).  It needs no
 * script, style sheet or image beside it.  libxml2's xmlTextWriter
 * writes it, so every text and attribute is escaped.  HTML elements are
 * always closed with an end tag, because an HTML parser reads <td/> as
 * an open <td>.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "report.h"

#define SVG_NS		"http://www.w3.org/2000/svg"
#define CHART_W		560
#define BAR_AREA_H	180

static const char style[] =
    "body { font-family: sans-serif; margin: 2em; color: #222; }\n"
    "table { border-collapse: collapse; margin: 1em 0; }\n"
    "th, td { border: 1px solid #999; padding: 0.2em 0.6em; }\n"
    "th { text-align: left; }\n"
    "td.n { text-align: right; }\n"
    "svg { display: block; margin: 1em 0; }\n"
    ".bar { fill: #3465a4; }\n"
    ".axis { stroke: #444; }\n";

/* An HTML element with text, closed with an end tag. */
static void
element(xmlTextWriter *w, const char *name, const char *cls,
    const char *text)
{
	char *clean = report_xml_text(text);

	xmlTextWriterStartElement(w, (const xmlChar *)name);
	if (cls != NULL)
		xmlTextWriterWriteAttribute(w, (const xmlChar *)"class",
		    (const xmlChar *)cls);
	xmlTextWriterWriteString(w, (const xmlChar *)clean);
	xmlTextWriterFullEndElement(w);
	free(clean);
}

static void
attr(xmlTextWriter *w, const char *name, const char *value)
{
	char *clean = report_xml_text(value);

	xmlTextWriterWriteAttribute(w, (const xmlChar *)name,
	    (const xmlChar *)clean);
	free(clean);
}

static void
attrf(xmlTextWriter *w, const char *name, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	attr(w, name, buf);
}

/* One summary row: a heading, and the figure in a cell with an id. */
static void
summary_row(xmlTextWriter *w, const char *id, const char *label,
    const char *value)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"tr");
	element(w, "th", NULL, label);
	xmlTextWriterStartElement(w, (const xmlChar *)"td");
	attr(w, "id", id);
	attr(w, "class", "n");
	xmlTextWriterWriteString(w, (const xmlChar *)value);
	xmlTextWriterFullEndElement(w);
	xmlTextWriterFullEndElement(w);
}

static void
summary_pass(xmlTextWriter *w, const struct report *rep)
{
	const struct mark_stats *st = &rep->st;
	char a[32];

	if (!rep->pass->set)
		return;
	report_pass_mark(rep->pass, a);
	summary_row(w, "pass-mark", "Pass mark", a);
	snprintf(a, sizeof a, "%zu", st->npassed);
	summary_row(w, "passed", "Passed", a);
	snprintf(a, sizeof a, "%zu", st->ndecided);
	summary_row(w, "decided", "Decided attempts", a);
	report_percent(st->ndecided > 0, (double)st->npassed,
	    (double)st->ndecided, a);
	summary_row(w, "pass-rate", "Pass rate", a);
}

static void
summary(xmlTextWriter *w, const struct report *rep)
{
	const struct mark_stats *st = &rep->st;
	char a[32];

	element(w, "h2", NULL, "Summary");
	xmlTextWriterStartElement(w, (const xmlChar *)"table");
	snprintf(a, sizeof a, "%zu", st->nattempts);
	summary_row(w, "attempts", "Attempts", a);
	snprintf(a, sizeof a, "%zu", st->nitems);
	summary_row(w, "items", "Items", a);
	report_score(st->max_total, a);
	summary_row(w, "maximum", "Maximum", st->max_known ? a : "-");
	report_fixed2(1, st->mean, a);
	summary_row(w, "mean", "Mean", a);
	report_percent(st->max_known, st->mean, st->max_total, a);
	summary_row(w, "mean-percent", "Mean, percent of the maximum", a);
	report_fixed2(1, st->sd, a);
	summary_row(w, "sd", "Standard deviation", a);
	report_score(st->median, a);
	summary_row(w, "median", "Median", a);
	report_score(st->min, a);
	summary_row(w, "lowest", "Lowest", a);
	report_score(st->max, a);
	summary_row(w, "highest", "Highest", a);
	summary_pass(w, rep);
	xmlTextWriterFullEndElement(w);
}

static void
svg_start(xmlTextWriter *w, int width, int height, const char *label)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"svg");
	attr(w, "xmlns", SVG_NS);
	attrf(w, "width", "%d", width);
	attrf(w, "height", "%d", height);
	attrf(w, "viewBox", "0 0 %d %d", width, height);
	attr(w, "role", "img");
	attr(w, "aria-label", label);
}

static void
svg_text(xmlTextWriter *w, double x, double y, const char *anchor,
    const char *text)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"text");
	attrf(w, "x", "%.1f", x);
	attrf(w, "y", "%.1f", y);
	attr(w, "font-size", "11");
	attr(w, "text-anchor", anchor);
	xmlTextWriterWriteString(w, (const xmlChar *)text);
	xmlTextWriterEndElement(w);
}

/* A bar with a tooltip; SVG elements may be empty. */
static void
svg_bar(xmlTextWriter *w, double x, double y, double bw, double bh,
    const char *tip)
{
	char *clean = report_xml_text(tip);

	xmlTextWriterStartElement(w, (const xmlChar *)"rect");
	attr(w, "class", "bar");
	attrf(w, "x", "%.1f", x);
	attrf(w, "y", "%.1f", y);
	attrf(w, "width", "%.1f", bw);
	attrf(w, "height", "%.1f", bh);
	xmlTextWriterStartElement(w, (const xmlChar *)"title");
	xmlTextWriterWriteString(w, (const xmlChar *)clean);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	free(clean);
}

static void
svg_line(xmlTextWriter *w, double x1, double y1, double x2, double y2)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"line");
	attr(w, "class", "axis");
	attrf(w, "x1", "%.1f", x1);
	attrf(w, "y1", "%.1f", y1);
	attrf(w, "x2", "%.1f", x2);
	attrf(w, "y2", "%.1f", y2);
	xmlTextWriterEndElement(w);
}

/* The histogram: one bar per tenth of the maximum, counts above. */
static void
distribution_chart(xmlTextWriter *w, const struct mark_stats *st)
{
	double slot = (CHART_W - 20) / 10.0, h, top = 0;
	char label[16], count[32], tip[64];
	size_t i;

	for (i = 0; i < 10; i++)
		if ((double)st->bins[i] > top)
			top = (double)st->bins[i];
	svg_start(w, CHART_W, BAR_AREA_H + 40, "Score distribution");
	for (i = 0; i < 10; i++) {
		h = top > 0 ? st->bins[i] / top * (BAR_AREA_H - 20) : 0;
		report_bin_label(i, label);
		snprintf(count, sizeof count, "%zu", st->bins[i]);
		snprintf(tip, sizeof tip, "%s: %zu", label, st->bins[i]);
		svg_bar(w, 10 + i * slot + 4, BAR_AREA_H - h, slot - 8, h, tip);
		svg_text(w, 10 + (i + 0.5) * slot, BAR_AREA_H - h - 4,
		    "middle", count);
		svg_text(w, 10 + (i + 0.5) * slot, BAR_AREA_H + 16, "middle",
		    label);
	}
	svg_line(w, 10, BAR_AREA_H, CHART_W - 10, BAR_AREA_H);
	xmlTextWriterEndElement(w);
}

static void
distribution(xmlTextWriter *w, const struct report *rep)
{
	const struct mark_stats *st = &rep->st;
	char label[16], count[32];
	size_t i;

	element(w, "h2", NULL, "Score distribution");
	if (!st->max_known || st->max_total <= 0) {
		element(w, "p", NULL, "No distribution: the maximum is not"
		    " known.");
		return;
	}
	distribution_chart(w, st);
	xmlTextWriterStartElement(w, (const xmlChar *)"table");
	attr(w, "id", "distribution");
	xmlTextWriterStartElement(w, (const xmlChar *)"tr");
	element(w, "th", NULL, "Percent of the maximum");
	element(w, "th", NULL, "Attempts");
	xmlTextWriterFullEndElement(w);
	for (i = 0; i < 10; i++) {
		report_bin_label(i, label);
		snprintf(count, sizeof count, "%zu", st->bins[i]);
		xmlTextWriterStartElement(w, (const xmlChar *)"tr");
		element(w, "td", NULL, label);
		element(w, "td", "n", count);
		xmlTextWriterFullEndElement(w);
	}
	xmlTextWriterFullEndElement(w);
}

/* Horizontal bars: each item's facility from 0 to 1. */
static void
facility_chart(xmlTextWriter *w, const struct report *rep)
{
	const struct mark_stats *st = &rep->st;
	double left = 140, span = CHART_W - left - 60, y;
	char fa[32], tip[128];
	size_t i;

	svg_start(w, CHART_W, (int)(st->nitems * 20 + 30), "Facility per"
	    " item");
	for (i = 0; i < st->nitems; i++) {
		y = 10 + (double)i * 20;
		report_fixed2(st->items[i].has_facility,
		    st->items[i].facility, fa);
		snprintf(tip, sizeof tip, "%.60s: facility %s",
		    rep->key->items[i].identifier, fa);
		svg_text(w, left - 6, y + 12, "end",
		    rep->key->items[i].identifier);
		if (st->items[i].has_facility)
			svg_bar(w, left, y + 2, st->items[i].facility * span,
			    14, tip);
		svg_text(w, left + (st->items[i].has_facility ?
		    st->items[i].facility * span : 0) + 4, y + 12, "start",
		    fa);
	}
	svg_line(w, left, 5, left, st->nitems * 20 + 15);
	xmlTextWriterEndElement(w);
}

static void
items(xmlTextWriter *w, const struct report *rep)
{
	const struct mark_stats *st = &rep->st;
	static const char *head[] = { "Item", "Scored", "Facility", "D",
	    "r" };
	char v[4][32];
	size_t i, k;

	element(w, "h2", NULL, "Items");
	element(w, "p", NULL, "Facility is the mean score as a fraction of"
	    " the maximum. D is the facility in the top 27% of attempts by"
	    " total minus the facility in the bottom 27%. r is the"
	    " item-rest correlation.");
	facility_chart(w, rep);
	xmlTextWriterStartElement(w, (const xmlChar *)"table");
	attr(w, "id", "item-table");
	xmlTextWriterStartElement(w, (const xmlChar *)"tr");
	for (k = 0; k < 5; k++)
		element(w, "th", NULL, head[k]);
	xmlTextWriterFullEndElement(w);
	for (i = 0; i < st->nitems; i++) {
		snprintf(v[0], 32, "%zu", st->items[i].n);
		report_fixed2(st->items[i].has_facility,
		    st->items[i].facility, v[1]);
		report_fixed2(st->items[i].has_discrimination,
		    st->items[i].discrimination, v[2]);
		report_fixed2(st->items[i].has_r, st->items[i].r, v[3]);
		xmlTextWriterStartElement(w, (const xmlChar *)"tr");
		element(w, "td", NULL, rep->key->items[i].identifier);
		for (k = 0; k < 4; k++)
			element(w, "td", "n", v[k]);
		xmlTextWriterFullEndElement(w);
	}
	xmlTextWriterFullEndElement(w);
}

static void
attempt_head(xmlTextWriter *w, const struct report *rep)
{
	static const char *head[] = { "Attempt", "Candidate", "Name",
	    "Centre", "Number", "Total", "Maximum", "Percent", "Result" };
	size_t k;

	xmlTextWriterStartElement(w, (const xmlChar *)"tr");
	for (k = 0; k < sizeof head / sizeof *head; k++)
		element(w, "th", NULL, head[k]);
	for (k = 0; k < rep->key->ngroups; k++)
		element(w, "th", NULL, rep->key->groups[k]);
	xmlTextWriterFullEndElement(w);
}

static void
attempt_row(xmlTextWriter *w, const struct report *rep, size_t a)
{
	const struct mark_attempt *at = &rep->r->v[a];
	const struct mark_score *s = &rep->s[a];
	const struct report_group *g;
	char sc[32], mx[32], pc[32], cell[160];
	size_t k;

	report_score(s->total, sc);
	report_score(s->max_total, mx);
	report_percent(s->max_known, s->total, s->max_total, pc);
	snprintf(cell, sizeof cell, "%d", at->number);
	xmlTextWriterStartElement(w, (const xmlChar *)"tr");
	element(w, "td", NULL, at->id);
	element(w, "td", NULL, at->candidate);
	element(w, "td", NULL, at->name);
	element(w, "td", NULL, at->centre);
	element(w, "td", "n", cell);
	element(w, "td", "n", sc);
	element(w, "td", "n", s->max_known ? mx : "-");
	element(w, "td", "n", pc);
	element(w, "td", NULL, es_verdict(s, rep->pass));
	for (k = 0; k < rep->key->ngroups; k++) {
		g = report_group(rep, a, k);
		report_score(g->score, sc);
		report_score(g->max, mx);
		report_percent(g->max_known, g->score, g->max, pc);
		snprintf(cell, sizeof cell, "%s of %s, %s%s", sc,
		    g->max_known ? mx : "-", pc, g->complete ? "" :
		    ", not fully marked");
		element(w, "td", "n", cell);
	}
	xmlTextWriterFullEndElement(w);
}

static void
attempts(xmlTextWriter *w, const struct report *rep)
{
	size_t a;
	char *h;

	xasprintf(&h, "Results by attempt%s%s", rep->key->ngroups > 0 ?
	    ", with the score by " : "", report_group_kind(rep->key));
	element(w, "h2", NULL, h);
	free(h);
	xmlTextWriterStartElement(w, (const xmlChar *)"table");
	attr(w, "id", "attempts");
	attempt_head(w, rep);
	for (a = 0; a < rep->r->n; a++)
		attempt_row(w, rep, a);
	xmlTextWriterFullEndElement(w);
}

static void
page(xmlTextWriter *w, const struct report *rep)
{
	char *title;

	xasprintf(&title, "Results: %s \"%s\"", rep->key->test,
	    rep->key->title != NULL ? rep->key->title : "");
	xmlTextWriterWriteDTD(w, (const xmlChar *)"html", NULL, NULL, NULL);
	xmlTextWriterWriteString(w, (const xmlChar *)"\n");
	xmlTextWriterStartElement(w, (const xmlChar *)"html");
	attr(w, "lang", "en");
	xmlTextWriterStartElement(w, (const xmlChar *)"head");
	xmlTextWriterStartElement(w, (const xmlChar *)"meta");
	attr(w, "charset", "utf-8");
	xmlTextWriterEndElement(w);
	element(w, "title", NULL, title);
	/* A constant: written as it is, line breaks included. */
	xmlTextWriterStartElement(w, (const xmlChar *)"style");
	xmlTextWriterWriteString(w, (const xmlChar *)style);
	xmlTextWriterFullEndElement(w);
	xmlTextWriterFullEndElement(w);
	xmlTextWriterStartElement(w, (const xmlChar *)"body");
	element(w, "h1", NULL, title);
	summary(w, rep);
	distribution(w, rep);
	items(w, rep);
	attempts(w, rep);
	xmlTextWriterFullEndElement(w);
	xmlTextWriterFullEndElement(w);
	free(title);
}

int
report_html_write(const struct report *rep, const char *path, char *err)
{
	xmlBuffer *buf = xmlBufferCreate();
	xmlTextWriter *w = xmlNewTextWriterMemory(buf, 0);
	int rc;

	xmlTextWriterSetIndent(w, 1);
	page(w, rep);
	xmlTextWriterFlush(w);
	xmlFreeTextWriter(w);
	rc = util_write_atomic(path, xmlBufferContent(buf),
	    (size_t)xmlBufferLength(buf), err);
	xmlBufferFree(buf);
	return (rc);
}
