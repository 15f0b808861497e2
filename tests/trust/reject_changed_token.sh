# A token changed on the stick after it was signed is refused at login
# with the reason and the file's name, not as a code that no token has;
# no file is deleted.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

S=$TESTDIR/stick
trust_luggage_stick "$S"
TOKEN=$(token_code 1001)
sed -i 's/^extra_time .*/extra_time 100/' "$S/examstick/tokens/1001-luggage-1.token"
stick_files "$S" >before.list

start_tmux "$EXAMINER --stick $S -v"
open_test
token_login "$TOKEN"
wait_for "The token with this code failed its check"
expect_text "1001-luggage-1.token"
expect_text "the token was changed after it was signed"
refute_screen "Check that these are your details."
refute_screen "No token on this stick has this code"
grep -q "token login rejected: .*1001-luggage-1.token" \
    "$S/examstick/log/examiner.log" ||
    fail "the log does not name the token: $(cat "$S/examstick/log/examiner.log")"
expect_none_deleted before.list "$S"
echo "changed token refused with its name"
