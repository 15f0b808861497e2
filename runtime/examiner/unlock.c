/*
 * Opening the session, before any candidate logs in: the invigilator
 * types the PIN that unlocks the stick's signing key, then the release
 * code of each sealed test package.  A sealed package is checked against
 * the awarding body's key (keys/awarding-body.pub) first.  A package that
 * fails is reported, its test cannot be sat, and no file is changed.
 * A plain (unsealed) package is accepted only for a practice test.
 * Opened packages stay in locked memory until the stick is read again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "conf_pin.h"
#include "examiner.h"
#include "edit.h"

#define BODY_PUB	"awarding-body.pub"
#define RESULTS_PUB	"awarding-body-results.pub"
#define CODE_FIELD_MAX	40

/* 1 if the file at path starts like a sealed package. */
int
package_is_sealed(const char *path)
{
	unsigned char head[256];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	n = read(fd, head, sizeof(head));
	close(fd);
	return (n > 0 && seal_is_package(head, (size_t)n));
}

/* The index of a test in ex->conf.tests. */
int
unlock_test_index(const struct ex *ex, const struct conf_test *t)
{
	return ((int)(t - ex->conf.tests));
}

/*
 * Return the [test] section's title, else the title in the test's opened
 * sealed package (set by examstick pack --title, or the QTI package's).
 * Before the release code is typed there is no opened package: NULL then.
 */
const char *
unlock_test_title(const struct ex *ex, const struct conf_test *t)
{
	const struct seal_package *sealed;

	if (t->title != NULL)
		return (t->title);
	sealed = ex->sealed[unlock_test_index(ex, t)];
	if (sealed != NULL && sealed->manifest.title != NULL &&
	    sealed->manifest.title[0] != '\0')
		return (sealed->manifest.title);
	return (NULL);
}

void
unlock_free(struct ex *ex)
{
	size_t i;

	sig_seckey_free(ex->key);
	ex->key = NULL;
	for (i = 0; i < CONF_MAX_TESTS; i++) {
		seal_package_free(ex->sealed[i]);
		ex->sealed[i] = NULL;
		free(ex->test_bad[i]);
		ex->test_bad[i] = NULL;
	}
	ex->have_body = 0;
	ex->have_box = 0;
	ex->unlocked = 0;
}

/* A prompt for a PIN or a code: its text, its message and its wait. */
struct prompt {
	const char	*title;
	const char	*text;		/* what to do */
	const char	*label;
	int		 mask;
	struct guard	*guard;
	const char	*wrong;		/* the line shown after a wrong try */
	char		 msg[ERR_LEN + 128];
};

static void
prompt_draw(struct ex *ex, struct prompt *p, struct field *f)
{
	char line[256];
	int y, cx, wait = guard_wait_s(p->guard);

	screen_begin(ex, p->title);
	y = para(3, 4, COLS - 8, p->text, R_NORMAL) + 1;
	term_put(y, 4, 18, p->label, R_NORMAL);
	cx = field_draw(f, y, 22, COLS - 28, term_attr(wait > 0 ? R_FIELD :
	    R_FOCUS));
	if (wait > 0) {
		snprintf(line, sizeof(line), "%s Wait %d s before the next "
		    "try.", p->wrong, wait);
		para(y + 2, 4, COLS - 8, line, R_ALARM);
	} else if (p->msg[0] != '\0') {
		para(y + 2, 4, COLS - 8, p->msg, R_ALARM);
	}
	term_footer("Enter=Confirm  Esc=Back to the stick screen");
	curs_set(wait > 0 ? 0 : 1);
	if (wait == 0)
		move(y, cx);
	refresh();
}

static int
is_enter(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER));
}

/*
 * Read one line.  Returns 1 with *typed set (wipe and free it), 0 when
 * Esc was pressed, -1 on SIGTERM.  Keys typed during a wait are dropped.
 */
static int
prompt_read(struct ex *ex, struct prompt *p, char **typed)
{
	struct field f;
	struct ev e;
	int rc = 0, waited = 0;

	field_init(&f, CODE_FIELD_MAX, p->mask, 0);
	for (;;) {
		int wait = guard_wait_s(p->guard);

		if (wait == 0 && waited) {
			guard_drain();
			waited = 0;
		}
		if (term_too_small())
			term_draw_small();
		else
			prompt_draw(ex, p, &f);
		ev_get(ex, &e, wait > 0 ? 250 : -1);
		if (e.type == EV_TERM) {
			rc = -1;
			break;
		}
		if (wait > 0) {
			waited = 1;
			continue;
		}
		if (e.type == EV_NONE || EV_IS(&e, EV_KEY, KEY_RESIZE))
			continue;
		if (EV_IS(&e, EV_CHAR, 27))
			break;
		if (is_enter(&e)) {
			*typed = field_text(&f);
			rc = 1;
			break;
		}
		if (field_key(&f, &e) == 1)
			p->msg[0] = '\0';
	}
	field_free(&f);
	curs_set(0);
	return (rc);
}

static void
forget(char *typed)
{
	sodium_memzero(typed, strlen(typed));
	free(typed);
}

/* Show a line while a slow check runs. */
static void
working(struct ex *ex, const char *title, const char *text)
{
	screen_begin(ex, title);
	para(3, 4, COLS - 8, text, R_CHOSEN);
	term_footer("");
	refresh();
}

/* Unlock the stick key with the PIN; NEXT_LOGIN when it is unlocked. */
static enum next
unlock_key(struct ex *ex)
{
	struct prompt p;
	char err[ERR_LEN], *pin;
	int r;

	if (ex->key != NULL)
		return (NEXT_LOGIN);
	ex->key = sig_seckey_load(ex->conf.stick_key, NULL, err);
	if (ex->key != NULL || strstr(err, "is encrypted") == NULL) {
		if (ex->key == NULL)
			log_msg("stick key: %s", err);
		return (NEXT_LOGIN);
	}
	memset(&p, 0, sizeof(p));
	p.title = "examstick Examiner: unlock the stick";
	p.text = "Invigilator: type your PIN to unlock this stick's "
	    "signing key, which signs every result. Candidates cannot log "
	    "in until it is unlocked.";
	p.label = "Invigilator PIN:";
	p.mask = 1;
	p.guard = &ex->pin_guard;
	p.wrong = "Wrong PIN.";
	for (;;) {
		if ((r = prompt_read(ex, &p, &pin)) <= 0)
			return (r < 0 ? NEXT_QUIT : NEXT_STICK);
		working(ex, p.title, "Checking the PIN. This takes a few "
		    "seconds.");
		/* The hash rejects a wrong PIN before the slower scrypt. */
		if (!pin_matches(ex, pin)) {
			forget(pin);
			guard_fail(ex, &ex->pin_guard, "pin");
			snprintf(p.msg, sizeof(p.msg), "Wrong PIN. Type it "
			    "again.");
			continue;
		}
		ex->key = sig_seckey_load(ex->conf.stick_key, pin, err);
		forget(pin);
		if (ex->key != NULL)
			break;
		if (strstr(err, "wrong password") != NULL) {
			/* Counted as a wrong guess: the hash may be forged. */
			guard_fail(ex, &ex->pin_guard, "pin");
			log_msg("stick key: the PIN matches %s but does not "
			    "unlock %s", CONF_PIN_HASH_KEY,
			    ex->conf.stick_key);
			snprintf(p.msg, sizeof(p.msg), "This PIN matches "
			    "examiner.conf but does not unlock the signing "
			    "key, so the two were set with different PINs. "
			    "Set the PIN again with reloader pin.");
		} else {
			snprintf(p.msg, sizeof(p.msg), "The signing key "
			    "cannot be used: %s. Prepare the stick again "
			    "with reloader.", err);
		}
	}
	guard_ok(&ex->pin_guard);
	log_msg("stick key unlocked with the invigilator PIN");
	return (NEXT_LOGIN);
}

static int
load_body_key(struct ex *ex, char *err)
{
	char *path;
	int rc;

	if (ex->have_body)
		return (0);
	path = util_path_join(ex->stick.keys, BODY_PUB);
	rc = sig_pubkey_load(&ex->body, path, err);
	free(path);
	ex->have_body = rc == 0;
	return (rc);
}

/*
 * Show why a test cannot be sat.  Returns NEXT_LOGIN to go on without
 * it, NEXT_STICK to go back, NEXT_QUIT on SIGTERM.
 */
static enum next
rejected(struct ex *ex, const struct conf_test *t, const char *why)
{
	char text[ERR_LEN + 512];
	struct ev e;

	log_msg("test %s cannot be sat: %s", t->id, why);
	snprintf(text, sizeof(text), "Test %s (%s) cannot be sat on this "
	    "stick: %s\n\nNo file was changed. Load the package that the "
	    "awarding body sent with reloader load, then read the stick "
	    "again.\n\nPress Enter to go on without this test, or Esc to "
	    "go back to the stick screen.", t->id, t->title != NULL ?
	    t->title : "no title", why);
	for (;;) {
		ui_notice(ex, "examstick Examiner: test package rejected", text,
		    "Enter=Go on without this test  Esc=Back");
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (NEXT_QUIT);
		if (EV_IS(&e, EV_CHAR, 27))
			return (NEXT_STICK);
		if (is_enter(&e))
			return (NEXT_LOGIN);
	}
}

/* Check what the package says it is against its [test] section. */
static int
check_info(const struct conf_test *t, const struct seal_info *info,
    char *err)
{
	if (strcmp(info->test, t->id) != 0)
		return (errf(err, "the package is for test %s, not %s",
		    info->test, t->id));
	return (0);
}

/* Open the package in memory and check that it can be delivered. */
static int
check_open(struct ex *ex, const struct conf_test *t,
    const struct seal_package *sp, char *err)
{
	struct pkg_test *pkg;
	char *name;
	int ok;

	xasprintf(&name, "%s.zip", t->id);
	pkg = pkg_open_buffer(sp->zip, sp->zip_len, name, &pkg_default_limits,
	    err);
	free(name);
	if (pkg == NULL)
		return (-1);
	ok = pkg_deliverable(pkg) && pkg->nitems > 0;
	pkg_free(pkg);
	if (!ok)
		return (errf(err, "the package opened, but its items cannot "
		    "be delivered"));
	return (0);
}

/* Ask for the release code until it opens the package. */
static enum next
read_code(struct ex *ex, const struct conf_test *t,
    const struct seal_info *info, struct seal_package **sp, char *err)
{
	char text[1024];
	struct prompt p;
	enum seal_status st;
	char *code;
	int r;

	memset(&p, 0, sizeof(p));
	snprintf(text, sizeof(text), "Invigilator: type the release code "
	    "of test %s, \"%s\" (version %u). The awarding body gives it "
	    "to you for the session, for example 7K2D-QX9M-4H8P-Z1VW.",
	    t->id, info->title, info->version);
	p.title = "examstick Examiner: release code";
	p.text = text;
	p.label = "Release code:";
	p.guard = &ex->code_guard;
	p.wrong = "That release code does not open this test.";
	for (;;) {
		if ((r = prompt_read(ex, &p, &code)) <= 0)
			return (r < 0 ? NEXT_QUIT : NEXT_STICK);
		working(ex, p.title, "Opening the test package. This takes "
		    "a few seconds.");
		st = seal_open(t->package, code, &ex->body, sp, err);
		forget(code);
		if (st == SEAL_OK)
			break;
		if (st != SEAL_WRONG_CODE)
			return (NEXT_UNLOCK);
		guard_fail(ex, &ex->code_guard, "code");
		snprintf(p.msg, sizeof(p.msg), "That release code does not "
		    "open this test. Check it and type it again.");
	}
	guard_ok(&ex->code_guard);
	return (NEXT_LOGIN);
}

/* Make test i ready: NEXT_LOGIN when it can be sat or was given up. */
static enum next
open_test(struct ex *ex, size_t i)
{
	const struct conf_test *t = &ex->conf.tests[i];
	struct seal_info info;
	enum seal_status st;
	enum next n;
	char err[ERR_LEN];

	if (ex->sealed[i] != NULL || ex->test_bad[i] != NULL)
		return (NEXT_LOGIN);
	if (access(t->package, R_OK) != 0)
		return (NEXT_LOGIN);
	if (!package_is_sealed(t->package)) {
		if (t->practice)
			return (NEXT_LOGIN);
		snprintf(err, sizeof(err), "the package %s is not sealed, and "
		    "only a practice test (practice = yes) may use a package "
		    "that is not sealed.", t->package);
		ex->test_bad[i] = xstrdup(err);
		return (rejected(ex, t, err));
	}
	if (load_body_key(ex, err) != 0) {
		ex->test_bad[i] = xstrdup(err);
		return (rejected(ex, t, err));
	}
	memset(&info, 0, sizeof(info));
	st = seal_verify(t->package, &ex->body, &info, err);
	if (st == SEAL_OK && check_info(t, &info, err) == 0) {
		n = read_code(ex, t, &info, &ex->sealed[i], err);
		if (n == NEXT_LOGIN && check_open(ex, t, ex->sealed[i],
		    err) != 0) {
			seal_package_free(ex->sealed[i]);
			ex->sealed[i] = NULL;
			n = NEXT_UNLOCK;
		}
		seal_info_free(&info);
		if (n != NEXT_UNLOCK)
			return (n);
	} else if (st == SEAL_OK) {
		seal_info_free(&info);
	}
	ex->test_bad[i] = xstrdup(err);
	return (rejected(ex, t, err));
}

/*
 * With seal_responses, the awarding body's results key must be on the
 * stick before any result is written.
 */
static enum next
load_box(struct ex *ex)
{
	char err[ERR_LEN], text[ERR_LEN + 256], *path;
	struct ev e;

	if (!ex->conf.seal_responses || ex->have_box)
		return (NEXT_LOGIN);
	path = util_path_join(ex->stick.keys, RESULTS_PUB);
	ex->have_box = seal_boxpub_load(&ex->box, path, err) == 0;
	free(path);
	if (ex->have_box)
		return (NEXT_LOGIN);
	log_msg("results key: %s", err);
	snprintf(text, sizeof(text), "examiner.conf asks for the responses "
	    "to be sealed (seal_responses = yes), but the awarding body's "
	    "results key cannot be read: %s\n\nPrepare the stick with "
	    "reloader prepare --results-key, or set seal_responses = no, "
	    "then read the stick again.", err);
	for (;;) {
		ui_notice(ex, "examstick Examiner: results key missing", text,
		    "Any key=Back to the stick screen");
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			return (NEXT_QUIT);
		if (e.type == EV_CHAR || (e.type == EV_KEY &&
		    e.c != KEY_RESIZE))
			return (NEXT_STICK);
	}
}

/*
 * The screen between the stick screen and the login: the results key
 * when responses are sealed, the PIN, then the release code of each
 * sealed package.
 */
enum next
ui_unlock(struct ex *ex)
{
	enum next n;
	size_t i;

	if (ex->unlocked)
		return (NEXT_LOGIN);
	if ((n = load_box(ex)) != NEXT_LOGIN)
		return (n);
	if ((n = unlock_key(ex)) != NEXT_LOGIN)
		return (n);
	for (i = 0; i < ex->conf.ntests; i++)
		if ((n = open_test(ex, i)) != NEXT_LOGIN)
			return (n);
	ex->unlocked = 1;
	return (NEXT_LOGIN);
}
