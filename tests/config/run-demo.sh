#!/bin/sh
# scripts/run-demo copies the demo stick to a new folder under BUILD/run,
# prints a login from the stick's files and the PIN from config/demo-pin
# (the stick has only its hash), and starts the
# Examiner on the copy.  A stand-in examiner records its arguments.
set -eu
b=$TESTDIR/b
make -s -C "$TOP" BUILD="$b" demo
mkdir -p "$b/bin"
cat > "$b/bin/examiner" <<'END'
#!/bin/sh
echo "$@" > "$(dirname "$0")/args"
END
chmod +x "$b/bin/examiner"

"$TOP/scripts/run-demo" "$b" < /dev/null > "$TESTDIR/out"
cat "$TESTDIR/out"

set -- "$b"/run/demo-stick-*
if [ $# -ne 1 ] || [ ! -f "$1/examstick/examiner.conf" ]; then
	echo "run-demo: expected one copy of the stick under $b/run"
	exit 1
fi
copy=$1
if [ "$(cat "$b/bin/args")" != "--stick $copy" ]; then
	echo "run-demo: examiner got \"$(cat "$b/bin/args")\"," \
	    "expected \"--stick $copy\""
	exit 1
fi
grep -q '^  candidate number   1001$' "$TESTDIR/out"
grep -q '^  date of birth      2008-03-14$' "$TESTDIR/out"
grep -q '^  invigilator PIN    2468$' "$TESTDIR/out"
# The stick has the PIN's hash, and the PIN itself nowhere.
grep -q '^invigilator_pin_hash = \$argon2id\$' "$copy/examstick/examiner.conf"
if grep -rq 2468 "$copy"; then
	echo "run-demo: the PIN is in $(grep -rl 2468 "$copy")"
	exit 1
fi

# Without an Examiner the script stops before copying anything.
rm "$b/bin/examiner"
if "$TOP/scripts/run-demo" "$b" < /dev/null 2> "$TESTDIR/err"; then
	echo "run-demo: succeeded without an Examiner"
	exit 1
fi
grep -q "^run-demo: Examiner not found: $b/bin/examiner: run make$" \
    "$TESTDIR/err"
