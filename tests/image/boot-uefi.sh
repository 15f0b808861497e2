# Boot the image as a USB stick on UEFI firmware (OVMF).  Sit the first
# items of the demonstration test on the serial console and leave with
# the invigilator PIN.  The machine must power off, and the signed
# result on the image's data partition must verify.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot
wait_for "e-Security practice test"
wait_for "Signing key: present"
sit_short 1002 02/11/2007
wait_poweroff

copy_data "$TESTDIR/out"
check_result "$TESTDIR/out" 1002 3
log=$TESTDIR/out/examstick/log/init.log
grep -q "the invigilator left on ttyS0" "$log" ||
    fail "init.log does not record the leave: $(cat "$log")"
grep -q "power off" "$log" || fail "init.log does not record the power off"
echo "booted on UEFI, sat the test, result verified"
