# scripts/install-deps with stand-ins for id, dpkg-query and apt-get on
# PATH.  Not root, it prints the exact apt-get line for what is missing
# and installs nothing; as root, it installs only what is missing, with
# --no-install-recommends; a second run, and a run with nothing missing,
# call apt-get not at all.
set -eu
fake=$TESTDIR/fake
mkdir -p "$fake"
INSTALLED=$TESTDIR/installed
APT_LOG=$TESTDIR/apt.log
export INSTALLED APT_LOG
: >"$APT_LOG"

cat >"$fake/id" <<'END'
#!/bin/sh
[ "$1" = -u ] && { echo "$FAKE_UID"; exit 0; }
exit 1
END
cat >"$fake/dpkg-query" <<'END'
#!/bin/sh
# dpkg-query -W -f=FORMAT PACKAGE
for p; do :; done
if grep -qx "$p" "$INSTALLED"; then
	printf 'install ok installed'
	exit 0
fi
exit 1
END
cat >"$fake/apt-get" <<'END'
#!/bin/sh
echo "apt-get $*" >>"$APT_LOG"
[ "$1" = install ] || exit 0
for a; do
	case "$a" in install | -*) ;; *) echo "$a" >>"$INSTALLED" ;; esac
done
END
chmod +x "$fake/id" "$fake/dpkg-query" "$fake/apt-get"
PATH=$fake:$PATH
export PATH

deps=$TOP/scripts/install-deps
all=$("$deps" --list)
test_only=chromium
case " $all " in *" $test_only "*) ;; *)
	echo "install-deps: --list does not name $test_only: $all"
	exit 1 ;;
esac

# expect_status WANT COMMAND...: run COMMAND, keep stderr in err.
expect_status() {
	want=$1
	shift
	set +e
	"$@" 2>"$TESTDIR/err"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		echo "install-deps: '$*' exited $got, expected $want:"
		cat "$TESTDIR/err"
		exit 1
	fi
}

# Everything installed except libsodium-dev and chromium.
printf '%s\n' $all | grep -vx -e libsodium-dev -e "$test_only" \
    >"$INSTALLED"

FAKE_UID=1000 expect_status 1 "$deps" --if-missing
line="apt-get install -y --no-install-recommends libsodium-dev $test_only"
if ! grep -qxF "examstick: run as root: apt-get update && $line" \
    "$TESTDIR/err"; then
	echo "install-deps: not root, expected the line \"$line\", got:"
	cat "$TESTDIR/err"
	exit 1
fi
if [ -s "$APT_LOG" ]; then
	echo "install-deps: not root, apt-get was run: $(cat "$APT_LOG")"
	exit 1
fi

# Only a test package missing: the tests that need it skip, and the line
# to install it is the same full line.
echo libsodium-dev >>"$INSTALLED"
FAKE_UID=1000 expect_status 0 "$deps" --if-missing
line="apt-get install -y --no-install-recommends $test_only"
if ! grep -qF "will skip; as root: $line" "$TESTDIR/err"; then
	echo "install-deps: expected \"$line\" for the test package, got:"
	cat "$TESTDIR/err"
	exit 1
fi

# As root: one install of what is missing, then nothing.
grep -vx libsodium-dev "$INSTALLED" >"$TESTDIR/i" && mv "$TESTDIR/i" \
    "$INSTALLED"
FAKE_UID=0 expect_status 0 "$deps" --if-missing
want="apt-get install -y --no-install-recommends libsodium-dev $test_only"
if [ "$(cat "$APT_LOG")" != "$want" ]; then
	echo "install-deps: as root, expected one install, got:"
	cat "$APT_LOG"
	exit 1
fi
: >"$APT_LOG"
FAKE_UID=0 expect_status 0 "$deps" --if-missing
FAKE_UID=0 expect_status 0 "$deps"
if [ -s "$APT_LOG" ]; then
	echo "install-deps: a second run called apt-get: $(cat "$APT_LOG")"
	exit 1
fi
echo "install-deps: exact apt-get line when not root; idempotent as root"
