/*
 * Marking whole attempts: result files written by result_write and read
 * back, a package folder with an assessmentTest as the key, item scores,
 * totals and pass marks, and the results analysis worked out by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "trust_fixtures.h"
#include "trust_stick.h"
#include "bundle.h"
#include "mark.h"

#define NS	"http://www.imsglobal.org/xsd/imsqti_v2p1"
#define CP_NS	"http://www.imsglobal.org/xsd/imscp_v1p1"
#define SCORE	"<outcomeDeclaration identifier='SCORE'" \
		" cardinality='single' baseType='float'/>"

/* choice: B is correct, match_correct. */
static const char choice_xml[] = "<assessmentItem xmlns='" NS "'"
	" identifier='choice' title='Choice' adaptive='false'"
	" timeDependent='false'><responseDeclaration identifier='RESPONSE'"
	" cardinality='single' baseType='identifier'><correctResponse>"
	"<value>B</value></correctResponse></responseDeclaration>" SCORE
	"<itemBody><choiceInteraction responseIdentifier='RESPONSE'"
	" maxChoices='1'><simpleChoice identifier='A'>a</simpleChoice>"
	"<simpleChoice identifier='B'>b</simpleChoice></choiceInteraction>"
	"</itemBody><responseProcessing template='http://www.imsglobal.org/"
	"question/qti_v2p1/rptemplates/match_correct'/></assessmentItem>";

/* assoc: pairs A B and C D are worth 1 each, others -0.5, at least 0. */
static const char assoc_xml[] = "<assessmentItem xmlns='" NS "'"
	" identifier='assoc' title='Pairs' adaptive='false'"
	" timeDependent='false'><responseDeclaration identifier='RESPONSE'"
	" cardinality='multiple' baseType='pair'><mapping defaultValue='-0.5'"
	" lowerBound='0'><mapEntry mapKey='A B' mappedValue='1'/>"
	"<mapEntry mapKey='C D' mappedValue='1'/></mapping>"
	"</responseDeclaration>" SCORE "<itemBody><associateInteraction"
	" responseIdentifier='RESPONSE' maxAssociations='2'>"
	"<simpleAssociableChoice identifier='A' matchMax='1'>a"
	"</simpleAssociableChoice><simpleAssociableChoice identifier='B'"
	" matchMax='1'>b</simpleAssociableChoice><simpleAssociableChoice"
	" identifier='C' matchMax='1'>c</simpleAssociableChoice>"
	"<simpleAssociableChoice identifier='D' matchMax='1'>d"
	"</simpleAssociableChoice></associateInteraction></itemBody>"
	"<responseProcessing template='http://www.imsglobal.org/question/"
	"qti_v2p1/rptemplates/map_response'/></assessmentItem>";

/* text: "50% = half" in any case is worth 1. */
static const char text_xml[] = "<assessmentItem xmlns='" NS "'"
	" identifier='text' title='Text' adaptive='false'"
	" timeDependent='false'><responseDeclaration identifier='RESPONSE'"
	" cardinality='single' baseType='string'><mapping defaultValue='0'>"
	"<mapEntry mapKey='50% = half' mappedValue='1' caseSensitive='false'/>"
	"</mapping></responseDeclaration>" SCORE "<itemBody><p>"
	"<textEntryInteraction responseIdentifier='RESPONSE'/></p></itemBody>"
	"<responseProcessing template='http://www.imsglobal.org/question/"
	"qti_v2p1/rptemplates/map_response'/></assessmentItem>";

/* The test names the items Q1, Q2 and Q3, not by their own ids. */
static const char test_xml[] = "<assessmentTest xmlns='" NS "'"
	" identifier='T1' title='Unit 1'><testPart identifier='P'"
	" navigationMode='linear' submissionMode='individual'>"
	"<assessmentSection identifier='S' title='S' visible='true'>"
	"<assessmentItemRef identifier='Q1' href='items/choice.xml'/>"
	"<assessmentItemRef identifier='Q2' href='items/assoc.xml'/>"
	"<assessmentItemRef identifier='Q3' href='items/text.xml'/>"
	"</assessmentSection></testPart></assessmentTest>";

static const char manifest_xml[] = "<manifest xmlns='" CP_NS "'"
	" identifier='M'><organizations/><resources>"
	"<resource identifier='T' type='imsqti_test_xmlv2p1' href='test.xml'>"
	"<file href='test.xml'/></resource>"
	"<resource identifier='I1' type='imsqti_item_xmlv2p1'"
	" href='items/choice.xml'><file href='items/choice.xml'/></resource>"
	"<resource identifier='I2' type='imsqti_item_xmlv2p1'"
	" href='items/assoc.xml'><file href='items/assoc.xml'/></resource>"
	"<resource identifier='I3' type='imsqti_item_xmlv2p1'"
	" href='items/text.xml'><file href='items/text.xml'/></resource>"
	"</resources></manifest>";

struct world {
	struct stick	 stick;
	char		*package;
	struct mark_key	*key;
};

static void
put(const char *dir, const char *name, const char *text)
{
	char *path = fixture_path(dir, name);

	fixture_write(path, text, strlen(text));
	free(path);
}

static int
setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	char err[ERR_LEN], *items;

	stick_make(&w->stick);
	w->package = fixture_path(w->stick.root, "package");
	assert_int_equal(mkdir(w->package, 0755), 0);
	items = fixture_path(w->package, "items");
	assert_int_equal(mkdir(items, 0755), 0);
	free(items);
	put(w->package, "imsmanifest.xml", manifest_xml);
	put(w->package, "test.xml", test_xml);
	put(w->package, "items/choice.xml", choice_xml);
	put(w->package, "items/assoc.xml", assoc_xml);
	put(w->package, "items/text.xml", text_xml);
	w->key = mark_key_open(w->package, err);
	if (w->key == NULL)
		fail_msg("mark_key_open: %s", err);
	*state = w;
	return (0);
}

static int
teardown(void **state)
{
	struct world *w = *state;

	mark_key_free(w->key);
	free(w->package);
	stick_free(&w->stick);
	free(w);
	return (0);
}

struct answer {
	const char	*item;
	size_t		 n;
	const char	*values[3];
};

/* Sit the test and write the signed result; returns the result file. */
static char *
sit(struct world *w, const char *candidate, int number,
    const struct answer *answers, size_t nanswers)
{
	static const char *items[] = { "Q1", "Q2", "Q3" };
	char id[64], rel[128], err[ERR_LEN], *jpath, *rpath, *results;
	struct attempt_info info = {
		.centre = "Centre 9", .candidate = candidate,
		.name = "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m", .test = "T1",
		.title = "Unit 1", .number = number, .allowed_ms = 3600000,
		.machine = "m", .items = items, .nitems = 3,
	};
	struct attempt *a;
	size_t i;

	snprintf(id, sizeof id, "%s-T1-%d", candidate, number);
	snprintf(rel, sizeof rel, "attempts/%s.journal", id);
	info.id = id;
	info.stick = w->stick.id;
	jpath = stick_path(&w->stick, rel);
	a = attempt_start(jpath, &info, err);
	if (a == NULL)
		fail_msg("attempt_start: %s", err);
	for (i = 0; i < nanswers; i++)
		assert_int_equal(attempt_answer(a, answers[i].item, "RESPONSE",
		    answers[i].n, answers[i].values, err), 0);
	assert_int_equal(attempt_end(a, "submitted", err), 0);
	results = stick_path(&w->stick, "results");
	if (result_write(results, rel, a, w->stick.sk, &rpath, err) == -1)
		fail_msg("result_write: %s", err);
	attempt_free(a);
	free(results);
	free(jpath);
	return (rpath);
}

static const struct answer best[] = {
	{ "Q1", 1, { "B" } },
	{ "Q2", 2, { "B A", "D C" } },
	{ "Q3", 1, { "50% = HALF" } },
};
static const struct answer weak[] = {
	{ "Q1", 1, { "A" } },
	{ "Q2", 2, { "A B", "A C" } },
};
static const struct answer middle[] = {
	{ "Q1", 1, { "B" } },
	{ "Q2", 1, { "A B" } },
	{ "Q3", 1, { "fifty" } },
};

static void
read_back(const char *path, struct mark_attempt *a)
{
	char err[ERR_LEN];

	if (mark_attempt_read(path, a, err) == -1)
		fail_msg("%s", err);
}

static void
test_result_read_back(void **state)
{
	struct world *w = *state;
	char *path = sit(w, "C1", 1, best, 3);
	struct mark_attempt a;

	read_back(path, &a);
	assert_string_equal(a.id, "C1-T1-1");
	assert_string_equal(a.centre, "Centre 9");
	assert_string_equal(a.candidate, "C1");
	assert_string_equal(a.name, "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m");
	assert_string_equal(a.test, "T1");
	assert_int_equal(a.number, 1);
	assert_int_equal(strlen(a.start), 20);
	assert_int_equal(a.nresponses, 3);
	/* the pair and the string keep their spaces, '%' and '=' */
	assert_string_equal(a.responses[1].item, "Q2");
	assert_int_equal(a.responses[1].nvalues, 2);
	assert_string_equal(a.responses[1].values[0], "B A");
	assert_string_equal(a.responses[2].values[0], "50% = HALF");
	mark_attempt_free(&a);
	free(path);
}

static void
test_key_from_test(void **state)
{
	struct world *w = *state;

	assert_string_equal(w->key->test, "T1");
	assert_int_equal(w->key->nitems, 3);
	/* keyed by assessmentItemRef, as the Examiner records items */
	assert_string_equal(w->key->items[0].identifier, "Q1");
	assert_string_equal(w->key->items[0].href, "items/choice.xml");
	assert_non_null(w->key->items[0].item);
	assert_string_equal(w->key->items[2].identifier, "Q3");
	assert_non_null(w->key->items[2].item);
}

static void
score_of(struct world *w, const char *candidate, int number,
    const struct answer *ans, size_t n, const struct mark_pass *pass,
    struct mark_score *s)
{
	char *path = sit(w, candidate, number, ans, n);
	struct mark_attempt a;

	read_back(path, &a);
	mark_score(w->key, &a, pass, s);
	mark_attempt_free(&a);
	free(path);
}

static void
test_attempt_scores(void **state)
{
	struct world *w = *state;
	struct mark_pass pass;
	struct mark_score s;
	char err[ERR_LEN];

	assert_int_equal(mark_pass_parse("60%", &pass, err), 0);
	/* 1 + (1 + 1) + 1 = 4 of 4: pass */
	score_of(w, "C1", 1, best, 3, &pass, &s);
	assert_int_equal(s.nitems, 3);
	assert_int_equal(s.items[1].status, MARK_SCORED);
	assert_true(s.items[1].score == 2);
	assert_true(s.items[1].max == 2);
	assert_true(s.total == 4);
	assert_true(s.max_total == 4);
	assert_true(s.complete);
	assert_int_equal(s.passed, 1);
	mark_score_free(&s);
	/* 0 + (1 - 0.5) + unanswered 0 = 0.5 of 4: fail */
	score_of(w, "C2", 1, weak, 2, &pass, &s);
	assert_true(s.items[1].score == 0.5);
	assert_true(s.total == 0.5);
	assert_int_equal(s.passed, 0);
	mark_score_free(&s);
	/* 1 + 1 + 0 = 2 of 4 is 50%: fail at 60%, pass at 50% and at 2 */
	score_of(w, "C3", 2, middle, 3, &pass, &s);
	assert_true(s.total == 2);
	assert_int_equal(s.passed, 0);
	assert_int_equal(mark_passes(&pass, s.total, s.max_total), 0);
	assert_int_equal(mark_pass_parse("50%", &pass, err), 0);
	assert_int_equal(mark_passes(&pass, s.total, s.max_total), 1);
	assert_int_equal(mark_pass_parse("2", &pass, err), 0);
	assert_int_equal(mark_passes(&pass, s.total, s.max_total), 1);
	mark_score_free(&s);
}

static void
test_unknown_item_incomplete(void **state)
{
	struct world *w = *state;
	const char *text = "examstick result 1\nid: X-T1-1\ncentre: c\n"
	    "candidate: X\ntest: T1\nattempt: 1\n"
	    "response: Q1 RESPONSE B\nresponse: Q9 RESPONSE A\n"
	    "response: Q9 OTHER A\n";
	struct mark_pass pass = { 1, 0, 1 };
	struct mark_attempt a;
	struct mark_score s;
	char err[ERR_LEN];

	assert_int_equal(mark_attempt_parse(text, strlen(text), "x.result",
	    &a, err), 0);
	mark_score(w->key, &a, &pass, &s);
	/* Q9 is reported once, and the attempt is not decided */
	assert_int_equal(s.problems.n, 1);
	assert_non_null(strstr(s.problems.lines[0], "'Q9'"));
	assert_false(s.complete);
	assert_int_equal(s.passed, -1);
	mark_score_free(&s);
	mark_attempt_free(&a);
}

static void
test_result_parse_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*reason;
	} cases[] = {
		{ "examstick result 2\nid: a\n", "the first line" },
		{ "examstick result 1\nid a\n", "line 2: not \"key: value\"" },
		{ "examstick result 1\nid: a\ncentre: c\ncandidate: x\n"
		    "test: t\n", "attempt is missing" },
		{ "examstick result 1\nid: a\ncentre: c\ncandidate: x\n"
		    "test: t\nattempt: 0\n", "invalid attempt number '0'" },
		{ "examstick result 1\nid: a%zz\n", "invalid percent" },
		{ "examstick result 1\nresponse: Q1\n", "line 2: invalid"
		    " response" },
		{ "examstick result 1\nid: a", "line 2" },
	};
	struct mark_attempt a;
	char err[ERR_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (mark_attempt_parse(cases[i].text, strlen(cases[i].text),
		    "x.result", &a, err) != -1)
			fail_msg("case %zu parsed", i);
		if (strstr(err, cases[i].reason) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    cases[i].reason);
	}
}

static void
test_pass_mark_parse(void **state)
{
	static const char *const bad[] = {
		"", "abc", "-1", "101%", "60 %", "60%%", "nan", "inf",
	};
	struct mark_pass p;
	char err[ERR_LEN];
	size_t i;

	(void)state;
	assert_int_equal(mark_pass_parse("60%", &p, err), 0);
	assert_true(p.percent && p.value == 60);
	assert_int_equal(mark_pass_parse("30.5", &p, err), 0);
	assert_true(!p.percent && p.value == 30.5);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (mark_pass_parse(bad[i], &p, err) != -1)
			fail_msg("'%s' parsed", bad[i]);
	/* 0.1 + 0.2 reaches a pass mark of 0.3 despite float rounding */
	assert_int_equal(mark_pass_parse("0.3", &p, err), 0);
	assert_int_equal(mark_passes(&p, 0.1 + 0.2, 1), 1);
}

static void
test_statistics(void **state)
{
	struct world *w = *state;
	struct mark_score s[3];
	struct mark_stats st;
	struct mark_pass pass;
	char err[ERR_LEN];
	size_t i;

	assert_int_equal(mark_pass_parse("60%", &pass, err), 0);
	score_of(w, "C1", 1, best, 3, &pass, &s[0]);
	score_of(w, "C2", 1, weak, 2, &pass, &s[1]);
	score_of(w, "C3", 2, middle, 3, &pass, &s[2]);
	assert_int_equal(mark_stats_compute(s, 3, &st), 0);
	/* totals 4, 0.5 and 2 of 4 */
	assert_int_equal(st.nattempts, 3);
	assert_int_equal(st.ndecided, 3);
	assert_int_equal(st.npassed, 1);
	assert_true(fabs(st.mean - 6.5 / 3) < 1e-9);
	/* deviations 11/6, -5/3, -1/6: squares sum to 37/6, / 2 */
	assert_true(fabs(st.sd - sqrt(37.0 / 12)) < 1e-9);
	assert_true(st.median == 2);
	assert_true(st.min == 0.5 && st.max == 4);
	/* 100% in 90-100, 12.5% in 10-19, 50% in 50-59 */
	assert_int_equal(st.bins[9], 1);
	assert_int_equal(st.bins[1], 1);
	assert_int_equal(st.bins[5], 1);
	/* 27% of 3 rounds to 1: C1 above, C2 below */
	assert_int_equal(st.group, 1);
	/* Q1 fractions 1, 0, 1: facility 2/3, D = 1 - 0 */
	assert_true(fabs(st.items[0].facility - 2.0 / 3) < 1e-9);
	assert_true(fabs(st.items[0].discrimination - 1) < 1e-9);
	/* Q1 against the rest 3, 0.5, 1: r = 1 / sqrt(2/3 * 3.5) */
	assert_true(st.items[0].has_r);
	assert_true(fabs(st.items[0].r - 1 / sqrt(7.0 / 3)) < 1e-9);
	/* Q2 fractions 1, 0.25, 0.5: facility 7/12, D = 1 - 0.25 */
	assert_true(fabs(st.items[1].facility - 7.0 / 12) < 1e-9);
	assert_true(fabs(st.items[1].discrimination - 0.75) < 1e-9);
	/* Q3 fractions 1, 0, 0 (unanswered scores 0): facility 1/3 */
	assert_int_equal(st.items[2].n, 3);
	assert_true(fabs(st.items[2].facility - 1.0 / 3) < 1e-9);
	mark_stats_free(&st);
	for (i = 0; i < 3; i++)
		mark_score_free(&s[i]);
}

static void
test_unscored_item(void **state)
{
	struct world *w = *state;
	const char *essay = "<assessmentItem xmlns='" NS "' identifier='E'"
	    " title='Essay' adaptive='false' timeDependent='false'>"
	    "<responseDeclaration identifier='RESPONSE' cardinality='single'"
	    " baseType='string'/>" SCORE "<itemBody><extendedTextInteraction"
	    " responseIdentifier='RESPONSE'/></itemBody></assessmentItem>";
	const char *text = "examstick result 1\nid: X-E-1\ncentre: c\n"
	    "candidate: X\ntest: E\nattempt: 1\n"
	    "response: E RESPONSE Some%20words\n";
	struct mark_pass pass = { 1, 0, 0 };
	struct mark_attempt a;
	struct mark_score s;
	struct mark_key *key;
	char err[ERR_LEN], *path = fixture_path(w->stick.root, "essay.xml");

	fixture_write(path, essay, strlen(essay));
	key = mark_key_open(path, err);
	if (key == NULL)
		fail_msg("%s", err);
	assert_int_equal(mark_attempt_parse(text, strlen(text), "x.result",
	    &a, err), 0);
	mark_score(key, &a, &pass, &s);
	/* no responseProcessing: left for a marker, pass not decided */
	assert_int_equal(s.items[0].status, MARK_UNSCORED);
	assert_non_null(strstr(s.items[0].reason, "mark by hand"));
	assert_false(s.complete);
	assert_int_equal(s.passed, -1);
	mark_score_free(&s);
	mark_attempt_free(&a);
	mark_key_free(key);
	free(path);
}

/* A bundle of the given results, signed by a new centre key. */
static char *
bundle_of(struct world *w, char **results, size_t n, int alter_first,
    struct sig_pubkey *centre)
{
	struct bundle_file *files = calloc(3 * n + 1, sizeof *files);
	struct bundle_manifest m;
	struct sig_seckey *sk;
	char err[ERR_LEN], *pub, *sec, *out, *rel[64], *data[64], *base;
	size_t i, k = 0, len;

	pub = fixture_path(w->stick.root, "centre.pub");
	sec = fixture_path(w->stick.root, "centre.key");
	if (access(pub, F_OK) != 0 &&
	    sig_keygen(pub, sec, NULL, NULL, err) == -1)
		fail_msg("%s", err);
	assert_int_equal(sig_pubkey_load(centre, pub, err), 0);
	sk = sig_seckey_load(sec, NULL, err);
	assert_non_null(sk);
	memset(&m, 0, sizeof m);
	m.centre = strdup("Centre 9");
	memcpy(m.stick, w->stick.id, 17);
	m.results = calloc(n, sizeof *m.results);
	m.nresults = n;
	for (i = 0; i < n; i++) {
		base = strrchr(results[i], '/') + 1;
		m.results[i].attempt = strndup(base, strlen(base) - 7);
		memcpy(m.results[i].stick, w->stick.id, 17);
		xasprintf(&rel[k], "results/%s", base);
		xasprintf(&rel[k + 1], "results/%s.minisig", base);
		xasprintf(&rel[k + 2], "attempts/%s.journal",
		    m.results[i].attempt);
		for (; k < 3 * i + 3; k++) {
			char *p = stick_path(&w->stick, rel[k]);

			data[k] = fixture_read(p, &len);
			if (alter_first && k == 0)
				data[k][len - 2] = 'X';
			files[k].path = rel[k];
			files[k].data = (unsigned char *)data[k];
			files[k].len = len;
			free(p);
		}
	}
	xasprintf(&rel[k], "keys/%s.pub", w->stick.id);
	free(pub);
	pub = stick_path(&w->stick, "keys/stick.pub");
	data[k] = fixture_read(pub, &len);
	files[k].path = rel[k];
	files[k].data = (unsigned char *)data[k];
	files[k].len = len;
	k++;
	out = fixture_path(w->stick.root, alter_first ? "bad.tar" : "b.tar");
	if (bundle_write(out, &m, files, k, sk, err) == -1)
		fail_msg("bundle_write: %s", err);
	for (i = 0; i < k; i++) {
		free(rel[i]);
		free(data[i]);
	}
	bundle_manifest_free(&m);
	sig_seckey_free(sk);
	free(files);
	free(pub);
	free(sec);
	return (out);
}

static void
free_attempts(struct mark_attempt *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mark_attempt_free(&v[i]);
	free(v);
}

static void
test_bundle_results(void **state)
{
	struct world *w = *state;
	char *results[2], *tar, err[ERR_LEN];
	struct problems failures = { 0 };
	struct sig_pubkey centre, wrong;
	struct mark_attempt *v;
	size_t n;

	results[0] = sit(w, "C1", 1, best, 3);
	results[1] = sit(w, "C2", 1, weak, 2);
	tar = bundle_of(w, results, 2, 0, &centre);
	assert_int_equal(mark_bundle_read(tar, &centre, &v, &n, &failures,
	    err), 0);
	/* both results verify with the stick's key and their journals */
	assert_int_equal(failures.n, 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].id, "C1-T1-1");
	assert_string_equal(v[1].responses[1].values[1], "A C");
	assert_non_null(strstr(v[0].path, "b.tar:results/C1-T1-1.result"));
	free_attempts(v, n);

	/* another centre's key: the whole bundle is rejected */
	memcpy(&wrong, &centre, sizeof wrong);
	wrong.keyid[0] ^= 1;
	assert_int_equal(mark_bundle_read(tar, &wrong, &v, &n, &failures,
	    err), -1);
	assert_non_null(strstr(err, "b.tar"));
	assert_int_equal(n, 0);
	free(tar);

	/* a result changed before the bundle was signed: the bundle
	 * verifies, the result does not, and it is left out */
	tar = bundle_of(w, results, 2, 1, &centre);
	assert_int_equal(mark_bundle_read(tar, &centre, &v, &n, &failures,
	    err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, "C2-T1-1");
	assert_int_equal(failures.n, 1);
	assert_non_null(strstr(failures.lines[0], "C1-T1-1.result"));
	free_attempts(v, n);
	problems_free(&failures);
	free(tar);
	free(results[0]);
	free(results[1]);
}

/* examstick mark takes a bundle named without --bundle. */
static void
test_bundle_argument(void **state)
{
	struct world *w = *state;
	char *results[1], *tar, *pub, exe[4096], out[8192];
	const char *build = getenv("BUILD");
	struct sig_pubkey centre;
	int status;

	snprintf(exe, sizeof exe, "%s/bin/examstick",
	    build != NULL && *build != '\0' ? build : "build");
	if (access(exe, X_OK) != 0)
		fail_msg("%s is missing: run make first", exe);
	results[0] = sit(w, "C1", 1, best, 3);
	tar = bundle_of(w, results, 1, 0, &centre);
	pub = fixture_path(w->stick.root, "centre.pub");
	{
		char *argv[] = { exe, "mark", "--items", w->package,
		    "--centre-key", pub, tar, NULL };

		status = fixture_run(NULL, out, sizeof out, argv);
	}
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "attempt C1-T1-1: candidate C1"));
	free(pub);
	free(tar);
	free(results[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_result_read_back, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_key_from_test, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_attempt_scores, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_item_incomplete,
		    setup, teardown),
		cmocka_unit_test(test_result_parse_errors),
		cmocka_unit_test(test_pass_mark_parse),
		cmocka_unit_test_setup_teardown(test_statistics, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unscored_item, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bundle_results, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bundle_argument, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
