# Leaving the Examiner needs the invigilator PIN and the menu, before and
# during a test; a wrong PIN is refused, the next try waits, and Esc goes
# back where it was.  A wrong PIN during a test is recorded in its journal.
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
wait_for "Wrong PIN. Wait 1 s before the next try."
refute_screen "[exit"
wait_for "Wrong PIN. Type it again."
keys Escape
wait_for "The stick is ready."
# outside a test the menu offers only leaving, and Esc cancels it
invig_menu
expect_screen "L     Leave the Examiner"
refute_screen "Pause the test"
refute_screen "Add time"
keys Escape
wait_for "The stick is ready."

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys F12
wait_for "Pause, add time, end the test or leave."
type_text 9999
keys Enter
# The right PIN in the menu above reset the count, so the wait is 1 s.
wait_for "Wrong PIN. Wait 1 s before the next try."
wait_for "Wrong PIN. Type it again."
refute_screen "[exit"
keys Escape
wait_for "Item 1 of 20"
leave_examiner
j=$STICK/examstick/attempts/1001-esecurity-1.journal
grep -q ' end ' "$j" && fail "leaving ended the attempt"
grep -q ' wrong pin' "$j" || fail "the wrong PIN is not in the journal"
grep -q 'wrong invigilator PIN (1 in a row)' \
    "$STICK/examstick/log/trust.log" ||
    fail "the wrong PIN before the test is not in log/trust.log"
[ -f "$STICK/examstick/results/1001-esecurity-1.result" ] &&
    fail "leaving wrote a result"
echo "leaving needs the PIN"
