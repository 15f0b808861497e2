# Two exam sticks plugged in: the Examiner lists both by stick id, label
# and size and uses the one the invigilator chooses.  reloader status,
# run in the same testbed, lists both sticks with their attempts in
# progress and results waiting, and the internal disk with the label as
# not used.
set -u
. "$TOP/tests/lib.sh"

A=$TESTDIR/mnt-sdb1
B=$TESTDIR/mnt-sdc1
INTERNAL=$TESTDIR/mnt-sda1
demo_stick "$A"
demo_stick "$B"
other_stick "$B"
demo_stick "$INTERNAL"
bed_start
bed plug sda ata
bed plug sdb usb
bed plug sdc usb
MAP="sda1=$INTERNAL,sdb1=$A,sdc1=$B"

start_tmux "EXAMSTICK_MOUNT_MAP=$MAP $(in_bed "$EXAMINER")"
wait_for "Several exam sticks are plugged in."
line_a=$(screen_line 'sdb1 \(/dev/sdb1\)')
line_b=$(screen_line 'sdc1 \(/dev/sdc1\)')
echo "$line_a" | grep -q "825D7769D2C93E06  EXAMSTICK    8.0 GB" ||
    fail "stick sdb1 is not listed with its id, label and size: $line_a"
echo "$line_b" | grep -q "EXAMSTICK    8.0 GB" ||
    fail "stick sdc1 is not listed with its label and size: $line_b"
other=$(echo "$line_b" | awk '{ print $1 == ">" ? $2 : $1 }')
[ "$other" != 825D7769D2C93E06 ] || fail "both sticks have one id"
expect_screen "sda1 (/dev/sda1): not on USB (ID_BUS=ata)"
keys Down Enter
wait_for "The stick is ready."
expect_screen "Stick:       $B"
expect_screen "Stick id:    $other"

# an attempt in progress on stick B, and a result waiting on stick A
login 1001 2008-03-14
wait_for "Instructions"
keys Enter
wait_for "Item 1 of 20"
mkdir -p "$A/examstick/results"
touch "$A/examstick/results/1002-esecurity-1.result"
touch "$A/examstick/results/1003-esecurity-1.result"
touch "$A/examstick/results/1003-esecurity-1.collected"

out=$TESTDIR/status.out
EXAMSTICK_MOUNT_MAP=$MAP UMOCKDEV_DIR=$BED_ROOT \
    umockdev-wrapper "$BUILD/bin/reloader" status >"$out" 2>&1 ||
    fail "reloader status failed: $(cat "$out")"
cat "$out"
awk -v id=825D7769D2C93E06 -v mp="$A" '
    $0 == "stick " id { s = 1; next }
    /^stick / { s = 0 }
    s && $0 == "  mount point:          " mp { m++ }
    s && $0 == "  label:                EXAMSTICK" { m++ }
    s && $0 == "  attempts in progress: 0" { m++ }
    s && $0 == "  results waiting:      1" { m++ }
    END { exit m != 4 }' "$out" || fail "stick A is not listed right"
awk -v id="$other" -v mp="$B" '
    $0 == "stick " id { s = 1; next }
    /^stick / { s = 0 }
    s && $0 == "  mount point:          " mp { m++ }
    s && $0 == "  attempts in progress: 1 (1001-esecurity-1)" { m++ }
    s && $0 == "  results waiting:      0" { m++ }
    END { exit m != 3 }' "$out" || fail "stick B is not listed right"
grep -q '^not used: sda1 (/dev/sda1, label EXAMSTICK): not on USB (ID_BUS=ata)$' \
    "$out" || fail "the internal disk is not listed as not used"

# --stick lists that folder alone
"$BUILD/bin/reloader" status --stick "$B" >"$out" 2>&1 ||
    fail "reloader status --stick failed: $(cat "$out")"
grep -q "^stick $other\$" "$out" || fail "status --stick: no stick id"
grep -q '^  attempts in progress: 1 (1001-esecurity-1)$' "$out" ||
    fail "status --stick: attempts in progress"
echo "chose stick $other among two; status lists both"
