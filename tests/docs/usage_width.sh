# What the three programs print for an unknown option fits in 80
# columns, as --help does: the examiner's usage lines, its --help, and
# the one-line errors of reloader and examstick, for each command too.
set -eu
. "$TOP/tests/lib.sh"
# check_width FILE WHAT: fail if a line of FILE is wider than 80 columns.
check_width() {
	[ -s "$1" ] || fail "$2 printed nothing"
	awk -v what="$2" 'length > 80 {
		printf "%s, line %d, %d columns: %s\n", what, NR, length, $0
		bad = 1
	} END { exit bad }' "$1" || fail "$2 is wider than 80 columns"
}
out=$TESTDIR/out
"$BUILD/bin/examiner" --help >"$out" 2>&1 || true
check_width "$out" "examiner --help"
"$BUILD/bin/examiner" --zz >"$out" 2>&1 && fail "examiner accepted --zz"
grep -q "^usage: examiner" "$out" || fail "examiner printed no usage: $(cat "$out")"
check_width "$out" "examiner --zz"
for prog in reloader examstick; do
	"$BUILD/bin/$prog" --zz >"$out" 2>&1 && fail "$prog accepted --zz"
	check_width "$out" "$prog --zz"
	commands=$("$BUILD/bin/$prog" --help 2>&1 |
	    sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
	[ -n "$commands" ] || fail "$prog --help lists no commands"
	for c in $commands; do
		"$BUILD/bin/$prog" "$c" --zz >"$out" 2>&1 || true
		check_width "$out" "$prog $c --zz"
	done
done
echo "every usage error fits in 80 columns"
