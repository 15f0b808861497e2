/*
 * Golden marks for the scorable items of the QTI sample corpus ($CORPUS,
 * see its SOURCES.md): for several responses of each item, the outcome
 * worked out by hand from the item's XML, with the working in the row.
 * Without $CORPUS the test is skipped (exit 77).
 *
 * Responses are written "ID=value|value;ID=value".  Values are compared
 * as rp_value_text prints them: floats in their shortest form, several
 * values joined by ", ", and "NULL".  A row whose type is "max" checks
 * the maximum score and where it came from instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "rp_fixtures.h"

struct golden {
	const char	*path;		/* under $CORPUS */
	const char	*responses;
	const char	*outcome;
	const char	*type;		/* base type name, or "max" */
	const char	*want;		/* value, or "max source" */
	const char	*why;
};

#define IMS	"qti-sdk/ims/items/"
#define SAX	"qti-sdk/ims/tests/interaction_mix_sachsen/"
#define SDK	"qti-sdk/custom/"
#define QW	"qtiworks/samples/"
#define JQ	"qtiworks/jqtiplus-test/"
#define TAO	"tao-itemqti/"

static const struct golden goldens[] = {
	/* match_correct */
	{ IMS "2_0/choice.xml", "RESPONSE=ChoiceA", "SCORE", "integer", "1",
	    "match_correct: ChoiceA is correct; float 1 into integer SCORE" },
	{ IMS "2_0/choice.xml", "RESPONSE=ChoiceB", "SCORE", "integer", "0",
	    "match_correct: ChoiceB is not ChoiceA" },
	{ IMS "2_0/choice.xml", "", "SCORE", "integer", "0",
	    "no response: match is NULL, so the else branch sets 0" },
	{ IMS "2_0/choice.xml", "", NULL, "max", "1 correct",
	    "match_correct gives at most 1" },
	{ IMS "2_1/choice.xml", "RESPONSE=ChoiceA", "SCORE", "float", "1",
	    "match_correct: ChoiceA is correct" },
	{ IMS "2_1/choice.xml", "RESPONSE=ChoiceC", "SCORE", "float", "0",
	    "match_correct: ChoiceC is wrong" },
	{ IMS "2_1/choice_fixed.xml", "RESPONSE=ChoiceA", "SCORE", "float",
	    "1", "match_correct: ChoiceA is correct" },
	{ IMS "2_1/choice_fixed.xml", "RESPONSE=ChoiceD", "SCORE", "float",
	    "0", "match_correct: ChoiceD is wrong" },
	{ IMS "2_2_4/choice.xml", "RESPONSE=ChoiceA", "SCORE", "float", "1",
	    "QTI 2.2 template URI: ChoiceA is correct" },
	{ IMS "2_2_4/choice.xml", "RESPONSE=ChoiceB", "SCORE", "float", "0",
	    "QTI 2.2 template URI: ChoiceB is wrong" },
	{ IMS "2_2_1/choice_aria.xml", "RESPONSE=ChoiceA", "SCORE", "float",
	    "1", "ChoiceA is correct" },
	{ IMS "2_1/order.xml", "RESPONSE=DriverC|DriverA|DriverB", "SCORE",
	    "float", "1", "the correct order C, A, B" },
	{ IMS "2_1/order.xml", "RESPONSE=DriverA|DriverC|DriverB", "SCORE",
	    "float", "0", "same drivers, wrong order" },
	{ IMS "2_1/order.xml", "", "SCORE", "float", "0",
	    "an untouched order is NULL and scores nothing" },
	{ SDK "items/response_constraints/order_min_max.xml",
	    "RESPONSE=DriverC|DriverA", "SCORE", "float", "0",
	    "two of three in order is not the correct response" },
	{ SDK "items/response_constraints/order_min_max.xml",
	    "RESPONSE=DriverC|DriverA|DriverB", "SCORE", "float", "1",
	    "the full correct order" },
	{ SDK "items/response_constraints/inline_choice_required.xml",
	    "RESPONSE=Y", "SCORE", "float", "1", "York (Y) is correct" },
	{ SDK "items/response_constraints/inline_choice_required.xml",
	    "RESPONSE=L", "SCORE", "float", "0", "Lancaster is wrong" },
	{ SDK "paper_vs_xsd/prompt_other_content_than_inlinestatic.xml",
	    "RESPONSE=ChoiceA", "SCORE", "float", "0",
	    "no correctResponse: correct is NULL, match NULL, else 0" },
	{ SDK "items/2_2/ruby_html5.xml", "RESPONSE=ChoiceA", "SCORE",
	    "float", "0", "no correctResponse, so nothing scores" },
	{ SDK "items/2_2/ruby_html5.xml", "", NULL, "max", "0 MAXSCORE",
	    "MAXSCORE declared 0, which is right for this item" },
	{ SDK "items/item_body_dir_attr.xml", "RESPONSE=ChoiceA", "SCORE",
	    "float", "0", "no correctResponse, so nothing scores" },
	{ TAO "xml/qtiv2p2/tooltip.xml", "RESPONSE=choice_1", "SCORE",
	    "float", "0", "no correctResponse, so nothing scores" },
	{ QW "ims/shufflechoice.xml", "RESPONSE=ChoiceA", "SCORE", "float",
	    "1", "ChoiceA is correct" },
	{ QW "ims/shuffleinline_choice.xml", "RESPONSE=Y", "SCORE", "float",
	    "1", "Y is correct" },
	{ QW "ims/shuffleinline_choice.xml", "RESPONSE=G", "SCORE", "float",
	    "0", "G is wrong" },
	{ JQ "reading/choice.xml", "RESPONSE=ChoiceA", "SCORE", "float", "1",
	    "ChoiceA is correct" },
	{ JQ "reading/choice.xml", "RESPONSE=ChoiceB", "SCORE", "float", "0",
	    "ChoiceB is wrong" },
	{ TAO "xml/qtiv2p1/textentry_response_special_chars.xml",
	    "RESPONSE=This is <strong>\"bold\"</strong> & this is"
	    " <em>'italic'</em>", "SCORE", "float", "1",
	    "the CDATA text, markup and all, matches exactly" },
	{ TAO "xml/qtiv2p1/textentry_response_special_chars.xml",
	    "RESPONSE=This is \"bold\" & this is 'italic'", "SCORE", "float",
	    "0", "without the markup it is another string" },
	{ TAO "xml/cdata/item.xml", "RESPONSE=1\n2\n3", "SCORE", "float",
	    "1", "the correct response is 1, 2 and 3 on three lines" },
	{ TAO "xml/cdata/item.xml", "RESPONSE=1 2 3", "SCORE", "float", "0",
	    "spaces are not line breaks" },

	/* map_response */
	{ IMS "2_1/choice_multiple.xml", "RESPONSE=H|O", "SCORE", "float",
	    "2", "H=1 + O=1 = 2, upperBound 2" },
	{ IMS "2_1/choice_multiple.xml", "RESPONSE=H|O|Cl", "SCORE", "float",
	    "1", "1 + 1 - 1 = 1" },
	{ IMS "2_1/choice_multiple.xml", "RESPONSE=H|He", "SCORE", "float",
	    "0", "H=1, He unmapped default -2: -1, lowerBound 0 -> 0" },
	{ IMS "2_1/choice_multiple.xml", "", "SCORE", "float", "0",
	    "isNull: the template sets 0" },
	{ IMS "2_1/choice_multiple.xml", "", NULL, "max", "2 mapping",
	    "H + O = 2 within upperBound 2" },
	{ IMS "2_2/choice_multiple_rtl.xml", "RESPONSE=O|H", "SCORE",
	    "float", "2", "1 + 1 = 2" },
	{ IMS "2_2/choice_multiple_rtl.xml", "RESPONSE=O|N", "SCORE",
	    "float", "0", "1 + default -2 = -1, lowerBound 0 -> 0" },
	{ SDK "items/response_constraints/choice_min_max.xml",
	    "RESPONSE=H|Cl", "SCORE", "float", "0", "1 - 1 = 0" },
	{ SDK "items/response_constraints/choice_min_max.xml", "", NULL,
	    "max", "2 mapping", "maxChoices 2: H + O = 2" },
	{ QW "testimplementation/dave/choice-min.xml",
	    "RESPONSE=ChoiceA|ChoiceC", "SCORE", "float", "2",
	    "A=1 + C=1 = 2, upperBound 2" },
	{ QW "testimplementation/dave/choice-min.xml",
	    "RESPONSE=ChoiceA|ChoiceC|ChoiceD", "SCORE", "float", "1",
	    "1 + 1 - 1 = 1" },
	{ QW "testimplementation/dave/choice-min.xml",
	    "RESPONSE=ChoiceA|ChoiceB", "SCORE", "float", "0",
	    "1 - 1 = 0" },
	{ IMS "2_1/associate.xml", "RESPONSE=P A|M C|L D", "SCORE", "float",
	    "4", "pairs are unordered: A P=2 + C M=1 + D L=1" },
	{ IMS "2_1/associate.xml", "RESPONSE=A P|A C", "SCORE", "float", "2",
	    "A P=2, A C unmapped default 0" },
	{ IMS "2_1/associate.xml", "", NULL, "max", "4 mapping",
	    "maxAssociations 3: 2 + 1 + 1" },
	{ IMS "2_1/gap_match.xml", "RESPONSE=W G1|Su G2", "SCORE", "float",
	    "3", "W G1=1 + Su G2=2" },
	{ IMS "2_1/gap_match.xml", "RESPONSE=W G1|Sp G2", "SCORE", "float",
	    "0", "1 + default -1 = 0" },
	{ IMS "2_1/gap_match.xml", "RESPONSE=G1 W|Su G2", "SCORE", "float",
	    "1", "directedPair: G1 W is not W G1, so -1 + 2 = 1" },
	{ IMS "2_1/gap_match.xml", "", NULL, "max", "3 mapping",
	    "1 + 2 = 3" },
	{ IMS "2_1/text_entry.xml", "RESPONSE=York", "SCORE", "float", "1",
	    "York=1" },
	{ IMS "2_1/text_entry.xml", "RESPONSE=york", "SCORE", "float", "0.5",
	    "york=0.5" },
	{ IMS "2_1/text_entry.xml", "RESPONSE=YORK", "SCORE", "float", "0",
	    "entries are case-sensitive: YORK unmapped, default 0" },
	{ IMS "2_1/text_entry.xml", "", NULL, "max", "1 mapping",
	    "a single string: the best entry, 1" },
	{ SDK "items/extended_text_empty_mapentry.xml", "RESPONSE=Albert",
	    "SCORE", "float", "2", "Albert=2" },
	{ SDK "items/extended_text_empty_mapentry.xml", "RESPONSE=albert",
	    "SCORE", "float", "1", "albert=1" },
	{ SDK "items/extended_text_empty_mapentry.xml", "RESPONSE=ALBERT",
	    "SCORE", "float", "0", "case-sensitive: unmapped, default 0" },
	{ SDK "items/extended_text_empty_mapentry.xml", "", "SCORE", "float",
	    "0", "isNull sets 0 before the empty mapKey could give -1" },

	/* custom processing */
	{ IMS "2_1/feedbackInline.xml", "RESPONSE=true", "SCORE", "float",
	    "10", "correct: SCORE takes MAXSCORE 10" },
	{ IMS "2_1/feedbackInline.xml", "RESPONSE=true", "FEEDBACK",
	    "identifier", "true", "FEEDBACK copies the response" },
	{ IMS "2_1/feedbackInline.xml", "RESPONSE=false", "SCORE", "float",
	    "0", "wrong: SCORE keeps its default 0" },
	{ IMS "2_1/feedbackInline.xml", "", "FEEDBACK", "identifier", "NULL",
	    "FEEDBACK copies the NULL response" },
	{ IMS "2_1/feedbackInline.xml", "", NULL, "max", "10 MAXSCORE",
	    "MAXSCORE declared 10" },
	{ IMS "2_1/modalFeedback.xml", "RESPONSE=true", "FEEDBACK",
	    "identifier", "correct", "true is correct" },
	{ IMS "2_1/modalFeedback.xml", "RESPONSE=false", "FEEDBACK",
	    "identifier", "incorrect", "false is wrong" },
	{ SDK "items/multiple_interactions.xml",
	    "RESPONSE=Choice_3;RESPONSE_1=Choice_1", "SCORE", "float", "7",
	    "mapResponse Choice_3=6, then + integer 1 for Choice_1" },
	{ SDK "items/multiple_interactions.xml", "RESPONSE=Choice_4",
	    "SCORE", "float", "3", "Choice_4=3, RESPONSE_1 NULL adds nothing" },
	{ SDK "items/multiple_interactions.xml",
	    "RESPONSE=Choice_5;RESPONSE_1=Choice_1", "SCORE", "float", "1",
	    "Choice_5 unmapped default 0, then + 1" },
	{ SAX "Choicemultiple_2014410822.xml",
	    "RESPONSE_13390220=choice_853818748|choice_693643701", "SCORE",
	    "float", "1", "both correct choices in any order: 0 + MAXSCORE 1" },
	{ SAX "Choicemultiple_2014410822.xml",
	    "RESPONSE_13390220=choice_853818748|choice_693643701",
	    "FEEDBACKBASIC", "identifier", "correct", "the elseIf branch" },
	{ SAX "Choicemultiple_2014410822.xml",
	    "RESPONSE_13390220=choice_693643701", "SCORE", "float", "0",
	    "one of the two is not a match" },
	{ SAX "Choicemultiple_2014410822.xml",
	    "RESPONSE_13390220=choice_693643701", "FEEDBACKBASIC",
	    "identifier", "incorrect", "the else branch" },
	{ SAX "Choicemultiple_2014410822.xml", "", "FEEDBACKBASIC",
	    "identifier", "empty", "isNull branch" },
	{ SAX "Choicemultiple_2014410822.xml", "", NULL, "max",
	    "1 MAXSCORE", "MAXSCORE declared 1" },
	{ SAX "Choicesingle_853928446.xml",
	    "RESPONSE_30705996=choice_685440446", "SCORE", "float", "1",
	    "the correct choice" },
	{ SAX "Choicesingle_853928446.xml",
	    "RESPONSE_30705996=choice_1542121788", "SCORE", "float", "0",
	    "a wrong choice" },
	{ SAX "Choicetruefalse_176040516.xml",
	    "RESPONSE_27628688=choice_1164834606", "SCORE", "float", "1",
	    "Richtig is correct" },
	{ SAX "Choicetruefalse_176040516.xml",
	    "RESPONSE_27628688=choice_1416143937", "SCORE", "float", "0",
	    "Falsch is wrong" },
	{ SAX "Matchsingle_143114773.xml", "RESPONSE=Match1403839 Match5570831"
	    "|Match4430647 Match8604807|Match5256823 Match2607634"
	    "|Match29886762 Match30518135", "SCORE", "float", "1",
	    "all four directed pairs, in another order" },
	{ SAX "Matchsingle_143114773.xml",
	    "RESPONSE=Match30518135 Match29886762"
	    "|Match5256823 Match2607634|Match4430647 Match8604807"
	    "|Match1403839 Match5570831", "SCORE", "float", "0",
	    "one pair reversed: a directedPair is ordered" },
	{ SAX "TextEntry_883368511.xml", "RESPONSE_1=fichtelberg", "SCORE",
	    "float", "1", "caseSensitive false: fichtelberg maps to 1" },
	{ SAX "TextEntry_883368511.xml", "RESPONSE_1=fichtelberg",
	    "FEEDBACKBASIC", "identifier", "correct",
	    "answered and SCORE equals MAXSCORE" },
	{ SAX "TextEntry_883368511.xml", "RESPONSE_1=Brocken", "FEEDBACKBASIC",
	    "identifier", "incorrect", "answered, SCORE 0 is not MAXSCORE" },
	{ SAX "TextEntrynumeric_770468849.xml", "RESPONSE_1=4.136", "SCORE",
	    "float", "1", "equal to the correct 4.136" },
	{ SAX "TextEntrynumeric_770468849.xml", "RESPONSE_1=4.35", "SCORE",
	    "float", "1", "relative 5% around the response: [4.1325, 4.5675]"
	    " holds 4.136" },
	{ SAX "TextEntrynumeric_770468849.xml", "RESPONSE_1=3.9", "SCORE",
	    "float", "0", "[3.705, 4.095] does not hold 4.136" },
	{ SAX "TextEntrynumeric_770468849.xml", "RESPONSE_1=4,136",
	    "FEEDBACKBASIC", "identifier", "empty",
	    "4,136 is no float: NULL, so the item counts as unanswered" },
	{ QW "ims/order_partial_scoring.xml",
	    "RESPONSE=DriverC|DriverA|DriverB", "SCORE", "float", "2",
	    "the correct order" },
	{ QW "ims/order_partial_scoring.xml",
	    "RESPONSE=DriverC|DriverB|DriverA", "SCORE", "float", "1",
	    "the elseIf order C, B, A" },
	{ QW "ims/order_partial_scoring.xml",
	    "RESPONSE=DriverA|DriverB|DriverC", "SCORE", "float", "0",
	    "any other order" },
	{ QW "ims/order_partial_scoring.xml", "", "SCORE", "float", "0",
	    "untouched: both matches NULL, so the else branch" },
	{ QW "stomp/chc_mulS.xml", "RESPONSE=ChoiceA|ChoiceB", "SCORE",
	    "float", "5", "mapResponse 4, then the correct response sets 5" },
	{ QW "stomp/chc_mulS.xml", "RESPONSE=ChoiceA|ChoiceB|ChoiceC",
	    "SCORE", "float", "2", "2 + 2 - 2 = 2, not the correct response" },
	{ QW "stomp/chc_mulS.xml", "RESPONSE=ChoiceA|ChoiceC", "SCORE",
	    "float", "0", "2 - 2 = 0" },
	{ QW "stomp/chc_mulS.xml", "RESPONSE=ChoiceB|ChoiceA", "FEEDBACK",
	    "identifier", "ChoiceB, ChoiceA", "FEEDBACK copies the response" },
	{ QW "stomp/chc_mulS.xml", "", NULL, "max", "5 normalMaximum",
	    "SCORE's normalMaximum 5" },
	{ QW "ims/feedback.xml", "RESPONSE=MGH001C", "SCORE", "float", "1",
	    "Vicente Fox is correct" },
	{ QW "ims/feedback.xml", "RESPONSE=MGH001A", "FEEDBACK",
	    "identifier", "MGH001A", "FEEDBACK copies the response" },
	{ QW "ims/hint.xml", "HINTREQUEST=true", "FEEDBACK", "identifier",
	    "HINT", "the hint was asked for" },
	{ QW "ims/hint.xml", "RESPONSE=MGH001C", "END_FEEDBACK",
	    "identifier", "CORRECT", "no hint (NULL is false), correct" },
	{ QW "ims/hint.xml", "RESPONSE=MGH001C", "SCORE", "float", "1",
	    "correct" },
	{ QW "testimplementation/WebDeveloperTest1/question8.xml",
	    "RESPONSE1=ChoiceB;RESPONSE2=Choice2", "SCORE", "float", "2",
	    "1, then 1 + 1" },
	{ QW "testimplementation/WebDeveloperTest1/question8.xml",
	    "RESPONSE2=Choice2", "SCORE", "float", "1", "default 0 + 1" },
	{ QW "testimplementation/WebDeveloperTest1/question8.xml",
	    "RESPONSE1=ChoiceA;RESPONSE2=Choice2", "SCORE", "float", "1",
	    "first wrong, second 0 + 1" },
	{ QW "upmc/exercise1.xml", "REPONSE0=Item1", "SCORE0", "float", "3",
	    "Item1 is the correct response" },
	{ QW "upmc/exercise1.xml", "REPONSE0=Item2", "SCORE0", "float", "-1",
	    "a wrong choice costs 1" },
	{ QW "upmc/exercise1.xml", "", "SCORE0", "float", "-1",
	    "unanswered: match NULL takes the else branch too" },
	{ QW "language/habenprompt.xml", "SINGLEFIRST=habe;SINGLESECOND=hast;"
	    "SINGLETHIRD=hat;PLURALFIRST=haben;PLURALSECOND=haben;"
	    "PLURALTHIRD=haben", "FEEDBACK", "identifier", "ALLCORRECT",
	    "six matches: SCORE 6" },
	{ QW "language/habenprompt.xml", "SINGLEFIRST=Habe;SINGLESECOND=hast;"
	    "SINGLETHIRD=hatt;PLURALFIRST=haben;PLURALSECOND=haben;"
	    "PLURALTHIRD=haben", "SCORE", "float", "4",
	    "Habe (case) and hatt are wrong: 4" },
	{ QW "language/habenprompt.xml", "SINGLEFIRST=Habe;SINGLESECOND=hast;"
	    "SINGLETHIRD=hatt;PLURALFIRST=haben;PLURALSECOND=haben;"
	    "PLURALTHIRD=haben", "FEEDBACK", "identifier",
	    "MOSTCORRECT, CONJUGATION", "4 >= 4" },
	{ QW "language/habenprompt.xml", "", "FEEDBACK", "identifier",
	    "WRONG, CONJUGATION", "nothing answered: 0" },
	{ QW "regressions/extendedTextInteraction-multiple1.xml",
	    "RESPONSE=one|two", "RESPONSE_COPY", "string", "one, two",
	    "an ordered string response copied" },
	{ QW "regressions/textEntryInteraction-record.xml", "RESPONSE=abc",
	    "RESPONSE_COPY", "none", "NULL",
	    "a record cannot come from a result file: NULL" },
	{ JQ "item/mapResponse/MapResponse-Single.xml", "RESPONSE=C",
	    "OUTCOME", "float", "0.5", "C=0.5" },
	{ JQ "item/mapResponse/MapResponse-Single.xml", "RESPONSE=E",
	    "OUTCOME", "float", "-1", "E unmapped: default -1" },
	{ JQ "item/mapResponse/MapResponse-Single.xml", "", "OUTCOME",
	    "float", "-1", "a NULL single maps to defaultValue -1" },
	{ TAO "custom_rule/custom_map_response_choice_multiple.xml",
	    "RESPONSE=H|O", "SCORE", "integer", "2",
	    "1 + 1 = float 2, into integer SCORE exactly" },
	{ TAO "custom_rule/custom_map_response_choice_multiple.xml",
	    "RESPONSE=H|C", "SCORE", "integer", "0",
	    "1 + default -2 = -1, lowerBound 0" },
	{ TAO "custom_rule/custom_order_partial_scoring.xml",
	    "RESPONSE=DriverC|DriverB|DriverA", "SCORE", "integer", "1",
	    "the elseIf order" },
	{ TAO "custom_rule/shakespeare.xml", "response_1=choice_1;"
	    "response_2=choice_4;response_3=writer;response_4=Bard;"
	    "response_5=group_1 choice_7|group_2 choice_8|group_3 choice_9"
	    "|group_4 choice_10;response_6=choice_12|choice_13", "SCORE",
	    "integer", "5", "1 + 1 + 0.5 + 0.5 + 1 + 1; 2.5 is kept as a float"
	    " and 3.0 becomes integer 3 again" },
	{ TAO "custom_rule/shakespeare.xml", "response_3=writer", "SCORE_3",
	    "float", "0.5", "writer=0.5 has no integer value, so it stays"
	    " a float" },
	{ TAO "custom_rule/shakespeare.xml", "response_3=poet", "SCORE",
	    "integer", "1", "poet=1: 0 + 1.0 = 1 exactly" },
	{ TAO "custom_rule/shakespeare.xml", "response_5=choice_7 group_1|"
	    "choice_8 group_2|choice_9 group_3|choice_10 group_4", "SCORE_5",
	    "integer", "0", "the item writes gap then text; text then gap"
	    " does not match a directedPair" },
	{ TAO "xml/qtiv2p1/responseProcessing/"
	    "map_response_three_text_entry_dichotomous.xml",
	    "RESPONSE=orange;RESPONSE_1=BANANA", "SCORE", "float", "1",
	    "case-insensitive entries: TEMP_SCORE 2 >= 2" },
	{ TAO "xml/qtiv2p1/responseProcessing/"
	    "map_response_three_text_entry_dichotomous.xml",
	    "RESPONSE=Oranges;RESPONSE_2=pear", "SCORE", "float", "0",
	    "TEMP_SCORE 1 < 2" },
	{ TAO "xml/qtiv2p1/responseProcessing/templateDriven/"
	    "match_choices_single_cardinality.xml", "RESPONSE=choice_1",
	    "SCORE", "float", "0", "no correctResponse: match is NULL" },
	{ TAO "xml/qtiv2p1/responseProcessing/templateDriven/"
	    "match_choices_single_cardinality.xml", "RESPONSE=choice_3",
	    "FEEDBACK_1", "identifier", "feedbackModal_1",
	    "choice_3 sets the feedback" },
	{ TAO "xml/qtiv2p1/tableInteractions.xml", "TABLES_ITEM_A1=308653;"
	    "TABLES_ITEM_B3=4067;TABLES_ITEM_C2=25;TABLES_ITEM_D2=4", "SCORE",
	    "float", "0", "the correct strings have line breaks and spaces"
	    " around them, and strings compare exactly" },
	{ TAO "xml/qtiv2p1/tableInteractions.xml",
	    "TABLES_ITEM_A1=\n        308653\n      ", "SCORE", "float", "1",
	    "the same text with the same spaces matches" },
	{ TAO "xml/qtiv2p1/qtiRecordResponse.xml", "RESPONSE=0", "SCORE",
	    "float", "0", "a record response cannot be read: NULL, else 0" },
};

static int
check_max(const struct golden *g, const struct rp_result *res)
{
	char got[128];

	if (res->has_max)
		snprintf(got, sizeof got, "%g %s", res->max_score,
		    res->max_source);
	else
		snprintf(got, sizeof got, "none");
	if (strcmp(got, g->want) == 0)
		return (0);
	print_error("%s: max is '%s', not '%s' (%s)\n", g->path, got, g->want,
	    g->why);
	return (-1);
}

static int
check_outcome(const struct golden *g, const struct rp_result *res)
{
	const struct rp_value *v = rp_result_outcome(res, g->outcome);
	char *text;
	int rc = 0;

	if (v == NULL) {
		print_error("%s: no outcome %s\n", g->path, g->outcome);
		return (-1);
	}
	text = rp_value_text(v);
	if (strcmp(text, g->want) != 0 ||
	    strcmp(qti_base_type_name(v->type), g->type) != 0) {
		print_error("%s [%s]: %s is %s %s, not %s %s (%s)\n", g->path,
		    g->responses, g->outcome, qti_base_type_name(v->type),
		    text, g->type, g->want, g->why);
		rc = -1;
	}
	free(text);
	return (rc);
}

static void
test_corpus_goldens(void **state)
{
	struct rp_item *item = NULL;
	struct rp_result res;
	const char *loaded = "";
	size_t i, failed = 0;

	for (i = 0; i < sizeof goldens / sizeof *goldens; i++) {
		const struct golden *g = &goldens[i];

		if (strcmp(loaded, g->path) != 0) {
			rp_item_free(item);
			item = rpf_corpus_item(g->path);
			loaded = g->path;
		}
		rpf_run(item, g->responses, &res);
		if (strcmp(g->type, "max") == 0 ? check_max(g, &res) :
		    check_outcome(g, &res))
			failed++;
		rp_result_free(&res);
	}
	rp_item_free(item);
	assert_int_equal(failed, 0);
}

/* The two tableInteractions and shakespeare notes, checked by count. */
static void
test_corpus_notes(void **state)
{
	struct rp_item *item = rpf_corpus_item(TAO
	    "xml/qtiv2p1/tableInteractions.xml");
	struct rp_result res;

	/* four padded correct responses, one warning each */
	assert_int_equal(rp_item_warnings(item)->n, 4);
	rp_item_free(item);

	item = rpf_corpus_item(TAO "custom_rule/shakespeare.xml");
	rpf_run(item, "response_3=writer;response_4=Bard", &res);
	/* SCORE 0.5, SCORE_3 0.5, SCORE_4 0.5 kept as floats; SCORE 1.0
	 * after Bard converts back to integer without a note */
	assert_int_equal(res.notes.n, 3);
	rpf_expect_int(&res, "SCORE", 1);
	rp_result_free(&res);
	rp_item_free(item);
}

/* Items that cannot be marked are rejected with the reason. */
static void
test_corpus_rejects(void **state)
{
	static const struct {
		const char	*path;
		const char	*reason;
	} rejects[] = {
		{ IMS "2_1/adaptive.xml", "'random' is not supported" },
		{ SDK "items/versiondetection_20_leading.xml",
		    "templateProcessing is not supported" },
		{ SDK "items/2_2/biditorture1.xml",
		    "map_response template cannot run" },
		{ "qti-sdk/invalid/noversion.xml", "no QTI namespace" },
	};
	char err[ERR_LEN], *path, *buf;
	struct rp_item *item;
	size_t i, len;

	for (i = 0; i < sizeof rejects / sizeof *rejects; i++) {
		if (asprintf(&path, "%s/%s", getenv("CORPUS"),
		    rejects[i].path) < 0)
			abort();
		assert_int_equal(util_read_file(path, 1 << 24, &buf, &len,
		    err), 0);
		item = rp_item_parse(buf, len, rejects[i].path, err);
		assert_null(item);
		if (strstr(err, rejects[i].reason) == NULL)
			fail_msg("%s: '%s' lacks '%s'", rejects[i].path, err,
			    rejects[i].reason);
		free(buf);
		free(path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_goldens),
		cmocka_unit_test(test_corpus_notes),
		cmocka_unit_test(test_corpus_rejects),
	};
	const char *corpus = getenv("CORPUS");
	struct stat st;

	if (corpus == NULL || stat(corpus, &st) == -1) {
		printf("no QTI corpus: set CORPUS to its folder\n");
		return (77);
	}
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
