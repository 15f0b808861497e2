# The invigilator adds time (the minutes typed, 1 to 240) and then ends
# the test: the result is written as after a time-out, with the typed
# text saved, and reloader verify accepts it.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
J=$STICK/examstick/attempts/1001-esecurity-1.journal
RESULT=$STICK/examstick/results/1001-esecurity-1.result
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys B
wait_for " Answered"

# out of range and not a number: refused, nothing written
invig_menu
keys t
wait_for "Minutes to add:"
for bad in 0 241 x; do
	type_text "$bad"
	keys Enter
	wait_for "Type a whole number of minutes from 1 to 240."
	keys BSpace BSpace BSpace
done
keys Escape
wait_for "Invigilator menu"
keys Escape
wait_for "Item 1 of 20"
grep -q ' extend ' "$J" && fail "an extend record for a refused value"

read_at=$(date +%s)
before=$(time_left_s)
invig_menu
keys t
wait_for "Minutes to add:"
type_text 15
keys Enter
wait_for "The invigilator has added 15 minutes."
after=$(time_left_s)
# The clock runs on while the menu is open: 2 s of rounding, plus the
# seconds between the two readings.
late=$(($(date +%s) - read_at))
diff=$((after - before - 900))
[ "$diff" -le 0 ] && [ "$diff" -ge $((-2 - late)) ] ||
    fail "time left was ${before}s, is ${after}s ${late}s later, after" \
    "adding 15 minutes"
grep -q ' extend 900000 ' "$J" || fail "no extend record of 900000 ms"

# typed text not saved yet is saved when the invigilator ends the test
keys F8 F8
wait_for "Item 3 of 20"
type_text ended
invig_menu
keys e
wait_for "End this candidate's test now?"
keys n
wait_for "Invigilator menu"
keys e
wait_for "End this candidate's test now?"
keys y
wait_for "The invigilator has ended your test."
wait_for "results/1001-esecurity-1.result"
keys Enter
wait_for "candidate login"
leave_examiner

[ -f "$RESULT" ] || fail "no result file $RESULT"
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
grep -q '^end-reason: invigilator$' "$RESULT" || fail "end reason"
grep -q '^time-allowed: 2700$' "$RESULT" || fail "time allowed"
grep -q '^response: es03 RESPONSE ended$' "$RESULT" ||
    fail "the typed text is not in the result"
echo "added 15 minutes (${before}s to ${after}s) and ended; result verified"
