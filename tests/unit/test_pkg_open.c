/*
 * pkg_open and pkg_open_buffer on packages written here.  They cover a
 * test with sections, rubrics and a time limit, packages of items only,
 * loose folders, and broken packages, whose every problem must be listed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "pkg.h"
#include "pkg_fixtures.h"

#define TEST_XML \
	"<?xml version='1.0'?>\n<assessmentTest xmlns='" FIX_QTI_NS "'" \
	" identifier='exam' title='The exam'><timeLimits maxTime='1799.5'/>" \
	"<testPart identifier='p' navigationMode='nonlinear'" \
	" submissionMode='individual'><assessmentSection identifier='s1'" \
	" title='Part one' visible='true'><rubricBlock view='candidate'>" \
	"<p>Answer all.</p></rubricBlock><rubricBlock view='scorer'><p>No" \
	"</p></rubricBlock><assessmentItemRef identifier='q1'" \
	" href='../items/a%%20b.xml'/><assessmentSection identifier='s1a'" \
	" title='Inner' visible='false'><rubricBlock><p>Inner rubric</p>" \
	"</rubricBlock><assessmentItemRef identifier='q2'" \
	" href='../items/c.xml'/></assessmentSection>" \
	"<assessmentItemRef identifier='q3' href='../items/a%%20b.xml'/>" \
	"</assessmentSection></testPart></assessmentTest>\n"

static struct pkg_test *
open_ok(const char *path)
{
	char err[ERR_LEN];
	struct pkg_test *t = pkg_open(path, NULL, err);

	if (t == NULL)
		print_message("%s: %s\n", path, err);
	assert_non_null(t);
	return (t);
}

static int
has_line(const struct problems *list, const char *want)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strstr(list->lines[i], want) != NULL)
			return (1);
	print_message("no line contains: %s\n", want);
	for (i = 0; i < list->n; i++)
		print_message("  got: %s\n", list->lines[i]);
	return (0);
}

static void
write_test_package(const char *path)
{
	const char *items[] = { "items/a b.xml", "items/c.xml",
	    "items/unused.xml" };
	char *manifest = fix_manifest("tests/test.xml", items, 3);
	char *a = fix_item("same", FIX_CHOICE), *c, *test;
	struct fix_entry e[6];

	c = fix_item("same", "<p>Pick: <inlineChoiceInteraction"
	    " responseIdentifier='R'><inlineChoice identifier='x'>X"
	    "</inlineChoice></inlineChoiceInteraction></p>");
	if (asprintf(&test, TEST_XML) < 0)
		abort();
	e[0] = (struct fix_entry){ "imsmanifest.xml", manifest, NULL };
	e[1] = (struct fix_entry){ "tests/", NULL, NULL };
	e[2] = (struct fix_entry){ "tests/test.xml", test, NULL };
	e[3] = (struct fix_entry){ "items/a b.xml", a, NULL };
	e[4] = (struct fix_entry){ "items/c.xml", c, NULL };
	e[5] = (struct fix_entry){ "items/unused.xml", "<broken", NULL };
	fix_zip(path, e, 6);
	free(manifest);
	free(a);
	free(c);
	free(test);
}

static void
check_test_package(const struct pkg_test *t)
{
	const struct pkg_section *s;

	assert_true(pkg_deliverable(t));
	assert_string_equal(t->identifier, "exam");
	assert_string_equal(t->title, "The exam");
	assert_int_equal(t->time_limit_s, 1800);
	assert_int_equal(t->nitems, 3);
	assert_string_equal(t->items[0]->identifier, "q1");
	assert_string_equal(t->items[0]->href, "items/a b.xml");
	assert_string_equal(t->items[1]->identifier, "q2");
	assert_string_equal(t->items[2]->identifier, "q3");
	assert_string_equal(t->items[2]->declared_identifier, "same");
	assert_ptr_equal(pkg_item(t, "q2"), t->items[1]);
	assert_null(pkg_item(t, "same"));

	/* Runs of items: s1, the inner section, s1 again. */
	assert_int_equal(t->nsections, 3);
	s = &t->sections[0];
	assert_string_equal(s->identifier, "s1");
	assert_string_equal(s->title, "Part one");
	assert_int_equal(s->first, 0);
	assert_int_equal(s->count, 1);
	assert_int_equal(s->rubric.nblocks, 1);
	assert_int_equal(s->rubric.blocks[0].kind, QTI_BLOCK_RUBRIC);
	assert_string_equal(s->rubric.blocks[0].spans[0].text, "Answer all.");
	s = &t->sections[1];
	assert_string_equal(s->identifier, "s1a");
	assert_null(s->title);			/* visible='false' */
	assert_int_equal(s->first, 1);
	assert_int_equal(s->rubric.nblocks, 1);
	s = &t->sections[2];
	assert_string_equal(s->identifier, "s1");
	assert_int_equal(s->first, 2);
	assert_int_equal(s->count, 1);
	assert_int_equal(s->rubric.nblocks, 0);

	/* The broken item is not in the test: left out, with a warning. */
	assert_true(has_line(&t->warnings, "'I2' (items/unused.xml) is not"
	    " in the test"));
}

static void
test_package_with_test(void **state)
{
	struct pkg_test *t;
	char err[ERR_LEN], *buf;
	size_t len;

	write_test_package("exam.zip");
	t = open_ok("exam.zip");
	check_test_package(t);
	pkg_free(t);

	/* The same package from memory, as after decryption. */
	assert_int_equal(util_read_file("exam.zip", 1 << 24, &buf, &len, err),
	    0);
	t = pkg_open_buffer(buf, len, "exam.zip", NULL, err);
	assert_non_null(t);
	check_test_package(t);
	pkg_free(t);
	free(buf);
}

static void
test_items_only_package(void **state)
{
	const char *items[] = { "one.xml", "two.xml" };
	char *manifest = fix_manifest(NULL, items, 2);
	char *one = fix_item("one", FIX_CHOICE), *two = fix_item("two",
	    FIX_CHOICE);
	struct fix_entry e[] = {
		{ "imsmanifest.xml", manifest, NULL },
		{ "one.xml", one, NULL },
		{ "two.xml", two, NULL },
	};
	struct pkg_test *t;

	fix_zip("items.zip", e, 3);
	t = open_ok("items.zip");
	assert_true(pkg_deliverable(t));
	assert_string_equal(t->identifier, "M");
	assert_int_equal(t->nitems, 2);
	assert_string_equal(t->items[1]->identifier, "two");
	assert_int_equal(t->nsections, 1);
	assert_int_equal(t->sections[0].count, 2);
	assert_int_equal(t->time_limit_s, 0);
	pkg_free(t);
	free(manifest);
	free(one);
	free(two);
}

/* One bad item among good ones rejects the package, naming each. */
static void
test_every_problem_listed(void **state)
{
	const char *items[] = { "good.xml", "broken.xml", "drawing.xml",
	    "missing.xml", "good2.xml" };
	char *manifest = fix_manifest(NULL, items, 5);
	char *good = fix_item("good", FIX_CHOICE);
	char *good2 = fix_item("good", FIX_CHOICE);
	char *drawing = fix_item("draw", "<drawingInteraction"
	    " responseIdentifier='R'><object type='image/png'"
	    " data='x.png'/></drawingInteraction>");
	struct fix_entry e[] = {
		{ "imsmanifest.xml", manifest, NULL },
		{ "good.xml", good, NULL },
		{ "broken.xml", "<assessmentItem>\n<p></assessmentItem>",
		    NULL },
		{ "drawing.xml", drawing, NULL },
		{ "good2.xml", good2, NULL },
	};
	struct pkg_test *t;

	fix_zip("bad.zip", e, 5);
	t = open_ok("bad.zip");
	assert_false(pkg_deliverable(t));
	assert_true(has_line(&t->problems, "broken.xml:2:"));
	assert_true(has_line(&t->problems, "drawing.xml: item 'draw':"
	    " drawingInteraction needs a graphical screen"));
	assert_true(has_line(&t->problems, "file 'missing.xml' (line 2) is"
	    " not in the package"));
	assert_true(has_line(&t->problems, "'missing.xml' is not in the"
	    " package"));
	assert_true(has_line(&t->problems, "item identifier 'good' is used"
	    " twice"));
	assert_int_equal(t->problems.n, 5);
	/* The item's own problem is not a package problem. */
	assert_int_equal(t->package_problems.n, 4);
	assert_int_equal(t->nitems, 3);
	pkg_free(t);
	free(manifest);
	free(good);
	free(good2);
	free(drawing);
}

static void
test_test_problems(void **state)
{
	const char *items[] = { "a.xml" };
	char *manifest = fix_manifest("test.xml", items, 1);
	char *a = fix_item("a", FIX_CHOICE);
	const char *test = "<assessmentTest xmlns='" FIX_QTI_NS "'"
	    " identifier='t' title='T'><testPart identifier='p'"
	    " navigationMode='linear' submissionMode='individual'>"
	    "<assessmentSection identifier='s' title='S' visible='true'>"
	    "<selection select='1'/><ordering shuffle='true'/>"
	    "<assessmentItemRef identifier='x' href='a.xml'><branchRule"
	    " target='EXIT_TEST'/></assessmentItemRef>"
	    "<assessmentItemRef identifier='y' href='http://evil/a.xml'/>"
	    "<assessmentItemRef identifier='z' href='../a.xml'/>"
	    "<assessmentSectionRef identifier='r' href='s.xml'/>"
	    "</assessmentSection></testPart></assessmentTest>";
	struct fix_entry e[] = {
		{ "imsmanifest.xml", manifest, NULL },
		{ "test.xml", test, NULL },
		{ "a.xml", a, NULL },
	};
	struct pkg_test *t;

	fix_zip("flow.zip", e, 3);
	t = open_ok("flow.zip");
	assert_false(pkg_deliverable(t));
	assert_true(has_line(&t->problems, "selection picks items"));
	assert_true(has_line(&t->problems, "ordering shuffle is not"));
	assert_true(has_line(&t->problems, "preCondition and branchRule"));
	assert_true(has_line(&t->problems, "'http://evil/a.xml' is a URL"));
	assert_true(has_line(&t->problems, "'../a.xml' goes outside the"
	    " package"));
	assert_true(has_line(&t->problems, "assessmentSectionRef is not"));
	assert_int_equal(t->nitems, 1);
	pkg_free(t);
	free(manifest);
	free(a);
}

static void
test_qti3_resource(void **state)
{
	const char *manifest = "<manifest xmlns='" FIX_CP_NS "'"
	    " identifier='M'><resources><resource identifier='r'"
	    " type='imsqti_item_xmlv3p0' href='i.xml'/></resources>"
	    "</manifest>";
	struct fix_entry e[] = {
		{ "imsmanifest.xml", manifest, NULL },
		{ "i.xml", "<qti-assessment-item/>", NULL },
	};
	struct pkg_test *t;

	fix_zip("qti3.zip", e, 2);
	t = open_ok("qti3.zip");
	assert_true(has_line(&t->problems, "QTI 3.0, which is not supported;"
	    " export as QTI 2.1 or 2.2"));
	pkg_free(t);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* A loose test or manifest finds its files in its own folder. */
static void
test_loose_folder(void **state)
{
	const char *items[] = { "a.xml" };
	char *manifest = fix_manifest(NULL, items, 1);
	char *a = fix_item("a", FIX_CHOICE);
	struct pkg_test *t;

	assert_int_equal(mkdir("loose", 0755), 0);
	write_file("loose/imsmanifest.xml", manifest);
	write_file("loose/a.xml", a);
	t = open_ok("loose");
	assert_true(pkg_deliverable(t));
	assert_int_equal(t->nitems, 1);
	pkg_free(t);

	t = open_ok("loose/imsmanifest.xml");
	assert_true(pkg_deliverable(t));
	pkg_free(t);

	t = open_ok("loose/a.xml");
	assert_true(pkg_deliverable(t));
	assert_string_equal(t->identifier, "a");
	assert_string_equal(t->title, "Item a");
	assert_int_equal(t->nsections, 1);
	pkg_free(t);
	free(manifest);
	free(a);
}

static void
test_buffer_without_folder(void **state)
{
	const char *test = "<assessmentTest xmlns='" FIX_QTI_NS "'"
	    " identifier='t' title='T'><testPart identifier='p'"
	    " navigationMode='linear' submissionMode='individual'>"
	    "<assessmentSection identifier='s' title='S' visible='true'>"
	    "<assessmentItemRef identifier='x' href='a.xml'/>"
	    "</assessmentSection></testPart></assessmentTest>";
	char err[ERR_LEN];
	struct pkg_test *t;

	t = pkg_open_buffer(test, strlen(test), "t.xml", NULL, err);
	assert_non_null(t);
	assert_false(pkg_deliverable(t));
	assert_true(has_line(&t->problems, "assessmentItemRef 'x': 'a.xml'"
	    " is not in the package"));
	pkg_free(t);
}

static void
test_open_errors(void **state)
{
	char err[ERR_LEN];

	assert_null(pkg_open("no-such-file.zip", NULL, err));
	assert_string_equal(err, "no-such-file.zip: No such file or"
	    " directory");
	assert_int_equal(mkdir("empty", 0755), 0);
	assert_null(pkg_open("empty", NULL, err));
	assert_non_null(strstr(err, "empty/imsmanifest.xml"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package_with_test),
		cmocka_unit_test(test_items_only_package),
		cmocka_unit_test(test_every_problem_listed),
		cmocka_unit_test(test_test_problems),
		cmocka_unit_test(test_qti3_resource),
		cmocka_unit_test(test_loose_folder),
		cmocka_unit_test(test_buffer_without_folder),
		cmocka_unit_test(test_open_errors),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
