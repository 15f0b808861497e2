# A match item shows the entries it is matched from, and an associate
# item the entries it pairs, on the item screen before any list is
# opened, so that a stem that refers to them can be read.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"
login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"

# goto N: jump to item N through the review.
goto() {
	keys F3
	wait_for "Review:"
	keys Home
	_i=1
	while [ "$_i" -lt "$1" ]; do
		keys Down
		_i=$((_i + 1))
	done
	keys Enter
	wait_for "Item $1 of 20"
}

goto 9
expect_screen "The matches to choose from:"
for t in "Copies itself from computer to computer across a network" \
    "Secretly records what you type and do" \
    "Encrypts your files and demands payment to unlock them" \
    "Pretends to be someone you trust to get your details"; do
	expect_screen ". $t"
done
expect_screen "(no match yet)"

goto 13
expect_screen "The items to pair:"
for t in "Phishing" "Someone watching over your shoulder" "Ransomware" \
    "Keeping a backup that is not connected to the computer" \
    "Checking where a link really goes before clicking it" \
    "Shielding the keypad when you type a PIN"; do
	expect_screen ". $t"
done
expect_screen "Pair 1: (press Enter to add a pair)"
echo "match and associate entries shown on the item screen"
