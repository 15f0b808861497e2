# A stem longer than the screen and a list of options longer than the
# screen both scroll: PageDown shows the rest of the stem, the status line
# says when more is below, and moving the focus down the options keeps
# the option in focus on screen, down to the last one.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
ITEM=$STICK/examstick/packages/long.xml
{
	cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"
    identifier="long" title="Long item" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="R" cardinality="single"
      baseType="identifier"/>
  <itemBody>
XML
	i=1
	while [ $i -le 30 ]; do
		echo "    <p>Stem paragraph $i of 30.</p>"
		i=$((i + 1))
	done
	echo '    <choiceInteraction responseIdentifier="R" shuffle="false"'
	echo '        maxChoices="1">'
	i=1
	while [ $i -le 24 ]; do
		echo "      <simpleChoice identifier=\"c$i\">Option number" \
		    "$i</simpleChoice>"
		i=$((i + 1))
	done
	cat <<'XML'
    </choiceInteraction>
  </itemBody>
</assessmentItem>
XML
} >"$ITEM"
"$BUILD/bin/examstick" check "$ITEM" >/dev/null ||
    fail "the generated item is not deliverable"
cat >>"$STICK/examstick/examiner.conf" <<'CONF'

[test long]
package = E:\examstick\packages\long.xml
title = Long test
duration = 10m
practice = yes
CONF
sed -i 's/^1001,Ada Okafor,2008-03-14,esecurity,/1001,Ada Okafor,2008-03-14,long,/' \
    "$STICK/examstick/roster.csv"
grep -q '^1001,Ada Okafor,2008-03-14,long,' "$STICK/examstick/roster.csv" ||
    fail "could not give candidate 1001 the long test"
start_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Press Enter to start."
keys Enter
wait_for "Item 1 of 1"
expect_screen "Stem paragraph 1 of 30."
expect_screen "More below: PgDn"
refute_screen "Stem paragraph 30 of 30."

# PageDown until the last paragraph and the first options show.
n=0
while ! screen | grep -q -F "Stem paragraph 30 of 30."; do
	n=$((n + 1))
	[ $n -le 10 ] || fail "10 PageDowns did not reach paragraph 30"
	keys NPage
	sleep 0.2
done
refute_screen "Stem paragraph 1 of 30."

# Down moves the focus through the options; the last stays in view.
keys Tab
n=0
while ! screen | grep -q -F "X  ( ) Option number 24"; do
	n=$((n + 1))
	[ $n -le 40 ] || fail "40 Downs did not show option 24"
	keys Down
	sleep 0.1
done
keys X
wait_for "X  (*) Option number 24"
wait_for " Answered"
refute_screen "More below"
grep -q " answer long R c24" "$STICK/examstick/attempts/1001-long-1.journal" ||
    fail "the answer to option 24 is not in the journal"

# PageUp goes back to the top of the stem.
n=0
while ! screen | grep -q -F "Stem paragraph 1 of 30."; do
	n=$((n + 1))
	[ $n -le 10 ] || fail "10 PageUps did not reach paragraph 1"
	keys PPage
	sleep 0.2
done
echo "stem and options scroll; the last option was chosen"
