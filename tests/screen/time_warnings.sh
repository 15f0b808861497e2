# The time warnings of the default configuration, at 5 and at 1 minute
# left, on a 2-minute test: the first is given at the start and names the
# 2 minutes actually left, the last comes a minute later.  Both mark the
# clock in the header.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
conf=$STICK/examstick/examiner.conf
sed -i 's/^;duration = 30m$/duration = 2m/' "$conf"
grep -q '^duration = 2m$' "$conf" || fail "could not set the duration"
grep -q '^;warn_minutes = 5$' "$conf" || fail "warn_minutes is not 5"
grep -q '^;final_warn_minutes = 1$' "$conf" ||
    fail "final_warn_minutes is not 1"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Time allowed: 02:00."
keys Enter
wait_for "Item 1 of 20"
wait_for "2 minutes left."
refute_screen "5 minutes left."
wait_for "! Time left 01:5"
wait_for "Less than 1 minute left." 75
[ "$(time_left_s)" -le 60 ] || fail "final warning with $(time_left_s) s left"
end_test
echo "warnings at the start (2 minutes left) and at 1 minute left"
