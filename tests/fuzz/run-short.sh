#!/bin/sh
# Run every fuzz target for a fixed number of inputs (FUZZ_RUNS, default
# 20000) from fresh seeds and the fixed random seed FUZZ_SEED (default 1),
# so that the result depends on the tree and not on the machine's load.
# make fuzz is the open-ended search.  A crash, timeout or leak fails the
# test, and the input that caused it is kept in build/test-logs/ as
# TARGET-crash-HASH (or timeout-, leak-), to replay with
# build/fuzz/bin/fuzz_TARGET FILE.
# Skips when the targets are not built (make fuzz-build).
if [ ! -x "$TOP/build/fuzz/bin/seedgen" ]; then
	echo "fuzz targets are not built: run make fuzz-build"
	exit 77
fi
exec "$TOP/tests/fuzz/fuzz-run" -r "${FUZZ_RUNS:-20000}" -w "$TESTDIR" \
    -a "$TOP/build/test-logs"
