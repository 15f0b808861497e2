#!/bin/sh
# reloader prepare and reloader load: the stick's folders and keys, the
# register line, no second prepare, and load accepting only files that
# the awarding body signed, for this centre, not expired and not used.
set -eu
es=$BUILD/bin/examstick
rl=$BUILD/bin/reloader
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

minisign -G -W -p body.pub -s body.key >/dev/null
minisign -G -W -p other.pub -s other.key >/dev/null
echo 2468 >pin
reg=$TESTDIR/centre/sticks.register
conf=$TOP/config/demo-stick/examstick/examiner.conf

# A conf for another centre stops prepare before any key is made.
expect 2 "$rl" prepare --stick s --centre 12345 --body-key body.pub \
    --register "$reg" --pin-file pin --conf "$conf"
grep -q "centre_id is 99999, not 12345" err || fail "conf centre: $(cat err)"
[ ! -e s/examstick/keys/stick.key ] || fail "a key after a bad conf"
[ ! -e "$reg" ] || fail "the register was written after a bad conf"
[ ! -e s/examstick ] || fail "a bad conf left s/examstick behind"

echo 12a4 >badpin
expect 2 "$rl" prepare --stick s --centre 99999 --body-key body.pub \
    --register "$reg" --pin-file badpin
grep -q "PIN must be 4 to 12 digits" err || fail "bad PIN: $(cat err)"
expect 2 "$rl" prepare --stick s --centre "no spaces" --body-key body.pub \
    --register "$reg" --pin-file pin
expect 2 "$rl" prepare --stick s --centre 99999 --body-key pin \
    --register "$reg" --pin-file pin
[ ! -e s/examstick ] || fail "a bad awarding body key left s/examstick"
expect 2 "$rl" prepare --stick s --centre 99999 --body-key body.pub \
    --results-key body.pub --register "$reg" --pin-file pin
grep -q "body.pub" err || fail "bad results key: $(cat err)"
[ ! -e s/examstick ] || fail "a bad results key left s/examstick"

expect 0 "$rl" prepare --stick s --centre 99999 --body-key body.pub \
    --register "$reg" --pin-file pin --conf "$conf"
for d in keys packages tokens attempts results log; do
	[ -d "s/examstick/$d" ] || fail "no $d folder"
done
cmp -s body.pub s/examstick/keys/awarding-body.pub || fail "body key copy"
# The copy has the PIN's hash in place of the template's hash line, and
# every other line as it was.
copy=s/examstick/examiner.conf
grep -v '^invigilator_pin_hash = ' "$conf" >conf.rest
grep -v '^invigilator_pin_hash = ' "$copy" >copy.rest
cmp -s conf.rest copy.rest || fail "examiner.conf copy: $(diff conf.rest copy.rest)"
[ "$(grep -c '^invigilator_pin_hash = ' "$copy")" -eq 1 ] ||
    fail "examiner.conf copy: not one hash line"
grep -q '^invigilator_pin_hash = \$argon2id\$v=19\$m=262144,t=3,p=1\$' "$copy" ||
    fail "examiner.conf copy: no Argon2id hash: $(grep invigilator "$copy")"
cmp -s "$conf" "$copy" && fail "examiner.conf copy kept the template's hash"
sed -n 2p s/examstick/keys/stick.key | grep -q '^RWRTY0Iy' ||
    fail "the stick key is not locked (encrypted minisign key)"
id=$(sed -n 1p s/examstick/keys/stick.pub | sed 's/.* //')
[ "$(sed -n 1p "$reg")" = "examstick stick register 1" ] ||
    fail "register first line"
grep -q "^stick $id 99999 EXAMSTICK 20[0-9-]*T[0-9:]*Z $(sed -n 2p \
    s/examstick/keys/stick.pub)\$" "$reg" || fail "register line: $(cat "$reg")"
grep -q "stick $id for centre 99999" out || fail "summary: $(cat out)"

cp s/examstick/keys/stick.key before
expect 2 "$rl" prepare --stick s --centre 99999 --body-key body.pub \
    --register "$reg" --pin-file pin
grep -q "already has a stick key" err || fail "second prepare: $(cat err)"
cmp -s before s/examstick/keys/stick.key || fail "the stick key changed"
[ "$(grep -c '^stick ' "$reg")" -eq 1 ] || fail "register has two sticks"

# Things to load.
make -s -C "$TOP" BUILD="$TESTDIR/b" demo >/dev/null
zip=$TESTDIR/b/demo-stick/examstick/packages/esecurity.zip
expect 0 "$es" pack "$zip" --key body.key --out es.estp --practice
expect 0 "$es" pack "$zip" --key other.key --out forged.estp --practice
cat >reg.csv <<CSV
candidate,name,date_of_birth,centre,test,valid_from,valid_until
1001,Ada Lovelace,1990-12-10,99999,esecurity,2020-01-01,2099-12-31
1002,Grace Hopper,1985-02-28,12345,esecurity,2020-01-01,2099-12-31
1003,Old Token,1985-02-28,99999,esecurity,2020-01-01,2020-12-31
1004,Used Token,1985-02-28,99999,esecurity,2020-01-01,2099-12-31
CSV
expect 0 "$es" issue --key body.key --csv reg.csv --out tokens
expect 0 "$es" issue --key other.key --csv reg.csv --out forged
: >s/examstick/results/1004-esecurity-1.result

expect 1 "$rl" load --stick s es.estp forged.estp tokens/*.token \
    forged/1001-esecurity-1.token reg.csv
grep -q "es.estp: package for test esecurity-practice version 1 (practice), loaded as s/examstick/packages/es.estp" out ||
    fail "package: $(cat out)"
grep -q "forged.estp: package signature: signed with key" err ||
    fail "forged package: $(cat err)"
grep -q "1001-esecurity-1.token: token for candidate 1001" out ||
    fail "token 1001: $(cat out)"
grep -q "1002-esecurity-1.token: the token is for centre 12345" err ||
    fail "token 1002: $(cat err)"
grep -q "1003-esecurity-1.token: .*expired" err || fail "token 1003: $(cat err)"
grep -q "1004-esecurity-1.token: attempt 1004-esecurity-1 was already taken" \
    err || fail "token 1004: $(cat err)"
grep -q "forged/1001-esecurity-1.token: signed with key" err ||
    fail "forged token: $(cat err)"
grep -q "reg.csv: not a sealed test package or a candidate token" err ||
    fail "reg.csv: $(cat err)"
ls s/examstick/packages >list
[ "$(cat list)" = es.estp ] || fail "packages on the stick: $(cat list)"
ls s/examstick/tokens >list
[ "$(cat list)" = 1001-esecurity-1.token ] ||
    fail "tokens on the stick: $(cat list)"

# Loading again changes nothing; a different file of the same name is
# not put over the one there.
expect 0 "$rl" load --stick s es.estp tokens/1001-esecurity-1.token
grep -q "already on the stick" out || fail "reload same: $(cat out)"
mkdir other && cp forged.estp other/es.estp
expect 1 "$rl" load --stick s --key other.pub other/es.estp
grep -q "holds a different file" err || fail "name clash: $(cat err)"
cmp -s es.estp s/examstick/packages/es.estp || fail "es.estp was replaced"

expect 2 "$rl" load --stick s missing.estp
expect 2 "$rl" load --stick nowhere es.estp
grep -q "is not a prepared stick" err || fail "unprepared: $(cat err)"
# verify checks the loaded package and token; status lists them.
rm s/examstick/results/1004-esecurity-1.result
cp tokens/1002-esecurity-1.token s/examstick/tokens/
expect 0 "$rl" verify --body-key body.pub s
grep -q "packages/es.estp: ok, package for test esecurity-practice version 1 (practice)$" \
    out || fail "verify package: $(cat out)"
grep -q "tokens/1001-esecurity-1.token: ok, token for candidate 1001, test esecurity, attempt 1, centre 99999: unused$" \
    out || fail "verify token: $(cat out)"
expect 0 "$rl" verify s/examstick/tokens/1001-esecurity-1.token
grep -q "unused, checked with the stick's copy" out ||
    fail "verify with the stick's key: $(cat out)"
: >s/examstick/attempts/1002-esecurity-1.journal
expect 0 "$rl" status --stick s
grep -q "package es.estp: test esecurity-practice version 1 (practice), signed" \
    out || fail "status package: $(cat out)"
grep -q "tokens: *1 unused, 1 used, 0 expired, 0 failing their check" out ||
    fail "status tokens: $(cat out)"
expect 1 "$rl" verify --body-key other.pub s
grep -q "packages/es.estp: package signature: signed with key" err ||
    fail "verify with another key: $(cat err)"
cp s/examstick/packages/es.estp keep.estp
printf 'X' | dd of=s/examstick/packages/es.estp bs=1 seek=300 conv=notrunc \
    2>/dev/null
expect 1 "$rl" verify --body-key body.pub s/examstick/packages/es.estp
grep -q "es.estp: " err || fail "verify a changed package: $(cat err)"
# The message names the file once: "reloader: verify FILE: REASON".
[ "$(grep -o 'packages/es.estp' err | wc -l)" -eq 1 ] ||
    fail "verify names the package twice: $(cat err)"
cp s/examstick/tokens/1001-esecurity-1.token keep.token
sed -i 's/^name .*/name Mallory/' s/examstick/tokens/1001-esecurity-1.token
expect 1 "$rl" verify --body-key body.pub \
    s/examstick/tokens/1001-esecurity-1.token
grep -q "^reloader: verify s/examstick/tokens/1001-esecurity-1.token: signature does not match" err ||
    fail "verify a changed token: $(cat err)"
[ "$(grep -o '1001-esecurity-1.token' err | wc -l)" -eq 1 ] ||
    fail "verify names the token twice: $(cat err)"
expect 0 "$rl" status --stick s
grep -q "^  token 1001-esecurity-1.token: BAD: signature does not match" out ||
    fail "status does not name the changed token: $(cat out)"
cp keep.token s/examstick/tokens/1001-esecurity-1.token
expect 0 "$rl" status --stick s
grep -q "package es.estp: BAD: " out || fail "status BAD: $(cat out)"
cp keep.estp s/examstick/packages/es.estp
exit 0
