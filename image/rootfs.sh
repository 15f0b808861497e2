#!/bin/sh
# Build the initramfs: busybox, the Examiner with its libraries, udev
# with the rules for block devices, the kernel modules for USB sticks,
# keyboards and FAT, terminfo, keymaps and console fonts, and /init.
#
#   image/rootfs.sh BUILD WORK
#
# BUILD contains bin/examiner, and WORK contains pkg/ from image/fetch.sh.  Writes
# WORK/root/ and WORK/initrd.img (cpio newc, zstd).  Every file gets the
# time SOURCE_DATE_EPOCH, owner root and a fixed mode, and the archive
# lists names in C-locale order, so the same inputs give the same bytes.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

BUILD=${1:?usage: image/rootfs.sh BUILD WORK}
WORK=${2:?usage: image/rootfs.sh BUILD WORK}
: "${SOURCE_DATE_EPOCH:?SOURCE_DATE_EPOCH is not set}"
need cpio fakeroot zstd depmod modprobe strip perl

PKG=$WORK/pkg
ROOT=$WORK/root
KERNEL_PKG=$PKG/linux-image-amd64
KVER=$(ls "$KERNEL_PKG/lib/modules")

# Busybox applets that /init calls; no other names are linked, and no
# getty or login is ever started.
APPLETS="sh cat chvt cut dmesg echo grep head kill ln loadfont loadkmap
mkdir mknod modprobe mount poweroff readlink rm sed setsid
sha256sum sleep stty sync test tr umount"

# Console keymaps: the name given with examstick.keymap= and its file in
# console-data.
KEYMAPS="us:qwerty/us uk:qwerty/uk de:qwertz/de-latin1
fr:azerty/fr-latin9 es:qwerty/es it:qwerty/it"

# Terminal types for the serial console (examstick.term=); the Linux
# console is "linux".
TERMS="linux vt100 vt220 xterm xterm-256color screen tmux-256color"

# udev rules: default permissions, block device properties (ID_BUS,
# ID_FS_LABEL, the /dev/disk/by-label links) and module loading.
UDEV_RULES="50-udev-default.rules 60-block.rules 60-persistent-storage.rules
80-drivers.rules"

# copy_libs FILE...: copy the shared libraries that FILE needs, as ldd
# resolves them on this machine, to the same paths under $ROOT.
copy_libs() {
	for lib in $(ldd "$@" 2>/dev/null | awk '
	    /not found/ { print "MISSING:" $1; next }
	    $2 == "=>" && $3 ~ /^\// { print $3; next }
	    $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | LC_ALL=C sort -u); do
		case "$lib" in
		MISSING:*) die "library ${lib#MISSING:} of $* not found" ;;
		esac
		[ -e "$ROOT$lib" ] && continue
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
}

make_tree() {
	rm -rf "$ROOT"
	for d in bin dev etc lib/udev/rules.d lib/systemd proc run sys tmp \
	    usr/share/keymaps usr/share/consolefonts usr/share/terminfo \
	    var/log; do
		mkdir -p "$ROOT/$d"
	done
	cp "$HERE/init" "$ROOT/init"
	cp "$PKG/busybox-static/bin/busybox" "$ROOT/bin/busybox"
	for a in $APPLETS; do
		"$ROOT/bin/busybox" --list | grep -qx "$a" ||
		    die "busybox-static has no applet $a"
		ln -s busybox "$ROOT/bin/$a"
	done
	strip --strip-unneeded -o "$ROOT/bin/examiner" "$BUILD/bin/examiner"
	copy_libs "$ROOT/bin/examiner"
}

add_udev() {
	u=$PKG/udev
	cp "$u/bin/udevadm" "$ROOT/bin/udevadm"
	ln -s ../../bin/udevadm "$ROOT/lib/systemd/systemd-udevd"
	cp "$u/lib/udev/ata_id" "$u/lib/udev/scsi_id" "$ROOT/lib/udev/"
	for r in $UDEV_RULES; do
		cp "$u/lib/udev/rules.d/$r" "$ROOT/lib/udev/rules.d/"
	done
	mkdir -p "$ROOT/etc/udev"
	cp "$u/etc/udev/udev.conf" "$ROOT/etc/udev/"
	copy_libs "$ROOT/bin/udevadm" "$ROOT/lib/udev/ata_id" \
	    "$ROOT/lib/udev/scsi_id"
}

# The modules named in image/modules and every module they depend on,
# then depmod for the index files that modprobe and udev read.
add_modules() {
	src=$KERNEL_PKG/lib/modules/$KVER
	dst=$ROOT/lib/modules/$KVER
	[ -f "$src/modules.dep" ] || depmod -b "$KERNEL_PKG" "$KVER"
	mkdir -p "$dst"
	for m in $(sed 's/#.*//' "$HERE/modules"); do
		modprobe -d "$KERNEL_PKG" -S "$KVER" --show-depends "$m" ||
		    die "kernel $KVER has no module $m"
	done | awk '$1 == "insmod" { print $2 }' | LC_ALL=C sort -u |
	while read -r ko; do
		rel=${ko##*/lib/modules/"$KVER"/}
		mkdir -p "$dst/$(dirname "$rel")"
		cp "$ko" "$dst/$rel"
	done
	cp "$src/modules.order" "$src/modules.builtin" \
	    "$src/modules.builtin.modinfo" "$dst/"
	depmod -b "$ROOT" "$KVER"
	sed 's/#.*//; /^[[:space:]]*$/d' "$HERE/modules" >"$ROOT/etc/modules"
	for m in $(sed 's/#.*//' "$HERE/modules"); do
		modprobe -d "$ROOT" -S "$KVER" --show-depends "$m" >/dev/null ||
		    die "module $m is missing from the initramfs"
	done
}

add_console() {
	kbd=$PKG/kbd/bin/loadkeys
	maps=$PKG/console-data/usr/share/keymaps/i386
	for entry in $KEYMAPS; do
		name=${entry%%:*}
		"$kbd" -b "$maps/${entry#*:}.kmap.gz" </dev/null |
		    perl "$HERE/keymap-lock.pl" \
		    >"$ROOT/usr/share/keymaps/$name.bmap" ||
		    die "keymap $name failed"
	done
	fonts=$PKG/console-setup-linux/usr/share/consolefonts
	for f in Uni2-Terminus16 Uni2-Terminus32x16 Lat15-Terminus16; do
		gzip -dc "$fonts/$f.psf.gz" >"$ROOT/usr/share/consolefonts/$f.psf"
	done
	for t in $TERMS; do
		src=$(find /lib/terminfo /usr/share/terminfo -name "$t" \
		    2>/dev/null | head -n 1)
		[ -n "$src" ] || die "no terminfo entry for $t: install ncurses-term"
		sub=$(basename "$(dirname "$src")")
		mkdir -p "$ROOT/usr/share/terminfo/$sub"
		cp -L "$src" "$ROOT/usr/share/terminfo/$sub/$t"
	done
}

# Fixed modes and times, then the archive, made under fakeroot so that
# /dev/console can exist without root and every file belongs to root.
pack() {
	find "$ROOT" -type d -exec chmod 755 {} +
	find "$ROOT" -type f -exec chmod 644 {} +
	chmod 755 "$ROOT/init" "$ROOT/bin/busybox" "$ROOT/bin/examiner" \
	    "$ROOT/bin/udevadm" "$ROOT/lib/udev/ata_id" "$ROOT/lib/udev/scsi_id"
	find "$ROOT" -name 'ld-linux*' -exec chmod 755 {} +
	chmod 1777 "$ROOT/tmp"
	fakeroot -- sh -c '
		set -e
		cd "$1"
		mknod -m 600 dev/console c 5 1
		mknod -m 666 dev/null c 1 3
		find . -exec touch -h -d "@$2" {} +
		find . ! -name . | LC_ALL=C sort |
		    cpio --quiet -o -H newc -R 0:0 --reproducible
	' sh "$ROOT" "$SOURCE_DATE_EPOCH" >"$WORK/initrd.cpio"
	zstd -q -f -9 -T1 "$WORK/initrd.cpio" -o "$WORK/initrd.img"
	rm -f "$WORK/initrd.cpio"
}

step "initramfs for kernel $KVER"
make_tree
add_udev
add_modules
add_console
pack
cp "$KERNEL_PKG/boot/vmlinuz-$KVER" "$WORK/vmlinuz"
