# A choice whose text wraps continues under the first letter of its
# text, not one column further right.  The corpus package
# WebDeveloperTest1 has such a choice in question 6 ("Your username for
# the server (e.g. ...)"), which is wider than an 80-column screen.
set -u
. "$TOP/tests/lib.sh"

ZIP=${CORPUS:-}/qtiworks/packages/WebDeveloperTest1.zip
[ -f "$ZIP" ] || skip "no corpus package $ZIP"
STICK=$TESTDIR/stick
demo_stick "$STICK"
cp "$ZIP" "$STICK/examstick/packages/esecurity.zip"
sed -i 's/^practice = yes$/practice = yes\nduration = 30/' \
    "$STICK/examstick/examiner.conf"
start_tmux "$EXAMINER --stick $STICK"

login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 9"
for i in 2 3 4 5 6; do
	keys F8
	wait_for "Item $i of 9"
done
wait_for "Your username for the server"

# The row of the choice, then the row after it, which must be its
# second line.
first=$(screen | grep -n -m 1 "Your username for the server" | cut -d: -f1)
second=$(screen | sed -n "$((first + 1))p")
text_col=$(screen | sed -n "${first}p" | awk '{ print index($0, "Your") }')
cont_col=$(printf '%s\n' "$second" | awk '{ match($0, /[^ ]/); print RSTART }')
case "$second" in
*"  ( ) "* | *"  (*) "* | "") fail "the choice did not wrap: $(screen)" ;;
esac
[ "$cont_col" -eq "$text_col" ] ||
    fail "the choice's text starts in column $text_col, its second line in column $cont_col: $(screen)"
echo "a wrapped choice continues under its text"
