# Boot the image on legacy BIOS firmware (SeaBIOS) with
# examstick.approval=1, so that init starts examiner --approval-task.
# Press each key that the task prompts for on the serial console, let the
# stick, clock and signature checks run (the demonstration stick key has
# no PIN), end the task and let the machine power off.  Then every
# approval result on the image's data partition must verify with
# reloader and with minisign, and one of them must pass every check.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

# press_prompted N NAME KEY: wait until the task prompts for key N of 11,
# named NAME on the screen, and press KEY.
press_prompted() {
	wait_for "Keyboard check: key $1 of 11"
	wait_for "Press the key: $2"
	keys "$3"
}

prepare_stick "examstick.serial=1 examstick.term=tmux-256color examstick.approval=1"
start_qemu bios
wait_for "examstick Examiner: approval task" "$BOOT_WAIT_S"
echo "QEMU start to the approval task: $(($(date +%s) - QEMU_START))s"
press_prompted 1 Enter Enter
press_prompted 2 Tab Tab
press_prompted 3 "Up arrow" Up
press_prompted 4 "Down arrow" Down
press_prompted 5 "Left arrow" Left
press_prompted 6 "Right arrow" Right
press_prompted 7 F1 F1
press_prompted 8 F10 F10
press_prompted 9 Esc Escape
press_prompted 10 "the letter A" a
press_prompted 11 "the letter Z" z
wait_for "Approval result written:"
expect_screen "pass  Stick key signature"
expect_screen "All 15 checks passed."
keys Enter
wait_poweroff

copy_data "$TESTDIR/out"
# With examstick.serial=1 the task runs on ttyS0 only, so there is one
# result, and it passes.
set -- "$TESTDIR"/out/examstick/approval/*.approval
[ -f "$1" ] || fail "no approval result on the data partition"
[ $# -eq 1 ] || fail "$# approval results on the data partition, not 1"
result=$1
"$BUILD/bin/reloader" verify "$result" ||
    fail "reloader verify rejected $result"
# The signature is the last four lines of the file, over the lines
# before it.
sed '/^untrusted comment: /,$d' "$result" >"$TESTDIR/body"
sed -n '/^untrusted comment: /,$p' "$result" >"$TESTDIR/body.minisig"
minisign -Vm "$TESTDIR/body" -x "$TESTDIR/body.minisig" \
    -p "$TESTDIR/out/examstick/keys/demo-only-stick.pub" ||
    fail "minisign rejected $result"
grep -q '^outcome pass$' "$result" || fail "$result: the outcome is not pass"
grep -q '^check signature pass ' "$result" ||
    fail "$result: the signature check did not pass"
log=$TESTDIR/out/examstick/log/init.log
grep -q 'the approval task on ttyS0 ended: every check passed$' "$log" ||
    fail "init.log does not record the end of the approval task"
if grep -q 'starting the Examiner on tty1' "$log"; then
	fail "init.log shows an Examiner started on tty1 as well as ttyS0"
fi
echo "booted on BIOS, ran the approval task, result verified"
