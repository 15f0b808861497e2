/*
 * The Examiner's shared state and the functions its screens share: the
 * terminal layer (term.c), text layout (layout.c), the attempt session
 * (session.c), the write queue (store.c) and one file per screen (ui_*.c).
 */
#ifndef EXAMSTICK_EXAMINER_H
#define EXAMSTICK_EXAMINER_H

#include <curses.h>
#include <signal.h>
#include <stdint.h>
#include <wchar.h>

#include "attempt.h"
#include "conf.h"
#include "discover.h"
#include "pkg.h"
#include "roster.h"
#include "seal.h"
#include "sig.h"
#include "stick.h"
#include "stickwatch.h"
#include "token.h"

#define EX_NAME		"examiner"
#define EX_MIN_COLS	80
#define EX_MIN_LINES	24
#define EX_FIELD_MAX	4096	/* characters in one edit field */
#define EX_TEXT_MAX	65536	/* characters in an extended text */
#define EX_IDLE_SAVE_MS	1500	/* typed text is saved after this pause */

/* Exit status, as listed under EXIT STATUS in examiner(1). */
#define EX_EXIT_OK	0	/* left with the invigilator PIN */
#define EX_EXIT_APPROVAL_FAIL 1	/* --approval-task: a check failed */
#define EX_EXIT_USAGE	2	/* bad option, or the terminal failed */
#define EX_EXIT_SIGNAL	3	/* ended by SIGTERM or SIGHUP */

/* Colour roles; term_attr() maps them to the candidate's scheme. */
enum role {
	R_NORMAL,
	R_TITLE,	/* header and footer bars */
	R_FOCUS,	/* the row or field that has the focus */
	R_FIELD,	/* an edit field without focus */
	R_CHOSEN,	/* a selected option */
	R_WARN,		/* first time warning, notices */
	R_ALARM,	/* final time warning, errors */
	R_DIM,		/* hints */
	R_KEY,		/* key names in the footer */
	R_NROLES
};

/* What ev_get() returns: a character, a curses key, or an event. */
enum ev_type {
	EV_NONE,	/* the time-out passed without a key */
	EV_CHAR,	/* c is a character */
	EV_KEY,		/* c is a KEY_* code */
	EV_TIMEUP,	/* the test time ran out */
	EV_TERM,	/* SIGTERM or SIGHUP arrived */
	EV_STICK	/* a stick came or went; only when want_stick_ev */
};

struct ev {
	enum ev_type	type;
	wint_t		c;
};

#define EV_IS(e, t, k)	((e)->type == (t) && (e)->c == (wint_t)(k))
#define CTRL_KEY(x)	((x) & 0x1f)

/* A journal write that has not reached the stick yet. */
enum op_type {
	OP_SHOW, OP_ANSWER, OP_FLAG, OP_TIME, OP_END, OP_PAUSE, OP_RESUME,
	OP_EXTEND, OP_BREAK, OP_BREAK_TIME, OP_BREAK_END
};

struct op {
	enum op_type	  type;
	size_t		  item;
	char		 *item_id;
	char		 *response;
	char		**values;
	size_t		  nvalues;
	int		  on;
	char		 *reason;
	int64_t		  ms;		/* OP_EXTEND */
};

/*
 * Wrong guesses of a PIN or a release code: after each one the next try
 * waits 1, 2, 4, 8, 16, then 30 s.
 */
#define GUARD_FIRST_S	1
#define GUARD_MAX_S	30

struct guard {
	int	 fails;		/* wrong guesses in a row */
	int64_t	 until_ms;	/* monotonic time the wait ends */
};

/* What looking for a stick found. */
enum stick_find {
	FIND_OK,	/* --stick, or one stick to use */
	FIND_NONE,	/* no usable stick: wait for one */
	FIND_CHOOSE,	/* several: the invigilator picks one */
	FIND_ERROR	/* discovery itself failed: stick_err */
};

/* The whole Examiner: the stick, and the attempt once a candidate sits. */
struct ex {
	const char	*root;		/* --stick, or NULL to look for one */
	const char	*label;		/* --label, or NULL for EXAMSTICK */
	int		 verbose;
	int		 approval_task;	/* --approval-task */
	int		 approval_key_wait;	/* seconds per key asked for */
	char		 machine[64];

	/* discovery, when there is no --stick */
	struct discover	 disc;
	int		 have_disc;
	int		 disc_fd;	/* to poll; -1 when not watching */
	enum stick_find	 find;
	struct stick_candidate *found;	/* usable sticks of the last scan */
	size_t		 nfound;
	struct stick_candidate *rejected;
	size_t		 nrejected;
	char		*chosen;	/* the partition picked, or NULL */

	/* the stick in use, watched for removal */
	struct stickwatch sw;
	int		 have_sw;
	char		 stick_id[STICK_ID_LEN];
	int64_t		 folder_check_ms;
	int		 want_stick_ev;	/* ev_get may return EV_STICK */
	int		 stick_event;	/* a stick came or went */
	int		 stick_back;	/* the stick in use came back */
	struct problems	 held_log;	/* log lines kept while it is out */
	char		*log_path;

	/* the stick, read by stick_load() */
	int		 stick_ok;
	char		 stick_err[ERR_LEN];
	struct stick	 stick;
	struct conf	 conf;
	struct roster	 roster;
	int		 have_stick, have_conf, have_roster;
	struct problems	 conf_problems;

	/* opened by the invigilator before candidates log in (unlock.c) */
	struct sig_seckey *key;		/* the stick key, unlocked */
	struct sig_pubkey body;		/* the awarding body's signing key */
	int		 have_body;
	struct seal_package *sealed[CONF_MAX_TESTS];	/* by test index */
	char		*test_bad[CONF_MAX_TESTS];	/* why a test cannot
							   be sat, or NULL */
	struct seal_boxpub box;		/* results key, for seal_responses */
	int		 have_box;
	int		 unlocked;	/* the key and the packages are done */
	/* centre approval, read with the stick, for its status screen */
	int		 needs_approval;	/* a test is not practice */
	int		 approved;
	char		 approval_why[ERR_LEN];	/* why not approved */
	struct guard	 pin_guard;
	struct guard	 code_guard;

	/* token login: the stick's tokens/ has tokens */
	int		 token_login;
	char		*tokens_dir;
	struct token	 tok;
	int		 have_tok;
	struct roster_entry tok_cand;	/* the token's candidate */
	char		*tok_test;

	/* the candidate */
	const struct roster_entry *cand;
	const struct conf_test *ctest;
	enum colour_scheme scheme;

	/* the attempt */
	struct pkg_test	*pkg;
	struct attempt	*att;
	char		*att_id;
	char		*journal_path;
	char		*result_path;
	char		*title;		/* test title shown in the header */
	int		 resumed;
	size_t		 cur_item;	/* the item the candidate is on */

	/* journal writes not yet on the stick, oldest first */
	struct op	*ops;
	size_t		 nops;
	int		 waiting;	/* in stick_wait(): no second wait */
	char		 store_err[ERR_LEN];
	char		*moved_from;	/* machine of an attempt to move here */
	int		 move_ok;	/* the invigilator confirmed the move */

	int64_t		 last_save_ms;	/* monotonic time of the last record */
	int		 warned;	/* 0, 1 or 2: warnings given */
	char		 message[ERR_LEN + 128];	/* one-line notice under the header */
	int		 message_role;
	int64_t		 message_until;
	int		 leave;		/* set when the PIN was given */
	enum ev_type	 stop_ev;	/* EV_TIMEUP or EV_TERM seen in a
					 * pop-up, for the screen to act on */
	int		 exit_code;
};

extern volatile sig_atomic_t ex_signal;

/* app.c: run the screens until the Examiner is left; the exit status */
int	 examiner_run(struct ex *);

/* term.c */
int	 term_init(char *err);
void	 term_end(void);
void	 term_scheme(enum colour_scheme);
attr_t	 term_attr(enum role);
int	 term_too_small(void);
void	 term_draw_small(void);
void	 term_fill(int y, enum role);
int	 term_put(int y, int x, int maxw, const char *utf8, enum role);
int	 term_putw(int y, int x, int maxw, const wchar_t *, size_t, attr_t);
int	 term_center(int y, const char *utf8, enum role);
int	 term_footer(const char *keys);
int	 term_footer_lines(const char *keys);
void	 term_header(const char *left, const char *right, enum role rrole);
void	 term_box(int y, int x, int h, int w, enum role);
wchar_t	*term_wide(const char *utf8, size_t *len);
char	*term_utf8(const wchar_t *, size_t len);
int	 term_width(const wchar_t *, size_t len);
int	 term_text_width(const char *utf8);

/* ev.c */
/* ev_get's time-out for a screen that changes only on input or events. */
#define EV_NO_TIMEOUT	(-2)
void	 ev_signals(void);
void	 ev_get(struct ex *, struct ev *, int timeout_ms);
void	 ev_tick(struct ex *);
enum role clock_role(const struct ex *);
void	 ev_message(struct ex *, enum role, int seconds, const char *fmt,
	    ...) PRINTFLIKE(4, 5);

/* stickinfo.c */
void	 stick_load(struct ex *);
void	 stick_unload(struct ex *);
void	 stick_release(struct ex *);
void	 stick_reroot(struct ex *, const char *root);
void	 stick_log_scan(struct ex *);

/* watch.c: the stick in use, watched from ev_get() */
int	 watch_fd(const struct ex *);
void	 watch_read(struct ex *);
void	 watch_folder(struct ex *);
int	 watch_test_open(const struct ex *);
void	 ex_log(struct ex *, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 ex_log_flush(struct ex *);

/* store.c: journal writes, retried while the stick cannot be written */
int	 store_show(struct ex *, size_t item);
int	 store_answer(struct ex *, const char *item, const char *response,
	    size_t nvalues, const char *const *values);
int	 store_flag(struct ex *, size_t item, int on);
int	 store_time(struct ex *);
int	 store_end(struct ex *, const char *reason);
int	 store_pause(struct ex *, const char *reason);
int	 store_resume(struct ex *);
int	 store_extend(struct ex *, int64_t ms);
int	 store_break(struct ex *);
int	 store_break_time(struct ex *);
int	 store_break_end(struct ex *);
int	 store_flush(struct ex *);
void	 store_queue(struct ex *, enum op_type, const char *reason);
int	 store_retry(struct ex *);
void	 store_clear(struct ex *);

/* session.c */
enum sess_status {
	SESS_NEW,	/* a new attempt was started */
	SESS_RESUMED,	/* an attempt in progress was reopened */
	SESS_ENDED,	/* the attempt had ended: the result must be written */
	SESS_COMPLETE,	/* the result file exists already */
	SESS_MOVED,	/* in progress on another machine: moved_from; open
			   it after the PIN with move_ok set */
	SESS_ERROR
};
enum sess_status sess_open(struct ex *, char *err, struct problems *);
int	 sess_write_result(struct ex *, char *err);
void	 sess_close(struct ex *);
int64_t	 sess_allowed_ms(const struct ex *);
void	 fmt_clock(char *out, size_t len, int64_t ms);

/* guard.c: waits after wrong guesses, and the record of each */
int	 guard_wait_s(const struct guard *);
void	 guard_fail(struct ex *, struct guard *, const char *what);
void	 guard_ok(struct guard *);
void	 guard_drain(void);

/* unlock.c: the stick key and the sealed packages */
void	 unlock_free(struct ex *);
int	 unlock_test_index(const struct ex *, const struct conf_test *);
const char *unlock_test_title(const struct ex *, const struct conf_test *);
int	 package_is_sealed(const char *path);

/* tokenlogin.c */
int	 token_login(struct ex *, const char *typed, char *msg, size_t len,
	    int *guess);
void	 token_logout(struct ex *);
size_t	 token_count(const char *dir);

/* Screens.  Each returns what comes next. */
enum next {
	NEXT_STICK,
	NEXT_UNLOCK,
	NEXT_LOGIN,
	NEXT_CONFIRM,
	NEXT_INSTRUCTIONS,
	NEXT_ITEMS,
	NEXT_REVIEW,
	NEXT_END,
	NEXT_FINISH,
	NEXT_PAUSED,	/* paused by the invigilator */
	NEXT_BREAK,	/* the candidate's rest break */
	NEXT_LEAVE,	/* Ctrl-X or F12: the PIN, then the invigilator menu */
	NEXT_QUIT	/* stop now (SIGTERM, or the PIN was given) */
};

enum next ui_stick(struct ex *);
enum next ui_unlock(struct ex *);
enum next ui_login(struct ex *);
enum next ui_confirm(struct ex *);
enum next ui_instructions(struct ex *);
enum next ui_items(struct ex *);
enum next ui_review(struct ex *);
enum next ui_end(struct ex *);
enum next ui_finish(struct ex *);
enum next ui_paused(struct ex *);
enum next ui_break(struct ex *);
/* ui_invig.c: the PIN, then the menu; back is the screen it came from */
enum next ui_invig(struct ex *, enum next back);
enum next ui_approval(struct ex *);	/* ui_approval.c */
int	 ui_unapproved(struct ex *);

/* practice.c: the score of a practice test for the finished screen. */
#define PRACTICE_LINES	12

struct practice {
	char	lines[PRACTICE_LINES][160];
	size_t	nlines;
};

/*
 * Mark the result just written against the test's package.  Returns 0,
 * or -1 with err set when the package or the result cannot be read.
 */
int	 practice_mark(struct ex *, struct practice *, char *err);


/* ui_notice.c */
void	 screen_begin(struct ex *, const char *title);
int	 para(int y, int x, int w, const char *text, enum role);
void	 draw_message(struct ex *, int y);
int	 ui_pin(struct ex *, const char *why);
/*
 * Return 1 if typed matches invigilator_pin_hash of the stick's
 * examiner.conf (one Argon2id run), else 0.
 */
int	 pin_matches(const struct ex *, const char *typed);
void	 ui_notice(struct ex *, const char *title, const char *body,
	    const char *keys);

/* ui_lost.c */
int	 stick_wait(struct ex *);
int	 ui_help(struct ex *, const char *screen);

/* help.c: the keys of each screen, shared with --help */
struct keyhelp {
	const char	*screen;
	const char	*key;
	const char	*what;
};
extern const struct keyhelp key_help[];
void	 help_print(FILE *);

#endif
