# CJK text wraps by display width, right-to-left paragraphs are shown in
# visual order against the right margin, combining marks stay on their
# letters, and typed right-to-left text is stored in logical order.  The
# candidate also chooses between two tests here.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
cat >"$STICK/examstick/packages/scripts.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    identifier="scripts" title="Scripts" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="CHOICE" cardinality="single"
      baseType="identifier"/>
  <responseDeclaration identifier="TEXT" cardinality="single"
      baseType="string"/>
  <itemBody>
    <p>中文测试：这是一个很长的句子，用来检查宽字符的换行是否正确，每个汉字占两列，不能被截断在中间位置。</p>
    <p dir="rtl">שלום עולם, זהו משפט בעברית.</p>
    <p>Accents: e&#x301;te&#x301; cafe&#x301;</p>
    <choiceInteraction responseIdentifier="CHOICE" shuffle="false"
        maxChoices="1">
      <simpleChoice identifier="AR">مرحبا</simpleChoice>
      <simpleChoice identifier="JA">日本語の選択肢</simpleChoice>
    </choiceInteraction>
    <p>Answer: <textEntryInteraction responseIdentifier="TEXT"
        expectedLength="20"/></p>
  </itemBody>
</assessmentItem>
XML
cat >>"$STICK/examstick/examiner.conf" <<'CONF'

[test scripts]
package = E:\examstick\packages\scripts.xml
title = Scripts test
duration = 10m
practice = yes
CONF
sed -i 's/^1001,Ada Okafor,2008-03-14,esecurity,/1001,Ada Okafor,2008-03-14,esecurity;scripts,/' \
    "$STICK/examstick/roster.csv"
grep -q 'esecurity;scripts' "$STICK/examstick/roster.csv" ||
    fail "could not give candidate 1001 a second test"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
expect_screen "Scripts test"
keys Enter
wait_for "candidate login"
type_text 1001
keys Enter
type_text 2008-03-14
keys Enter
wait_for "Your tests (choose one with Up and Down):"
keys Down
wait_for "> Scripts test"
keys Enter
wait_for "Instructions"
expect_screen "Time allowed: 10:00."
keys Enter
wait_for "Item 1 of 1"

# no line is wider than the window, and the CJK paragraph wrapped
width=$(screen | wc -L)
[ "$width" -le 80 ] || fail "a screen line is $width columns wide"
first=$(screen_line '^  中文测试')
[ -n "$first" ] || fail "the CJK paragraph is not at the left margin"
[ "$(printf '%s\n' "$first" | wc -L)" -ge 76 ] ||
    fail "the CJK line was wrapped short: $first"
expect_screen "  不能被截断在中间位置。"

# the Hebrew paragraph is reversed and ends at the right margin
rtl=$(screen_line 'םלוע')
[ -n "$rtl" ] || fail "no Hebrew line in visual order"
case "$rtl" in
*".תירבעב טפשמ והז ,םלוע םולש") ;;
*) fail "Hebrew not in visual order: $rtl" ;;
esac
[ "$(printf '%s\n' "$rtl" | wc -L)" -eq 78 ] ||
    fail "the Hebrew line does not end at the right margin: $rtl"

expect_screen "$(printf 'Accents: e\314\201te\314\201 cafe\314\201')"
expect_screen "B  ( ) 日本語の選択肢"

keys B
wait_for "B  (*) 日本語の選択肢"
keys Down
type_text "שלום abc"
keys Enter
wait_for " Answered"
keys F10
wait_for "End the test now?"
keys y
wait_for "results/1001-scripts-1.result"
RESULT=$STICK/examstick/results/1001-scripts-1.result
grep -q '^response: scripts CHOICE JA$' "$RESULT" ||
    fail "the choice is not stored by identifier"
# "שלום abc" in logical order, UTF-8 bytes percent-encoded
grep -q '^response: scripts TEXT %D7%A9%D7%9C%D7%95%D7%9D%20abc$' \
    "$RESULT" || fail "the typed text is not stored in logical order"
echo "wide, combining and right-to-left text laid out and stored"
