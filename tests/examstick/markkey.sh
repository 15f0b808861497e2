#!/bin/sh
# examstick mark and report with --key: the demo package packed with a
# pass mark, then results marked from the signed marking key and the
# sealed package.  The marks must equal those from the original package,
# and a changed key, a wrong release code, a key of another package and
# attempts at another test must be caught.
set -eu
es=$BUILD/bin/examstick
zip=$BUILD/demo-stick/examstick/packages/esecurity.zip
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

[ -f "$zip" ] || fail "no demo package $zip: run make tests"
minisign -G -W -p body.pub -s body.key >/dev/null
minisign -G -W -p other.pub -s other.key >/dev/null
expect 0 "$es" pack "$zip" --key body.key --out es.estp --pass-mark 60%
sed -n 's/^release code: //p' out >code
[ -s code ] || fail "no release code: $(cat out)"

r_centre=12345 r_name=Grace%20Hopper r_title=e-Security r_attempt=1
r_start=2026-12-17T09:00:00Z r_end=2026-12-17T09:30:00Z
r_used=1500 r_allowed=1800
# result ID CANDIDATE TEST RESPONSE-LINE...: results/ID.result.
mkdir results
result() {
	r_candidate=$2 r_test=$3
	id=$1
	shift 3
	result_write "$id" "$@"
}

t=esecurity-practice
result C1-$t-1 C1 $t "es01 RESPONSE C" "es02 RESPONSE A B" \
    "es03 RESPONSE factor" "es04 RESPONSE OUT" \
    "es05 RESPONSE TRUST CHANGE TWOSTEP CHECK" "es06 RESPONSE R3" \
    "es07 RESPONSE Long%20and%20unique" "es08 RESPONSE SENDER" \
    "es09 RESPONSE PHISH%20TRICK RANSOM%20LOCK SPY%20WATCH WORM%20SPREAD" \
    "es10 RESPONSE URGENT LINK GIFT" \
    "es11 RESPONSE SENDER%20G1 UPDATES%20G2 STORE%20G3" \
    "es12 RESPONSE malware" "es13 RESPONSE PHISH%20CHECK RANSOM%20BACKUP" \
    "es14 RESPONSE CLOSE" "es15 RESPONSE AWAY" \
    "es16 RESPONSE UNPLUG REPORT CLEAN RESTORE" \
    "es17 RESPONSE BANK%20CONF MENU%20PUB" "es18 RESPONSE SHARE HAND" \
    "es19 RESPONSE 3" "es20 RESPONSE HANDIN"
result C2-$t-1 C2 $t "es01 RESPONSE A" "es02 RESPONSE A C" \
    "es03 RESPONSE Factor" "es04 RESPONSE OUT" \
    "es05 RESPONSE CHANGE TRUST TWOSTEP CHECK" "es08 RESPONSE SENDER" \
    "es10 RESPONSE URGENT NAME" "es12 RESPONSE malware" \
    "es14 RESPONSE CLOSE" "es19 RESPONSE 4"
result C3-$t-1 C3 $t "es01 RESPONSE B" "es06 RESPONSE R1" \
    "es15 RESPONSE AWAY"
result C4-$t-1 C4 $t

# The same marks from the original package and from the key.
expect 0 "$es" mark --items "$zip" --pass-mark 60% results
mv out by-items
expect 0 "$es" mark --key es.marking.xml --package es.estp \
    --body-key body.pub --release-code-file code results
cmp -s by-items out || fail "marks differ: $(diff by-items out)"
# es07 is an essay, so no maximum is known and no attempt is decided.
[ "$(awk '$1 == "total" { printf "%s ", $2 }' out)" = "30 5 1 0 " ] ||
    fail "totals: $(cat out)"
expect 0 "$es" mark --csv --items "$zip" --pass-mark 60% results
mv out csv-items
expect 0 "$es" mark --csv -K es.marking.xml -S es.estp -B body.pub \
    -C code results
cmp -s csv-items out || fail "CSV differs: $(diff csv-items out)"

# The report takes the pass mark from the key and scores each section.
expect 0 "$es" report --key es.marking.xml --package es.estp \
    --body-key body.pub --release-code-file code results
grep -q "^Pass mark 60%: " out || fail "no pass mark: $(cat out)"
has "Results by attempt, with the score by section"
grep -q '^  section "Passwords and accounts": ' out ||
    fail "no section score: $(cat out)"
[ "$(grep -c '^  section "' out)" -eq 12 ] ||
    fail "not 3 sections for 4 attempts: $(cat out)"

# A changed key, whose signature no longer matches.
sed 's/mapKey="factor"/mapKey="actor"/' es.marking.xml >changed.xml
cmp -s es.marking.xml changed.xml && fail "the key was not changed"
cp es.marking.xml.minisig changed.xml.minisig
expect 2 "$es" mark -K changed.xml -S es.estp -B body.pub -C code results
grep -q "does not verify" err || fail "changed key: $(cat err)"

# A key signed by another key, and a key without a signature.
expect 2 "$es" mark -K es.marking.xml -S es.estp -B other.pub -C code \
    results
cp es.marking.xml unsigned.xml
expect 2 "$es" mark -K unsigned.xml -S es.estp -B body.pub -C code \
    results
grep -q "unsigned.xml.minisig" err || fail "unsigned key: $(cat err)"

# A wrong release code.
echo "AAAA-AAAA-AAAA-AAAA" >wrong
expect 2 "$es" mark -K es.marking.xml -S es.estp -B body.pub -C wrong \
    results
grep -q "release code" err || fail "wrong code: $(cat err)"

# The key of another packing of the same test: the zip differs.
expect 0 "$es" pack "$zip" --key body.key --out v2.estp --pass-mark 50% \
    --test-version 2
sed -n 's/^release code: //p' out >code2
expect 2 "$es" mark -K es.marking.xml -S v2.estp -B body.pub -C code2 \
    results
grep -q "version 2, but the marking key is for test $t version 1" err ||
    fail "other package: $(cat err)"

# An attempt at another test is left out.
result X1-other-1 X1 other "es01 RESPONSE C"
expect 1 "$es" mark -K es.marking.xml -S es.estp -B body.pub -C code \
    results
grep -q "X1-other-1 is an attempt at test other, not $t; left out" err ||
    fail "other test: $(cat err)"
rm results/X1-other-1.result

# An item whose elements have a namespace prefix: the key's paths name
# the elements (qti:mapping), and a removed attribute goes back too.
ns=http://www.imsglobal.org/xsd/imsqti_v2p1
mkdir pre
cat >pre/q1.xml <<XML
<qti:assessmentItem xmlns:qti="$ns" identifier="q1" title="One"
    adaptive="false" timeDependent="false">
  <qti:responseDeclaration identifier="RESPONSE" cardinality="multiple"
      baseType="identifier">
    <qti:mapping defaultValue="0"><qti:mapEntry mapKey="A" mappedValue="2"/>
      <qti:mapEntry mapKey="B" mappedValue="-1"/></qti:mapping>
  </qti:responseDeclaration>
  <qti:responseDeclaration identifier="R2" cardinality="single"
      baseType="identifier">
    <qti:correctResponse><qti:value>Y</qti:value></qti:correctResponse>
  </qti:responseDeclaration>
  <qti:outcomeDeclaration identifier="SCORE" cardinality="single"
      baseType="float" interpretation="points" normalMaximum="3"/>
  <qti:itemBody><qti:choiceInteraction responseIdentifier="RESPONSE"
      maxChoices="0"><qti:simpleChoice identifier="A">a</qti:simpleChoice>
    <qti:simpleChoice identifier="B">b</qti:simpleChoice>
    </qti:choiceInteraction>
    <qti:choiceInteraction responseIdentifier="R2" maxChoices="1">
    <qti:simpleChoice identifier="X">x</qti:simpleChoice>
    <qti:simpleChoice identifier="Y">y</qti:simpleChoice>
    </qti:choiceInteraction></qti:itemBody>
  <qti:responseProcessing>
    <qti:setOutcomeValue identifier="SCORE"><qti:mapResponse
        identifier="RESPONSE"/></qti:setOutcomeValue>
    <qti:responseCondition><qti:responseIf><qti:match>
      <qti:variable identifier="R2"/><qti:correct identifier="R2"/>
    </qti:match><qti:setOutcomeValue identifier="SCORE"><qti:sum>
      <qti:variable identifier="SCORE"/><qti:baseValue
          baseType="float">1</qti:baseValue></qti:sum></qti:setOutcomeValue>
    </qti:responseIf></qti:responseCondition>
  </qti:responseProcessing>
</qti:assessmentItem>
XML
cat >pre/imsmanifest.xml <<XML
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
  <organizations/><resources>
    <resource identifier="R1" type="imsqti_item_xmlv2p1" href="q1.xml">
      <file href="q1.xml"/></resource>
  </resources>
</manifest>
XML
(cd pre && zip -q -X ../pre.zip imsmanifest.xml q1.xml)
expect 0 "$es" pack pre.zip --key body.key --out pre.estp --pass-mark 2 \
    --test-id pre --duration 10
sed -n 's/^release code: //p' out >pre.code
grep -q 'path="/qti:assessmentItem/qti:responseDeclaration\[1\]/qti:mapping"' \
    pre.marking.xml || fail "no prefixed path in $(cat pre.marking.xml)"
grep -q '<removedAttribute .*name="interpretation"' pre.marking.xml ||
    fail "no removed attribute in $(cat pre.marking.xml)"
mkdir preres
result C1-pre-1 C1 pre "q1 RESPONSE A" "q1 R2 Y"
result C2-pre-1 C2 pre "q1 RESPONSE A B" "q1 R2 X"
result C3-pre-1 C3 pre "q1 RESPONSE B" "q1 R2 Y"
mv results/C*-pre-1.result preres/
expect 0 "$es" mark --items pre.zip --pass-mark 2 preres
mv out pre-items
expect 0 "$es" mark -K pre.marking.xml -S pre.estp -B body.pub \
    -C pre.code preres
cmp -s pre-items out || fail "prefixed marks differ: $(diff pre-items out)"
[ "$(awk '$1 == "total" { printf "%s %s, ", $2, $5 }' out)" = \
    "3 pass, 1 fail, 0 fail, " ] || fail "prefixed totals: $(cat out)"

# certificates takes the pass mark (2) from the key.
expect 0 "$es" certificates -K pre.marking.xml -S pre.estp -B body.pub \
    -C pre.code --holidays "$TOP/config/bank-holidays-england-wales.txt" \
    --uploaded 2026-12-18 preres
[ "$(wc -l <out)" -eq 2 ] || fail "certificates: $(cat out)"
grep -q '^12345,C1,Grace Hopper,pre,C1-pre-1,1,3,3,2026-12-18,2027-01-06$' out ||
    fail "certificate line: $(cat out)"

# Usage errors.
expect 2 "$es" mark -K es.marking.xml -S es.estp -C code results
grep -q -- "--key needs --package" err || fail "no body key: $(cat err)"
expect 2 "$es" mark -K es.marking.xml -S es.estp -B body.pub -C code \
    -p 50% results
grep -q "pass mark comes from the marking key" err || fail "$(cat err)"
expect 2 "$es" mark -K es.marking.xml -i "$zip" -S es.estp -B body.pub \
    results
grep -q "not both" err || fail "$(cat err)"
echo "markkey.sh: ok"
