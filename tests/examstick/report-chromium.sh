#!/bin/sh
# The HTML page of examstick report in headless Chromium: the page loads
# without scripts or other files, the screenshot is a PNG, and every
# figure in the browser's DOM equals the same figure in the text report.
# Skips (77) only when chromium is missing and cannot be installed.
set -eu
es=$BUILD/bin/examstick
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	"$TOP/scripts/install-deps" >install.log 2>&1 ||
	    echo "report-chromium.sh: scripts/install-deps failed:" \
	    "$(tail -3 install.log)"
fi
if ! command -v chromium >/dev/null 2>&1; then
	echo "report-chromium.sh: chromium is not installed and cannot be" \
	    "installed here (run scripts/install-deps as root)"
	exit 77
fi

mkdir pkg results
choice_item pkg/q1.xml q1 A
choice_item pkg/q2.xml q2 B
choice_item pkg/q3.xml q3 A
choice_item pkg/q4.xml q4 B
choice_item pkg/q5.xml q5 A
cat >pkg/test.xml <<XML
<assessmentTest xmlns="$ns" identifier="unit-3" title="Unit &lt;3&gt;">
  <testPart identifier="p" navigationMode="nonlinear"
      submissionMode="simultaneous">
    <assessmentSection identifier="s1" title="First" visible="true">
      <assessmentItemRef identifier="q1" href="q1.xml"/>
      <assessmentItemRef identifier="q2" href="q2.xml"/>
      <assessmentItemRef identifier="q3" href="q3.xml"/>
    </assessmentSection>
    <assessmentSection identifier="s2" title="Second" visible="true">
      <assessmentItemRef identifier="q4" href="q4.xml"/>
      <assessmentItemRef identifier="q5" href="q5.xml"/>
    </assessmentSection>
  </testPart>
</assessmentTest>
XML

# result N CHOICES: candidate CN's responses to q1..q5 as five letters.
result() {
	id=C$1-unit-3-1
	{
		echo "examstick result 1"
		echo "id: $id"
		echo "centre: 77"
		echo "candidate: C$1"
		echo "name: Name%20$1%20%3Cb%3E"
		echo "test: unit-3"
		echo "attempt: 1"
		echo "start: 2026-12-17T09:00:00Z"
		echo "end: 2026-12-17T09:20:00Z"
		i=1
		for a in $(echo "$2" | sed 's/./& /g'); do
			echo "response: q$i RESPONSE $a"
			i=$((i + 1))
		done
	} >"results/$id.result"
}
result 1 ABABA
result 2 ABABB
result 3 AAABA
result 4 BBBAA
result 5 BAAAB
result 6 ABBBA
result 7 BAABB
result 8 AAAAA

"$es" report --items pkg/test.xml --pass-mark 60% --html r.html results \
    >text 2>err || fail "report failed: $(cat err)"

# The browser, with a profile of its own and no network.
browse() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --no-first-run --user-data-dir="$TESTDIR/profile" \
	    --proxy-server=127.0.0.1:9 --window-size=1000,1600 "$@" \
	    "file://$TESTDIR/r.html" 2>>chromium.log
}
browse --dump-dom >dom.html || fail "chromium --dump-dom: $(tail chromium.log)"
browse --screenshot="$TESTDIR/shot.png" >/dev/null ||
    fail "chromium --screenshot: $(tail chromium.log)"
[ "$(head -c 8 shot.png | od -An -tx1 | tr -d ' \n')" = \
    89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
[ "$(wc -c <shot.png)" -gt 10000 ] || fail "the screenshot is blank"
grep -q '<td id="mean"' dom.html || fail "the DOM has no report: $(head dom.html)"

# dom XPATH: a string from the browser's DOM.
dom() {
	xmllint --html --xpath "string($1)" dom.html 2>/dev/null || true
}

# same WHAT TEXT-VALUE DOM-VALUE: the two figures must be equal and set.
same() {
	[ -n "$2" ] || fail "$1: no figure in the text report"
	[ "$2" = "$3" ] || fail "$1: text report '$2', page '$3'"
}

first() {
	sed -n "$1" text | head -1
}

same attempts "$(first 's/^Test .*: \([0-9]*\) attempts, .*/\1/p')" \
    "$(dom '//td[@id="attempts"]')"
same maximum "$(first 's/^Test .*, maximum \(.*\)$/\1/p')" \
    "$(dom '//td[@id="maximum"]')"
same mean "$(first 's/^Total: mean \([^ ,]*\).*/\1/p')" \
    "$(dom '//td[@id="mean"]')"
same "mean percent" "$(first 's/^Total: mean [^ ]* (\([^)]*\)).*/\1/p')" \
    "$(dom '//td[@id="mean-percent"]')"
same sd "$(first 's/.*standard deviation \([^,]*\),.*/\1/p')" \
    "$(dom '//td[@id="sd"]')"
same median "$(first 's/^Total:.* median \([^,]*\),.*/\1/p')" \
    "$(dom '//td[@id="median"]')"
same lowest "$(first 's/^Total:.* lowest \([^,]*\),.*/\1/p')" \
    "$(dom '//td[@id="lowest"]')"
same highest "$(first 's/^Total:.* highest \(.*\)$/\1/p')" \
    "$(dom '//td[@id="highest"]')"
same passed "$(first 's/^Pass mark .*: \([0-9]*\) of .*/\1/p')" \
    "$(dom '//td[@id="passed"]')"
same "pass rate" "$(first 's/.*, pass rate \([^;]*\).*/\1/p')" \
    "$(dom '//td[@id="pass-rate"]')"

# The distribution, bin by bin.
n=0
grep -E '^  [0-9]+-[0-9]+% ' text >bins || fail "no distribution"
while read -r label count rest; do
	n=$((n + 1))
	same "bin $label" "$label $count" \
	    "$(dom "(//table[@id='distribution']//tr)[$((n + 1))]/td[1]") $(dom "(//table[@id='distribution']//tr)[$((n + 1))]/td[2]")"
done <bins
[ $n -eq 10 ] || fail "$n bins in the text report"

# Each item: scored, facility, D and r.
awk '/^  item +scored/ { on = 1; next } on && NF == 5 { print } on && NF != 5 { on = 0 }' \
    text >items
[ "$(wc -l <items)" -eq 5 ] || fail "items in the text report: $(cat items)"
n=0
while read -r id scored fac d r; do
	n=$((n + 1))
	row="(//table[@id='item-table']//tr)[$((n + 1))]"
	same "item $id" "$id $scored $fac $d $r" \
	    "$(dom "$row/td[1]") $(dom "$row/td[2]") $(dom "$row/td[3]") $(dom "$row/td[4]") $(dom "$row/td[5]")"
done <items

# Each attempt: total, maximum, percent, result and both sections.
n=0
grep '^Attempt ' text | sed 's/^Attempt \([^:]*\):.*/\1/' >ids
[ "$(wc -l <ids)" -eq 8 ] || fail "attempts in the text report"
while read -r id; do
	n=$((n + 1))
	row="(//table[@id='attempts']//tr)[$((n + 1))]"
	block=$(sed -n "/^Attempt $id:/,/^Attempt /p" text)
	total=$(echo "$block" | sed -n 's/^  total: \(.*\)$/\1/p')
	first=$(echo "$block" | sed -n 's/^  section "First": \(.*\)$/\1/p')
	second=$(echo "$block" | sed -n 's/^  section "Second": \(.*\)$/\1/p')
	same "attempt $id" "$id: $total; $first; $second" \
	    "$(dom "$row/td[1]"): $(dom "$row/td[6]") of $(dom "$row/td[7]"), $(dom "$row/td[8]"), $(dom "$row/td[9]"); $(dom "$row/td[10]"); $(dom "$row/td[11]")"
done <ids

# The facility chart has a bar for each item and the histogram one per
# bin; the names stay text.
[ "$(grep -o '<rect class="bar"' dom.html | wc -l)" -eq 15 ] ||
    fail "not 15 bars in the charts"
[ "$(dom '//title')" = 'Results: unit-3 "Unit <3>"' ] ||
    fail "title: $(dom '//title')"
[ "$(dom "(//table[@id='attempts']//tr)[2]/td[3]")" = "Name 1 <b>" ] ||
    fail "a name was not kept as text"
echo "report-chromium.sh: ok"
