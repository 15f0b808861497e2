# Shell helpers for the screen tests: a private tmux server at 80x24,
# keys in, screen text out, and waits that poll the screen instead of
# sleeping.  Source it from a test:  . "$TOP/tests/lib.sh"
#
# TOP, BUILD and TESTDIR come from tests/run.

: "${TOP:?TOP is not set: run the test through tests/run}"
: "${BUILD:=$TOP/build}"
: "${TESTDIR:=$(mktemp -d)}"

# Seconds that wait_for allows before it fails; generous, because the
# machine may be busy with other builds.
WAIT_S=${WAIT_S:-30}

# The demonstration stick's invigilator PIN; the stick has only its hash.
DEMO_PIN=$(cat "$TOP/config/demo-pin")

TMUX_SOCKET=examstick-test-$$
TMUX_CMD="tmux -L $TMUX_SOCKET -f /dev/null"
EXAMINER=$BUILD/bin/examiner

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${TMUX_STARTED:-}" ]; then
		echo "--- screen ---" >&2
		screen >&2
		echo "--------------" >&2
	fi
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 ||
		    skip "$tool is not installed"
	done
}

cleanup_tmux() {
	[ -n "${TMUX_STARTED:-}" ] && $TMUX_CMD kill-server 2>/dev/null
	TMUX_STARTED=
}

# cleanup_all: end the tmux server and the stickbed testbed.
cleanup_all() {
	cleanup_tmux
	bed_stop
}

# start_tmux COMMAND: run COMMAND in a detached 80x24 window.  TERM in
# the window is TEST_TERM (tmux-256color unless set).
# A killed program leaves the terminal in its raw mode, where a line
# feed keeps the column.  The exit line therefore resets the terminal and
# starts at the left edge, because "[exit 137]" could otherwise wrap.
start_tmux() {
	need tmux
	trap cleanup_all EXIT INT TERM
	$TMUX_CMD new-session -d -x "${TEST_COLS:-80}" -y "${TEST_LINES:-24}" \
	    -s test "env TERM=${TEST_TERM:-tmux-256color} LANG=C.UTF-8 $*; \
	    s=\$?; stty sane 2>/dev/null; printf '\r\n[exit %d]\n' \"\$s\"; \
	    sleep 600" ||
	    fail "tmux did not start"
	$TMUX_CMD set-option -t test remain-on-exit on >/dev/null
	TMUX_STARTED=1
}

# screen: print the window's text.
screen() {
	$TMUX_CMD capture-pane -p -t test
}

# keys KEY...: send tmux key names (Enter, F2, Up, C-c) or literal text.
keys() {
	$TMUX_CMD send-keys -t test "$@"
}

# type TEXT: send TEXT literally, character by character.
type_text() {
	$TMUX_CMD send-keys -t test -l "$1"
}

# settle [SHOT]: wait until two captures 50 ms apart show the same
# screen, the first being SHOT when given, and give up after 40 tries.
# One curses refresh reaches the terminal in many small writes (strace
# shows dozens of 2 to 300 bytes), so a capture taken during a change of
# screen can show new lines above old ones.
settle() {
	_prev=${1:-$(screen)}
	_n=0
	while [ $_n -lt 40 ]; do
		sleep 0.05
		_now=$(screen)
		[ "$_now" = "$_prev" ] && return 0
		_prev=$_now
		_n=$((_n + 1))
	done
}

# wait_for TEXT [SECONDS]: poll the screen until it contains TEXT, then
# let it settle.
wait_for() {
	_want=$1
	_limit=${2:-$WAIT_S}
	_end=$(($(date +%s) + _limit))
	while :; do
		_shot=$(screen)
		if printf '%s\n' "$_shot" | grep -F -q -- "$_want"; then
			settle "$_shot"
			return 0
		fi
		[ "$(date +%s)" -ge "$_end" ] &&
		    fail "\"$_want\" did not appear within ${_limit}s"
		sleep 0.1
	done
}

# wait_gone TEXT [SECONDS]: poll until the screen no longer shows TEXT.
wait_gone() {
	_want=$1
	_limit=${2:-$WAIT_S}
	_end=$(($(date +%s) + _limit))
	while screen | grep -F -q -- "$_want"; do
		[ "$(date +%s)" -ge "$_end" ] &&
		    fail "\"$_want\" was still shown after ${_limit}s"
		sleep 0.1
	done
}

# wait_until CONDITION WHAT [SECONDS]: poll until the shell command
# CONDITION succeeds, and fail naming WHAT when it has not.  It waits
# for states that are not screen text, such as a clock or a record.
wait_until() {
	_cond=$1
	_what=$2
	_limit=${3:-$WAIT_S}
	_end=$(($(date +%s) + _limit))
	until eval "$_cond"; do
		[ "$(date +%s)" -ge "$_end" ] &&
		    fail "timed out after ${_limit}s waiting for $_what"
		sleep 0.1
	done
}

# input_queued TTY: the number of bytes written to the terminal TTY that
# its program has not read yet (the FIONREAD ioctl, 0x541B on Linux).
input_queued() {
	perl -e 'use Fcntl;
	    sysopen(my $t, $ARGV[0], O_RDONLY | O_NOCTTY | O_NONBLOCK) or
		die "$ARGV[0]: $!\n";
	    my $n = pack("i", 0);
	    ioctl($t, 0x541B, $n) or die "$ARGV[0]: FIONREAD: $!\n";
	    print unpack("i", $n), "\n"' "$1"
}

# wait_keys_read: wait until the program in the window has read every
# key sent so far, for keys that leave the screen as it was.
wait_keys_read() {
	need perl
	_tty=$($TMUX_CMD display-message -p -t test '#{pane_tty}')
	[ -n "$_tty" ] || fail "tmux gave no terminal for the window"
	wait_until "[ \"\$(input_queued $_tty)\" = 0 ]" \
	    "the program to read the keys sent to $_tty"
}

# expect_screen TEXT: the screen shows TEXT now.
expect_screen() {
	screen | grep -F -q -- "$1" || fail "screen does not show \"$1\""
}

# expect_text TEXT: the screen shows TEXT now, maybe wrapped over lines.
# Spaces and line ends are left out on both sides before comparing.
expect_text() {
	_flat=$(printf '%s' "$1" | tr -d ' \n')
	screen | tr -d ' \n' | grep -F -q -- "$_flat" ||
	    fail "screen does not show \"$1\""
}

# refute_screen TEXT: the screen does not show TEXT now.
refute_screen() {
	screen | grep -F -q -- "$1" && fail "screen shows \"$1\""
	return 0
}

# screen_line PATTERN: the first screen line matching PATTERN.
screen_line() {
	screen | grep -E -m 1 -- "$1"
}

# demo_stick DEST: copy the demonstration stick that `make demo` builds.
demo_stick() {
	[ -f "$BUILD/demo-stick/examstick/examiner.conf" ] ||
	    skip "no demo stick in $BUILD/demo-stick: run make demo"
	rm -rf "$1"
	cp -R "$BUILD/demo-stick" "$1"
}

# time_left_s: the clock in the header as seconds ("12:34" or "1:02:03").
time_left_s() {
	screen | sed -n '1s/.*Time left \([0-9:]*\).*/\1/p' |
	    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i;
	    print s }'
}

# examiner_pid: the process id of the Examiner in the window, a child
# of the window's shell.
examiner_pid() {
	pgrep -P "$($TMUX_CMD display-message -p -t test '#{pane_pid}')" |
	    head -n 1
}

# cpu_ticks PID: user and system CPU time of PID, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# restart_tmux COMMAND: end the window's server and start COMMAND in a
# new one, on a new socket so that the old server's exit cannot race it.
restart_tmux() {
	cleanup_tmux
	TMUX_GEN=$((${TMUX_GEN:-0} + 1))
	TMUX_SOCKET=examstick-test-$$-$TMUX_GEN
	TMUX_CMD="tmux -L $TMUX_SOCKET -f /dev/null"
	start_tmux "$@"
}

# invig_menu [PIN]: open the invigilator menu with Ctrl-X and the PIN
# (the demonstration stick's DEMO_PIN unless given).
invig_menu() {
	keys C-x
	wait_for "Invigilator PIN:"
	type_text "${1:-$DEMO_PIN}"
	keys Enter
	wait_for "Invigilator menu"
}

# leave_examiner [PIN]: leave through the invigilator menu; exit 0.
leave_examiner() {
	invig_menu "$@"
	keys l
	wait_for "[exit 0]"
}

# end_test: from an item screen, end the test with F10 and Y, up to the
# screen that says it has ended.
end_test() {
	keys F10
	wait_for "End the test now?"
	keys y
	wait_for "Your test has ended."
}

# login CANDIDATE DOB: from the stick screen to the instructions.
login() {
	wait_for "The stick is ready."
	keys Enter
	login_fields "$@"
}

# login_fields CANDIDATE DOB: from the login screen on.
login_fields() {
	wait_for "candidate login"
	type_text "$1"
	keys Enter
	type_text "$2"
	keys Enter
	wait_for "Check that these are your details."
	keys Enter
}

# bed_start: start stickbed (tests/udev/stickbed.c), a umockdev testbed
# that plugs in and pulls out disks on command, and set BED_ROOT to its
# root.  Programs run in it with UMOCKDEV_DIR=$BED_ROOT under
# umockdev-wrapper.
bed_start() {
	need umockdev-wrapper
	[ -x "$BUILD/tests/stickbed" ] ||
	    skip "no $BUILD/tests/stickbed: run make tests"
	rm -f "$TESTDIR/bed.in"
	mkfifo "$TESTDIR/bed.in"
	# The testbed's own /sys paths resolve through the preload library,
	# which comes before ASan's runtime in a sanitizer build.
	ASAN_OPTIONS=$(bed_asan) umockdev-wrapper "$BUILD/tests/stickbed" \
	    <"$TESTDIR/bed.in" >"$TESTDIR/bed.out" 2>&1 &
	BED_PID=$!
	exec 3>"$TESTDIR/bed.in"
	trap cleanup_all EXIT INT TERM
	_end=$(($(date +%s) + WAIT_S))
	until grep -q '^root ' "$TESTDIR/bed.out" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_end" ] && fail "stickbed did not start"
		sleep 0.05
	done
	BED_ROOT=$(sed -n 's/^root //p' "$TESTDIR/bed.out")
}

# bed COMMAND...: send a command to stickbed and wait for its "ok".
bed() {
	_n=$(wc -l <"$TESTDIR/bed.out")
	echo "$*" >&3
	_end=$(($(date +%s) + WAIT_S))
	until [ "$(wc -l <"$TESTDIR/bed.out")" -gt "$_n" ]; do
		[ "$(date +%s)" -ge "$_end" ] &&
		    fail "stickbed: no answer to $*"
		sleep 0.05
	done
	tail -n 1 "$TESTDIR/bed.out" | grep -q '^ok$' ||
	    fail "stickbed: $*: $(tail -n 1 "$TESTDIR/bed.out")"
}

# bed_stop: end stickbed, which removes its testbed.
bed_stop() {
	[ -n "${BED_PID:-}" ] || return 0
	exec 3>&-
	wait "$BED_PID" 2>/dev/null
	BED_PID=
}

# bed_asan: ASAN_OPTIONS that let a preloaded library (umockdev's, or the
# fault shim) come before ASan's runtime in a sanitizer build.
bed_asan() {
	echo "${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
}

# in_bed COMMAND...: the command line that runs COMMAND in the testbed.
in_bed() {
	echo "env UMOCKDEV_DIR=$BED_ROOT ASAN_OPTIONS=$(bed_asan)" \
	    "umockdev-wrapper $*"
}

# other_stick DIR: turn the stick copy in DIR into another stick, with a
# public key of its own (its stick id differs from the demo stick's).
other_stick() {
	printf 'untrusted comment: another stick\n%s\n' "$(
	    { printf 'Ed\001\002\003\004\005\006\007\010';
	    head -c 32 /dev/zero; } | base64 -w 0)" \
	    >"$1/examstick/keys/demo-only-stick.pub"
}

# check_option_errors PROGRAM COMMAND...: fail unless each command of
# PROGRAM given the unknown option --zz exits 2, starts its message with
# "PROGRAM COMMAND: unrecognized option '--zz'" and prints its usage.
check_option_errors() {
	_prog=$1
	shift
	[ $# -gt 0 ] || fail "$_prog --help lists no commands"
	for _c in "$@"; do
		"$BUILD/bin/$_prog" "$_c" --zz >out 2>&1
		_rc=$?
		[ "$_rc" -eq 2 ] ||
		    fail "$_prog $_c --zz exited $_rc, expected 2"
		head -n 1 out |
		    grep -q "^$_prog $_c: unrecognized option '--zz'" ||
		    fail "$_prog $_c --zz printed: $(head -n 1 out)"
		grep -q "^usage: $_prog $_c" out ||
		    fail "$_prog $_c --zz printed no usage: $(cat out)"
	done
}
