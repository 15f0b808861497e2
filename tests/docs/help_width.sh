# The --help of every command of reloader and examstick, and of the two
# programs themselves, fits in 80 columns.
set -eu
check_width() {
	"$@" --help >"$TESTDIR/help" 2>&1 || true
	[ -s "$TESTDIR/help" ] || fail "$* --help printed nothing"
	awk -v what="$*" 'length > 80 {
		printf "%s --help, line %d, %d columns: %s\n", what, NR,
		    length, $0
		bad = 1
	} END { exit bad }' "$TESTDIR/help" ||
	    fail "$* --help is wider than 80 columns"
}
for prog in reloader examstick; do
	check_width "$BUILD/bin/$prog"
	commands=$("$BUILD/bin/$prog" --help 2>&1 |
	    sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
	[ -n "$commands" ] || fail "$prog --help lists no commands"
	for c in $commands; do
		check_width "$BUILD/bin/$prog" "$c"
	done
done
echo "every --help fits in 80 columns"
