# An unknown option of a reloader command is reported under the
# command's full name, "reloader load: ...", not the bare "load: ...",
# followed by that command's usage.
set -u
. "$TOP/tests/lib.sh"

commands=$("$BUILD/bin/reloader" --help 2>&1 |
    sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ -n "$commands" ] || fail "reloader --help lists no commands"
for c in $commands; do
	"$BUILD/bin/reloader" "$c" --zz >out 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "reloader $c --zz exited $rc, expected 2"
	head -n 1 out | grep -q "^reloader $c: unrecognized option '--zz'" ||
	    fail "reloader $c --zz printed: $(head -n 1 out)"
	grep -q "^usage: reloader $c" out ||
	    fail "reloader $c --zz printed no usage: $(cat out)"
done
echo "reloader names the command in its option errors"
