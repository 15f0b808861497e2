/*
 * Choice order per attempt: a true permutation, fixed choices in place,
 * the item's order when it does not shuffle, stored orders checked on
 * resume, and different orders over many attempts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "shuffle.h"

#define QTI_NS	"http://www.imsglobal.org/xsd/imsqti_v2p1"
#define RUNS	400

static struct qti_item *
item_from(const char *decl, const char *body)
{
	char err[ERR_LEN], *xml;
	struct qti_item *item;

	if (asprintf(&xml, "<assessmentItem xmlns='" QTI_NS "'"
	    " identifier='it' title='T' adaptive='false'"
	    " timeDependent='false'>%s<itemBody>%s</itemBody>"
	    "</assessmentItem>", decl, body) < 0)
		abort();
	item = qti_item_parse(xml, strlen(xml), "it.xml", err);
	free(xml);
	assert_non_null(item);
	assert_int_equal(item->problems.n, 0);
	return (item);
}

/* Six choices; b and e are fixed. */
static struct qti_item *
choice_item(int shuffle)
{
	char body[1024];

	snprintf(body, sizeof body, "<choiceInteraction"
	    " responseIdentifier='R' shuffle='%s' maxChoices='1'>"
	    "<simpleChoice identifier='a'>A</simpleChoice>"
	    "<simpleChoice identifier='b' fixed='true'>B</simpleChoice>"
	    "<simpleChoice identifier='c'>C</simpleChoice>"
	    "<simpleChoice identifier='d'>D</simpleChoice>"
	    "<simpleChoice identifier='e' fixed='true'>E</simpleChoice>"
	    "<simpleChoice identifier='f'>F</simpleChoice>"
	    "</choiceInteraction>", shuffle ? "true" : "false");
	return (item_from("<responseDeclaration identifier='R'"
	    " cardinality='single' baseType='identifier'/>", body));
}

static struct qti_item *
match_item(void)
{
	return (item_from("<responseDeclaration identifier='M'"
	    " cardinality='multiple' baseType='directedPair'/>",
	    "<matchInteraction responseIdentifier='M' shuffle='true'"
	    " maxAssociations='0'><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='p' matchMax='1'>P"
	    "</simpleAssociableChoice><simpleAssociableChoice identifier='q'"
	    " matchMax='1' fixed='true'>Q</simpleAssociableChoice>"
	    "<simpleAssociableChoice identifier='r' matchMax='1'>R"
	    "</simpleAssociableChoice></simpleMatchSet><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='x' matchMax='1'>X"
	    "</simpleAssociableChoice><simpleAssociableChoice identifier='y'"
	    " matchMax='1'>Y</simpleAssociableChoice></simpleMatchSet>"
	    "</matchInteraction>"));
}

static void
join(char *out, size_t len, char **ids, size_t n)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(out, ids[i], len - strlen(out) - 1);
		strncat(out, " ", len - strlen(out) - 1);
	}
}

static void
test_permutation_keeps_fixed(void **state)
{
	struct qti_item *item = choice_item(1);
	const struct qti_interaction *in = &item->interactions[0];
	char err[ERR_LEN], **ids, seen[7];
	size_t n, i, run;

	for (run = 0; run < RUNS; run++) {
		assert_int_equal(shuffle_order(in, &ids, &n, err), 0);
		assert_int_equal(n, 6);
		memset(seen, 0, sizeof seen);
		for (i = 0; i < n; i++) {
			assert_int_equal(strlen(ids[i]), 1);
			assert_true(ids[i][0] >= 'a' && ids[i][0] <= 'f');
			assert_int_equal(seen[ids[i][0] - 'a']++, 0);
		}
		assert_string_equal(ids[1], "b");
		assert_string_equal(ids[4], "e");
		assert_int_equal(shuffle_check(in,
		    (const char *const *)ids, n, err), 0);
		shuffle_free(ids, n);
	}
	qti_item_free(item);
}

/* 4 free choices have 24 orders; many runs must show most of them. */
static void
test_orders_differ(void **state)
{
	struct qti_item *item = choice_item(1);
	const struct qti_interaction *in = &item->interactions[0];
	char err[ERR_LEN], **ids, orders[24][32], line[32];
	size_t n, i, run, distinct = 0;

	for (run = 0; run < RUNS; run++) {
		assert_int_equal(shuffle_order(in, &ids, &n, err), 0);
		join(line, sizeof line, ids, n);
		shuffle_free(ids, n);
		for (i = 0; i < distinct; i++)
			if (strcmp(orders[i], line) == 0)
				break;
		if (i == distinct) {
			assert_true(distinct < 24);
			strcpy(orders[distinct++], line);
		}
	}
	/* Missing more than 4 of 24 orders in 400 fair draws has a chance
	 * below 1e-15. */
	assert_true(distinct >= 20);
	qti_item_free(item);
}

static void
test_no_shuffle_keeps_order(void **state)
{
	struct qti_item *item = choice_item(0);
	const struct qti_interaction *in = &item->interactions[0];
	const char *moved[] = { "c", "b", "a", "d", "e", "f" };
	char err[ERR_LEN], **ids, line[32];
	size_t n;

	assert_int_equal(shuffle_order(in, &ids, &n, err), 0);
	join(line, sizeof line, ids, n);
	assert_string_equal(line, "a b c d e f ");
	assert_int_equal(shuffle_check(in, (const char *const *)ids, n, err),
	    0);
	shuffle_free(ids, n);
	assert_int_equal(shuffle_check(in, moved, 6, err), -1);
	assert_string_equal(err, "choice 'c' moved, but the interaction does"
	    " not shuffle");
	qti_item_free(item);
}

static void
expect_bad(const struct qti_interaction *in, const char *const *ids,
    size_t n, const char *want)
{
	char err[ERR_LEN];

	assert_int_equal(shuffle_check(in, ids, n, err), -1);
	assert_string_equal(err, want);
}

static void
test_check_rejects(void **state)
{
	struct qti_item *item = choice_item(1);
	const struct qti_interaction *in = &item->interactions[0];
	const char *good[] = { "f", "b", "d", "a", "e", "c" };
	const char *fixed_moved[] = { "b", "a", "c", "d", "e", "f" };
	const char *twice[] = { "a", "b", "a", "d", "e", "f" };
	const char *unknown[] = { "a", "b", "z", "d", "e", "f" };
	char err[ERR_LEN];

	assert_int_equal(shuffle_check(in, good, 6, err), 0);
	expect_bad(in, good, 5, "the order has 5 choices; the item has 6");
	expect_bad(in, fixed_moved, 6, "fixed choice 'b' moved from position"
	    " 2 to 1");
	expect_bad(in, twice, 6, "choice 'a' appears twice");
	expect_bad(in, unknown, 6, "choice 'z' is not in the item");
	qti_item_free(item);
}

static void
test_match_sets(void **state)
{
	struct qti_item *item = match_item();
	const struct qti_interaction *in = &item->interactions[0];
	const char *crossed[] = { "p", "q", "x", "r", "y" };
	char err[ERR_LEN], **ids;
	size_t n, run, i;
	int first_x = 0;

	assert_int_equal(shuffle_count(in), 5);
	for (run = 0; run < RUNS; run++) {
		assert_int_equal(shuffle_order(in, &ids, &n, err), 0);
		assert_int_equal(n, 5);
		assert_string_equal(ids[1], "q");
		for (i = 0; i < 3; i++)
			assert_true(strchr("pqr", ids[i][0]) != NULL);
		for (i = 3; i < 5; i++)
			assert_true(strchr("xy", ids[i][0]) != NULL);
		first_x += strcmp(ids[3], "x") == 0;
		assert_int_equal(shuffle_check(in,
		    (const char *const *)ids, n, err), 0);
		shuffle_free(ids, n);
	}
	assert_true(first_x > 0 && first_x < RUNS);
	expect_bad(in, crossed, 5, "choice 'x' is not in the item");
	qti_item_free(item);
}

static void
test_item_orders(void **state)
{
	struct qti_item *item = item_from("<responseDeclaration"
	    " identifier='R' cardinality='single' baseType='identifier'/>"
	    "<responseDeclaration identifier='S' cardinality='single'"
	    " baseType='string'/><responseDeclaration identifier='O'"
	    " cardinality='ordered' baseType='identifier'/>",
	    "<p><inlineChoiceInteraction responseIdentifier='R'"
	    " shuffle='true'><inlineChoice identifier='a'>A</inlineChoice>"
	    "<inlineChoice identifier='b'>B</inlineChoice>"
	    "</inlineChoiceInteraction><textEntryInteraction"
	    " responseIdentifier='S'/></p><orderInteraction"
	    " responseIdentifier='O' shuffle='false'><simpleChoice"
	    " identifier='x'>X</simpleChoice></orderInteraction>");
	struct attempt_order *orders;
	char err[ERR_LEN];
	size_t n;

	assert_int_equal(shuffle_item(item, &orders, &n, err), 0);
	/* Only the inline choice shuffles. */
	assert_int_equal(n, 1);
	assert_string_equal(orders[0].item, "it");
	assert_string_equal(orders[0].response, "R");
	assert_int_equal(orders[0].nchoices, 2);
	assert_int_equal(shuffle_check(&item->interactions[0],
	    (const char *const *)orders[0].choices, orders[0].nchoices, err),
	    0);
	shuffle_orders_free(orders, n);
	qti_item_free(item);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permutation_keeps_fixed),
		cmocka_unit_test(test_orders_differ),
		cmocka_unit_test(test_no_shuffle_keeps_order),
		cmocka_unit_test(test_check_rejects),
		cmocka_unit_test(test_match_sets),
		cmocka_unit_test(test_item_orders),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
