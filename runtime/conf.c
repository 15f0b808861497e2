/*
 * examiner.conf: the key table, and reading the file into struct conf.
 * conf_value.c checks each value.
 *
 * inih parses the file.  Debian's libinih (version 55) is built without
 * INI_HANDLER_LINENO, so it does not pass line numbers to the handler.
 * The file is therefore read into memory, split into lines and handed to
 * ini_parse_stream() one line per reader call.  The reader stores the
 * number of the line it returned last, and inih calls the handler for a
 * line before it reads the next one, so that number is the handler's
 * line.  The reader also removes leading white space (so an indented line
 * never continues the previous value), blanks lines with control
 * characters or too long for inih's line buffer, and records section
 * headers, which inih does not pass to the handler.
 *
 * inih returns only the first line it cannot parse.  To report all of
 * them, the file is parsed again with that line blanked until inih finds
 * no more.  Then it is parsed once more with the real handler.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>
#include <sodium.h>

#include "conf_pin.h"
#include "conf_private.h"

#define CONF_MAX_BYTES		(64 * 1024)
#define CONF_MAX_PROBLEMS	200
#define CONF_VALUE_SHOWN	60	/* bytes of a bad value quoted back */
#define TEST_ID_MAX		32

#define EX(f)	offsetof(struct conf, f)
#define TE(f)	offsetof(struct conf_test, f)

const struct conf_key conf_keys[] = {
	{ CONF_SECTION_EXAMINER, "centre_id", CONF_ID, NULL,
	  "1 to 16 letters, digits or hyphens", 1, 1, 16, EX(centre_id) },
	{ CONF_SECTION_EXAMINER, "stick_label", CONF_LABEL, "EXAMSTICK",
	  "1 to 11 capital letters, digits, '-' or '_'", 0, 1, 11,
	  EX(stick_label) },
	{ CONF_SECTION_EXAMINER, "roster", CONF_PATH,
	  "E:\\examstick\\roster.csv",
	  "a path on the stick such as E:\\examstick\\roster.csv", 0, 0, 0,
	  EX(roster) },
	{ CONF_SECTION_EXAMINER, "stick_key", CONF_PATH,
	  "E:\\examstick\\keys\\stick.key",
	  "a path on the stick such as E:\\examstick\\keys\\stick.key",
	  0, 0, 0, EX(stick_key) },
	{ CONF_SECTION_EXAMINER, "stick_pubkey", CONF_PATH,
	  "E:\\examstick\\keys\\stick.pub",
	  "a path on the stick such as E:\\examstick\\keys\\stick.pub",
	  0, 0, 0, EX(stick_pubkey) },
	{ CONF_SECTION_EXAMINER, CONF_PIN_HASH_KEY, CONF_PIN_HASH, NULL,
	  "an Argon2id hash ($argon2id$v=19$...) of the PIN, as written by"
	  " reloader prepare or printed by reloader pin --hash", 1, 0, 0,
	  EX(invigilator_pin_hash) },
	{ CONF_SECTION_EXAMINER, "colour_scheme", CONF_SCHEME, "default",
	  "default, high-contrast or monochrome", 0, 0, 0, EX(scheme) },
	{ CONF_SECTION_EXAMINER, "clock_save_seconds", CONF_INT, "1",
	  "a whole number of seconds from 1 to 5", 0, 1, 5,
	  EX(clock_save_s) },
	{ CONF_SECTION_EXAMINER, "warn_minutes", CONF_INT, "5",
	  "a whole number of minutes from 0 (no warning) to 60", 0, 0, 60,
	  EX(warn_minutes_1) },
	{ CONF_SECTION_EXAMINER, "final_warn_minutes", CONF_INT, "1",
	  "a whole number of minutes from 0 (no warning) to 60, less than"
	  " warn_minutes", 0, 0, 60, EX(warn_minutes_2) },
	{ CONF_SECTION_EXAMINER, "log", CONF_YESNO, "no", "yes or no",
	  0, 0, 0, EX(log) },
	{ CONF_SECTION_EXAMINER, "centre_approval", CONF_PATH, NULL,
	  "a path on the stick such as E:\\examstick\\keys\\centre.approved",
	  0, 0, 0, EX(centre_approval) },
	{ CONF_SECTION_EXAMINER, "rest_break_minutes", CONF_INT, "10",
	  "a whole number of minutes from 1 to 240", 0, 1, 240,
	  EX(rest_break_minutes) },
	{ CONF_SECTION_EXAMINER, "seal_responses", CONF_YESNO, "no",
	  "yes or no", 0, 0, 0, EX(seal_responses) },

	{ CONF_SECTION_TEST, "package", CONF_PATH, NULL,
	  "a path on the stick such as E:\\examstick\\packages\\unit1.zip",
	  1, 0, 0, TE(package) },
	{ CONF_SECTION_TEST, "title", CONF_TEXT, NULL,
	  "up to 80 characters of text", 0, 1, 80, TE(title) },
	{ CONF_SECTION_TEST, "duration", CONF_DURATION, NULL,
	  "minutes (90) or hours and minutes (45m, 2h, 1h30m), from 1"
	  " minute to 10 hours", 0, 1, 600, TE(duration_s) },
	{ CONF_SECTION_TEST, "practice", CONF_YESNO, "no", "yes or no",
	  0, 0, 0, TE(practice) },
};

#define NKEYS	(sizeof(conf_keys) / sizeof(conf_keys[0]))

const size_t conf_nkeys = NKEYS;

struct conf_line {
	const char	*text;		/* leading white space removed */
	size_t		 len;		/* without the line end */
	int		 blank;		/* hand inih an empty line */
	int		 too_long;
};

enum section_state {
	SECTION_EXAMINER,
	SECTION_TEST,
	SECTION_BAD		/* reported at its header; keys ignored */
};

struct conf_section {
	int		 line;
	enum section_state state;
	size_t		 test;		/* index in conf->tests */
	int		 seen[NKEYS];	/* line of each key given */
};

struct conf_problem {
	int		 line;
	size_t		 seq;
	char		*text;
};

struct conf_parse {
	struct conf		*conf;
	const char		*name;		/* file name for messages */
	const char		*root;

	struct conf_line	*lines;
	size_t			 nlines;
	size_t			 next;		/* next line to hand out */
	int			 lineno;	/* line handed out last */
	int			 headers;	/* record section headers */

	struct conf_section	*sections;
	size_t			 nsections;
	int			 examiner;	/* its section index, or -1 */

	struct conf_problem	*problems;
	size_t			 nproblems;
};

static void conf_problem(struct conf_parse *, int, const char *, ...)
    PRINTFLIKE(3, 4);

static void
conf_problem(struct conf_parse *p, int line, const char *fmt, ...)
{
	struct conf_problem *pr;
	va_list ap;
	char *msg;

	if (p->nproblems == CONF_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);

	p->problems = xrealloc(p->problems,
	    (p->nproblems + 1) * sizeof(*p->problems));
	pr = &p->problems[p->nproblems];
	pr->line = line;
	pr->seq = p->nproblems++;
	if (line > 0)
		xasprintf(&pr->text, "%s:%d: %s", p->name, line, msg);
	else
		xasprintf(&pr->text, "%s: %s", p->name, msg);
	free(msg);
}

static int
conf_problem_cmp(const void *a, const void *b)
{
	const struct conf_problem *x = a, *y = b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void *
conf_field(struct conf_parse *p, const struct conf_section *s,
    const struct conf_key *k)
{
	if (k->section == CONF_SECTION_EXAMINER)
		return ((char *)p->conf + k->offset);
	return ((char *)&p->conf->tests[s->test] + k->offset);
}

static void
conf_set(struct conf_parse *p, const struct conf_section *s,
    const struct conf_key *k, const char *value, int line)
{
	const char *why = NULL;

	if (conf_store(k, p->root, value, conf_field(p, s, k), &why) == 0)
		return;
	if (*value == '\0' && k->required)
		conf_problem(p, line, "%s: the value is empty; use %s",
		    k->name, k->allowed);
	else if (*value == '\0')
		conf_problem(p, line, "%s: the value is empty; use %s, or"
		    " remove the line to use the default", k->name, k->allowed);
	else if (k->type == CONF_PIN_HASH)
		conf_problem(p, line, "%s: the value is not valid: %s; use %s",
		    k->name, why, k->allowed);
	else if (why != NULL)
		conf_problem(p, line, "%s: \"%.*s\" is not valid: %s; use %s",
		    k->name, CONF_VALUE_SHOWN, value, why, k->allowed);
	else
		conf_problem(p, line, "%s: \"%.*s\" is not valid; use %s",
		    k->name, CONF_VALUE_SHOWN, value, k->allowed);
}

static const char *
section_label(const struct conf_key *k)
{
	return (k->section == CONF_SECTION_EXAMINER ? "[examiner]" :
	    "a [test ID] section");
}

/* List the keys of one section for an "unknown key" message. */
static char *
key_list(enum conf_section_kind kind)
{
	char *list = xstrdup(""), *next;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		if (conf_keys[i].section != kind)
			continue;
		xasprintf(&next, "%s%s%s", list, *list ? ", " : "",
		    conf_keys[i].name);
		free(list);
		list = next;
	}
	return (list);
}

/*
 * Keys that examiner.conf no longer takes, with what to do instead.
 * They are reported on their own so that an old file gets a clear fix.
 */
static const struct {
	const char	*name;
	const char	*fix;
} removed_keys[] = {
	{ "invigilator_pin", "the PIN is no longer stored in clear; replace"
	  " this line with " CONF_PIN_HASH_KEY " = HASH, where reloader pin"
	  " --hash prints the line for a PIN, reloader prepare writes it on"
	  " a new stick and reloader pin --stick DIR changes the PIN of a"
	  " prepared stick" },
};

static const char *
removed_key_fix(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(removed_keys) / sizeof(removed_keys[0]); i++)
		if (strcmp(removed_keys[i].name, name) == 0)
			return (removed_keys[i].fix);
	return (NULL);
}

static int
conf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct conf_parse *p = user;
	enum conf_section_kind kind;
	struct conf_section *s;
	const struct conf_key *k = NULL;
	const char *fix;
	size_t i;
	char *list;

	if (p->nsections == 0) {
		conf_problem(p, p->lineno, "%s: the key is outside any section;"
		    " put it under [examiner] or [test ID]", name);
		return (1);
	}
	s = &p->sections[p->nsections - 1];
	if (s->state == SECTION_BAD)
		return (1);
	kind = s->state == SECTION_EXAMINER ? CONF_SECTION_EXAMINER :
	    CONF_SECTION_TEST;
	for (i = 0; i < NKEYS && k == NULL; i++)
		if (conf_keys[i].section == kind &&
		    strcmp(conf_keys[i].name, name) == 0)
			k = &conf_keys[i];
	if (k == NULL && (fix = removed_key_fix(name)) != NULL) {
		conf_problem(p, p->lineno, "%s: %s", name, fix);
		return (1);
	}
	if (k == NULL) {
		list = key_list(kind);
		conf_problem(p, p->lineno, "%s: unknown key in [%s]; use %s",
		    name, section, list);
		free(list);
		return (1);
	}
	i = (size_t)(k - conf_keys);
	if (s->seen[i] != 0) {
		conf_problem(p, p->lineno, "%s: the key is given twice (first"
		    " on line %d); remove one", name, s->seen[i]);
		return (1);
	}
	s->seen[i] = p->lineno;
	conf_set(p, s, k, value, p->lineno);
	return (1);
}

static int
test_id_valid(const char *id)
{
	size_t n = strlen(id);

	return (n > 0 && n <= TEST_ID_MAX &&
	    conf_valid_chars(id, "-_", 0) == 0);
}

/* Return the header line of test id, or 0 if no section has it yet. */
static int
test_line(const struct conf_parse *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nsections; i++)
		if (p->sections[i].state == SECTION_TEST &&
		    strcmp(p->conf->tests[p->sections[i].test].id, id) == 0)
			return (p->sections[i].line);
	return (0);
}

static void
section_open_test(struct conf_parse *p, struct conf_section *s,
    const char *text)
{
	struct conf *c = p->conf;
	char *id;
	size_t n;
	int first;

	id = xstrdup(text + 4 + strspn(text + 4, " \t"));
	for (n = strlen(id); n > 0 && isspace((unsigned char)id[n - 1]); n--)
		id[n - 1] = '\0';
	if (!test_id_valid(id))
		conf_problem(p, s->line, "[%s]: test id \"%s\" is not valid;"
		    " use 1 to %d letters, digits, '-' or '_'", text, id,
		    TEST_ID_MAX);
	else if ((first = test_line(p, id)) > 0)
		conf_problem(p, s->line, "[%s]: test id %s is given twice"
		    " (first on line %d); give each test its own id", text, id,
		    first);
	else if (c->ntests == CONF_MAX_TESTS)
		conf_problem(p, s->line, "[%s]: more than %d tests; remove"
		    " some", text, CONF_MAX_TESTS);
	else {
		s->test = c->ntests++;
		c->tests[s->test].id = id;
		s->state = SECTION_TEST;
		return;
	}
	free(id);
}

/* Classify the header [name] at line and check it against the others. */
static void
section_open(struct conf_parse *p, int line, const char *name, size_t len)
{
	struct conf_section *s;
	char *text = xstrndup(name, len);

	p->sections = xrealloc(p->sections,
	    (p->nsections + 1) * sizeof(*p->sections));
	s = &p->sections[p->nsections++];
	memset(s, 0, sizeof(*s));
	s->line = line;
	s->state = SECTION_BAD;

	if (strcmp(text, "examiner") == 0) {
		if (p->examiner >= 0)
			conf_problem(p, line, "[examiner]: the section is given"
			    " twice (first on line %d); merge them",
			    p->sections[p->examiner].line);
		else {
			p->examiner = (int)(p->nsections - 1);
			s->state = SECTION_EXAMINER;
		}
	} else if (strncmp(text, "test", 4) == 0 &&
	    isspace((unsigned char)text[4]))
		section_open_test(p, s, text);
	else
		conf_problem(p, line, "[%s]: unknown section; use [examiner]"
		    " or [test ID]", text);
	free(text);
}

/* Split buf into lines, and blank those with control characters. */
static void
conf_split(struct conf_parse *p, const char *buf, size_t len)
{
	struct conf_line *l;
	size_t i = 0, start, end, j;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		start = i;
		while (i < len && buf[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		if (end > start && buf[end - 1] == '\r')
			end--;
		while (start < end && (buf[start] == ' ' || buf[start] == '\t'))
			start++;

		p->lines = xrealloc(p->lines,
		    (p->nlines + 1) * sizeof(*p->lines));
		l = &p->lines[p->nlines++];
		memset(l, 0, sizeof(*l));
		l->text = buf + start;
		l->len = end - start;
		for (j = start; j < end; j++) {
			if (((unsigned char)buf[j] >= 0x20 || buf[j] == '\t') &&
			    buf[j] != 0x7f)
				continue;
			conf_problem(p, (int)p->nlines, "the line contains"
			    " control character 0x%02x; remove it",
			    (unsigned char)buf[j]);
			l->blank = 1;
			break;
		}
	}
}

/* The ini_reader: hand inih one line, and note section headers. */
static char *
conf_reader(char *str, int num, void *stream)
{
	struct conf_parse *p = stream;
	struct conf_line *l;
	const char *name, *close;
	size_t n;

	if (p->next >= p->nlines || num < 2)
		return (NULL);
	l = &p->lines[p->next++];
	p->lineno = (int)p->next;
	if (!l->blank && l->len + 2 > (size_t)num) {
		l->too_long = num - 2;
		l->blank = 1;
	}
	if (l->blank) {
		strcpy(str, "\n");
		return (str);
	}
	memcpy(str, l->text, l->len);
	str[l->len] = '\n';
	str[l->len + 1] = '\0';

	if (p->headers && l->text[0] == '[' &&
	    (close = memchr(l->text, ']', l->len)) != NULL) {
		name = l->text + 1;
		n = (size_t)(close - name);
		for (; n > 0 && isspace((unsigned char)*name); n--)
			name++;
		while (n > 0 && isspace((unsigned char)name[n - 1]))
			n--;
		section_open(p, p->lineno, name, n);
	}
	return (str);
}

static int
conf_ignore(void *user, const char *section, const char *name,
    const char *value)
{
	return (1);
}

#define CONF_MAX_SYNTAX	20

/*
 * Blank every line that inih cannot parse, one parse per line found.
 * Returns 0, or -1 when there are too many such lines to go on.
 */
static int
conf_syntax(struct conf_parse *p)
{
	size_t i, found;
	int rc;

	for (found = 0;; found++) {
		p->next = 0;
		rc = ini_parse_stream(conf_reader, p, conf_ignore, NULL);
		if (rc == 0)
			break;
		if (rc < 0 || rc > (int)p->nlines || p->lines[rc - 1].blank) {
			conf_problem(p, 0, "inih failed to read the file"
			    " (error %d)", rc);
			return (-1);
		}
		p->lines[rc - 1].blank = 1;
		conf_problem(p, rc, "the line is neither a [section] header"
		    " nor a key = value line; correct or remove it");
		if (found == CONF_MAX_SYNTAX) {
			conf_problem(p, rc, "too many lines that are not"
			    " [section] or key = value; is this"
			    " examiner.conf?");
			return (-1);
		}
	}
	for (i = 0; i < p->nlines; i++)
		if (p->lines[i].too_long > 0)
			conf_problem(p, (int)i + 1, "the line is longer than"
			    " %d characters; shorten it", p->lines[i].too_long);
	return (0);
}

static const struct conf_key *
conf_key_named(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return (&conf_keys[i]);
	return (NULL);
}

/* Report missing required keys and apply the defaults of one section. */
static void
conf_finish_section(struct conf_parse *p, const struct conf_section *s)
{
	enum conf_section_kind kind;
	const struct conf_key *k;
	size_t i;

	kind = s->state == SECTION_EXAMINER ? CONF_SECTION_EXAMINER :
	    CONF_SECTION_TEST;
	for (i = 0; i < NKEYS; i++) {
		k = &conf_keys[i];
		if (k->section != kind || s->seen[i] != 0)
			continue;
		if (k->required)
			conf_problem(p, s->line, "%s: the key is missing from"
			    " %s; add \"%s = ...\" with %s", k->name,
			    section_label(k), k->name, k->allowed);
		else if (k->def != NULL)
			conf_set(p, s, k, k->def, s->line);
	}
}

static void
conf_finish(struct conf_parse *p)
{
	const struct conf_section *s;
	const struct conf_key *k;
	struct conf *c = p->conf;
	size_t i;
	int line;

	for (i = 0; i < p->nsections; i++)
		if (p->sections[i].state != SECTION_BAD)
			conf_finish_section(p, &p->sections[i]);
	if (p->examiner < 0) {
		conf_problem(p, 0, "[examiner]: the section is missing; add it"
		    " with centre_id and " CONF_PIN_HASH_KEY);
		return;
	}

	s = &p->sections[p->examiner];
	k = conf_key_named("final_warn_minutes");
	line = s->seen[k - conf_keys] ? s->seen[k - conf_keys] : s->line;
	if (c->warn_minutes_1 > 0 && c->warn_minutes_2 > 0 &&
	    c->warn_minutes_2 >= c->warn_minutes_1)
		conf_problem(p, line, "%s: \"%d\" is not valid; use a number"
		    " of minutes less than warn_minutes (%d), or 0 for no"
		    " final warning", k->name, c->warn_minutes_2,
		    c->warn_minutes_1);
}

/* Sort the problems by line, copy them out, and return 0 if none. */
static int
conf_report(struct conf_parse *p, struct problems *problems, char *err)
{
	size_t i;

	if (p->nproblems == 0)
		return (0);
	qsort(p->problems, p->nproblems, sizeof(*p->problems),
	    conf_problem_cmp);
	if (p->nproblems == 1)
		errf(err, "%s", p->problems[0].text);
	else
		errf(err, "%s (and %zu more problem%s)", p->problems[0].text,
		    p->nproblems - 1, p->nproblems > 2 ? "s" : "");
	for (i = 0; i < p->nproblems; i++) {
		if (problems != NULL)
			problems_add(problems, "%s", p->problems[i].text);
		free(p->problems[i].text);
	}
	free(p->problems);
	p->problems = NULL;
	return (-1);
}

int
conf_load(struct conf *c, const char *path, const char *stick_root,
    struct problems *problems, char *err)
{
	size_t len;
	char *buf;
	int rc;

	memset(c, 0, sizeof(*c));
	if (util_read_file(path, CONF_MAX_BYTES, &buf, &len, err) == -1) {
		if (problems != NULL)
			problems_add(problems, "%s", err);
		return (-1);
	}
	rc = conf_load_text(c, path, buf, len, stick_root, problems, err);
	sodium_memzero(buf, len);
	free(buf);
	return (rc);
}

int
conf_load_text(struct conf *c, const char *path, const char *buf,
    size_t len, const char *stick_root, struct problems *problems, char *err)
{
	struct conf_parse p;
	const char *slash;
	int rc;

	memset(c, 0, sizeof(*c));
	if (len > CONF_MAX_BYTES) {
		errf(err, "%s: the file is larger than %d bytes", path,
		    CONF_MAX_BYTES);
		if (problems != NULL)
			problems_add(problems, "%s", err);
		return (-1);
	}
	memset(&p, 0, sizeof(p));
	p.conf = c;
	p.name = (slash = strrchr(path, '/')) != NULL ? slash + 1 : path;
	p.root = stick_root;
	p.examiner = -1;
	c->path = xstrdup(path);

	conf_split(&p, buf, len);
	if (conf_syntax(&p) == 0) {
		p.next = 0;
		p.headers = 1;
		ini_parse_stream(conf_reader, &p, conf_handler, &p);
		conf_finish(&p);
	}
	free(p.lines);
	free(p.sections);

	if ((rc = conf_report(&p, problems, err)) == -1)
		conf_free(c);
	return (rc);
}

void
conf_free(struct conf *c)
{
	size_t i;

	free(c->path);
	free(c->centre_id);
	free(c->stick_label);
	free(c->roster);
	free(c->stick_key);
	free(c->stick_pubkey);
	free(c->centre_approval);
	free(c->invigilator_pin_hash);
	for (i = 0; i < c->ntests; i++) {
		free(c->tests[i].id);
		free(c->tests[i].title);
		free(c->tests[i].package);
	}
	memset(c, 0, sizeof(*c));
}

const struct conf_test *
conf_test(const struct conf *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->ntests; i++)
		if (strcmp(c->tests[i].id, id) == 0)
			return (&c->tests[i]);
	return (NULL);
}
