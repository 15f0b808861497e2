# A test title of 80 characters, the longest examiner.conf allows, is
# shortened in the item screen's header so that "Item N of M" and the
# flag mark stay visible beside the clock.  The confirm screen wraps
# the title instead of cutting it.
set -u
. "$TOP/tests/lib.sh"

TITLE="Level 3 Certificate in Applied Information Security, Unit 12: Threat Analysis QQ"
[ ${#TITLE} -eq 80 ] || fail "the title has ${#TITLE} characters, not 80"
STICK=$TESTDIR/stick
demo_stick "$STICK"
sed -i "s/^title = .*/title = $TITLE/" "$STICK/examstick/examiner.conf"
grep -q "^title = $TITLE\$" "$STICK/examstick/examiner.conf" ||
    fail "the title was not set in examiner.conf"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
keys Enter
wait_for "candidate login"
type_text 1001
keys Enter
type_text 2008-03-14
keys Enter
wait_for "Check that these are your details."
expect_screen "Threat Analysis QQ"
keys Enter
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
screen | head -n 1 | grep -q "^ Level 3 Certificate.*\.\.\.   Item 1 of 20 .*Time left" ||
    fail "header: $(screen | head -n 1)"
keys F2
wait_for "Item 1 of 20   [Flagged]"
keys F8
wait_for "Item 2 of 20"
echo "a long title leaves the item number in the header"
