# Pull the stick out of the running machine and put it back.  Init
# detaches the dead mount and mounts the stick again under its new
# device name, and the Examiner reads it again after R.  A candidate
# then sits the test, and the result on the stick verifies.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot

# R reads the stick again: it is unusable once init has seen it go,
# and ready once init has mounted it again.
plug_out
press_until r "This stick cannot be used."
plug_in
press_until r "The stick is ready."
sit_short 1003 30/06/2008
wait_poweroff

copy_data "$TESTDIR/out"
check_result "$TESTDIR/out" 1003 3
log=$TESTDIR/out/examstick/log/init.log
grep -q "data partition .* removed" "$log" ||
    fail "init.log does not record the removal: $(cat "$log")"
[ "$(grep -c 'mounted on' "$log")" -ge 2 ] ||
    fail "init.log does not record the second mount: $(cat "$log")"
echo "the stick was pulled out and put back, and the test was sat"
