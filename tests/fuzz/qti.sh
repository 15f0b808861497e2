#!/bin/sh
# Fuzz the QTI item and package readers with libFuzzer, ASan and UBSan
# for a few seconds each (FUZZ_SECONDS), seeded with the demo items and,
# when $CORPUS exists, the QTI sample corpus.  Skipped without clang and
# its libFuzzer runtime.  On a crash libFuzzer prints the input, in
# base64, to the log that tests/run keeps.
set -eu
seconds=${FUZZ_SECONDS:-5}
if ! command -v clang >/dev/null 2>&1; then
	echo "no clang; skipped"
	exit 77
fi
cd "$TESTDIR"
rt=$TOP/runtime
cflags="-g -O1 -std=c11 -D_GNU_SOURCE -I$rt"
cflags="$cflags $(pkg-config --cflags libxml-2.0 libarchive libsodium)"
libs=$(pkg-config --libs libxml-2.0 libarchive libsodium)
mkdir -p seed_item seed_pkg
cp "$TOP"/config/demo-stick-src/esecurity/items/*.xml seed_item/
if [ -d "${CORPUS:-/nonexistent}" ]; then
	find "$CORPUS" -name '*.xml' -exec cp {} seed_item/ \;
	find "$CORPUS" -name '*.zip' -exec cp {} seed_pkg/ \;
fi

# The readers are compiled once, then linked into each target.
objs=""
for f in "$rt"/util.c "$rt"/shuffle.c "$rt"/qti_*.c "$rt"/pkg*.c; do
	o=$(basename "$f" .c).o
	# shellcheck disable=SC2086
	clang $cflags -fsanitize=fuzzer-no-link,address,undefined -c "$f" \
	    -o "$o"
	objs="$objs $o"
done
for target in qti_item pkg; do
	# shellcheck disable=SC2086
	if ! clang $cflags -fsanitize=fuzzer,address,undefined \
	    "$TOP/tests/fuzz/fuzz_$target.c" $objs $libs \
	    -o "fuzz_$target" 2>link.log; then
		if grep -q 'fuzzer' link.log; then
			echo "clang has no libFuzzer runtime; skipped"
			exit 77
		fi
		cat link.log
		exit 1
	fi
done

mkdir -p out_item out_pkg
./fuzz_qti_item -max_total_time="$seconds" -rss_limit_mb=1024 \
    -max_len=65536 out_item seed_item
./fuzz_pkg -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=200000 out_pkg seed_pkg seed_item
