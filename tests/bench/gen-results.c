/*
 * Write COUNT finished, signed attempts into a new stick folder for the
 * reloader verify benchmark: DIR/examstick/keys/stick.{pub,key} (a fresh
 * key pair without a password), one journal per attempt under
 * attempts/ and its result and signature under results/.
 *
 *	gen-results DIR COUNT
 *
 * Each attempt is a 20-item test: every item shown and answered, two
 * shuffled choice orders and a flag, so each journal has 66 records.
 * Every journal record is fsync'd, so DIR is best on a tmpfs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attempt.h"
#include "result.h"
#include "sig.h"
#include "util.h"

#define NITEMS	20

static const char *progname = "gen-results";

struct bench_stick {
	char			*dir;		/* DIR/examstick */
	char			*results;
	char			 id[17];
	struct sig_seckey	*sk;
};

static int
make_dirs(const char *dir, char *err)
{
	static const char *subs[] = { "keys", "attempts", "results" };
	char *sub;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]) && rc == 0; i++) {
		sub = util_path_join(dir, subs[i]);
		rc = util_mkdir_p(sub, err);
		free(sub);
	}
	return (rc);
}

static int
stick_open(struct bench_stick *s, const char *root, char *err)
{
	struct sig_pubkey pk;
	char *pub, *sec;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->dir = util_path_join(root, "examstick");
	s->results = util_path_join(s->dir, "results");
	if (make_dirs(s->dir, err) != 0)
		return (-1);
	pub = util_path_join(s->dir, "keys/stick.pub");
	sec = util_path_join(s->dir, "keys/stick.key");
	if (sig_keygen(pub, sec, NULL, "benchmark stick", err) == 0 &&
	    sig_pubkey_load(&pk, pub, err) == 0 &&
	    (s->sk = sig_seckey_load(sec, NULL, err)) != NULL) {
		sig_keyid_hex(pk.keyid, s->id);
		rc = 0;
	}
	free(pub);
	free(sec);
	return (rc);
}

static void
stick_close(struct bench_stick *s)
{
	sig_seckey_free(s->sk);
	free(s->dir);
	free(s->results);
}

/* Show and answer every item, as a candidate going through in order. */
static int
sit(struct attempt *a, int n, char *err)
{
	static const char *letters[] = { "A", "B", "C", "D" };
	char text[32];
	const char *one[1];
	size_t i;

	for (i = 0; i < NITEMS; i++) {
		if (attempt_show(a, i, err) != 0)
			return (-1);
		if (i % 2 == 0)
			one[0] = letters[(i + (size_t)n) % 4];
		else {
			snprintf(text, sizeof(text), "answer-%d-%zu", n, i);
			one[0] = text;
		}
		if (attempt_answer(a, a->items[i], "RESPONSE", 1, one,
		    err) != 0)
			return (-1);
	}
	if (attempt_flag(a, 3, 1, err) != 0)
		return (-1);
	return (attempt_end(a, "submitted", err));
}

static int
write_one(struct bench_stick *s, int n, char *err)
{
	static char *order[] = { "C", "A", "D", "B" };
	static const struct attempt_order orders[] = {
		{ "I01", "RESPONSE", 4, order },
		{ "I03", "RESPONSE", 4, order },
	};
	char *items[NITEMS], id[64], cand[32], rel[128], *jpath, *rpath;
	struct attempt_info info;
	struct attempt *a;
	size_t i;
	int rc;

	for (i = 0; i < NITEMS; i++) {
		items[i] = malloc(8);
		snprintf(items[i], 8, "I%02zu", i + 1);
	}
	snprintf(cand, sizeof(cand), "%05d", n);
	snprintf(id, sizeof(id), "%s-bench-1", cand);
	snprintf(rel, sizeof(rel), "attempts/%s.journal", id);
	memset(&info, 0, sizeof(info));
	info.id = id;
	info.centre = "99999";
	info.stick = s->id;
	info.candidate = cand;
	info.name = "Benchmark Candidate";
	info.test = "bench";
	info.title = "Benchmark test";
	info.number = 1;
	info.allowed_ms = 3600000;
	info.machine = "bench-machine";
	info.items = (const char **)items;
	info.nitems = NITEMS;
	info.orders = orders;
	info.norders = 2;

	jpath = util_path_join(s->dir, rel);
	a = attempt_start(jpath, &info, err);
	rc = a == NULL ? -1 : 0;
	if (rc == 0) {
		attempt_clock_start(a);
		rc = sit(a, n, err);
	}
	if (rc == 0) {
		rc = result_write(s->results, rel, a, s->sk, &rpath, err);
		if (rc == 0)
			free(rpath);
	}
	attempt_free(a);
	free(jpath);
	for (i = 0; i < NITEMS; i++)
		free(items[i]);
	return (rc);
}

int
main(int argc, char **argv)
{
	struct bench_stick s;
	char err[ERR_LEN], *end;
	long count, n;
	int rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DIR COUNT\n", progname);
		return (2);
	}
	errno = 0;
	count = strtol(argv[2], &end, 10);
	if (errno != 0 || *end != '\0' || count < 1 || count > 99999) {
		fprintf(stderr, "%s: invalid COUNT: %s: give 1 to 99999\n",
		    progname, argv[2]);
		return (2);
	}
	if (stick_open(&s, argv[1], err) != 0) {
		fprintf(stderr, "%s: make stick: %s: %s\n", progname,
		    argv[1], err);
		stick_close(&s);
		return (2);
	}
	for (n = 1; n <= count && rc == 0; n++) {
		if (write_one(&s, (int)n, err) != 0) {
			fprintf(stderr, "%s: attempt %ld: %s\n", progname, n,
			    err);
			rc = 2;
		}
	}
	stick_close(&s);
	return (rc);
}
