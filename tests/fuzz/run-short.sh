#!/bin/sh
# Run every fuzz target for a few seconds (FUZZ_SECONDS, default 5) from
# fresh seeds.  A crash, timeout or leak fails the test, and the input
# that caused it is kept in build/test-logs/ as TARGET-crash-HASH (or
# timeout-, leak-), to replay with build/fuzz/bin/fuzz_TARGET FILE.
# Skips when the targets are not built (make fuzz-build).
if [ ! -x "$TOP/build/fuzz/bin/seedgen" ]; then
	echo "fuzz targets are not built: run make fuzz-build"
	exit 77
fi
exec "$TOP/tests/fuzz/fuzz-run" -s "${FUZZ_SECONDS:-5}" -w "$TESTDIR" \
    -a "$TOP/build/test-logs"
