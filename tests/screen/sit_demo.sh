# Sit the demonstration test from login to the finished screen with keys
# only, answering every kind of interaction, then verify the signed
# result with reloader and with minisign.  The practice test's score on
# the finished screen is the total that examstick mark gives.
set -u
. "$TOP/tests/lib.sh"
need minisign

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

# item N: wait until item N is on screen.
item() {
	wait_for "Item $1 of 20"
}

# answered: wait for the status line to say the item is answered.
answered() {
	wait_for " Answered"
}

# pick LETTER: open the list of the row in focus and choose LETTER.
pick() {
	keys Enter
	wait_for "Choose "
	keys "$1"
	wait_gone "Enter: choose"
}

wait_for "The stick is ready."
expect_screen "e-Security practice test"
expect_screen "Signing key: present"
keys Enter

wait_for "candidate login"
type_text 1002
keys Enter
type_text 02/11/2007
keys Enter
wait_for "Lee, Sam"
expect_screen "Candidate number:  1002"
expect_screen "e-Security practice test"
keys Enter

wait_for "Instructions"
expect_screen "This test has 20 items."
expect_screen "Time allowed: 37:30 (this includes 25% extra time)."
keys Enter

# 1: single choice
item 1
keys B
answered
expect_screen "(*)"
keys F8

# 2: two answers at most; a third is refused with a message
item 2
keys A B
answered
keys C
wait_for "You can choose at most 2 answers"
[ "$(screen | grep -c '\[x\]')" -eq 2 ] || fail "item 2: not two ticks"
keys F8

# 3: text entry, saved when Enter leaves the field
item 3
type_text factor
wait_for "[1: factor]"
keys Enter
answered
keys F8

# 4: inline choice
item 4
pick A
answered
keys F8

# 5: order: pick up, move down, put down
item 5
keys Space Down Space
answered
keys F8

# 6
item 6
keys C
answered
keys F8

# 7: extended text over two lines, saved when leaving the item
item 7
type_text "Reused passwords"
keys Enter
type_text "let one leak open every account."
wait_for "|let one leak open every account."
wait_for " Answered"
keys F8

# 8: answer and flag
item 8
keys B
answered
keys F2
wait_for "[Flagged]"
keys F8

# 9: match each source to a different target
item 9
pick A
keys Down
pick B
keys Down
pick C
keys Down
pick D
answered
refute_screen "(no match yet)"
keys F8

# 10: several answers
item 10
keys A D E
answered
keys F8

# 11: gap match
item 11
pick C
keys Down
pick D
keys Down
pick E
answered
refute_screen "[G3: ____]"
keys F8

# 12
item 12
type_text malware
keys F8

# 13: associate: two pairs
item 13
keys Enter
wait_for "first item of the pair"
keys A
wait_for "second item of the pair"
keys B
answered
keys Down Enter
wait_for "first item of the pair"
keys C
wait_for "second item of the pair"
keys D
wait_for "Pair 2:"
refute_screen "Pair 2: (press Enter"
keys F8

# 14 to 20
item 14
pick B
answered
keys F8
item 15
keys D
answered
keys F8
item 16
keys Space Space
answered
keys F8
item 17
pick A
keys Down
pick B
keys Down
pick A
keys Down
pick B
answered
keys F8
item 18
keys A C
answered
keys F8
item 19
type_text 3
keys F8
item 20
keys C
answered

# review, go back to item 8, end
keys F3
wait_for "Review: 20 answered, 0 not answered, 1 flagged, of 20 items."
keys Home
keys Down Down Down Down Down Down Down Enter
item 8
expect_screen "[Flagged]"
keys F10
wait_for "End the test now?"
expect_screen "Items not answered: 0 of 20"
expect_screen "Items flagged:      1"
keys y
wait_for "Your test has ended."
wait_for "results/1002-esecurity-1.result"
# a practice test shows its score
wait_for "Your score: "
shown=$(screen_line "Your score: ")
screen
keys Enter
wait_for "candidate login"

# leave with the PIN
leave_examiner

RESULT=$STICK/examstick/results/1002-esecurity-1.result
[ -f "$RESULT" ] || fail "no result file $RESULT"
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
minisign -Vm "$RESULT" -p "$STICK/examstick/keys/demo-only-stick.pub" ||
    fail "minisign rejected $RESULT"
n=$(grep -c '^response: ' "$RESULT")
[ "$n" -eq 20 ] || fail "$n responses in the result, expected 20"
grep -q '^end-reason: submitted' "$RESULT" || fail "end reason"
grep -q '^response: es03 RESPONSE factor$' "$RESULT" ||
    fail "text entry response missing"
grep '^response: es09 ' "$RESULT" | awk '{ exit !(NF == 7) }' ||
    fail "match response is not four pairs"
grep '^response: es13 ' "$RESULT" | awk '{ exit !(NF == 5) }' ||
    fail "associate response is not two pairs"
# the score shown is the one examstick mark gives
"$BUILD/bin/examstick" mark --items "$STICK/examstick/packages/esecurity.zip" \
    "$RESULT" >mark.out 2>mark.err || fail "examstick mark: $(cat mark.err)"
total=$(awk '$1 == "total" { print $2 }' mark.out)
case "$shown" in
*"Your score: $total out of "*) ;;
*) fail "the screen shows \"$shown\", examstick mark a total of $total" ;;
esac
echo "sat the demo test; result verified"
