#!/bin/sh
# examstick report: scores by section and by category, the HTML page
# (escaped text, SVG charts, no scripts), the CSV file, and QTI 2.1
# assessmentResult documents that validate against the IMS schema.
set -eu
es=$BUILD/bin/examstick
xsd=$TOP/tests/data/ims/imsqti_result_v2p1.xsd
cd "$TESTDIR"

fail() {
	echo "report.sh: $*"
	exit 1
}

# expect STATUS COMMAND...: run it, keep stdout in out and stderr in err.
expect() {
	want=$1
	shift
	set +e
	"$@" >out 2>err
	got=$?
	set -e
	[ "$got" -eq "$want" ] ||
	    fail "'$*' exited $got, expected $want; stderr: $(cat err)"
}

has() {
	grep -qxF -- "$1" out || fail "no line '$1' in: $(cat out)"
}

ns=http://www.imsglobal.org/xsd/imsqti_v2p1
rpt=http://www.imsglobal.org/question/qti_v2p1/rptemplates
# item ID CORRECT: a single-choice item worth 1.
item() {
	cat >"$1/$2.xml" <<XML
<assessmentItem xmlns="$ns" identifier="$2" title="$2" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single"
      baseType="identifier"><correctResponse><value>$3</value>
  </correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single"
      baseType="float"/>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE"
      maxChoices="1"><simpleChoice identifier="A">a</simpleChoice>
    <simpleChoice identifier="B">b</simpleChoice></choiceInteraction>
  </itemBody>
  <responseProcessing template="$rpt/match_correct"/>
</assessmentItem>
XML
}

# Two sections; the second title has an ampersand to escape.
mkdir sec cat results
for d in sec cat; do
	item $d q1 A
	item $d q2 B
	item $d q3 A
done
cat >sec/test.xml <<XML
<assessmentTest xmlns="$ns" identifier="unit-2" title="Unit 2">
  <testPart identifier="p" navigationMode="nonlinear"
      submissionMode="simultaneous">
    <assessmentSection identifier="s1" title="Reading" visible="true">
      <assessmentItemRef identifier="q1" href="q1.xml"/>
      <assessmentItemRef identifier="q2" href="q2.xml"/>
    </assessmentSection>
    <assessmentSection identifier="s2" title="Writing &amp; more"
        visible="true">
      <assessmentItemRef identifier="q3" href="q3.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>
XML
# One section, so the categories of the items group the scores.
cat >cat/test.xml <<XML
<assessmentTest xmlns="$ns" identifier="unit-2" title="Unit 2">
  <testPart identifier="p" navigationMode="nonlinear"
      submissionMode="simultaneous">
    <assessmentSection identifier="s1" title="All" visible="true">
      <assessmentItemRef identifier="q1" href="q1.xml" category="algebra"/>
      <assessmentItemRef identifier="q2" href="q2.xml"
          category="geometry extra"/>
      <assessmentItemRef identifier="q3" href="q3.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>
XML

# result ID CANDIDATE NAME RESPONSE-LINE...: an unsigned result file.
result() {
	id=$1 cand=$2 name=$3
	shift 3
	{
		echo "examstick result 1"
		echo "id: $id"
		echo "centre: 77"
		echo "stick: 0123456789ABCDEF"
		echo "candidate: $cand"
		echo "name: $name"
		echo "test: unit-2"
		echo "title: Unit%202"
		echo "attempt: 1"
		echo "start: 2026-12-17T09:00:00Z"
		echo "end: 2026-12-17T09:20:00Z"
		echo "time-used: 1200"
		echo "time-allowed: 1800"
		echo "end-reason: submitted"
		echo "machine: m"
		echo "journal: attempts/$id.journal"
		echo "journal-records: 3"
		echo "journal-head: $(printf '%064d' 0)"
		for line in "$@"; do
			echo "response: $line"
		done
	} >"results/$id.result"
}

result 1001-unit-2-1 1001 "%3Cscript%3Ealert(1)%3C/script%3E%20%26%20Co" \
    "q1 RESPONSE A" "q2 RESPONSE B" "q3 RESPONSE A"
result C2-unit-2-1 C2 "Bo" "q1 RESPONSE A" "q2 RESPONSE A"
result C3-unit-2-1 C3 "Cy" "q3 RESPONSE B"

expect 0 "$es" report --items sec/test.xml --pass-mark 2 --html r.html \
    --csv r.csv --qti-results qti results
has "Results by attempt, with the score by section"
has "Attempt C2-unit-2-1: candidate C2 Bo, centre 77, attempt 1"
has "  total: 1 of 3, 33.3%, fail"
has '  section "Reading": 1 of 2, 50.0%'
has '  section "Writing & more": 0 of 1, 0.0%'
has '  section "Writing & more": 1 of 1, 100.0%'
has "Pass mark 2: 1 of 3 decided attempts passed, pass rate 33.3%"
has "Total: mean 1.33 (44.4%), standard deviation 1.53, median 1, lowest 0, highest 3"

# The CSV file: a header and one line per attempt.
[ "$(wc -l <r.csv)" -eq 4 ] || fail "CSV lines: $(cat r.csv)"
head -1 r.csv | grep -qxF 'attempt,centre,stick,candidate,name,test,attempt_number,start,end,total,max,percent,result,section Reading,section Reading max,section Writing & more,section Writing & more max,q1,q2,q3' ||
    fail "CSV header: $(head -1 r.csv)"
grep -qxF 'C2-unit-2-1,77,0123456789ABCDEF,C2,Bo,unit-2,1,2026-12-17T09:00:00Z,2026-12-17T09:20:00Z,1,3,33.3,fail,1,2,0,1,1,0,0' r.csv ||
    fail "CSV line: $(cat r.csv)"

# Every QTI document validates against the IMS schema.
[ "$(ls qti | wc -l)" -eq 3 ] || fail "QTI files: $(ls qti)"
xmllint --noout --schema "$xsd" qti/*.xml 2>err ||
    fail "QTI results do not validate: $(cat err)"
grep -q '<sessionIdentifier sourceID="urn:examstick:candidate" identifier="1001"/>' \
    qti/1001-unit-2-1.xml || fail "no candidate: $(cat qti/1001-unit-2-1.xml)"
grep -q 'sourcedId="1001"' qti/1001-unit-2-1.xml &&
    fail "1001 is not an NCName, so it cannot be sourcedId"
[ "$(xmllint --xpath 'string(//*[local-name()="testResult"]/*[@identifier="SCORE"]/*)' \
    qti/C2-unit-2-1.xml)" = 1 ] || fail "test SCORE of C2"
[ "$(xmllint --xpath 'string(//*[local-name()="itemResult"][@identifier="q2"]//*[local-name()="candidateResponse"]/*)' \
    qti/C2-unit-2-1.xml)" = A ] || fail "response of C2 to q2"

# The page: well formed for an HTML parser, text escaped, no script,
# both charts.
xmllint --html --noout r.html 2>err || fail "HTML: $(cat err)"
grep -q "<script" r.html && fail "a name became a script element"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co' r.html ||
    fail "the name is not escaped"
[ "$(grep -c '<svg' r.html)" -eq 2 ] || fail "not two SVG charts"
grep -q 'aria-label="Score distribution"' r.html || fail "no histogram"
grep -q 'aria-label="Facility per item"' r.html || fail "no facility chart"
grep -Eq '(src|href)=' r.html && fail "the page refers to other files"

# Without sections, the first category of each item; none: uncategorised.
expect 0 "$es" report --items cat/test.xml results
has "Results by attempt, with the score by category"
has '  category "algebra": 1 of 1, 100.0%'
has '  category "geometry": 0 of 1, 0.0%'
has '  category "uncategorised": 0 of 1, 0.0%'

# No groups at all for a package of loose items.
result C4-unit-2-1 C4 "Di" "q1 RESPONSE A"
expect 0 "$es" report --items sec/q1.xml results/C4-unit-2-1.result
has "Results by attempt"
grep -q '^  section\|^  category' out && fail "groups: $(cat out)"

# Outputs that cannot be written.
expect 2 "$es" report --items sec/test.xml --html no/such/dir/r.html \
    results
grep -q "no/such/dir" err || fail "$(cat err)"
echo "report.sh: ok"
