#!/bin/sh
# The documented config/reloader.conf is read without an error, and a
# copy with one key misspelt is refused with its line.
set -eu
rl=$BUILD/bin/reloader
cd "$TESTDIR"

if ! "$rl" --config "$TOP/config/reloader.conf" --help >out 2>err; then
	echo "reloader-conf: config/reloader.conf is refused: $(cat err)"
	exit 1
fi
sed 's/^stick_label =/stick_lable =/' "$TOP/config/reloader.conf" \
    >reloader.conf
line=$(grep -n '^stick_lable' reloader.conf | cut -d: -f1)
if "$rl" --config reloader.conf --help >out 2>err; then
	echo "reloader-conf: a misspelt key was accepted"
	exit 1
fi
if ! grep -q "reloader.conf:$line: stick_lable: unknown key" err; then
	echo "reloader-conf: the error does not name the line: $(cat err)"
	exit 1
fi
