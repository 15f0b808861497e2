# Two builds of the same tree give the same image byte for byte: build
# the image again in a fresh folder, at another time, and compare it
# with the one make image made.  Only the downloaded packages and the
# SOURCE_DATE_EPOCH of that build are shared, because make does not
# rebuild the image when only the commit changed.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/image/qemu-lib"

epoch=$(cat "$BUILD/image/source-date-epoch") ||
    fail "no $BUILD/image/source-date-epoch: run make image"
b=$TESTDIR/build
mkdir -p "$b"
ln -s "$BUILD/bin" "$b/bin"
ln -s "$BUILD/demo-stick" "$b/demo-stick"
SOURCE_DATE_EPOCH=$epoch IMAGE_DEBS=$BUILD/image/debs \
    "$TOP/image/build.sh" "$b" ||
    fail "the second build failed"
if ! cmp "$IMAGE" "$b/examstick.img"; then
	for f in initrd.img vmlinuz packages.txt; do
		cmp -s "$BUILD/image/$f" "$b/image/$f" || echo "differs: $f"
	done
	fail "two builds of one tree differ"
fi
echo "two builds are identical: $(sha256sum <"$IMAGE" | cut -c 1-16)"
