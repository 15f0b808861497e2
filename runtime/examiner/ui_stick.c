/*
 * The first screen: what is on the stick (root, stick id, centre, tests,
 * signing key), or why the stick cannot be used.  Without --stick it
 * waits for a stick to be plugged in, or lets the invigilator choose
 * one when several are.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approval_task.h"
#include "examiner.h"

static int
readable(const char *path)
{
	return (path != NULL && access(path, R_OK) == 0);
}

/* The stick is usable with a signing key and a package for a test. */
static void
check(struct ex *ex)
{
	size_t i;
	int any = 0;

	if (!ex->stick_ok)
		return;
	ex->needs_approval = 0;
	for (i = 0; i < ex->conf.ntests; i++) {
		any |= readable(ex->conf.tests[i].package);
		ex->needs_approval |= !ex->conf.tests[i].practice;
	}
	if (ex->needs_approval)
		ex->approved = appr_centre_approved(ex, ex->approval_why);
	if (!readable(ex->conf.stick_key)) {
		ex->stick_ok = 0;
		snprintf(ex->stick_err, sizeof(ex->stick_err), "%s: the "
		    "stick's signing key cannot be read, so results cannot "
		    "be signed: prepare the stick again with reloader",
		    ex->conf.stick_key ? ex->conf.stick_key : "stick_key");
	} else if (!any) {
		ex->stick_ok = 0;
		snprintf(ex->stick_err, sizeof(ex->stick_err), "%s: no "
		    "test package on the stick can be read: load the "
		    "packages with reloader", ex->stick.packages);
	}
}

/*
 * Return path relative to the stick's root when it lies under it, so a
 * path on a deep mount point still fits the screen beside the root shown
 * above it.
 */
static const char *
under_root(const struct ex *ex, const char *path)
{
	size_t n = ex->stick.root != NULL ? strlen(ex->stick.root) : 0;

	while (n > 1 && ex->stick.root[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(path, ex->stick.root, n) == 0 &&
	    path[n] == '/')
		return (path + n + 1);
	return (path);
}

static void
draw_ok(struct ex *ex)
{
	char line[1024];
	size_t i;
	int y = 3;

	term_put(y++, 4, COLS - 8, "The stick is ready.", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "Stick:       %s", ex->stick.root);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Stick id:    %s", ex->stick_id[0] ?
	    ex->stick_id : "unknown (no public key)");
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Centre:      %s", ex->conf.centre_id);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	if (ex->token_login)
		snprintf(line, sizeof(line), "Tokens:      %zu (candidates "
		    "log in with their token code)",
		    token_count(ex->tokens_dir));
	else
		snprintf(line, sizeof(line), "Candidates:  %zu",
		    ex->roster.n);
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	snprintf(line, sizeof(line), "Signing key: present (%s)",
	    under_root(ex, ex->conf.stick_key));
	term_put(y++, 4, COLS - 8, line, R_NORMAL);
	if (ex->needs_approval && ex->approved) {
		term_put(y++, 4, COLS - 8, "Approval:    the centre is "
		    "approved for real tests", R_NORMAL);
	} else if (ex->needs_approval) {
		char why[ERR_LEN + 64];

		snprintf(why, sizeof(why), "Approval:    none, so only "
		    "practice tests start: %s", ex->approval_why);
		y = para(y, 4, COLS - 8, why, R_WARN);
	}
	y++;
	term_put(y++, 4, COLS - 8, "Tests available:", R_NORMAL);
	for (i = 0; i < ex->conf.ntests && y < LINES - 4; i++) {
		const struct conf_test *t = &ex->conf.tests[i];
		int blocked = !readable(t->package) ||
		    (!t->practice && !ex->approved);

		snprintf(line, sizeof(line), "  %-12s %s%s", t->id,
		    t->title ? t->title : "(title from the package)",
		    !readable(t->package) ? "   [package missing]" :
		    blocked ? "   [cannot start: no approval]" : "");
		term_put(y++, 4, COLS - 8, line, blocked ? R_WARN :
		    R_NORMAL);
	}
	y++;
	term_put(y, 4, COLS - 8, "Press Enter to go on to the candidate "
	    "login.", R_NORMAL);
	term_footer("Enter=Continue  R=Read the stick again  "
	    "Ctrl-X=Leave (PIN)");
}

static void
draw_bad(struct ex *ex)
{
	size_t i;
	int y = 3;

	term_put(y++, 4, COLS - 8, "This stick cannot be used.", R_ALARM);
	y++;
	y = para(y, 4, COLS - 8, ex->stick_err, R_NORMAL) + 1;
	for (i = 0; i < ex->conf_problems.n && y < LINES - 5; i++)
		y = para(y, 6, COLS - 10, ex->conf_problems.lines[i],
		    R_NORMAL);
	y++;
	para(y, 4, COLS - 8, "Invigilator: put the problem right, then "
	    "press R to read the stick again.", R_NORMAL);
	term_footer("R=Read the stick again  Ctrl-X=Leave (PIN)");
}

/* The partitions with the label that cannot be used, from row y. */
static int
draw_rejected(struct ex *ex, int y)
{
	char line[1024];
	size_t i;

	if (ex->nrejected == 0)
		return (y);
	y = para(y, 4, COLS - 8, "Not used (the label matches, but):",
	    R_NORMAL);
	for (i = 0; i < ex->nrejected && y < LINES - 3; i++) {
		snprintf(line, sizeof(line), "%s (%s): %s",
		    ex->rejected[i].sysname, ex->rejected[i].devnode,
		    ex->rejected[i].reason);
		y = para(y, 6, COLS - 10, line, R_WARN);
	}
	return (y + 1);
}

static void
draw_wait(struct ex *ex)
{
	char line[256];
	int y = 3;

	term_put(y++, 4, COLS - 8, "Waiting for the exam stick.", R_CHOSEN);
	y++;
	snprintf(line, sizeof(line), "Plug in the exam stick: the Examiner "
	    "looks for a USB stick whose data partition is labelled %s, "
	    "and goes on by itself when it is found.", ex->disc.label);
	y = para(y, 4, COLS - 8, line, R_NORMAL) + 1;
	draw_rejected(ex, y);
	term_footer("R=Look again  Ctrl-X=Leave (PIN)");
}

/* Size in bytes as sticks are sold: decimal units. */
static void
fmt_size(char *out, size_t len, uint64_t bytes)
{
	if (bytes >= 1000000000ULL)
		snprintf(out, len, "%.1f GB", bytes / 1e9);
	else if (bytes >= 1000000ULL)
		snprintf(out, len, "%.1f MB", bytes / 1e6);
	else
		snprintf(out, len, "%llu kB",
		    (unsigned long long)(bytes / 1000));
}

static void
draw_choose(struct ex *ex, size_t at)
{
	const struct stick_candidate *c;
	char line[512], size[32];
	size_t i;
	int y = 3;

	term_put(y++, 4, COLS - 8, "Several exam sticks are plugged in.",
	    R_CHOSEN);
	term_put(y++, 4, COLS - 8, "Choose the stick to use with Up and "
	    "Down, then press Enter.", R_NORMAL);
	y++;
	term_put(y++, 4, COLS - 8, "  Stick id          Label        Size"
	    "       Partition", R_DIM);
	for (i = 0; i < ex->nfound && y < LINES - 6; i++) {
		c = &ex->found[i];
		fmt_size(size, sizeof(size), c->size);
		snprintf(line, sizeof(line), "%s %-16s  %-11s  %-9s  %s "
		    "(%s)", i == at ? ">" : " ", c->id[0] ? c->id : "unknown",
		    c->label, size, c->sysname, c->devnode);
		term_put(y++, 4, COLS - 8, line, i == at ? R_FOCUS :
		    R_NORMAL);
	}
	y++;
	draw_rejected(ex, y);
	term_footer("Up/Down=Choose  Enter=Use this stick  R=Look again  "
	    "Ctrl-X=Leave (PIN)");
}

static void
draw(struct ex *ex, size_t at)
{
	if (term_too_small()) {
		term_draw_small();
		return;
	}
	screen_begin(ex, ex->find == FIND_NONE ? "examstick Examiner: "
	    "waiting for the stick" : "examstick Examiner: stick status");
	if (ex->find == FIND_NONE)
		draw_wait(ex);
	else if (ex->find == FIND_CHOOSE)
		draw_choose(ex, at);
	else if (ex->stick_ok)
		draw_ok(ex);
	else
		draw_bad(ex);
	refresh();
}

static int
is_enter(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER));
}

static void
reload(struct ex *ex, size_t *at)
{
	stick_load(ex);
	check(ex);
	if (*at >= ex->nfound)
		*at = 0;
}

/* Up, Down and Enter in the list of sticks. */
static void
choose_key(struct ex *ex, const struct ev *e, size_t *at)
{
	if (EV_IS(e, EV_KEY, KEY_UP) && *at > 0)
		(*at)--;
	else if (EV_IS(e, EV_KEY, KEY_DOWN) && *at + 1 < ex->nfound)
		(*at)++;
	else if (is_enter(e) && *at < ex->nfound) {
		free(ex->chosen);
		ex->chosen = xstrdup(ex->found[*at].sysname);
		reload(ex, at);
	}
}

static enum next
stick_key(struct ex *ex, const struct ev *e, size_t *at)
{
	if (e->type == EV_STICK || EV_IS(e, EV_CHAR, 'r') ||
	    EV_IS(e, EV_CHAR, 'R'))
		reload(ex, at);
	else if (EV_IS(e, EV_CHAR, CTRL_KEY('x')) ||
	    EV_IS(e, EV_KEY, KEY_F(12)))
		return (NEXT_LEAVE);
	else if (ex->find == FIND_CHOOSE)
		choose_key(ex, e, at);
	else if (ex->stick_ok && is_enter(e))
		return (NEXT_UNLOCK);
	return (NEXT_STICK);
}

enum next
ui_stick(struct ex *ex)
{
	enum next next = NEXT_STICK;
	struct ev e;
	size_t at = 0;

	if (ex->have_sw && ex->sw.gone)
		stick_load(ex);
	check(ex);
	ex->want_stick_ev = 1;
	while (next == NEXT_STICK) {
		draw(ex, at);
		/*
		 * While discovery waits for a stick or a choice, nothing on
		 * the screen changes without an event, so nothing wakes it.
		 */
		ev_get(ex, &e, ex->find == FIND_NONE ||
		    ex->find == FIND_CHOOSE ? EV_NO_TIMEOUT : -1);
		if (e.type == EV_TERM)
			next = NEXT_QUIT;
		else if (e.type != EV_NONE && !term_too_small())
			next = stick_key(ex, &e, &at);
	}
	ex->want_stick_ev = 0;
	return (next);
}
