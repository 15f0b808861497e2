# An attempt in progress moves to another machine: the stick folder is
# carried to a second Examiner with another machine id.  The test goes
# on only after the invigilator PIN, with the time left that the last
# journal record gives; the journal records the move, and the result
# names both machines and passes reloader verify.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
CARRIED=$TESTDIR/carried
J=examstick/attempts/1001-esecurity-1.journal
demo_stick "$STICK"
start_tmux "EXAMSTICK_MACHINE_ID=machine-one $EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"
first=$(screen_line '\(\*\)')
sleep 2
# the first machine fails
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"

cp -R "$STICK" "$CARRIED"
# time left by the last record: allowed 30 minutes less its elapsed ms
elapsed=$(tail -n 1 "$CARRIED/$J" | awk '{ print $2 }')
left=$(( (1800000 - elapsed + 999) / 1000 ))
want=$(printf '%02d:%02d' $((left / 60)) $((left % 60)))
records=$(wc -l <"$CARRIED/$J")

restart_tmux "EXAMSTICK_MACHINE_ID=machine-two $EXAMINER --stick $CARRIED"
login 1001 2008-03-14
wait_for "Test moved to this computer"
expect_screen "Last computer: machine-one"
expect_screen "This computer: machine-two"
keys Escape
wait_for "This test is in progress on another computer."
[ "$(wc -l <"$CARRIED/$J")" -eq "$records" ] ||
    fail "the journal changed before the move was confirmed"

keys Enter
wait_for "Test moved to this computer"
keys Enter
wait_for "Invigilator PIN:"
type_text 1111
keys Enter
wait_for "Wrong PIN. Type it again."
type_text "$DEMO_PIN"
keys Enter
wait_for "Your test continues where it stopped."
expect_screen "Time left: $want."
tail -n 1 "$CARRIED/$J" | grep -q ' login machine-two ' ||
    fail "the journal does not record the move to machine-two"
keys Enter
wait_for "Item 1 of 20"
expect_screen "$first"
keys F8
wait_for "Item 2 of 20"
keys B
wait_for " Answered"
end_test

RESULT=$CARRIED/examstick/results/1001-esecurity-1.result
[ -f "$RESULT" ] || fail "no result file $RESULT"
for m in machine-one machine-two; do
	grep -q "^machine: $m\$" "$RESULT" || fail "$m is not in the result"
done
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
grep -q "moved from machine machine-one to machine-two with the" \
    "$CARRIED/examstick/log/examiner.log" ||
    fail "the log does not record the move"
echo "moved with $want left; result names both machines"
