/*
 * Every file of the QTI sample corpus ($CORPUS, see its SOURCES.md)
 * opened with pkg_open, against the verdict this table states for it,
 * then spot checks of the model read from some of them.  Files that the
 * table does not list are still opened and must give a consistent
 * verdict.  Without $CORPUS the test is skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "pkg.h"

struct verdict {
	const char	*path;		/* under $CORPUS */
	int		 deliverable;
	const char	*reason;	/* in some problem when not */
};

static const struct verdict verdicts[] = {
	{ "SOURCES.md", 0, "Start tag expected" },
	{ "qti-sdk/custom/interactions/custom_interaction_pci.xml", 0,
	    "customInteraction runs the author's own code" },
	{ "qti-sdk/custom/items/2_2/biditorture1.xml", 1, NULL },
	{ "qti-sdk/custom/items/2_2/ruby_html5.xml", 1, NULL },
	{ "qti-sdk/custom/items/extended_text_empty_mapentry.xml", 1, NULL },
	{ "qti-sdk/custom/items/item_body_dir_attr.xml", 1, NULL },
	{ "qti-sdk/custom/items/multiple_interactions.xml", 1, NULL },
	{ "qti-sdk/custom/items/response_constraints/choice_min_max.xml", 1,
	    NULL },
	{ "qti-sdk/custom/items/response_constraints/"
	    "inline_choice_required.xml", 1, NULL },
	{ "qti-sdk/custom/items/response_constraints/order_min_max.xml", 1,
	    NULL },
	{ "qti-sdk/custom/items/versiondetection_20_leading.xml", 0,
	    "adaptive items need response processing" },
	{ "qti-sdk/custom/malformed.xml", 0,
	    "malformed.xml:3:1: Couldn't find end of Start Tag" },
	{ "qti-sdk/custom/paper_vs_xsd/"
	    "prompt_other_content_than_inlinestatic.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_0/choice.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/adaptive.xml", 0, "adaptive items" },
	{ "qti-sdk/ims/items/2_1/associate.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/choice.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/choice_fixed.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/choice_multiple.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/extended_text.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/feedbackInline.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/gap_match.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/modalFeedback.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/order.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_1/text_entry.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_2/choice_multiple_rtl.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_2/essay.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_2_1/choice_aria.xml", 1, NULL },
	{ "qti-sdk/ims/items/2_2_4/choice.xml", 1, NULL },
	{ "qti-sdk/ims/items/3_0/aqti_tmh_sample_1.xml", 0,
	    "QTI 3.0 is not supported; export as QTI 2.1 or 2.2" },
	{ "qti-sdk/ims/items/3_0/empty_item.xml", 0,
	    "QTI 3.0 is not supported" },
	{ "qti-sdk/ims/tests/empty_tests/empty_test_missing_namespace.xml", 0,
	    "has no QTI namespace" },
	{ "qti-sdk/ims/tests/empty_tests/empty_test_wrong_namespace.xml", 0,
	    "is not QTI 2.0, 2.1 or 2.2" },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "Choicemultiple_2014410822.xml", 1, NULL },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "Choicesingle_853928446.xml", 0,
	    "'choice_685440446' and 'choice_1542121788' read the same in"
	    " text mode: \"[image: flag]\"" },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "Choicetruefalse_176040516.xml", 1, NULL },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "Matchsingle_143114773.xml", 1, NULL },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "TextEntry_883368511.xml", 1, NULL },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "TextEntrynumeric_770468849.xml", 1, NULL },
	{ "qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "interaction_mix_sachsen.xml", 0,
	    "'Hotspot_278940407.xml' is not in the folder" },
	{ "qti-sdk/invalid/empty.xml", 0, "empty.xml:1:1: Document is empty" },
	{ "qti-sdk/invalid/invalidresponseidentifier.xml", 0,
	    "' RESPONSE' is not a valid QTI identifier" },
	{ "qti-sdk/invalid/malformed.xml", 0,
	    "malformed.xml:28:29: Opening and ending tag mismatch" },
	{ "qti-sdk/invalid/noversion.xml", 0, "has no QTI namespace" },
	{ "qti-sdk/invalid/xsdinvalid.xml", 0,
	    "responseDeclaration has an unknown attribute 'foo'" },
	{ "qtiworks/jqtiplus-test/item/interactions/"
	    "TextEntryInteraction-basic-float.xml", 1, NULL },
	{ "qtiworks/jqtiplus-test/item/interactions/"
	    "TextEntryInteraction-basic-record.xml", 1, NULL },
	{ "qtiworks/jqtiplus-test/item/interactions/"
	    "TextEntryInteraction-patternMask.xml", 1, NULL },
	{ "qtiworks/jqtiplus-test/item/mapResponse/MapResponse-Single.xml", 0,
	    "the item body is empty" },
	{ "qtiworks/jqtiplus-test/reading/choice.xml", 1, NULL },
	{ "qtiworks/jqtiplus-test/reading/illformed.xml", 0,
	    "illformed.xml:2:1: Premature end of data" },
	{ "qtiworks/jqtiplus-test/reading/imsmanifest.xml", 0,
	    "file 'cannon-qti.xml' (line 298) is not in the package" },
	{ "qtiworks/jqtiplus-test/reading/invalid.xml", 0,
	    "the root element 'invalid' is not an assessmentItem" },
	{ "qtiworks/jqtiplus-test/reading/unsupported.xml", 0,
	    "names the unknown schema 'urn:unsupported'" },
	{ "qtiworks/packages/Aardvark-cannon.zip", 1, NULL },
	{ "qtiworks/packages/BadManifest.zip", 0,
	    "imsmanifest.xml:3:1: Premature end of data" },
	{ "qtiworks/packages/BadMix.zip", 0,
	    "the manifest lists 2 assessmentTests" },
	{ "qtiworks/packages/ExternalHref.zip", 0,
	    "href '../outside.xml' (line 4) goes outside the package" },
	{ "qtiworks/packages/MissingFile.zip", 0,
	    "file 'missing.xml' (line 5) is not in the package" },
	{ "qtiworks/packages/NotContentPackage.zip", 0,
	    "no imsmanifest.xml: not an IMS content package" },
	{ "qtiworks/packages/WebDeveloperTest1-incomplete.zip", 0,
	    "not a readable zip archive" },
	{ "qtiworks/packages/WebDeveloperTest1.zip", 1, NULL },
	{ "qtiworks/packages/ZipSlip.zip", 0,
	    "entry '../etc/passwd' goes outside the package" },
	{ "qtiworks/samples/ims/drawing.xml", 0,
	    "item 'drawing': drawingInteraction needs a graphical screen;"
	    " text mode cannot show it" },
	{ "qtiworks/samples/ims/feedback.xml", 1, NULL },
	{ "qtiworks/samples/ims/hint.xml", 0,
	    "endAttemptInteraction ends the attempt" },
	{ "qtiworks/samples/ims/images/sign.png", 0,
	    "sign.png:1:1: Start tag expected" },
	{ "qtiworks/samples/ims/likert.xml", 1, NULL },
	{ "qtiworks/samples/ims/order_partial_scoring.xml", 1, NULL },
	{ "qtiworks/samples/ims/shufflechoice.xml", 1, NULL },
	{ "qtiworks/samples/ims/shuffleinline_choice.xml", 1, NULL },
	{ "qtiworks/samples/language/habenprompt.xml", 1, NULL },
	{ "qtiworks/samples/regressions/extendedTextInteraction-multiple1.xml",
	    1, NULL },
	{ "qtiworks/samples/regressions/textEntryInteraction-record.xml", 1,
	    NULL },
	{ "qtiworks/samples/stomp/chc_mulS.xml", 1, NULL },
	{ "qtiworks/samples/testimplementation/WebDeveloperTest1/"
	    "question8.xml", 1, NULL },
	{ "qtiworks/samples/testimplementation/WebDeveloperTest1/"
	    "template_test1.xml", 0,
	    "assessmentItemRef 'question1': 'question1.xml' is not in the"
	    " folder" },
	{ "qtiworks/samples/testimplementation/dave/choice-min.xml", 1,
	    NULL },
	{ "qtiworks/samples/upmc/exercise1.xml", 1, NULL },
	{ "tao-itemqti/custom_rule/custom_map_response_choice_multiple.xml", 1,
	    NULL },
	{ "tao-itemqti/custom_rule/custom_order_partial_scoring.xml", 1,
	    NULL },
	{ "tao-itemqti/custom_rule/shakespeare.xml", 0,
	    "hottextInteraction is not supported in text mode" },
	{ "tao-itemqti/package/APIP/apip_v1p0_final.zip", 1, NULL },
	{ "tao-itemqti/package/QTI/package.zip", 1, NULL },
	{ "tao-itemqti/package/QTI/package2.zip", 1, NULL },
	{ "tao-itemqti/package/QTI/package_with_ampersand.zip", 0,
	    "hotspotInteraction needs a graphical screen" },
	{ "tao-itemqti/package/QTI/qti22.zip", 1, NULL },
	{ "tao-itemqti/package/QTI/qti221.zip", 1, NULL },
	{ "tao-itemqti/package/imsmanifest.xml", 0,
	    "file 'choice.xml' (line 43) is not in the package" },
	{ "tao-itemqti/package/wrong/InvalidArchive.zip", 0,
	    "not a readable zip archive" },
	{ "tao-itemqti/package/wrong/MalformedItemInTheMiddleXml.zip", 0,
	    "qti2.xml:17:24: Opening and ending tag mismatch" },
	{ "tao-itemqti/package/wrong/MalformedItemXml.zip", 0,
	    "qti.xml:17:24: Opening and ending tag mismatch" },
	{ "tao-itemqti/package/wrong/MalformedManifest.zip", 0,
	    "imsmanifest.xml:21:14: Opening and ending tag mismatch" },
	{ "tao-itemqti/package/wrong/MissingManifest.zip", 0,
	    "no imsmanifest.xml" },
	{ "tao-itemqti/package/wrong/NestedRootFolder.zip", 0,
	    "imsmanifest.xml is in the folder 'i1245323533354'" },
	{ "tao-itemqti/package/wrong/WrongManifestFileItemHref.zip", 0,
	    "'wrong/path/to/qti.xml' is not in the package" },
	{ "tao-itemqti/views-samples/qtiv2p2/xml_namespaces/with-ns.xml", 1,
	    NULL },
	{ "tao-itemqti/views-samples/qtiv2p2/xml_namespaces/without-ns.xml",
	    1, NULL },
	{ "tao-itemqti/wrong/notvalid_associate.xml", 0,
	    "element 'br' is not allowed there (line 23)" },
	{ "tao-itemqti/wrong/unwell_formated_associate.xml", 0,
	    "unwell_formated_associate.xml:16:64: Opening and ending tag"
	    " mismatch: mapEntry line 16 and MmapEntry" },
	{ "tao-itemqti/xml/cdata/item.xml", 1, NULL },
	{ "tao-itemqti/xml/qtiv2p1/extended_text_multiple.xml", 1, NULL },
	{ "tao-itemqti/xml/qtiv2p1/qtiRecordResponse.xml", 0,
	    "customInteraction" },
	{ "tao-itemqti/xml/qtiv2p1/responseProcessing/"
	    "map_response_three_text_entry_dichotomous.xml", 1, NULL },
	{ "tao-itemqti/xml/qtiv2p1/responseProcessing/templateDriven/"
	    "match_choices_single_cardinality.xml", 1, NULL },
	{ "tao-itemqti/xml/qtiv2p1/tableInteractions.xml", 1, NULL },
	{ "tao-itemqti/xml/qtiv2p1/textentry_response_special_chars.xml", 1,
	    NULL },
	{ "tao-itemqti/xml/qtiv2p1/xinclude/stimulus_invalidEntities.xml", 0,
	    "stimulus_invalidEntities.xml:35:35: Entity 'it' not defined" },
	{ "tao-itemqti/xml/qtiv2p2/tooltip.xml", 1, NULL },
};

#define NVERDICTS	(sizeof verdicts / sizeof *verdicts)

static const char *corpus;
static unsigned char seen[NVERDICTS];
static int failures, unlisted;

static struct pkg_test *
open_corpus(const char *rel)
{
	char path[4096], err[ERR_LEN];
	struct pkg_test *t;

	snprintf(path, sizeof path, "%s/%s", corpus, rel);
	t = pkg_open(path, NULL, err);
	if (t == NULL)
		print_message("%s: %s\n", rel, err);
	assert_non_null(t);
	return (t);
}

static int
has_problem(const struct pkg_test *t, const char *want)
{
	size_t i;

	for (i = 0; i < t->problems.n; i++)
		if (strstr(t->problems.lines[i], want) != NULL)
			return (1);
	return (0);
}

static void
report(const char *rel, const struct pkg_test *t, const char *why)
{
	size_t i;

	print_message("%s: %s\n", rel, why);
	for (i = 0; i < t->problems.n; i++)
		print_message("    problem: %s\n", t->problems.lines[i]);
	failures++;
}

/* A verdict must agree with its problems, whatever the file is. */
static void
check_consistent(const char *rel, const struct pkg_test *t)
{
	size_t i;

	if (pkg_deliverable(t) != (t->problems.n == 0))
		report(rel, t, "verdict and problem list disagree");
	for (i = 0; i < t->nitems; i++)
		if (t->items[i]->problems.n > 0 && pkg_deliverable(t))
			report(rel, t, "an item has problems, the test none");
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *rel = path + strlen(corpus) + 1;
	struct pkg_test *t;
	size_t i;

	if (type != FTW_F)
		return (0);
	for (i = 0; i < NVERDICTS; i++)
		if (strcmp(verdicts[i].path, rel) == 0)
			break;
	t = open_corpus(rel);
	check_consistent(rel, t);
	if (i == NVERDICTS) {
		print_message("note: %s is not in the table: %s\n", rel,
		    pkg_deliverable(t) ? "deliverable" : "not deliverable");
		unlisted++;
	} else {
		seen[i] = 1;
		if (pkg_deliverable(t) != verdicts[i].deliverable)
			report(rel, t, verdicts[i].deliverable ?
			    "expected deliverable" :
			    "expected not deliverable");
		else if (verdicts[i].reason != NULL &&
		    !has_problem(t, verdicts[i].reason))
			report(rel, t, verdicts[i].reason);
	}
	pkg_free(t);
	return (0);
}

static void
test_corpus_verdicts(void **state)
{
	size_t i;

	failures = unlisted = 0;
	memset(seen, 0, sizeof seen);
	assert_int_equal(nftw(corpus, visit, 16, FTW_PHYS), 0);
	for (i = 0; i < NVERDICTS; i++)
		if (!seen[i]) {
			print_message("%s: in the table, not in the corpus\n",
			    verdicts[i].path);
			failures++;
		}
	if (unlisted > 0)
		print_message("%d files are not in the table\n", unlisted);
	assert_int_equal(failures, 0);
}

static const char *
span_text(const struct qti_block *b, size_t i)
{
	assert_true(i < b->nspans);
	assert_int_equal(b->spans[i].kind, QTI_SPAN_TEXT);
	return (b->spans[i].text);
}

static void
test_choice_fixed(void **state)
{
	struct pkg_test *t = open_corpus("qti-sdk/ims/items/2_1/"
	    "choice_fixed.xml");
	const struct qti_interaction *in;

	assert_int_equal(t->nitems, 1);
	assert_int_equal(t->items[0]->ninteractions, 1);
	in = &t->items[0]->interactions[0];
	assert_int_equal(in->type, QTI_CHOICE);
	assert_int_equal(in->shuffle, 1);
	assert_int_equal(in->max_choices, 1);
	assert_int_equal(in->nchoices, 4);
	assert_int_equal(in->choices[0].fixed, 0);
	assert_int_equal(in->choices[2].fixed, 0);
	assert_int_equal(in->choices[3].fixed, 1);
	assert_string_equal(in->choices[3].identifier, "ChoiceD");
	assert_string_equal(span_text(&in->choices[3].content.blocks[0], 0),
	    "None of the above.");
	pkg_free(t);
}

static void
test_rtl_items(void **state)
{
	struct pkg_test *t = open_corpus("qti-sdk/ims/items/2_2/"
	    "choice_multiple_rtl.xml");
	const struct qti_item *item = t->items[0];
	const struct qti_interaction *in = &item->interactions[0];
	size_t i;

	assert_int_equal(item->version, QTI_V2_2);
	assert_int_equal(item->body.nblocks, 1);
	assert_int_equal(item->body.blocks[0].kind, QTI_BLOCK_INTERACTION);
	assert_int_equal(item->body.blocks[0].rtl, 1);
	assert_int_equal(in->max_choices, 0);
	assert_int_equal(in->nchoices, 6);
	assert_int_equal(in->prompt.blocks[0].rtl, 1);
	for (i = 0; i < in->nchoices; i++)
		assert_int_equal(in->choices[i].content.blocks[0].rtl, 1);
	pkg_free(t);

	t = open_corpus("qti-sdk/custom/items/item_body_dir_attr.xml");
	in = &t->items[0]->interactions[0];
	assert_int_equal(t->items[0]->body.blocks[0].rtl, 1);
	assert_int_equal(in->choices[0].content.blocks[0].rtl, 1);
	pkg_free(t);
}

static void
test_table_item(void **state)
{
	struct pkg_test *t = open_corpus("tao-itemqti/xml/qtiv2p1/"
	    "tableInteractions.xml");
	const struct qti_item *item = t->items[0];
	const struct qti_block *row;
	const struct qti_choice *ch;
	size_t i, rows = 0;

	assert_int_equal(item->ninteractions, 5);
	for (i = 0; i < item->body.nblocks; i++) {
		if (item->body.blocks[i].kind != QTI_BLOCK_TABLE_ROW)
			continue;
		assert_int_equal(item->body.blocks[i].table, 1);
		rows++;
	}
	/* thead, four tbody rows, then the tfoot that the source puts
	 * before tbody. */
	assert_int_equal(rows, 6);
	row = &item->body.blocks[4];
	assert_string_equal(span_text(row, 0), "Never married ");
	assert_int_equal(row->spans[0].attrs, QTI_ATTR_HEADER);
	assert_int_equal(row->spans[1].attrs,
	    QTI_ATTR_HEADER | QTI_ATTR_IMAGE);
	assert_int_equal(row->spans[2].kind, QTI_SPAN_CELL);
	assert_int_equal(row->spans[3].kind, QTI_SPAN_INTERACTION);
	assert_int_equal(row->spans[3].index, 0);
	assert_int_equal(item->interactions[0].type, QTI_TEXT_ENTRY);
	assert_string_equal(span_text(&item->body.blocks[8], 0), "Total");

	ch = &item->interactions[4].choices[2];
	assert_int_equal(ch->content.nblocks, 4);
	assert_int_equal(ch->content.blocks[1].kind, QTI_BLOCK_TABLE_ROW);
	assert_int_equal(ch->content.blocks[1].table, 2);
	/* The MathML of the last choice becomes one line of text. */
	ch = &item->interactions[4].choices[3];
	assert_string_equal(span_text(&ch->content.blocks[0], 1),
	    "1/2 + 45y");
	pkg_free(t);
}

static void
test_text_entry_inline(void **state)
{
	struct pkg_test *t = open_corpus("qti-sdk/ims/items/2_1/"
	    "text_entry.xml");
	const struct qti_item *item = t->items[0];
	const struct qti_block *b = &item->body.blocks[1];

	assert_int_equal(item->body.nblocks, 2);
	assert_int_equal(b->kind, QTI_BLOCK_PARA);
	assert_int_equal(b->level, 1);		/* inside blockquote */
	assert_int_equal(b->spans[3].kind, QTI_SPAN_INTERACTION);
	assert_string_equal(span_text(b, 2),
	    "Made glorious summer by this sun of ");
	assert_string_equal(span_text(b, 4), ";");
	assert_int_equal(item->interactions[0].expected_length, 15);
	pkg_free(t);

	t = open_corpus("qtiworks/samples/language/habenprompt.xml");
	item = t->items[0];
	assert_int_equal(item->ninteractions, 6);
	assert_int_equal(item->body.blocks[0].kind, QTI_BLOCK_HEADING);
	assert_int_equal(item->body.blocks[0].level, 2);
	assert_string_equal(item->interactions[5].placeholder, "haben");
	pkg_free(t);
}

static void
test_gap_and_match_items(void **state)
{
	struct pkg_test *t = open_corpus("qti-sdk/ims/items/2_1/"
	    "gap_match.xml");
	const struct qti_interaction *in = &t->items[0]->interactions[0];

	assert_int_equal(in->type, QTI_GAP_MATCH);
	assert_int_equal(in->nchoices, 4);
	assert_int_equal(in->ntargets, 2);
	assert_string_equal(in->targets[0].identifier, "G1");
	assert_int_equal(in->content.blocks[0].spans[1].kind, QTI_SPAN_GAP);
	pkg_free(t);

	t = open_corpus("qti-sdk/ims/tests/interaction_mix_sachsen/"
	    "Matchsingle_143114773.xml");
	in = &t->items[0]->interactions[0];
	assert_int_equal(in->type, QTI_MATCH);
	assert_int_equal(in->nchoices, 4);
	assert_int_equal(in->ntargets, 4);
	assert_int_equal(in->max_choices, 0);
	assert_string_equal(in->targets[3].identifier, "Match5570831");
	pkg_free(t);
}

static void
test_web_developer_package(void **state)
{
	struct pkg_test *t = open_corpus("qtiworks/packages/"
	    "WebDeveloperTest1.zip");
	char key[32];
	size_t i;

	assert_true(pkg_deliverable(t));
	assert_string_equal(t->identifier, "TEST");
	/* The test is ISO-8859-1; its title reads the same either way. */
	assert_string_equal(t->title, "Web Developer Website");
	assert_int_equal(t->nitems, 9);
	assert_int_equal(t->nsections, 1);
	assert_string_equal(t->sections[0].identifier, "sectionquestion1");
	assert_string_equal(t->sections[0].title,
	    "Electronics and Computer Science");
	assert_int_equal(t->sections[0].count, 9);
	for (i = 0; i < t->nitems; i++) {
		snprintf(key, sizeof key, "question%zu", i + 1);
		assert_string_equal(t->items[i]->identifier, key);
		assert_ptr_equal(pkg_item(t, key), t->items[i]);
	}
	/* Six items declare the same identifier; the test's keys differ. */
	assert_string_equal(t->items[0]->declared_identifier, "choice");
	assert_string_equal(t->items[7]->href, "question8.xml");
	pkg_free(t);
}

static void
test_other_packages(void **state)
{
	struct pkg_test *t = open_corpus("tao-itemqti/package/QTI/"
	    "package_with_ampersand.zip");

	assert_int_equal(t->nitems, 1);
	assert_string_equal(t->items[0]->identifier, "item-1");
	assert_string_equal(t->items[0]->href,
	    "items/i61cce12d2d787694ef2628972565b0e/qti.xml");
	assert_string_equal(t->sections[0].title, "Section 1");
	pkg_free(t);

	t = open_corpus("tao-itemqti/package/QTI/qti22.zip");
	assert_true(pkg_deliverable(t));
	assert_int_equal(t->nitems, 3);
	assert_int_equal(t->items[0]->version, QTI_V2_2);
	pkg_free(t);

	t = open_corpus("qtiworks/packages/Aardvark-cannon.zip");
	assert_true(pkg_deliverable(t));
	assert_string_equal(span_text(
	    &t->items[0]->interactions[0].choices[0].content.blocks[0], 0),
	    "5 m");
	pkg_free(t);

	t = open_corpus("tao-itemqti/package/wrong/"
	    "MalformedItemInTheMiddleXml.zip");
	assert_false(pkg_deliverable(t));
	assert_int_equal(t->nitems, 1);		/* the good one, for check */
	assert_int_equal(t->package_problems.n, 1);
	pkg_free(t);
}

static void
test_shakespeare_mixed(void **state)
{
	struct pkg_test *t = open_corpus("tao-itemqti/custom_rule/"
	    "shakespeare.xml");
	const struct qti_item *item = t->items[0];
	size_t i;

	/* Only the hottext interaction is in the way. */
	assert_int_equal(item->problems.n, 1);
	assert_int_equal(item->ninteractions, 5);
	assert_int_equal(item->ninteraction_names, 6);
	assert_string_equal(item->interaction_names[5], "hottextInteraction");
	for (i = 0; i < item->body.nblocks; i++)
		if (item->body.blocks[i].nspans > 1 &&
		    item->body.blocks[i].spans[1].kind ==
		    QTI_SPAN_INTERACTION)
			break;
	assert_true(i < item->body.nblocks);
	assert_string_equal(span_text(&item->body.blocks[i], 0),
	    "Date of birth: ");
	pkg_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_verdicts),
		cmocka_unit_test(test_choice_fixed),
		cmocka_unit_test(test_rtl_items),
		cmocka_unit_test(test_table_item),
		cmocka_unit_test(test_text_entry_inline),
		cmocka_unit_test(test_gap_and_match_items),
		cmocka_unit_test(test_web_developer_package),
		cmocka_unit_test(test_other_packages),
		cmocka_unit_test(test_shakespeare_mixed),
	};
	struct stat st;

	corpus = getenv("CORPUS");
	if (corpus == NULL || stat(corpus, &st) == -1 || !S_ISDIR(st.st_mode)) {
		printf("no QTI corpus at $CORPUS (%s); skipped\n",
		    corpus != NULL ? corpus : "unset");
		return (77);
	}
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
