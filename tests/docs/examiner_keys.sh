# Every key that `examiner --help` lists for a screen is in examiner(1),
# in the subsection of the same screen or under "Every screen", and
# every screen of --help has its subsection.  A subsection's title is the
# screen's title from --help, or its start before " (".  --help fits in
# 80 columns.
set -eu
man=$TOP/docs/man/examiner.1
"$BUILD/bin/examiner" --help >"$TESTDIR/help"

# The man page as "SUBSECTION<TAB>KEY" lines, one per key of each .It
# line in the KEYS section, with mdoc's "No ..." read as "...".
awk '
	/^\.Sh / { keys = ($2 == "KEYS"); next }
	!keys { next }
	/^\.Ss / { sub(/^\.Ss /, ""); ss = $0; print ss "\t"; next }
	/^\.It / {
		line = substr($0, 5)
		gsub(/ No \.\.\./, " ...", line)
		n = split(line, k, / , /)
		for (i = 1; i <= n; i++) print ss "\t" k[i]
	}
' "$man" >"$TESTDIR/man-keys"

# --help as "SCREEN<TAB>KEY" lines: screen titles are indented by 2,
# key lines by 4 with the key in a 26-column field.
awk '
	/^Keys:$/ { keys = 1; next }
	!keys { next }
	/^  [^ ]/ { sub(/^  /, ""); screen = $0; next }
	/^    [^ ]/ {
		key = substr($0, 5, 26)
		sub(/ +$/, "", key)
		n = split(key, k, /, /)
		for (i = 1; i <= n; i++) print screen "\t" k[i]
	}
' "$TESTDIR/help" >"$TESTDIR/help-keys"
[ -s "$TESTDIR/help-keys" ] || { echo "no keys in examiner --help"; exit 1; }

# --help fits an 80-column terminal, the Linux console's width.
wide=$(awk 'length > 80 { print NR ": " $0 }' "$TESTDIR/help")
if [ -n "$wide" ]; then
	echo "examiner --help has lines over 80 columns:"
	echo "$wide"
	exit 1
fi

tab=$(printf '\t')
bad=0
screens=$(cut -f1 "$TESTDIR/help-keys" | uniq)
IFS='
'
for screen in $screens; do
	short=${screen%% (*}
	if ! grep -q -x -F -e "$screen$tab" -e "$short$tab" \
	    "$TESTDIR/man-keys"; then
		echo "examiner.1 has no subsection \"$short\" for the screen" \
		    "\"$screen\" of --help"
		bad=1
		continue
	fi
	for key in $(grep -F "$screen$tab" "$TESTDIR/help-keys" | cut -f2); do
		grep -q -x -F -e "$screen$tab$key" -e "$short$tab$key" \
		    -e "Every screen$tab$key" "$TESTDIR/man-keys" && continue
		echo "examiner.1: \"$key\" of the screen \"$short\" is not" \
		    "listed under $short or Every screen"
		bad=1
	done
done
[ "$bad" -eq 0 ] || exit 1
echo "examiner(1) lists every key of examiner --help, screen by screen"
