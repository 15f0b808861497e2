/*
 * Stripping: what seal_strip cuts from items and tests, what it
 * leaves, and what the marking key records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sodium.h>

#include "pkg.h"
#include "seal.h"
#include "seal_fixtures.h"

struct fx {
	unsigned char		*zip;
	size_t			 zip_len;
	struct seal_stripped	 out;
};

static int
setup(void **state)
{
	struct seal_strip_args args = { "fixture-test", 2, "60%" };
	struct fx *fx = calloc(1, sizeof *fx);
	char err[ERR_LEN];

	fx->zip = fx_zip(fx_files, FX_NFILES, &fx->zip_len);
	if (seal_strip(fx->zip, fx->zip_len, &args, &fx->out, err) != 0)
		fail_msg("%s", err);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	seal_stripped_free(&fx->out);
	free(fx->zip);
	free(fx);
	return (0);
}

static void
assert_absent(const char *text, const char *what)
{
	if (strstr(text, what) != NULL)
		fail_msg("\"%s\" is still there:\n%s", what, text);
}

static void
assert_present(const char *text, const char *what)
{
	if (strstr(text, what) == NULL)
		fail_msg("\"%s\" is missing:\n%s", what, text);
}

static void
item_loses_answers(void **state)
{
	struct fx *fx = *state;
	char *q1 = fx_unzip(fx->out.zip, fx->out.zip_len, "items/q1.xml");
	static const char *gone[] = { "correctResponse", "<mapping",
	    "mapEntry", "responseProcessing", "modalFeedback",
	    "feedbackInline", "feedbackBlock", "matchTable", "Only B scores",
	    "interpretation", "Right.", "Oslo is the capital" };
	size_t i;

	assert_non_null(q1);
	for (i = 0; i < sizeof gone / sizeof gone[0]; i++)
		assert_absent(q1, gone[i]);
	free(q1);
}

static void
item_keeps_body(void **state)
{
	struct fx *fx = *state;
	char *q1 = fx_unzip(fx->out.zip, fx->out.zip_len, "items/q1.xml");
	static const char *kept[] = { "responseDeclaration",
	    "identifier=\"RESPONSE\"", "outcomeDeclaration", "<defaultValue>",
	    "Which city is the capital of Norway?", "choiceInteraction",
	    "Bergen", "Oslo", "Trondheim", "<prompt>Choose one.</prompt>" };
	size_t i;

	for (i = 0; i < sizeof kept / sizeof kept[0]; i++)
		assert_present(q1, kept[i]);
	free(q1);
}

static void
custom_processing_removed(void **state)
{
	struct fx *fx = *state;
	char *q2 = fx_unzip(fx->out.zip, fx->out.zip_len, "items/q2.xml");

	assert_absent(q2, "responseProcessing");
	assert_absent(q2, "<correct ");
	assert_absent(q2, "<value>4</value>");
	assert_present(q2, "textEntryInteraction");
	free(q2);
}

static void
test_loses_scoring(void **state)
{
	struct fx *fx = *state;
	char *t = fx_unzip(fx->out.zip, fx->out.zip_len, "test.xml");

	assert_absent(t, "outcomeProcessing");
	assert_absent(t, "testFeedback");
	assert_absent(t, "The pass mark");
	assert_absent(t, "Accept Oslo only");
	assert_absent(t, "interpretation");
	assert_present(t, "Answer every question.");
	assert_present(t, "assessmentItemRef identifier=\"q2\"");
	assert_present(t, "timeLimits");
	free(t);
}

static void
other_files_unchanged(void **state)
{
	struct fx *fx = *state;
	char *css = fx_unzip(fx->out.zip, fx->out.zip_len, "style/item.css");
	char *man = fx_unzip(fx->out.zip, fx->out.zip_len, "imsmanifest.xml");

	assert_string_equal(css, fx_css);
	assert_string_equal(man, fx_manifest);
	free(css);
	free(man);
}

static void
counts(void **state)
{
	struct fx *fx = *state;

	/*
	 * q1: correctResponse, mapping, matchTable, feedbackInline,
	 * feedbackBlock, rubricBlock, responseProcessing, modalFeedback and
	 * an interpretation; q2: correctResponse and responseProcessing;
	 * the test: rubricBlock, testFeedback, outcomeProcessing and an
	 * interpretation.
	 */
	assert_int_equal(fx->out.nitems, 2);
	assert_int_equal(fx->out.nremoved, 9 + 2 + 4);
}

/* Evaluate an XPath on the key and return how many nodes match. */
static int
key_count(xmlDoc *doc, const char *xpath)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *obj;
	int n;

	xmlXPathRegisterNs(ctx, (const xmlChar *)"k",
	    (const xmlChar *)"urn:examstick:marking-key:1");
	xmlXPathRegisterNs(ctx, (const xmlChar *)"q", (const xmlChar *)FX_QTI);
	obj = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	assert_non_null(obj);
	n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (n);
}

static void
marking_key_contents(void **state)
{
	struct fx *fx = *state;
	unsigned char hash[32];
	char hex[65], *want;
	xmlDoc *doc;

	doc = xmlReadMemory(fx->out.marking_key, (int)fx->out.key_len,
	    "key.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(key_count(doc, "/k:markingKey[@test='fixture-test'"
	    " and @version='2' and @passMark='60%']"), 1);
	crypto_generichash(hash, 32, fx->out.zip, fx->out.zip_len, NULL, 0);
	util_hex(hash, 32, hex, 0);
	if (asprintf(&want, "/k:markingKey[@zip='%s']", hex) < 0)
		abort();
	assert_int_equal(key_count(doc, want), 1);
	free(want);
	assert_int_equal(key_count(doc, "//k:file"), 3);
	assert_int_equal(key_count(doc, "//k:file[@path='items/q1.xml' and"
	    " @root='assessmentItem' and @identifier='q1']/k:removed"), 8);
	assert_int_equal(key_count(doc, "//k:file[@path='items/q1.xml']"
	    "/k:removed/q:correctResponse/q:value[.='B']"), 1);
	assert_int_equal(key_count(doc, "//k:file[@path='items/q1.xml']"
	    "/k:removedAttribute[@name='interpretation' and"
	    " @value='1 for Oslo']"), 1);
	assert_int_equal(key_count(doc, "//k:file[@path='items/q2.xml']"
	    "/k:removed/q:responseProcessing"), 1);
	assert_int_equal(key_count(doc, "//k:file[@path='test.xml']"
	    "/k:removed/q:outcomeProcessing"), 1);
	xmlFreeDoc(doc);
}

/* Each removed element's path finds it in the original file. */
static void
marking_key_paths(void **state)
{
	struct fx *fx = *state;
	char *q1 = fx_unzip(fx->zip, fx->zip_len, "items/q1.xml");
	xmlDoc *key, *item;
	xmlXPathContext *kctx, *ictx;
	xmlXPathObject *paths, *hit;
	xmlChar *path;
	int i;

	key = xmlReadMemory(fx->out.marking_key, (int)fx->out.key_len,
	    "key.xml", NULL, XML_PARSE_NONET);
	item = xmlReadMemory(q1, (int)strlen(q1), "q1.xml", NULL,
	    XML_PARSE_NONET);
	kctx = xmlXPathNewContext(key);
	ictx = xmlXPathNewContext(item);
	xmlXPathRegisterNs(kctx, (const xmlChar *)"k",
	    (const xmlChar *)"urn:examstick:marking-key:1");
	paths = xmlXPathEvalExpression((const xmlChar *)
	    "//k:file[@path='items/q1.xml']/k:removed", kctx);
	assert_int_equal(paths->nodesetval->nodeNr, 8);
	for (i = 0; i < paths->nodesetval->nodeNr; i++) {
		path = xmlGetProp(paths->nodesetval->nodeTab[i],
		    (const xmlChar *)"path");
		hit = xmlXPathEvalExpression(path, ictx);
		assert_non_null(hit);
		assert_int_equal(hit->nodesetval->nodeNr, 1);
		assert_string_equal(hit->nodesetval->nodeTab[0]->name,
		    xmlFirstElementChild(
		    paths->nodesetval->nodeTab[i])->name);
		xmlXPathFreeObject(hit);
		xmlFree(path);
	}
	xmlXPathFreeObject(paths);
	xmlXPathFreeContext(kctx);
	xmlXPathFreeContext(ictx);
	xmlFreeDoc(key);
	xmlFreeDoc(item);
	free(q1);
}

/* The stripped package still opens, and no item has a correct response. */
static void
stripped_still_deliverable(void **state)
{
	struct fx *fx = *state;
	struct pkg_test *t;
	char err[ERR_LEN];
	size_t i;

	t = pkg_open_buffer(fx->out.zip, fx->out.zip_len, "stripped.zip",
	    NULL, err);
	assert_non_null(t);
	for (i = 0; i < t->problems.n; i++)
		fprintf(stderr, "problem: %s\n", t->problems.lines[i]);
	assert_true(pkg_deliverable(t));
	assert_int_equal(t->nitems, 2);
	for (i = 0; i < t->nitems; i++) {
		assert_int_equal(t->items[i]->has_correct_response, 0);
		assert_int_equal(t->items[i]->has_response_processing, 0);
	}
	pkg_free(t);
}

static void
not_a_zip(void **state)
{
	struct seal_strip_args args = { "x", 1, NULL };
	struct seal_stripped out;
	char err[ERR_LEN];

	(void)state;
	assert_int_equal(seal_strip("PK\3\4garbage", 11, &args, &out, err),
	    -1);
}

/* A file that is not well-formed XML passes through unchanged. */
static void
bad_xml_copied(void **state)
{
	static const struct fx_file files[] = {
		{ "broken.xml", "<assessmentItem><unclosed>" },
		{ "items/q2.xml", fx_q2 },
	};
	struct seal_strip_args args = { "x", 1, NULL };
	struct seal_stripped out;
	unsigned char *zip;
	char err[ERR_LEN], *text;
	size_t len;

	(void)state;
	zip = fx_zip(files, 2, &len);
	assert_int_equal(seal_strip(zip, len, &args, &out, err), 0);
	text = fx_unzip(out.zip, out.zip_len, "broken.xml");
	assert_string_equal(text, files[0].text);
	free(text);
	assert_int_equal(out.nitems, 1);
	assert_null(strstr(out.marking_key, "passMark"));
	seal_stripped_free(&out);
	free(zip);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(item_loses_answers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(item_keeps_body, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(custom_processing_removed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loses_scoring, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(other_files_unchanged, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(counts, setup, teardown),
		cmocka_unit_test_setup_teardown(marking_key_contents, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(marking_key_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(stripped_still_deliverable,
		    setup, teardown),
		cmocka_unit_test(not_a_zip),
		cmocka_unit_test(bad_xml_copied),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
