# Shell helpers for the crash tests: a seeded random number generator,
# a millisecond clock, readers for the item screen's answers, and readers
# for the journal and result files.  Source it after tests/lib.sh.
#
# Journal and result fields are percent-encoded (docs/formats.md).  The
# readers here do not decode them, so compare them only with identifiers
# and words made of letters and digits, which encode to themselves.

# rng_init SEED: start the generator at SEED (a number below 2^31).
rng_init() {
	RNG_STATE=$(($1 % 2147483648))
}

# rng_next N: set RNG to a number from 0 to N - 1.  A linear congruential
# generator (the constants of the C standard's example rand), so that a
# seed replays the same choices with any shell.
rng_next() {
	RNG_STATE=$(((RNG_STATE * 1103515245 + 12345) % 2147483648))
	RNG=$(((RNG_STATE / 65536) % $1))
}

# now_ms: milliseconds since the epoch.
now_ms() {
	date +%s%3N
}

# respawn COMMAND: run COMMAND anew in the window that start_tmux made,
# in the same way.  Faster than a new server, and no race with the old
# server's exit.
respawn() {
	$TMUX_CMD respawn-pane -k -t test \
	    "env TERM=${TEST_TERM:-tmux-256color} LANG=C.UTF-8 $*; \
	    s=\$?; stty sane 2>/dev/null; printf '\r\n[exit %d]\n' \"\$s\"; \
	    sleep 600" ||
	    fail "tmux could not start $1 again"
}

# wait_exit PID: wait until process PID has ended and been reaped.
wait_exit() {
	_end=$(($(date +%s) + WAIT_S))
	while kill -0 "$1" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_end" ] &&
		    fail "process $1 still runs after ${WAIT_S}s"
		sleep 0.02
	done
}

# shown_item: the item number in the header of the screen text on
# standard input; empty on other screens.
shown_item() {
	sed -n '1s/.* Item \([0-9]*\) of [0-9]*.*/\1/p'
}

# marked_choices: the letters of the chosen rows, "(*)" or "[x]", in the
# screen text on standard input, in screen order ("AC"; empty for none).
marked_choices() {
	sed -n 's/^  \([A-Z]\)  \((\*)\|\[x\]\) .*/\1/p' | tr -d '\n'
}

# choice_rows: how many choice rows the screen text on standard input has.
choice_rows() {
	grep -c '^  [A-Z]  \(( )\|(\*)\|\[ \]\|\[x\]\) '
}

# entry_text: the text in the first text entry marker, "[1: text]", of
# the screen text on standard input; empty for "[1: ____]".
entry_text() {
	sed -n 's/.*\[1: \([^]]*\)\].*/\1/p' | head -n 1 | sed 's/^____$//'
}

# typing_pending: true when the screen text on standard input says that
# typed text is not saved yet.
typing_pending() {
	grep -q 'Typing: saved when you pause'
}

# toggle_letter LETTERS LETTER: LETTERS with LETTER added or removed,
# sorted.
toggle_letter() {
	case "$1" in
	*"$2"*) printf '%s' "$1" | tr -d "$2" ;;
	*) printf '%s%s' "$1" "$2" | fold -w 1 | sort | tr -d '\n' ;;
	esac
}

# result_value KEY FILE: the value of the first "KEY: VALUE" line.
result_value() {
	sed -n "s/^$1: //p" "$2" | head -n 1
}

# journal_item JOURNAL N: the identifier of item N in test order.
journal_item() {
	awk -v n="$2" '$3 == "item" && ++i == n { print $4; exit }' "$1"
}

# journal_choice JOURNAL ITEM INDEX: the identifier of the choice shown
# at INDEX (0 for the first row) of ITEM's shuffled order.
journal_choice() {
	awk -v item="$2" -v i="$3" \
	    '$3 == "order" && $4 == item { print $(6 + i); exit }' "$1"
}

# journal_answers JOURNAL: one line per answer record, "ITEM VALUES"
# with the values sorted and separated by spaces.
journal_answers() {
	awk '$3 == "answer" {
		line = $4
		n = 0
		for (i = 6; i < NF; i++)
			v[++n] = $i
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		for (i = 1; i <= n; i++)
			line = line " " v[i]
		print line
	}' "$1"
}

# result_responses RESULT: one line per response line, "ITEM VALUES" with
# the values sorted and separated by spaces.
result_responses() {
	sed -n 's/^response: //p' "$1" | awk '{
		line = $1
		n = 0
		for (i = 3; i <= NF; i++)
			v[++n] = $i
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		for (i = 1; i <= n; i++)
			line = line " " v[i]
		print line
	}'
}

# journal_periods JOURNAL: the active time recorded in each running
# period, one line each in ms: from each login record to the last record
# before the next login record (or the end of the journal).
journal_periods() {
	awk '$3 == "login" {
		if (started)
			print last - from
		started = 1
		from = $2
	}
	{ last = $2 }
	END { if (started) print last - from }' "$1"
}

# journal_max_gap JOURNAL: the largest ELAPSED step in ms between two
# records of the same running period, as "MS SEQ" (SEQ of the later one).
journal_max_gap() {
	awk '$3 == "login" { prev = $2; next }
	{
		if ($2 - prev > max) { max = $2 - prev; at = $1 }
		prev = $2
	}
	END { print max + 0, at + 0 }' "$1"
}
