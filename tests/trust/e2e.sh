# The whole trust chain with real keys: the awarding body makes its
# keys, seals a corpus package and issues tokens from a CSV; the centre
# prepares and loads a stick; the invigilator unlocks the stick with the
# PIN and opens the test with its release code; a candidate logs in with
# a token, answers and submits; the centre collects the result into a
# bundle, which verifies.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body
trust_tokens "1001,\"Lovelace, Ada\",1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,25,yes"
TOKEN=$(token_code 1001)
[ -n "$TOKEN" ] || fail "issue printed no code: $(cat codes.csv)"
S=$TESTDIR/stick
trust_stick "$S"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token
grep -q "luggage.estp: package for test luggage version 1" out ||
    fail "load: $(cat out)"
[ ! -e "$S/examstick/roster.csv" ] || fail "a roster on a token stick"

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
expect_screen "Unattended luggage"
keys Enter
wait_for "Invigilator PIN:"
expect_text "type your PIN to unlock this stick's signing key"
type_text "$PIN"
keys Enter
wait_for "Release code:" "$SLOW_S"
expect_text "release code of test luggage"
type_text "$CODE"
keys Enter
wait_for "candidate login" "$SLOW_S"
token_login "$TOKEN"
wait_for "Check that these are your details."
expect_screen "Lovelace, Ada"
expect_screen "Candidate number:  1001"
expect_screen "Unattended luggage"
keys Enter
wait_for "Instructions"
expect_screen "Time allowed: 12:30 (this includes 25% extra time)."
keys Enter
wait_for "Item 1 of 1"
expect_screen "What does it say?"
keys A
wait_for " Answered"
end_test
wait_for "results/1001-luggage-1.result"
keys Enter
wait_for "candidate login"
leave_examiner "$PIN"

# The decrypted package never reached the stick.
find "$S" -name '*.zip' | grep -q . && fail "a zip was written to the stick"
grep -rqa "What does it say" "$S" && fail "item text on the stick"

J=$S/examstick/attempts/1001-luggage-1.journal
R=$S/examstick/results/1001-luggage-1.result
[ -f "$R" ] || fail "no result $R"
# The token's rest breaks: the configured allowance, 10 minutes.
grep ' begin ' "$J" | awk '{ exit !($(NF - 1) == 10) }' ||
    fail "begin record without the rest-break allowance: $(grep ' begin ' "$J")"
grep -q '^response: choice RESPONSE ' "$R" || fail "no response in $R"
grep -q '^end-reason: submitted' "$R" || fail "end reason in $R"
run "$RL" verify "$R"

run "$ES" keygen --out centre --signing-only --passphrase-file pass
run "$RL" collect --stick "$S" --out bundle.tar --key centre/signing.key \
    --passphrase-file pass --register "$TESTDIR/centre/sticks.register"
[ -f bundle.tar ] || fail "no bundle"
grep -q "1001-luggage-1" "$TESTDIR/centre/sticks.register" ||
    fail "the register does not record the result as collected"
run "$ES" mark --items "$TRUST_ZIP" --bundle bundle.tar \
    --centre-key centre/signing.pub
grep -q "1001" out || fail "mark of the bundle: $(cat out)"
echo "sealed test sat with a token; bundle verified"
