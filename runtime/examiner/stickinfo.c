/*
 * Reading the stick: its folders, examiner.conf and the roster, and
 * opening the log when -v or `log = yes` asks for it.
 */
#include <stdlib.h>
#include <string.h>

#include "examiner.h"

void
stick_unload(struct ex *ex)
{
	if (ex->have_roster)
		roster_free(&ex->roster);
	if (ex->have_conf)
		conf_free(&ex->conf);
	if (ex->have_stick)
		stick_free(&ex->stick);
	problems_free(&ex->conf_problems);
	ex->have_roster = ex->have_conf = ex->have_stick = 0;
	ex->stick_ok = 0;
}

static void
open_log(struct ex *ex)
{
	char err[ERR_LEN], *path;

	if (log_enabled() || (!ex->verbose && !ex->conf.log))
		return;
	path = util_path_join(ex->stick.log, "examiner.log");
	if (log_open(path, err) == 0)
		log_msg("examiner started: stick %s, machine %s",
		    ex->stick.root, ex->machine);
	else
		snprintf(ex->message, sizeof(ex->message),
		    "The log cannot be written: %s", err);
	free(path);
}

/*
 * Find a stick with libudev when no --stick was given: the first usable
 * data partition labelled EXAMSTICK.  Partitions with the label that
 * cannot be used are listed with the reason in conf_problems.
 */
static const char *
find_stick(struct ex *ex, char *err)
{
	struct stick_candidate *list = NULL, *rej = NULL;
	size_t n = 0, nrej = 0, i;

	if (ex->root != NULL)
		return (ex->root);
	if (!ex->have_disc) {
		if (discover_init(&ex->disc, NULL, err) != 0)
			return (NULL);
		ex->have_disc = 1;
	}
	if (discover_scan(&ex->disc, &list, &n, &rej, &nrej, err) != 0)
		return (NULL);
	free(ex->found_root);
	ex->found_root = NULL;
	for (i = 0; i < n && ex->found_root == NULL; i++)
		if (list[i].mountpoint != NULL)
			ex->found_root = xstrdup(list[i].mountpoint);
	for (i = 0; i < nrej; i++)
		problems_add(&ex->conf_problems, "%s: %s", rej[i].devnode,
		    rej[i].reason ? rej[i].reason : "not usable");
	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	if (ex->found_root == NULL)
		errf(err, "no examstick stick found: plug in the stick with "
		    "the label %s and press R, or start the Examiner with "
		    "--stick DIR", DISCOVER_LABEL_DEFAULT);
	else
		log_msg("stick found by discovery: %s", ex->found_root);
	return (ex->found_root);
}

/*
 * Read the stick again from the start.  On failure stick_err says what
 * failed and stick_ok stays 0; what was read is kept for the PIN.
 */
void
stick_load(struct ex *ex)
{
	char *err = ex->stick_err;
	const char *root;

	stick_unload(ex);
	memset(&ex->stick, 0, sizeof(ex->stick));
	memset(&ex->conf, 0, sizeof(ex->conf));
	memset(&ex->roster, 0, sizeof(ex->roster));
	err[0] = '\0';
	root = find_stick(ex, err);
	if (root == NULL || stick_open(&ex->stick, root, err) != 0)
		return;
	ex->have_stick = 1;
	if (conf_load(&ex->conf, ex->stick.conf, ex->stick.root,
	    &ex->conf_problems, err) != 0)
		return;
	ex->have_conf = 1;
	open_log(ex);
	ex->scheme = ex->conf.scheme;
	term_scheme(ex->scheme);
	if (roster_load(&ex->roster, ex->conf.roster, err) != 0) {
		log_msg("roster: %s", err);
		return;
	}
	ex->have_roster = 1;
	if (ex->conf.ntests == 0) {
		errf(err, "%s: no [test] section: add one for each test "
		    "this stick delivers", ex->stick.conf);
		return;
	}
	ex->stick_ok = 1;
}

/* Let go of the stick found by discovery, unmounting what was mounted. */
void
stick_release(struct ex *ex)
{
	if (ex->have_disc)
		discover_free(&ex->disc);
	ex->have_disc = 0;
	free(ex->found_root);
	ex->found_root = NULL;
}
