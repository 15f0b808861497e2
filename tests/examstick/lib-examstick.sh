# Shell helpers for the tests that run examstick and reloader commands:
# running a command and checking its exit status and output, and writing
# the QTI items and result files that the marking tests mark.  Source it
# from a test:
#   . "$TOP/tests/examstick/lib-examstick.sh"
# The helpers write out, err and results/ in the current folder.

# The QTI 2.1 namespace and the base URI of its response processing
# templates.
ns=http://www.imsglobal.org/xsd/imsqti_v2p1
rpt=http://www.imsglobal.org/question/qti_v2p1/rptemplates

# fail MESSAGE: print it after the test's file name, and fail the test.
fail() {
	echo "${0##*/}: $*"
	exit 1
}

# expect STATUS COMMAND...: run it with stdout in out and stderr in err,
# and fail unless it exits with STATUS.  It runs with no controlling
# terminal and stdin from /dev/null, so it cannot prompt at a terminal.
expect() {
	want=$1
	shift
	set +e
	setsid -w "$@" >out 2>err </dev/null
	got=$?
	set -e
	[ "$got" -eq "$want" ] ||
	    fail "'$*' exited $got, expected $want; stderr: $(cat err)"
}

# has LINE: fail unless LINE is a whole line of out.
has() {
	grep -qxF -- "$1" out || fail "no line '$1' in: $(cat out)"
}

# choice_item FILE ID CORRECT [TITLE]: a single-choice item with the
# choices A and B, worth 1 when the response is CORRECT.  Its title is ID
# unless TITLE is given.
choice_item() {
	cat >"$1" <<XML
<assessmentItem xmlns="$ns" identifier="$2" title="${4:-$2}" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single"
      baseType="identifier"><correctResponse><value>$3</value>
  </correctResponse></responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single"
      baseType="float"/>
  <itemBody><choiceInteraction responseIdentifier="RESPONSE"
      maxChoices="1"><simpleChoice identifier="A">a</simpleChoice>
    <simpleChoice identifier="B">b</simpleChoice></choiceInteraction>
  </itemBody>
  <responseProcessing template="$rpt/match_correct"/>
</assessmentItem>
XML
}

# result_write ID RESPONSE-LINE...: results/ID.result, an unsigned result
# file as docs/formats.md describes it, which the marking commands read
# without checking a signature.  Each RESPONSE-LINE is "ITEM VARIABLE
# VALUE...".  The other fields come from the variables r_centre,
# r_candidate, r_name, r_test, r_title, r_attempt, r_start, r_end, and
# r_used and r_allowed (time-used and time-allowed, in seconds).
result_write() {
	id=$1
	shift
	{
		echo "examstick result 1"
		echo "id: $id"
		echo "centre: $r_centre"
		echo "stick: 0123456789ABCDEF"
		echo "candidate: $r_candidate"
		echo "name: $r_name"
		echo "test: $r_test"
		echo "title: $r_title"
		echo "attempt: $r_attempt"
		echo "start: $r_start"
		echo "end: $r_end"
		echo "time-used: $r_used"
		echo "time-allowed: $r_allowed"
		echo "end-reason: submitted"
		echo "machine: m"
		echo "journal: attempts/$id.journal"
		echo "journal-records: 3"
		echo "journal-head: $(printf '%064d' 0)"
		for line in "$@"; do
			echo "response: $line"
		done
	} >"results/$id.result"
}
