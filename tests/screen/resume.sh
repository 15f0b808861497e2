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
read_at=$(date +%s%3N)
before=$(time_left_s)
# Kill after the next time record, so that the journal records at least
# the time used that the screen showed.
J=$STICK/examstick/attempts/1001-esecurity-1.journal
n=$(grep -c '^[0-9]* [0-9]* time ' "$J")
wait_until "[ \$(grep -c '^[0-9]* [0-9]* time ' \"\$J\") -gt $n ]" \
    "a time record"
killed_at=$(date +%s%3N)
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"

restart_tmux "$EXAMINER --stick $STICK"
login 1001 14/03/2008
wait_for "Your test continues where it stopped."
resumed_at=$(date +%s%3N)
keys Enter
wait_for "Item 3 of 20"
after=$(time_left_s)
wait_for "[1: resumed]"
wait_for "[Flagged]"
# The clock ran from the first reading to the kill and runs again from
# the Enter on: the sum of both, in milliseconds, rounded up to seconds.
late=$(( (killed_at - read_at + $(date +%s%3N) - resumed_at + 999) / 1000 ))
diff=$((before - after))
[ "$diff" -ge -2 ] && [ "$diff" -le $((2 + late)) ] ||
    fail "time left was ${before}s, is ${after}s after the restart" \
    "(${late}s of running time measured)"
keys F7 F7
wait_for "Item 1 of 20"
expect_screen "$first"
echo "resumed on item 3: ${before}s left before, ${after}s after"
