# Each candidate's screens use the colour scheme of their roster line,
# and a candidate whose line names none gets colour_scheme from
# examiner.conf.  The header of the instructions screen shows which:
# black on cyan (default), bold black on white (high contrast), or
# reverse video with no colour (monochrome).
set -u
. "$TOP/tests/lib.sh"

STICK=$TESTDIR/stick
demo_stick "$STICK"
CONF=$STICK/examstick/examiner.conf
start_tmux "$EXAMINER --stick $STICK"

# header CANDIDATE DOB: log in, print the instructions header with its
# escape sequences, and go back to the login.
header() {
	wait_for "candidate login"
	type_text "$1"
	keys Enter
	type_text "$2"
	keys Enter
	wait_for "Check that these are your details."
	keys Enter
	wait_for "Press Enter to start."
	$TMUX_CMD capture-pane -e -p -t test | head -n 1 | cat -v
	keys Escape
}

esc='^[['
wait_for "The stick is ready."
keys Enter
h=$(header 1001 2008-03-14)
case "$h" in *"${esc}30m${esc}46m"*) ;; *)
	fail "1001 (no scheme): header is not black on cyan: $h" ;;
esac
h=$(header 1003 2008-06-30)
case "$h" in *"${esc}1m${esc}30m${esc}47m"*) ;; *)
	fail "1003 (high-contrast): header is not bold black on white: $h" ;;
esac
h=$(header 1004 2007-09-21)
case "$h" in *"${esc}7m"*) ;; *)
	fail "1004 (monochrome): header is not in reverse video: $h" ;;
esac
case "$h" in *"${esc}3"[0-7]m* | *"${esc}4"[0-7]m*)
	fail "1004 (monochrome): header has a colour: $h" ;;
esac
leave_examiner

# The configuration's scheme for candidates whose line names none.
sed -i 's/^;colour_scheme = default$/colour_scheme = monochrome/' "$CONF"
grep -q '^colour_scheme = monochrome$' "$CONF" ||
    fail "could not set colour_scheme in $CONF"
restart_tmux "$EXAMINER --stick $STICK"
wait_for "The stick is ready."
keys Enter
h=$(header 1001 2008-03-14)
case "$h" in *"${esc}7m"*) ;; *)
	fail "1001 with colour_scheme = monochrome: no reverse video: $h" ;;
esac
h=$(header 1003 2008-06-30)
case "$h" in *"${esc}1m${esc}30m${esc}47m"*) ;; *)
	fail "1003: the roster's high-contrast lost to the configuration: $h" ;;
esac
echo "colour schemes follow the roster, then examiner.conf"
