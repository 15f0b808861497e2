# Creating an attempt's journal fsyncs the attempts folder, so that the
# new file's name survives a power cut.  With faultshim.so failing every
# fsync of that folder, the attempt does not start: the confirm screen
# names the folder and the error, and no journal is left behind.  Once
# the fault is gone the same login starts the attempt.
set -u
. "$TOP/tests/lib.sh"

SHIM=$BUILD/tests/faultshim.so
[ -f "$SHIM" ] || skip "no $SHIM: run make tests"
CTL=$TESTDIR/fault
echo "EIO fsync" >"$CTL"
STICK=$TESTDIR/stick
ATTEMPTS=$STICK/examstick/attempts
demo_stick "$STICK"
# In the sanitizer build the shim comes before ASan's runtime.
start_tmux "LD_PRELOAD=$SHIM ASAN_OPTIONS=$(bed_asan)" \
    "EXAMSTICK_FAULT_CTL=$CTL" \
    "EXAMSTICK_FAULT_MATCH=/examstick/attempts $EXAMINER --stick $STICK"

wait_for "The stick is ready."
keys Enter
wait_for "candidate login"
type_text 1001
keys Enter
type_text 2008-03-14
keys Enter
wait_for "Check that these are your details."
keys Enter
wait_for "This test cannot be started."
expect_text "fsync $ATTEMPTS: Input/output error"
grep -q "^fsync $ATTEMPTS Input/output error$" "$CTL.log" ||
    fail "no fsync of $ATTEMPTS was failed: $(cat "$CTL.log" 2>/dev/null)"
if ls "$ATTEMPTS"/*.journal >/dev/null 2>&1; then
	fail "a journal was left after the failed create: $(ls "$ATTEMPTS")"
fi

: >"$CTL"
keys Enter
wait_for "Instructions"
[ -s "$ATTEMPTS/1001-esecurity-1.journal" ] ||
    fail "no journal $ATTEMPTS/1001-esecurity-1.journal after the retry"
echo "the attempts folder is fsync'd when a journal is created"
