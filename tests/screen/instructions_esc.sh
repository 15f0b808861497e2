# A candidate who leaves the instructions with Esc before starting, and
# logs in again, sees the instructions of a test not yet started, with
# its whole time, not "Your test continues where it stopped."
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

J=$STICK/examstick/attempts/1001-esecurity-1.journal
login 1001 2008-03-14
wait_for "The clock starts when you press Enter."
expect_screen "Instructions"
expect_screen "Time allowed: 30:00."
keys Escape
wait_gone "Instructions"
login_fields 1001 2008-03-14
# The start line is the last the screen draws, so the lines above it
# are on the screen too once it shows.
wait_for "The clock starts when you press Enter."
expect_screen "Instructions"
refute_screen "Your test continues where it stopped."
expect_screen "Time allowed: 30:00."
keys Enter
wait_for "Item 1 of 20"
# The Examiner writes the show record before it draws the item.
grep -q '^[0-9]* [0-9]* show ' "$J" || fail "no show record in $J"
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"

# Once an item was shown, the attempt has begun.
restart_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Your test continues where it stopped."
expect_screen "Press Enter to go on with the test."
refute_screen "Press Enter to start."
echo "the instructions after Esc show a test not yet started"
