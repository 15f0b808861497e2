#!/bin/sh
# make demo builds the demonstration stick.  Its package zip is identical
# from one build to the next, whatever the umask and time zone, and every
# XML file in it is well formed.  `examstick check` finds every item
# deliverable.  The demo key pair signs and verifies.
set -eu
b1=$TESTDIR/b1
b2=$TESTDIR/b2
make -s -C "$TOP" BUILD="$b1" demo
(umask 077 && TZ=Pacific/Auckland make -s -C "$TOP" BUILD="$b2" demo)

stick=$b1/demo-stick/examstick
zip=$stick/packages/esecurity.zip
if ! cmp "$zip" "$b2/demo-stick/examstick/packages/esecurity.zip"; then
	echo "demo-stick: esecurity.zip differs between two builds"
	exit 1
fi

for f in examiner.conf roster.csv keys/demo-only-stick.key \
    keys/demo-only-stick.pub; do
	if [ ! -f "$stick/$f" ]; then
		echo "demo-stick: $f is missing from the stick"
		exit 1
	fi
done

names=$(unzip -Z1 "$zip")
items=$(echo "$names" | grep -c '^items/es[0-9]*\.xml$')
if [ "$items" -lt 15 ] || [ "$items" -gt 25 ]; then
	echo "demo-stick: $items items in the package; expected 15 to 25"
	exit 1
fi
echo "$names" | grep -qx imsmanifest.xml
for n in $names; do
	case $n in
	*.xml|*.svg) unzip -p "$zip" "$n" | xmllint --noout - ||
		{ echo "demo-stick: $n is not well formed"; exit 1; } ;;
	esac
done

if ! "$BUILD/bin/examstick" check -w "$zip"; then
	echo "demo-stick: examstick check rejects esecurity.zip"
	exit 1
fi

echo "demo file" > "$TESTDIR/signed"
minisign -S -s "$stick/keys/demo-only-stick.key" -m "$TESTDIR/signed" \
    >/dev/null
minisign -V -p "$stick/keys/demo-only-stick.pub" -m "$TESTDIR/signed"
