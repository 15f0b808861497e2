/*
 * examstick approve: read the approval results of a centre's computers,
 * from result bundles or loose files, check that each verifies with its
 * stick's key and that the latest result of every computer passed every
 * check, then write the centre approval record signed with the awarding
 * body's key.  The centre names that record in examiner.conf.
 */
#include <ftw.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approval.h"
#include "bundle.h"
#include "examstick.h"
#include "sig.h"

struct approve_opts {
	const char	 *keyfile;
	const char	 *passfile;
	const char	 *out;
	const char	 *centre_key;
	const char	 *stick_key;
	char		**inputs;
	int		  ninputs;
};

/* The approval results read so far, with where each came from. */
struct approvals {
	struct approval	*v;
	char		**from;
	size_t		 n;
	int		 failed;
};

static void
approve_usage(FILE *out)
{
	fprintf(out, "usage: examstick approve --key SIGNING.key --out FILE"
	    " [--passphrase-file FILE]\n"
	    "       [--centre-key CENTRE.pub] [--stick-key STICK.pub]"
	    " BUNDLE|FILE...\n"
	    "\n"
	    "Read the approval results that examiner --approval-task wrote,"
	    " from result\n"
	    "bundles (.tar, checked with --centre-key) or approval files"
	    " (.approval,\n"
	    "checked with --stick-key or the keys/ folder beside their"
	    " approval/ folder).\n"
	    "When every file verifies, all are for one centre, and the latest"
	    " result of\n"
	    "each computer passed every check, write FILE: the centre approval"
	    " record,\n"
	    "signed with the awarding body's key, naming the centre and the"
	    " computers.\n"
	    "\n"
	    "  -k, --key FILE              the awarding body's signing.key\n"
	    "  -p, --passphrase-file FILE  read the key's passphrase from"
	    " FILE\n"
	    "  -o, --out FILE              the record to write (must not"
	    " exist)\n"
	    "  -c, --centre-key FILE       the centre's public key, for"
	    " bundles\n"
	    "  -s, --stick-key FILE        the stick's public key, for"
	    " approval files\n"
	    "  -h, --help                  print this help\n"
	    "\n"
	    "Exit status: 0 record written, 1 a file or a check failed, 2"
	    " usage or I/O\nerror.\n");
}

static int
approve_parse(int argc, char **argv, struct approve_opts *o)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "centre-key", required_argument, NULL, 'c' },
		{ "stick-key", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:p:o:c:s:h", opts, NULL)) !=
	    -1) {
		if (c == 'k')
			o->keyfile = optarg;
		else if (c == 'p')
			o->passfile = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'c')
			o->centre_key = optarg;
		else if (c == 's')
			o->stick_key = optarg;
		else {
			approve_usage(c == 'h' ? stdout : stderr);
			return (c == 'h' ? 1 : -1);
		}
	}
	o->inputs = argv + optind;
	o->ninputs = argc - optind;
	if (o->keyfile == NULL || o->out == NULL || o->ninputs == 0) {
		es_warn("approve: --key, --out and at least one bundle or"
		    " approval file are required; see examstick approve"
		    " --help");
		return (-1);
	}
	return (0);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return (n > m && strcmp(s + n - m, suffix) == 0);
}

static void
approvals_free(struct approvals *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		approval_free(&as->v[i]);
		free(as->from[i]);
	}
	free(as->v);
	free(as->from);
	memset(as, 0, sizeof *as);
}

/* Verify one approval file and keep it; label names it in messages. */
static void
read_one(struct approvals *as, const char *path, const char *label,
    const struct sig_pubkey *pk)
{
	struct approval a;
	char err[ERR_LEN];

	if (approval_verify(path, pk, &a, err) != APPROVAL_OK) {
		es_warn("approve: %s: %s", label, err);
		as->failed = 1;
		return;
	}
	as->v = xrealloc(as->v, (as->n + 1) * sizeof *as->v);
	as->from = xrealloc(as->from, (as->n + 1) * sizeof *as->from);
	as->v[as->n] = a;
	as->from[as->n++] = xstrdup(label);
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return (0);
}

/* Verify a bundle, then each approval result in it with its stick key. */
static int
read_bundle(struct approvals *as, const char *path,
    const struct sig_pubkey *centre)
{
	struct bundle_manifest m;
	const char *tmp = getenv("TMPDIR");
	char *dir, *file, *label, err[ERR_LEN];
	enum bundle_status st;
	size_t i, before = as->n;

	xasprintf(&dir, "%s/examstick-approve.XXXXXX", tmp != NULL &&
	    *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		es_warn("approve: %s: cannot make a folder to read it in: %s",
		    path, dir);
		free(dir);
		return (-1);
	}
	memset(&m, 0, sizeof m);
	st = bundle_verify(path, centre, dir, &m, err);
	if (st != BUNDLE_OK) {
		es_warn("approve: %s: %s: %s", path, bundle_status_text(st),
		    err);
		as->failed = 1;
	}
	for (i = 0; st == BUNDLE_OK && i < m.nfiles; i++) {
		if (strncmp(m.files[i].path, APPROVAL_DIR "/",
		    strlen(APPROVAL_DIR "/")) != 0)
			continue;
		file = util_path_join(dir, m.files[i].path);
		xasprintf(&label, "%s:%s", path, m.files[i].path);
		read_one(as, file, label, NULL);
		free(file);
		free(label);
	}
	if (st == BUNDLE_OK && as->n == before)
		es_warn("approve: %s: the bundle holds no approval results",
		    path);
	bundle_manifest_free(&m);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return (0);
}

static int
read_inputs(const struct approve_opts *o, struct approvals *as)
{
	struct sig_pubkey centre, stick, *sp = NULL;
	char err[ERR_LEN];
	int i, have_centre = 0;

	if (o->stick_key != NULL) {
		if (sig_pubkey_load(&stick, o->stick_key, err) == -1) {
			es_warn("approve: %s", err);
			return (-1);
		}
		sp = &stick;
	}
	for (i = 0; i < o->ninputs; i++) {
		if (has_suffix(o->inputs[i], APPROVAL_SUFFIX)) {
			read_one(as, o->inputs[i], o->inputs[i], sp);
			continue;
		}
		if (!have_centre && (o->centre_key == NULL ||
		    sig_pubkey_load(&centre, o->centre_key, err) == -1)) {
			es_warn("approve: %s: a bundle needs --centre-key, the"
			    " centre's public key%s%s", o->inputs[i],
			    o->centre_key != NULL ? ": " : "",
			    o->centre_key != NULL ? err : "");
			return (-1);
		}
		have_centre = 1;
		if (read_bundle(as, o->inputs[i], &centre) == -1)
			return (-1);
	}
	return (0);
}

/* The index of the latest approval result of machine, or n. */
static size_t
latest_of(const struct approvals *as, const char *machine)
{
	size_t i, best = as->n;

	for (i = 0; i < as->n; i++)
		if (strcmp(as->v[i].machine, machine) == 0 &&
		    (best == as->n || as->v[i].date >= as->v[best].date))
			best = i;
	return (best);
}

static void
report_failed(const struct approvals *as, size_t k)
{
	const struct approval *a = &as->v[k];
	char when[32];
	size_t i;

	util_iso_time(when, a->date);
	for (i = 0; i < APPROVAL_NCHECKS; i++)
		if (!a->checks[i].pass)
			es_warn("approve: %s: machine %s, %s: check %s failed:"
			    " %s; run examiner --approval-task on it again"
			    " once it is fixed", as->from[k], a->machine,
			    when, approval_check_names[i],
			    a->checks[i].detail);
}

/* Fill the record from the latest result of each machine; -1 if any failed. */
static int
decide(const struct approvals *as, struct approval_record *r)
{
	size_t i, k;
	int rc = 0;

	memset(r, 0, sizeof *r);
	for (i = 0; i < as->n; i++) {
		if (strcmp(as->v[i].centre, as->v[0].centre) != 0) {
			es_warn("approve: %s is for centre %s, but %s is for"
			    " centre %s: approve one centre at a time",
			    as->from[i], as->v[i].centre, as->from[0],
			    as->v[0].centre);
			return (-1);
		}
		if ((k = latest_of(as, as->v[i].machine)) != i) {
			if (!approval_passed(&as->v[i]))
				printf("%s: failed, but machine %s has a later"
				    " result in %s\n", as->from[i],
				    as->v[i].machine, as->from[k]);
			continue;
		}
		if (!approval_passed(&as->v[i])) {
			report_failed(as, i);
			rc = -1;
			continue;
		}
		r->machines = xrealloc(r->machines, (r->nmachines + 1) *
		    sizeof *r->machines);
		r->machines[r->nmachines++] = xstrdup(as->v[i].machine);
	}
	if (r->nmachines > APPROVAL_MACHINES_MAX) {
		es_warn("approve: %zu machines: one record holds at most %d",
		    r->nmachines, APPROVAL_MACHINES_MAX);
		rc = -1;
	}
	r->centre = xstrdup(as->v[0].centre);
	r->approved = util_wall_seconds();
	return (rc);
}

static int
approve_run(const struct approve_opts *o)
{
	struct approvals as = { 0 };
	struct approval_record r = { 0 };
	struct sig_seckey *key = NULL;
	char err[ERR_LEN];
	int rc = EXIT_USAGE;

	if (access(o->out, F_OK) == 0) {
		es_warn("approve: %s already exists: choose another name",
		    o->out);
		return (EXIT_USAGE);
	}
	if (read_inputs(o, &as) == -1)
		goto out;
	rc = EXIT_REJECTED;
	if (as.n == 0) {
		es_warn("approve: no approval result verified: nothing to"
		    " approve");
		goto out;
	}
	if (as.failed || decide(&as, &r) == -1) {
		es_warn("approve: %s not written", o->out);
		goto out;
	}
	rc = EXIT_USAGE;
	if ((key = es_load_key(o->keyfile, o->passfile, "approve")) == NULL)
		goto out;
	if (approval_record_write(o->out, &r, key, err) == -1) {
		es_warn("approve: %s", err);
		goto out;
	}
	printf("%s: centre %s approved with %zu computer%s\n", o->out,
	    r.centre, r.nmachines, r.nmachines == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	sig_seckey_free(key);
	approval_record_free(&r);
	approvals_free(&as);
	return (rc);
}

int
cmd_approve(int argc, char **argv)
{
	struct approve_opts o;
	int rc;

	if ((rc = approve_parse(argc, argv, &o)) != 0)
		return (rc == 1 ? EXIT_OK : EXIT_USAGE);
	return (approve_run(&o));
}
