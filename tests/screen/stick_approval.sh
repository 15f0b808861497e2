# The stick status screen shows, before any candidate logs in, that a
# centre without a valid approval record can start only practice tests,
# and marks each real test that cannot start.  A stick whose tests are
# all practice tests, such as the demonstration stick, shows no approval
# line.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

DEMO=$TESTDIR/demo
demo_stick "$DEMO"
start_tmux "$EXAMINER --stick $DEMO"
wait_for "The stick is ready."
refute_screen "Approval:"
refute_screen "cannot start"
cleanup_tmux

trust_body_quick
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick_quick "$S"
sed -i 's/^practice = yes$/practice = no/' "$S/examstick/examiner.conf"
grep -q '^practice = no$' "$S/examstick/examiner.conf" ||
    fail "the test is still a practice test"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token
restart_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
expect_screen "Approval:    none, so only practice tests start:"
expect_screen "centre_approval record"
expect_screen "luggage      Unattended luggage   [cannot start: no approval]"
echo "the stick screen shows a missing centre approval"
