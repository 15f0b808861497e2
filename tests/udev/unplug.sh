# The Examiner in a umockdev testbed, without --stick.  It waits for a
# stick and ignores an internal disk with the same label, then uses the
# USB stick plugged in.  When the stick is pulled out, the clock stops
# and a notice is shown, and a different stick is rejected.  When the
# same stick is back under another name and mount point, the test goes
# on with the same time left.
# EXAMSTICK_MOUNT_MAP stands in for mounting: sdb1 and sdd1 are the test
# stick's folder before and after, sdc1 another stick, sda1 the internal
# disk.
# tests/run: alone, because the time left is compared to within 1 s and
# the CPU time and wake-ups of an idle Examiner are measured.
set -u
. "$TOP/tests/lib.sh"

A=$TESTDIR/mnt-sdb1
B=$TESTDIR/mnt-sdd1
OTHER=$TESTDIR/mnt-sdc1
INTERNAL=$TESTDIR/mnt-sda1
demo_stick "$A"
demo_stick "$OTHER"
other_stick "$OTHER"
demo_stick "$INTERNAL"
bed_start
bed plug sda ata

export EXAMSTICK_MOUNT_MAP="sda1=$INTERNAL,sdb1=$A,sdc1=$OTHER,sdd1=$B"
start_tmux "EXAMSTICK_MOUNT_MAP=$EXAMSTICK_MOUNT_MAP $(in_bed "$EXAMINER")"
wait_for "Waiting for the exam stick."
expect_screen "labelled EXAMSTICK"
expect_screen "sda1 (/dev/sda1): not on USB (ID_BUS=ata)"
# waiting polls the discovery descriptor: next to no CPU time
pid=$(examiner_pid)
[ "$(cat "/proc/$pid/comm")" = examiner ] ||
    fail "process $pid is not the Examiner"
t0=$(cpu_ticks "$pid")
sleep 3
t1=$(cpu_ticks "$pid")
[ $((t1 - t0)) -le 10 ] ||
    fail "waiting for a stick took $((t1 - t0)) ticks of CPU time in 3 s"
# ...and no time-out wakes it: the poll(2) it sits in has none.  A
# mount made elsewhere on this machine may wake it through the mount
# table, so only waits that ended by a time-out count.
if command -v strace >/dev/null 2>&1; then
	timeout 3 strace -q -e trace=poll,ppoll,select,pselect6,epoll_wait \
	    -o "$TESTDIR/strace.out" -p "$pid" 2>/dev/null
	timeouts=$(grep -c -E ', [1-9][0-9]*\) += 0 \(Timeout\)$' \
	    "$TESTDIR/strace.out")
	[ "$timeouts" -eq 0 ] ||
	    fail "waiting for a stick woke by a time-out $timeouts times" \
	    "in 3 s: $(grep Timeout "$TESTDIR/strace.out")"
fi

bed plug sdb usb
wait_for "The stick is ready."
expect_screen "Stick:       $A"
expect_screen "Stick id:    825D7769D2C93E06"
login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"
sleep 2

bed unplug sdb
wait_for "The exam stick has been taken out."
before=$(time_left_s)
bed plug sdc usb
wait_for "is not the stick"
expect_screen "(stick id 825D7769D2C93E06)"
expect_screen "sdc1)"
sleep 2
bed unplug sdc
wait_gone "is not the stick"
during=$(time_left_s)
[ "$before" = "$during" ] ||
    fail "the clock ran while the stick was out: ${before}s, then ${during}s"

mv "$A" "$B"
back_at=$(date +%s)
bed plug sdd usb
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

j=$B/examstick/attempts/1001-esecurity-1.journal
for rec in ' answer es01 RESPONSE ' ' answer es02 RESPONSE ' \
    ' pause stick%20removed ' ' resume '; do
	grep -q "$rec" "$j" || fail "no record with \"$rec\" in the journal"
done
log=$B/examstick/log/examiner.log
for line in \
    "stick search: sda1 (/dev/sda1, label EXAMSTICK): ignored: not on USB" \
    "stick 825D7769D2C93E06 (sdb1) taken out during 1001-esecurity-1" \
    "(sdc1) put in, but this Examiner uses stick 825D7769D2C93E06: rejected" \
    "stick 825D7769D2C93E06 back at $B"; do
	grep -q -F "$line" "$log" || fail "the log has no line with: $line"
done
# the log goes on at the new mount point without starting again
n=$(grep -c "examiner started" "$log")
[ "$n" -eq 1 ] || fail "the log has $n lines with \"examiner started\""
echo "stick out and back as sdd1: ${before}s left before, ${after}s after"
