# A wrong invigilator PIN is recorded in log/trust.log even when the log
# folder was deleted from the stick while the Examiner ran: the folder is
# made again.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

S=$TESTDIR/stick
trust_luggage_stick "$S"
LOG=$S/examstick/log/trust.log

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
rm -rf "$S/examstick/log"
keys C-x
wait_for "Invigilator PIN:"
type_text 1111
keys Enter
wait_for "Wrong PIN." "$SLOW_S"
[ -f "$LOG" ] || fail "no $LOG after a wrong PIN"
grep -q 'wrong invigilator PIN (1 in a row); next try in 1 s' "$LOG" ||
    fail "the wrong PIN is not in $LOG: $(cat "$LOG")"
echo "trust.log is written after its folder was deleted"
