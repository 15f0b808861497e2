#!/bin/sh
# examstick pack with a percent pass mark rejects a package in which an
# item has no maximum score, naming the item, because no attempt at it
# could then pass or fail.  A score as pass mark packs it, and report
# names the item in the total line of an attempt.  The package
# is WebDeveloperTest1 of the QTIWorks samples: its question8 has a
# SCORE without normalMaximum and no MAXSCORE, correct response or
# mapping.
set -eu
es=$BUILD/bin/examstick
zip=$CORPUS/qtiworks/packages/WebDeveloperTest1.zip
cd "$TESTDIR"

. "$TOP/tests/examstick/lib-examstick.sh"

if [ ! -f "$zip" ]; then
	echo "no $zip: set CORPUS to the QTI corpus"
	exit 77
fi
minisign -G -W -p body.pub -s body.key >/dev/null

expect 1 "$es" pack "$zip" --key body.key --out pct.estp --pass-mark 60%
grep -q "item 'question8' has no maximum score" err ||
    fail "no item named: $(cat err)"
grep -q "give a score as --pass-mark" err || fail "no next step: $(cat err)"
[ ! -e pct.estp ] || fail "pct.estp was written"

expect 0 "$es" pack "$zip" --key body.key --out score.estp --pass-mark 6 \
    --duration 30
[ -s score.estp ] || fail "score.estp was not written"


mkdir results
r_centre=77 r_candidate=C1 r_name=Ann r_test=TEST r_title=Web r_attempt=1
r_start=2026-12-01T09:00:00Z r_end=2026-12-01T10:00:00Z r_used=3600
r_allowed=3600
result_write C1-TEST-1
expect 0 "$es" report --items "$zip" --pass-mark 60% results
has "  total: 0, maximum unknown (item question8 has none), so no pass or fail"
expect 0 "$es" report --items "$zip" results
has "  total: 0, maximum unknown (item question8 has none)"
echo "pack rejects a percent pass mark when a maximum is unknown"
