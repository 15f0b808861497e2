#!/bin/sh
# Download the Debian packages listed in image/packages and unpack each
# into WORK/pkg/NAME.  Nothing is installed on the build machine.
#
#   image/fetch.sh WORK
#
# Downloads are kept in WORK/debs (or IMAGE_DEBS) and reused while their SHA-256 matches
# the one apt reports, so a second build does not download again.  The
# versions come from the machine's apt lists; WORK/packages.txt records
# name, version and SHA-256 of every package used.
set -eu
. "$(dirname "$0")/lib.sh"

WORK=${1:?usage: image/fetch.sh WORK}
DEBS=${IMAGE_DEBS:-$WORK/debs}
PKG=$WORK/pkg
mkdir -p "$DEBS" "$PKG"

# resolve NAME: the package to download for NAME.  The linux-image-amd64
# metapackage is empty; the kernel is in the package it depends on.
resolve() {
	case "$1" in
	linux-image-amd64)
		apt-cache depends "$1" 2>/dev/null |
		    sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' |
		    head -n 1 ;;
	*)
		echo "$1" ;;
	esac
}

# fetch FILE SHA256: download FILE unless the cached copy has the hash.
fetch() {
	if [ -f "$DEBS/$1" ] &&
	    echo "$2  $DEBS/$1" | sha256sum -c --status; then
		return
	fi
	(cd "$DEBS" && apt-get download -q "${1%%_*}=$(version_of "$1")" \
	    >/dev/null 2>&1) ||
	    die "download of $1 failed: run apt-get update as root"
	echo "$2  $DEBS/$1" | sha256sum -c --status ||
	    die "$DEBS/$1: SHA-256 does not match the apt lists"
}

# version_of FILE: the version in a .deb file name, with %3a decoded.
version_of() {
	echo "$1" | sed 's/^[^_]*_\([^_]*\)_.*/\1/; s/%3a/:/g'
}

# unpack NAME FILE: unpack FILE into $PKG/NAME unless it is there.
unpack() {
	stamp=$PKG/$1.unpacked
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$2" ]; then
		return
	fi
	rm -rf "${PKG:?}/$1" "$stamp"
	dpkg-deb -x "$DEBS/$2" "$PKG/$1"
	echo "$2" >"$stamp"
}

names= reals=
for name in $(sed 's/#.*//' "$(dirname "$0")/packages"); do
	real=$(resolve "$name")
	[ -n "$real" ] || die "cannot resolve $name: run apt-get update as root"
	names="$names $name"
	reals="$reals $real"
done

# One apt-get call for every package: each line is 'URI' FILE SIZE SHA256:X.
uris=$(apt-get download --print-uris $reals 2>&1) ||
    die "apt-get download failed: $uris: run apt-get update as root"

list=$WORK/packages.txt.new
: >"$list"
set -- $reals
for name in $names; do
	real=$1
	shift
	line=$(echo "$uris" | awk -v n="$real" 'index($2, n "_") == 1')
	[ -n "$line" ] || die "apt has no download for $real: run apt-get update as root"
	file=$(echo "$line" | awk '{ print $2 }')
	sum=$(echo "$line" | awk '{ sub(/^SHA256:/, "", $4); print $4 }')
	fetch "$file" "$sum"
	unpack "$name" "$file"
	echo "$real $(version_of "$file") $sum" >>"$list"
done
mv "$list" "$WORK/packages.txt"
