# Shell helpers for the trust-chain tests: the awarding body's keys, a
# corpus package sealed with them, candidate tokens, and a stick that
# reloader prepared and loaded.  Source it after tests/lib.sh.

ES=$BUILD/bin/examstick
RL=$BUILD/bin/reloader
CENTRE=99999
PIN=2468
# A QTI package from the corpus that `examstick check` passes: one
# choice item, "Unattended Luggage".
TRUST_ZIP=${CORPUS:-}/tao-itemqti/package/QTI/package.zip
# Scrypt and Argon2id runs take seconds each on a busy machine.
SLOW_S=${SLOW_S:-240}

# run COMMAND...: run it with no terminal; stdout in out, stderr in err;
# fail unless it exits 0.
run() {
	setsid -w "$@" >"$TESTDIR/out" 2>"$TESTDIR/err" </dev/null ||
	    fail "'$*' exited $?: $(cat "$TESTDIR/err")"
}

# trust_body: the awarding body's keys in $TESTDIR/body, the corpus
# package sealed as $TESTDIR/luggage.estp (release code in $CODE), a
# package of the same test signed by another key as forged.estp.
trust_body() {
	[ -f "$TRUST_ZIP" ] || skip "no corpus package $TRUST_ZIP"
	cd "$TESTDIR" || fail "no $TESTDIR"
	echo "awarding body passphrase" >pass
	run "$ES" keygen --out body --passphrase-file pass
	run "$ES" check "$TRUST_ZIP"
	run "$ES" pack "$TRUST_ZIP" --key body/signing.key \
	    --passphrase-file pass --out luggage.estp --test-id luggage \
	    --duration 10 --pass-mark 1
	CODE=$(sed -n 's/^release code: //p' out)
	[ -n "$CODE" ] || fail "pack printed no release code: $(cat out)"
	run "$ES" keygen --out other --signing-only --passphrase-file pass
	run "$ES" pack "$TRUST_ZIP" --key other/signing.key \
	    --passphrase-file pass --out forged.estp --test-id luggage \
	    --duration 10 --pass-mark 1
}

# trust_tokens CSV-ROWS: issue tokens for the rows (after the header)
# into $TESTDIR/tokens; the codes are in $TESTDIR/codes.csv.
trust_tokens() {
	{
		echo "candidate,name,date_of_birth,centre,test,valid_from,valid_until,extra_time,rest_breaks"
		printf '%s\n' "$@"
	} >reg.csv
	run "$ES" issue --key body/signing.key --passphrase-file pass \
	    --csv reg.csv --out tokens
	cp out codes.csv
}

# token_code CANDIDATE: the code of a token that trust_tokens issued.
token_code() {
	awk -F, -v c="$1" '$1 == c { print $(NF - 1) }' codes.csv | tail -n 1
}

# trust_conf: an examiner.conf that delivers the sealed test luggage,
# with the [examiner] lines in CONF_EXTRA added.  The centre has no
# approval record here, and without one only practice tests start, so
# the test is marked practice; the package is sealed all the same.  Its
# PIN hash line, for PIN, is from reloader pin --hash; reloader prepare
# writes its own.
trust_conf() {
	echo "$PIN" >pin
	run "$RL" pin --hash --pin-file pin
	cat >examiner.conf <<CONF
[examiner]
centre_id = $CENTRE
$(cat "$TESTDIR/out")
log = yes
${CONF_EXTRA:-}

[test luggage]
package = E:\\examstick\\packages\\luggage.estp
title = Unattended luggage
practice = yes
CONF
}

# trust_stick DIR: prepare DIR as a stick for the centre with the PIN.
trust_stick() {
	trust_conf
	echo "$PIN" >pin
	_results=
	[ -f body/results.pub ] && _results="--results-key body/results.pub"
	run "$RL" prepare --stick "$1" --centre "$CENTRE" \
	    --body-key body/signing.pub $_results \
	    --register "$TESTDIR/centre/sticks.register" --pin-file pin \
	    --conf examiner.conf
}

# stick_files DIR: every file under DIR, one path a line, sorted.
stick_files() {
	(cd "$1" && find . -type f | sort)
}

# expect_none_deleted BEFORE DIR: every file listed in BEFORE is still
# under DIR.
expect_none_deleted() {
	stick_files "$2" >"$TESTDIR/after.list"
	_gone=$(comm -23 "$1" "$TESTDIR/after.list")
	[ -z "$_gone" ] || fail "files deleted from the stick: $_gone"
}

# open_test: on a stick from trust_stick_quick, go from the stick screen
# through the release code to the candidate login.
open_test() {
	wait_for "The stick is ready."
	keys Enter
	wait_for "Release code:"
	type_text "$CODE"
	keys Enter
	wait_for "candidate login" "$SLOW_S"
}

# token_login CODE: type a token code at the candidate login.
token_login() {
	wait_for "Token code:"
	type_text "$1"
	keys Enter
}

# trust_body_quick: as trust_body, but with unencrypted minisign keys
# (body.key, other.key), so that no passphrase has to be stretched.
trust_body_quick() {
	need minisign
	[ -f "$TRUST_ZIP" ] || skip "no corpus package $TRUST_ZIP"
	cd "$TESTDIR" || fail "no $TESTDIR"
	mkdir -p body other
	run minisign -G -W -p body/signing.pub -s body/signing.key
	run minisign -G -W -p other/signing.pub -s other/signing.key
	run "$ES" pack "$TRUST_ZIP" --key body/signing.key \
	    --out luggage.estp --test-id luggage --duration 10 --pass-mark 1
	CODE=$(sed -n 's/^release code: //p' out)
	[ -n "$CODE" ] || fail "pack printed no release code: $(cat out)"
	run "$ES" pack "$TRUST_ZIP" --key other/signing.key \
	    --out forged.estp --test-id luggage --duration 10 --pass-mark 1
	: >pass
}

# trust_tokens_quick CSV-ROWS: trust_tokens with the unencrypted key.
trust_tokens_quick() {
	{
		echo "candidate,name,date_of_birth,centre,test,valid_from,valid_until,extra_time,rest_breaks"
		printf '%s\n' "$@"
	} >reg.csv
	run "$ES" issue --key body/signing.key --csv reg.csv --out tokens
	cp out codes.csv
}

# trust_stick_quick DIR: the folders and keys that reloader prepare
# makes, but with an unencrypted stick key, so that no PIN unlocks it
# (the PIN is tested by reject_pin.sh and e2e.sh).
trust_stick_quick() {
	trust_conf
	mkdir -p "$1/examstick/keys"
	for d in packages tokens attempts results log; do
		mkdir -p "$1/examstick/$d"
	done
	cp body/signing.pub "$1/examstick/keys/awarding-body.pub"
	cp examiner.conf "$1/examstick/examiner.conf"
	run minisign -G -W -p "$1/examstick/keys/stick.pub" \
	    -s "$1/examstick/keys/stick.key"
}

# trust_luggage_stick DIR: a quick stick in DIR (trust_stick_quick) with
# the luggage package and candidate 1001's token loaded.
trust_luggage_stick() {
	trust_body_quick
	trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
	trust_stick_quick "$1"
	run "$RL" load --stick "$1" luggage.estp tokens/1001-luggage-1.token
}
