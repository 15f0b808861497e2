# A wrong release code does not open the test: the screen says so, the
# next try waits, the failure is recorded in log/trust.log, and no file
# is deleted.  The right code then opens it.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

S=$TESTDIR/stick
trust_luggage_stick "$S"
stick_files "$S" >before.list
LOG=$S/examstick/log/trust.log

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "Release code:"
type_text AAAA-BBBB-CCCC-DDDD
keys Enter
wait_for "That release code does not open this test. Wait" "$SLOW_S"
grep -q 'wrong release code (1 in a row); next try in 1 s' "$LOG" ||
    fail "the wrong code is not in $LOG"
wait_for "Check it and type it again."
refute_screen "candidate login"
type_text "$CODE"
keys Enter
wait_for "candidate login" "$SLOW_S"
expect_none_deleted before.list "$S"
echo "wrong release code refused and recorded"
