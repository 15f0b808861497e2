# An expired token is refused at login with the reason, and no file is
# deleted.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body_quick
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2021-06-30,,"
S=$TESTDIR/stick
trust_stick_quick "$S"
run "$RL" load --stick "$S" luggage.estp
# reloader load rejects an expired token; this one was loaded in time.
cp tokens/1001-luggage-1.token "$S/examstick/tokens/"
stick_files "$S" >before.list

start_tmux "$EXAMINER --stick $S"
open_test
token_login "$(token_code 1001)"
wait_for "This token expired"
expect_text "This token expired at 2021-06-30T23:59:59Z (UTC), so it cannot be used. Ask the invigilator."
refute_screen "Check that these are your details."
[ -z "$(ls "$S/examstick/attempts")" ] || fail "an attempt was started"
expect_none_deleted before.list "$S"
echo "expired token refused"
