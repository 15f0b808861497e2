# When the stick cannot take a journal write (here a full file system),
# the Examiner shows a notice naming the error, keeps the answer in
# memory, and writes it when the invigilator presses a key after making
# room.
# tests/run: alone, because the full stick must meet the answer within the
# 5 s between two clock records.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
mkdir -p "$STICK"
mount -t tmpfs -o size=4m tmpfs "$STICK" 2>/dev/null ||
    skip "cannot mount a tmpfs (needs root)"
# The Examiner may still hold the journal open for a moment after tmux
# is gone, so the unmount is retried.
cleanup() {
	cleanup_tmux
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		umount "$STICK" 2>/dev/null && return
		sleep 0.5
	done
	umount -l "$STICK"
}
trap cleanup EXIT INT TERM
demo_stick "$TESTDIR/copy"
cp -R "$TESTDIR/copy/." "$STICK/"
# Clock records every 5 s, so that the answer below, not a clock record,
# is the first write to meet the full stick.
CONF=$STICK/examstick/examiner.conf
sed -i '/clock_save_seconds/d; s/^\[examiner\]$/&\nclock_save_seconds = 5/' \
    "$CONF"
grep -q '^clock_save_seconds = 5' "$CONF" || fail "cannot set clock_save_seconds"
start_tmux "$EXAMINER --stick $STICK"
trap cleanup EXIT INT TERM

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"

# Fill the stick just after a clock record, leaving about 5 s for the key.
j=$STICK/examstick/attempts/1001-esecurity-1.journal
size=$(wc -c <"$j")
tries=0
while [ "$(wc -c <"$j")" = "$size" ]; do
	tries=$((tries + 1))
	[ $tries -le 200 ] || fail "no clock record within 20 s"
	sleep 0.1
done
dd if=/dev/zero of="$STICK/filler" bs=4096 2>/dev/null
keys A
wait_for "Your answers cannot be saved to the stick."
expect_screen "write journal"
expect_screen "attempts/1001-esecurity-1.jou"
refute_screen "Item 1 of 20"

# another key while the stick is still full: the notice stays
keys Space
wait_for "Your answers cannot be saved to the stick."
refute_screen "Item 1 of 20"

rm -f "$STICK/filler"
keys Space
wait_for "Item 1 of 20"
wait_for " Answered"
grep -q ' answer es01 RESPONSE ' "$j" || fail "the answer is not in the journal"
echo "answer kept while the stick was full, written after"
