# With --stick, a stick folder that disappears during a test is a stick
# taken out: a notice replaces the item and the clock stops.  Another
# stick put in its place is rejected by its stick id.  When the same
# stick is back the test goes on with the time it had, and the journal
# has the answers and a pause and resume around the outage.
# tests/run: alone, because the time left is compared to within 1 s.
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
sleep 2

mv "$STICK" "$TESTDIR/away"
wait_for "The exam stick has been taken out."
expect_screen "stick id 825D7769D2C93E06"
refute_screen "Item 1 of 20"
before=$(time_left_s)
sleep 3
during=$(time_left_s)
[ "$before" = "$during" ] ||
    fail "the clock ran while the stick was out: ${before}s, then ${during}s"

# another stick in its place: a copy with another public key
demo_stick "$STICK"
other_stick "$STICK"
wait_for "is not the stick"
expect_screen "(stick id 825D7769D2C93E06)"
other=$(screen | tr -d '\n' |
    sed -n 's/.*put in (stick id \([0-9A-F]*\),.*/\1/p')
[ -n "$other" ] && [ "$other" != 825D7769D2C93E06 ] ||
    fail "the other stick's id is not shown"
rm -rf "$STICK"

# A stick put back is a new mount with new files, even at the same path:
# a copy stands in for it, so that no file the Examiner still has open
# from before can take the writes.
cp -R "$TESTDIR/away" "$TESTDIR/back"
rm -rf "$TESTDIR/away"
back_at=$(date +%s)
mv "$TESTDIR/back" "$STICK"
wait_for "Item 1 of 20"
after=$(time_left_s)
# The clock runs again once the stick is back: 1 s of rounding, plus
# the seconds this test took to read it.
late=$(($(date +%s) - back_at))
diff=$((before - after))
[ "$diff" -ge -1 ] && [ "$diff" -le $((1 + late)) ] ||
    fail "time left was ${before}s before, ${after}s ${late}s after the" \
    "stick was back"

keys F8
wait_for "Item 2 of 20"
keys B
wait_for " Answered"
j=$STICK/examstick/attempts/1001-esecurity-1.journal
for rec in ' answer es01 RESPONSE ' ' answer es02 RESPONSE ' \
    ' pause stick%20removed ' ' resume '; do
	grep -q "$rec" "$j" || fail "no record with \"$rec\" in the journal"
done
log=$STICK/examstick/log/examiner.log
grep -q "stick 825D7769D2C93E06 (.*) taken out during 1001-esecurity-1" \
    "$log" || fail "the log does not say that the stick was taken out"
grep -q "put in, but this Examiner uses stick 825D7769D2C93E06: rejected" \
    "$log" || fail "the log does not name the rejected stick"
grep -q "stick 825D7769D2C93E06 back at $STICK" "$log" ||
    fail "the log does not say that the stick is back"
echo "stick out for 3 s: ${before}s left before, ${after}s after"
