# Leaving the Examiner needs the invigilator PIN, before and during a
# test; a wrong PIN is refused and Esc goes back where it was.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
keys C-x
wait_for "Invigilator PIN:"
type_text 1111
keys Enter
wait_for "Wrong PIN."
refute_screen "[exit"
keys Escape
wait_for "The stick is ready."

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys F12
wait_for "A test is running. Leave?"
type_text 9999
keys Enter
wait_for "Wrong PIN."
keys Escape
wait_for "Item 1 of 20"
keys C-x
wait_for "Invigilator PIN:"
type_text 2468
keys Enter
wait_for "[exit 0]"
j=$STICK/examstick/attempts/1001-esecurity-1.journal
grep -q ' end ' "$j" && fail "leaving ended the attempt"
[ -f "$STICK/examstick/results/1001-esecurity-1.result" ] &&
    fail "leaving wrote a result"
echo "leaving needs the PIN"
