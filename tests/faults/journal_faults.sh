# Journal writes that fail with EIO, ENOSPC or EROFS, injected by
# faultshim.so: the write fails, the write lands but its fsync fails, or
# the write is cut short.  Each time the notice names the error and the
# journal, the answer waits in memory while the fault lasts, and it is
# written once the fault is gone.  At the end every answer that the
# screen acknowledged is in the result, which reloader verify accepts.
set -u
. "$TOP/tests/lib.sh"

SHIM=$BUILD/tests/faultshim.so
[ -f "$SHIM" ] || skip "no $SHIM: run make tests"
CTL=$TESTDIR/fault
: >"$CTL"
STICK=$TESTDIR/stick
demo_stick "$STICK"
# Time records every 5 s, so that the answer given just after an item
# is shown is the write that meets the fault.
sed -i 's/^;clock_save_seconds = 1$/clock_save_seconds = 5/' \
    "$STICK/examstick/examiner.conf"
grep -q '^clock_save_seconds = 5$' "$STICK/examstick/examiner.conf" ||
    fail "could not set clock_save_seconds in the demo examiner.conf"
# In the sanitizer build the shim comes before ASan's runtime.
start_tmux "LD_PRELOAD=$SHIM ASAN_OPTIONS=$(bed_asan)" \
    "EXAMSTICK_FAULT_CTL=$CTL" \
    "EXAMSTICK_FAULT_MATCH=.journal $EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter

# fault ITEM FAULT TEXT: on item ITEM (just shown), answer A while FAULT
# is injected; the notice shows TEXT until the fault is cleared.
fault() {
	wait_for "Item $1 of 20"
	echo "$2" >"$CTL"
	keys A
	wait_for "Your answers cannot be saved to the stick."
	expect_text "$3"
	expect_text "1001-esecurity-1.journal"
	refute_screen "Item $1 of 20"
	keys Space
	sleep 1
	expect_screen "Your answers cannot be saved to the stick."
	: >"$CTL"
	keys Space
	wait_for "Item $1 of 20"
	wait_for " Answered"
	grep -q " answer es$(printf %02d "$1") RESPONSE " \
	    "$STICK/examstick/attempts/1001-esecurity-1.journal" ||
	    fail "item $1: the answer is not in the journal"
}

fault 1 EIO "Input/output error"
keys F8
fault 2 "ENOSPC short" "No space left on device"
keys F8 F8 F8 F8
fault 6 EROFS "Read-only file system"
keys F8 F8
fault 8 "EIO fsync" "Input/output error"

for e in "pwrite .*1001-esecurity-1.journal Input/output error" \
    "pwrite .*1001-esecurity-1.journal No space left on device" \
    "pwrite .*1001-esecurity-1.journal Read-only file system" \
    "fsync .*1001-esecurity-1.journal Input/output error"; do
	grep -q "$e" "$CTL.log" || fail "no fault injected: $e"
done

end_test
RESULT=$STICK/examstick/results/1001-esecurity-1.result
[ -f "$RESULT" ] || fail "no result file $RESULT"
for item in 01 02 06 08; do
	grep -q "^response: es$item RESPONSE " "$RESULT" ||
	    fail "the answer to es$item is not in the result"
done
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
n=$(grep -c ' pause write%20failed ' \
    "$STICK/examstick/attempts/1001-esecurity-1.journal")
[ "$n" -eq 4 ] || fail "$n pause records for 4 faults"
echo "4 injected faults; every answer in the verified result"
