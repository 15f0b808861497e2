#!/bin/sh
# Build the disk image from the kernel, the initramfs and a stick folder,
# without root and without mounting anything.
#
#   image/disk.sh WORK STICK OUTPUT
#
# WORK holds pkg/, vmlinuz and initrd.img from image/fetch.sh and
# image/rootfs.sh; STICK is the folder copied to the data partition (it
# holds examstick/).  The layout, in 512-byte sectors:
#
#   0          protective MBR with SYSLINUX's gptmbr.bin, then the GPT
#   1 MiB      EFI system partition, FAT32, label EXAMBOOT: shim, GRUB,
#              SYSLINUX, the kernel and the initramfs; it carries the
#              LegacyBIOSBootable attribute that gptmbr.bin looks for
#   +ESP_MB    data partition, FAT32, label EXAMSTICK: the stick folder
#   last MiB   the backup GPT
#
# GUIDs, volume ids and every FAT time stamp are fixed (the times are
# SOURCE_DATE_EPOCH), and files are copied in C-locale order, so the same
# inputs give the same image byte for byte.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

WORK=${1:?usage: image/disk.sh WORK STICK OUTPUT}
STICK=${2:?usage: image/disk.sh WORK STICK OUTPUT}
OUT=${3:?usage: image/disk.sh WORK STICK OUTPUT}
: "${SOURCE_DATE_EPOCH:?SOURCE_DATE_EPOCH is not set}"
need sfdisk mkfs.vfat mcopy mmd
[ -f "$STICK/examstick/examiner.conf" ] ||
    die "$STICK has no examstick/examiner.conf: run make demo"

ESP_MB=${IMAGE_ESP_MB:-48}
DATA_MB=${IMAGE_DATA_MB:-64}
ESP_START=2048
ESP_SECTORS=$((ESP_MB * 2048))
DATA_START=$((ESP_START + ESP_SECTORS))
DATA_SECTORS=$((DATA_MB * 2048))
TOTAL_SECTORS=$((DATA_START + DATA_SECTORS + 2048))

# Fixed identifiers.  Every stick written from one image shares them.
DISK_GUID=3E1F6A52-8C0D-4B7E-9A21-5D64C0E8B701
ESP_GUID=3E1F6A52-8C0D-4B7E-9A21-5D64C0E8B702
DATA_GUID=3E1F6A52-8C0D-4B7E-9A21-5D64C0E8B703
ESP_VOLID=E5A70001
DATA_VOLID=E5A70002

# The kernel command line: no kernel messages on the console, no screen
# blanking during a long test, and a reboot 10 seconds after a panic.
CMDLINE="quiet loglevel=0 consoleblank=0 panic=10"

SHIM=$WORK/pkg/shim-signed/usr/lib/shim/shimx64.efi.signed
GRUB=$WORK/pkg/grub-efi-amd64-signed/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
SYSLINUX_BIN=$WORK/pkg/syslinux/usr/bin/syslinux
GPTMBR=$WORK/pkg/syslinux-common/usr/lib/syslinux/mbr/gptmbr.bin

export TZ=UTC MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH

# The boot partition's files, staged with fixed times.
stage_esp() {
	esp=$WORK/esp
	rm -rf "$esp"
	mkdir -p "$esp/EFI/BOOT" "$esp/EFI/debian" "$esp/boot" "$esp/syslinux"
	cp "$SHIM" "$esp/EFI/BOOT/BOOTX64.EFI"
	cp "$GRUB" "$esp/EFI/BOOT/grubx64.efi"
	sed "s|@CMDLINE@|$CMDLINE|" "$HERE/grub.cfg" >"$esp/EFI/debian/grub.cfg"
	cp "$HERE/options.cfg" "$esp/EFI/debian/options.cfg"
	sed "s|@CMDLINE@|$CMDLINE|" "$HERE/syslinux.cfg" \
	    >"$esp/syslinux/syslinux.cfg"
	cp "$WORK/vmlinuz" "$esp/boot/vmlinuz"
	cp "$WORK/initrd.img" "$esp/boot/initrd.img"
	cp "$WORK/packages.txt" "$esp/boot/packages.txt"
	find "$esp" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

partition() {
	rm -f "$1"
	truncate -s $((TOTAL_SECTORS * 512)) "$1"
	sfdisk --quiet --no-reread --no-tell-kernel "$1" <<EOF
label: gpt
label-id: $DISK_GUID
unit: sectors
first-lba: 2048

start=$ESP_START, size=$ESP_SECTORS, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$ESP_GUID, name="EFI system", attrs="LegacyBIOSBootable"
start=$DATA_START, size=$DATA_SECTORS, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=$DATA_GUID, name="EXAMSTICK"
EOF
	# The first 440 bytes of the MBR are boot code; the partition
	# table after them stays.
	dd if="$GPTMBR" of="$1" bs=440 count=1 conv=notrunc status=none
}

# format IMG START SECTORS VOLID LABEL
format() {
	mkfs.vfat --invariant -F 32 -i "$4" -n "$5" -h "$2" --offset "$2" \
	    "$1" $(($3 / 2)) >/dev/null 2>&1 ||
	    die "mkfs.vfat failed for $5"
}

# fill IMG START DIR: copy DIR's contents into the FAT filesystem at
# sector START, folders first, in C-locale order, keeping the times.
fill() {
	fs="$1@@$(($2 * 512))"
	(cd "$3" && find . -mindepth 1 -type d | LC_ALL=C sort) |
	while read -r d; do
		mmd -i "$fs" "::/${d#./}" || die "mmd ${d#./} failed"
	done
	(cd "$3" && find . -type f | LC_ALL=C sort) |
	while read -r f; do
		mcopy -m -i "$fs" "$3/${f#./}" "::/${f#./}" ||
		    die "mcopy ${f#./} failed: is the partition full?"
	done
}

step "disk image: boot partition $ESP_MB MiB, data partition $DATA_MB MiB"
stage_esp
tmp=$OUT.tmp
partition "$tmp"
format "$tmp" $ESP_START $ESP_SECTORS $ESP_VOLID EXAMBOOT
format "$tmp" $DATA_START $DATA_SECTORS $DATA_VOLID EXAMSTICK
fill "$tmp" $ESP_START "$WORK/esp"
"$SYSLINUX_BIN" --offset $((ESP_START * 512)) --install \
    --directory /syslinux "$tmp" || die "syslinux --install failed"
stick=$WORK/stick
rm -rf "$stick"
cp -R "$STICK/." "$stick"
find "$stick" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
fill "$tmp" $DATA_START "$stick"
mv "$tmp" "$OUT"
