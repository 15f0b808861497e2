#!/bin/sh
# examstick report: scores by section and by category, the HTML page
# (escaped text, SVG charts, no scripts), the CSV file, and QTI 2.1
# assessmentResult documents that validate against the IMS schema.
set -eu
es=$BUILD/bin/examstick
xsd=$TOP/tests/data/ims/imsqti_result_v2p1.xsd
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

# Two sections; the second title has an ampersand to escape.
mkdir sec cat results
for d in sec cat; do
	choice_item $d/q1.xml q1 A
	choice_item $d/q2.xml q2 B
	choice_item $d/q3.xml q3 A
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

r_centre=77 r_test=unit-2 r_title=Unit%202 r_attempt=1
r_start=2026-12-17T09:00:00Z r_end=2026-12-17T09:20:00Z
r_used=1200 r_allowed=1800
# result ID CANDIDATE NAME RESPONSE-LINE...: results/ID.result.
result() {
	r_candidate=$2 r_name=$3
	id=$1
	shift 3
	result_write "$id" "$@"
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
