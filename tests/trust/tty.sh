#!/bin/sh
# Passphrases and PINs typed at a terminal: examstick keygen prompts
# twice with echo off and rejects two that differ, examstick pack prompts
# for the key's passphrase, reloader prepare prompts for the PIN twice,
# and reloader pin prompts for a PIN to hash, or for the old PIN and the
# new one twice.  The typed text never appears on the screen.
set -eu
. "$TOP/tests/lib.sh"
es=$BUILD/bin/examstick
rl=$BUILD/bin/reloader
cd "$TESTDIR"
need tmux minisign

start_tmux "$es" keygen --out "$TESTDIR/keys"
wait_for "Passphrase for the new secret keys:"
type_text "typed at the terminal"
keys Enter
wait_for "Type it again:"
type_text "typed at the terminal"
keys Enter
wait_for "[exit 0]" 120
refute_screen "typed at the terminal"
[ -s keys/signing.key ] && [ -s keys/results.key ] || fail "no keys"

restart_tmux "$es" keygen --out "$TESTDIR/keys2"
wait_for "Passphrase for the new secret keys:"
type_text "first version"
keys Enter
wait_for "Type it again:"
type_text "second version"
keys Enter
wait_for "[exit 2]"
expect_screen "the two passphrases differ"
[ ! -e keys2/signing.key ] || fail "a key was written after a mismatch"

make -s -C "$TOP" BUILD="$TESTDIR/b" demo >/dev/null
zip=$TESTDIR/b/demo-stick/examstick/packages/esecurity.zip
restart_tmux "$es" pack "$zip" --key "$TESTDIR/keys/signing.key" \
    --out "$TESTDIR/t.estp" --practice
wait_for "Passphrase for $TESTDIR/keys/signing.key:"
type_text "typed at the terminal"
keys Enter
wait_for "[exit 0]" 120
expect_screen "release code:"
refute_screen "typed at the terminal"

restart_tmux "$rl" prepare --stick "$TESTDIR/s" --centre 12345 \
    --body-key "$TESTDIR/keys/signing.pub" \
    --register "$TESTDIR/sticks.register"
wait_for "Invigilator PIN for this stick:"
type_text "975310"
keys Enter
wait_for "Type it again:"
type_text "975310"
keys Enter
wait_for "[exit 0]" 120
refute_screen "975310"
expect_screen "invigilator_pin_hash = \$argon2id\$v=19\$"
[ -s s/examstick/keys/stick.key ] || fail "no stick key"

# An examiner.conf written by hand, with the line that pin --hash prints.
restart_tmux "sh -c '$rl pin --hash >$TESTDIR/line'"
wait_for "Invigilator PIN:"
type_text "975310"
keys Enter
wait_for "Type it again:"
type_text "975310"
keys Enter
wait_for "[exit 0]" 60
refute_screen "975310"
grep -q '^invigilator_pin_hash = \$argon2id\$v=19\$' line ||
    fail "pin --hash wrote: $(cat line)"
{
	echo "[examiner]"
	echo "centre_id = 12345"
	cat line
} >s/examstick/examiner.conf

restart_tmux "$rl" pin --stick "$TESTDIR/s"
wait_for "Old invigilator PIN:"
type_text "975310"
keys Enter
wait_for "New invigilator PIN:"
type_text "864200"
keys Enter
wait_for "Type it again:"
type_text "864200"
keys Enter
wait_for "[exit 0]" 120
expect_screen "the invigilator PIN is changed"
refute_screen "975310"
refute_screen "864200"
cmp -s line s/examstick/examiner.conf && fail "examiner.conf did not change"
grep -q '^invigilator_pin_hash = \$argon2id\$v=19\$' s/examstick/examiner.conf ||
    fail "no hash line after pin: $(cat s/examstick/examiner.conf)"
exit 0
