/*
 * The Reloader's front end: one file per subcommand, each with an entry
 * point that takes the arguments after the command name and returns the
 * exit status.
 */
#ifndef EXAMSTICK_RELOADER_H
#define EXAMSTICK_RELOADER_H

#include "sig.h"
#include "token.h"
#include "util.h"

/* Exit statuses shared by every subcommand. */
#define RELOADER_OK	0
#define RELOADER_FAIL	1	/* a file failed its check */
#define RELOADER_USAGE	2	/* bad arguments or an I/O error */

/* Print "reloader: MESSAGE" to stderr. */
void	reloader_warn(const char *fmt, ...) PRINTFLIKE(1, 2);

/*
 * reloader.conf, the centre machine's settings: each field is NULL when
 * the file does not set it, and a path the file gives relative to its
 * own folder is stored relative to the working folder.
 */
#define RCONF_DEFAULT	"/etc/examstick/reloader.conf"

struct rconf {
	const char	*path;		/* the file read, or NULL */
	char		*centre_id;
	char		*stick_label;
	char		*reg;		/* the stick register */
	char		*results_out;	/* the folder for bundles */
	char		*body_key;	/* the awarding body's signing.pub */
	char		*results_key;	/* the awarding body's results.pub */
	char		*centre_key;	/* the centre's minisign secret key */
	char		*examiner_conf;	/* the examiner.conf prepare copies */
};

extern struct rconf rconf;

/*
 * Read path into rconf.  A missing file is no error unless must_exist.
 * Returns 0, or -1 with err naming the file, line and key.
 */
int	rconf_load(const char *path, int must_exist, char *err);
void	rconf_free(void);

/* The value if set, else the fallback. */
#define RCONF_OR(field, fallback) \
	(rconf.field != NULL ? (const char *)rconf.field : (fallback))

/* stickfiles.c: the awarding body's packages and tokens on a stick. */
struct body_key {
	struct sig_pubkey	pk;
	int			loaded;
	int			stick_copy;	/* keys/ of the stick itself */
};

/*
 * Load the awarding body's key: given (--body-key), else body_key from
 * reloader.conf, else the copy in stickdir/keys/ when stickdir is set,
 * which anyone holding the stick could have replaced.
 */
int	body_key_load(struct body_key *, const char *given,
	    const char *stickdir, char *err);

enum { STICKFILE_OTHER, STICKFILE_PACKAGE, STICKFILE_TOKEN };

/* Tell a sealed package or a token from other files by its first bytes. */
int	stickfile_kind(const char *path);

/*
 * Verify a token with pk and return its state: "expired", "not valid
 * yet", then "used" or "unused" on a stick (used when its attempt has a
 * journal or a result) or "valid" elsewhere.  Returns NULL with *st and
 * err set when the check fails; otherwise t is filled (token_free it).
 */
const char *token_state(const char *path, const struct sig_pubkey *pk,
	    struct token *t, enum token_status *st, char *err);

/*
 * Return reason without the "PATH: " that seal_verify and token_verify
 * put in front, for a caller that names the file already.
 */
const char *stickfile_reason(const char *path, const char *reason);

/* Check one file, print "PATH: ok, ..." or warn; return the exit status. */
int	check_package(const char *path, const struct body_key *);
int	check_token(const char *path, const struct body_key *);

/*
 * Read an invigilator PIN from file, or from the terminal with prompt
 * (typed twice when confirm is set), and check that it is 4 to 12
 * digits.  option names the file's option in messages.  Returns the PIN
 * to free with passphrase_free, or NULL with err.
 */
char	*reloader_read_pin(const char *file, const char *option,
	    const char *prompt, int confirm, char *err);

int	cmd_verify(int argc, char **argv);
int	cmd_prepare(int argc, char **argv);
int	cmd_load(int argc, char **argv);
int	cmd_reload(int argc, char **argv);
int	cmd_collect(int argc, char **argv);
int	cmd_status(int argc, char **argv);
int	cmd_pin(int argc, char **argv);

/* Where the awarding body's keys go on a stick, under keys/. */
#define RSTICK_BODY_PUB		"awarding-body.pub"
#define RSTICK_RESULTS_PUB	"awarding-body-results.pub"

/* The paths of a stick's examstick/ folder that the trust commands use. */
struct rstick {
	char	*root;
	char	*dir;		/* ROOT/examstick */
	char	*keys;
	char	*packages;
	char	*tokens;
	char	*attempts;
	char	*results;
	char	*stick_pub;	/* keys/stick.pub */
	char	*stick_key;	/* keys/stick.key */
	char	*body_pub;	/* keys/RSTICK_BODY_PUB */
	char	*results_pub;	/* keys/RSTICK_RESULTS_PUB */
};

/*
 * Fill the paths under root.  With prepared set, fail with err unless
 * keys/stick.pub exists, which reloader prepare made.
 */
int	rstick_open(struct rstick *, const char *root, int prepared,
	    char *err);
void	rstick_free(struct rstick *);

#endif
