# The invigilator pauses a test: the items are hidden and the clock
# stands still, also across a restart after the Examiner was killed
# during the pause; after the resume the time left is what it was.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
J=$STICK/examstick/attempts/1001-esecurity-1.journal
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"
invig_menu
expect_screen "P     Pause the test"
keys p
wait_for "The invigilator has paused your test."
refute_screen "Item 1 of 20"
paused=$(time_left_s)
grep -q ' pause invigilator ' "$J" || fail "no pause record"
# the candidate's keys do nothing while paused
keys F8 F3 F10 Enter
sleep 3
expect_screen "The invigilator has paused your test."
[ "$(time_left_s)" -eq "$paused" ] ||
    fail "the clock moved while paused: ${paused}s, now $(time_left_s)s"

# killed while paused: after the restart the test is still paused
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"
restart_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "The invigilator has paused this test."
keys Enter
wait_for "The invigilator has paused your test."
sleep 2
[ "$(time_left_s)" -eq "$paused" ] ||
    fail "time left was ${paused}s when paused, $(time_left_s)s after" \
    "the restart"

# resume: the clock goes on from where it stopped
invig_menu
expect_screen "the test is paused and the clock is stopped"
refute_screen "Pause the test"
resumed_at=$(date +%s)
keys r
wait_for "Item 1 of 20"
wait_for "The invigilator has resumed the test."
after=$(time_left_s)
# The clock runs again from the R on: 1 s of rounding, plus the seconds
# this test took to read it.
late=$(($(date +%s) - resumed_at))
diff=$((paused - after))
[ "$diff" -ge 0 ] && [ "$diff" -le $((1 + late)) ] ||
    fail "time left was ${paused}s when paused, ${after}s ${late}s" \
    "after resuming"
expect_screen "(*)"
grep -q ' resume ' "$J" || fail "no resume record"
leave_examiner
echo "paused at ${paused}s left, ${after}s left after the resume"
