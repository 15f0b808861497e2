# Ctrl-C, Ctrl-Z and Ctrl-\ neither end nor suspend the Examiner, on the
# login screen and during a test; SIGINT, SIGTSTP and SIGQUIT sent from
# outside are ignored too.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
keys Enter
wait_for "candidate login"
keys C-c C-z 'C-\'
type_text 1001
wait_for "1001"
pid=$(examiner_pid)
[ -n "$pid" ] || fail "no Examiner process"
kill -INT "$pid"
kill -TSTP "$pid"
kill -QUIT "$pid"
keys Enter
type_text 2008-03-14
keys Enter
wait_for "Check that these are your details."
keys Enter
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys C-c C-z 'C-\'
keys A
wait_for " Answered"
refute_screen "[exit"
state=$(ps -o stat= -p "$pid")
case "$state" in
T*) fail "the Examiner is stopped ($state)" ;;
esac
kill -0 "$pid" || fail "the Examiner is gone"

# SIGTERM ends it cleanly with status 3, and the journal stays readable
kill -TERM "$pid"
wait_for "[exit 3]"
j=$STICK/examstick/attempts/1001-esecurity-1.journal
[ -f "$j" ] || fail "no journal $j"
tail -n 1 "$j" | grep -q ' time ' || fail "last record is not a time record"
echo "signals ignored; SIGTERM ended the Examiner cleanly"
