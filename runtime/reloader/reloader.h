/*
 * The Reloader's front end: one file per subcommand, each with an entry
 * point that takes the arguments after the command name and returns the
 * exit status.
 */
#ifndef EXAMSTICK_RELOADER_H
#define EXAMSTICK_RELOADER_H

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

int	cmd_verify(int argc, char **argv);
int	cmd_prepare(int argc, char **argv);
int	cmd_load(int argc, char **argv);
int	cmd_reload(int argc, char **argv);
int	cmd_collect(int argc, char **argv);
int	cmd_status(int argc, char **argv);

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
