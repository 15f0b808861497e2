# Two builds of the same tree give the same image byte for byte: build
# the image again in a fresh folder, at another time, and compare it
# with the one make image made.  Only the downloaded packages are shared.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"

b=$TESTDIR/build
mkdir -p "$b"
ln -s "$BUILD/bin" "$b/bin"
ln -s "$BUILD/demo-stick" "$b/demo-stick"
IMAGE_DEBS=$BUILD/image/debs "$TOP/image/build.sh" "$b" ||
    fail "the second build failed"
if ! cmp "$IMAGE" "$b/examstick.img"; then
	for f in initrd.img vmlinuz packages.txt; do
		cmp -s "$BUILD/image/$f" "$b/image/$f" || echo "differs: $f"
	done
	fail "two builds of one tree differ"
fi
echo "two builds are identical: $(sha256sum <"$IMAGE" | cut -c 1-16)"
