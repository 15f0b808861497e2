# When the stick cannot take a journal write (here a full file system),
# the Examiner shows a notice naming the error, keeps the answer in
# memory, and writes it when the invigilator presses a key after making
# room.
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
start_tmux "$EXAMINER --stick $STICK"
trap cleanup EXIT INT TERM

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"

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
j=$STICK/examstick/attempts/1001-esecurity-1.journal
grep -q ' answer es01 RESPONSE ' "$j" || fail "the answer is not in the journal"
echo "answer kept while the stick was full, written after"
