#!/bin/sh
# Build the examstick disk image: build/examstick.img.
#
#   image/build.sh BUILD [STICK]
#
# BUILD is the build folder with bin/examiner; STICK is the folder put
# on the data partition (default BUILD/demo-stick).  Intermediate files
# go to BUILD/image/.  SOURCE_DATE_EPOCH, when not set, is the time of
# the last commit, so two builds of one commit give the same image.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

BUILD=${1:?usage: image/build.sh BUILD [STICK]}
STICK=${2:-$BUILD/demo-stick}
WORK=$BUILD/image
OUT=$BUILD/examstick.img
# The boot partition's contents: kernel, initramfs and loaders.
PAYLOAD_MAX=$((64 * 1000 * 1000))

[ -x "$BUILD/bin/examiner" ] || die "$BUILD/bin/examiner is missing: run make"
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$HERE" log -1 --format=%ct 2>/dev/null) ||
	    die "SOURCE_DATE_EPOCH is not set and this is not a git checkout"
fi
export SOURCE_DATE_EPOCH

start=$(date +%s)
mkdir -p "$WORK"
step "fetching Debian packages"
sh "$HERE/fetch.sh" "$WORK"
sh "$HERE/rootfs.sh" "$BUILD" "$WORK"
sh "$HERE/disk.sh" "$WORK" "$STICK" "$OUT"

payload=$(du -s -b "$WORK/esp" | cut -f 1)
[ "$payload" -lt $PAYLOAD_MAX ] ||
    die "boot partition payload is $payload bytes, over $PAYLOAD_MAX"
step "$OUT: $(stat -c %s "$OUT") bytes;" \
    "payload $payload bytes (initramfs $(stat -c %s "$WORK/initrd.img")," \
    "kernel $(stat -c %s "$WORK/vmlinuz")); $(($(date +%s) - start)) s"
