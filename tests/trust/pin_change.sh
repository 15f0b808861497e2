# reloader prepare stores the invigilator PIN only as a hash, and
# reloader pin changes it.  A wrong old PIN changes nothing.  After the
# change the old PIN neither unlocks the stick key nor passes the
# Examiner's prompts, and the new one does.  A change cut short after the
# key was written is finished by running the command again.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/trust/lib-trust.sh"

# Eight digits, so that finding them by chance in base64 is unlikely.
OLD=80417326
NEW=52907113
trust_body_quick
trust_tokens_quick "1001,Ada Lovelace,1990-12-10,$CENTRE,luggage,2020-01-01,2099-12-31,,"
PIN=$OLD
S=$TESTDIR/stick
trust_stick "$S"
run "$RL" load --stick "$S" luggage.estp tokens/1001-luggage-1.token
CONF=$S/examstick/examiner.conf
KEY=$S/examstick/keys/stick.key
echo "$OLD" >old
echo "$NEW" >new
echo 11223344 >wrong

# no_pin_on_stick DIGITS: no file on the stick contains DIGITS.
no_pin_on_stick() {
	_found=$(grep -rl -- "$1" "$S") && fail "PIN $1 in $_found"
	return 0
}

# hash_line_ok: examiner.conf has one Argon2id hash line.
hash_line_ok() {
	[ "$(grep -c '^invigilator_pin_hash = \$argon2id\$v=19\$m=262144,t=3,p=1\$' \
	    "$CONF")" -eq 1 ] || fail "no hash line in $CONF: $(cat "$CONF")"
	grep -q '^invigilator_pin *=' "$CONF" && fail "a PIN in clear: $CONF"
	return 0
}

hash_line_ok
no_pin_on_stick "$OLD"

# --hash prints one line for a PIN and writes nothing.
run "$RL" pin --hash --pin-file new
grep -q '^invigilator_pin_hash = \$argon2id\$v=19\$m=262144,t=3,p=1\$[A-Za-z0-9+/]*\$[A-Za-z0-9+/]*$' \
    out || fail "pin --hash printed: $(cat out)"
[ "$(wc -l <out)" -eq 1 ] || fail "pin --hash printed more: $(cat out)"
grep -q "$NEW" out && fail "pin --hash printed the PIN"
setsid -w "$RL" pin --hash --pin-file new --stick "$S" >out 2>err </dev/null
[ $? -eq 2 ] || fail "pin with --hash and --stick did not fail"
grep -q "give either --stick DIR or --hash" err || fail "usage: $(cat err)"

# Messages about a PIN name the PIN and its option, not a passphrase.
: >empty
setsid -w "$RL" pin --hash --pin-file empty >out 2>err </dev/null
[ $? -eq 2 ] || fail "an empty PIN file did not exit 2: $(cat err)"
grep -q "empty: the PIN is empty" err || fail "empty PIN file: $(cat err)"
setsid -w "$RL" pin --stick "$S" --pin-file old >out 2>err </dev/null
[ $? -eq 2 ] || fail "a new PIN with no terminal did not exit 2: $(cat err)"
grep -q "no terminal to type the PIN on .*: give --new-pin-file" err ||
    fail "new PIN with no terminal: $(cat err)"

# A wrong old PIN is rejected by the hash; nothing changes.
cp "$KEY" key.before
cp "$CONF" conf.before
setsid -w "$RL" pin --stick "$S" --pin-file wrong --new-pin-file new \
    >out 2>err </dev/null
[ $? -eq 1 ] || fail "a wrong old PIN did not exit 1: $(cat err)"
grep -q "wrong PIN: the old PIN does not match invigilator_pin_hash" err ||
    fail "wrong old PIN: $(cat err)"
grep -q "nothing was changed" err || fail "wrong old PIN: $(cat err)"
cmp -s key.before "$KEY" || fail "a wrong old PIN changed the key"
cmp -s conf.before "$CONF" || fail "a wrong old PIN changed examiner.conf"

# The right old PIN: the key is locked again and the hash replaced.
run "$RL" pin --stick "$S" --pin-file old --new-pin-file new
grep -q "the invigilator PIN is changed" out || fail "pin: $(cat out)"
grep -q "already" out && fail "pin found the key already changed: $(cat out)"
cmp -s key.before "$KEY" && fail "the key file did not change"
[ "$(sed -n 1p "$KEY")" = "$(sed -n 1p key.before)" ] ||
    fail "the key's comment changed"
sed -n 2p "$KEY" | grep -q '^RWRTY0Iy' || fail "the key is not locked"
hash_line_ok
grep -v '^invigilator_pin_hash' conf.before >rest.before
grep -v '^invigilator_pin_hash' "$CONF" >rest.after
cmp -s rest.before rest.after || fail "other lines of examiner.conf changed"
cmp -s conf.before "$CONF" && fail "the hash did not change"
no_pin_on_stick "$OLD"
no_pin_on_stick "$NEW"
[ ! -e "$KEY.tmp" ] || fail "a temporary key file is left"

# The old PIN no longer matches the hash.
setsid -w "$RL" pin --stick "$S" --pin-file old --new-pin-file wrong \
    >out 2>err </dev/null
[ $? -eq 1 ] || fail "the old PIN still changes the PIN: $(cat err)"

# A change cut short after the key was written: the old hash is back.
# The old PIN fails on the key, the new one opens it, and the run ends
# the change by writing the new hash.
cp "$CONF" conf.new
cp conf.before "$CONF"
run "$RL" pin --stick "$S" --pin-file old --new-pin-file new
grep -q "locked with the new PIN (it already was)" out ||
    fail "finishing a cut-short change: $(cat out)"
cmp -s conf.before "$CONF" && fail "the old hash is still there"
hash_line_ok

# A change whose examiner.conf write fails (its temporary file cannot be
# made) says that the key already has the new PIN and how to finish.
cp "$CONF" conf.new
cp "$KEY" key.new
mkdir "$CONF.tmp"
setsid -w "$RL" pin --stick "$S" --pin-file new --new-pin-file old \
    >out 2>err </dev/null
[ $? -eq 2 ] || fail "a failed examiner.conf write did not exit 2: $(cat err)"
grep -q "already locked with the new PIN" err ||
    fail "a failed write does not say the key is changed: $(cat err)"
grep -q "run the same command again" err ||
    fail "a failed write does not say how to finish: $(cat err)"
cmp -s conf.new "$CONF" || fail "a failed write changed examiner.conf"
cmp -s key.new "$KEY" && fail "the key was not written before examiner.conf"
rmdir "$CONF.tmp"
run "$RL" pin --stick "$S" --pin-file new --new-pin-file old
grep -q "(it already was)" out || fail "finishing a failed change: $(cat out)"
hash_line_ok
run "$RL" pin --stick "$S" --pin-file old --new-pin-file new
no_pin_on_stick "$OLD"
no_pin_on_stick "$NEW"

# The Examiner: the old PIN is refused at start-up and in the menu, and
# the new one unlocks the stick key and opens the menu.
LOG=$S/examstick/log/trust.log
start_tmux "$EXAMINER --stick $S"
wait_for "The stick is ready."
keys Enter
wait_for "Invigilator PIN:"
type_text "$OLD"
keys Enter
wait_for "Wrong PIN. Type it again." "$SLOW_S"
refute_screen "Release code:"
type_text "$NEW"
keys Enter
wait_for "Release code:" "$SLOW_S"
keys Escape
wait_for "The stick is ready."
keys C-x
wait_for "Invigilator PIN:"
type_text "$OLD"
keys Enter
wait_for "Wrong PIN. Type it again." "$SLOW_S"
refute_screen "Invigilator menu"
type_text "$NEW"
keys Enter
wait_for "Invigilator menu"
keys l
wait_for "[exit 0]"
[ "$(grep -c 'wrong invigilator PIN' "$LOG")" -eq 2 ] ||
    fail "two wrong PINs are not in $LOG: $(cat "$LOG")"
no_pin_on_stick "$OLD"
no_pin_on_stick "$NEW"
echo "the PIN is stored as a hash and changed with reloader pin"
