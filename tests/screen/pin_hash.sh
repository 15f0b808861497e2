# The invigilator menu checks the typed PIN against invigilator_pin_hash
# in examiner.conf: with the hash of another PIN in place of the
# demonstration one, the demonstration PIN is refused and the other PIN
# opens the menu.  Neither PIN is written to the stick or its log.
set -u
. "$TOP/tests/lib.sh"

OTHER=70319526
STICK=$TESTDIR/stick
CONF=$STICK/examstick/examiner.conf
demo_stick "$STICK"
echo "$OTHER" >pin
"$BUILD/bin/reloader" pin --hash --pin-file pin >line ||
    fail "reloader pin --hash failed"
grep -v '^invigilator_pin_hash = ' "$CONF" >conf.rest
[ "$(wc -l <conf.rest)" -eq $(($(wc -l <"$CONF") - 1)) ] ||
    fail "the demo examiner.conf has no single hash line"
sed -i "s|^invigilator_pin_hash = .*|$(cat line)|" "$CONF"
grep -qF "$(cat line)" "$CONF" || fail "the hash line was not replaced"

start_tmux "$EXAMINER --stick $STICK"
wait_for "The stick is ready."
keys C-x
wait_for "Invigilator PIN:"
type_text "$DEMO_PIN"
keys Enter
wait_for "Wrong PIN. Type it again."
refute_screen "Invigilator menu"
type_text "$OTHER"
keys Enter
wait_for "Invigilator menu"
keys Escape
wait_for "The stick is ready."
leave_examiner "$OTHER"

grep -q 'wrong invigilator PIN (1 in a row)' \
    "$STICK/examstick/log/trust.log" ||
    fail "the wrong PIN is not in log/trust.log"
grep -q 'invigilator PIN accepted' "$STICK"/examstick/log/*.log ||
    fail "the Examiner's log does not record the accepted PIN"
for p in "$DEMO_PIN" "$OTHER"; do
	found=$(grep -rl -- "$p" "$STICK") && fail "PIN $p in $found"
done
echo "the menu PIN is checked against the hash"
