# The four benchmark sections of tests/bench/run, which sources this file
# after setting TOP, BUILD, WORK, RUNS, NRESULTS, CANDIDATE and DOB and
# defining say, die, median, maximum, row, ratio and package.

# screen_helpers: load the tmux helpers of the screen and crash tests.
screen_helpers() {
	[ -n "${TMUX_CMD:-}" ] && return
	. "$TOP/tests/lib.sh"
	. "$TOP/tests/crash/lib-crash.sh"
	PIN=$DEMO_PIN
}

# have_examiner SECTION: true when the Examiner and its screen helpers
# are there; otherwise say that SECTION is skipped.
have_examiner() {
	if [ -x "$BUILD/bin/examiner" ] && [ -f "$TOP/tests/lib.sh" ] &&
	    [ -d "$BUILD/demo-stick" ]; then
		return 0
	fi
	say "($1) skipped: needs $BUILD/bin/examiner, tests/lib.sh and" \
	    "$BUILD/demo-stick (make demo)"
	return 1
}

# sticks: WORK/stick-20, the demonstration stick, and WORK/stick-200,
# the same with the 200-item package in place of the demonstration one.
sticks() {
	[ -d "$WORK/stick-200" ] && return
	package
	cp -R "$BUILD/demo-stick" "$WORK/stick-20"
	cp -R "$BUILD/demo-stick" "$WORK/stick-200"
	cp "$WORK/pkg200/package.zip" \
	    "$WORK/stick-200/examstick/packages/esecurity.zip"
	sed -i 's/^title = .*/title = Benchmark test of 200 items/' \
	    "$WORK/stick-200/examstick/examiner.conf"
}

# pane_run COMMAND: run COMMAND in the 80x24 tmux window.
pane_run() {
	if [ -z "${TMUX_STARTED:-}" ]; then
		start_tmux "$1"
	else
		respawn "$1"
	fi
}

# fresh_stick STICK: a copy of STICK in WORK/s, with no attempts.
fresh_stick() {
	rm -rf "$WORK/s"
	cp -R "$1" "$WORK/s"
}

# to_login: from the stick status screen to the login screen.
to_login() {
	wait_for "The stick is ready."
	keys Enter
	wait_for "candidate login"
}

# to_confirm: from the login screen to the confirmation screen.
to_confirm() {
	type_text "$CANDIDATE"
	keys Enter
	type_text "$DOB"
	keys Enter
	wait_for "Check that these are your details."
}

# leave: leave the Examiner with the invigilator PIN.
leave() {
	leave_examiner "$PIN"
}

# trace_phases TRACE K1 K2: print four numbers from an strace -ttt
# trace.  They are the ms from the start (execve) to the first wait for
# a key, from the first key read after wall time K1 to the next wait,
# the same after K2, and the fsyncs in that last phase.  A wait is a poll
# on fd 0 with a time-out other than 0.
trace_phases() {
	awk -v k1="$2" -v k2="$3" '
	{
		t = ($1 ~ /^[0-9]+$/ && $2 ~ /\./) ? $2 : $1
		t += 0
		wait = /poll\(\[\{fd=0, / && !/\], 1, 0\) = /
		key = /read\(0, /
	}
	!t0 && /execve\(/ { t0 = t; next }
	t0 && !w0 && wait { w0 = t }
	!r1 && key && t > k1 { r1 = t; next }
	r1 && !w1 && wait { w1 = t }
	!r2 && key && t > k2 { r2 = t; next }
	r2 && !w2 && wait { w2 = t }
	r2 && !w2 && /fsync\(/ { syncs++ }
	END {
		if (!w0 || !w1 || !w2)
			exit 1
		printf "%.2f %.2f %.2f %d\n", (w0 - t0) * 1000,
		    (w1 - r1) * 1000, (w2 - r2) * 1000, syncs
	}' "$1" || die "$1: no start, login or open phase found"
}

# start_phases STICK: one run of the three phases on a copy of STICK.
start_phases() {
	fresh_stick "$1"
	pane_run "strace -f --seccomp-bpf -ttt \
	    -e trace=execve,read,poll,fsync,fdatasync \
	    -o $WORK/trace $EXAMINER --stick $WORK/s"
	wait_for "The stick is ready."
	k1=$(date +%s.%6N)
	to_login
	to_confirm
	k2=$(date +%s.%6N)
	keys Enter
	wait_for "The clock starts when you press Enter."
	leave
	trace_phases "$WORK/trace" "$k1" "$k2"
}

# peak_rss STICK login|open: the peak resident memory in KB of a run
# that goes to the login screen, or on to the opened test, then leaves.
peak_rss() {
	fresh_stick "$1"
	rm -f "$WORK/rss"
	pane_run "/usr/bin/time -f %M -o $WORK/rss $EXAMINER --stick $WORK/s"
	to_login
	if [ "$2" = open ]; then
		to_confirm
		keys Enter
		wait_for "The clock starts when you press Enter."
	fi
	leave
	tail -n 1 "$WORK/rss"
}

# column FILE N: the Nth number of each line of FILE, one a line.
column() {
	awk -v n="$2" '{ print $n }' "$1"
}

# met VALUE LIMIT: "met" when VALUE is under LIMIT.
met() {
	awk -v v="$1" -v l="$2" 'BEGIN { print (v < l) ? "met" : "not met" }'
}

# met_equal VALUE WANT: "met" when VALUE equals WANT.
met_equal() {
	[ "$1" = "$2" ] && echo met || echo "not met"
}

bench_start() {
	have_examiner a || return 0
	screen_helpers
	sticks
	say "(a) Examiner start: $RUNS runs per stick, phases timed by" \
	    "strace --seccomp-bpf -ttt"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		for n in 20 200; do
			start_phases "$WORK/stick-$n" >>"$WORK/a-$n"
		done
		i=$((i + 1))
	done
	for n in 20 200; do
		for p in 1 2 3 4; do
			column "$WORK/a-$n" "$p" >"$WORK/a-$n-$p"
		done
		awk '{ print $1 + $2 }' "$WORK/a-$n" >"$WORK/a-$n-login"
		for r in 1 2 3; do
			peak_rss "$WORK/stick-$n" login >>"$WORK/rss-$n-login"
			peak_rss "$WORK/stick-$n" open >>"$WORK/rss-$n-open"
		done
	done
	cleanup_tmux
	start_rows
}

# start_rows: the summary rows of (a): 200 items against 20.
start_rows() {
	for p in 1 2 login 3; do
		eval "a$p=\$(median \"\$WORK/a-200-$p\")"
		eval "b$p=\$(median \"\$WORK/a-20-$p\")"
	done
	row "a: start to stick status screen, ms" "$a1" "$b1" \
	    "$(ratio "$a1" "$b1")" "200 against 20 items, median"
	row "a: Enter to login screen, ms" "$a2" "$b2" "$(ratio "$a2" "$b2")"
	row "a: start to login screen, ms" "$alogin" "$blogin" \
	    "$(ratio "$alogin" "$blogin")" "< 50: $(met "$alogin" 50)"
	row "a: confirm to instructions (test opened), ms" "$a3" "$b3" \
	    "$(ratio "$a3" "$b3")" "no target; includes the fsyncs below"
	a4=$(median "$WORK/a-200-4")
	b4=$(median "$WORK/a-20-4")
	row "a: fsyncs while the test is opened" "$a4" "$b4" \
	    "$(ratio "$a4" "$b4")" "journal records of a new attempt"
	for w in login open; do
		m200=$(awk '{ printf "%.1f\n", $1 / 1024 }' \
		    "$WORK/rss-200-$w" | sort -n | tail -n 1)
		m20=$(awk '{ printf "%.1f\n", $1 / 1024 }' \
		    "$WORK/rss-20-$w" | sort -n | tail -n 1)
		limit=
		[ "$w" = login ] && limit="< 10: $(met "$m200" 10)"
		row "a: peak resident memory to $w, MiB" "$m200" "$m20" \
		    "$(ratio "$m200" "$m20")" "$limit"
	done
}

# csv_median CSV N: the median time in ms of the Nth command of a
# hyperfine CSV export.
csv_median() {
	awk -F, -v n="$2" 'NR == n + 1 { printf "%.2f", $4 * 1000 }' "$1"
}

bench_open() {
	package
	pkg=$WORK/pkg200/package
	files="$pkg/imsmanifest.xml $pkg/test.xml $(ls "$pkg"/items/*.xml |
	    tr '\n' ' ')"
	say "(b) package open: hyperfine, $RUNS runs each"
	hyperfine -N --warmup 3 --runs "$RUNS" --export-csv "$WORK/b.csv" \
	    "$BUILD/bin/examstick check $pkg.zip" "xmllint --noout $files" \
	    >"$WORK/b.out" || die "hyperfine failed: see $WORK/b.out"
	check=$(csv_median "$WORK/b.csv" 1)
	lint=$(csv_median "$WORK/b.csv" 2)
	/usr/bin/time -f %M -o "$WORK/b.rss1" \
	    "$BUILD/bin/examstick" check "$pkg.zip" >/dev/null
	/usr/bin/time -f %M -o "$WORK/b.rss2" xmllint --noout $files
	r=$(ratio "$check" "$lint")
	row "b: examstick check against xmllint, ms" "$check" "$lint" "$r" \
	    "< 2x: $(met "$r" 2)"
	row "b: peak resident memory, MiB" \
	    "$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/b.rss1")" \
	    "$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/b.rss2")" \
	    "$(ratio "$(cat "$WORK/b.rss1")" "$(cat "$WORK/b.rss2")")"
}

# goto_item N: show item N of 200 with F8.
goto_item() {
	now=$(screen | shown_item)
	while [ "$now" -lt "$1" ]; do
		keys F8
		now=$((now + 1))
	done
	wait_for "Item $1 of 200 "
}

# answer_item N: change item N's answer four times, waiting each time
# for the screen to show it: A, B, C, D on a single choice item and
# A, B, A, B (each a tick or an untick) on a multiple choice one.
answer_item() {
	item=$1
	goto_item "$item"
	# the header can be on screen before the rows: wait for row A
	_end=$(($(date +%s) + WAIT_S))
	while ! screen | grep -q '^  A  \(( )\|\[ \]\) '; do
		[ "$(date +%s)" -lt "$_end" ] ||
		    fail "item $item: no unanswered row A"
		sleep 0.02
	done
	if screen | grep -q '^  A  ( ) '; then
		set -- A A B B C C D D
	else
		set -- A A B AB A B B ""
	fi
	while [ $# -gt 0 ]; do
		keys "$1"
		_end=$(($(date +%s) + WAIT_S))
		while [ "$(screen | marked_choices)" != "$2" ]; do
			[ "$(date +%s)" -lt "$_end" ] ||
			    fail "item $item: \"$2\" not shown after key $1"
			sleep 0.02
		done
		shift 2
	done
}

# save_stats TRACE: from an strace -ttt -T trace of a sitting, per key
# read that wrote an answer record: the answer records, the fsyncs, the
# screen writes before the first fsync, and the fsync and key-to-screen
# times.  Prints "ANSWERS FSYNCS EARLY" and writes the times in ms to
# WORK/c-fsync and WORK/c-screen.
save_stats() {
	awk -v fs="$WORK/c-fsync" -v sc="$WORK/c-screen" '
	function flush() {
		if (answers > 0) {
			total_answers += answers
			total_fsyncs += nf
			total_early += early
			for (i = 1; i <= nf; i++)
				print f[i] > fs
			if (last_write)
				print (last_write - key) * 1000 > sc
		}
		answers = nf = last_write = early = 0
	}
	{
		t = ($1 ~ /^[0-9]+$/ && $2 ~ /\./) ? $2 : $1
		d = $NF
		gsub(/[<>]/, "", d)
	}
	/read\(0, / { flush(); key = t + 0; next }
	/(pwrite64|write)\([0-9]+, "[0-9]+ [0-9]+ answer / { answers++ }
	/f(data)?sync\(/ { f[++nf] = d * 1000 }
	/ write\(1, / {
		last_write = t + d
		if (nf == 0)
			early++
	}
	END {
		flush()
		print total_answers + 0, total_fsyncs + 0, total_early + 0
	}' "$1"
}

# sit_for_saves: sit the 200-item test under strace, changing the
# answers of items 1, 5, 9 ... 97 four times each, into WORK/c.trace.
sit_for_saves() {
	fresh_stick "$WORK/stick-200"
	pane_run "strace -f -ttt -T -s 64 -o $WORK/c.trace \
	    -e trace=read,write,pwrite64,fsync,fdatasync \
	    $EXAMINER --stick $WORK/s"
	to_login
	to_confirm
	keys Enter
	wait_for "The clock starts when you press Enter."
	keys Enter
	wait_for "Item 1 of 200 "

	n=1
	while [ "$n" -le 100 ]; do
		answer_item "$n"
		n=$((n + 4))
	done
	leave
	cleanup_tmux
}

bench_save() {
	have_examiner c || return 0
	screen_helpers
	sticks
	say "(c) answer saves: strace -f -ttt -T of a sitting, 25 items" \
	    "answered 4 times each, journal in $WORK"
	sit_for_saves

	set -- $(save_stats "$WORK/c.trace")
	journal=$(ls "$WORK"/s/examstick/attempts/*.journal)
	records=$(awk '$3 == "answer"' "$journal" | wc -l)
	[ "$1" -eq "$records" ] ||
	    die "$1 answer writes traced, $records answer records"

	row "c: fsyncs per answer change" "$(ratio "$2" "$1")" 1 "" \
	    "1: $(met_equal "$2" "$1") ($2 fsyncs, $1 changes)"
	row "c: screen writes before the answer's fsync" "$3" 0 "" \
	    "0: $(met_equal "$3" 0)"
	row "c: fsync time, median ms" "$(median "$WORK/c-fsync")" "" "" \
	    "disk of $WORK"
	row "c: fsync time, max ms" "$(maximum "$WORK/c-fsync")" "" ""
	row "c: key read to screen written, median ms" \
	    "$(median "$WORK/c-screen")" "" "" "under strace"
	row "c: key read to screen written, max ms" \
	    "$(maximum "$WORK/c-screen")" "" ""
}

# verify_dir: a new folder for the result files of (d).
verify_dir() {
	if [ -d /dev/shm ] && [ -w /dev/shm ]; then
		mktemp -d /dev/shm/examstick-bench.XXXXXX
	else
		mkdir -p "$WORK/results"
		echo "$WORK/results"
	fi
}

bench_verify() {
	gen=$BUILD/bench/gen-results
	[ -x "$gen" ] && [ -x "$BUILD/bench/sig-rate" ] ||
	    die "no $gen or $BUILD/bench/sig-rate: run make bench"
	dir=$(verify_dir)
	trap 'rm -rf "$dir"' EXIT
	say "(d) reloader verify: $NRESULTS result files in $dir"
	/usr/bin/time -f %e -o "$WORK/d.gen" "$gen" "$dir" "$NRESULTS"
	res=$dir/examstick/results
	pub=$dir/examstick/keys/stick.pub
	hyperfine -N --warmup 1 --runs 5 --export-csv "$WORK/d.csv" \
	    "taskset -c 0 $BUILD/bin/reloader verify $res" \
	    >"$WORK/d.out" || die "hyperfine failed: see $WORK/d.out"
	say "(d) load average after the timed runs: $(cut -d ' ' -f 1-3 \
	    /proc/loadavg)"
	ls "$res"/*.result >"$WORK/d.list"
	/usr/bin/time -f %M -o "$WORK/d.rss" \
	    "$BUILD/bin/reloader" verify "$res" >/dev/null
	taskset -c 0 "$BUILD/bench/sig-rate" "$(head -n 1 "$WORK/d.list")" \
	    "$pub" >"$WORK/d.sig" || die "sig-rate failed"
	strace -f -c -o "$WORK/d.strace" \
	    "$BUILD/bin/reloader" verify "$res" >/dev/null
	[ "$(wc -l <"$WORK/d.list")" -eq "$NRESULTS" ] ||
	    die "$(wc -l <"$WORK/d.list") result files made, not $NRESULTS"
	/usr/bin/time -f '%e %U %S' -o "$WORK/d.minisign" taskset -c 0 \
	    xargs -n 1 minisign -Vq -p "$pub" -m <"$WORK/d.list" ||
	    die "minisign rejected a result file"
	verify_rows
	rm -rf "$dir"
}

# verify_rows: the summary rows of (d).  Besides wall time, each rate
# is also given per second of CPU time (user + system), which a busy
# machine changes less than it changes wall time.
verify_rows() {
	ms=$(csv_median "$WORK/d.csv" 1)
	cpu=$(awk -F, 'NR == 2 { print $5 + $6 }' "$WORK/d.csv")
	m=$(tail -n 1 "$WORK/d.minisign")
	rate=$(awk -v n="$NRESULTS" -v ms="$ms" 'BEGIN { printf "%d",
	    n / (ms / 1000) }')
	mrate=$(echo "$m" | awk -v n="$NRESULTS" '{ printf "%d", n / $1 }')
	crate=$(awk -v n="$NRESULTS" -v s="$cpu" 'BEGIN { printf "%d",
	    n / s }')
	mcrate=$(echo "$m" | awk -v n="$NRESULTS" \
	    '{ printf "%d", n / ($2 + $3) }')
	calls=$(awk '$NF == "total" { print $4 }' "$WORK/d.strace")
	row "d: reloader verify on one core, files/s" "$rate" "$mrate" \
	    "$(ratio "$rate" "$mrate")" \
	    "> 10000: $(met 10000 "$rate"), against minisign -V"
	row "d: reloader verify, files per CPU second" "$crate" "$mcrate" \
	    "$(ratio "$crate" "$mcrate")" "user + system time"
	row "d: reloader verify, ms for $NRESULTS files" "$ms" \
	    "$(echo "$m" | awk '{ printf "%.0f", $1 * 1000 }')" ""
	row "d: signature checks alone, a second" \
	    "$(awk '{ print $(NF - 6) }' "$WORK/d.sig")" "" "" \
	    "sig_verify in one process; files/s cannot exceed it"
	row "d: signature checks alone, a CPU second" \
	    "$(awk '{ print $(NF - 3) }' "$WORK/d.sig")" "" "" \
	    "files per CPU second cannot exceed it"
	row "d: system calls per file" \
	    "$(awk -v c="$calls" -v n="$NRESULTS" \
	    'BEGIN { printf "%.1f", c / n }')" "" "" "strace -c"
	row "d: peak resident memory, MiB" \
	    "$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/d.rss")" "" ""
	say "(d) $NRESULTS attempts written in $(tail -n 1 "$WORK/d.gen") s"
}
