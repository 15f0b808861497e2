# Boot the image as a USB stick on UEFI firmware (OVMF) and check, in
# one boot:
# - the kiosk keys: Ctrl-C, Ctrl-Z, Ctrl-\, Alt-F2, Ctrl-Alt-F2, Alt-F3,
#   Alt-Right, Alt-Left, Ctrl-Alt-F12, Alt-SysRq-B/E/I and Ctrl-Alt-Del,
#   sent to the PS/2 keyboard from the QEMU monitor, leave the display
#   of tty1 as it was, and Enter still reaches the Examiner there;
# - the stick pulled out at the stick screen of the serial console and
#   put back: init detaches the dead mount and mounts the stick again,
#   and the Examiner reads it again after R;
# - a sitting on the serial console, with the stick pulled out after the
#   first answer and put back: the Examiner says it was taken out, then
#   goes on with item 1, and nothing answered is lost;
# - the leave with the invigilator PIN: the machine powers off, the
#   signed result on the data partition passes reloader verify and
#   minisign, and init.log records the leave and the power-off, and
#   shows that the Examiner on tty1 ran from boot to the leave.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

# Changed bytes allowed between two screendumps of one screen, for the
# text cursor; a console switch or a new screen changes far more.
SAME_MAX=2000

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot
wait_for "e-Security practice test"
wait_for "Signing key: present"

# The kiosk keys, on tty1 while the serial console waits.
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
# Enter on the keyboard leads the Examiner on tty1 on to the candidate
# login, which changes the display.
monitor "sendkey ret" >/dev/null
wait_display_still "$after"
changed=$(pixels_changed "$before" "$after")
[ "$changed" -gt $SAME_MAX ] ||
    fail "Enter on the keyboard did not reach the Examiner on tty1"

# The stick out and back at the stick screen.  R reads the stick again:
# it is unusable once init has seen it go, and ready once init has
# mounted it again.
plug_out
press_until r "This stick cannot be used."
plug_in
press_until r "The stick is ready."

# The sitting, with the stick out and back after the first answer.
login 1002 02/11/2007
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys B
wait_for " Answered"
plug_out
wait_for "The exam stick has been taken out."
plug_in
wait_for "Item 1 of 20"
keys F8
wait_for "Item 2 of 20"
keys A B
wait_for " Answered"
keys F8
wait_for "Item 3 of 20"
type_text factor
wait_for "[1: factor]"
keys Enter
wait_for " Answered"
keys F10
wait_for "End the test now?"
keys y
wait_for "Your test has ended."
keys Enter
wait_for "candidate login"
leave_with_pin
wait_poweroff

copy_data "$TESTDIR/out"
check_result "$TESTDIR/out" 1002 3
result=$TESTDIR/out/examstick/results/1002-esecurity-1.result
grep -q '^response: es01 RESPONSE ' "$result" ||
    fail "the answer given before the stick was pulled out is missing"
j=$TESTDIR/out/examstick/attempts/1002-esecurity-1.journal
sed '/ pause stick%20removed /q' "$j" | grep -q ' answer es01 RESPONSE ' ||
    fail "the journal has no answer to item 1 before the outage"
grep -q ' pause stick%20removed ' "$j" || fail "no pause record for the outage"
grep -q ' resume ' "$j" || fail "no resume record after the outage"

log=$TESTDIR/out/examstick/log/init.log
grep -q "the invigilator left on ttyS0" "$log" ||
    fail "init.log does not record the leave: $(cat "$log")"
grep -q "power off" "$log" || fail "init.log does not record the power off"
[ "$(grep -c "data partition .* removed" "$log")" -eq 2 ] ||
    fail "init.log does not record two removals: $(cat "$log")"
[ "$(grep -c 'mounted on' "$log")" -ge 3 ] ||
    fail "init.log does not record the two mounts again: $(cat "$log")"
[ "$(grep -c 'starting the Examiner on tty1' "$log")" -eq 1 ] ||
    fail "the Examiner on tty1 was restarted: $(cat "$log")"
sed '/the invigilator left/q' "$log" |
    grep -q 'Examiner on tty1 \(exited\|was stopped\)' &&
    fail "the Examiner on tty1 ended before the leave: $(cat "$log")"
echo "booted on UEFI; kiosk keys changed nothing; the stick was pulled" \
    "out twice; the test was sat and its result verified"
