# Sit the demonstration test while the Examiner is killed with SIGKILL at
# random moments, restarted and logged in again each time, then submit
# and check the result: it verifies, it contains every answer that the
# screen acknowledged before a kill, and its time used matches the
# running periods measured here.
#
#   CRASH_SEED=N   replay the kill moments and answers of a run
#   CRASH_KILLS=N  number of kills (default 50); twice as many answers
#
# The screen shows a changed answer only after the journal fsync, so an
# answer seen on screen before a kill must be in the result.  An answer
# whose keys were sent but which was not yet shown may be lost or kept;
# after the restart the test reads which, and goes on from there.
# tests/run: alone, because the Examiner must write a time record every
# second while the test measures the running periods.
set -u
. "$TOP/tests/lib.sh"
. "$TOP/tests/crash/lib-crash.sh"

[ -x "$EXAMINER" ] || skip "no Examiner in $BUILD/bin"
need tmux

SEED=${CRASH_SEED:-$(( ($(date +%s) * 1000 + $$) % 2147483648 ))}
KILLS=${CRASH_KILLS:-50}
STEPS=$((KILLS * 2))
CANDIDATE=1001
DOB=2008-03-14
WORDS="alpha bravo delta kilo lima oscar sierra tango"
echo "seed $SEED: replay with CRASH_SEED=$SEED tests/run crash/kill9"
rng_init "$SEED"

STICK=$TESTDIR/stick
CONF=$STICK/examstick/examiner.conf
demo_stick "$STICK"
# A time record every second, so a kill loses at most one second.
sed -i '/clock_save_seconds/d; s/^\[examiner\]$/&\nclock_save_seconds = 1/' \
    "$CONF"
CLOCK_S=$(sed -n 's/^clock_save_seconds *= *//p' "$CONF")
PIN=$DEMO_PIN
[ "$CLOCK_S" = 1 ] || fail "clock_save_seconds is not set in $CONF"

STEPLOG=$TESTDIR/steps		# "N STATE" of every answer kept, in order
: >"$STEPLOG"
SHOT=$TESTDIR/screen		# the screen just before a kill
PERIODS=$TESTDIR/periods	# "LO HI" ms that each running period lasted
: >"$PERIODS"
sum_lo=0 sum_hi=0 lo_start=0 hi_start=0 kills=0

# The items answered here, by number in the demonstration test, and how:
# single choice, up to two choices, any number of choices, text entry.
ITEMS="1 2 3 8 10 12 15 18 19 20"
NITEMS=10
kind_1=one kind_2=two kind_3=text kind_8=one kind_10=any kind_12=text
kind_15=one kind_18=two kind_19=text kind_20=one
for n in $ITEMS; do
	eval "state_$n="
done

# nth_word WORDS...: the (RNG + 1)th word.
nth_word() {
	shift "$RNG"
	echo "$1"
}

# start_clock SCREEN_TEXT: press Enter on the instructions screen and
# note when the clock started, at the latest and at the earliest.
start_clock() {
	wait_for "$1"
	hi_start=$(now_ms)
	keys Enter
	wait_for " Item "
	lo_start=$(now_ms)
}

# end_period: add the running period that ended between lo_end and hi_end.
end_period() {
	echo "$((lo_end - lo_start)) $((hi_end - hi_start))" >>"$PERIODS"
	sum_lo=$((sum_lo + lo_end - lo_start))
	sum_hi=$((sum_hi + hi_end - hi_start))
}

# start_examiner: start the Examiner, log in and start or resume.
start_examiner() {
	if [ "$kills" -eq 0 ]; then
		start_tmux "$EXAMINER --stick $STICK"
	else
		respawn "$EXAMINER --stick $STICK"
	fi
	login "$CANDIDATE" "$DOB"
	if [ "$kills" -eq 0 ]; then
		start_clock "The clock starts when you press Enter."
	else
		start_clock "Your test continues where it stopped."
	fi
}

# goto N: show item N with F8 and F7.
goto() {
	now=$(screen | shown_item)
	[ -n "$now" ] || fail "no item on the screen"
	while [ "$now" -lt "$1" ]; do
		keys F8
		now=$((now + 1))
	done
	while [ "$now" -gt "$1" ]; do
		keys F7
		now=$((now - 1))
	done
	wait_for "Item $1 of 20 "
}

# item_state N: what item N shows as answered in the screen text on
# standard input: chosen letters, or the saved text; "?" while typed
# text is not saved or item N is not shown.
item_state() {
	_shot=$(cat)
	if [ "$(printf '%s\n' "$_shot" | shown_item)" != "$1" ] ||
	    printf '%s\n' "$_shot" | typing_pending; then
		echo "?"
	elif eval "[ \$kind_$1 = text ]"; then
		printf '%s\n' "$_shot" | entry_text
	else
		printf '%s\n' "$_shot" | marked_choices
	fi
}

# plan_step: choose the next answer: STEP_ITEM, STEP_NEW (the state it
# leads to) and STEP_KEY (a letter, or the word to type).
plan_step() {
	rng_next "$NITEMS"
	STEP_ITEM=$(set -- $ITEMS; shift "$RNG"; echo "$1")
	eval "old=\$state_$STEP_ITEM kind=\$kind_$STEP_ITEM"
	rng_next 8
	if [ "$kind" = text ]; then
		STEP_KEY=$(nth_word $WORDS)
		if [ "$STEP_KEY" = "$old" ]; then
			RNG=$(((RNG + 1) % 8))
			STEP_KEY=$(nth_word $WORDS)
		fi
		STEP_NEW=$STEP_KEY
		return
	fi
	goto "$STEP_ITEM"
	# the header can be drawn before the rows: count until two agree
	_end=$(($(date +%s) + WAIT_S))
	rows=0 again=$(screen | choice_rows)
	while [ "$again" -eq 0 ] || [ "$again" -ne "$rows" ]; do
		[ "$(date +%s)" -lt "$_end" ] ||
		    fail "item $STEP_ITEM shows no choices"
		rows=$again
		sleep 0.05
		again=$(screen | choice_rows)
	done
	STEP_KEY=$(echo ABCDEFGHIJKLMNOPQRSTUVWXYZ | cut -c$((RNG % rows + 1)))
	case "$kind" in
	one)
		[ "$old" = "$STEP_KEY" ] && STEP_NEW= || STEP_NEW=$STEP_KEY ;;
	two)
		# a third choice would be refused: clear one instead
		case "$old" in ??) case "$old" in *"$STEP_KEY"*) ;;
			*) STEP_KEY=$(echo "$old" | cut -c1) ;; esac ;; esac
		STEP_NEW=$(toggle_letter "$old" "$STEP_KEY") ;;
	any)
		STEP_NEW=$(toggle_letter "$old" "$STEP_KEY") ;;
	esac
}

# send_step: show the step's item and send its keys.
send_step() {
	goto "$STEP_ITEM"
	if [ "$kind" = text ]; then
		keys End
		i=0
		while [ "$i" -lt "${#old}" ]; do
			keys BSpace
			i=$((i + 1))
		done
		type_text "$STEP_KEY"
		keys Enter
	else
		keys "$STEP_KEY"
	fi
}

# keep_step: the step's answer is on the stick.
keep_step() {
	eval "state_$STEP_ITEM=\$STEP_NEW"
	echo "$STEP_ITEM $STEP_NEW" >>"$STEPLOG"
}

# wait_step: wait until the screen acknowledges the step's answer.
wait_step() {
	_end=$(($(date +%s) + WAIT_S))
	while [ "$(screen | item_state "$STEP_ITEM")" != "$STEP_NEW" ]; do
		[ "$(date +%s)" -ge "$_end" ] && fail "item $STEP_ITEM:" \
		    "answer \"$STEP_NEW\" not shown within ${WAIT_S}s"
		sleep 0.05
	done
	keep_step
}

# kill_step STEP: after a random delay under a second, note the screen,
# kill the Examiner, restart it and check what item STEP_ITEM kept.
kill_step() {
	rng_next 1000
	delay=$RNG
	pid=$(examiner_pid)
	[ -n "$pid" ] || fail "no Examiner process to kill"
	sleep "$(printf '0.%03d' "$delay")"
	lo_end=$(now_ms)
	screen >"$SHOT"
	kill -KILL "$pid"
	hi_end=$(now_ms)
	kills=$((kills + 1))
	end_period
	seen=$(item_state "$STEP_ITEM" <"$SHOT")
	wait_exit "$pid"

	start_examiner
	goto "$STEP_ITEM"
	kept=$(screen | item_state "$STEP_ITEM")
	if [ "$seen" = "$STEP_NEW" ]; then
		what="acknowledged"
		[ "$kept" = "$STEP_NEW" ] || fail "seed $SEED kill $kills:" \
		    "item $STEP_ITEM showed \"$STEP_NEW\" before the kill" \
		    "and \"$kept\" after it"
		keep_step
	elif [ "$kept" = "$STEP_NEW" ]; then
		what="not acknowledged, kept"
		keep_step
	else
		what="not acknowledged, lost"
		[ "$kept" = "$old" ] || fail "seed $SEED kill $kills:" \
		    "item $STEP_ITEM shows \"$kept\" after the kill, neither" \
		    "the old \"$old\" nor the new \"$STEP_NEW\""
	fi
	echo "kill $kills at step $1 after ${delay} ms: item $STEP_ITEM" \
	    "\"$old\" -> \"$STEP_NEW\": $what"
}

demo_start=$(date +%s)
start_examiner
step=1 left=$KILLS
while [ "$step" -le "$STEPS" ]; do
	plan_step
	send_step
	# kill at LEFT of the STEPS - STEP + 1 steps still to come
	rng_next $((STEPS - step + 1))
	if [ "$RNG" -lt "$left" ]; then
		kill_step "$step"
		left=$((left - 1))
	else
		wait_step
	fi
	step=$((step + 1))
done
[ "$kills" -eq "$KILLS" ] || fail "$kills kills made, $KILLS planned"

# submit, and leave with the PIN
lo_end=$(now_ms)
end_test
hi_end=$(now_ms)
end_period
keys Enter
wait_for "candidate login"
leave_examiner "$PIN"

RESULT=$STICK/examstick/results/$CANDIDATE-esecurity-1.result
[ -f "$RESULT" ] || fail "no result file $RESULT"
"$BUILD/bin/reloader" verify "$RESULT" ||
    fail "reloader verify rejected $RESULT"
[ "$(result_value end-reason "$RESULT")" = submitted ] ||
    fail "end reason is not submitted"
JOURNAL=$STICK/examstick/$(result_value journal "$RESULT")
[ -f "$JOURNAL" ] || fail "no journal $JOURNAL"

# ids STATE N: set IDS to the choice identifiers of letters STATE on
# item N, or to the text, sorted and separated by spaces.
ids() {
	ID=$(journal_item "$JOURNAL" "$2")
	[ -n "$ID" ] || fail "item $2 is not in $JOURNAL"
	if eval "[ \$kind_$2 = text ]"; then
		IDS=$1
		return
	fi
	IDS=$(printf '%s\n' "$1" | fold -w 1 | while read -r l; do
		[ -n "$l" ] || continue
		journal_choice "$JOURNAL" "$ID" \
		    $(($(printf '%d' "'$l") - 65))
	done | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$(echo $IDS | wc -w)" -eq "${#1}" ] ||
	    fail "no choice order in $JOURNAL for letters $1 of $ID"
}

# every answer kept, in order, among the journal's answer records
while read -r n st; do
	ids "$st" "$n"
	echo "$ID $IDS" | sed 's/ $//'
done <"$STEPLOG" >"$TESTDIR/want-answers"
journal_answers "$JOURNAL" >"$TESTDIR/journal-answers"
awk 'NR == FNR { want[++n] = $0; next }
    i < n && $0 == want[i + 1] { i++ }
    END { if (i < n) { print "missing from the journal, in order: " \
	want[i + 1]; exit 1 } }' \
    "$TESTDIR/want-answers" "$TESTDIR/journal-answers" ||
    fail "an answer kept on screen is not in the journal"

# the result contains the last state of every item answered
for n in $ITEMS; do
	eval "st=\$state_$n"
	[ -n "$st" ] || continue
	ids "$st" "$n"
	echo "$ID $IDS"
done >"$TESTDIR/want-result"
sort -o "$TESTDIR/want-result" "$TESTDIR/want-result"
result_responses "$RESULT" | sort >"$TESTDIR/got-result"
diff "$TESTDIR/want-result" "$TESTDIR/got-result" >&2 ||
    fail "the result's responses differ from the answers shown"

# time used: what ran, less at most one clock record interval per kill
used_ms=$(($(result_value time-used "$RESULT") * 1000))
floor_ms=$(( (sum_lo - kills * CLOCK_S * 1000) / 1000 * 1000 ))
echo "time used ${used_ms} ms; measured running time ${sum_lo} to" \
    "${sum_hi} ms over $((kills + 1)) periods"
[ "$used_ms" -ge "$floor_ms" ] ||
    fail "time used ${used_ms} ms is under ${floor_ms} ms: more than" \
    "${CLOCK_S} s lost per kill"
[ "$used_ms" -le $((sum_hi + 2000)) ] ||
    fail "time used ${used_ms} ms is over the ${sum_hi} ms that ran" \
    "plus 2 s"

# Each period: the time recorded from its login record to its last record
# never exceeds what ran, and falls short of it by at most the time since
# the last record.  The Examiner writes a time record at most one
# clock_save interval after the one before (screen/clock_records.sh);
# the limits below allow two, for a machine slowed by other work.
lost_max=$((2 * CLOCK_S * 1000))
journal_periods "$JOURNAL" | paste -d ' ' "$PERIODS" - |
    awk -v lost_max="$lost_max" '{
	if (NF != 3) { print "period " NR ": no journal record"; bad = 1 }
	else if ($3 > $2 + 50) {
		print "period " NR ": " $3 " ms recorded, " $2 " ms ran"
		bad = 1
	} else if ($1 - $3 > lost_max) {
		print "period " NR ": " $3 " ms recorded, at least " $1 \
		    " ms ran"
		bad = 1
	}
	if ($1 - $3 > worst) worst = $1 - $3
    }
    END { print "most time lost at a kill: " worst + 0 " ms"; exit bad }' ||
    fail "the time recorded in a running period is wrong"
set -- $(journal_max_gap "$JOURNAL")
echo "longest running time between two journal records: $1 ms" \
    "(record $2)"
[ "$1" -le $((lost_max + 500)) ] ||
    fail "record $2 came $1 ms of running time after the one before"
echo "$kills kills, $(wc -l <"$STEPLOG") answers kept," \
    "$(($(date +%s) - demo_start)) s"
