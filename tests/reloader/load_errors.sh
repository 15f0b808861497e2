# Each file that reloader load rejects is named with the reason and what
# the centre can do: an expired token, a token for another centre, a
# changed token, and a file that is neither a package nor a token.
# Nothing rejected is copied, and the exit status is 1.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body_quick
trust_tokens_quick \
    "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2020-01-02,," \
    "1002,Bo Lim,1991-01-11,12345,luggage,2020-01-01,2099-12-31,," \
    "1003,Cy Ode,1992-02-12,$CENTRE,luggage,2020-01-01,2099-12-31,,"
sed 's/^candidate 1003$/candidate 1004/' tokens/1003-luggage-1.token \
    >changed.token
cmp -s changed.token tokens/1003-luggage-1.token &&
    fail "the copy of the token was not changed"
echo "not a token" >junk.token
S=$TESTDIR/stick
trust_stick_quick "$S"

# expect_rejected FILE TEXT: load FILE, which must fail with TEXT in the
# message, and leave nothing new in tokens/.
expect_rejected() {
	setsid -w "$RL" load --stick "$S" "$1" >out 2>err </dev/null
	rc=$?
	[ "$rc" -eq 1 ] || fail "load $1 exited $rc, expected 1: $(cat err)"
	grep -q -F "load $1: " err || fail "the message does not name $1: $(cat err)"
	grep -q -F "$2" err || fail "load $1 did not say \"$2\": $(cat err)"
	[ -z "$(ls "$S/examstick/tokens")" ] ||
	    fail "load $1 copied a file: $(ls "$S/examstick/tokens")"
}

expect_rejected tokens/1001-luggage-1.token \
    "the token expired at 2020-01-02T23:59:59Z; ask the awarding body to issue a new token"
expect_rejected tokens/1002-luggage-1.token \
    "the token is for centre 12345, but this stick is for centre $CENTRE: load it on a stick prepared for centre 12345"
expect_rejected changed.token \
    "; load the file exactly as the awarding body sent it, or ask for it again"
expect_rejected junk.token \
    "not a sealed test package or a candidate token: give the .estp files"
echo "reloader load says what to do about each rejected file"
