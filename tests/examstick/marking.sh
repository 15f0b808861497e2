#!/bin/sh
# examstick mark, report, certificates and fees on a package folder and
# result files written here: the lines printed, the CSV, the dispatch
# date, the ledger with a retake, and the exit status (0 done, 1 a result
# or item could not be marked or charged, 2 usage or unreadable input).
set -eu
es=$BUILD/bin/examstick
holidays=$TOP/config/bank-holidays-england-wales.txt
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

mkdir -p pkg results
choice_item pkg/q1.xml q1 B One
cat >pkg/q2.xml <<XML
<assessmentItem xmlns="$ns" identifier="q2" title="Two" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="multiple"
      baseType="identifier"><mapping defaultValue="-1" lowerBound="0">
    <mapEntry mapKey="A" mappedValue="1.5"/>
    <mapEntry mapKey="C" mappedValue="1.5"/></mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single"
      baseType="float"/>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE"
      maxChoices="0"><simpleChoice identifier="A">a</simpleChoice>
    <simpleChoice identifier="B">b</simpleChoice>
    <simpleChoice identifier="C">c</simpleChoice></choiceInteraction>
  </itemBody>
  <responseProcessing template="$rpt/map_response"/>
</assessmentItem>
XML
cat >pkg/imsmanifest.xml <<XML
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
  <organizations/><resources>
    <resource identifier="R1" type="imsqti_item_xmlv2p1" href="q1.xml">
      <file href="q1.xml"/></resource>
    <resource identifier="R2" type="imsqti_item_xmlv2p1" href="q2.xml">
      <file href="q2.xml"/></resource>
  </resources>
</manifest>
XML

r_centre=CEN%2C1 r_name=Ada%20Lovelace r_test=unit-1 r_title=Unit%201
r_used=60 r_allowed=600
# result ID CANDIDATE NUMBER START RESPONSE-LINE...: results/ID.result,
# ending when it starts.
result() {
	r_candidate=$2 r_attempt=$3 r_start=$4 r_end=$4
	id=$1
	shift 4
	result_write "$id" "$@"
}

# 1 + (1.5 + 1.5) = 4 of 4
result C1-unit-1-1 C1 1 2026-12-17T09:00:00Z "q1 RESPONSE B" \
    "q2 RESPONSE A C"
# 0 + (1.5 - 1) = 0.5 of 4
result C2-unit-1-1 C2 1 2026-12-17T10:00:00Z "q1 RESPONSE A" \
    "q2 RESPONSE A B"
# a retake: 1 + 1.5 = 2.5 of 4
result C2-unit-1-2 C2 2 2026-12-18T09:00:00Z "q1 RESPONSE B" \
    "q2 RESPONSE A"

expect 0 "$es" mark --items pkg --pass-mark 60% results
has "attempt C1-unit-1-1: candidate C1 Ada Lovelace, centre CEN,1, test unit-1, attempt 1"
has "  q2                            3          3"
has "  total                         4          4  100.0%  pass"
has "  total                       0.5          4  12.5%  fail"
has "  total                       2.5          4  62.5%  pass"

expect 0 "$es" mark --csv -i pkg results/C2-unit-1-1.result
has "attempt,centre,candidate,name,test,attempt_number,total,max,percent,result,q1,q2"
has 'C2-unit-1-1,"CEN,1",C2,Ada Lovelace,unit-1,1,0.5,4,12.5,,0,0.5'

expect 0 "$es" report -i pkg -p 60% results
has 'Test M "M": 3 attempts, 2 items, maximum 4'
has "Total: mean 2.33 (58.3%), standard deviation 1.76, median 2.5, lowest 0.5, highest 4"
has "Pass mark 60%: 2 of 3 decided attempts passed, pass rate 66.7%"
has "  10-19%       1  ##################################################"

# Uploaded Friday 18 December 2026: dispatch Wednesday 6 January 2027,
# past Christmas, the Boxing Day substitute and New Year's Day.
expect 0 "$es" certificates -i pkg -p 60% -H "$holidays" -u 2026-12-18 \
    results
has "centre,candidate,name,test,attempt,attempt_number,score,max,uploaded,dispatch"
has '"CEN,1",C1,Ada Lovelace,unit-1,C1-unit-1-1,1,4,4,2026-12-18,2027-01-06'
has '"CEN,1",C2,Ada Lovelace,unit-1,C2-unit-1-2,2,2.5,4,2026-12-18,2027-01-06'
[ "$(wc -l <out)" -eq 3 ] || fail "the failed attempt is listed: $(cat out)"

# Counting into 2029, whose holidays are not listed, is refused.
expect 2 "$es" certificates -i pkg -p 60% -H "$holidays" -u 2028-12-27 \
    results
grep -q "bank holidays of 2029 are not listed" err || fail "$(cat err)"

printf 'test,fee,retake_fee\nunit-1,25.00,18.50\n' >fees.csv
cp results/C2-unit-1-2.result results/copy.result
expect 0 "$es" fees --fees fees.csv results
has "centre,candidate,test,attempt,attempt_number,date,fee,retake"
has '"CEN,1",C1,unit-1,C1-unit-1-1,1,2026-12-17,25.00,no'
has '"CEN,1",C2,unit-1,C2-unit-1-2,2,2026-12-18,18.50,yes'
[ "$(wc -l <out)" -eq 4 ] || fail "a copy was charged twice: $(cat out)"
grep -q "was read already" err || fail "the copy was not reported"
rm results/copy.result
expect 0 "$es" fees --fees fees.csv --totals results
has '"CEN,1",3,1,68.50'

printf 'test,fee\nunit-2,10\n' >other.csv
expect 1 "$es" fees --fees other.csv results
grep -q "^examstick: fees: other.csv: result C1-unit-1-1: test 'unit-1' has no fee in the fee list" err ||
    fail "$(cat err)"

# A response to an item that the package lacks cannot be marked.
result C3-unit-1-1 C3 1 2026-12-17T09:00:00Z "q9 RESPONSE A"
expect 1 "$es" mark -i pkg results/C3-unit-1-1.result
grep -q "item 'q9' of the result is not in the items given" err ||
    fail "$(cat err)"
has "  total                         0          4  0.0%  not fully marked"

printf 'not a result\n' >bad.result
expect 1 "$es" mark -i pkg bad.result
grep -q "bad.result: not a result file" err || fail "$(cat err)"
expect 2 "$es" mark results
expect 2 "$es" mark -i pkg --bundle b.tar
grep -q "bundles need --centre-key" err || fail "$(cat err)"
expect 2 "$es" mark -i pkg --bundle b.tar --centre-key missing.pub
expect 2 "$es" mark -i pkg -p 120% results
expect 2 "$es" mark -i missing.zip results
expect 0 "$es" mark --help
grep -q "^usage: examstick mark" out || fail "no usage"
echo "marking.sh: ok"
