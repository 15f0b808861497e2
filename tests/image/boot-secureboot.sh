# Boot the image with Secure Boot on: OVMF with Microsoft's keys
# enrolled (Debian's OVMF_VARS_4M.ms.fd) checks shim, shim checks
# Debian's GRUB and kernel, and the kernel locks itself down and loads
# only signed modules.  The Examiner must come up and take the PIN, and
# init.log must show the kernel in integrity lockdown.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"

[ -f "$OVMF_SECURE_CODE" ] && [ -f "$OVMF_SECURE_VARS" ] ||
    skip "$OVMF_SECURE_CODE is missing: install ovmf"
prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu secureboot
wait_boot
wait_for "Signing key: present"
leave_with_pin
wait_poweroff

copy_data "$TESTDIR/out"
log=$TESTDIR/out/examstick/log/init.log
grep -q 'kernel lockdown: .*\[integrity\]' "$log" ||
    fail "the kernel is not locked down by Secure Boot: $(cat "$log")"
echo "booted with Secure Boot on"
