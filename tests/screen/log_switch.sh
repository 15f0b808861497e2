# With log = no in examiner.conf the Examiner writes no log unless -v is
# given; with -v it writes examstick/log/examiner.log, each line starting
# with a UTC time stamp.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
CONF=$STICK/examstick/examiner.conf
LOG=$STICK/examstick/log/examiner.log
sed -i 's/^log = yes$/log = no/' "$CONF"
grep -q '^log = no$' "$CONF" || fail "could not set log = no in $CONF"

start_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Press Enter to start."
leave_examiner
[ ! -e "$LOG" ] || fail "log = no, no -v: $LOG was written"

restart_tmux "$EXAMINER --stick $STICK -v"
login 1001 2008-03-14
wait_for "Press Enter to start."
leave_examiner
[ -s "$LOG" ] || fail "-v: no $LOG"
grep -q ' examiner started: stick ' "$LOG" || fail "-v: no start line"
grep -q ' login: candidate 1001$' "$LOG" || fail "-v: no login line"
bad=$(grep -v -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z ' \
    "$LOG")
[ -z "$bad" ] || fail "-v: log lines without a time stamp: $bad"
echo "the log is off without -v and time-stamped with it"
