# The keys a candidate might try on the machine's own keyboard change
# nothing: Ctrl-C, Ctrl-Z and Ctrl-\ do not stop the Examiner on tty1,
# Alt-F2, Ctrl-Alt-F2 and Alt-Right do not switch the console, SysRq is
# off and Ctrl-Alt-Del neither reboots nor stops anything.  The keys
# are sent to the PS/2 keyboard from the QEMU monitor; the display must
# still show the Examiner afterwards and must still take keys.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"

# Changed bytes allowed between two screendumps of one screen, for the
# text cursor; a console switch or a new screen changes far more.
SAME_MAX=2000

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot
before=$TESTDIR/before.ppm
after=$TESTDIR/after.ppm
wait_display_still "$before"

for k in ctrl-c ctrl-z ctrl-backslash alt-f2 ctrl-alt-f2 alt-f3 \
    alt-right alt-left ctrl-alt-f12 alt-sysrq-b alt-sysrq-e alt-sysrq-i \
    ctrl-alt-delete; do
	monitor "sendkey $k" >/dev/null
done
wait_display_still "$after"
changed=$(pixels_changed "$before" "$after")
[ "$changed" -le $SAME_MAX ] ||
    fail "the display changed ($changed bytes) after the kiosk keys"
refute_screen "[exit"
expect_screen "The stick is ready."

# The Examiner on tty1 still reads the keyboard: Enter leads on to the
# candidate login, which changes the display.
monitor "sendkey ret" >/dev/null
wait_display_still "$after"
changed=$(pixels_changed "$before" "$after")
[ "$changed" -gt $SAME_MAX ] ||
    fail "Enter on the keyboard did not reach the Examiner on tty1"

leave_with_pin
wait_poweroff
copy_data "$TESTDIR/out"
log=$TESTDIR/out/examstick/log/init.log
[ "$(grep -c 'starting the Examiner on tty1' "$log")" -eq 1 ] ||
    fail "the Examiner on tty1 was restarted: $(cat "$log")"
sed '/the invigilator left/q' "$log" | grep -q 'Examiner on tty1 \(exited\|was stopped\)' &&
    fail "the Examiner on tty1 ended before the leave: $(cat "$log")"
echo "the kiosk keys changed nothing"
