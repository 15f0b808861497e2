# Below 80x24 the Examiner asks for a bigger window, and lays the screen
# out again when the window grows, also in the middle of an item.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
TEST_COLS=70 TEST_LINES=20 start_tmux "$EXAMINER --stick $STICK"

wait_for "This window is too small."
expect_screen "Make it at least 80 columns by 24 lines."
expect_screen "70x20"
$TMUX_CMD resize-window -t test -x 80 -y 24
wait_for "The stick is ready."
refute_screen "too small"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"

$TMUX_CMD resize-window -t test -x 80 -y 23
wait_for "This window is too small."
expect_screen "80x23"
# keys are not taken while the screen is too small
keys B
wait_keys_read
$TMUX_CMD resize-window -t test -x 100 -y 30
wait_for "Item 1 of 20"
expect_screen "A  (*)"
expect_screen "B  ( )"
[ "$(screen | wc -l)" -eq 30 ] || fail "screen is not 30 lines"
$TMUX_CMD resize-window -t test -x 80 -y 24
wait_for "Item 1 of 20"
expect_screen "A  (*)"
echo "too-small message shown and screen laid out again"
