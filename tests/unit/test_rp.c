/*
 * Response processing on items written here: the standard templates and
 * the places where QTI's rules are easy to get wrong, each as its own
 * test.  Expected values are worked out in the comment beside them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "rp_fixtures.h"

#define SCORE_FLOAT \
	"<outcomeDeclaration identifier='SCORE' cardinality='single'" \
	" baseType='float'/>"
#define SCORE_INT \
	"<outcomeDeclaration identifier='SCORE' cardinality='single'" \
	" baseType='integer'/>"
#define TEMPLATE(name) \
	"<responseProcessing template='http://www.imsglobal.org/question/" \
	"qti_v2p1/rptemplates/" name "'/>"
#define RP(rules)	"<responseProcessing>" rules "</responseProcessing>"
#define SET(id, expr) \
	"<setOutcomeValue identifier='" id "'>" expr "</setOutcomeValue>"
#define VAR(id)		"<variable identifier='" id "'/>"
#define BASE(type, v)	"<baseValue baseType='" type "'>" v "</baseValue>"

static void
test_pair_match_unordered(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='pair'><correctResponse><value>A B</value>"
	    "<value>C D</value></correctResponse></responseDeclaration>"
	    SCORE_FLOAT, TEMPLATE("match_correct"));

	/* pair is unordered: "B A" is the pair "A B" */
	rpf_check_float(item, "RESPONSE=B A|D C", "SCORE", 1);
	rpf_check_float(item, "RESPONSE=A B|C D", "SCORE", 1);
	/* C E is no pair of the correct response */
	rpf_check_float(item, "RESPONSE=A B|C E", "SCORE", 0);
	/* one pair is not the two of the correct response */
	rpf_check_float(item, "RESPONSE=A B", "SCORE", 0);
	rp_item_free(item);
}

static void
test_directed_pair_match_ordered(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='directedPair'><correctResponse><value>A B</value>"
	    "<value>C D</value></correctResponse></responseDeclaration>"
	    SCORE_FLOAT, TEMPLATE("match_correct"));

	/* directedPair is ordered: "B A" is not "A B" */
	rpf_check_float(item, "RESPONSE=B A|D C", "SCORE", 0);
	rpf_check_float(item, "RESPONSE=D C|A B", "SCORE", 0);
	/* the container is unordered even though the pairs are not */
	rpf_check_float(item, "RESPONSE=C D|A B", "SCORE", 1);
	rp_item_free(item);
}

static void
test_pair_mapping_keys(void **state)
{
	struct rp_item *pair = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='pair'><mapping defaultValue='0'>"
	    "<mapEntry mapKey='A B' mappedValue='2'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("map_response"));
	struct rp_item *directed = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='directedPair'><mapping defaultValue='0'>"
	    "<mapEntry mapKey='A B' mappedValue='2'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("map_response"));

	/* pair key "A B" maps the response "B A": 2 */
	rpf_check_float(pair, "RESPONSE=B A", "SCORE", 2);
	/* "A B" and "B A" are one value, counted once: 2, not 4 */
	rpf_check_float(pair, "RESPONSE=A B|B A", "SCORE", 2);
	/* directedPair key "A B" does not map "B A": default 0 */
	rpf_check_float(directed, "RESPONSE=B A", "SCORE", 0);
	/* "A B" and "B A" are two values: 2 + default 0 */
	rpf_check_float(directed, "RESPONSE=A B|B A", "SCORE", 2);
	rp_item_free(pair);
	rp_item_free(directed);
}

static void
test_case_sensitive_per_entry(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='string'><mapping defaultValue='0'>"
	    "<mapEntry mapKey='Paris' mappedValue='1' caseSensitive='false'/>"
	    "<mapEntry mapKey='berlin' mappedValue='0.5'"
	    " caseSensitive='true'/>"
	    "<mapEntry mapKey='Rome' mappedValue='0.25'/>"
	    "<mapEntry mapKey='\xc3\xa9" "cole' mappedValue='3'"
	    " caseSensitive='false'/>"
	    "</mapping></responseDeclaration>" SCORE_FLOAT,
	    TEMPLATE("map_response"));

	/* Paris is case-insensitive */
	rpf_check_float(item, "RESPONSE=PARIS", "SCORE", 1);
	rpf_check_float(item, "RESPONSE=paris", "SCORE", 1);
	/* berlin is case-sensitive: "Berlin" is unmapped, default 0 */
	rpf_check_float(item, "RESPONSE=Berlin", "SCORE", 0);
	rpf_check_float(item, "RESPONSE=berlin", "SCORE", 0.5);
	/* no caseSensitive attribute means case-sensitive */
	rpf_check_float(item, "RESPONSE=rome", "SCORE", 0);
	rpf_check_float(item, "RESPONSE=Rome", "SCORE", 0.25);
	/* case folding is not only ASCII: "ÉCOLE" maps as "école" */
	rpf_check_float(item, "RESPONSE=\xc3\x89" "COLE", "SCORE", 3);
	rp_item_free(item);
}

static void
test_default_per_distinct_value(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='identifier'><mapping defaultValue='-0.5'>"
	    "<mapEntry mapKey='A' mappedValue='1'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("map_response"));

	/* A=1, X and Y unmapped: 1 - 0.5 - 0.5 = 0 */
	rpf_check_float(item, "RESPONSE=A|X|Y", "SCORE", 0);
	/* X twice is one distinct unmapped value: 1 - 0.5 = 0.5 */
	rpf_check_float(item, "RESPONSE=A|X|X", "SCORE", 0.5);
	/* X three times: default once, -0.5 */
	rpf_check_float(item, "RESPONSE=X|X|X", "SCORE", -0.5);
	rp_item_free(item);
}

static void
test_bounds_after_sum(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='identifier'><mapping defaultValue='-1'"
	    " lowerBound='0' upperBound='2.5'>"
	    "<mapEntry mapKey='A' mappedValue='1'/>"
	    "<mapEntry mapKey='B' mappedValue='1'/>"
	    "<mapEntry mapKey='C' mappedValue='2'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("map_response"));

	/* 1 + 1 + 2 = 4, upperBound 2.5 */
	rpf_check_float(item, "RESPONSE=A|B|C", "SCORE", 2.5);
	/* 1 - 1 - 1 = -1, lowerBound 0 */
	rpf_check_float(item, "RESPONSE=A|X|Y", "SCORE", 0);
	/* 2 - 1 = 1: bounds limit the sum, not each value */
	rpf_check_float(item, "RESPONSE=C|X", "SCORE", 1);
	rp_item_free(item);
}

static void
test_duplicates_mapped_once(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='multiple'"
	    " baseType='identifier'><mapping defaultValue='0'>"
	    "<mapEntry mapKey='A' mappedValue='1'/>"
	    "<mapEntry mapKey='B' mappedValue='0.5'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("map_response"));

	/* {A, A, B}: A once and B once, 1.5 and not 2.5 */
	rpf_check_float(item, "RESPONSE=A|A|B", "SCORE", 1.5);
	/* {B, B, B}: 0.5 */
	rpf_check_float(item, "RESPONSE=B|B|B", "SCORE", 0.5);
	rp_item_free(item);
}

static void
test_float_stays_float(void **state)
{
	struct rp_item *item = rpf_item(
	    "<outcomeDeclaration identifier='F' cardinality='single'"
	    " baseType='float'/>"
	    "<outcomeDeclaration identifier='I' cardinality='single'"
	    " baseType='integer'/>"
	    "<outcomeDeclaration identifier='MIX' cardinality='single'"
	    " baseType='float'/>"
	    "<outcomeDeclaration identifier='Q' cardinality='single'"
	    " baseType='float'/>",
	    RP(SET("F", BASE("integer", "1"))
	    SET("I", "<sum>" BASE("integer", "2") BASE("integer", "3")
	    "</sum>")
	    SET("MIX", "<sum>" BASE("integer", "1") BASE("float", "0.5")
	    "</sum>")
	    SET("Q", "<divide>" BASE("integer", "1") BASE("integer", "2")
	    "</divide>")));
	struct rp_result res;

	rpf_run(item, "", &res);
	/* integer 1 set to a float outcome is float 1 */
	rpf_expect_float(&res, "F", 1);
	/* 2 + 3 with integers stays integer 5 */
	rpf_expect_int(&res, "I", 5);
	/* 1 + 0.5 is float 1.5 */
	rpf_expect_float(&res, "MIX", 1.5);
	/* integer 1 / integer 2 divides as floats: 0.5 */
	rpf_expect_float(&res, "Q", 0.5);
	rp_result_free(&res);
	rp_item_free(item);
}

static void
test_float_to_integer_outcome(void **state)
{
	struct rp_item *exact = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='identifier'><correctResponse><value>A</value>"
	    "</correctResponse></responseDeclaration>" SCORE_INT,
	    TEMPLATE("match_correct"));
	struct rp_item *half = rpf_item(SCORE_INT,
	    RP(SET("SCORE", BASE("float", "0.5"))));
	struct rp_result res;

	/* match_correct sets float 1 to an integer SCORE: integer 1 */
	rpf_check_int(exact, "RESPONSE=A", "SCORE", 1);
	/* 0.5 has no integer value: kept as float 0.5, with a note */
	rpf_run(half, "", &res);
	rpf_expect_float(&res, "SCORE", 0.5);
	assert_int_equal(res.notes.n, 1);
	assert_non_null(strstr(res.notes.lines[0], "kept as a float"));
	rp_result_free(&res);
	rp_item_free(exact);
	rp_item_free(half);
}

static void
test_untouched_order_scores_nothing(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='ordered'"
	    " baseType='identifier'><correctResponse><value>A</value>"
	    "<value>B</value><value>C</value></correctResponse>"
	    "</responseDeclaration>" SCORE_FLOAT, TEMPLATE("match_correct"));
	struct rp_item *custom = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='ordered'"
	    " baseType='identifier'><correctResponse><value>A</value>"
	    "<value>B</value></correctResponse></responseDeclaration>"
	    "<outcomeDeclaration identifier='M' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='N' cardinality='single'"
	    " baseType='boolean'/>",
	    RP(SET("M", "<match>" VAR("RESPONSE")
	    "<correct identifier='RESPONSE'/></match>")
	    SET("N", "<isNull>" VAR("RESPONSE") "</isNull>")));
	struct rp_result res;

	/* no response at all: NULL, which match_correct scores 0 */
	rpf_run(item, "", &res);
	rpf_expect_float(&res, "SCORE", 0);
	assert_true(res.scored);
	rp_result_free(&res);
	/* the correct order scores 1 */
	rpf_check_float(item, "RESPONSE=A|B|C", "SCORE", 1);
	/* the same values in another order score 0 */
	rpf_check_float(item, "RESPONSE=C|B|A", "SCORE", 0);
	/* match of NULL is NULL, and isNull is true */
	rpf_check_text(custom, "", "M", "NULL");
	rpf_check_text(custom, "", "N", "true");
	rp_item_free(item);
	rp_item_free(custom);
}

static void
test_null_propagation(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='R' cardinality='single'"
	    " baseType='identifier'><mapping defaultValue='0'>"
	    "<mapEntry mapKey='A' mappedValue='5'/></mapping>"
	    "</responseDeclaration>"
	    "<responseDeclaration identifier='M' cardinality='multiple'"
	    " baseType='identifier'/>"
	    "<outcomeDeclaration identifier='B1' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B2' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B3' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B4' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B5' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B6' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B7' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='B8' cardinality='single'"
	    " baseType='boolean'/>"
	    "<outcomeDeclaration identifier='S' cardinality='single'"
	    " baseType='float'/>"
	    "<outcomeDeclaration identifier='C' cardinality='single'"
	    " baseType='integer'/>",
	    RP(SET("B1", "<not><match>" VAR("R") BASE("identifier", "A")
	    "</match></not>")
	    SET("B2", "<and>" BASE("boolean", "true") "<match>" VAR("R")
	    BASE("identifier", "A") "</match></and>")
	    SET("B3", "<and>" BASE("boolean", "false") "<match>" VAR("R")
	    BASE("identifier", "A") "</match></and>")
	    SET("B4", "<or>" BASE("boolean", "true") "<match>" VAR("R")
	    BASE("identifier", "A") "</match></or>")
	    SET("B5", "<or>" BASE("boolean", "false") "<match>" VAR("R")
	    BASE("identifier", "A") "</match></or>")
	    SET("B6", "<isNull>" VAR("M") "</isNull>")
	    SET("B7", "<isNull>" BASE("string", "") "</isNull>")
	    SET("B8", "<member>" VAR("R") VAR("M") "</member>")
	    SET("S", "<sum>" BASE("float", "1") "<mapResponse"
	    " identifier='R'/></sum>")
	    SET("C", "<containerSize>" VAR("M") "</containerSize>")));
	struct rp_result res;

	rpf_run(item, "", &res);
	/* not(NULL) is NULL */
	rpf_expect_text(&res, "B1", "NULL");
	/* true and NULL is NULL; false and NULL is false */
	rpf_expect_text(&res, "B2", "NULL");
	rpf_expect_text(&res, "B3", "false");
	/* true or NULL is true; false or NULL is NULL */
	rpf_expect_text(&res, "B4", "true");
	rpf_expect_text(&res, "B5", "NULL");
	/* an empty container and an empty string are NULL */
	rpf_expect_text(&res, "B6", "true");
	rpf_expect_text(&res, "B7", "true");
	/* member of NULL is NULL */
	rpf_expect_text(&res, "B8", "NULL");
	/* an unanswered single maps to defaultValue 0, so 1 + 0 = 1 */
	rpf_expect_float(&res, "S", 1);
	/* containerSize of NULL is 0 */
	rpf_expect_int(&res, "C", 0);
	rp_result_free(&res);
	rp_item_free(item);
}

static void
test_sum_with_null_is_null(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='N' cardinality='single'"
	    " baseType='integer'/>"
	    "<outcomeDeclaration identifier='S' cardinality='single'"
	    " baseType='integer'><defaultValue><value>7</value>"
	    "</defaultValue></outcomeDeclaration>",
	    RP(SET("S", "<sum>" BASE("integer", "1") VAR("N") "</sum>")));

	/* 1 + NULL is NULL, which replaces the default 7 */
	rpf_check_text(item, "", "S", "NULL");
	/* 1 + 4 = 5 */
	rpf_check_int(item, "N=4", "S", 5);
	rp_item_free(item);
}

static void
test_template_uri_forms(void **state)
{
	static const struct {
		const char	*attrs;
		enum rp_kind	 kind;
	} forms[] = {
		{ "template='http://www.imsglobal.org/question/qti_v2p0/"
		    "rptemplates/match_correct'", RP_MATCH_CORRECT },
		{ "template='http://www.imsglobal.org/question/qti_v2p1/"
		    "rptemplates/match_correct'", RP_MATCH_CORRECT },
		{ "template='http://www.imsglobal.org/question/qti_v2p2/"
		    "rptemplates/map_response'", RP_MAP_RESPONSE },
		{ "template='https://www.imsglobal.org/question/qti_v2p1/"
		    "rptemplates/map_response_point.xml'",
		    RP_MAP_RESPONSE_POINT },
		{ "template='http://www.imsglobal.org/xml/imsqti_item_v2p0/"
		    "rpMapResponse'", RP_MAP_RESPONSE },
		{ "templateLocation='/rptemplates/match_correct.xml'",
		    RP_MATCH_CORRECT },
		{ "template='http://example.com/t/x' templateLocation="
		    "'../RPTemplates/rpMapResponse.xml'", RP_MAP_RESPONSE },
	};
	char rp[512];
	struct rp_item *item;
	size_t i;

	for (i = 0; i < sizeof forms / sizeof *forms; i++) {
		snprintf(rp, sizeof rp, "<responseProcessing %s/>",
		    forms[i].attrs);
		item = rpf_item("<responseDeclaration identifier='RESPONSE'"
		    " cardinality='single' baseType='identifier'>"
		    "<correctResponse><value>A</value></correctResponse>"
		    "<mapping><mapEntry mapKey='A' mappedValue='1'/>"
		    "</mapping><areaMapping><areaMapEntry shape='default'"
		    " coords='' mappedValue='1'/></areaMapping>"
		    "</responseDeclaration>" SCORE_FLOAT, rp);
		if (rp_item_kind(item) != forms[i].kind)
			fail_msg("%s: kind %s", forms[i].attrs,
			    rp_kind_name(rp_item_kind(item)));
		rp_item_free(item);
	}
}

static void
test_template_unknown_rejected(void **state)
{
	const char *why = rpf_reject(SCORE_FLOAT,
	    "<responseProcessing template='http://www.imsglobal.org/"
	    "question/qti_v2p1/rptemplates/cc2_match'/>");

	assert_non_null(strstr(why, "cc2_match"));
	assert_non_null(strstr(why, "not one of"));
	/* a match_correct name on a host that is not IMS's is not trusted */
	why = rpf_reject(SCORE_FLOAT, "<responseProcessing template="
	    "'http://example.com/match_correct'/>");
	assert_non_null(strstr(why, "example.com"));
}

static void
test_template_needs_response(void **state)
{
	const char *why = rpf_reject(SCORE_FLOAT, TEMPLATE("match_correct"));

	assert_non_null(strstr(why, "match_correct template cannot run"));
	assert_non_null(strstr(why, "'RESPONSE' is not declared"));
}

static void
test_own_rules_win_over_template(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='identifier'><correctResponse><value>A</value>"
	    "</correctResponse></responseDeclaration>" SCORE_FLOAT,
	    "<responseProcessing template='http://www.imsglobal.org/"
	    "question/qti_v2p1/rptemplates/match_correct'>"
	    SET("SCORE", BASE("float", "7")) "</responseProcessing>");

	assert_int_equal(rp_item_kind(item), RP_CUSTOM);
	/* the rules set 7 whatever the response */
	rpf_check_float(item, "RESPONSE=B", "SCORE", 7);
	rp_item_free(item);
}

static void
test_conditions_and_exit(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='R' cardinality='single'"
	    " baseType='integer'/>" SCORE_FLOAT,
	    RP("<responseCondition><responseIf><gt>" VAR("R")
	    BASE("integer", "10") "</gt>" SET("SCORE", BASE("float", "3"))
	    "</responseIf><responseElseIf><gt>" VAR("R")
	    BASE("integer", "5") "</gt>" SET("SCORE", BASE("float", "2"))
	    "<exitResponse/>" SET("SCORE", BASE("float", "9"))
	    "</responseElseIf><responseElse>"
	    SET("SCORE", BASE("float", "1")) "</responseElse>"
	    "</responseCondition>" SET("SCORE", "<sum>" VAR("SCORE")
	    BASE("float", "0.5") "</sum>")));

	/* 11 > 10: 3, then + 0.5 */
	rpf_check_float(item, "R=11", "SCORE", 3.5);
	/* 6 > 5: 2, then exitResponse stops before 9 and the + 0.5 */
	rpf_check_float(item, "R=6", "SCORE", 2);
	/* else: 1 + 0.5 */
	rpf_check_float(item, "R=1", "SCORE", 1.5);
	/* NULL: gt is NULL, which counts as false, so else: 1.5 */
	rpf_check_float(item, "", "SCORE", 1.5);
	rp_item_free(item);
}

static struct rp_item *
item_with_body(const char *decls, const char *body, const char *rp)
{
	char err[ERR_LEN] = "", *xml;
	struct rp_item *item;

	if (asprintf(&xml, "<assessmentItem xmlns='" RPF_QTI_NS "'"
	    " identifier='t' title='T' adaptive='false'"
	    " timeDependent='false'>%s<itemBody>%s</itemBody>%s"
	    "</assessmentItem>", decls, body, rp) < 0)
		abort();
	item = rp_item_parse(xml, strlen(xml), "t.xml", err);
	if (item == NULL)
		fail_msg("%s", err);
	free(xml);
	return (item);
}

static void
expect_max(const struct rp_item *item, int has, double max,
    const char *source)
{
	struct rp_result res;

	rpf_run(item, "", &res);
	assert_int_equal(res.has_max, has);
	if (has) {
		assert_true(fabs(res.max_score - max) < 1e-9);
		assert_string_equal(res.max_source, source);
	}
	rp_result_free(&res);
}

static void
test_max_score_sources(void **state)
{
	const char *mapping = "<responseDeclaration identifier='RESPONSE'"
	    " cardinality='multiple' baseType='identifier'>"
	    "<mapping defaultValue='-1'>"
	    "<mapEntry mapKey='A' mappedValue='2'/>"
	    "<mapEntry mapKey='B' mappedValue='1.5'/>"
	    "<mapEntry mapKey='C' mappedValue='1'/>"
	    "<mapEntry mapKey='D' mappedValue='-3'/></mapping>"
	    "</responseDeclaration>";
	char decls[1024];
	struct rp_item *item;

	/* MAXSCORE's default wins */
	snprintf(decls, sizeof decls, "%s" SCORE_FLOAT "<outcomeDeclaration"
	    " identifier='MAXSCORE' cardinality='single' baseType='float'>"
	    "<defaultValue><value>10</value></defaultValue>"
	    "</outcomeDeclaration>", mapping);
	item = item_with_body(decls, "", TEMPLATE("map_response"));
	expect_max(item, 1, 10, "MAXSCORE");
	rp_item_free(item);

	/* then SCORE's normalMaximum */
	snprintf(decls, sizeof decls, "%s<outcomeDeclaration"
	    " identifier='SCORE' cardinality='single' baseType='float'"
	    " normalMaximum='4'/>", mapping);
	item = item_with_body(decls, "", TEMPLATE("map_response"));
	expect_max(item, 1, 4, "normalMaximum");
	rp_item_free(item);

	/* then the mapping: positive values 2 + 1.5 + 1 = 4.5 */
	snprintf(decls, sizeof decls, "%s" SCORE_FLOAT, mapping);
	item = item_with_body(decls, "", TEMPLATE("map_response"));
	expect_max(item, 1, 4.5, "mapping");
	rp_item_free(item);

	/* maxChoices 2 allows the best two: 2 + 1.5 = 3.5 */
	item = item_with_body(decls, "<choiceInteraction"
	    " responseIdentifier='RESPONSE' maxChoices='2'>"
	    "<simpleChoice identifier='A'>a</simpleChoice>"
	    "</choiceInteraction>", TEMPLATE("map_response"));
	expect_max(item, 1, 3.5, "mapping");
	rp_item_free(item);

	/* match_correct: 1 */
	item = item_with_body("<responseDeclaration identifier='RESPONSE'"
	    " cardinality='single' baseType='identifier'/>" SCORE_FLOAT, "",
	    TEMPLATE("match_correct"));
	expect_max(item, 1, 1, "correct");
	rp_item_free(item);

	/* custom rules: not known */
	item = item_with_body(SCORE_FLOAT, "",
	    RP(SET("SCORE", BASE("float", "1"))));
	expect_max(item, 0, 0, NULL);
	rp_item_free(item);
}

static void
test_max_score_mapping_bounds(void **state)
{
	struct rp_item *item;

	/* single: the best entry, 2, limited by upperBound 1.5 */
	item = item_with_body("<responseDeclaration identifier='RESPONSE'"
	    " cardinality='single' baseType='identifier'>"
	    "<mapping defaultValue='0' upperBound='1.5'>"
	    "<mapEntry mapKey='A' mappedValue='2'/>"
	    "<mapEntry mapKey='B' mappedValue='1'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, "",
	    TEMPLATE("map_response"));
	expect_max(item, 1, 1.5, "mapping");
	rp_item_free(item);

	/* a positive defaultValue without upperBound has no maximum */
	item = item_with_body("<responseDeclaration identifier='RESPONSE'"
	    " cardinality='multiple' baseType='identifier'>"
	    "<mapping defaultValue='0.5'>"
	    "<mapEntry mapKey='A' mappedValue='2'/></mapping>"
	    "</responseDeclaration>" SCORE_FLOAT, "",
	    TEMPLATE("map_response"));
	expect_max(item, 0, 0, NULL);
	rp_item_free(item);
}

static void
test_score_above_max_noted(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='identifier'><correctResponse><value>A</value>"
	    "</correctResponse></responseDeclaration>" SCORE_FLOAT
	    "<outcomeDeclaration identifier='MAXSCORE' cardinality='single'"
	    " baseType='float'><defaultValue><value>0</value></defaultValue>"
	    "</outcomeDeclaration>", TEMPLATE("match_correct"));
	struct rp_result res;

	/* MAXSCORE 0 is used as declared, and a SCORE of 1 is noted */
	rpf_run(item, "RESPONSE=A", &res);
	assert_true(res.has_max);
	assert_true(res.max_score == 0);
	assert_int_equal(res.notes.n, 1);
	assert_non_null(strstr(res.notes.lines[0], "above the maximum"));
	rp_result_free(&res);
	rp_item_free(item);
}

static void
test_unsupported_rejected(void **state)
{
	const char *decl = "<responseDeclaration identifier='R'"
	    " cardinality='single' baseType='identifier'/>" SCORE_FLOAT;

	assert_non_null(strstr(rpf_reject(decl, RP(SET("SCORE",
	    "<random>" "<multiple>" BASE("float", "1") "</multiple>"
	    "</random>"))), "'random' is not supported"));
	assert_non_null(strstr(rpf_reject(decl, RP(SET("SCORE", VAR("X")))),
	    "'X' is not declared"));
	assert_non_null(strstr(rpf_reject(decl, RP(SET("R",
	    BASE("identifier", "A")))), "'R' is not a declared outcome"));
	assert_non_null(strstr(rpf_reject(decl, RP(SET("SCORE",
	    "<mapResponse identifier='R'/>"))), "'R' has no mapping"));
	assert_non_null(strstr(rpf_reject(decl, RP("<lookupOutcomeValue"
	    " identifier='SCORE'>" BASE("integer", "1")
	    "</lookupOutcomeValue>")), "'lookupOutcomeValue' is not"
	    " supported"));
	assert_non_null(strstr(rpf_reject(decl, "<templateProcessing/>"),
	    "templateProcessing is not supported"));
	assert_non_null(strstr(rpf_reject("<responseDeclaration"
	    " identifier='R' cardinality='single' baseType='integer'>"
	    "<correctResponse><value>x</value></correctResponse>"
	    "</responseDeclaration>", ""), "'x' is not a valid integer"));
}

static void
test_bad_response_values_noted(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='integer'><correctResponse><value>42</value>"
	    "</correctResponse></responseDeclaration>" SCORE_FLOAT,
	    TEMPLATE("match_correct"));
	struct rp_result res;

	/* "forty" is no integer: NULL, score 0, and a note */
	rpf_run(item, "RESPONSE=forty", &res);
	rpf_expect_float(&res, "SCORE", 0);
	assert_int_equal(res.notes.n, 1);
	assert_non_null(strstr(res.notes.lines[0], "'forty' is not a valid"
	    " integer"));
	rp_result_free(&res);
	/* spaces around a number are allowed: " 42 " is 42 */
	rpf_check_float(item, "RESPONSE= 42 ", "SCORE", 1);
	/* two values for a single response: the first is used, noted */
	rpf_run(item, "RESPONSE=42|7", &res);
	rpf_expect_float(&res, "SCORE", 1);
	assert_int_equal(res.notes.n, 1);
	rp_result_free(&res);
	/* a response the item does not declare is left out, noted */
	rpf_run(item, "OTHER=1", &res);
	assert_int_equal(res.notes.n, 1);
	assert_non_null(strstr(res.notes.lines[0], "OTHER"));
	rp_result_free(&res);
	rp_item_free(item);
}

static void
test_no_processing_not_scored(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='string'/>" SCORE_FLOAT, "");
	struct rp_result res;

	/* an essay without responseProcessing is left for a marker */
	assert_int_equal(rp_item_kind(item), RP_NONE);
	rpf_run(item, "RESPONSE=some text", &res);
	assert_false(res.scored);
	rp_result_free(&res);
	rp_item_free(item);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair_match_unordered),
		cmocka_unit_test(test_directed_pair_match_ordered),
		cmocka_unit_test(test_pair_mapping_keys),
		cmocka_unit_test(test_case_sensitive_per_entry),
		cmocka_unit_test(test_default_per_distinct_value),
		cmocka_unit_test(test_bounds_after_sum),
		cmocka_unit_test(test_duplicates_mapped_once),
		cmocka_unit_test(test_float_stays_float),
		cmocka_unit_test(test_float_to_integer_outcome),
		cmocka_unit_test(test_untouched_order_scores_nothing),
		cmocka_unit_test(test_null_propagation),
		cmocka_unit_test(test_sum_with_null_is_null),
		cmocka_unit_test(test_template_uri_forms),
		cmocka_unit_test(test_template_unknown_rejected),
		cmocka_unit_test(test_template_needs_response),
		cmocka_unit_test(test_own_rules_win_over_template),
		cmocka_unit_test(test_conditions_and_exit),
		cmocka_unit_test(test_max_score_sources),
		cmocka_unit_test(test_max_score_mapping_bounds),
		cmocka_unit_test(test_score_above_max_noted),
		cmocka_unit_test(test_unsupported_rejected),
		cmocka_unit_test(test_bad_response_values_noted),
		cmocka_unit_test(test_no_processing_not_scored),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
