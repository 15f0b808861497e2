#!/bin/sh
# examstick pack on the demo package: the release code, the signed
# marking key, a package that the stock minisign verifies and that shows
# no item text, practice packages, and every input that pack rejects.
set -eu
es=$BUILD/bin/examstick
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

# split_package FILE: FILE.signed and FILE.minisig, as docs/trust.md
# lays the file out.
split_package() {
	info=$(od -An -tu2 -j8 -N2 "$1" | tr -d ' ')
	header=$((10 + info + 138))
	body=$(od -An -tu8 -j$((header - 8)) -N8 "$1" | tr -d ' ')
	head -c $((header + body)) "$1" >"$1.signed"
	tail -c +$((header + body + 1)) "$1" >"$1.minisig"
}

make -s -C "$TOP" BUILD="$TESTDIR/b" demo >/dev/null
zip=$TESTDIR/b/demo-stick/examstick/packages/esecurity.zip
minisign -G -W -p body.pub -s body.key >/dev/null

expect 0 "$es" pack "$zip" --key body.key --out es.estp --pass-mark 60% \
    --test-version 2
grep -q '^es.estp: test esecurity-practice version 2, "e-Security practice test", 20 items, 30 minutes$' out ||
    fail "summary line: $(cat out)"
grep -Eq '^release code: [0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$' \
    out || fail "release code line: $(cat out)"

# The marking key: signed, and holding the removed parts of 19 items
# (es20 is an essay with nothing to remove) and the test's processing.
[ -s es.marking.xml ] || fail "no marking key"
minisign -Vqm es.marking.xml -p body.pub || fail "marking key signature"
[ "$(grep -c '<file path="items/es[0-9]*.xml" root="assessmentItem"' \
    es.marking.xml)" -eq 19 ] || fail "marking key does not list 19 items"
grep -q 'passMark="60%"' es.marking.xml || fail "no pass mark in the key"
grep -q '<removed path="[^"]*"><correctResponse' es.marking.xml ||
    fail "no correctResponse in the key"
xmllint --noout es.marking.xml || fail "marking key is not well formed"

# The package: minisign verifies the signed part; nothing readable.
split_package es.estp
minisign -Vqm es.estp.signed -x es.estp.minisig -p body.pub ||
    fail "minisign does not verify the package"
head -c 6 es.estp | grep -q '^ESTPKG$' || fail "no magic"
! grep -aq "Strongest password" es.estp || fail "item text in the clear"
! grep -aq "correctResponse" es.estp || fail "item XML in the clear"

# A practice package keeps everything and has no marking key.
expect 0 "$es" pack "$zip" --key body.key --out practice.estp --practice
grep -q ', practice$' out || fail "practice summary: $(cat out)"
[ ! -e practice.marking.xml ] || fail "practice package has a marking key"

# No overwriting.
cp es.estp before.estp
expect 2 "$es" pack "$zip" --key body.key --out es.estp --pass-mark 60%
grep -q "already exists" err || fail "overwrite: $(cat err)"
cmp -s es.estp before.estp || fail "es.estp was changed"

# Usage errors.
expect 2 "$es" pack "$zip" --key body.key --out x.estp
grep -q -- "--pass-mark is required" err || fail "no pass mark: $(cat err)"
expect 2 "$es" pack "$zip" --key body.key --out x.estp --pass-mark 120%
expect 2 "$es" pack "$zip" --key body.key --out x.estp --pass-mark 3x
expect 2 "$es" pack "$zip" --key body.key --out x.estp --practice \
    --duration 0
expect 2 "$es" pack "$zip" --key body.key --out x.estp --practice \
    --duration 11h
expect 2 "$es" pack "$zip" --key body.key --out x.estp --practice \
    --test-id "no spaces"
expect 2 "$es" pack "$zip" --out x.estp --practice
expect 2 "$es" pack --key body.key --out x.estp --practice
[ ! -e x.estp ] || fail "x.estp written after a usage error"

# A package that examstick check rejects is not sealed.
ns=http://www.imsglobal.org/xsd/imsqti_v2p1
mkdir bad
cat >bad/imsmanifest.xml <<XML
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">
  <resources>
    <resource identifier="r" type="imsqti_item_xmlv2p1" href="draw.xml">
      <file href="draw.xml"/>
    </resource>
  </resources>
</manifest>
XML
cat >bad/draw.xml <<XML
<assessmentItem xmlns="$ns" identifier="draw" title="Draw"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single" baseType="file"/>
  <itemBody>
    <drawingInteraction responseIdentifier="R">
      <object type="image/png" data="x.png"/>
    </drawingInteraction>
  </itemBody>
</assessmentItem>
XML
(cd bad && zip -q ../bad.zip imsmanifest.xml draw.xml)
expect 1 "$es" pack bad.zip --key body.key --out bad.estp --practice \
    --duration 10
grep -q "not deliverable" err || fail "bad package: $(cat err)"
[ ! -e bad.estp ] || fail "bad.estp written for a rejected package"

# A single item is deliverable but not a content package zip.
cat >one.xml <<XML
<assessmentItem xmlns="$ns" identifier="one" title="One"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single"
      baseType="identifier"/>
  <itemBody>
    <choiceInteraction responseIdentifier="R" maxChoices="1">
      <simpleChoice identifier="A">Yes</simpleChoice>
      <simpleChoice identifier="B">No</simpleChoice>
    </choiceInteraction>
  </itemBody>
</assessmentItem>
XML
expect 2 "$es" pack one.xml --key body.key --out one.estp --practice \
    --duration 10
grep -q "not a zip" err || fail "single item: $(cat err)"

# The key that keygen makes: the wrong passphrase fails, the right one
# seals.
echo "the awarding body passphrase" >pass
echo "not the passphrase" >wrong
expect 0 "$es" keygen --out keys --signing-only --passphrase-file pass
expect 2 "$es" pack "$zip" --key keys/signing.key --passphrase-file wrong \
    --out w.estp --practice
grep -q "wrong password" err || fail "wrong passphrase: $(cat err)"
[ ! -e w.estp ] || fail "w.estp written with the wrong passphrase"
expect 0 "$es" pack "$zip" --key keys/signing.key --passphrase-file pass \
    --out k.estp --practice
split_package k.estp
minisign -Vqm k.estp.signed -x k.estp.minisig -p keys/signing.pub ||
    fail "minisign does not verify k.estp"
exit 0
