/*
 * Fixtures for the sealed package, token and bundle tests: a small QTI
 * content package written here (two items with correct responses, feedback and
 * scorer rubrics, and a test with outcome processing) zipped in memory
 * with libarchive, and signing keys made in a fresh folder.  Include
 * after cmocka.h.
 */
#ifndef EXAMSTICK_SEAL_FIXTURES_H
#define EXAMSTICK_SEAL_FIXTURES_H

#include <archive.h>
#include <archive_entry.h>

#include "seal.h"
#include "sig.h"
#include "trust_fixtures.h"

#define FX_QTI	"http://www.imsglobal.org/xsd/imsqti_v2p1"

static const char fx_manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\""
    " identifier=\"fixture\">\n"
    "  <organizations/>\n"
    "  <resources>\n"
    "    <resource identifier=\"T\" type=\"imsqti_test_xmlv2p1\""
    " href=\"test.xml\">\n"
    "      <file href=\"test.xml\"/>\n"
    "      <dependency identifierref=\"R1\"/>\n"
    "      <dependency identifierref=\"R2\"/>\n"
    "    </resource>\n"
    "    <resource identifier=\"R1\" type=\"imsqti_item_xmlv2p1\""
    " href=\"items/q1.xml\">\n"
    "      <file href=\"items/q1.xml\"/>\n"
    "    </resource>\n"
    "    <resource identifier=\"R2\" type=\"imsqti_item_xmlv2p1\""
    " href=\"items/q2.xml\">\n"
    "      <file href=\"items/q2.xml\"/>\n"
    "    </resource>\n"
    "  </resources>\n"
    "</manifest>\n";

static const char fx_test[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<assessmentTest xmlns=\"" FX_QTI "\" identifier=\"fixture-test\""
    " title=\"Fixture test\">\n"
    "  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\""
    " baseType=\"float\" interpretation=\"sum of the item scores\"/>\n"
    "  <timeLimits maxTime=\"1800\"/>\n"
    "  <testPart identifier=\"P1\" navigationMode=\"nonlinear\""
    " submissionMode=\"simultaneous\">\n"
    "    <assessmentSection identifier=\"S1\" title=\"Section one\""
    " visible=\"true\">\n"
    "      <rubricBlock view=\"scorer\"><p>Accept Oslo only.</p>"
    "</rubricBlock>\n"
    "      <rubricBlock view=\"candidate proctor\"><p>Answer every"
    " question.</p></rubricBlock>\n"
    "      <assessmentItemRef identifier=\"q1\" href=\"items/q1.xml\"/>\n"
    "      <assessmentItemRef identifier=\"q2\" href=\"items/q2.xml\"/>\n"
    "    </assessmentSection>\n"
    "    <testFeedback access=\"atEnd\" showHide=\"show\""
    " outcomeIdentifier=\"SCORE\" identifier=\"done\" title=\"Done\">"
    "<p>The pass mark is 2.</p></testFeedback>\n"
    "  </testPart>\n"
    "  <outcomeProcessing>\n"
    "    <setOutcomeValue identifier=\"SCORE\"><sum><testVariables"
    " variableIdentifier=\"SCORE\"/></sum></setOutcomeValue>\n"
    "  </outcomeProcessing>\n"
    "</assessmentTest>\n";

static const char fx_q1[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<assessmentItem xmlns=\"" FX_QTI "\" identifier=\"q1\""
    " title=\"Capital\" adaptive=\"false\" timeDependent=\"false\">\n"
    "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\""
    " baseType=\"identifier\">\n"
    "    <correctResponse><value>B</value></correctResponse>\n"
    "    <mapping defaultValue=\"0\"><mapEntry mapKey=\"B\""
    " mappedValue=\"1\"/></mapping>\n"
    "  </responseDeclaration>\n"
    "  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\""
    " baseType=\"float\" interpretation=\"1 for Oslo\">\n"
    "    <defaultValue><value>0</value></defaultValue>\n"
    "    <matchTable defaultValue=\"0\"><matchTableEntry sourceValue=\"1\""
    " targetValue=\"1\"/></matchTable>\n"
    "  </outcomeDeclaration>\n"
    "  <outcomeDeclaration identifier=\"FEEDBACK\" cardinality=\"single\""
    " baseType=\"identifier\"/>\n"
    "  <itemBody>\n"
    "    <p>Which city is the capital of Norway?</p>\n"
    "    <choiceInteraction responseIdentifier=\"RESPONSE\""
    " shuffle=\"false\" maxChoices=\"1\">\n"
    "      <prompt>Choose one.</prompt>\n"
    "      <simpleChoice identifier=\"A\">Bergen</simpleChoice>\n"
    "      <simpleChoice identifier=\"B\">Oslo <feedbackInline"
    " outcomeIdentifier=\"FEEDBACK\" identifier=\"B\" showHide=\"show\">"
    "Right.</feedbackInline></simpleChoice>\n"
    "      <simpleChoice identifier=\"C\">Trondheim</simpleChoice>\n"
    "    </choiceInteraction>\n"
    "    <feedbackBlock outcomeIdentifier=\"FEEDBACK\" identifier=\"B\""
    " showHide=\"show\"><p>Oslo is the capital.</p></feedbackBlock>\n"
    "    <rubricBlock view=\"scorer\"><p>Only B scores.</p></rubricBlock>\n"
    "  </itemBody>\n"
    "  <responseProcessing template=\"http://www.imsglobal.org/question/"
    "qti_v2p1/rptemplates/match_correct\"/>\n"
    "  <modalFeedback outcomeIdentifier=\"FEEDBACK\" identifier=\"B\""
    " showHide=\"show\">Correct: Oslo.</modalFeedback>\n"
    "</assessmentItem>\n";

static const char fx_q2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<assessmentItem xmlns=\"" FX_QTI "\" identifier=\"q2\""
    " title=\"Sum\" adaptive=\"false\" timeDependent=\"false\">\n"
    "  <responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\""
    " baseType=\"string\">\n"
    "    <correctResponse><value>4</value></correctResponse>\n"
    "  </responseDeclaration>\n"
    "  <outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\""
    " baseType=\"float\"/>\n"
    "  <itemBody>\n"
    "    <p>Two plus two is <textEntryInteraction"
    " responseIdentifier=\"RESPONSE\" expectedLength=\"3\"/>.</p>\n"
    "  </itemBody>\n"
    "  <responseProcessing>\n"
    "    <responseCondition><responseIf><match><variable"
    " identifier=\"RESPONSE\"/><correct identifier=\"RESPONSE\"/></match>"
    "<setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">"
    "1</baseValue></setOutcomeValue></responseIf></responseCondition>\n"
    "  </responseProcessing>\n"
    "</assessmentItem>\n";

static const char fx_css[] = "p { margin: 0; }\n";

struct fx_file {
	const char	*path;
	const char	*text;
};

static const struct fx_file fx_files[] = {
	{ "imsmanifest.xml", fx_manifest },
	{ "test.xml", fx_test },
	{ "items/q1.xml", fx_q1 },
	{ "items/q2.xml", fx_q2 },
	{ "style/item.css", fx_css },
};

#define FX_NFILES	(sizeof fx_files / sizeof fx_files[0])

static inline la_ssize_t
fx_zip_out(struct archive *a, void *arg, const void *data, size_t n)
{
	char **buf = ((char ***)arg)[0];
	size_t *len = ((size_t **)arg)[1];

	(void)a;
	*buf = realloc(*buf, *len + n);
	assert_non_null(*buf);
	memcpy(*buf + *len, data, n);
	*len += n;
	return ((la_ssize_t)n);
}

/* Zip files in memory; returns a malloc'd buffer. */
static inline unsigned char *
fx_zip(const struct fx_file *files, size_t n, size_t *len)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae;
	char *buf = NULL;
	void *ctx[2];
	size_t i;

	*len = 0;
	ctx[0] = &buf;
	ctx[1] = len;
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	archive_write_set_bytes_per_block(a, 0);
	assert_int_equal(archive_write_open2(a, ctx, NULL, fx_zip_out, NULL,
	    NULL), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		ae = archive_entry_new();
		archive_entry_set_pathname(ae, files[i].path);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1700000000, 0);
		archive_entry_set_size(ae, (la_int64_t)strlen(files[i].text));
		assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, files[i].text,
		    strlen(files[i].text)), (la_ssize_t)strlen(files[i].text));
		archive_entry_free(ae);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return ((unsigned char *)buf);
}

/* Read one entry of a zip in memory into a NUL-terminated string. */
static inline char *
fx_unzip(const unsigned char *zip, size_t len, const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	char *out = NULL;
	size_t n = 0;
	la_ssize_t r;
	char buf[4096];

	archive_read_support_format_zip(a);
	assert_int_equal(archive_read_open_memory(a, zip, len), ARCHIVE_OK);
	while (archive_read_next_header(a, &ae) == ARCHIVE_OK) {
		if (strcmp(archive_entry_pathname(ae), path) != 0)
			continue;
		out = malloc(1);
		while ((r = archive_read_data(a, buf, sizeof buf)) > 0) {
			out = realloc(out, n + (size_t)r + 1);
			memcpy(out + n, buf, (size_t)r);
			n += (size_t)r;
		}
		out[n] = '\0';
		break;
	}
	archive_read_free(a);
	return (out);
}

/* A key pair without a password in dir: NAME.pub and NAME.key. */
static inline struct sig_seckey *
fx_keys(const char *dir, const char *name, struct sig_pubkey *pk)
{
	char *pub, *sec, err[ERR_LEN];
	struct sig_seckey *sk;

	if (asprintf(&pub, "%s/%s.pub", dir, name) < 0 ||
	    asprintf(&sec, "%s/%s.key", dir, name) < 0)
		abort();
	if (sig_keygen(pub, sec, NULL, NULL, err) != 0)
		fail_msg("%s", err);
	sk = sig_seckey_load(sec, NULL, err);
	if (sk == NULL)
		fail_msg("%s", err);
	if (sig_pubkey_load(pk, pub, err) != 0)
		fail_msg("%s", err);
	free(pub);
	free(sec);
	return (sk);
}

/*
 * A fresh folder with two key pairs in it: sk and pk, named NAME, and
 * other_sk and other_pk, named "other", whose signatures pk must reject.
 */
struct fx_signers {
	char			*dir;
	struct sig_pubkey	 pk, other_pk;
	struct sig_seckey	*sk, *other_sk;
};

static inline struct fx_signers *
fx_signers_new(const char *name)
{
	struct fx_signers *fx = calloc(1, sizeof *fx);

	fx->dir = fixture_dir();
	fx->sk = fx_keys(fx->dir, name, &fx->pk);
	fx->other_sk = fx_keys(fx->dir, "other", &fx->other_pk);
	return (fx);
}

/* A cmocka teardown for a state made by fx_signers_new. */
static inline int
fx_signers_teardown(void **state)
{
	struct fx_signers *fx = *state;

	sig_seckey_free(fx->sk);
	sig_seckey_free(fx->other_sk);
	fixture_rmtree(fx->dir);
	free(fx);
	return (0);
}

/* The cheapest Argon2id that libsodium accepts, to keep tests quick. */
static const struct seal_kdf fx_kdf = { 1, 8192 };

/* A manifest for zip describing the fixture test. */
static inline void
fx_manifest_for(struct seal_manifest *m, const unsigned char *zip,
    size_t len, int practice)
{
	char err[ERR_LEN];

	memset(m, 0, sizeof *m);
	m->test = strdup("fixture-test");
	m->version = 3;
	m->title = strdup("Fixture test \xc3\xa9t\xc3\xa9");
	m->duration_s = 1800;
	m->practice = practice;
	m->created = strdup("2026-05-01T10:00:00Z");
	m->nitems = 2;
	m->items = calloc(2, sizeof *m->items);
	m->items[0] = strdup("q1");
	m->items[1] = strdup("q2");
	if (seal_manifest_hash_zip(m, zip, len, err) != 0)
		fail_msg("%s", err);
}

#endif
