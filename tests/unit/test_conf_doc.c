/*
 * The example configuration files load, and every key in conf.c's table
 * appears in them under its section.  Its comment gives the default, or
 * states that the key is required or optional, and the allowed values.
 *
 * A key's comment is the block of comment lines just above its line,
 * "key = value" or, for a key left at its default, ";key = value".  The
 * block must contain "Required.", "Optional" or "Default: DEFAULT." and
 * "Allowed: ALLOWED" with the table's text; line breaks count as spaces.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "conf_pin.h"
#include "roster.h"
#include "sig.h"

#define DEMO_DIR	"config/demo-stick"

static char *
top_path(const char *rel)
{
	const char *top = getenv("TOP");

	return (util_path_join(top != NULL ? top : ".", rel));
}

/* Split a file into a NULL-terminated array of lines. */
static char **
read_lines(const char *rel)
{
	char err[ERR_LEN], *path = top_path(rel), *buf, *p, *nl, **lines;
	size_t len, n = 0;

	if (util_read_file(path, 1 << 20, &buf, &len, err) == -1)
		fail_msg("%s", err);
	free(path);
	lines = xcalloc(len + 2, sizeof(char *));
	for (p = buf; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (nl == NULL && *p == '\0')
			break;
		lines[n++] = xstrdup(p);
	}
	free(buf);
	return (lines);
}

static void
free_lines(char **lines)
{
	size_t i;

	for (i = 0; lines[i] != NULL; i++)
		free(lines[i]);
	free(lines);
}

/* Is line "NAME =" or ";NAME =" for the key k? */
static int
is_key_line(const char *line, const struct conf_key *k)
{
	size_t n = strlen(k->name);

	if (*line == ';')
		line++;
	if (strncmp(line, k->name, n) != 0)
		return (0);
	line += n;
	line += strspn(line, " \t");
	return (*line == '=');
}

static int
is_any_key_line(const char *line)
{
	size_t i;

	for (i = 0; i < conf_nkeys; i++)
		if (is_key_line(line, &conf_keys[i]))
			return (1);
	return (0);
}

/* Join the comment block above lines[at] with single spaces. */
static char *
comment_above(char **lines, size_t at)
{
	size_t first = at, i;
	char *text = xstrdup(""), *next, *p;

	while (first > 0 && (lines[first - 1][0] == ';' ||
	    lines[first - 1][0] == '#') && !is_any_key_line(lines[first - 1]))
		first--;
	for (i = first; i < at; i++) {
		p = lines[i] + 1;
		p += strspn(p, " \t");
		xasprintf(&next, "%s %s", text, p);
		free(text);
		text = next;
	}
	/* Squeeze runs of spaces, as two follow a full stop. */
	for (p = next = text; *p != '\0'; p++)
		if (!(isspace((unsigned char)*p) && next > text &&
		    next[-1] == ' '))
			*next++ = isspace((unsigned char)*p) ? ' ' : *p;
	*next = '\0';
	return (text);
}

static int
section_matches(const char *header, const struct conf_key *k)
{
	if (k->section == CONF_SECTION_EXAMINER)
		return (strcmp(header, "[examiner]") == 0);
	return (strncmp(header, "[test ", 6) == 0);
}

/* Check that every key is documented in the file rel. */
static void
check_documented(const char *rel)
{
	char **lines = read_lines(rel), *comment, *want;
	const char *header = "";
	const struct conf_key *k;
	size_t i, j;
	int found;

	for (i = 0; i < conf_nkeys; i++) {
		k = &conf_keys[i];
		found = 0;
		header = "";
		for (j = 0; lines[j] != NULL && !found; j++) {
			if (lines[j][0] == '[')
				header = lines[j];
			if (!section_matches(header, k) ||
			    !is_key_line(lines[j], k))
				continue;
			found = 1;
			comment = comment_above(lines, j);
			if (k->required)
				want = xstrdup("Required.");
			else if (k->def == NULL)
				want = xstrdup("Optional");
			else
				xasprintf(&want, "Default: %s.", k->def);
			if (strstr(comment, want) == NULL)
				fail_msg("%s:%zu: %s: the comment lacks \"%s\"",
				    rel, j + 1, k->name, want);
			free(want);
			xasprintf(&want, "Allowed: %s", k->allowed);
			if (strstr(comment, want) == NULL)
				fail_msg("%s:%zu: %s: the comment lacks \"%s\"",
				    rel, j + 1, k->name, want);
			free(want);
			xasprintf(&want, " %s: ", k->name);
			if (strncmp(comment, want, strlen(want)) != 0)
				fail_msg("%s:%zu: %s: the comment does not"
				    " start with \"%s:\"", rel, j + 1,
				    k->name, k->name);
			free(want);
			free(comment);
		}
		if (!found)
			fail_msg("%s: key %s is not in the file", rel, k->name);
	}
	free_lines(lines);
}

static void
test_example_documented(void **state)
{
	check_documented("config/examiner.conf");
}

static void
test_demo_documented(void **state)
{
	check_documented(DEMO_DIR "/examstick/examiner.conf");
}

static void
test_example_loads(void **state)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN], *path = top_path("config/examiner.conf");
	struct conf c;

	if (conf_load(&c, path, "/stick", &pr, err) == -1)
		fail_msg("%s", err);
	assert_int_equal(pr.n, 0);
	assert_string_equal(c.centre_id, "12345");
	assert_int_equal(c.ntests, 1);
	conf_free(&c);
	free(path);
}

/* The demonstration PIN: the first line of config/demo-pin. */
static const char *
demo_pin(void)
{
	static char pin[32];
	char err[ERR_LEN], *path = top_path("config/demo-pin"), *buf;
	size_t len;

	if (util_read_file(path, 64, &buf, &len, err) == -1)
		fail_msg("%s", err);
	free(path);
	buf[strcspn(buf, "\n")] = '\0';
	assert_true(conf_pin_valid(buf));
	snprintf(pin, sizeof(pin), "%s", buf);
	free(buf);
	return (pin);
}

/*
 * The demo stick's files load, the demonstration PIN matches its hash,
 * and every roster test is configured.
 */
static void
test_demo_loads(void **state)
{
	char err[ERR_LEN], *root = top_path(DEMO_DIR), *path;
	const struct roster_entry *e;
	const struct conf_test *t;
	struct roster r;
	struct conf c;
	size_t i, j;

	path = util_path_join(root, "examstick/examiner.conf");
	if (conf_load(&c, path, root, NULL, err) == -1)
		fail_msg("%s", err);
	free(path);
	assert_string_equal(c.centre_id, "99999");
	assert_true(conf_pin_verify(c.invigilator_pin_hash, demo_pin()));
	assert_false(conf_pin_verify(c.invigilator_pin_hash, "8642"));
	t = conf_test(&c, "esecurity");
	assert_non_null(t);
	assert_int_equal(t->practice, 1);

	if (roster_load(&r, c.roster, err) == -1)
		fail_msg("%s", err);
	assert_true(r.n >= 4 && r.n <= 6);
	for (i = 0; i < r.n; i++) {
		e = &r.entries[i];
		for (j = 0; j < e->ntests; j++)
			if (conf_test(&c, e->tests[j]) == NULL)
				fail_msg("roster: candidate %s: test %s is not"
				    " in examiner.conf", e->candidate,
				    e->tests[j]);
	}
	roster_free(&r);
	conf_free(&c);
	free(root);
}

/* The demo key pair loads without a password, and its halves match. */
static void
test_demo_keys_match(void **state)
{
	char err[ERR_LEN], *root = top_path(DEMO_DIR), *path, *sig;
	char trusted[256];
	struct sig_seckey *sk;
	struct sig_pubkey pk;
	struct conf c;

	path = util_path_join(root, "examstick/examiner.conf");
	if (conf_load(&c, path, root, NULL, err) == -1)
		fail_msg("%s", err);
	free(path);
	if (sig_pubkey_load(&pk, c.stick_pubkey, err) == -1)
		fail_msg("%s", err);
	if ((sk = sig_seckey_load(c.stick_key, NULL, err)) == NULL)
		fail_msg("%s", err);
	assert_memory_equal(pk.keyid, sk->keyid, SIG_KEYID_BYTES);
	if (sig_sign(sk, "demo", 4, "demo key check", &sig, err) == -1)
		fail_msg("%s", err);
	assert_int_equal(sig_verify(&pk, "demo", 4, sig, trusted,
	    sizeof(trusted), err), SIG_OK);
	assert_string_equal(trusted, "demo key check");
	free(sig);
	sig_seckey_free(sk);
	conf_free(&c);
	free(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_documented),
		cmocka_unit_test(test_demo_documented),
		cmocka_unit_test(test_example_loads),
		cmocka_unit_test(test_demo_loads),
		cmocka_unit_test(test_demo_keys_match),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
