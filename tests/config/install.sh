# make install puts the three programs under DESTDIR/PREFIX/bin and every
# man page under DESTDIR/PREFIX/share/man/manN by its section; make
# uninstall removes them again.  Both use the programs already built.
set -eu
root=$TESTDIR/root
prefix=/opt/examstick
make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$root" PREFIX="$prefix" install

want="bin/examiner
bin/examstick
bin/reloader"
for m in "$TOP"/docs/man/*.[15]; do
	name=${m##*/}
	want="$want
share/man/man${name##*.}/$name"
done
want=$(printf '%s\n' "$want" | LC_ALL=C sort)
got=$(cd "$root$prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$got" != "$want" ]; then
	echo "install: expected these files under $root$prefix:"
	echo "$want"
	echo "got:"
	echo "$got"
	exit 1
fi
for p in examiner examstick reloader; do
	if [ ! -x "$root$prefix/bin/$p" ]; then
		echo "install: $root$prefix/bin/$p is not executable"
		exit 1
	fi
	if ! cmp -s "$BUILD/bin/$p" "$root$prefix/bin/$p"; then
		echo "install: $root$prefix/bin/$p is not $BUILD/bin/$p"
		exit 1
	fi
done
if [ ! -f "$root$prefix/share/man/man5/examiner.conf.5" ]; then
	echo "install: no examiner.conf(5) in section 5"
	exit 1
fi

make -s -C "$TOP" BUILD="$BUILD" DESTDIR="$root" PREFIX="$prefix" \
    uninstall
left=$(find "$root" -type f)
if [ -n "$left" ]; then
	echo "uninstall: files left behind: $left"
	exit 1
fi
echo "install and uninstall: binaries and man pages under DESTDIR/PREFIX"
