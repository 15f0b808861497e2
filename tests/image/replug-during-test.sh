# Pull the stick out of the running machine during a test and put it
# back.  The Examiner shows that the stick was taken out; once init has
# mounted it again, the test goes on where it was.  The result verifies,
# and the journal has a pause and a resume around the outage.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"
need minisign

prepare_stick "examstick.serial=1 examstick.term=tmux-256color"
start_qemu uefi
wait_boot
login 1001 14/03/2008
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"

plug_out
wait_for "The exam stick has been taken out."
plug_in
wait_for "Item 1 of 20"

keys F8
wait_for "Item 2 of 20"
keys B
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
check_result "$TESTDIR/out" 1001 3
j=$TESTDIR/out/examstick/attempts/1001-esecurity-1.journal
grep -q ' pause stick%20removed ' "$j" || fail "no pause record for the outage"
grep -q ' resume ' "$j" || fail "no resume record after the outage"
echo "the stick was pulled out during the test and the test went on"
