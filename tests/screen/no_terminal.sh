# Without a terminal on standard input or output the Examiner stops at
# once with status 2 and says which, instead of reading end of file in a
# loop or writing the screen's escape codes into a file.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"

timeout 20 "$EXAMINER" --stick "$STICK" </dev/null >"$TESTDIR/out" \
    2>"$TESTDIR/err"
rc=$?
[ "$rc" -eq 2 ] || fail "stdin from /dev/null: exit $rc, expected 2"
grep -q "^examiner: standard input is not a terminal" "$TESTDIR/err" ||
    fail "stdin from /dev/null: stderr is \"$(cat "$TESTDIR/err")\""
[ ! -s "$TESTDIR/out" ] || fail "stdin from /dev/null: wrote to stdout"

start_tmux "$EXAMINER --stick $STICK >$TESTDIR/screen.out"
wait_for "[exit 2]"
expect_screen "examiner: standard output is not a terminal"
[ ! -s "$TESTDIR/screen.out" ] ||
    fail "stdout to a file: the screen was written into it"
[ ! -e "$STICK/examstick/log/examiner.log" ] ||
    fail "the Examiner started and opened its log"
echo "no terminal: exit 2 with the reason"
