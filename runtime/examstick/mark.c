/*
 * examstick mark: score result files against the items of their test and
 * print each attempt's item scores, total and pass or fail.  Also the
 * helpers that the other marking commands share (marking.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "fees.h"
#include "marking_input.h"
#include "sig.h"

char *
es_clean(const char *s)
{
	char *out = xstrdup(s != NULL ? s : ""), *p;

	for (p = out; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if ((unsigned char)*p == 0xc2 &&
		    (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
	return (out);
}

void
es_number(double v, char out[32])
{
	snprintf(out, 32, "%.10g", v == 0 ? 0 : v);
}

void
es_csv_fields(const char *const *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fees_csv_field(stdout, fields[i] != NULL ? fields[i] : "");
		putchar(',');
	}
}

const char *
es_verdict(const struct mark_score *s, const struct mark_pass *pass)
{
	if (!s->complete)
		return ("not fully marked");
	if (!pass->set)
		return ("");
	if (s->passed == -1)
		return ("maximum unknown");
	return (s->passed == 1 ? "pass" : "fail");
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return (n > k && strcmp(s + n - k, suffix) == 0);
}

/* The *.result files of a folder, sorted. */
static char **
folder_results(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	if (d == NULL)
		return (NULL);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".result"))
			continue;
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = util_path_join(dir, e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, name_cmp);
	return (names);
}

static void
result_add(const char *path, const char *cmd, struct es_results *r)
{
	struct mark_attempt a;
	char err[ERR_LEN], *id;
	size_t i;

	if (mark_attempt_read(path, &a, err) == -1) {
		es_warn("%s: %s", cmd, err);
		r->failed = 1;
		return;
	}
	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].id, a.id) != 0)
			continue;
		id = es_clean(a.id);
		es_warn("%s: %s: attempt %s was read already from %s; left"
		    " out", cmd, path, id, r->v[i].path);
		free(id);
		mark_attempt_free(&a);
		return;
	}
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	r->v[r->n++] = a;
}

void
es_bundles_option(struct es_bundles *b, int c, const char *arg)
{
	if (c == 'k') {
		b->centre_key = arg;
		return;
	}
	b->paths = xrealloc(b->paths, (b->n + 1) * sizeof *b->paths);
	b->paths[b->n++] = arg;
}

void
es_bundles_free(struct es_bundles *b)
{
	free(b->paths);
	memset(b, 0, sizeof *b);
}

/* Take a bundle's attempts, leaving out copies of attempts read before. */
static void
bundle_take(struct es_results *r, struct mark_attempt *v, size_t n,
    const char *cmd)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < r->n; k++)
			if (strcmp(r->v[k].id, v[i].id) == 0)
				break;
		if (k < r->n) {
			es_warn("%s: %s: attempt was read already from %s;"
			    " left out", cmd, v[i].path, r->v[k].path);
			mark_attempt_free(&v[i]);
			continue;
		}
		r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
		r->v[r->n++] = v[i];
	}
	free(v);
}

static int
bundles_load(const struct es_bundles *b, const char *cmd,
    struct es_results *r)
{
	struct problems failures = { 0 };
	struct sig_pubkey centre;
	struct mark_attempt *v;
	char err[ERR_LEN];
	size_t i, k, n;

	if (b->n == 0)
		return (0);
	if (b->centre_key == NULL) {
		es_warn("%s: bundles need --centre-key, the centre's public"
		    " key", cmd);
		return (-1);
	}
	if (sig_pubkey_load(&centre, b->centre_key, err) == -1) {
		es_warn("%s: %s", cmd, err);
		return (-1);
	}
	for (i = 0; i < b->n; i++) {
		if (mark_bundle_read(b->paths[i], &centre, &v, &n, &failures,
		    err) == -1) {
			es_warn("%s: %s", cmd, err);
			r->failed = 1;
			continue;
		}
		bundle_take(r, v, n, cmd);
	}
	for (k = 0; k < failures.n; k++)
		es_warn("%s: %s; left out", cmd, failures.lines[k]);
	if (failures.n > 0)
		r->failed = 1;
	problems_free(&failures);
	return (0);
}

/* A ustar archive, as reloader collect writes bundles. */
static int
is_bundle(const char *path)
{
	char magic[6] = { 0 };
	FILE *f = fopen(path, "rb");
	int ok;

	if (f == NULL)
		return (0);
	ok = fseek(f, 257, SEEK_SET) == 0 &&
	    fread(magic, 1, sizeof magic, f) == sizeof magic &&
	    memcmp(magic, "ustar", 5) == 0;
	fclose(f);
	return (ok);
}

int
es_results_load(const struct es_bundles *given, int argc, char **argv,
    const char *cmd, struct es_results *r)
{
	struct es_bundles b = { NULL, 0, given->centre_key };
	struct stat st;
	char **names;
	size_t n, k;
	int i, rc;

	memset(r, 0, sizeof *r);
	for (k = 0; k < given->n; k++)
		es_bundles_option(&b, 'b', given->paths[k]);
	for (i = 0; i < argc; i++)
		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    is_bundle(argv[i]))
			es_bundles_option(&b, 'b', argv[i]);
	rc = bundles_load(&b, cmd, r);
	es_bundles_free(&b);
	if (rc == -1)
		return (-1);
	for (i = 0; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    is_bundle(argv[i]))
			continue;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			names = folder_results(argv[i], &n);
			if (n == 0)
				es_warn("%s: %s: no .result files in the"
				    " folder", cmd, argv[i]);
			for (k = 0; k < n; k++) {
				result_add(names[k], cmd, r);
				free(names[k]);
			}
			free(names);
		} else
			result_add(argv[i], cmd, r);
	}
	return (0);
}

void
es_results_free(struct es_results *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		mark_attempt_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Print a message once, however many attempts give it. */
static void
warn_once(struct problems *seen, const char *cmd, const char *msg)
{
	char *clean;
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (strcmp(seen->lines[i], msg) == 0)
			return;
	problems_add(seen, "%s", msg);
	clean = es_clean(msg);
	es_warn("%s: %s", cmd, clean);
	free(clean);
}

static void
score_report(const struct mark_attempt *a, const struct mark_score *s,
    struct problems *seen, const char *cmd)
{
	const struct mark_item *m;
	char *msg;
	size_t i, k;

	for (i = 0; i < s->nitems; i++) {
		m = &s->items[i];
		if (m->status == MARK_UNSCORED)
			xasprintf(&msg, "item %s is not scored automatically:"
			    " %s", m->identifier, m->reason);
		else if (m->status == MARK_FAILED)
			xasprintf(&msg, "%s: item %s could not be marked: %s",
			    a->id, m->identifier, m->reason);
		else
			msg = NULL;
		if (msg != NULL)
			warn_once(seen, cmd, msg);
		free(msg);
		for (k = 0; k < m->notes.n; k++) {
			xasprintf(&msg, "%s: item %s: %s", a->id,
			    m->identifier, m->notes.lines[k]);
			warn_once(seen, cmd, msg);
			free(msg);
		}
	}
	for (i = 0; i < s->problems.n; i++) {
		xasprintf(&msg, "%s: %s", a->id, s->problems.lines[i]);
		warn_once(seen, cmd, msg);
		free(msg);
	}
}

struct mark_score *
es_mark_all(const struct mark_key *key, const struct es_results *r,
    const struct mark_pass *pass, const char *cmd, int *failed)
{
	struct mark_score *s = xcalloc(r->n + 1, sizeof *s);
	struct problems seen = { 0 };
	size_t i, k;

	*failed = 0;
	for (i = 0; i < r->n; i++) {
		mark_score(key, &r->v[i], pass, &s[i]);
		score_report(&r->v[i], &s[i], &seen, cmd);
		for (k = 0; k < s[i].nitems; k++)
			if (s[i].items[k].status == MARK_FAILED)
				*failed = 1;
		if (s[i].problems.n > 0)
			*failed = 1;
	}
	problems_free(&seen);
	return (s);
}

void
es_scores_free(struct mark_score *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mark_score_free(&s[i]);
	free(s);
}

static void
mark_usage(FILE *f)
{
	fprintf(f, "usage: examstick mark --items PACKAGE [--pass-mark MARK]"
	    " [--csv] INPUT...\n"
	    "       examstick mark --key MARKING-KEY --package FILE.estp"
	    " --body-key FILE\n"
	    "           [--release-code-file FILE] [--csv] INPUT...\n"
	    "INPUT: [--bundle FILE]... [--centre-key KEY] [BUNDLE | RESULT]..."
	    "\n"
	    "\n"
	    "Score results against the items of their test and print, for"
	    " each\n"
	    "attempt, every item's score and maximum, the total and pass or"
	    " fail.\n"
	    "RESULT is a .result file or a folder of them, read without"
	    " checking their\n"
	    "signatures: verify them first (reloader verify).  BUNDLE is a"
	    " result bundle\n"
	    "from reloader collect, as --bundle.  The results of a bundle"
	    " are checked:\n"
	    "the bundle with the centre's key, each result with its stick's"
	    " key and\n"
	    "journal.\n"
	    "\n"
	    ES_ITEMS_HELP
	    "  -c, --csv              one CSV line per attempt, with a"
	    " column per item\n"
	    ES_BUNDLE_HELP
	    "  -h, --help             print this help\n"
	    "\n"
	    "Exit status: 0 every attempt was marked, 1 a result or an item"
	    " could not\nbe marked, 2 usage error, or the items, the key or"
	    " the package cannot be\nread or do not verify.\n");
}

static void
print_attempt(const struct mark_attempt *a, const struct mark_score *s,
    const struct mark_pass *pass)
{
	char *id = es_clean(a->id), *cand = es_clean(a->candidate);
	char *name = es_clean(a->name), *test = es_clean(a->test);
	char *centre = es_clean(a->centre), sc[32], mx[32];
	const struct mark_item *m;
	size_t i;

	printf("attempt %s: candidate %s %s, centre %s, test %s, attempt"
	    " %d\n", id, cand, name, centre, test, a->number);
	printf("  %-20s %10s %10s\n", "item", "score", "max");
	for (i = 0; i < s->nitems; i++) {
		m = &s->items[i];
		es_number(m->score, sc);
		es_number(m->max, mx);
		printf("  %-20s %10s %10s", m->identifier,
		    m->status == MARK_SCORED ? sc : "-", m->has_max ? mx : "-");
		if (m->status != MARK_SCORED)
			printf("  %s", m->status == MARK_UNSCORED ?
			    "mark by hand" : "could not be marked");
		putchar('\n');
	}
	es_number(s->total, sc);
	es_number(s->max_total, mx);
	printf("  %-20s %10s %10s", "total", sc, s->max_known ? mx : "-");
	if (s->max_known && s->max_total > 0)
		printf("  %.1f%%", s->total / s->max_total * 100);
	printf("  %s\n\n", es_verdict(s, pass));
	free(id);
	free(cand);
	free(name);
	free(test);
	free(centre);
}

static void
csv_header(const struct mark_key *key)
{
	size_t i;

	printf("attempt,centre,candidate,name,test,attempt_number,total,max,"
	    "percent,result");
	for (i = 0; i < key->nitems; i++) {
		putchar(',');
		fees_csv_field(stdout, key->items[i].identifier);
	}
	putchar('\n');
}

static void
csv_attempt(const struct mark_attempt *a, const struct mark_score *s,
    const struct mark_pass *pass)
{
	const char *fields[] = { a->id, a->centre, a->candidate, a->name,
	    a->test };
	char n[32];
	size_t i;

	es_csv_fields(fields, sizeof fields / sizeof *fields);
	printf("%d,", a->number);
	es_number(s->total, n);
	printf("%s,", n);
	es_number(s->max_total, n);
	printf("%s,", s->max_known ? n : "");
	if (s->max_known && s->max_total > 0)
		printf("%.1f", s->total / s->max_total * 100);
	printf(",%s", es_verdict(s, pass));
	for (i = 0; i < s->nitems; i++) {
		es_number(s->items[i].score, n);
		printf(",%s", s->items[i].status == MARK_SCORED ? n : "");
	}
	putchar('\n');
}

static int
mark_option(void *ctx, int c, const char *arg)
{
	int *csv = ctx;

	if (c == 'c')
		*csv = 1;
	return (0);
}

int
cmd_mark(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	int csv = 0, failed, rc;
	const struct es_command cmd = { .name = "mark", .marks = 1,
	    .options = opts, .optstring = "c", .usage = mark_usage,
	    .option = mark_option, .ctx = &csv };
	struct es_input in;
	struct es_results r;
	struct mark_score *s;
	struct mark_key *key;
	size_t i;

	if ((rc = es_input_parse(&cmd, argc, argv, &in)) != 0 ||
	    (key = es_input_load(&cmd, &in, &r)) == NULL) {
		es_input_free(&in);
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	}
	s = es_mark_all(key, &r, &in.items.pass, "mark", &failed);
	if (csv)
		csv_header(key);
	for (i = 0; i < r.n; i++) {
		if (csv)
			csv_attempt(&r.v[i], &s[i], &in.items.pass);
		else
			print_attempt(&r.v[i], &s[i], &in.items.pass);
	}
	failed |= r.failed;
	es_scores_free(s, r.n);
	es_results_free(&r);
	mark_key_free(key);
	es_input_free(&in);
	return (failed ? EXIT_REJECTED : EXIT_OK);
}
