#!/bin/sh
# Write a QTI 2.1 content package of ITEMS items (default 200) for the
# benchmarks: DIR/package/ contains imsmanifest.xml, test.xml and
# items/qNNN.xml, and DIR/package.zip is the same files zipped.
#
#   tests/bench/gen-package.sh DIR [ITEMS]
#
# Items take turns: single choice, text entry, order, match, multiple
# choice, text entry, order, match, and so on.  Every item has its own
# title, stem, prompt and choice texts, built from word lists, so that no
# two items are byte for byte alike.  The test has four sections and a
# two-hour time limit.
set -eu

usage() {
	echo "usage: tests/bench/gen-package.sh DIR [ITEMS]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
DIR=$1
ITEMS=${2:-200}
case "$ITEMS" in
''|*[!0-9]*) usage ;;
esac
[ "$ITEMS" -ge 4 ] && [ "$ITEMS" -le 999 ] || {
	echo "gen-package.sh: ITEMS must be from 4 to 999: $ITEMS" >&2
	exit 2
}
command -v zip >/dev/null || {
	echo "gen-package.sh: zip is not installed: run" \
	    "scripts/install-deps" >&2
	exit 2
}

PKG=$DIR/package
rm -rf "$PKG" "$DIR/package.zip"
mkdir -p "$PKG/items"

awk -v items="$ITEMS" -v out="$PKG" '
BEGIN {
	nt = split("backup firewall router printer laptop tablet server " \
	    "keyboard scanner camera phone monitor modem switch badge " \
	    "locker archive mailbox calendar ledger", topic, " ")
	na = split("storage power cabling labelling cleaning testing " \
	    "updating moving sharing lending", aspect, " ")
	nv = split("checks records replaces inspects reports logs " \
	    "photographs measures counts signs", verb, " ")
	nw = split("Monday Tuesday Wednesday Thursday Friday Saturday " \
	    "Sunday", day, " ")
	split("A B C D", letter, " ")
	head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	ns = "xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\""
	rp = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/" \
	    "match_correct"
	for (i = 1; i <= items; i++)
		write_item(i)
	write_test()
	write_manifest()
}

function id(i) { return sprintf("q%03d", i) }
function t(i) { return topic[(i - 1) % nt + 1] }
function a(i) { return aspect[int((i - 1) / nt) % na + 1] }

# A stem of two sentences that no other item has.
function stem(i,    s) {
	s = "In room " (100 + i) " the " t(i) " team " verb[i % nv + 1] \
	    " the " a(i) " of each " t(i + 3) " every " day[i % nw + 1] "."
	s = s " The last review found " (i * 7 % 23 + 2) " open points " \
	    "and " (i * 11 % 17 + 1) " closed ones."
	return s
}

function decl(i, card, base, correct,    f, n, v, k) {
	f = out "/items/" id(i) ".xml"
	print "  <responseDeclaration identifier=\"RESPONSE\" " \
	    "cardinality=\"" card "\" baseType=\"" base "\">" > f
	print "    <correctResponse>" > f
	n = split(correct, v, ",")
	for (k = 1; k <= n; k++)
		print "      <value>" v[k] "</value>" > f
	print "    </correctResponse>" > f
	print "  </responseDeclaration>" > f
	print "  <outcomeDeclaration identifier=\"SCORE\" " \
	    "cardinality=\"single\" baseType=\"float\">" > f
	print "    <defaultValue><value>0</value></defaultValue>" > f
	print "  </outcomeDeclaration>" > f
	print "  <itemBody>" > f
	print "    <p>" stem(i) "</p>" > f
}

function choices(i, f,    k) {
	for (k = 1; k <= 4; k++)
		print "      <simpleChoice identifier=\"" letter[k] "\">" \
		    "Option " k " for item " i ": the " t(i + k) " " \
		    a(i + k) " plan, version " (i * 4 + k) \
		    "</simpleChoice>" > f
}

function choice(i, f, multiple) {
	if (multiple)
		decl(i, "multiple", "identifier", "A,C")
	else
		decl(i, "single", "identifier", "B")
	print "    <choiceInteraction responseIdentifier=\"RESPONSE\" " \
	    "shuffle=\"true\" maxChoices=\"" (multiple ? 2 : 1) "\">" > f
	print "      <prompt>Which plan should the " t(i) " team follow " \
	    "for item " i "?</prompt>" > f
	choices(i, f)
	print "    </choiceInteraction>" > f
}

function text_entry(i, f) {
	decl(i, "single", "string", "w" i)
	print "    <p>The code word for item " i " is <textEntryInteraction " \
	    "responseIdentifier=\"RESPONSE\" expectedLength=\"8\"/>.</p>" > f
}

function order(i, f) {
	decl(i, "ordered", "identifier", "D,C,B,A")
	print "    <orderInteraction responseIdentifier=\"RESPONSE\" " \
	    "shuffle=\"true\">" > f
	print "      <prompt>Put the steps for item " i " in order, " \
	    "first step at the top.</prompt>" > f
	choices(i, f)
	print "    </orderInteraction>" > f
}

function match_item(i, f,    k) {
	decl(i, "multiple", "directedPair", "S1 T1,S2 T2,S3 T3")
	print "    <matchInteraction responseIdentifier=\"RESPONSE\" " \
	    "shuffle=\"true\" maxAssociations=\"3\">" > f
	print "      <prompt>Match each " t(i) " task of item " i \
	    " to its day.</prompt>" > f
	print "      <simpleMatchSet>" > f
	for (k = 1; k <= 3; k++)
		print "        <simpleAssociableChoice identifier=\"S" k \
		    "\" matchMax=\"1\">Task " k " of item " i ": " \
		    a(i + k) " of the " t(i + k) "</simpleAssociableChoice>" > f
	print "      </simpleMatchSet>" > f
	print "      <simpleMatchSet>" > f
	for (k = 1; k <= 3; k++)
		print "        <simpleAssociableChoice identifier=\"T" k \
		    "\" matchMax=\"1\">" day[(i + k) % nw + 1] " week " \
		    (i % 52 + k) "</simpleAssociableChoice>" > f
	print "      </simpleMatchSet>" > f
	print "    </matchInteraction>" > f
}

function write_item(i,    f, kind) {
	f = out "/items/" id(i) ".xml"
	print head > f
	print "<assessmentItem " ns " identifier=\"" id(i) "\" title=\"" \
	    "Item " i ": " t(i) " " a(i) "\" adaptive=\"false\" " \
	    "timeDependent=\"false\">" > f
	kind = (i - 1) % 4
	if (kind == 0)
		choice(i, f, (i - 1) % 8 == 4)
	else if (kind == 1)
		text_entry(i, f)
	else if (kind == 2)
		order(i, f)
	else
		match_item(i, f)
	print "  </itemBody>" > f
	print "  <responseProcessing template=\"" rp "\"/>" > f
	print "</assessmentItem>" > f
	close(f)
}

function write_test(    f, i, s, per) {
	f = out "/test.xml"
	per = int((items + 3) / 4)
	print head > f
	print "<assessmentTest " ns " identifier=\"bench\" " \
	    "title=\"Benchmark test of " items " items\">" > f
	print "  <timeLimits maxTime=\"7200\"/>" > f
	print "  <testPart identifier=\"part1\" navigationMode=\"nonlinear\" " \
	    "submissionMode=\"simultaneous\">" > f
	for (i = 1; i <= items; i++) {
		if ((i - 1) % per == 0) {
			s = int((i - 1) / per) + 1
			if (s > 1)
				print "    </assessmentSection>" > f
			print "    <assessmentSection identifier=\"s" s \
			    "\" title=\"Section " s "\" visible=\"true\">" > f
		}
		print "      <assessmentItemRef identifier=\"" id(i) \
		    "\" href=\"items/" id(i) ".xml\"/>" > f
	}
	print "    </assessmentSection>" > f
	print "  </testPart>" > f
	print "</assessmentTest>" > f
	close(f)
}

function write_manifest(    f, i) {
	f = out "/imsmanifest.xml"
	print head > f
	print "<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" " \
	    "identifier=\"bench-package\">" > f
	print "  <metadata>" > f
	print "    <schema>QTIv2.1 Package</schema>" > f
	print "    <schemaversion>1.0.0</schemaversion>" > f
	print "  </metadata>" > f
	print "  <organizations/>" > f
	print "  <resources>" > f
	print "    <resource identifier=\"test\" " \
	    "type=\"imsqti_test_xmlv2p1\" href=\"test.xml\">" > f
	print "      <file href=\"test.xml\"/>" > f
	for (i = 1; i <= items; i++)
		print "      <dependency identifierref=\"item-" id(i) \
		    "\"/>" > f
	print "    </resource>" > f
	for (i = 1; i <= items; i++) {
		print "    <resource identifier=\"item-" id(i) "\" " \
		    "type=\"imsqti_item_xmlv2p1\" href=\"items/" id(i) \
		    ".xml\">" > f
		print "      <file href=\"items/" id(i) ".xml\"/>" > f
		print "    </resource>" > f
	}
	print "  </resources>" > f
	print "</manifest>" > f
	close(f)
}'

(cd "$PKG" && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
    zip -X -D -q -9 -@ "$(cd .. && pwd)/package.zip")
echo "$DIR/package.zip: $ITEMS items"
