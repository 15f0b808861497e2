# Boot the image as a USB stick on legacy BIOS firmware (SeaBIOS,
# through gptmbr.bin and SYSLINUX).  Sit the first items of the
# demonstration test on the serial console and leave with the PIN,
# then check the signed result on the image's data partition.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu bios
wait_boot
wait_for "e-Security practice test"
sit_short 1001 14/03/2008
wait_poweroff

copy_data "$TESTDIR/out"
check_result "$TESTDIR/out" 1001 3
echo "booted on BIOS, sat the test, result verified"
