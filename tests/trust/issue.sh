#!/bin/sh
# examstick issue: one token per row with its code printed as CSV, the
# stock minisign verifies each token's signed lines, retakes get the next
# attempt number, and a CSV with any problem issues nothing.
set -eu
es=$BUILD/bin/examstick
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

minisign -G -W -p body.pub -s body.key >/dev/null
cat >reg.csv <<CSV
candidate,name,date_of_birth,centre,test,attempt,valid_from,valid_until,extra_time,rest_breaks,colour_scheme
1001,"Lovelace, Ada",1990-12-10,12345,unit-1,,2026-01-01,2026-12-31,25,yes,high-contrast
1002,Grace Hopper,1985-02-28,12345,unit-1,1,2026-01-01,2026-12-31,,,
CSV
expect 0 "$es" issue --key body.key --csv reg.csv --out tokens
[ "$(head -n 1 out)" = "candidate,name,test,attempt,code,file" ] ||
    fail "CSV header: $(head -n 1 out)"
grep -Eq '^1001,"Lovelace, Ada",unit-1,1,[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4},tokens/1001-unit-1-1.token$' out ||
    fail "row for 1001: $(cat out)"
grep -q '^1002,Grace Hopper,unit-1,1,.*,tokens/1002-unit-1-1.token$' out ||
    fail "row for 1002: $(cat out)"
code=$(grep '^1001,' out | sed -E 's/.*,([^,]+),[^,]+$/\1/')
t=tokens/1001-unit-1-1.token
grep -qx "code $code" "$t" || fail "the printed code is not in $t"
grep -qx "extra_time 25" "$t" || fail "extra_time"
grep -qx "rest_breaks yes" "$t" || fail "rest_breaks"
grep -qx "colour_scheme high-contrast" "$t" || fail "colour_scheme"
grep -qx "valid_until 2026-12-31T23:59:59Z" "$t" || fail "valid_until"
! grep -q "colour_scheme" tokens/1002-unit-1-1.token ||
    fail "1002 has a colour scheme"

# The signed lines and the signature, for the stock minisign.
sed '/^untrusted comment: /,$d' "$t" >signed
sed -n '/^untrusted comment: /,$p' "$t" >signed.minisig
minisign -Vm signed -p body.pub >mout || fail "minisign: $(cat mout)"
grep -q "Trusted comment: examstick token 1001-unit-1-1 " mout ||
    fail "trusted comment: $(cat mout)"

# A retake: the empty attempt becomes 2; an explicit repeat is rejected
# and nothing of that file is issued.
cat >retake.csv <<CSV
candidate,name,date_of_birth,centre,test,valid_from,valid_until
1001,"Lovelace, Ada",1990-12-10,12345,unit-1,2026-06-01,2026-06-30
CSV
expect 0 "$es" issue --key body.key --csv retake.csv --out tokens
[ -f tokens/1001-unit-1-2.token ] || fail "no retake token"
grep -q '^1001,"Lovelace, Ada",unit-1,2,' out || fail "retake: $(cat out)"
cat >again.csv <<CSV
candidate,name,date_of_birth,centre,test,attempt,valid_from,valid_until
1003,New Person,2001-01-01,12345,unit-1,1,2026-06-01,2026-06-30
1002,Grace Hopper,1985-02-28,12345,unit-1,1,2026-06-01,2026-06-30
CSV
cp tokens/1002-unit-1-1.token before
expect 1 "$es" issue --key body.key --csv again.csv --out tokens
grep -q "attempt 1 is already issued" err || fail "repeat: $(cat err)"
[ ! -e tokens/1003-unit-1-1.token ] || fail "1003 issued from a bad file"
cmp -s before tokens/1002-unit-1-1.token || fail "1002's token changed"

# Problems are listed by line and nothing is issued.
cat >bad.csv <<CSV
candidate,name,date_of_birth,centre,test,valid_from,valid_until,extra_time
2001,Ok Person,2001-01-01,12345,unit-1,2026-06-01,2026-06-30,10
2002,Bad Date,2001-02-30,12345,unit-1,2026-06-01,2026-06-30,10
2003,Bad Extra,2001-01-01,12345,unit-1,2026-06-01,2026-06-30,150
CSV
expect 1 "$es" issue --key body.key --csv bad.csv --out tokens
grep -q "bad.csv:3: date_of_birth" err || fail "line 3: $(cat err)"
grep -q "bad.csv:4: extra_time" err || fail "line 4: $(cat err)"
grep -q "nothing was issued" err || fail "summary: $(cat err)"
[ ! -e tokens/2001-unit-1-1.token ] || fail "2001 issued from a bad file"

expect 2 "$es" issue --key body.key --csv missing.csv --out tokens
expect 2 "$es" issue --csv reg.csv --out tokens
exit 0
