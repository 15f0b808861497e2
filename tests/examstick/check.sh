#!/bin/sh
# examstick check: the verdict lines, the reasons, and the exit status
# (0 all deliverable, 1 one is not, 2 usage or read error), on items
# written here and on the demo package's source folder.
set -eu
es=$BUILD/bin/examstick
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

cat >good.xml <<XML
<assessmentItem xmlns="$ns" identifier="good" title="A good item"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single"
      baseType="identifier"/>
  <itemBody><choiceInteraction responseIdentifier="R">
    <simpleChoice identifier="a">A</simpleChoice>
  </choiceInteraction></itemBody>
</assessmentItem>
XML
cat >drawing.xml <<XML
<assessmentItem xmlns="$ns" identifier="drawing" title="Draw"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single"
      baseType="file"/>
  <itemBody><drawingInteraction responseIdentifier="R"><object
      type="image/png" data="h.png"/></drawingInteraction></itemBody>
</assessmentItem>
XML
printf '<assessmentItem>\n<oops></assessmentItem>\n' >broken.xml

expect 0 "$es" check good.xml
grep -qx 'good.xml: deliverable' out || fail "no verdict line: $(cat out)"
grep -qx '  item good "A good item": choiceInteraction: deliverable' out ||
    fail "no item line: $(cat out)"

expect 1 "$es" check good.xml drawing.xml
grep -qx 'drawing.xml: not deliverable' out || fail "$(cat out)"
grep -q "^  item drawing \"Draw\": drawingInteraction: not deliverable" out ||
    fail "$(cat out)"
grep -q "^    - item 'drawing': drawingInteraction needs a graphical" out ||
    fail "no reason: $(cat out)"

expect 1 "$es" check broken.xml
grep -q '^    - broken.xml:2:.*mismatch' out || fail "$(cat out)"

expect 2 "$es" check good.xml missing.xml
grep -qx 'good.xml: deliverable' out || fail "$(cat out)"
grep -qx 'examstick: check: missing.xml: No such file or directory' err ||
    fail "stderr: $(cat err)"

expect 2 "$es" check
grep -q '^examstick: check: no FILE given' err || fail "$(cat err)"
expect 2 "$es" check --bogus good.xml
expect 2 "$es" frobnicate
grep -q "^examstick: unknown command 'frobnicate'" err || fail "$(cat err)"
expect 2 "$es"

expect 0 "$es" --help
grep -q '^  check ' out || fail "--help lists no check: $(cat out)"
expect 0 "$es" check --help
grep -q '^usage: examstick check' out || fail "$(cat out)"
grep -q 'Exit status' out || fail "$(cat out)"

# Control characters in a title never reach the terminal: XML forbids
# ESC, but allows the C1 control CSI (U+009B), which some terminals obey.
printf '<assessmentItem xmlns="%s" identifier="t" title="a&#x9b;2Jb"\n' \
    "$ns" >escape.xml
printf ' adaptive="false" timeDependent="false"><itemBody><p>x</p>' \
    >>escape.xml
printf '</itemBody></assessmentItem>\n' >>escape.xml
expect 0 "$es" check escape.xml
grep -q '"a?2Jb"' out || fail "control character shown: $(cat -v out)"

expect 0 "$es" check -w "$TOP/config/demo-stick-src/esecurity"
grep -q ': deliverable$' out || fail "$(cat out)"
exit 0
