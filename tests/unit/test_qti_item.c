/*
 * qti_item_parse on items written here: how XHTML becomes blocks and
 * spans, how each interaction is read, which items are rejected and with
 * what reason, and hostile XML (entities, bad encodings, errors that must
 * not reach stderr).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "qti.h"

#define QTI_NS	"http://www.imsglobal.org/xsd/imsqti_v2p1"

#define DECL_ID_SINGLE \
	"<responseDeclaration identifier='R' cardinality='single'" \
	" baseType='identifier'/>"
#define DECL_ID_MULTIPLE \
	"<responseDeclaration identifier='R' cardinality='multiple'" \
	" baseType='identifier'/>"
#define DECL_STRING \
	"<responseDeclaration identifier='R' cardinality='single'" \
	" baseType='string'/>"

static struct qti_item *
parse_item(const char *decls, const char *body, char *err)
{
	struct qti_item *item;
	char *xml;

	if (asprintf(&xml, "<?xml version='1.0' encoding='UTF-8'?>\n"
	    "<assessmentItem xmlns='" QTI_NS "' identifier='t' title='T'"
	    " adaptive='false' timeDependent='false'>%s<itemBody>%s"
	    "</itemBody></assessmentItem>", decls, body) < 0)
		abort();
	err[0] = '\0';
	item = qti_item_parse(xml, strlen(xml), "t.xml", err);
	free(xml);
	return (item);
}

static struct qti_item *
parse_ok(const char *decls, const char *body)
{
	char err[ERR_LEN];
	struct qti_item *item = parse_item(decls, body, err);
	size_t i;

	assert_non_null(item);
	for (i = 0; i < item->problems.n; i++)
		print_message("unexpected problem: %s\n",
		    item->problems.lines[i]);
	assert_int_equal(item->problems.n, 0);
	return (item);
}

/* The item is parsed but not deliverable, and a problem contains want. */
static void
expect_problem(const char *decls, const char *body, const char *want)
{
	char err[ERR_LEN];
	struct qti_item *item = parse_item(decls, body, err);
	size_t i;
	int found = 0;

	assert_non_null(item);
	for (i = 0; i < item->problems.n; i++)
		if (strstr(item->problems.lines[i], want) != NULL)
			found = 1;
	if (!found) {
		print_message("wanted a problem containing: %s\n", want);
		for (i = 0; i < item->problems.n; i++)
			print_message("  got: %s\n", item->problems.lines[i]);
	}
	assert_true(found);
	qti_item_free(item);
}

/* All the text of a block, with breaks as '\n' and cells as '|'. */
static char *
block_text(const struct qti_block *b)
{
	static char out[4096];
	size_t i;

	out[0] = '\0';
	for (i = 0; i < b->nspans; i++) {
		switch (b->spans[i].kind) {
		case QTI_SPAN_TEXT:
			strcat(out, b->spans[i].text);
			break;
		case QTI_SPAN_BREAK:
			strcat(out, "\n");
			break;
		case QTI_SPAN_CELL:
			strcat(out, "|");
			break;
		case QTI_SPAN_INTERACTION:
			strcat(out, "[I]");
			break;
		case QTI_SPAN_GAP:
			strcat(out, "[G]");
			break;
		}
	}
	return (out);
}

static void
test_whitespace_collapsed(void **state)
{
	struct qti_item *item = parse_ok("", "<p>  a \n\t b <em> c </em> d"
	    "</p>\n<p><br/>x<br/><br/></p>");
	const struct qti_block *b;

	assert_int_equal(item->body.nblocks, 2);
	b = &item->body.blocks[0];
	assert_int_equal(b->kind, QTI_BLOCK_PARA);
	assert_string_equal(block_text(b), "a b c d");
	assert_int_equal(b->nspans, 3);
	assert_int_equal(b->spans[1].attrs, QTI_ATTR_EM);
	assert_string_equal(b->spans[1].text, "c ");
	/* No leading or trailing breaks. */
	assert_string_equal(block_text(&item->body.blocks[1]), "x");
	qti_item_free(item);
}

static void
test_inline_attrs(void **state)
{
	struct qti_item *item = parse_ok("", "<p><strong>s</strong><i>e</i>"
	    "<code>c</code>x<sub>2</sub><sup>3</sup><q>q</q></p>");
	const struct qti_block *b = &item->body.blocks[0];

	assert_string_equal(block_text(b),
	    "secx23\xe2\x80\x9cq\xe2\x80\x9d");
	assert_int_equal(b->spans[0].attrs, QTI_ATTR_STRONG);
	assert_int_equal(b->spans[1].attrs, QTI_ATTR_EM);
	assert_int_equal(b->spans[2].attrs, QTI_ATTR_CODE);
	assert_int_equal(b->spans[4].attrs, QTI_ATTR_SUB);
	assert_int_equal(b->spans[5].attrs, QTI_ATTR_SUP);
	qti_item_free(item);
}

static void
test_lists_nested(void **state)
{
	struct qti_item *item = parse_ok("", "<ol><li>one</li><li>two"
	    "<ul><li>sub</li></ul>after</li></ol><ol start='5'><li>five"
	    "</li></ol>");
	const struct qti_block *b = item->body.blocks;

	assert_int_equal(item->body.nblocks, 5);
	assert_int_equal(b[0].kind, QTI_BLOCK_LIST_ITEM);
	assert_int_equal(b[0].level, 1);
	assert_int_equal(b[0].number, 1);
	assert_int_equal(b[1].number, 2);
	assert_string_equal(block_text(&b[1]), "two");
	assert_int_equal(b[2].level, 2);
	assert_int_equal(b[2].number, 0);
	assert_int_equal(b[2].cont, 0);
	assert_string_equal(block_text(&b[3]), "after");
	assert_int_equal(b[3].level, 1);
	assert_int_equal(b[3].cont, 1);
	assert_int_equal(b[4].number, 5);
	qti_item_free(item);
}

static void
test_table_rows(void **state)
{
	struct qti_item *item = parse_ok("", "<table><tfoot><tr><td>f</td>"
	    "</tr></tfoot><thead><tr><th>h1</th><th colspan='2'>h2</th></tr>"
	    "</thead><tbody><tr><td>a</td><td><p>b</p><p>c</p></td><td/>"
	    "</tr><tr><td>x</td><td><br/>d<br/><br/>e</td></tr></tbody>"
	    "</table>");
	const struct qti_block *b = item->body.blocks;

	assert_int_equal(item->body.nblocks, 4);
	assert_int_equal(b[0].kind, QTI_BLOCK_TABLE_ROW);
	assert_int_equal(b[0].table, 1);
	assert_string_equal(block_text(&b[0]), "h1|h2|");
	assert_int_equal(b[0].spans[0].attrs, QTI_ATTR_HEADER);
	assert_string_equal(block_text(&b[1]), "a|b\nc|");
	/* No break opens a cell; two in a row leave an empty line. */
	assert_string_equal(block_text(&b[2]), "x|d\n\ne");
	/* The footer comes last, as HTML shows it. */
	assert_string_equal(block_text(&b[3]), "f");
	assert_int_equal(b[3].table, 1);
	qti_item_free(item);
}

static void
test_images_and_objects(void **state)
{
	struct qti_item *item = parse_ok("", "<p>See <img src='a.png'"
	    " alt='A map'/> and <img src='b.png'/></p><object"
	    " type='image/png' data='x.png'>Fallback text</object>"
	    "<p><object type='image/svg' data='y.svg'/></p>");
	const struct qti_block *b = item->body.blocks;

	assert_string_equal(block_text(&b[0]), "See A map and image");
	assert_int_equal(b[0].spans[1].attrs, QTI_ATTR_IMAGE);
	assert_string_equal(b[0].spans[1].text, "A map");
	assert_int_equal(b[0].spans[3].attrs, QTI_ATTR_IMAGE);
	assert_string_equal(block_text(&b[1]), "Fallback text");
	assert_string_equal(block_text(&b[2]), "image");
	assert_int_equal(b[2].spans[0].attrs, QTI_ATTR_IMAGE);
	qti_item_free(item);
}

static void
test_pre_keeps_spaces(void **state)
{
	struct qti_item *item = parse_ok("", "<pre>\nif (x)\n\ty  =  1;"
	    "</pre>");
	const struct qti_block *b = &item->body.blocks[0];

	assert_int_equal(b->kind, QTI_BLOCK_PRE);
	assert_string_equal(block_text(b), "if (x)\n        y  =  1;");
	qti_item_free(item);
}

static void
test_hidden_content(void **state)
{
	struct qti_item *item = parse_ok("<outcomeDeclaration identifier='F'"
	    " cardinality='single' baseType='identifier'/>",
	    "<p>shown<feedbackInline outcomeIdentifier='F' identifier='x'"
	    " showHide='show'>secret</feedbackInline></p>"
	    "<feedbackBlock outcomeIdentifier='F' identifier='y'"
	    " showHide='show'><p>secret</p></feedbackBlock>"
	    "<templateBlock templateIdentifier='T' identifier='z'"
	    " showHide='show'><p>secret</p></templateBlock>"
	    "<rubricBlock view='scorer'><p>secret</p></rubricBlock>"
	    "<rubricBlock view='candidate'><p>read this</p></rubricBlock>");
	size_t i;

	assert_int_equal(item->body.nblocks, 2);
	assert_string_equal(block_text(&item->body.blocks[0]), "shown");
	assert_int_equal(item->body.blocks[1].kind, QTI_BLOCK_RUBRIC);
	assert_string_equal(block_text(&item->body.blocks[1]), "read this");
	for (i = 0; i < item->body.nblocks; i++)
		assert_null(strstr(block_text(&item->body.blocks[i]),
		    "secret"));
	qti_item_free(item);
}

static void
test_rtl_inherited(void **state)
{
	struct qti_item *item = parse_ok(DECL_ID_SINGLE, "<div dir='rtl'>"
	    "<p>\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d</p><choiceInteraction"
	    " responseIdentifier='R'><prompt>p</prompt><simpleChoice"
	    " identifier='a'>x</simpleChoice></choiceInteraction>"
	    "<p dir='ltr'>left</p></div><p>plain</p>");
	const struct qti_interaction *in = &item->interactions[0];

	assert_int_equal(item->body.nblocks, 4);
	assert_int_equal(item->body.blocks[0].rtl, 1);
	assert_int_equal(item->body.blocks[1].kind, QTI_BLOCK_INTERACTION);
	assert_int_equal(item->body.blocks[1].rtl, 1);
	assert_int_equal(item->body.blocks[2].rtl, 0);
	assert_int_equal(item->body.blocks[3].rtl, 0);
	assert_int_equal(in->prompt.blocks[0].rtl, 1);
	assert_int_equal(in->choices[0].content.blocks[0].rtl, 1);
	qti_item_free(item);
}

static void
test_choice_interaction(void **state)
{
	struct qti_item *item = parse_ok(DECL_ID_MULTIPLE,
	    "<choiceInteraction responseIdentifier='R' shuffle='true'"
	    " maxChoices='2' minChoices='1'><prompt>Pick <b>two</b></prompt>"
	    "<simpleChoice identifier='a'>A</simpleChoice>"
	    "<simpleChoice identifier='b' fixed='true'>B</simpleChoice>"
	    "<simpleChoice identifier='c'><p>C1</p><p>C2</p></simpleChoice>"
	    "</choiceInteraction>");
	const struct qti_interaction *in;

	assert_int_equal(item->ninteractions, 1);
	assert_int_equal(item->ninteraction_names, 1);
	assert_string_equal(item->interaction_names[0], "choiceInteraction");
	in = &item->interactions[0];
	assert_int_equal(in->type, QTI_CHOICE);
	assert_string_equal(in->response_id, "R");
	assert_int_equal(in->shuffle, 1);
	assert_int_equal(in->max_choices, 2);
	assert_int_equal(in->min_choices, 1);
	assert_string_equal(block_text(&in->prompt.blocks[0]), "Pick two");
	assert_int_equal(in->nchoices, 3);
	assert_int_equal(in->choices[0].fixed, 0);
	assert_int_equal(in->choices[1].fixed, 1);
	assert_string_equal(in->choices[1].identifier, "b");
	assert_int_equal(in->choices[2].content.nblocks, 2);
	assert_int_equal(item->body.blocks[0].kind, QTI_BLOCK_INTERACTION);
	assert_int_equal(item->body.blocks[0].interaction, 0);
	qti_item_free(item);
}

static void
test_inline_interactions(void **state)
{
	struct qti_item *item = parse_ok(DECL_STRING
	    "<responseDeclaration identifier='S' cardinality='single'"
	    " baseType='identifier'/>",
	    "<p>The sun of <inlineChoiceInteraction responseIdentifier='S'"
	    " required='true'><inlineChoice identifier='y'>York"
	    "</inlineChoice><inlineChoice identifier='l'>Lancaster"
	    "</inlineChoice></inlineChoiceInteraction>; an "
	    "<textEntryInteraction responseIdentifier='R'"
	    " expectedLength='8' placeholderText='word'/>.</p>");
	const struct qti_block *b = &item->body.blocks[0];
	const struct qti_interaction *in;

	assert_int_equal(item->body.nblocks, 1);
	assert_string_equal(block_text(b), "The sun of [I]; an [I].");
	assert_int_equal(b->spans[1].kind, QTI_SPAN_INTERACTION);
	assert_int_equal(b->spans[1].index, 0);
	assert_int_equal(b->spans[3].index, 1);
	in = &item->interactions[0];
	assert_int_equal(in->type, QTI_INLINE_CHOICE);
	assert_int_equal(in->nchoices, 2);
	assert_int_equal(in->min_choices, 1);
	in = &item->interactions[1];
	assert_int_equal(in->type, QTI_TEXT_ENTRY);
	assert_int_equal(in->expected_length, 8);
	assert_string_equal(in->placeholder, "word");
	qti_item_free(item);
}

static void
test_match_and_gap_match(void **state)
{
	struct qti_item *item = parse_ok(
	    "<responseDeclaration identifier='M' cardinality='multiple'"
	    " baseType='directedPair'/><responseDeclaration identifier='G'"
	    " cardinality='multiple' baseType='directedPair'/>",
	    "<matchInteraction responseIdentifier='M' maxAssociations='3'>"
	    "<simpleMatchSet><simpleAssociableChoice identifier='a'"
	    " matchMax='1'>A</simpleAssociableChoice></simpleMatchSet>"
	    "<simpleMatchSet><simpleAssociableChoice identifier='x'"
	    " matchMax='2'>X</simpleAssociableChoice><simpleAssociableChoice"
	    " identifier='y' matchMax='0'>Y</simpleAssociableChoice>"
	    "</simpleMatchSet></matchInteraction>"
	    "<gapMatchInteraction responseIdentifier='G'><prompt>Fill"
	    "</prompt><gapText identifier='w' matchMax='1'>winter</gapText>"
	    "<gapImg identifier='i' matchMax='1' objectLabel='a sun'><object"
	    " type='image/png' data='s.png'/></gapImg><p>Now is the <gap"
	    " identifier='g1'/> of <gap identifier='g2'/>.</p>"
	    "</gapMatchInteraction>");
	const struct qti_interaction *m = &item->interactions[0];
	const struct qti_interaction *g = &item->interactions[1];

	assert_int_equal(m->type, QTI_MATCH);
	assert_int_equal(m->nchoices, 1);
	assert_int_equal(m->ntargets, 2);
	assert_int_equal(m->max_choices, 3);
	assert_int_equal(m->targets[0].match_max, 2);
	assert_int_equal(m->targets[1].match_max, 0);
	assert_int_equal(g->type, QTI_GAP_MATCH);
	assert_int_equal(g->nchoices, 2);
	assert_string_equal(block_text(&g->choices[1].content.blocks[0]),
	    "a sun");
	assert_int_equal(g->ntargets, 2);
	assert_string_equal(g->targets[1].identifier, "g2");
	assert_int_equal(g->content.nblocks, 1);
	assert_string_equal(block_text(&g->content.blocks[0]),
	    "Now is the [G] of [G].");
	assert_int_equal(g->content.blocks[0].spans[1].kind, QTI_SPAN_GAP);
	assert_int_equal(g->content.blocks[0].spans[3].index, 1);
	qti_item_free(item);
}

static void
test_mathml_flattened(void **state)
{
	struct qti_item *item = parse_ok("", "<p>So <m:math xmlns:m="
	    "'http://www.w3.org/1998/Math/MathML'><m:mrow><m:mi>g</m:mi>"
	    "<m:mo>=</m:mo><m:mfrac><m:mn>1</m:mn><m:mrow><m:mn>2</m:mn>"
	    "<m:mo>+</m:mo><m:mi>x</m:mi></m:mrow></m:mfrac><m:msup><m:mi>s"
	    "</m:mi><m:mn>-2</m:mn></m:msup><m:msqrt><m:mn>4</m:mn>"
	    "</m:msqrt></m:mrow></m:math>.</p>");

	assert_string_equal(block_text(&item->body.blocks[0]),
	    "So g = 1/(2 + x)s^(-2)\xe2\x88\x9a" "4.");
	qti_item_free(item);
}

static void
test_mathml_alttext(void **state)
{
	struct qti_item *item = parse_ok("", "<p><math xmlns="
	    "'http://www.w3.org/1998/Math/MathML' alttext='the 2 by 2"
	    " identity'><mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable>"
	    "</math></p>");

	assert_string_equal(block_text(&item->body.blocks[0]),
	    "the 2 by 2 identity");
	qti_item_free(item);
}

static void
test_unsupported_interactions(void **state)
{
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='single' baseType='file'/>",
	    "<drawingInteraction responseIdentifier='R'><object"
	    " type='image/png' data='h.png'/></drawingInteraction>",
	    "item 't': drawingInteraction needs a graphical screen; text mode"
	    " cannot show it");
	expect_problem(DECL_ID_SINGLE, "<hotspotInteraction"
	    " responseIdentifier='R'/>", "hotspotInteraction");
	expect_problem(DECL_ID_SINGLE, "<hottextInteraction"
	    " responseIdentifier='R'><p><hottext identifier='a'>a</hottext>"
	    "</p></hottextInteraction>", "hottextInteraction");
	expect_problem(DECL_ID_SINGLE, "<sliderInteraction"
	    " responseIdentifier='R' lowerBound='0' upperBound='9'/>",
	    "sliderInteraction");
	expect_problem(DECL_ID_SINGLE, "<mediaInteraction"
	    " responseIdentifier='R' autostart='false'/>",
	    "audio or video");
	expect_problem(DECL_ID_SINGLE, "<uploadInteraction"
	    " responseIdentifier='R'/>", "uploadInteraction");
	expect_problem(DECL_ID_SINGLE, "<customInteraction"
	    " responseIdentifier='R'/>", "customInteraction");
	expect_problem(DECL_ID_SINGLE, "<p><endAttemptInteraction"
	    " responseIdentifier='R' title='Hint'/></p>",
	    "endAttemptInteraction");
	expect_problem(DECL_ID_SINGLE, "<selectPointInteraction"
	    " responseIdentifier='R' maxChoices='1'/>",
	    "selectPointInteraction");
	expect_problem(DECL_ID_SINGLE, "<fancyInteraction"
	    " responseIdentifier='R'/>", "not a QTI 2.x interaction");
}

static void
test_unsupported_content(void **state)
{
	expect_problem("", "<p><printedVariable identifier='X'/></p>",
	    "printedVariable");
	expect_problem("", "<xi:include xmlns:xi="
	    "'http://www.w3.org/2001/XInclude' href='s.xml'/>", "XInclude");
	expect_problem("", "<p><blink>x</blink></p>",
	    "element 'blink' is not QTI item content");
	expect_problem("", "<p><math xmlns="
	    "'http://www.w3.org/1998/Math/MathML'><mtable/></math></p>",
	    "MathML element 'mtable' cannot be shown as text");
	expect_problem("", "<object type='video/mp4' data='v.mp4'/>",
	    "needs audio or video playback");
	expect_problem("", "<svg:svg xmlns:svg='http://www.w3.org/2000/svg'/>",
	    "in namespace 'http://www.w3.org/2000/svg'");
	expect_problem("", "", "the item body is empty");
}

static void
test_binding_problems(void **state)
{
	expect_problem("", "<choiceInteraction responseIdentifier='R'>"
	    "<simpleChoice identifier='a'>A</simpleChoice>"
	    "</choiceInteraction>",
	    "choiceInteraction uses response 'R', which has no"
	    " responseDeclaration");
	expect_problem(DECL_ID_SINGLE, "<choiceInteraction><simpleChoice"
	    " identifier='a'>A</simpleChoice></choiceInteraction>",
	    "choiceInteraction has no responseIdentifier");
	expect_problem(DECL_ID_SINGLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='0'><simpleChoice"
	    " identifier='a'>A</simpleChoice></choiceInteraction>",
	    "response 'R' is identifier single, but it needs identifier");
	expect_problem(DECL_STRING, "<orderInteraction"
	    " responseIdentifier='R'><simpleChoice identifier='a'>A"
	    "</simpleChoice></orderInteraction>",
	    "orderInteraction response 'R' is string single");
	expect_problem(DECL_ID_MULTIPLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='0'><simpleChoice"
	    " identifier='a'>A</simpleChoice><simpleChoice identifier='a'>B"
	    "</simpleChoice></choiceInteraction>",
	    "two choices with identifier 'a'");
	expect_problem(DECL_ID_MULTIPLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='1' minChoices='2'>"
	    "<simpleChoice identifier='a'>A</simpleChoice><simpleChoice"
	    " identifier='b'>B</simpleChoice></choiceInteraction>",
	    "maxChoices (1) is less than minChoices (2)");
	expect_problem(DECL_ID_MULTIPLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='0' minChoices='3'>"
	    "<simpleChoice identifier='a'>A</simpleChoice>"
	    "</choiceInteraction>", "minChoices (3) is more than its 1");
	expect_problem(DECL_ID_SINGLE DECL_ID_SINGLE, "<p>x</p>",
	    "response 'R' is declared twice");
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='several' baseType='identifier'/>", "<p>x</p>",
	    "unknown cardinality 'several'");
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='single'/>", "<p>x</p>", "has no baseType");
	expect_problem("<responseDeclaration identifier='1R'"
	    " cardinality='single' baseType='string'/>", "<p>x</p>",
	    "'1R' is not a valid QTI identifier");
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='single' baseType='string' foo='bar'/>", "<p>x</p>",
	    "responseDeclaration has an unknown attribute 'foo'");
}

/*
 * Choices of one set that the text screen shows alike are a problem that
 * names both; alike in another set, or set apart by the image mark, or
 * by the text of a second block, they are not.
 */
static void
test_choices_read_alike(void **state)
{
	struct qti_item *item;

	expect_problem(DECL_ID_SINGLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='1'>"
	    "<simpleChoice identifier='a'><img src='a.png' alt='flag'/>"
	    "</simpleChoice><simpleChoice identifier='b'>"
	    "<img src='b.png' alt='flag'/></simpleChoice>"
	    "</choiceInteraction>",
	    "choiceInteraction choices 'a' and 'b' read the same in text"
	    " mode: \"[image: flag]\"");
	expect_problem(DECL_ID_SINGLE, "<p>Pick <inlineChoiceInteraction"
	    " responseIdentifier='R'><inlineChoice identifier='x'>same"
	    "</inlineChoice><inlineChoice identifier='y'> same"
	    " </inlineChoice></inlineChoiceInteraction></p>",
	    "inlineChoiceInteraction choices 'x' and 'y' read the same");
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='multiple' baseType='directedPair'/>",
	    "<matchInteraction responseIdentifier='R'><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='s1' matchMax='1'>One"
	    "</simpleAssociableChoice></simpleMatchSet><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='t1' matchMax='1'>Two"
	    "</simpleAssociableChoice><simpleAssociableChoice identifier='t2'"
	    " matchMax='1'>Two</simpleAssociableChoice></simpleMatchSet>"
	    "</matchInteraction>",
	    "matchInteraction choices 't1' and 't2' read the same");

	item = parse_ok(DECL_ID_SINGLE, "<choiceInteraction"
	    " responseIdentifier='R' maxChoices='1'>"
	    "<simpleChoice identifier='a'><img src='a.png' alt='flag'/>"
	    "</simpleChoice><simpleChoice identifier='b'>flag"
	    "</simpleChoice><simpleChoice identifier='c'><p>flag</p>"
	    "<p>of Saxony</p></simpleChoice></choiceInteraction>");
	qti_item_free(item);
	item = parse_ok("<responseDeclaration identifier='R'"
	    " cardinality='multiple' baseType='directedPair'/>",
	    "<matchInteraction responseIdentifier='R'><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='s1' matchMax='1'>Same"
	    "</simpleAssociableChoice></simpleMatchSet><simpleMatchSet>"
	    "<simpleAssociableChoice identifier='t1' matchMax='1'>Same"
	    "</simpleAssociableChoice></simpleMatchSet>"
	    "</matchInteraction>");
	qti_item_free(item);
}

static void
test_structure_problems(void **state)
{
	expect_problem("<responseDeclaration identifier='R'"
	    " cardinality='multiple' baseType='pair'/>",
	    "<associateInteraction responseIdentifier='R'><br/>"
	    "<simpleAssociableChoice identifier='a' matchMax='1'>A"
	    "</simpleAssociableChoice></associateInteraction>",
	    "element 'br' is not allowed there");
	expect_problem(DECL_ID_SINGLE DECL_STRING,
	    "<choiceInteraction responseIdentifier='R'><simpleChoice"
	    " identifier='a'>A <textEntryInteraction responseIdentifier='S'/>"
	    "</simpleChoice></choiceInteraction>",
	    "textEntryInteraction is not allowed there");
	expect_problem("<responseDeclaration identifier='G'"
	    " cardinality='multiple' baseType='directedPair'/>",
	    "<gapMatchInteraction responseIdentifier='G'><gapImg"
	    " identifier='i' matchMax='1'><object type='image/png'"
	    " data='s.png'/></gapImg><p><gap identifier='g'/></p>"
	    "</gapMatchInteraction>", "gapImg 'i' has no text to show");
	expect_problem("", "<p><gap identifier='g'/></p>",
	    "gap outside a gapMatchInteraction");
	expect_problem(DECL_ID_SINGLE, "<choiceInteraction"
	    " responseIdentifier='R'/>", "choiceInteraction has no choices");
}

static void
test_item_level_problems(void **state)
{
	char err[ERR_LEN];
	struct qti_item *item;
	const char *xml;

	xml = "<assessmentItem xmlns='" QTI_NS "' identifier='a' title='A'"
	    " adaptive='true' timeDependent='false'><itemBody><p>x</p>"
	    "</itemBody></assessmentItem>";
	item = qti_item_parse(xml, strlen(xml), "a.xml", err);
	assert_non_null(item);
	assert_int_equal(item->problems.n, 1);
	assert_non_null(strstr(item->problems.lines[0], "adaptive"));
	qti_item_free(item);

	xml = "<assessmentItem xmlns='" QTI_NS "' identifier='a' title='A'"
	    " adaptive='false' timeDependent='false'><templateProcessing/>"
	    "<itemBody><p>x</p></itemBody></assessmentItem>";
	item = qti_item_parse(xml, strlen(xml), "a.xml", err);
	assert_non_null(item);
	assert_int_equal(item->problems.n, 1);
	assert_non_null(strstr(item->problems.lines[0],
	    "templateProcessing"));
	qti_item_free(item);

	xml = "<assessmentItem xmlns='" QTI_NS "' xmlns:xsi="
	    "'http://www.w3.org/2001/XMLSchema-instance' xsi:schemaLocation="
	    "'" QTI_NS " q.xsd urn:x urn:x.xsd' identifier='a' title='A'"
	    " adaptive='false' timeDependent='false'><itemBody><p>x</p>"
	    "</itemBody></assessmentItem>";
	item = qti_item_parse(xml, strlen(xml), "a.xml", err);
	assert_non_null(item);
	assert_int_equal(item->problems.n, 1);
	assert_non_null(strstr(item->problems.lines[0], "'urn:x'"));
	qti_item_free(item);
}

static void
test_versions(void **state)
{
	static const struct {
		const char	*ns;
		int		 version;
	} cases[] = {
		{ "http://www.imsglobal.org/xsd/imsqti_v2p0", QTI_V2_0 },
		{ "http://www.imsglobal.org/xsd/imsqti_v2p1", QTI_V2_1 },
		{ "http://www.imsglobal.org/xsd/imsqti_v2p2", QTI_V2_2 },
		{ "http://www.imsglobal.org/xsd/apip/apipv1p0/qtiitem/"
		    "imsqti_v2p2", QTI_V2_2 },
	};
	char err[ERR_LEN], *xml;
	struct qti_item *item;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (asprintf(&xml, "<assessmentItem xmlns='%s' identifier='a'"
		    " title='A' adaptive='false' timeDependent='false'>"
		    "<itemBody><p>x</p></itemBody></assessmentItem>",
		    cases[i].ns) < 0)
			abort();
		item = qti_item_parse(xml, strlen(xml), "a.xml", err);
		free(xml);
		assert_non_null(item);
		assert_int_equal(item->version, cases[i].version);
		assert_int_equal(item->problems.n, 0);
		qti_item_free(item);
	}
}

static void
expect_rejected(const char *xml, const char *want)
{
	char err[ERR_LEN];
	struct qti_item *item;

	err[0] = '\0';
	item = qti_item_parse(xml, strlen(xml), "bad.xml", err);
	assert_null(item);
	if (strstr(err, want) == NULL)
		print_message("wanted '%s' in: %s\n", want, err);
	assert_non_null(strstr(err, want));
}

static void
test_rejected_documents(void **state)
{
	expect_rejected("<qti-assessment-item xmlns="
	    "'http://www.imsglobal.org/xsd/imsqtiasi_v3p0' identifier='a'/>",
	    "QTI 3.0 is not supported; export as QTI 2.1 or 2.2");
	expect_rejected("<assessmentItem xmlns="
	    "'http://www.imsglobal.org/xsd/imsqtiasi_v3p0' identifier='a'/>",
	    "QTI 3.0 is not supported");
	expect_rejected("<assessmentItem identifier='a'/>",
	    "no QTI namespace");
	expect_rejected("<assessmentItem xmlns='urn:other' identifier='a'/>",
	    "not QTI 2.0, 2.1 or 2.2");
	expect_rejected("<assessmentTest xmlns='" QTI_NS "'/>",
	    "'assessmentTest' is not an assessmentItem");
	expect_rejected("", "bad.xml:1:1: Document is empty");
	expect_rejected("<a>\n  <b></a>", "bad.xml:2:");
	/* Undeclared HTML entities are a well-formedness error. */
	expect_rejected("<assessmentItem xmlns='" QTI_NS "'>\n<itemBody><p>"
	    "a&nbsp;b</p></itemBody></assessmentItem>",
	    "bad.xml:2:21: Entity 'nbsp' not defined");
}

static void
test_entities_rejected(void **state)
{
	expect_rejected("<!DOCTYPE assessmentItem [<!ENTITY x SYSTEM"
	    " 'file:///etc/passwd'>]><assessmentItem xmlns='" QTI_NS "'"
	    " identifier='a' title='A'><itemBody><p>&x;</p></itemBody>"
	    "</assessmentItem>", "DOCTYPE declares entities");
	expect_rejected("<!DOCTYPE a [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b"
	    " '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c"
	    " '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d"
	    " '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'><!ENTITY e"
	    " '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f"
	    " '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'><!ENTITY g"
	    " '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'>]><a>&g;</a>", "bad.xml");
}

static void
test_encoding_declared(void **state)
{
	const char *xml = "<?xml version='1.0' encoding='ISO-8859-1'?>"
	    "<assessmentItem xmlns='" QTI_NS "' identifier='a' title='Caf\xe9'"
	    " adaptive='false' timeDependent='false'><itemBody><p>\xe0 la"
	    " carte</p></itemBody></assessmentItem>";
	char err[ERR_LEN];
	struct qti_item *item;

	item = qti_item_parse(xml, strlen(xml), "latin1.xml", err);
	assert_non_null(item);
	assert_string_equal(item->title, "Caf\xc3\xa9");
	assert_string_equal(block_text(&item->body.blocks[0]),
	    "\xc3\xa0 la carte");
	qti_item_free(item);

	/* The same bytes declared as UTF-8 are not well formed. */
	expect_rejected("<?xml version='1.0' encoding='UTF-8'?><a>\xe9</a>",
	    "bad.xml:1:");
}

/* Parse errors go into err, never to stderr. */
static void
test_errors_not_on_stderr(void **state)
{
	char err[ERR_LEN], path[] = "stderr.XXXXXX";
	struct stat st;
	int fd, saved;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	assert_int_equal(dup2(fd, 2), 2);
	assert_null(qti_item_parse("<a><b></a>", 10, "x.xml", err));
	assert_null(qti_item_parse("<?xml version='1.0' encoding='nonsense'?>"
	    "<a/>", 46, "y.xml", err));
	assert_null(qti_item_parse("<a xmlns:p='urn:x'><q:b/></a>", 29,
	    "z.xml", err));
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 0);
	close(fd);
	unlink(path);
	assert_non_null(strstr(err, "z.xml:1:"));
}

static void
test_names(void **state)
{
	assert_string_equal(qti_interaction_name(QTI_GAP_MATCH),
	    "gapMatchInteraction");
	assert_string_equal(qti_interaction_name(QTI_EXTENDED_TEXT),
	    "extendedTextInteraction");
	assert_string_equal(qti_cardinality_name(QTI_CARD_ORDERED),
	    "ordered");
	assert_string_equal(qti_base_type_name(QTI_BT_DIRECTED_PAIR),
	    "directedPair");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whitespace_collapsed),
		cmocka_unit_test(test_inline_attrs),
		cmocka_unit_test(test_lists_nested),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_images_and_objects),
		cmocka_unit_test(test_pre_keeps_spaces),
		cmocka_unit_test(test_hidden_content),
		cmocka_unit_test(test_rtl_inherited),
		cmocka_unit_test(test_choice_interaction),
		cmocka_unit_test(test_inline_interactions),
		cmocka_unit_test(test_match_and_gap_match),
		cmocka_unit_test(test_mathml_flattened),
		cmocka_unit_test(test_mathml_alttext),
		cmocka_unit_test(test_unsupported_interactions),
		cmocka_unit_test(test_unsupported_content),
		cmocka_unit_test(test_binding_problems),
		cmocka_unit_test(test_choices_read_alike),
		cmocka_unit_test(test_structure_problems),
		cmocka_unit_test(test_item_level_problems),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_rejected_documents),
		cmocka_unit_test(test_entities_rejected),
		cmocka_unit_test(test_encoding_declared),
		cmocka_unit_test(test_errors_not_on_stderr),
		cmocka_unit_test(test_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
