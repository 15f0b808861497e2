/*
 * examstick issue: one signed token per row of a registrations CSV.  All
 * rows are checked before any token is written, so a file with a problem
 * issues nothing.  An empty attempt column means the next attempt for
 * that candidate and test: one more than the highest already issued in
 * the output folder or earlier in the file.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examstick.h"
#include "seal.h"
#include "sig.h"
#include "token.h"

struct issue_opts {
	const char	*keyfile;
	const char	*csv;
	const char	*out;
	const char	*passfile;
};

static void
issue_usage(FILE *f)
{
	fprintf(f, "usage: examstick issue --key SIGNING.key --csv"
	    " REGISTRATIONS.csv --out DIR\n"
	    "       [--passphrase-file FILE]\n"
	    "\n"
	    "Issue one signed candidate token per row of the CSV into DIR as"
	    "\nCANDIDATE-TEST-ATTEMPT.token, and print each token's code as"
	    " CSV.\n"
	    "Columns (header line, any order): candidate, name,"
	    " date_of_birth (YYYY-MM-DD),\n"
	    "centre, test, valid_from, valid_until (YYYY-MM-DD or"
	    " YYYY-MM-DDTHH:MM:SSZ,\n"
	    "UTC; a date alone means the whole day), and optionally attempt"
	    " (empty: the\n"
	    "next one), extra_time (percent), rest_breaks (yes or no),"
	    " colour_scheme\n"
	    "(default, high-contrast or monochrome; empty: the one in"
	    " examiner.conf).\n"
	    "\n"
	    "  -k, --key FILE              the awarding body's signing.key\n"
	    "  -c, --csv FILE              the registrations\n"
	    "  -o, --out DIR               folder for the tokens (created if"
	    " missing)\n"
	    "  -p, --passphrase-file FILE  read the key's passphrase from"
	    " FILE\n"
	    "  -h, --help                  print this help\n"
	    "\n"
	    "A token is never overwritten: a retake is a new token with the"
	    " next attempt.\n"
	    "Exit status: 0 issued, 1 the CSV has problems (nothing issued),"
	    " 2 usage,\nkey or write error.\n");
}

static int
issue_parse(int argc, char **argv, struct issue_opts *o)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "csv", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:c:o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o->keyfile = optarg;
			break;
		case 'c':
			o->csv = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'p':
			o->passfile = optarg;
			break;
		case 'h':
			issue_usage(stdout);
			return (1);
		default:
			issue_usage(stderr);
			return (-1);
		}
	}
	if (optind != argc || o->keyfile == NULL || o->csv == NULL ||
	    o->out == NULL) {
		es_warn("issue: --key, --csv and --out are required; see"
		    " examstick issue --help");
		return (-1);
	}
	return (0);
}

/* Tokens already in the output folder, read to number retakes. */
struct issued {
	struct token	*t;
	size_t		 n;
};

static void
issued_free(struct issued *is)
{
	size_t i;

	for (i = 0; i < is->n; i++)
		token_free(&is->t[i]);
	free(is->t);
}

/* Read every token in dir that pk signed, whatever its window. */
static int
issued_read(const char *dir, const struct sig_pubkey *pk, struct issued *is)
{
	enum token_status st;
	struct dirent *de;
	struct token t;
	char *path, err[ERR_LEN];
	DIR *d;

	memset(is, 0, sizeof *is);
	if ((d = opendir(dir)) == NULL)
		return (errno == ENOENT ? 0 : -1);
	while ((de = readdir(d)) != NULL) {
		path = util_path_join(dir, de->d_name);
		st = token_verify(path, pk, 0, &t, err);
		free(path);
		if (st != TOKEN_OK && st != TOKEN_NOT_YET_VALID &&
		    st != TOKEN_EXPIRED)
			continue;
		is->t = xrealloc(is->t, (is->n + 1) * sizeof *is->t);
		is->t[is->n++] = t;
	}
	closedir(d);
	return (0);
}

static int
same_pair(const struct token *a, const struct token *b)
{
	return (strcmp(a->candidate, b->candidate) == 0 &&
	    strcmp(a->test, b->test) == 0);
}

/* Number the empty attempts and find attempts issued twice. */
static int
number_attempts(struct token *t, size_t n, const struct issued *is,
    const char *csv)
{
	size_t i, j;
	int bad = 0, max;

	for (i = 0; i < n; i++) {
		max = 0;
		for (j = 0; j < is->n; j++)
			if (same_pair(&t[i], &is->t[j]) &&
			    is->t[j].attempt > max)
				max = is->t[j].attempt;
		for (j = 0; j < i; j++)
			if (same_pair(&t[i], &t[j]) && t[j].attempt > max)
				max = t[j].attempt;
		if (t[i].attempt == 0)
			t[i].attempt = max + 1;
		for (j = 0; j < is->n + i; j++) {
			const struct token *o = j < is->n ? &is->t[j] :
			    &t[j - is->n];

			if (same_pair(&t[i], o) && o->attempt == t[i].attempt) {
				es_warn("issue: %s: candidate %s, test %s,"
				    " attempt %d is already issued%s: a retake"
				    " needs the next attempt number", csv,
				    t[i].candidate, t[i].test, t[i].attempt,
				    j < is->n ? "" : " earlier in the file");
				bad = 1;
				break;
			}
		}
		if (t[i].attempt > 99) {
			es_warn("issue: %s: candidate %s, test %s: no attempt"
			    " numbers left after 99", csv, t[i].candidate,
			    t[i].test);
			bad = 1;
		}
	}
	return (bad ? -1 : 0);
}

/* Give every token a code that no other token of this run has. */
static void
unique_codes(struct token *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		do {
			free(t[i].code);
			t[i].code = xmalloc(SEAL_CODE_TEXT(TOKEN_CODE_SYMBOLS));
			seal_code_generate(t[i].code, TOKEN_CODE_SYMBOLS);
			for (j = 0; j < i; j++)
				if (strcmp(t[i].code, t[j].code) == 0)
					break;
		} while (j < i);
	}
}

/* Print a CSV field, quoted when it needs to be. */
static void
put_field(const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL)
		fputs(s, stdout);
	else {
		putchar('"');
		for (p = s; *p != '\0'; p++) {
			if (*p == '"')
				putchar('"');
			putchar(*p);
		}
		putchar('"');
	}
	putchar(last ? '\n' : ',');
}

static int
write_tokens(const struct issue_opts *o, struct token *t, size_t n,
    const struct sig_seckey *key)
{
	char *path, num[16], err[ERR_LEN];
	size_t i;

	puts("candidate,name,test,attempt,code,file");
	for (i = 0; i < n; i++) {
		if (token_write(o->out, &t[i], key, &path, err) == -1) {
			es_warn("issue: token of candidate %s: %s; %zu of %zu"
			    " tokens were written", t[i].candidate, err, i, n);
			return (-1);
		}
		snprintf(num, sizeof num, "%d", t[i].attempt);
		put_field(t[i].candidate, 0);
		put_field(t[i].name, 0);
		put_field(t[i].test, 0);
		put_field(num, 0);
		put_field(t[i].code, 0);
		put_field(path, 1);
		free(path);
	}
	return (0);
}

static int
read_csv(const struct issue_opts *o, struct token **t, size_t *n)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN];
	size_t i;

	if (token_read_csv(o->csv, t, n, &pr, err) == 0)
		return (0);
	for (i = 0; i < pr.n; i++)
		fprintf(stderr, "  - %s\n", pr.lines[i]);
	es_warn("issue: %s: nothing was issued; correct the file and run"
	    " issue again", err);
	i = pr.n;
	problems_free(&pr);
	return (i > 0 ? EXIT_REJECTED : EXIT_USAGE);
}

static int
issue_run(const struct issue_opts *o, struct token *t, size_t n)
{
	struct sig_seckey *key;
	struct sig_pubkey pk;
	struct issued is;
	int rc = EXIT_USAGE;

	if ((key = es_load_key(o->keyfile, o->passfile, "issue")) == NULL)
		return (EXIT_USAGE);
	memcpy(pk.keyid, key->keyid, sizeof pk.keyid);
	memcpy(pk.pk, key->sk + 32, sizeof pk.pk);
	if (mkdir(o->out, 0755) == -1 && errno != EEXIST)
		es_warn("issue: create %s: %s", o->out, strerror(errno));
	else if (issued_read(o->out, &pk, &is) == -1)
		es_warn("issue: read %s: %s", o->out, strerror(errno));
	else {
		if (number_attempts(t, n, &is, o->csv) == -1)
			rc = EXIT_REJECTED;
		else {
			unique_codes(t, n);
			rc = write_tokens(o, t, n, key) == 0 ? EXIT_OK :
			    EXIT_USAGE;
		}
		issued_free(&is);
	}
	sig_seckey_free(key);
	return (rc);
}

int
cmd_issue(int argc, char **argv)
{
	struct issue_opts o;
	struct token *t;
	size_t n, i;
	int rc;

	if ((rc = issue_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	if ((rc = read_csv(&o, &t, &n)) != 0)
		return (rc);
	rc = issue_run(&o, t, n);
	for (i = 0; i < n; i++)
		token_free(&t[i]);
	free(t);
	return (rc);
}
