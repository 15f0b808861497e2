# reloader load warns about a package or a token that the stick's
# examiner.conf would not offer: its test has no [test ID] section, or
# the section names another package file.  The file is loaded all the
# same and the exit status stays 0, because examiner.conf may be
# written after the files are loaded.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

trust_body_quick
run "$ES" pack "$TRUST_ZIP" --key body/signing.key --out other.estp \
    --test-id other --duration 10 --pass-mark 1
trust_tokens_quick \
    "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,," \
    "1002,Bo Lim,1991-01-11,$CENTRE,other,2020-01-01,2099-12-31,,"
S=$TESTDIR/stick
trust_stick_quick "$S"

# load FILE...: reloader load must exit 0; its stderr is in err.
load() {
	setsid -w "$RL" load --stick "$S" "$@" >out 2>err </dev/null ||
	    fail "'reloader load $*' exited $?: $(cat err)"
}

load luggage.estp tokens/1001-luggage-1.token
[ -s err ] && fail "a package and a token that examiner.conf offers: $(cat err)"
grep -q "luggage.estp: package for test luggage" out ||
    fail "luggage.estp not reported as loaded: $(cat out)"

load other.estp
grep -q "load other.estp: examiner.conf has no \[test other\] section" err ||
    fail "no warning for a package of a test not in examiner.conf: $(cat err)"
grep -F -q 'package = E:\examstick\packages\other.estp' err ||
    fail "the warning does not give the package line to add: $(cat err)"
[ -f "$S/examstick/packages/other.estp" ] || fail "other.estp was not loaded"

cp luggage.estp luggage-v2.estp
load luggage-v2.estp
grep -q "load luggage-v2.estp: \[test luggage\] in examiner.conf names .*luggage.estp, not this package" err ||
    fail "no warning for a package that examiner.conf does not name: $(cat err)"
[ -f "$S/examstick/packages/luggage-v2.estp" ] ||
    fail "luggage-v2.estp was not loaded"

load tokens/1002-other-1.token
grep -q "load tokens/1002-other-1.token: examiner.conf has no \[test other\] section" err ||
    fail "no warning for a token of a test not in examiner.conf: $(cat err)"
[ -f "$S/examstick/tokens/1002-other-1.token" ] ||
    fail "the token for test other was not loaded"
echo "reloader load warns about files that examiner.conf does not offer"
