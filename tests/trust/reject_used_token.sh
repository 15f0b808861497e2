# A token whose attempt was submitted on this stick is refused when it is
# typed again, with the reason; the result stays, and no file is deleted.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

S=$TESTDIR/stick
trust_luggage_stick "$S"
TOKEN=$(token_code 1001)

start_tmux "$EXAMINER --stick $S"
open_test
token_login "$TOKEN"
wait_for "Check that these are your details."
keys Enter
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 1"
keys A
wait_for " Answered"
end_test
keys Enter
stick_files "$S" >before.list
cp "$S/examstick/results/1001-luggage-1.result" result.before

token_login "$TOKEN"
wait_for "This token was used already"
expect_text "This token was used already: attempt 1001-luggage-1 was submitted on this stick"
refute_screen "Check that these are your details."
cmp -s result.before "$S/examstick/results/1001-luggage-1.result" ||
    fail "the result changed"
expect_none_deleted before.list "$S"
echo "used token refused"
