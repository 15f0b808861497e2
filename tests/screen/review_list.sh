# The review screen opened from the last item fills its rows: the list
# ends with the last item and starts as far up as the window allows,
# with no empty rows below it.  The F1 help of the login and the review
# shows each key name whole, PageDown and End too.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
keys Enter
wait_for "candidate login"
keys F1
wait_for "Keys"
expect_screen "Home, End"
expect_screen "Left, Right"
keys Escape
wait_for "candidate login"
login_fields 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"

# The item help has no scrolling, so its last entry must fit at 80x24.
keys F1
wait_for "Keys"
expect_screen "F1                  this help"
expect_screen "Ctrl-X, F12         invigilator (PIN)"
keys Escape
wait_for "Item 1 of 20"

# To the last item through the review, then the review again from there.
keys F3
wait_for "Review:"
keys End Enter
wait_for "Item 20 of 20"
keys F3
wait_for "Review:"
expect_screen "  20* "
# 17 rows at 80x24: items 4 to 20.
expect_screen "   4  "
refute_screen "   3  "
# Item 20 is on the last row of the list, line 21 of 24.
[ "$(screen | grep -n -F '  20* ' | cut -d: -f1)" -eq 21 ] ||
    fail "item 20 is not on the last row of the list"

keys F1
wait_for "Keys"
expect_screen "PageUp, PageDown"
expect_screen "Home, End"
keys Escape
wait_for "Review:"
keys Home
keys Enter
wait_for "Item 1 of 20"
echo "review list filled from the last item; help keys shown whole"
