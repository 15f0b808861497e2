# A practice test sealed with examstick pack --practice keeps its correct
# responses, so the Examiner marks it from the opened package and shows
# the score when the candidate ends it.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

need minisign
[ -f "$TRUST_ZIP" ] || skip "no corpus package $TRUST_ZIP"
cd "$TESTDIR" || fail "no $TESTDIR"
mkdir -p body
run minisign -G -W -p body/signing.pub -s body/signing.key
run "$ES" pack "$TRUST_ZIP" --key body/signing.key --out luggage.estp \
    --test-id luggage --duration 10 --practice
CODE=$(sed -n 's/^release code: //p' out)
[ -n "$CODE" ] || fail "pack printed no release code: $(cat out)"
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick_quick "$S"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token

start_tmux "$EXAMINER --stick $S -v"
open_test
token_login "$(token_code 1001)"
wait_for "Check that these are your details."
keys Enter
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 1"
keys A
wait_for " Answered"
end_test
wait_for "Your score: "
expect_text "out of 1 ("
grep -q "practice score not shown" "$S/examstick/log/examiner.log" &&
    fail "the log says: $(grep 'practice score' "$S/examstick/log/examiner.log")"
echo "a sealed practice test shows its score"
