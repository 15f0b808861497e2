/*
 * Candidate login: the code of a candidate token when the stick has
 * tokens, else candidate number and date of birth, checked against the
 * roster.  Repeated failures make the next try wait.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "examiner.h"
#include "edit.h"

#define LOGIN_TRIES	5	/* failures before a wait */
#define LOGIN_WAIT_S	10

struct login {
	struct field	 f[2];
	int		 at;
	char		 msg[512];
	int		 fails;
	int64_t		 wait_until;
};

static void
draw_token(struct ex *ex, struct login *l)
{
	int y = 6, x = 8, cx;

	screen_begin(ex, "examstick Examiner: candidate login");
	para(3, 4, COLS - 8, "Type the code printed on your candidate "
	    "token, then press Enter.", R_NORMAL);
	term_put(y, x, 20, "Token code:", R_NORMAL);
	cx = field_draw(&l->f[0], y, x + 20, 24, term_attr(R_FOCUS));
	term_put(y + 1, x + 20, COLS - x - 24, "for example 7K2D-QX9M",
	    R_DIM);
	if (l->msg[0] != '\0')
		para(y + 4, 4, COLS - 8, l->msg, R_ALARM);
	term_footer("Enter=Log in  Ctrl-X=Invigilator  F1=Help");
	curs_set(1);
	move(y, cx);
	refresh();
}

static void
draw(struct ex *ex, struct login *l)
{
	static const char *const label[2] = {
		"Candidate number:", "Date of birth:"
	};
	int y = 5, x = 8, i, cx = 0, cy = 0;

	screen_begin(ex, "examstick Examiner: candidate login");
	para(3, 4, COLS - 8, "Type your candidate number and your date of "
	    "birth, then press Enter.", R_NORMAL);
	for (i = 0; i < 2; i++) {
		int fx = x + 20, c;

		term_put(y + 2 * i, x, 20, label[i], R_NORMAL);
		c = field_draw(&l->f[i], y + 2 * i, fx, 24,
		    term_attr(i == l->at ? R_FOCUS : R_FIELD));
		if (i == l->at) {
			cx = c;
			cy = y + 2 * i;
		}
	}
	term_put(y + 3, x + 20, COLS - x - 24, "for example 2009-04-17 or "
	    "17/04/2009", R_DIM);
	if (l->msg[0] != '\0')
		para(y + 6, 4, COLS - 8, l->msg, R_ALARM);
	term_footer("Enter=Next  Tab=Other field  Ctrl-X=Invigilator  "
	    "F1=Help");
	curs_set(1);
	move(cy, cx);
	refresh();
}

/* The tests of the candidate that this stick delivers. */
static int
has_test(struct ex *ex, const struct roster_entry *r)
{
	size_t i;

	for (i = 0; i < r->ntests; i++)
		if (conf_test(&ex->conf, r->tests[i]) != NULL)
			return (1);
	return (0);
}

static void
login_failed(struct login *l)
{
	if (++l->fails >= LOGIN_TRIES)
		l->wait_until = util_mono_ms() + LOGIN_WAIT_S * 1000LL;
}

static int
try_token(struct ex *ex, struct login *l)
{
	char *code = field_text(&l->f[0]);
	int ok, guess;

	ok = token_login(ex, code, l->msg, sizeof(l->msg), &guess);
	sodium_memzero(code, strlen(code));
	free(code);
	if (guess)
		login_failed(l);
	/*
	 * The message asks for the code again, so start from an empty field:
	 * otherwise the next code is typed after the rejected one.
	 */
	if (!ok)
		field_set(&l->f[0], "");
	if (ok) {
		ex->scheme = ex->cand->has_scheme ? ex->cand->scheme :
		    ex->conf.scheme;
		term_scheme(ex->scheme);
	}
	return (ok);
}

static int
try_login(struct ex *ex, struct login *l)
{
	char *cand = field_text(&l->f[0]), *dob = field_text(&l->f[1]);
	const struct roster_entry *r = roster_find(&ex->roster, cand);
	int ok = r != NULL && roster_dob_matches(r, dob);

	if (ok && !has_test(ex, r)) {
		snprintf(l->msg, sizeof(l->msg), "There is no test on this "
		    "stick for candidate %s. Ask the invigilator.", cand);
		log_msg("login %s: no test on this stick", cand);
		ok = 0;
	} else if (!ok) {
		snprintf(l->msg, sizeof(l->msg), "No candidate has this "
		    "number and date of birth. Check both and try again, "
		    "or ask the invigilator.");
		log_msg("login failed for candidate number %s", cand);
		login_failed(l);
	} else {
		log_msg("login: candidate %s", cand);
		ex->cand = r;
		ex->scheme = r->has_scheme ? r->scheme : ex->conf.scheme;
		term_scheme(ex->scheme);
	}
	sodium_memzero(dob, strlen(dob));
	free(cand);
	free(dob);
	return (ok);
}

static int
enter(const struct ev *e)
{
	return (EV_IS(e, EV_CHAR, '\r') || EV_IS(e, EV_CHAR, '\n') ||
	    EV_IS(e, EV_KEY, KEY_ENTER));
}

/* Returns 1 when logged in, 0 to go on, or a next screen + 2. */
static int
key(struct ex *ex, struct login *l, const struct ev *e)
{
	if (EV_IS(e, EV_CHAR, CTRL_KEY('x')) || EV_IS(e, EV_KEY, KEY_F(12)))
		return (NEXT_LEAVE + 2);
	if (EV_IS(e, EV_KEY, KEY_F(1))) {
		ui_help(ex, "login");
		return (0);
	}
	if (ex->token_login && enter(e)) {
		if (util_mono_ms() < l->wait_until) {
			snprintf(l->msg, sizeof(l->msg), "Too many failed "
			    "logins: wait a few seconds, then try again.");
			return (0);
		}
		return (try_token(ex, l));
	}
	if (ex->token_login) {
		if (field_key(&l->f[0], e) == 1)
			l->msg[0] = '\0';
		return (0);
	}
	if (EV_IS(e, EV_CHAR, '\t') || EV_IS(e, EV_KEY, KEY_BTAB) ||
	    EV_IS(e, EV_KEY, KEY_UP) || EV_IS(e, EV_KEY, KEY_DOWN)) {
		l->at = !l->at;
		return (0);
	}
	if (enter(e) && l->at == 0) {
		l->at = 1;
		return (0);
	}
	if (enter(e)) {
		if (util_mono_ms() < l->wait_until) {
			snprintf(l->msg, sizeof(l->msg), "Too many failed "
			    "logins: wait a few seconds, then try again.");
			return (0);
		}
		return (try_login(ex, l));
	}
	if (field_key(&l->f[l->at], e) == 1)
		l->msg[0] = '\0';
	return (0);
}

enum next
ui_login(struct ex *ex)
{
	struct login l;
	struct ev e;
	int r = 0;

	memset(&l, 0, sizeof(l));
	field_init(&l.f[0], 32, 0, 0);
	field_init(&l.f[1], 16, 0, 0);
	ex->cand = NULL;
	token_logout(ex);
	ex->scheme = ex->conf.scheme;
	term_scheme(ex->scheme);
	while (r == 0) {
		if (ex->have_sw && ex->sw.gone) {
			r = NEXT_STICK + 2;
			break;
		}
		if (term_too_small())
			term_draw_small();
		else if (ex->token_login)
			draw_token(ex, &l);
		else
			draw(ex, &l);
		ev_get(ex, &e, -1);
		if (e.type == EV_TERM)
			r = NEXT_QUIT + 2;
		else if (e.type != EV_NONE && !term_too_small() &&
		    !EV_IS(&e, EV_KEY, KEY_RESIZE))
			r = key(ex, &l, &e);
	}
	field_free(&l.f[0]);
	field_free(&l.f[1]);
	curs_set(0);
	return (r == 1 ? NEXT_CONFIRM : (enum next)(r - 2));
}
