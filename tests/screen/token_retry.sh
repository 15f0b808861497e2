# After a token code is rejected, the login asks for the code again
# with an empty field, so the code typed next is not appended to the
# rejected one.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

S=$TESTDIR/stick
trust_luggage_stick "$S"

start_tmux "$EXAMINER --stick $S"
open_test
token_login "ZZZZ-ZZZZ"
wait_for "No token on this stick has this code."
refute_screen "ZZZZ-ZZZZ"
token_login "$(token_code 1001)"
wait_for "Check that these are your details."
expect_screen "Ada Lovelace"
echo "a rejected token code is cleared for the next try"
