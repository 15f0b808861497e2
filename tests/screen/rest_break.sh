# A candidate with a rest break allowance (the roster's rest_break
# column, here 1 minute) takes a break with F4: the items are hidden and
# the test clock stands still.  A second break goes on after the
# Examiner was killed during it, with the break time used so far kept,
# and ends by itself when the allowance is used up.  The result
# verifies.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
ROSTER=$STICK/examstick/roster.csv
J=$STICK/examstick/attempts/1005-esecurity-1.journal
RESULT=$STICK/examstick/results/1005-esecurity-1.result
demo_stick "$STICK"
sed -i 's/^\(1005,.*\),10$/\1,1/' "$ROSTER"
grep -q '^1005,.*,1$' "$ROSTER" || fail "cannot set the allowance in $ROSTER"

# break_left_s: the rest break time left on the break screen, in seconds.
break_left_s() {
	screen | sed -n 's/.*Rest break time left: \([0-9]*\):\([0-9]*\).*/\1 \2/p' |
	    awk '{ print $1 * 60 + $2 }'
}

# journal_break_left_s: the rest break time left by the journal's
# records, in whole seconds rounded up as the screen shows it.
journal_break_left_s() {
	awk '$3 == "break" || $3 == "breakend" { cur = 0 }
	    $3 == "breakend" { done += $4 }
	    $3 == "breaktime" { cur = $4 }
	    END { print int((60000 - done - cur + 999) / 1000) }' "$J"
}

start_tmux "$EXAMINER --stick $STICK"
login 1005 2008-01-09
wait_for "Instructions"
expect_text "Rest break time left: 01:00. Press F4 during the test"
keys Enter
wait_for "Item 1 of 20"
expect_screen "F4 Rest break"
keys A
wait_for " Answered"

keys F4
wait_for "Take a rest break now?"
expect_text "You have 01:00 of rest break time left."
keys n
wait_for "Item 1 of 20"
keys F4
wait_for "Take a rest break now?"
keys y
wait_for "You are on a rest break."
refute_screen "Item 1 of 20"
t0=$(time_left_s)
# The break screen can show its clock late on a busy machine, so the
# test waits for 3 s of break to show instead of sleeping 3 s.
wait_until '[ "$(break_left_s)" -le 57 ]' "the break clock to show 00:57"
[ "$(time_left_s)" -eq "$t0" ] ||
    fail "the test clock ran during the break: ${t0}s, now $(time_left_s)s"
back=$(date +%s)
keys Enter
wait_for "Item 1 of 20"
t1=$(time_left_s)
# The test clock runs again from the Enter on: 1 s of rounding, plus
# the seconds this test took to see the item.
late=$(($(date +%s) - back))
[ $((t0 - t1)) -le $((1 + late)) ] ||
    fail "time left was ${t0}s on the break, ${t1}s on the item" \
    "${late}s after Enter"
grep -Eq '^[0-9]+ [0-9]+ break [0-9a-f]{64}$' "$J" || fail "no break record"
grep -q ' breakend ' "$J" || fail "no breakend record"

# killed during the second break: it goes on after the restart
keys F4
wait_for "Take a rest break now?"
keys y
wait_for "You are on a rest break."
wait_until '[ "$(break_left_s)" -lt 60 ]' "the second break's clock to run"
# The test clock ran between the two breaks and is stopped now.
t2=$(time_left_s)
# Read the break clock, then wait for the next breaktime record, so
# that the journal records at least the break time shown when the
# Examiner is killed.
read_at=$(date +%s)
left=$(break_left_s)
n=$(grep -c ' breaktime ' "$J")
wait_until "[ \"\$(grep -c ' breaktime ' \"\$J\")\" -gt $n ]" \
    "a breaktime record"
saved_at=$(date +%s)
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"
kept=$(journal_break_left_s)
# Break time is saved every clock_save_seconds (1 s).  So the journal's
# break time left is at most the clock shown, and at least that less
# 1 s of rounding, 1 s between records and the wait for the record.
[ "$kept" -le "$left" ] ||
    fail "${left}s of rest break shown, ${kept}s left by the journal"
[ "$kept" -ge $((left - 2 - (saved_at - read_at))) ] ||
    fail "${left}s of rest break shown, only ${kept}s left by the journal"
restart_tmux "$EXAMINER --stick $STICK"
login 1005 2008-01-09
wait_for "You were on a rest break when the test stopped."
back=$(date +%s)
keys Enter
wait_for "You are on a rest break."
again=$(break_left_s)
late=$(($(date +%s) - back))
# The break clock goes on from the journal's break time at the Enter.
[ "$again" -le "$kept" ] && [ "$again" -ge $((kept - 1 - late)) ] ||
    fail "${kept}s of rest break left by the journal, ${again}s shown" \
    "${late}s after the restart"
[ "$(time_left_s)" -eq "$t2" ] ||
    fail "time left was ${t2}s before the restart, $(time_left_s)s after"

# the allowance runs out: the test goes on by itself
wait_for "Your rest break time is used up." 70
wait_for "Item 1 of 20"
expect_screen "(*)"
keys F4
wait_for "Your rest break time is used up."
refute_screen "Take a rest break now?"

end_test
keys Enter
wait_for "candidate login"
leave_examiner
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
used=$(awk '$3 == "breakend" { s += $4 } END { print s }' "$J")
[ "$used" -eq 60000 ] || fail "rest breaks of ${used} ms, expected 60000"
echo "two rest breaks of 60 s in all, one across a restart; result verified"
