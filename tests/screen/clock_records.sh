# With clock_save_seconds = 5, the largest value allowed, a test left
# idle still gets a time record in its journal at least every 5 seconds
# of test time, so a power cut loses at most 5 seconds.
# tests/run: alone, because the gaps between records are timed.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
CONF=$STICK/examstick/examiner.conf
sed -i 's/^;clock_save_seconds = 1$/clock_save_seconds = 5/' "$CONF"
grep -q '^clock_save_seconds = 5$' "$CONF" ||
    fail "could not set clock_save_seconds in $CONF"
J=$STICK/examstick/attempts/1001-esecurity-1.journal
start_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Press Enter to start."
keys Enter
wait_for "Item 1 of 20"

# Wait for four time records: about 20 s of test time.
n=0
while [ "$(grep -c '^[0-9]* [0-9]* time ' "$J")" -lt 4 ]; do
	n=$((n + 1))
	[ $n -le 300 ] || fail "no four time records in 30 s: $(cat "$J")"
	sleep 0.1
done
leave_examiner

# From the first record of the running clock (show) on, the elapsed
# milliseconds of consecutive records.
awk '$3 == "show" { on = 1 }
    on { if (seen && $2 - last > 5000) {
		print "record " $1 " (" $3 "): " $2 - last " ms after the one before"
		bad = 1
	}
	if ($2 - last > worst && seen) worst = $2 - last
	last = $2; seen = 1 }
    END { print "largest gap " worst + 0 " ms"; exit bad }' "$J" ||
    fail "time records more than 5 s apart"
echo "time records at most 5 s apart with clock_save_seconds = 5"
