# A restart in the middle of a test, after the Examiner was killed,
# resumes on the same item with the same answers, and the time left
# differs by no more than 2 s.
# tests/run: alone, because the time left is compared to within 2 s.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"
first=$(screen_line '\(\*\)')
keys F8 F8
wait_for "Item 3 of 20"
type_text resumed
keys Enter
wait_for " Answered"
keys F2
wait_for "[Flagged]"
# let the clock run and a time record or two be written
sleep 3
before=$(time_left_s)
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"

restart_tmux "$EXAMINER --stick $STICK"
login 1001 14/03/2008
wait_for "Your test continues where it stopped."
keys Enter
wait_for "Item 3 of 20"
after=$(time_left_s)
expect_screen "[1: resumed]"
expect_screen "[Flagged]"
diff=$((before - after))
[ "${diff#-}" -le 2 ] ||
    fail "time left was ${before}s, is ${after}s after the restart"
keys F7 F7
wait_for "Item 1 of 20"
expect_screen "$first"
echo "resumed on item 3: ${before}s left before, ${after}s after"
