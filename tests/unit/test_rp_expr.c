/*
 * The expressions of custom response processing, one test per group:
 * equal and its tolerance modes, comparisons, arithmetic, containers,
 * strings, records, points and area mappings, and the errors that stop
 * a run.  Each expected value is worked out in the comment beside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>

#include <cmocka.h>

#include "rp_fixtures.h"

#define RP(rules)	"<responseProcessing>" rules "</responseProcessing>"
#define SET(id, expr) \
	"<setOutcomeValue identifier='" id "'>" expr "</setOutcomeValue>"
#define VAR(id)		"<variable identifier='" id "'/>"
#define BASE(type, v)	"<baseValue baseType='" type "'>" v "</baseValue>"
#define OUT(id, type) \
	"<outcomeDeclaration identifier='" id "' cardinality='single'" \
	" baseType='" type "'/>"
#define RESP(id, card, type) \
	"<responseDeclaration identifier='" id "' cardinality='" card "'" \
	" baseType='" type "'/>"

/* Run one expression with responses and return its value as text. */
static void
expect(const char *decls, const char *type, const char *expr,
    const char *responses, const char *want)
{
	char *d, *rp;
	struct rp_item *item;

	if (asprintf(&d, "%s" OUT("X", "%s"), decls, type) < 0 ||
	    asprintf(&rp, RP(SET("X", "%s")), expr) < 0)
		abort();
	item = rpf_item(d, rp);
	rpf_check_text(item, responses, "X", want);
	rp_item_free(item);
	free(d);
	free(rp);
}

static void
test_equal_tolerance(void **state)
{
	const char *d = RESP("A", "single", "float")
	    RESP("B", "single", "float");

	/* exact: 1.5 = 1.5 */
	expect(d, "boolean", "<equal>" VAR("A") VAR("B") "</equal>",
	    "A=1.5;B=1.5", "true");
	expect(d, "boolean", "<equal toleranceMode='exact'>" VAR("A")
	    VAR("B") "</equal>", "A=1.5;B=1.50001", "false");
	/* absolute 0.1: is B in [A - 0.1, A + 0.1] = [1.4, 1.6]? */
	expect(d, "boolean", "<equal toleranceMode='absolute'"
	    " tolerance='0.1'>" VAR("A") VAR("B") "</equal>",
	    "A=1.5;B=1.59", "true");
	expect(d, "boolean", "<equal toleranceMode='absolute'"
	    " tolerance='0.1'>" VAR("A") VAR("B") "</equal>",
	    "A=1.5;B=1.61", "false");
	/* two tolerances: [A - 0, A + 1] = [2, 3] */
	expect(d, "boolean", "<equal toleranceMode='absolute'"
	    " tolerance='0 1'>" VAR("A") VAR("B") "</equal>",
	    "A=2;B=1.99", "false");
	expect(d, "boolean", "<equal toleranceMode='absolute'"
	    " tolerance='0 1'>" VAR("A") VAR("B") "</equal>",
	    "A=2;B=3", "true");
	/* the upper end left out: B = 3 is not in [2, 3) */
	expect(d, "boolean", "<equal toleranceMode='absolute'"
	    " tolerance='0 1' includeUpperBound='false'>" VAR("A") VAR("B")
	    "</equal>", "A=2;B=3", "false");
	/* relative 10 around the first operand: [90, 110] contains 105 */
	expect(d, "boolean", "<equal toleranceMode='relative'"
	    " tolerance='10'>" VAR("A") VAR("B") "</equal>",
	    "A=100;B=105", "true");
	/* the range is around the first operand: [81, 99] does not
	 * contain 100, but with the operands swapped [90, 110] contains 90 */
	expect(d, "boolean", "<equal toleranceMode='relative'"
	    " tolerance='10'>" VAR("A") VAR("B") "</equal>",
	    "A=90;B=100", "false");
	expect(d, "boolean", "<equal toleranceMode='relative'"
	    " tolerance='10'>" VAR("A") VAR("B") "</equal>",
	    "A=100;B=90", "true");
	/* NULL operand: NULL */
	expect(d, "boolean", "<equal>" VAR("A") VAR("B") "</equal>",
	    "A=1", "NULL");
}

static void
test_comparisons(void **state)
{
	const char *d = RESP("I", "single", "integer");

	/* 3 > 2, 3 >= 3, 3 < 2 false, 3 <= 3 */
	expect(d, "boolean", "<gt>" VAR("I") BASE("integer", "2") "</gt>",
	    "I=3", "true");
	expect(d, "boolean", "<gte>" VAR("I") BASE("float", "3.0")
	    "</gte>", "I=3", "true");
	expect(d, "boolean", "<lt>" VAR("I") BASE("integer", "2") "</lt>",
	    "I=3", "false");
	expect(d, "boolean", "<lte>" VAR("I") BASE("integer", "3")
	    "</lte>", "I=3", "true");
	/* NULL compares to NULL */
	expect(d, "boolean", "<gt>" VAR("I") BASE("integer", "2") "</gt>",
	    "", "NULL");
}

static void
test_arithmetic(void **state)
{
	const char *d = RESP("I", "single", "integer");

	/* 2 * 3 * 4 = 24 */
	expect(d, "integer", "<product>" BASE("integer", "2") VAR("I")
	    BASE("integer", "4") "</product>", "I=3", "24");
	/* 2 - 3.5 = -1.5 */
	expect(d, "float", "<subtract>" BASE("integer", "2")
	    BASE("float", "3.5") "</subtract>", "", "-1.5");
	/* 1 / 0 is NULL */
	expect(d, "float", "<divide>" BASE("integer", "1") VAR("I")
	    "</divide>", "I=0", "NULL");
	/* -7 integerDivide 2 rounds down: -4; modulus -7 - (-4 * 2) = 1 */
	expect(d, "integer", "<integerDivide>" VAR("I")
	    BASE("integer", "2") "</integerDivide>", "I=-7", "-4");
	expect(d, "integer", "<integerModulus>" VAR("I")
	    BASE("integer", "2") "</integerModulus>", "I=-7", "1");
	/* integerDivide by 0 is NULL */
	expect(d, "integer", "<integerDivide>" VAR("I")
	    BASE("integer", "0") "</integerDivide>", "I=5", "NULL");
	/* round: 6.5 -> 7, -6.5 -> -6, 6.49 -> 6; truncate -6.7 -> -6 */
	expect(d, "integer", "<round>" BASE("float", "6.5") "</round>", "",
	    "7");
	expect(d, "integer", "<round>" BASE("float", "-6.5") "</round>",
	    "", "-6");
	expect(d, "integer", "<round>" BASE("float", "6.49") "</round>",
	    "", "6");
	expect(d, "integer", "<truncate>" BASE("float", "-6.7")
	    "</truncate>", "", "-6");
	/* integerToFloat 3 is float 3 */
	expect(d, "float", "<integerToFloat>" VAR("I") "</integerToFloat>",
	    "I=3", "3");
	/* max and min mix integer and float: float results */
	expect(d, "float", "<max>" BASE("integer", "2") BASE("float", "2.5")
	    "</max>", "", "2.5");
	expect(d, "integer", "<min>" BASE("integer", "2") VAR("I")
	    "</min>", "I=-1", "-1");
	/* 2^63 - 1 + 1 overflows: NULL */
	expect(d, "integer", "<sum>" BASE("integer", "9223372036854775807")
	    BASE("integer", "1") "</sum>", "", "NULL");
	/* sum over a container's values: 1 + 2 + 3 */
	expect(d, "integer", "<sum><multiple>" BASE("integer", "1")
	    BASE("integer", "2") BASE("integer", "3") "</multiple></sum>",
	    "", "6");
}

static void
test_containers(void **state)
{
	const char *d = RESP("M", "multiple", "identifier")
	    RESP("O", "ordered", "identifier")
	    RESP("S", "single", "identifier");

	/* unordered: [A,B,C] contains [C,A] */
	expect(d, "boolean", "<contains>" VAR("M") "<multiple>"
	    BASE("identifier", "C") BASE("identifier", "A")
	    "</multiple></contains>", "M=A|B|C", "true");
	/* [A,B,C] does not contain [B,B], but [A,B,B,C] does */
	expect(d, "boolean", "<contains>" VAR("M") "<multiple>"
	    BASE("identifier", "B") BASE("identifier", "B")
	    "</multiple></contains>", "M=A|B|C", "false");
	expect(d, "boolean", "<contains>" VAR("M") "<multiple>"
	    BASE("identifier", "B") BASE("identifier", "B")
	    "</multiple></contains>", "M=A|B|B|C", "true");
	/* ordered: [A,B,C] contains [B,C] but not [C,A] or [A,C] */
	expect(d, "boolean", "<contains>" VAR("O") "<ordered>"
	    BASE("identifier", "B") BASE("identifier", "C")
	    "</ordered></contains>", "O=A|B|C", "true");
	expect(d, "boolean", "<contains>" VAR("O") "<ordered>"
	    BASE("identifier", "A") BASE("identifier", "C")
	    "</ordered></contains>", "O=A|B|C", "false");
	/* member */
	expect(d, "boolean", "<member>" VAR("S") VAR("M") "</member>",
	    "S=B;M=A|B", "true");
	expect(d, "boolean", "<member>" VAR("S") VAR("M") "</member>",
	    "S=C;M=A|B", "false");
	/* delete removes every B */
	expect(d, "integer", "<containerSize><delete>"
	    BASE("identifier", "B") VAR("M") "</delete></containerSize>",
	    "M=A|B|C|B", "2");
	/* index 2 of [A,B,C] is B; index 4 is NULL */
	expect(d, "identifier", "<index n='2'>" VAR("O") "</index>",
	    "O=A|B|C", "B");
	expect(d, "identifier", "<index n='4'>" VAR("O") "</index>",
	    "O=A|B|C", "NULL");
	/* multiple leaves NULL operands out and flattens containers */
	expect(d, "integer", "<containerSize><multiple>" VAR("S") VAR("M")
	    BASE("identifier", "Z") "</multiple></containerSize>",
	    "M=A|B", "3");
	/* a multiple of NULLs is NULL */
	expect(d, "boolean", "<isNull><multiple>" VAR("S")
	    "</multiple></isNull>", "", "true");
	/* match of multiple containers counts repeats: [A,A] is not [A] */
	expect(d, "boolean", "<match>" VAR("M") "<multiple>"
	    BASE("identifier", "A") "</multiple></match>", "M=A|A",
	    "false");
	expect(d, "boolean", "<match>" VAR("M") "<multiple>"
	    BASE("identifier", "B") BASE("identifier", "A")
	    "</multiple></match>", "M=A|B", "true");
}

static void
test_index_from_variable(void **state)
{
	/* n='{K}' takes the index from K = 3: C */
	expect(RESP("O", "ordered", "identifier") RESP("K", "single",
	    "integer"), "identifier", "<index n='{K}'>" VAR("O") "</index>",
	    "O=A|B|C;K=3", "C");
}

static void
test_strings(void **state)
{
	const char *d = RESP("T", "single", "string");

	/* stringMatch with and without case */
	expect(d, "boolean", "<stringMatch caseSensitive='true'>" VAR("T")
	    BASE("string", "York") "</stringMatch>", "T=york", "false");
	expect(d, "boolean", "<stringMatch caseSensitive='false'>" VAR("T")
	    BASE("string", "York") "</stringMatch>", "T=york", "true");
	/* deprecated substring='true': does the first contain the second */
	expect(d, "boolean", "<stringMatch caseSensitive='false'"
	    " substring='true'>" VAR("T") BASE("string", "york")
	    "</stringMatch>", "T=New York", "true");
	/* substring: is the first in the second */
	expect(d, "boolean", "<substring caseSensitive='false'>"
	    BASE("string", "YORK") VAR("T") "</substring>", "T=New York",
	    "true");
	expect(d, "boolean", "<substring>" BASE("string", "YORK") VAR("T")
	    "</substring>", "T=New York", "false");
	/* patternMatch matches the whole string */
	expect(d, "boolean", "<patternMatch pattern='[0-9]{3}'>" VAR("T")
	    "</patternMatch>", "T=123", "true");
	expect(d, "boolean", "<patternMatch pattern='[0-9]{3}'>" VAR("T")
	    "</patternMatch>", "T=1234", "false");
	/* NULL string: NULL */
	expect(d, "boolean", "<patternMatch pattern='.*'>" VAR("T")
	    "</patternMatch>", "", "NULL");
}

static void
test_any_n(void **state)
{
	const char *d = RESP("B", "single", "boolean");

	/* 2 true, 1 NULL, min 2 max 3: true whatever the NULL is */
	expect(d, "boolean", "<anyN min='2' max='3'>" BASE("boolean",
	    "true") BASE("boolean", "true") VAR("B") "</anyN>", "", "true");
	/* 2 true, 1 NULL, min 2 max 2: NULL (the NULL may be true) */
	expect(d, "boolean", "<anyN min='2' max='2'>" BASE("boolean",
	    "true") BASE("boolean", "true") VAR("B") "</anyN>", "", "NULL");
	/* 2 true, 1 false, min 3: false */
	expect(d, "boolean", "<anyN min='3' max='3'>" BASE("boolean",
	    "true") BASE("boolean", "true") VAR("B") "</anyN>", "B=false",
	    "false");
}

static void
test_record_field(void **state)
{
	/* a record outcome's default read with fieldValue */
	expect("<outcomeDeclaration identifier='REC' cardinality='record'>"
	    "<defaultValue><value fieldIdentifier='x' baseType='float'>2.5"
	    "</value><value fieldIdentifier='n' baseType='integer'>4"
	    "</value></defaultValue></outcomeDeclaration>", "float",
	    "<fieldValue fieldIdentifier='x'>" VAR("REC") "</fieldValue>",
	    "", "2.5");
	expect("<outcomeDeclaration identifier='REC' cardinality='record'>"
	    "<defaultValue><value fieldIdentifier='x' baseType='float'>2.5"
	    "</value></defaultValue></outcomeDeclaration>", "float",
	    "<fieldValue fieldIdentifier='y'>" VAR("REC") "</fieldValue>",
	    "", "NULL");
}

static void
test_inside_shapes(void **state)
{
	const char *d = RESP("P", "single", "point");

	/* rect 0,0 to 10,10 contains 10 10 (edges count) */
	expect(d, "boolean", "<inside shape='rect' coords='0,0,10,10'>"
	    VAR("P") "</inside>", "P=10 10", "true");
	/* circle at 5,5 radius 2 does not contain 8 5 */
	expect(d, "boolean", "<inside shape='circle' coords='5,5,2'>"
	    VAR("P") "</inside>", "P=8 5", "false");
	/* triangle 0,0 10,0 0,10 contains 2 2, not 8 8 */
	expect(d, "boolean", "<inside shape='poly' coords='0,0,10,0,0,10'>"
	    VAR("P") "</inside>", "P=2 2", "true");
	expect(d, "boolean", "<inside shape='poly' coords='0,0,10,0,0,10'>"
	    VAR("P") "</inside>", "P=8 8", "false");
	/* ellipse at 0,0 radii 4 and 2 contains 3 1 (9/16 + 1/4 < 1) */
	expect(d, "boolean", "<inside shape='ellipse' coords='0,0,4,2'>"
	    VAR("P") "</inside>", "P=3 1", "true");
}

static void
test_map_response_point(void **state)
{
	struct rp_item *item = rpf_item(
	    "<responseDeclaration identifier='RESPONSE'"
	    " cardinality='multiple' baseType='point'>"
	    "<areaMapping defaultValue='-1' lowerBound='-1.5'>"
	    "<areaMapEntry shape='rect' coords='0,0,10,10' mappedValue='2'/>"
	    "<areaMapEntry shape='circle' coords='20,20,5'"
	    " mappedValue='1'/></areaMapping></responseDeclaration>"
	    OUT("SCORE", "float"),
	    "<responseProcessing template='http://www.imsglobal.org/"
	    "question/qti_v2p1/rptemplates/map_response_point'/>");

	/* one point in each area: 2 + 1 */
	rpf_check_float(item, "RESPONSE=5 5|20 21", "SCORE", 3);
	/* two points in the rect count it once: 2 */
	rpf_check_float(item, "RESPONSE=5 5|6 6", "SCORE", 2);
	/* a point in no area adds defaultValue: 2 - 1 */
	rpf_check_float(item, "RESPONSE=5 5|50 50", "SCORE", 1);
	/* two points outside: -1 - 1 = -2, lowerBound -1.5 */
	rpf_check_float(item, "RESPONSE=50 50|60 60", "SCORE", -1.5);
	rp_item_free(item);
}

static void
test_run_errors(void **state)
{
	struct rp_item *item;

	/* a sum of identifiers is no number */
	item = rpf_item(RESP("R", "single", "identifier") OUT("S", "float"),
	    RP(SET("S", "<sum>" VAR("R") "</sum>")));
	assert_non_null(strstr(rpf_run_error(item, "R=A"),
	    "identifier, not a number"));
	rp_item_free(item);
	/* match of a single value against a container */
	item = rpf_item(RESP("R", "single", "identifier")
	    RESP("M", "multiple", "identifier") OUT("B", "boolean"),
	    RP(SET("B", "<match>" VAR("R") VAR("M") "</match>")));
	assert_non_null(strstr(rpf_run_error(item, "R=A;M=A"),
	    "cardinalities single and multiple"));
	rp_item_free(item);
	/* match of an identifier against a string */
	item = rpf_item(RESP("R", "single", "identifier") OUT("B", "boolean"),
	    RP(SET("B", "<match>" VAR("R") BASE("string", "A") "</match>")));
	assert_non_null(strstr(rpf_run_error(item, "R=A"),
	    "base types identifier and string"));
	rp_item_free(item);
	/* a container set to a single outcome */
	item = rpf_item(RESP("M", "multiple", "identifier")
	    OUT("X", "identifier"), RP(SET("X", VAR("M"))));
	assert_non_null(strstr(rpf_run_error(item, "M=A|B"),
	    "'X' is single, not multiple"));
	rp_item_free(item);
	/* a pattern libxml2 cannot compile */
	item = rpf_item(RESP("T", "single", "string") OUT("B", "boolean"),
	    RP(SET("B", "<patternMatch pattern='[a-'>" VAR("T")
	    "</patternMatch>")));
	assert_non_null(strstr(rpf_run_error(item, "T=x"),
	    "is not a valid pattern"));
	rp_item_free(item);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_tolerance),
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_index_from_variable),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_any_n),
		cmocka_unit_test(test_record_field),
		cmocka_unit_test(test_inside_shapes),
		cmocka_unit_test(test_map_response_point),
		cmocka_unit_test(test_run_errors),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
