#!/bin/sh
# An unknown option of an examstick command is reported under the
# command's full name, "examstick pack: ...", not the bare "pack: ...",
# followed by that command's usage and exit status 2.
set -u
. "$TOP/tests/lib.sh"

commands=$("$BUILD/bin/examstick" --help 2>&1 |
    sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ -n "$commands" ] || fail "examstick --help lists no commands"
for c in $commands; do
	"$BUILD/bin/examstick" "$c" --zz >out 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "examstick $c --zz exited $rc, expected 2"
	head -n 1 out | grep -q "^examstick $c: unrecognized option '--zz'" ||
	    fail "examstick $c --zz printed: $(head -n 1 out)"
	grep -q "^usage: examstick $c" out ||
	    fail "examstick $c --zz printed no usage: $(cat out)"
done
echo "examstick names the command in its option errors"
