# A wrong invigilator PIN does not unlock the stick key: the screen says
# so, the next try waits longer each time with keys ignored meanwhile,
# every wrong PIN is recorded in log/trust.log, and no file is deleted.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body_quick
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick "$S"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token
stick_files "$S" >before.list
LOG=$S/examstick/log/trust.log

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "Invigilator PIN:"
type_text 1111
keys Enter
wait_for "Wrong PIN. Wait" "$SLOW_S"
grep -q 'wrong invigilator PIN (1 in a row); next try in 1 s' "$LOG" ||
    fail "the first wrong PIN is not in $LOG"
wait_for "Wrong PIN. Type it again."
type_text 9999
keys Enter
# Typed before the wait ends: dropped, so the right PIN below is one
# guess.  The keys go out at once, not after the wait shows, so that a
# test slowed by a busy machine still sends them within the 2 s.
type_text 0000
keys Enter
wait_for "Wrong PIN. Wait 2 s before the next try." "$SLOW_S"
wait_for "Wrong PIN. Type it again."
grep -q 'wrong invigilator PIN (2 in a row); next try in 2 s' "$LOG" ||
    fail "the second wrong PIN is not in $LOG"
[ "$(grep -c 'wrong invigilator PIN' "$LOG")" -eq 2 ] ||
    fail "keys typed during the wait were taken as a guess: $(cat "$LOG")"
refute_screen "Release code:"
type_text "$PIN"
keys Enter
wait_for "Release code:" "$SLOW_S"
keys Escape
wait_for "The stick is ready."
leave_examiner "$PIN"
expect_none_deleted before.list "$S"
echo "wrong PINs refused, delayed and recorded"
