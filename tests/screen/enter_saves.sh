# Enter in an item's only text field saves the text at once, without
# waiting for the pause in typing that saves it otherwise.  The
# candidate types on within that pause after Enter, so only the Enter
# can have saved the text as it was then.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys F8 F8
wait_for "Item 3 of 20"
type_text abc
keys Enter
for c in d e f; do
	sleep 0.3
	type_text "$c"
done
wait_for "[1: abcdef]"
wait_gone "Typing:"
journal=$(ls "$STICK"/examstick/attempts/*.journal)
answers=$(grep ' answer ' "$journal")
echo "$answers" | grep -q ' abc [0-9a-f]*$' ||
    fail "no answer record for abc, which Enter saved: $answers"
echo "$answers" | grep -q ' abcdef [0-9a-f]*$' ||
    fail "no answer record for abcdef after the pause: $answers"
