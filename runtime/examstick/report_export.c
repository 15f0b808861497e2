/*
 * The exports of examstick report: a CSV file with one line per attempt
 * and every figure, and one QTI 2.1 assessmentResult document per
 * attempt (namespace imsqti_result_v2p1), written with libxml2's
 * xmlTextWriter.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "fees.h"
#include "report.h"

#define RESULT_NS	"http://www.imsglobal.org/xsd/imsqti_result_v2p1"
#define RESULT_XSD	"http://www.imsglobal.org/xsd/imsqti_result_v2p1.xsd"
#define XSI_NS		"http://www.w3.org/2001/XMLSchema-instance"
#define SOURCE_PREFIX	"urn:examstick:"

static void
csv_number(FILE *f, int has, double v)
{
	char n[32];

	report_score(v, n);
	fprintf(f, ",%s", has ? n : "");
}

static void
csv_header(const struct report *rep, FILE *f)
{
	char *name;
	size_t i;

	fprintf(f, "attempt,centre,stick,candidate,name,test,attempt_number,"
	    "start,end,total,max,percent,result");
	for (i = 0; i < rep->key->ngroups; i++) {
		xasprintf(&name, "%s %s", report_group_kind(rep->key),
		    rep->key->groups[i]);
		fputc(',', f);
		fees_csv_field(f, name);
		free(name);
		xasprintf(&name, "%s %s max", report_group_kind(rep->key),
		    rep->key->groups[i]);
		fputc(',', f);
		fees_csv_field(f, name);
		free(name);
	}
	for (i = 0; i < rep->key->nitems; i++) {
		fputc(',', f);
		fees_csv_field(f, rep->key->items[i].identifier);
	}
	fputc('\n', f);
}

static void
csv_line(const struct report *rep, size_t a, FILE *f)
{
	const struct mark_attempt *at = &rep->r->v[a];
	const struct mark_score *s = &rep->s[a];
	const char *fields[] = { at->id, at->centre, at->stick, at->candidate,
	    at->name, at->test };
	const struct report_group *g;
	char pc[32];
	size_t i;

	for (i = 0; i < sizeof fields / sizeof *fields; i++) {
		fees_csv_field(f, fields[i] != NULL ? fields[i] : "");
		fputc(',', f);
	}
	fprintf(f, "%d,", at->number);
	fees_csv_field(f, at->start != NULL ? at->start : "");
	fputc(',', f);
	fees_csv_field(f, at->end != NULL ? at->end : "");
	csv_number(f, 1, s->total);
	csv_number(f, s->max_known, s->max_total);
	/* A number without "%", as in mark --csv. */
	report_percent(s->max_known, s->total, s->max_total, pc);
	pc[strcspn(pc, "%-")] = '\0';
	fprintf(f, ",%s,", pc);
	fees_csv_field(f, es_verdict(s, rep->pass));
	for (i = 0; i < rep->key->ngroups; i++) {
		g = report_group(rep, a, i);
		csv_number(f, 1, g->score);
		csv_number(f, g->max_known, g->max);
	}
	for (i = 0; i < s->nitems; i++)
		csv_number(f, s->items[i].status == MARK_SCORED,
		    s->items[i].score);
	fputc('\n', f);
}

int
report_csv_write(const struct report *rep, const char *path, char *err)
{
	char *buf = NULL;
	size_t len = 0, a;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return (errf(err, "%s: %s", path, strerror(errno)));
	csv_header(rep, f);
	for (a = 0; a < rep->r->n; a++)
		csv_line(rep, a, f);
	if (fclose(f) != 0) {
		free(buf);
		return (errf(err, "%s: %s", path, strerror(errno)));
	}
	rc = util_write_atomic(path, buf, len, err);
	free(buf);
	return (rc);
}

static void
qti_attr(xmlTextWriter *w, const char *name, const char *value)
{
	char *clean = report_xml_text(value);

	xmlTextWriterWriteAttribute(w, (const xmlChar *)name,
	    (const xmlChar *)clean);
	free(clean);
}

static void
qti_value(xmlTextWriter *w, const char *text)
{
	char *clean = report_xml_text(text);

	xmlTextWriterStartElement(w, (const xmlChar *)"value");
	xmlTextWriterWriteString(w, (const xmlChar *)clean);
	xmlTextWriterFullEndElement(w);
	free(clean);
}

static void
session_id(xmlTextWriter *w, const char *what, const char *value)
{
	char *source;

	if (value == NULL || *value == '\0')
		return;
	xasprintf(&source, SOURCE_PREFIX "%s", what);
	xmlTextWriterStartElement(w, (const xmlChar *)"sessionIdentifier");
	qti_attr(w, "sourceID", source);
	qti_attr(w, "identifier", value);
	xmlTextWriterEndElement(w);
	free(source);
}

/* The candidate is sourcedId when the number is an NCName, as QTI asks. */
static void
context(xmlTextWriter *w, const struct mark_attempt *at)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"context");
	if (at->candidate != NULL &&
	    xmlValidateNCName((const xmlChar *)at->candidate, 0) == 0)
		qti_attr(w, "sourcedId", at->candidate);
	session_id(w, "candidate", at->candidate);
	session_id(w, "attempt", at->id);
	session_id(w, "centre", at->centre);
	session_id(w, "stick", at->stick);
	xmlTextWriterEndElement(w);
}

/* A single outcome; has 0 writes it without a value (NULL). */
static void
outcome(xmlTextWriter *w, const char *id, const char *type, int has,
    const char *value)
{
	xmlTextWriterStartElement(w, (const xmlChar *)"outcomeVariable");
	qti_attr(w, "identifier", id);
	qti_attr(w, "cardinality", "single");
	qti_attr(w, "baseType", type);
	if (has)
		qti_value(w, value);
	xmlTextWriterEndElement(w);
}

/*
 * The attempt's end as the datestamp, which QTI requires: else its start,
 * else now, when the result is recorded in this document.
 */
static const char *
datestamp(const struct mark_attempt *at, char now[32])
{
	if (at->end != NULL && *at->end != '\0')
		return (at->end);
	if (at->start != NULL && *at->start != '\0')
		return (at->start);
	util_iso_time(now, util_wall_seconds());
	return (now);
}

static void
test_result(xmlTextWriter *w, const struct report *rep, size_t a)
{
	const struct mark_score *s = &rep->s[a];
	char n[32], now[32];
	const char *stamp = datestamp(&rep->r->v[a], now);

	xmlTextWriterStartElement(w, (const xmlChar *)"testResult");
	qti_attr(w, "identifier", rep->key->test);
	qti_attr(w, "datestamp", stamp);
	report_score(s->total, n);
	outcome(w, "SCORE", "float", s->complete, n);
	report_score(s->max_total, n);
	outcome(w, "MAXSCORE", "float", s->max_known, n);
	if (rep->pass->set)
		outcome(w, "PASS", "boolean", s->passed != -1,
		    s->passed == 1 ? "true" : "false");
	xmlTextWriterEndElement(w);
}

/* Each response of the item as a responseVariable, by its declaration. */
static void
responses(xmlTextWriter *w, const struct mark_key_item *k,
    const struct mark_attempt *at)
{
	const struct mark_response *r;
	enum qti_cardinality card;
	enum qti_base_type type;
	size_t i, v;

	for (i = 0; i < at->nresponses; i++) {
		r = &at->responses[i];
		if (strcmp(r->item, k->identifier) != 0 || k->item == NULL ||
		    rp_item_response_type(k->item, r->response, &card,
		    &type) == -1 || card == QTI_CARD_RECORD ||
		    xmlValidateNCName((const xmlChar *)r->response, 0) != 0)
			continue;
		xmlTextWriterStartElement(w,
		    (const xmlChar *)"responseVariable");
		qti_attr(w, "identifier", r->response);
		qti_attr(w, "cardinality", qti_cardinality_name(card));
		qti_attr(w, "baseType", qti_base_type_name(type));
		xmlTextWriterStartElement(w,
		    (const xmlChar *)"candidateResponse");
		for (v = 0; v < r->nvalues; v++)
			qti_value(w, r->values[v]);
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
	}
}

static void
item_result(xmlTextWriter *w, const struct report *rep, size_t a,
    size_t i)
{
	const struct mark_item *m = &rep->s[a].items[i];
	char n[32], now[32];

	xmlTextWriterStartElement(w, (const xmlChar *)"itemResult");
	qti_attr(w, "identifier", rep->key->items[i].identifier);
	xmlTextWriterWriteFormatAttribute(w, (const xmlChar *)"sequenceIndex",
	    "%zu", i + 1);
	qti_attr(w, "datestamp", datestamp(&rep->r->v[a], now));
	qti_attr(w, "sessionStatus", "final");
	responses(w, &rep->key->items[i], &rep->r->v[a]);
	report_score(m->score, n);
	outcome(w, "SCORE", "float", m->status == MARK_SCORED, n);
	report_score(m->max, n);
	outcome(w, "MAXSCORE", "float", m->has_max, n);
	xmlTextWriterEndElement(w);
}

static void
document(xmlTextWriter *w, const struct report *rep, size_t a)
{
	size_t i;

	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, (const xmlChar *)"assessmentResult");
	qti_attr(w, "xmlns", RESULT_NS);
	qti_attr(w, "xmlns:xsi", XSI_NS);
	qti_attr(w, "xsi:schemaLocation", RESULT_NS " " RESULT_XSD);
	context(w, &rep->r->v[a]);
	test_result(w, rep, a);
	for (i = 0; i < rep->s[a].nitems && i < rep->key->nitems; i++)
		item_result(w, rep, a, i);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
}

/* A file name from an attempt id: letters, digits, '-', '_' and '.'. */
static char *
file_name(const char *dir, const char *id)
{
	char *name, *p, *path;

	xasprintf(&name, "%s.xml", id);
	for (p = name; *p != '\0'; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && *p != '-' && *p != '_' &&
		    *p != '.')
			*p = '_';
	if (name[0] == '.')
		name[0] = '_';
	path = util_path_join(dir, name);
	free(name);
	return (path);
}

int
report_qti_write(const struct report *rep, const char *dir, char *err)
{
	xmlTextWriter *w;
	xmlBuffer *buf;
	char *path;
	size_t a;
	int rc = 0;

	if (util_mkdir_p(dir, err) == -1)
		return (-1);
	for (a = 0; rc == 0 && a < rep->r->n; a++) {
		buf = xmlBufferCreate();
		w = xmlNewTextWriterMemory(buf, 0);
		xmlTextWriterSetIndent(w, 1);
		document(w, rep, a);
		xmlFreeTextWriter(w);
		path = file_name(dir, rep->r->v[a].id);
		rc = util_write_atomic(path, xmlBufferContent(buf),
		    (size_t)xmlBufferLength(buf), err);
		free(path);
		xmlBufferFree(buf);
	}
	return (rc);
}
