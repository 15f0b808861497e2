# At 80x24 the footer lists every key that works on the screen, and
# takes a second line rather than leave a key out.  A generated item
# with two parts and a stem longer than the screen, sat by a candidate
# with a rest break allowance, needs F4, Tab and PgUp/PgDn at once.
# The corpus package WebDeveloperTest1 has two interactions in question
# 8, where Tab used to be left out.  Then a sitting of the demonstration
# test checks the footer of each screen it passes against the keys that
# screen takes.
set -u
. "$TOP/tests/lib.sh"

ZIP=${CORPUS:-}/qtiworks/packages/WebDeveloperTest1.zip

# footer: the window's last two lines, where the footer is.
footer() {
	screen | tail -n 2
}

# expect_footer WHERE KEY...: fail unless the footer shows every KEY.
expect_footer() {
	_where=$1
	shift
	for _key in "$@"; do
		footer | grep -F -q -- "$_key" ||
		    fail "$_where: the footer has no \"$_key\": $(screen)"
	done
}

# refute_footer WHERE KEY...: fail if the footer shows any KEY.
refute_footer() {
	_where=$1
	shift
	for _key in "$@"; do
		if footer | grep -F -q -- "$_key"; then
			fail "$_where: the footer shows \"$_key\": $(screen)"
		fi
	done
}

ITEM_KEYS="F8 Next|F7 Prev|F2 Flag|F3 Review|F10 End test|F1 Help"

# expect_item_footer WHERE: the keys every item screen has.
expect_item_footer() {
	_where=$1
	_ifs=$IFS
	IFS='|'
	# shellcheck disable=SC2086
	set -- $ITEM_KEYS
	IFS=$_ifs
	expect_footer "$_where" "$@"
}

# two_part_item FILE: an item with a choice and a text entry at the top
# and a stem of 30 paragraphs below them.
two_part_item() {
	{
		cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    identifier="twopart" title="Two parts" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single"
      baseType="identifier"/>
  <responseDeclaration identifier="T" cardinality="single"
      baseType="string"/>
  <itemBody>
    <choiceInteraction responseIdentifier="R" shuffle="false"
        maxChoices="1">
      <simpleChoice identifier="a">First option</simpleChoice>
      <simpleChoice identifier="b">Second option</simpleChoice>
    </choiceInteraction>
    <p>Name: <textEntryInteraction responseIdentifier="T"
        expectedLength="12"/></p>
XML
		i=1
		while [ $i -le 30 ]; do
			echo "    <p>Stem paragraph $i of 30.</p>"
			i=$((i + 1))
		done
		cat <<'XML'
  </itemBody>
</assessmentItem>
XML
	} >"$1"
}

STICK=$TESTDIR/two-part-stick
demo_stick "$STICK"
two_part_item "$STICK/examstick/packages/twopart.xml"
"$BUILD/bin/examstick" check "$STICK/examstick/packages/twopart.xml" \
    >/dev/null || fail "the generated item is not deliverable"
cat >>"$STICK/examstick/examiner.conf" <<'CONF'

[test twopart]
package = E:\examstick\packages\twopart.xml
title = Two-part test
duration = 10m
practice = yes
CONF
sed -i 's/^1001,Ada Okafor,2008-03-14,esecurity,1,,,$/1001,Ada Okafor,2008-03-14,twopart,1,,,5/' \
    "$STICK/examstick/roster.csv"
grep -q '^1001,Ada Okafor,2008-03-14,twopart,1,,,5$' \
    "$STICK/examstick/roster.csv" ||
    fail "could not give candidate 1001 the two-part test and a rest break"
start_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Press Enter to start."
keys Enter
wait_for "Item 1 of 1"
expect_item_footer "two-part item"
expect_footer "two-part item" "F4 Rest break" "Tab Next part" \
    "PgUp/PgDn Scroll"
# The item area gives up a line to the footer, so the status line is
# the third line from the bottom.
screen | tail -n 3 | head -n 1 | grep -q "More below: PgDn" ||
    fail "two-part item: no status line above the footer: $(screen)"

# Typed text not saved yet and "More below" share the status line, so
# the note on typing is the short one.  The note shows until the
# Examiner saves after 1.5 s without a key, so one capture is checked.
keys Tab
keys x
_end=$(($(date +%s) + WAIT_S))
while :; do
	shot=$(screen)
	printf '%s\n' "$shot" | grep -q "Typing:" && break
	[ "$(date +%s)" -ge "$_end" ] &&
	    fail "two-part item: the status line never showed typing"
	sleep 0.05
done
printf '%s\n' "$shot" | grep -F -q "Typing: not saved yet" ||
    fail "two-part item: no short note on typing: $shot"
printf '%s\n' "$shot" | grep -F -q "More below: PgDn" ||
    fail "two-part item: \"More below\" left out while typing: $shot"
keys PageDown
wait_for "Stem paragraph 15 of 30."
restart_tmux true

if [ -f "$ZIP" ]; then
	STICK=$TESTDIR/corpus-stick
	demo_stick "$STICK"
	cp "$ZIP" "$STICK/examstick/packages/esecurity.zip"
	sed -i 's/^practice = yes$/practice = yes\nduration = 30/' \
	    "$STICK/examstick/examiner.conf"
	sed -i 's/^\(1001,.*\),$/\1,5/' "$STICK/examstick/roster.csv"
	grep -q '^1001,.*,5$' "$STICK/examstick/roster.csv" ||
	    fail "cannot set the rest break allowance of candidate 1001"
	restart_tmux "$EXAMINER --stick $STICK"
	login 1001 2008-03-14
	wait_for "Instructions"
	keys Enter
	wait_for "Item 1 of 9"
	for i in 2 3 4 5 6 7 8; do
		keys F8
		wait_for "Item $i of 9"
	done
	expect_item_footer "question 8"
	expect_footer "question 8" "F4 Rest break" "Tab Next part"
	# Question 8 fits the item area, so there is nothing to scroll.
	refute_footer "question 8" "PgUp/PgDn Scroll"
else
	echo "no corpus package $ZIP: question 8 is not checked"
fi

# A demonstration sitting: the items have one part each, so Tab is not
# shown, and the candidate has no rest break allowance.
STICK=$TESTDIR/stick
demo_stick "$STICK"
restart_tmux "$EXAMINER --stick $STICK"
wait_for "The stick is ready."
expect_footer "stick screen" "Enter Continue" "R Read the stick again" \
    "Ctrl-X Leave (PIN)"
keys Enter
wait_for "candidate login"
expect_footer "login" "Enter Next" "Tab Other field" "Ctrl-X Invigilator" \
    "F1 Help"
type_text 1001
keys Enter
type_text 2008-03-14
keys Enter
wait_for "Check that these are your details."
expect_footer "details" "Enter Yes, go on" "Esc No, back" "F1 Help"
keys Enter
wait_for "Instructions"
expect_footer "instructions" "Enter Start" "Esc Back to login" "F1 Help"
keys Enter
wait_for "Item 1 of 20"
expect_item_footer "item 1"
refute_footer "item 1" "F4 Rest break" "Tab Next part" "PgUp/PgDn Scroll"
# These keys fit on one line, so the status line is just above it.
screen | tail -n 2 | head -n 1 | grep -q "answered" ||
    fail "item 1: the footer takes more than one line: $(screen)"
keys F3
wait_for "Review"
expect_footer "review" "Enter Go to item" "F3 Back" "F10 End test" \
    "F1 Help" "Ctrl-X Invigilator"
keys F3
wait_for "Item 1 of 20"
keys F10
wait_for "End the test now?"
expect_footer "end test" "Y End the test" "N Go back" "Esc Go back"
keys y
wait_for "Your test has ended."
expect_footer "finished" "Enter Next candidate"
keys Enter
wait_for "candidate login"
leave_examiner
echo "every screen's footer shows all its keys at 80x24"
