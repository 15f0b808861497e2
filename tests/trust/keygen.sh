#!/bin/sh
# examstick keygen: four key files with private modes, encrypted secret
# keys, no overwriting, and no passphrase without a file or a terminal.
# pack.sh shows that the passphrase unlocks the signing key.
set -eu
es=$BUILD/bin/examstick
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

echo "a passphrase for the test keys" >pass
expect 0 "$es" keygen --out keys --passphrase-file pass
for f in signing.pub signing.key results.pub results.key; do
	[ -s "keys/$f" ] || fail "keys/$f is missing"
done
[ "$(stat -c %a keys)" = 700 ] || fail "keys/ is not mode 700"
[ "$(stat -c %a keys/signing.key)" = 600 ] || fail "signing.key mode"
[ "$(stat -c %a keys/results.key)" = 600 ] || fail "results.key mode"
grep -q '^signing key [0-9A-F]\{16\}: keys/signing.pub' out ||
    fail "no key id printed: $(cat out)"
head -n 1 keys/results.pub | grep -q "^untrusted comment: examstick results" ||
    fail "results.pub has no comment line"

# The signing key is an encrypted minisign key: "Ed", "Sc" (scrypt) and
# "B2" in base64.
grep -q '^RWRTY0Iy' keys/signing.key ||
    fail "signing.key is not an encrypted minisign key (Ed, Sc, B2)"

# Never overwrite, before asking for anything.
cp keys/signing.key before
expect 2 "$es" keygen --out keys --passphrase-file pass
grep -q "already exists" err || fail "no 'already exists': $(cat err)"
cmp -s before keys/signing.key || fail "signing.key was overwritten"

# Short passphrase; no passphrase source at all.
echo short >short
expect 2 "$es" keygen --out k2 --passphrase-file short
grep -q "shorter than 8" err || fail "short passphrase: $(cat err)"
[ ! -e k2/signing.key ] || fail "a key was written with a short passphrase"
expect 2 "$es" keygen --out k3
grep -q "no terminal" err || fail "no terminal: $(cat err)"
expect 2 "$es" keygen --passphrase-file pass
expect 2 "$es" keygen --out k4 extra --passphrase-file pass

# --signing-only makes two files.
expect 0 "$es" keygen --out centre --signing-only --passphrase-file pass
[ -s centre/signing.key ] && [ ! -e centre/results.key ] ||
    fail "--signing-only: $(ls centre)"
exit 0
