# A stick label other than EXAMSTICK: examiner --label and reloader
# status --label, or stick_label in reloader.conf, look for that label
# alone, and both reject a label outside the rules of stick_label.
# sdb1 is labelled EXAM_01, sdc1 EXAMSTICK; both are USB sticks.
set -u
. "$TOP/tests/lib.sh"

A=$TESTDIR/mnt-sdb1
B=$TESTDIR/mnt-sdc1
demo_stick "$A"
demo_stick "$B"
other_stick "$B"
bed_start
bed plug sdb usb EXAM_01
bed plug sdc usb
MAP="sdb1=$A,sdc1=$B"

# status_ids ARGS...: the stick ids that reloader status lists.
status_ids() {
	EXAMSTICK_MOUNT_MAP=$MAP UMOCKDEV_DIR=$BED_ROOT \
	    umockdev-wrapper "$BUILD/bin/reloader" "$@" \
	    >"$TESTDIR/status.out" 2>&1
	sed -n 's/^stick \([0-9A-F]\{16\}\)$/\1/p' "$TESTDIR/status.out" | tr '\n' ' '
}

ids=$(status_ids status --label EXAM_01)
[ "$ids" = "825D7769D2C93E06 " ] ||
    fail "status --label EXAM_01 listed: $ids"
grep -q '^  label:                EXAM_01$' "$TESTDIR/status.out" ||
    fail "status --label EXAM_01 does not show the label"
ids=$(status_ids status)
[ -n "$ids" ] && [ "$ids" != "825D7769D2C93E06 " ] ||
    fail "status without --label listed: $ids"
printf '[reloader]\nstick_label = EXAM_01\n' >"$TESTDIR/reloader.conf"
ids=$(status_ids --config "$TESTDIR/reloader.conf" status)
[ "$ids" = "825D7769D2C93E06 " ] ||
    fail "status with stick_label = EXAM_01 in reloader.conf listed: $ids"
status_ids status --label exam_01 >/dev/null
grep -q 'invalid stick label: "exam_01"' "$TESTDIR/status.out" ||
    fail "status --label exam_01: $(cat "$TESTDIR/status.out")"

"$EXAMINER" --label 'EXAM 01' >"$TESTDIR/examiner.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "examiner --label 'EXAM 01' exited with $rc"
grep -q "invalid stick label: \"EXAM 01\"" "$TESTDIR/examiner.out" ||
    fail "examiner --label 'EXAM 01': $(cat "$TESTDIR/examiner.out")"

start_tmux "EXAMSTICK_MOUNT_MAP=$MAP $(in_bed "$EXAMINER" --label EXAM_01)"
wait_for "The stick is ready."
expect_screen "Stick:       $A"
expect_screen "Stick id:    825D7769D2C93E06"
bed unplug sdb
keys r
wait_for "Waiting for the exam stick."
expect_text "whose data partition is labelled EXAM_01"
echo "EXAM_01 found by --label and by reloader.conf; EXAMSTICK left alone"
