# Pull the stick out of the running machine and put it back: init
# detaches the dead mount and mounts the stick again, under a new
# device name, where the Examiner reads it again (R), and a candidate
# can then sit the test and the result is written to the stick.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot

plug_out
keys r
wait_for "This stick cannot be used."
plug_in
# R until init has mounted the stick again.
n=0
until screen | grep -q "The stick is ready."; do
	n=$((n + 1))
	[ $n -gt "$WAIT_S" ] && fail "the stick was not mounted again"
	keys r
	sleep 1
done
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
