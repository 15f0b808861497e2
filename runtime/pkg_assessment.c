/*
 * assessmentTest: the test's title and time limit, its sections in order
 * with their rubrics, and the items they refer to.  Nested sections are
 * flattened into runs of consecutive items; a section's rubric goes with
 * the first run after it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_private.h"

struct walk {
	struct pkg_test		*t;
	struct pkg_source	*src;
	const char		*name;		/* the test's package path */
	struct qti_parse	 rubric;	/* rubric text is built here */
	struct problems		 rubric_problems;
	struct qti_text		 pending;	/* rubric for the next run */
	xmlNodePtr		 current;	/* section of the open run */
};

static void
walk_problem(struct walk *w, xmlNodePtr n, const char *message)
{
	pkg_problem(w->t, "%s: %s (line %ld)", w->name, message,
	    xmlGetLineNo(n));
}

/* Test flow that depends on responses needs marking during the test. */
static void
flow_check(struct walk *w, xmlNodePtr n)
{
	xmlNodePtr k;

	for (k = n->children; k != NULL; k = k->next)
		if (qti_is(k, "preCondition") || qti_is(k, "branchRule"))
			walk_problem(w, k, "preCondition and branchRule depend"
			    " on responses during the test, which the Examiner"
			    " does not mark");
}

static int
max_time(xmlNodePtr n)
{
	xmlNodePtr k;
	char *s, *end;
	double v;

	for (k = n->children; k != NULL; k = k->next) {
		if (!qti_is(k, "timeLimits") ||
		    (s = qti_attr(k, "maxTime")) == NULL)
			continue;
		v = strtod(s, &end);
		xmlFree(s);
		if (end == s || !(v > 0) || v > 1e9)
			return (-1);
		return ((int)ceil(v));
	}
	return (0);
}

static void
rubric_add(struct walk *w, xmlNodePtr k)
{
	struct qti_ctx c;
	char *view = qti_attr(k, "view");
	int candidate = view == NULL || strstr(view, "candidate") != NULL;

	xmlFree(view);
	if (!candidate)
		return;
	qti_ctx_init(&c, 0);
	c.kind = QTI_BLOCK_RUBRIC;
	qti_text_build(&w->rubric, &w->pending, k, &c, NULL);
}

static void
item_ref(struct walk *w, xmlNodePtr sec, xmlNodePtr k)
{
	char *id = qti_attr(k, "identifier"), *href = qti_attr(k, "href");
	char *category = qti_attr(k, "category");
	char *path = NULL, *title, *sid;
	struct pkg_section *s;
	struct qti_item *item;
	const char *reason = NULL;

	flow_check(w, k);
	if (max_time(k) != 0)
		problems_add(&w->t->warnings, "%s: the time limit of item"
		    " '%s' is ignored; only the test's applies", w->name,
		    id != NULL ? id : "");
	if (id == NULL || href == NULL)
		walk_problem(w, k, "assessmentItemRef needs identifier and"
		    " href");
	else if ((path = pkg_path_resolve(w->name, href, &reason)) == NULL)
		pkg_problem(w->t, "%s: assessmentItemRef '%s': href '%s' %s",
		    w->name, id, href, reason);
	if (path != NULL && (item = pkg_load_item(w->t, w->src, path,
	    id)) != NULL) {
		if (w->current != sec) {
			title = qti_attr_bool(sec, "visible", 1) ?
			    qti_attr(sec, "title") : NULL;
			sid = qti_attr(sec, "identifier");
			s = pkg_add_section(w->t, sid, title);
			xmlFree(title);
			xmlFree(sid);
			qti_text_move(&s->rubric, &w->pending);
			w->current = sec;
		}
		if (category != NULL)
			item->category = xstrdup(category);
		pkg_add_item(w->t, item);
		w->t->sections[w->t->nsections - 1].count++;
	}
	xmlFree(category);
	xmlFree(id);
	xmlFree(href);
	free(path);
}

static void
section_options(struct walk *w, xmlNodePtr sec)
{
	xmlNodePtr k;

	flow_check(w, sec);
	if (max_time(sec) != 0)
		problems_add(&w->t->warnings, "%s: section time limits are"
		    " ignored; only the test's applies (line %ld)", w->name,
		    xmlGetLineNo(sec));
	for (k = sec->children; k != NULL; k = k->next) {
		if (qti_is(k, "selection"))
			walk_problem(w, k, "selection picks items at random,"
			    " which examstick does not support; list the items"
			    " to deliver");
		if (qti_is(k, "ordering") && qti_attr_bool(k, "shuffle", 0))
			walk_problem(w, k, "ordering shuffle is not supported;"
			    " put the items in the order to deliver");
	}
}

static void
section_walk(struct walk *w, xmlNodePtr sec)
{
	xmlNodePtr k;

	section_options(w, sec);
	for (k = sec->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || !qti_is_qti(k))
			continue;
		if (qti_is(k, "rubricBlock"))
			rubric_add(w, k);
		else if (qti_is(k, "assessmentItemRef"))
			item_ref(w, sec, k);
		else if (qti_is(k, "assessmentSection")) {
			section_walk(w, k);
			w->current = NULL;
		} else if (qti_is(k, "assessmentSectionRef"))
			walk_problem(w, k, "assessmentSectionRef is not"
			    " supported; put the section in the test");
	}
}

static void
parts_walk(struct walk *w, xmlNodePtr root)
{
	xmlNodePtr part, k;
	int parts = 0, limit;

	for (part = root->children; part != NULL; part = part->next) {
		if (!qti_is(part, "testPart"))
			continue;
		parts++;
		flow_check(w, part);
		limit = max_time(part);
		if (limit < 0)
			walk_problem(w, part, "timeLimits maxTime is not a"
			    " positive number of seconds");
		else if (limit > 0 && w->t->time_limit_s == 0 && parts == 1)
			w->t->time_limit_s = limit;
		else if (limit > 0)
			problems_add(&w->t->warnings, "%s: the time limit of"
			    " testPart %d is ignored", w->name, parts);
		for (k = part->children; k != NULL; k = k->next)
			if (qti_is(k, "assessmentSection"))
				section_walk(w, k);
	}
}

static void
walk_finish(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->rubric_problems.n; i++)
		pkg_problem(w->t, "%s: %s", w->name,
		    w->rubric_problems.lines[i]);
	if (w->pending.nblocks > 0)
		problems_add(&w->t->warnings, "%s: a rubric with no items"
		    " after it is not shown", w->name);
	qti_text_free(&w->pending);
	problems_free(&w->rubric_problems);
}

void
pkg_load_assessment(struct pkg_test *t, struct pkg_source *src,
    xmlDocPtr doc, const char *name)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	const char *reason;
	struct walk w;
	char *subject;
	int version;

	if ((reason = qti_root_reason(root, "assessmentTest",
	    &version)) != NULL) {
		pkg_problem(t, "%s: %s", name, reason);
		return;
	}
	free(t->identifier);
	free(t->title);
	t->identifier = qti_attr_dup(root, "identifier");
	t->title = qti_attr_dup(root, "title");
	memset(&w, 0, sizeof w);
	w.t = t;
	w.src = src;
	w.name = name;
	xasprintf(&subject, "test '%s'", t->identifier != NULL ?
	    t->identifier : name);
	w.rubric.problems = &w.rubric_problems;
	w.rubric.warnings = &t->warnings;
	w.rubric.subject = subject;

	flow_check(&w, root);
	t->time_limit_s = max_time(root);
	if (t->time_limit_s < 0) {
		walk_problem(&w, root, "timeLimits maxTime is not a positive"
		    " number of seconds");
		t->time_limit_s = 0;
	}
	parts_walk(&w, root);
	walk_finish(&w);
	free(subject);
}
