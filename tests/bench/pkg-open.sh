#!/bin/sh
# Package open against xmllint: examstick check on a 200-item package
# (the demo test's 20 items, ten times over) and xmllint --noout on the
# same XML files, run side by side.  The CPU time of examstick, which
# also unzips the package and builds the item model, must stay within
# twice xmllint's.
set -eu
runs=${BENCH_RUNS:-20}
src=$TOP/config/demo-stick-src/esecurity
es=$BUILD/bin/examstick
cd "$TESTDIR"
mkdir -p pkg/items

refs="" res=""
for copy in 1 2 3 4 5 6 7 8 9 10; do
	for f in "$src"/items/*.xml; do
		id=$(basename "$f" .xml)_$copy
		cp "$f" "pkg/items/$id.xml"
		refs="$refs<assessmentItemRef identifier=\"$id\""
		refs="$refs href=\"items/$id.xml\"/>"
		res="$res<resource identifier=\"r$id\""
		res="$res type=\"imsqti_item_xmlv2p1\" href=\"items/$id.xml\">"
		res="$res<file href=\"items/$id.xml\"/></resource>"
	done
done
qti=http://www.imsglobal.org/xsd/imsqti_v2p1
cat >pkg/test.xml <<XML
<assessmentTest xmlns="$qti" identifier="bench" title="Bench">
<testPart identifier="p" navigationMode="nonlinear"
 submissionMode="simultaneous"><assessmentSection identifier="s" title="S"
 visible="true">$refs</assessmentSection></testPart></assessmentTest>
XML
cat >pkg/imsmanifest.xml <<XML
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
<resources><resource identifier="T" type="imsqti_test_xmlv2p1"
 href="test.xml"><file href="test.xml"/></resource>$res</resources>
</manifest>
XML
(cd pkg && zip -q -r ../bench.zip .)
"$es" check bench.zip >check.out || {
	echo "pkg-open: the bench package is not deliverable:"
	cat check.out
	exit 1
}

# repeat COMMAND...: run it $runs times, output discarded.
repeat() {
	i=0
	while [ $i -lt "$runs" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
}

# The shell's times output gives the children's user and system time on
# its second line ("0m1.230000s 0m0.340000s").  times must run in this
# shell, not in $(...), to see the children.
times >t0.out
repeat "$es" check bench.zip
times >t1.out
repeat xmllint --noout pkg/imsmanifest.xml pkg/test.xml pkg/items/*.xml
times >t2.out
cs='NR == 2 {
	split($1, u, /[ms]/); split($2, s, /[ms]/)
	printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 100
}'
t0=$(awk "$cs" t0.out)
t1=$(awk "$cs" t1.out)
t2=$(awk "$cs" t2.out)

es_cs=$((t1 - t0))
xl_cs=$((t2 - t1))
echo "pkg-open: $runs runs, 200 items: examstick check ${es_cs}0 ms CPU," \
    "xmllint --noout ${xl_cs}0 ms CPU"
awk -v e="$es_cs" -v x="$xl_cs" 'BEGIN {
	if (x <= 0) { print "pkg-open: xmllint took no measurable time"; exit 1 }
	printf "pkg-open: ratio %.2f (limit 2.00)\n", e / x
	exit (e / x > 2.0)
}'
