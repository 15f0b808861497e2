# The approval task on a folder stick prepared with a PIN-locked key:
# every check driven with tmux keys (one key skipped after its countdown,
# one wrong key, one wrong PIN), then reloader verify, a tampered copy,
# reloader collect, examstick approve, and the Examiner refusing a test
# that is not practice until the centre's approval record is on the
# stick, then sitting it to the end with no score shown.
set -u
. "$TOP/tests/lib.sh"
need minisign tar
es=$BUILD/bin/examstick
rl=$BUILD/bin/reloader
cd "$TESTDIR"

# run_ok COMMAND...: run it with no terminal; output in out and err.
run_ok() {
	setsid -w "$@" >out 2>err </dev/null ||
	    fail "'$*' exited $?: $(cat err)"
}

# run_fail STATUS COMMAND...: it must exit with STATUS.
run_fail() {
	_want=$1
	shift
	setsid -w "$@" >out 2>err </dev/null
	_got=$?
	[ "$_got" -eq "$_want" ] ||
	    fail "'$*' exited $_got, expected $_want: $(cat err)"
}

demo_stick demo
minisign -G -W -p body.pub -s body.key >/dev/null
minisign -G -W -p centre.pub -s centre.key >/dev/null
echo 2468 >pin
reg=$TESTDIR/sticks.register

# examiner.conf for a real (not practice) test with the prepared keys.
sed -e '/^stick_key = /d' -e '/^stick_pubkey = /d' \
    -e 's/^practice = yes/practice = no/' \
    demo/examstick/examiner.conf >examiner.conf
run_ok "$rl" prepare --stick S --centre 99999 --body-key body.pub \
    --register "$reg" --pin-file pin --conf examiner.conf
cp demo/examstick/roster.csv S/examstick/
# A real test needs a sealed package, opened with its release code.
run_ok "$BUILD/bin/examstick" pack demo/examstick/packages/esecurity.zip \
    --key body.key --out S/examstick/packages/esecurity.estp \
    --test-id esecurity --pass-mark 50%
CODE=$(sed -n 's/^release code: //p' out)
[ -n "$CODE" ] || fail "pack printed no release code"
sed -i 's/esecurity\.zip$/esecurity.estp/' S/examstick/examiner.conf

# press_keys: press every key asked for but the last, Z, which is
# skipped when its countdown ends; one wrong key first.
press_keys() {
	wait_for "Press the key: Enter"
	expect_screen "Keyboard check: key 1 of 11"
	expect_screen "Skipped in "
	keys Enter
	wait_for "Press the key: Tab"
	keys x
	wait_for "That was x. Press Tab."
	keys Tab
	for k in Up Down Left Right F1 F10; do
		case $k in
		Up|Down|Left|Right) name="$k arrow" ;;
		*) name=$k ;;
		esac
		wait_for "Press the key: $name"
		keys "$k"
	done
	wait_for "Press the key: Esc"
	keys Escape
	wait_for "Press the key: the letter A"
	keys a
	wait_for "Press the key: the letter Z"
}

# unlock_login: unlock the stick key with the PIN, then log in as 1001.
unlock_login() {
	wait_for "The stick is ready."
	keys Enter
	wait_for "Invigilator PIN:"
	type_text 2468
	keys Enter
	wait_for "Release code:" 90
	type_text "$CODE"
	keys Enter
	wait_for "candidate login" 90
	login_fields 1001 2008-03-14
}

# First run: Z is skipped, one wrong PIN, then the right one.
start_tmux "env EXAMSTICK_MACHINE_ID=lab-pc-1 $EXAMINER --approval-task" \
    "--key-wait 6 --stick $TESTDIR/S"
press_keys
wait_for "Skipped in 2 s"
wait_for "Skipped in 1 s"
wait_for "Invigilator PIN:"
expect_screen "Esc Skip this check"
type_text 1111
keys Enter
wait_for "Wrong PIN: it does not unlock this stick's key (try 1 of 3)." 90
type_text 2468
keys Enter
wait_for "Approval result written: approval/" 90
expect_screen "FAIL  Key Z                not seen: skipped after 6 s"
expect_screen "pass  Key Tab              seen"
expect_screen "pass  Screen size          80x24"
expect_screen "pass  Stick write          64 KiB written, synced, read,"
expect_screen "pass  Monotonic clock      advanced "
expect_screen "pass  Stick key signature  signed and verified, stick key"
expect_screen "1 of 15 checks failed: this computer is not ready for tests."
keys Enter
wait_for "[exit 1]"
ls S/examstick/.approval-scratch-* >/dev/null 2>&1 &&
    fail "the scratch file is left on the stick"
first=$(ls S/examstick/approval/*.approval)
[ "$(echo "$first" | wc -l)" -eq 1 ] || fail "not one approval result"
grep -qx "check key-z fail not%20seen:%20skipped%20after%206%20s" \
    "$first" || fail "key-z line: $(cat "$first")"
grep -qx "outcome fail" "$first" || fail "outcome line"
grep -qx "machine lab-pc-1" "$first" || fail "machine line"
grep -qx "centre 99999" "$first" || fail "centre line"

# The first result alone is not approved: its Z key failed.
run_fail 1 "$es" approve --key body.key --out first.approved "$first"
grep -q "check key-z failed: not seen: skipped after 6 s" err ||
    fail "approve of a failed result: $(cat err)"
[ ! -e first.approved ] || fail "a record for a failed check"

# Second run, a second later at least: every check passes.
sleep 1
restart_tmux "env EXAMSTICK_MACHINE_ID=lab-pc-1 $EXAMINER" \
    "--approval-task --key-wait 20 --stick $TESTDIR/S"
press_keys
keys z
wait_for "Invigilator PIN:"
type_text 2468
keys Enter
wait_for "All 15 checks passed." 90
expect_screen "Approval result written: approval/"
refute_screen "FAIL"
keys Enter
wait_for "[exit 0]"

# reloader verify reports both, and rejects a changed copy.
run_ok "$rl" verify S/examstick/approval
grep -q "approval result of machine lab-pc-1, centre 99999, .*: every"\
" check passed" out || fail "verify of the passing result: $(cat out)"
grep -q "checks failed: key-z (not seen: skipped after 6 s)" out ||
    fail "verify of the failing result: $(cat out)"
mkdir -p T/examstick/approval
cp -R S/examstick/keys T/examstick/
sed 's/^check key-z fail .*/check key-z pass seen/; s/^outcome fail/outcome pass/' \
    "$first" >T/examstick/approval/changed.approval
run_fail 1 "$rl" verify T/examstick/approval/changed.approval
grep -q "signature does not match the file: the file was changed after" \
    err || fail "tampered approval result: $(cat err)"

# reloader collect carries them in the bundle.
run_ok "$rl" collect --stick S --out b.tar --key centre.key \
    --register "$reg"
grep -q "2 approval results carried" out || fail "collect: $(cat out)"
tar tf b.tar >list
[ "$(grep -c '^approval/.*\.approval$' list)" -eq 2 ] ||
    fail "bundle entries: $(cat list)"
grep -q '^keys/.*\.pub$' list || fail "no stick key in the bundle"

# examstick approve: the later, passing result of lab-pc-1 counts.
run_fail 2 "$es" approve --key body.key --out c.approved b.tar
grep -q "needs --centre-key" err || fail "bundle without key: $(cat err)"
run_ok "$es" approve --key body.key --centre-key centre.pub \
    --out centre.approved b.tar
grep -q "centre.approved: centre 99999 approved with 1 computer" out ||
    fail "approve: $(cat out)"
sed -n 1p centre.approved | grep -qx "examstick centre approval 1" ||
    fail "record: $(cat centre.approved)"
grep -qx "centre 99999" centre.approved || fail "record centre"
[ "$(grep -c '^machine ' centre.approved)" -eq 1 ] ||
    fail "record machines: $(cat centre.approved)"
grep -qx "machine lab-pc-1" centre.approved || fail "record machine"
run_fail 2 "$es" approve --key body.key --centre-key centre.pub \
    --out centre.approved b.tar
grep -q "already exists" err || fail "approve over a record: $(cat err)"

# Without a record, a test that is not practice is rejected.
restart_tmux "$EXAMINER --stick $TESTDIR/S"
unlock_login
wait_for "Centre not approved"
expect_text "Centre 99999 has no valid approval from the awarding body"
expect_text "names no centre_approval record"
expect_text "examiner --approval-task"
keys Enter
wait_for "candidate login"
leave_examiner

# A loose approval file is approved with the stick's key.
run_ok "$es" approve --key body.key --stick-key S/examstick/keys/stick.pub \
    --out loose.approved "$(ls S/examstick/approval/*.approval | tail -n 1)"
grep -qx "machine lab-pc-1" loose.approved || fail "loose record"

# A changed record is rejected.
cp centre.approved S/examstick/keys/centre.approved
sed -i '/^centre_id = /a centre_approval = E:\\examstick\\keys\\centre.approved' \
    S/examstick/examiner.conf
grep -q '^centre_approval = E:.examstick.keys.centre.approved$' \
    S/examstick/examiner.conf || fail "conf: $(cat S/examstick/examiner.conf)"
sed -i 's/^centre 99999$/centre 12345/' S/examstick/keys/centre.approved
restart_tmux "$EXAMINER --stick $TESTDIR/S"
unlock_login
wait_for "Centre not approved"
expect_text "changed after it was signed"
keys Enter
wait_for "candidate login"
leave_examiner

# With the record, the test starts.
cp centre.approved S/examstick/keys/centre.approved
restart_tmux "$EXAMINER --stick $TESTDIR/S"
unlock_login
wait_for "Instructions"
refute_screen "Centre not approved"

# A real test shows no score when it ends, though its items carry
# response processing; the signed result is written all the same.
keys Enter
wait_for "Item 1 of 20"
keys A
wait_for " Answered"
end_test
wait_for "results/1001-esecurity-1.result"
refute_screen "score"
refute_screen "marked"
"$rl" verify S/examstick/results/1001-esecurity-1.result >out 2>err ||
    fail "reloader verify rejected the real test's result: $(cat out err)"
echo "approval task, verify, collect, approve and the refusal work;" \
    "the real test ends without a score"
