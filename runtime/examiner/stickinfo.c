/*
 * Reading the stick: finding it (--stick, or discovery with libudev),
 * its folders, examiner.conf and the roster, and opening the log when -v
 * or `log = yes` asks for it.  When the stick comes back at a new mount
 * point, every path into it is moved there.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

void
stick_unload(struct ex *ex)
{
	unlock_free(ex);
	token_logout(ex);
	free(ex->tokens_dir);
	ex->tokens_dir = NULL;
	ex->token_login = 0;
	if (ex->have_roster)
		roster_free(&ex->roster);
	if (ex->have_conf)
		conf_free(&ex->conf);
	if (ex->have_stick)
		stick_free(&ex->stick);
	if (ex->have_sw)
		stickwatch_free(&ex->sw);
	problems_free(&ex->conf_problems);
	ex->have_roster = ex->have_conf = ex->have_stick = ex->have_sw = 0;
	ex->stick_ok = 0;
	ex->stick_id[0] = '\0';
}

/* Write what the last scan found, which was before the log was open. */
void
stick_log_scan(struct ex *ex)
{
	size_t i;

	if (ex->root != NULL)
		return;
	for (i = 0; i < ex->nfound; i++)
		log_msg("stick search: %s (%s, label %s): usable stick at %s, "
		    "id %s", ex->found[i].sysname, ex->found[i].devnode,
		    ex->found[i].label, ex->found[i].mountpoint,
		    ex->found[i].id[0] ? ex->found[i].id : "unknown");
	for (i = 0; i < ex->nrejected; i++)
		log_msg("stick search: %s (%s, label %s): ignored: %s",
		    ex->rejected[i].sysname, ex->rejected[i].devnode,
		    ex->rejected[i].label, ex->rejected[i].reason);
}

/*
 * Open the log on the stick.  When the stick in use is back (reopen
 * set), the log is opened again even at the same path, because the file
 * open before is on the mount that was pulled out.  It then goes on
 * without the start lines: nothing started and no new search was made.
 */
static void
open_log(struct ex *ex, int reopen)
{
	char err[ERR_LEN], *path;

	if (!ex->verbose && !ex->conf.log)
		return;
	path = util_path_join(ex->stick.log, "examiner.log");
	if (!reopen && log_enabled() && ex->log_path != NULL &&
	    strcmp(path, ex->log_path) == 0) {
		free(path);
		return;
	}
	free(ex->log_path);
	ex->log_path = path;
	if (log_open(path, err) != 0) {
		snprintf(ex->message, sizeof(ex->message),
		    "The log cannot be written: %s", err);
		return;
	}
	if (reopen)
		return;
	log_msg("examiner started: stick %s, id %s, machine %s",
	    ex->stick.root, ex->stick_id[0] ? ex->stick_id : "unknown",
	    ex->machine);
	stick_log_scan(ex);
}

static int
start_discovery(struct ex *ex, char *err)
{
	if (ex->have_disc)
		return (0);
	if (discover_init(&ex->disc, ex->label, err) != 0)
		return (-1);
	ex->have_disc = 1;
	ex->disc.stick_id = stickwatch_id;
	/* Watch before the scan, so that no stick is missed between. */
	ex->disc_fd = discover_watch(&ex->disc, err);
	return (ex->disc_fd < 0 ? -1 : 0);
}

static void
forget_scan(struct ex *ex)
{
	discover_list_free(ex->found, ex->nfound);
	discover_list_free(ex->rejected, ex->nrejected);
	ex->found = ex->rejected = NULL;
	ex->nfound = ex->nrejected = 0;
}

/* The usable stick to use: the one picked, or the only one. */
static const struct stick_candidate *
pick(struct ex *ex)
{
	size_t i;

	for (i = 0; ex->chosen != NULL && i < ex->nfound; i++)
		if (strcmp(ex->found[i].sysname, ex->chosen) == 0)
			return (&ex->found[i]);
	free(ex->chosen);
	ex->chosen = NULL;
	return (ex->nfound == 1 ? &ex->found[0] : NULL);
}

/*
 * Look for sticks with libudev when no --stick was given.  Returns the
 * stick to use, or NULL with ex->find saying why.
 */
static const struct stick_candidate *
find_stick(struct ex *ex, char *err)
{
	const struct stick_candidate *c;

	forget_scan(ex);
	if (start_discovery(ex, err) != 0 ||
	    discover_scan(&ex->disc, &ex->found, &ex->nfound, &ex->rejected,
	    &ex->nrejected, err) != 0) {
		ex->find = FIND_ERROR;
		return (NULL);
	}
	if (ex->nfound == 0) {
		ex->find = FIND_NONE;
		errf(err, "no exam stick found: plug in the stick whose data "
		    "partition is labelled %s", ex->disc.label);
		return (NULL);
	}
	if ((c = pick(ex)) == NULL) {
		ex->find = FIND_CHOOSE;
		errf(err, "%zu exam sticks found: choose one", ex->nfound);
		return (NULL);
	}
	ex->find = FIND_OK;
	return (c);
}

/* Start watching the stick at root for removal. */
static void
watch_stick(struct ex *ex, const char *sysname)
{
	char err[ERR_LEN];

	if (stick_key_id(ex->stick.root, ex->stick_id, err) != 0)
		ex->stick_id[0] = '\0';
	stickwatch_init(&ex->sw, ex->stick.root, sysname, ex->stick_id);
	ex->have_sw = 1;
	ex->folder_check_ms = util_mono_ms();
}

/*
 * Read the stick again from the start.  On failure stick_err says what
 * failed and stick_ok stays 0; what was read is kept for the PIN.
 */
void
stick_load(struct ex *ex)
{
	const struct stick_candidate *c = NULL;
	char *err = ex->stick_err;
	const char *root = ex->root;

	stick_unload(ex);
	memset(&ex->stick, 0, sizeof(ex->stick));
	memset(&ex->conf, 0, sizeof(ex->conf));
	memset(&ex->roster, 0, sizeof(ex->roster));
	err[0] = '\0';
	ex->find = FIND_OK;
	if (root == NULL && (c = find_stick(ex, err)) == NULL)
		return;
	if (c != NULL)
		root = c->mountpoint;
	if (stick_open(&ex->stick, root, err) != 0)
		return;
	ex->have_stick = 1;
	watch_stick(ex, c != NULL ? c->sysname : NULL);
	if (conf_load(&ex->conf, ex->stick.conf, ex->stick.root,
	    &ex->conf_problems, err) != 0)
		return;
	ex->have_conf = 1;
	open_log(ex, 0);
	ex->scheme = ex->conf.scheme;
	term_scheme(ex->scheme);
	ex->tokens_dir = util_path_join(ex->stick.dir, "tokens");
	ex->token_login = token_count(ex->tokens_dir) > 0;
	if (!(ex->token_login && access(ex->conf.roster, F_OK) != 0) &&
	    roster_load(&ex->roster, ex->conf.roster, err) != 0) {
		log_msg("roster: %s", err);
		return;
	}
	ex->have_roster = !ex->token_login ||
	    access(ex->conf.roster, F_OK) == 0;
	if (ex->conf.ntests == 0) {
		errf(err, "%s: no [test] section: add one for each test "
		    "this stick delivers", ex->stick.conf);
		return;
	}
	ex->stick_ok = 1;
}

/* Move *path from under old to under root, when it is under old. */
static void
reroot_path(char **path, const char *old, const char *root)
{
	size_t n = strlen(old);
	char *moved;

	if (*path == NULL || strncmp(*path, old, n) != 0 ||
	    ((*path)[n] != '/' && (*path)[n] != '\0'))
		return;
	xasprintf(&moved, "%s%s", root, *path + n);
	free(*path);
	*path = moved;
}

/*
 * The stick in use is back at root: every path into it moves there when
 * root is a new mount point, and the log is opened again.  The roster,
 * configuration and package stay as read.
 */
void
stick_reroot(struct ex *ex, const char *root)
{
	char *old, err[ERR_LEN];
	struct stick st;
	size_t i;

	if (!ex->have_stick)
		return;
	if (strcmp(ex->stick.root, root) == 0) {
		if (ex->have_conf)
			open_log(ex, 1);
		return;
	}
	old = xstrdup(ex->stick.root);
	if (stick_open(&st, root, err) != 0) {
		ex_log(ex, "stick back at %s, but: %s", root, err);
		free(old);
		return;
	}
	stick_free(&ex->stick);
	ex->stick = st;
	reroot_path(&ex->conf.path, old, root);
	reroot_path(&ex->conf.roster, old, root);
	reroot_path(&ex->conf.stick_key, old, root);
	reroot_path(&ex->conf.stick_pubkey, old, root);
	for (i = 0; i < ex->conf.ntests; i++)
		reroot_path(&ex->conf.tests[i].package, old, root);
	reroot_path(&ex->journal_path, old, root);
	reroot_path(&ex->result_path, old, root);
	if (ex->have_conf)
		open_log(ex, 1);
	free(old);
}

/* Let go of discovery, unmounting what it mounted. */
void
stick_release(struct ex *ex)
{
	forget_scan(ex);
	if (ex->have_disc)
		discover_free(&ex->disc);
	ex->have_disc = 0;
	ex->disc_fd = -1;
	free(ex->chosen);
	ex->chosen = NULL;
	free(ex->log_path);
	ex->log_path = NULL;
	problems_free(&ex->held_log);
	free(ex->moved_from);
	ex->moved_from = NULL;
}
