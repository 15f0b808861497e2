# scripts/write-stick rejects everything that is not a removable USB
# disk: a missing image, a regular file, a character device, the disk
# the system runs from, and a loop device made here.  No block device is
# ever written: the loop device's backing file is checked afterwards.
set -u
. "$TOP/tests/lib.sh"

WS=$TOP/scripts/write-stick
IMG=$TESTDIR/image.img
head -c 1048576 /dev/zero | tr '\0' 'x' >"$IMG"

# rejects REASON ARGS...: write-stick ARGS exits 2 with REASON in its
# message, without asking for confirmation.
rejects() {
	reason=$1
	shift
	out=$(echo yes | sh "$WS" "$@" 2>&1)
	rc=$?
	[ $rc -eq 2 ] || fail "write-stick $*: exit $rc, expected 2: $out"
	echo "$out" | grep -q -- "$reason" ||
	    fail "write-stick $*: expected \"$reason\", got: $out"
	echo "$out" | grep -q "Type yes" &&
	    fail "write-stick $*: asked for confirmation"
	return 0
}

rejects "usage" "$IMG"
rejects "No such file: run make image" "$TESTDIR/none.img" /dev/null
rejects "No such file or directory" "$IMG" "$TESTDIR/no-such-device"
rejects "not a block device" "$IMG" "$TESTDIR/image.img"
rejects "not a block device" "$IMG" /dev/null

# The disk that holds /, when it is a block device here.
root=$(awk '$5 == "/" { print $10; exit }' /proc/self/mountinfo)
if [ -b "$root" ]; then
	disk=/dev/$(basename "$(readlink -f "/sys/class/block/$(basename "$root")/..")")
	[ -b "$disk" ] && [ -d "/sys/block/${disk#/dev/}" ] || disk=$root
	out=$(echo yes | sh "$WS" "$IMG" "$disk" 2>&1)
	[ $? -eq 2 ] || fail "write-stick accepted the system disk $disk: $out"
fi

if [ "$(id -u)" -eq 0 ] && command -v losetup >/dev/null 2>&1; then
	backing=$TESTDIR/loop.img
	cp "$IMG" "$backing"
	loop=$(losetup -f --show "$backing" 2>/dev/null) || loop=
	if [ -n "$loop" ]; then
		trap 'losetup -d "$loop"' EXIT
		rejects "not a removable disk" "$IMG" "$loop"
		cmp -s "$IMG" "$backing" || fail "the loop device was written"
		losetup -d "$loop"
		trap - EXIT
	fi
fi
echo "write-stick rejected every device that is not a USB stick"
