#!/bin/sh
# examstick keygen that fails before writing a key (short passphrase, no
# terminal to ask on) removes the --out folder it created, and leaves a
# folder that was there before.
set -u
. "$TOP/tests/lib.sh"
es=$BUILD/bin/examstick

printf 'short\n' >short
"$es" keygen --out k1 --passphrase-file short </dev/null >out 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "keygen with a short passphrase exited $rc"
grep -q "passphrase is shorter" err || fail "short passphrase: $(cat err)"
[ ! -e k1 ] || fail "keygen left its --out folder k1 behind"

"$es" keygen --out k2 </dev/null >out 2>err
rc=$?
[ "$rc" -eq 2 ] || fail "keygen without a terminal exited $rc"
[ ! -e k2 ] || fail "keygen without a terminal left k2 behind"

mkdir k3
"$es" keygen --out k3 --passphrase-file short </dev/null >out 2>err
[ -d k3 ] || fail "keygen removed the folder k3 that it did not create"
echo "keygen removes only the folder it created"
