# A package signed by another key than the awarding body's is refused
# with the reason before any release code is asked for; its test cannot
# be sat, and no file is deleted.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body_quick
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick_quick "$S"
run "$RL" load --stick "$S" tokens/1001-luggage-1.token
# reloader load rejects it, so it is put there by hand.
cp forged.estp "$S/examstick/packages/luggage.estp"
stick_files "$S" >before.list

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "test package rejected"
expect_text "Test luggage (Unattended luggage) cannot be sat on this stick"
# minisign's comment drops leading zeros of the key id.
other=$(sed -n 1p other/signing.pub | sed 's/.* //')
while [ ${#other} -lt 16 ]; do other=0$other; done
expect_text "package signature: signed with key $other"
expect_text "it is not from this awarding body"
refute_screen "Release code:"
keys Enter
token_login "$(token_code 1001)"
wait_for "cannot be sat on this stick today"
refute_screen "Check that these are your details."
cmp -s forged.estp "$S/examstick/packages/luggage.estp" ||
    fail "the package was changed"
expect_none_deleted before.list "$S"
echo "package signed by another key refused"
