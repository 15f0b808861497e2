#!/bin/sh
# reloader verify of a result whose journal was deleted names the
# journal's path and says where to put it back, and exits 1.  The signed
# result comes from the benchmark's generator, build/bench/gen-results,
# which make tests builds; the test is skipped without it.
set -u
. "$TOP/tests/lib.sh"

gen=$BUILD/bench/gen-results
if [ ! -x "$gen" ]; then
	echo "no $gen: run make $gen"
	exit 77
fi
"$gen" s 1 >/dev/null || fail "gen-results failed"
result=s/examstick/results/00001-bench-1.result
"$BUILD/bin/reloader" verify "$result" >out 2>err ||
    fail "verify of the generated result failed: $(cat err)"
rm s/examstick/attempts/00001-bench-1.journal
"$BUILD/bin/reloader" verify "$result" >out 2>err
rc=$?
[ "$rc" -eq 1 ] || fail "verify without the journal exited $rc, expected 1"
grep -q "00001-bench-1.journal: No such file or directory; put the journal back at that path" err ||
    fail "verify without the journal printed: $(cat err)"
echo "verify says where a missing journal belongs"
