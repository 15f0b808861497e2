# A candidate who leaves the instructions with Esc before starting, and
# logs in again, sees the instructions of a test not yet started, with
# its whole time, not "Your test continues where it stopped."
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
full=$(screen_line 'minutes')
keys Escape
wait_gone "Instructions"
login_fields 1001 2008-03-14
wait_for "Instructions"
refute_screen "Your test continues where it stopped."
expect_screen "$full"
expect_screen "The clock starts when you press Enter."
keys Enter
wait_for "Item 1 of 20"
sleep 2
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"

# Once an item was shown, the attempt has begun.
restart_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Your test continues where it stopped."
echo "the instructions after Esc show a test not yet started"
