/*
 * reloader status: list the sticks plugged in (found with the same
 * discovery as the Examiner), or the folder given with --stick, with
 * each stick's id, label, mount point, attempts in progress, results
 * waiting to be collected, test packages and candidate tokens.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "discover.h"
#include "reloader.h"
#include "seal.h"
#include "sig.h"
#include "stick.h"
#include "token.h"

/* Counts of one stick's attempts and results. */
struct status_counts {
	char		**in_progress;	/* attempt ids without a result */
	size_t		  nin_progress;
	size_t		  waiting;	/* results not collected yet */
};

static void
status_usage(FILE *out)
{
	fprintf(out, "usage: reloader status [--stick DIR | --label LABEL]\n"
	    "\n"
	    "List the exam sticks plugged in, found as the Examiner finds"
	    " them (a USB\n"
	    "partition labelled LABEL with an examstick/ folder), or the"
	    " stick folder DIR:\n"
	    "stick id, label, mount point, attempts in progress and results"
	    " waiting\n"
	    "to be collected.  Partitions with the label that cannot be"
	    " used are\n"
	    "listed with the reason.\n"
	    "\n"
	    "  -s, --stick DIR   a stick folder, in place of discovery\n"
	    "  -l, --label LABEL the volume label to look for: stick_label"
	    " in\n"
	    "                    reloader.conf, else "
	    DISCOVER_LABEL_DEFAULT "\n"
	    "  -h, --help        print this help\n"
	    "\n"
	    "Exit status: 0 a stick was listed, 1 no stick was found, 2"
	    " usage or\n"
	    "I/O error.\n");
}

/* The stick id: by examiner.conf's stick_pubkey, else keys/stick.pub. */
static int
status_id(const char *root, char *id, size_t len, void *arg)
{
	struct sig_pubkey pk;
	char out[17], err[ERR_LEN], *pub;
	int rc;

	if (stick_key_id(root, out, err) == 0) {
		util_strlcpy(id, out, len);
		return (0);
	}
	pub = util_path_join(root, "examstick/keys/stick.pub");
	rc = sig_pubkey_load(&pk, pub, err);
	free(pub);
	if (rc != 0)
		return (-1);
	sig_keyid_hex(pk.keyid, out);
	util_strlcpy(id, out, len);
	return (0);
}

static int
has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return (n > s && strcmp(name + n - s, suffix) == 0);
}

/* Whether examstick/results/ID.EXT exists. */
static int
result_file(const char *root, const char *id, size_t idlen,
    const char *ext)
{
	char *path;
	int found;

	xasprintf(&path, "%s/examstick/results/%.*s%s", root, (int)idlen, id,
	    ext);
	found = access(path, F_OK) == 0;
	free(path);
	return (found);
}

static void
count_attempts(const char *root, struct status_counts *c)
{
	struct dirent *de;
	char *path;
	size_t n;
	DIR *d;

	path = util_path_join(root, "examstick/attempts");
	d = opendir(path);
	free(path);
	if (d == NULL)
		return;		/* no attempt was ever started */
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, ".journal"))
			continue;
		n = strlen(de->d_name) - strlen(".journal");
		if (result_file(root, de->d_name, n, ".result"))
			continue;
		c->in_progress = xrealloc(c->in_progress,
		    (c->nin_progress + 1) * sizeof(*c->in_progress));
		c->in_progress[c->nin_progress++] = xstrndup(de->d_name, n);
	}
	closedir(d);
}

static void
count_results(const char *root, struct status_counts *c)
{
	struct dirent *de;
	char *path;
	size_t n;
	DIR *d;

	path = util_path_join(root, "examstick/results");
	d = opendir(path);
	free(path);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!has_suffix(de->d_name, ".result"))
			continue;
		n = strlen(de->d_name) - strlen(".result");
		if (!result_file(root, de->d_name, n, ".collected"))
			c->waiting++;
	}
	closedir(d);
}

static int
compare_names(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
print_package(const char *name, const char *path, const struct body_key *bk,
    const char *key_err)
{
	struct seal_info info;
	char err[ERR_LEN];

	if (!bk->loaded) {
		printf("  package %s: not checked: %s\n", name, key_err);
		return;
	}
	if (seal_verify(path, &bk->pk, &info, err) != SEAL_OK) {
		printf("  package %s: BAD: %s\n", name,
		    stickfile_reason(path, err));
		return;
	}
	printf("  package %s: test %s version %u%s, signed\n", name,
	    info.test, info.version, info.practice ? " (practice)" : "");
	seal_info_free(&info);
}

/* List each package on the stick with its test and signature check. */
static void
print_packages(const char *root, const struct body_key *bk,
    const char *key_err)
{
	struct dirent **names;
	char *dir, *path;
	const char *name;
	size_t npkg = 0;
	int i, n;

	dir = util_path_join(root, "examstick/packages");
	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		name = names[i]->d_name;
		path = util_path_join(dir, name);
		if (name[0] != '.' &&
		    stickfile_kind(path) == STICKFILE_PACKAGE) {
			npkg++;
			print_package(name, path, bk, key_err);
		} else if (name[0] != '.' && has_suffix(name, ".zip")) {
			npkg++;
			printf("  package %s: a plain zip, not sealed"
			    "\n", name);
		}
		free(path);
		free(names[i]);
	}
	if (n > 0)
		free(names);
	free(dir);
	printf("  packages:             %zu\n", npkg);
}

/* Count the stick's tokens: unused, used, expired and failing. */
static void
print_tokens(const char *root, const struct body_key *bk,
    const char *key_err)
{
	size_t count[4] = { 0, 0, 0, 0 };	/* unused used expired bad */
	struct dirent **names;
	struct token t;
	enum token_status ts;
	const char *state;
	char err[ERR_LEN], *dir, *path;
	int i, n;

	dir = util_path_join(root, "examstick/tokens");
	n = bk->loaded ? scandir(dir, &names, NULL, alphasort) : -1;
	for (i = 0; i < n; i++) {
		path = util_path_join(dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' &&
		    stickfile_kind(path) == STICKFILE_TOKEN) {
			state = token_state(path, &bk->pk, &t, &ts, err);
			if (state == NULL) {
				count[3]++;
				printf("  token %s: BAD: %s\n",
				    names[i]->d_name,
				    stickfile_reason(path, err));
			} else {
				if (strcmp(state, "expired") == 0)
					count[2]++;
				else if (strcmp(state, "used") == 0)
					count[1]++;
				else
					count[0]++;
				token_free(&t);
			}
		}
		free(path);
		free(names[i]);
	}
	if (n > 0)
		free(names);
	free(dir);
	if (!bk->loaded)
		printf("  tokens:               not checked: %s\n", key_err);
	else
		printf("  tokens:               %zu unused, %zu used, %zu"
		    " expired, %zu failing their check\n", count[0],
		    count[1], count[2], count[3]);
}

/* List the packages and tokens, checked with the awarding body's key. */
static void
print_body_files(const char *root)
{
	struct body_key bk;
	char err[ERR_LEN], *dir;

	dir = util_path_join(root, "examstick");
	if (body_key_load(&bk, NULL, dir, err) == -1)
		bk.loaded = 0;
	free(dir);
	print_packages(root, &bk, err);
	print_tokens(root, &bk, err);
}

static void
print_counts(const char *root)
{
	struct status_counts c;
	size_t i;

	memset(&c, 0, sizeof(c));
	count_attempts(root, &c);
	count_results(root, &c);
	if (c.nin_progress > 1)
		qsort(c.in_progress, c.nin_progress, sizeof(*c.in_progress),
		    compare_names);
	printf("  attempts in progress: %zu", c.nin_progress);
	for (i = 0; i < c.nin_progress; i++)
		printf("%s%s", i == 0 ? " (" : ", ", c.in_progress[i]);
	printf("%s\n", c.nin_progress > 0 ? ")" : "");
	printf("  results waiting:      %zu\n", c.waiting);
	print_body_files(root);
	for (i = 0; i < c.nin_progress; i++)
		free(c.in_progress[i]);
	free(c.in_progress);
}

static void
print_size(uint64_t bytes)
{
	if (bytes >= 1000000000ULL)
		printf("%.1f GB", bytes / 1e9);
	else
		printf("%.1f MB", bytes / 1e6);
}

static void
print_found(const struct stick_candidate *s)
{
	printf("stick %s\n", s->id[0] ? s->id : "unknown (no public key)");
	printf("  label:                %s\n", s->label);
	printf("  mount point:          %s\n", s->mountpoint);
	printf("  partition:            %s (%s), ", s->devnode, s->sysname);
	print_size(s->size);
	printf("%s%s\n", s->serial ? ", serial " : "",
	    s->serial ? s->serial : "");
	print_counts(s->mountpoint);
}

/* --stick DIR: the folder itself, with the label from examiner.conf. */
static int
status_folder(const char *root)
{
	char id[17], err[ERR_LEN], *path;
	struct stick st;
	struct conf conf;
	int have_conf;

	if (stick_open(&st, root, err) != 0) {
		reloader_warn("status: %s", err);
		return (RELOADER_FAIL);
	}
	have_conf = conf_load(&conf, st.conf, st.root, NULL, err) == 0;
	path = st.root;
	printf("stick %s\n", status_id(path, id, sizeof(id), NULL) == 0 ?
	    id : "unknown (no public key)");
	printf("  label:                %s\n", have_conf && conf.stick_label ?
	    conf.stick_label : "-");
	printf("  mount point:          %s\n", path);
	print_counts(path);
	if (have_conf)
		conf_free(&conf);
	stick_free(&st);
	return (RELOADER_OK);
}

static int
status_discover(const char *label)
{
	struct stick_candidate *list = NULL, *rej = NULL;
	size_t n = 0, nrej = 0, i;
	struct discover d;
	char err[ERR_LEN];

	if (discover_init(&d, label, err) != 0) {
		reloader_warn("status: %s", err);
		return (RELOADER_USAGE);
	}
	d.stick_id = status_id;
	if (discover_scan(&d, &list, &n, &rej, &nrej, err) != 0) {
		reloader_warn("status: %s", err);
		discover_free(&d);
		return (RELOADER_USAGE);
	}
	for (i = 0; i < n; i++)
		print_found(&list[i]);
	for (i = 0; i < nrej; i++)
		printf("not used: %s (%s, label %s): %s\n", rej[i].sysname,
		    rej[i].devnode, rej[i].label, rej[i].reason);
	if (n == 0)
		reloader_warn("status: no exam stick found: plug in a stick "
		    "whose data partition is labelled %s", d.label);
	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	discover_free(&d);
	return (n > 0 ? RELOADER_OK : RELOADER_FAIL);
}

int
cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stick", required_argument, NULL, 's' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *stick = NULL;
	const char *label = RCONF_OR(stick_label, DISCOVER_LABEL_DEFAULT);
	char err[ERR_LEN];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:l:h", opts, NULL)) != -1) {
		if (c == 's') {
			stick = optarg;
		} else if (c == 'l') {
			label = optarg;
		} else {
			status_usage(c == 'h' ? stdout : stderr);
			return (c == 'h' ? RELOADER_OK : RELOADER_USAGE);
		}
	}
	if (stick == NULL && discover_label_check(label, err) != 0) {
		reloader_warn("status: %s", err);
		return (RELOADER_USAGE);
	}
	if (optind != argc) {
		reloader_warn("status: unexpected argument: %s; see reloader "
		    "status --help", argv[optind]);
		return (RELOADER_USAGE);
	}
	return (stick != NULL ? status_folder(stick) :
	    status_discover(label));
}
