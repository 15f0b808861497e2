# seal_responses = yes: the Examiner refuses to start without the
# awarding body's results key, then keeps the answers sealed in the
# journal and writes results whose responses are sealed to the results
# key.  After a kill -9 and a restart unlocked with the PIN the answer is
# back on screen and in the result.  reloader verify and collect accept
# them, a changed sealed line fails verification, and examstick open
# shows the responses with the results secret key.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body
trust_tokens "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
CONF_EXTRA="seal_responses = yes"
trust_stick "$S"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token
KEYS=$S/examstick/keys
mv "$KEYS/awarding-body-results.pub" results.pub.saved

start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "results key missing"
expect_text "set seal_responses = no"
keys Enter
wait_for "The stick is ready."
mv results.pub.saved "$KEYS/awarding-body-results.pub"
keys R
keys Enter
wait_for "Invigilator PIN:"
type_text "$PIN"
keys Enter
wait_for "Release code:" "$SLOW_S"
type_text "$CODE"
keys Enter
wait_for "candidate login" "$SLOW_S"
token_login "$(token_code 1001)"
wait_for "Check that these are your details."
keys Enter
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 1"
keys A
wait_for " Answered"
chosen=$(screen_line '\(\*\)')
[ -n "$chosen" ] || fail "no chosen line on screen: $(screen)"

J=$S/examstick/attempts/1001-luggage-1.journal
grep -q ' seal xchacha20poly1305 [0-9A-F]\{16\} ' "$J" ||
    fail "no seal record in $J: $(cat "$J")"
grep -q ' sealedanswer ' "$J" || fail "no sealedanswer record in $J"
grep -q ' answer ' "$J" && fail "an answer record in clear in $J"

# Killed mid-test: the restart needs the PIN before the answer is shown.
kill -KILL "$(examiner_pid)"
wait_for "[exit 137]"
restart_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "Invigilator PIN:"
type_text "$PIN"
keys Enter
wait_for "Release code:" "$SLOW_S"
type_text "$CODE"
keys Enter
wait_for "candidate login" "$SLOW_S"
token_login "$(token_code 1001)"
wait_for "Check that these are your details."
keys Enter
wait_for "Your test continues where it stopped."
keys Enter
wait_for "Item 1 of 1"
expect_screen "$chosen"
expect_text " Answered"
end_test

R=$S/examstick/results/1001-luggage-1.result
keyid=$(sed -n 1p body/results.pub | sed 's/.* //')
grep -q "^sealed-responses: $keyid " "$R" || fail "no sealed responses: $(cat "$R")"
grep -q '^response: ' "$R" && fail "a response in clear in $R"
run "$RL" verify "$R"

run "$ES" open --key body/results.key --passphrase-file pass "$R"
grep -q '^response: choice RESPONSE ' out || fail "open: $(cat out)"

# The chosen identifier is a field of no journal record but the order
# record, which lists every choice.
id=$(sed -n 's/^response: choice RESPONSE //p' out)
[ -n "$id" ] || fail "no chosen identifier in: $(cat out)"
leaks=$(awk -v id="$id" '$3 != "order" {
	for (i = 4; i < NF; i++) if ($i == id) { print; next } }' "$J")
[ -z "$leaks" ] || fail "the chosen $id is in the journal: $leaks"
grep -q ' sealedanswer ' "$J" || fail "no sealedanswer record after resume"
grep -q '^sealed-responses: ' out && fail "open left the sealed line"
grep -v '^sealed-responses: ' "$R" >unsealed
grep -v '^response: ' out >opened
cmp -s unsealed opened || fail "open changed other lines"

# A changed sealed line fails the signature.
cp "$R" saved.result
sed -i 's/^\(sealed-responses: [0-9A-F]* \)./\1A/' "$R"
cmp -s saved.result "$R" && sed -i 's/^\(sealed-responses: [0-9A-F]* \)./\1B/' "$R"
set +e
setsid -w "$RL" verify "$R" >out 2>err </dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "verify of a changed result exited $rc"
cp saved.result "$R"

run "$ES" keygen --out centre --signing-only --passphrase-file pass
run "$RL" collect --stick "$S" --out bundle.tar --key centre/signing.key \
    --passphrase-file pass --register "$TESTDIR/centre/sticks.register"
grep -q "1001-luggage-1" "$TESTDIR/centre/sticks.register" ||
    fail "the sealed result was not collected"
echo "responses sealed, verified, collected and opened"
