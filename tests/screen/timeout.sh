# When the time runs out the attempt ends with what was answered, the
# result is written and the finished screen says so; a restart of an
# attempt that ended without a result writes the result at login.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
conf=$STICK/examstick/examiner.conf
sed -i 's/^;duration = 30m$/duration = 1m/; s/^;warn_minutes = 5$/warn_minutes = 1/; s/^;final_warn_minutes = 1$/final_warn_minutes = 0/' "$conf"
grep -q '^duration = 1m$' "$conf" || fail "could not set the duration"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Time allowed: 01:00."
keys Enter
wait_for "Item 1 of 20"
wait_for "1 minute left."
expect_screen "! Time left"
keys A
wait_for " Answered"
keys F8 F8
wait_for "Item 3 of 20"
# typed but not yet saved when the time runs out
type_text unsaved
wait_for "Time is up." 90
wait_for "results/1001-esecurity-1.result"
RESULT=$STICK/examstick/results/1001-esecurity-1.result
grep -q '^end-reason: timeout$' "$RESULT" || fail "end reason is not timeout"
grep -q '^response: es03 RESPONSE unsaved$' "$RESULT" ||
    fail "the text typed before the time ran out is missing"
[ "$(grep -c '^response: ' "$RESULT")" -eq 2 ] || fail "not two responses"

# the result goes missing: the next login writes it again
keys Enter
wait_for "candidate login"
rm -f "$RESULT" "$RESULT.minisig"
login_fields 1001 2008-03-14
wait_for "Your test has ended."
wait_for "results/1001-esecurity-1.result"
[ -f "$RESULT" ] || fail "the result was not written again"
"$BUILD/bin/reloader" verify "$RESULT" || fail "reloader verify failed"

# and once it exists, the attempt is complete
keys Enter
login_fields 1001 2008-03-14
wait_for "You have already completed this attempt"
echo "time out ended the attempt and wrote the result"
