#!/bin/sh
# reloader verify on a folder with nothing to check (no result, token,
# package or approval file) names the folder and exits 1, for a plain
# folder and for a stick's examstick folder alike.
set -u
. "$TOP/tests/lib.sh"

mkdir empty
echo "not a result" >empty/notes.txt
"$BUILD/bin/reloader" verify empty >out 2>err
rc=$?
[ "$rc" -eq 1 ] || fail "verify of an empty folder exited $rc, expected 1"
[ ! -s out ] || fail "verify of an empty folder printed: $(cat out)"
grep -q "^reloader: verify empty: no result, token, package or approval file found in the folder" err ||
    fail "verify of an empty folder printed: $(cat err)"

mkdir -p stick/examstick/results stick/examstick/keys
"$BUILD/bin/reloader" verify stick >out 2>err
rc=$?
[ "$rc" -eq 1 ] || fail "verify of an empty stick exited $rc, expected 1"
grep -q "^reloader: verify stick/examstick: no result, token, package or approval file found on the stick" err ||
    fail "verify of an empty stick printed: $(cat err)"
echo "verify rejects a folder with nothing to check"
