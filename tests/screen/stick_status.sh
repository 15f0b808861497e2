# The stick status screen names the signing key by its path under the
# stick's root, so that a stick mounted deep in the file tree still shows
# the key's whole name at 80x24.
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/a-long-folder-name-for-the-mount-point/of-the-stick
mkdir -p "$(dirname "$STICK")"
demo_stick "$STICK"
start_tmux "$EXAMINER --stick $STICK"

wait_for "The stick is ready."
expect_screen "Signing key: present (examstick/keys/demo-only-stick.key)"
expect_screen "Centre:      99999"
expect_screen "esecurity    e-Security practice test"
echo "the signing key is named under the stick's root"
