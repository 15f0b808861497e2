# A sealed test whose [test] section has no title shows the title that
# examstick pack --title put in the package's manifest.  The confirm
# screen, the header and the result file all show it, not the test id or
# the title inside the QTI zip.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

need minisign
[ -f "$TRUST_ZIP" ] || skip "no corpus package $TRUST_ZIP"
cd "$TESTDIR" || fail "no $TESTDIR"
mkdir -p body
run minisign -G -W -p body/signing.pub -s body/signing.key
run "$ES" pack "$TRUST_ZIP" --key body/signing.key --out luggage.estp \
    --test-id luggage --duration 10 --pass-mark 1 \
    --title "Left luggage quiz"
CODE=$(sed -n 's/^release code: //p' out)
[ -n "$CODE" ] || fail "pack printed no release code: $(cat out)"
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick_quick "$S"
sed -i '/^title = /d' "$S/examstick/examiner.conf"
grep -q '^title' "$S/examstick/examiner.conf" &&
    fail "examiner.conf still has a title line"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token

start_tmux "$EXAMINER --stick $S"
wait_for "(title from the package)"
open_test
token_login "$(token_code 1001)"
wait_for "Check that these are your details."
expect_screen "> Left luggage quiz"
refute_screen "> luggage"
keys Enter
wait_for "Instructions"
screen | head -n 1 | grep -q "^ Left luggage quiz " ||
    fail "the header does not show the package's title: $(screen | head -n 1)"
keys Enter
wait_for "Item 1 of 1"
keys A
wait_for " Answered"
end_test
wait_for "Your test has ended."
grep -qx 'title: Left%20luggage%20quiz' "$S/examstick/results/1001-luggage-1.result" ||
    fail "the result has $(grep '^title:' "$S/examstick/results/1001-luggage-1.result")"
echo "a sealed test without a title in examiner.conf shows the package's"
