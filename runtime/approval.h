/*
 * Machine approval: the approval result that `examiner --approval-task`
 * writes on the stick (examstick/approval/NAME.approval, signed with the
 * stick key), and the centre approval record that the awarding body
 * signs once every check of a centre's machines passed.  Both are text
 * followed by a minisign signature in the same file; docs/formats.md has
 * the layout byte by byte.
 */
#ifndef EXAMSTICK_APPROVAL_H
#define EXAMSTICK_APPROVAL_H

#include <stddef.h>
#include <stdint.h>

#include "sig.h"

#define APPROVAL_MAGIC		"examstick approval result 1"
#define APPROVAL_RECORD_MAGIC	"examstick centre approval 1"
#define APPROVAL_MAX_BYTES	(64u * 1024)
#define APPROVAL_DIR		"approval"	/* under examstick/ */
#define APPROVAL_SUFFIX		".approval"
#define APPROVAL_DETAIL_MAX	200	/* bytes of a check's detail */
#define APPROVAL_MACHINE_MAX	63	/* bytes of a machine id */
#define APPROVAL_MACHINES_MAX	1000	/* machines in one record */

/* The checks, in the order the task runs them and the file lists them. */
enum approval_check_id {
	APPROVAL_SCREEN,
	APPROVAL_KEY_ENTER,
	APPROVAL_KEY_TAB,
	APPROVAL_KEY_UP,
	APPROVAL_KEY_DOWN,
	APPROVAL_KEY_LEFT,
	APPROVAL_KEY_RIGHT,
	APPROVAL_KEY_F1,
	APPROVAL_KEY_F10,
	APPROVAL_KEY_ESC,
	APPROVAL_KEY_A,
	APPROVAL_KEY_Z,
	APPROVAL_STICK,
	APPROVAL_CLOCK,
	APPROVAL_SIGNATURE,
	APPROVAL_NCHECKS
};

/* The name of each check in the file: "screen", "key-enter", ... */
extern const char *const approval_check_names[APPROVAL_NCHECKS];

struct approval_check {
	int	 pass;
	char	*detail;	/* why, in a few words; never empty */
};

/* One machine's approval result. */
struct approval {
	char			*centre;
	char			 stick[17];	/* stick key id, hex */
	char			*machine;
	int64_t			 date;		/* Unix seconds, UTC */
	struct approval_check	 checks[APPROVAL_NCHECKS];
};

/* The awarding body's approval of a centre. */
struct approval_record {
	char	*centre;
	int64_t	 approved;		/* Unix seconds, UTC */
	char	**machines;
	size_t	 nmachines;
};

enum approval_status {
	APPROVAL_OK = 0,
	APPROVAL_IO,		/* cannot read the file */
	APPROVAL_MALFORMED,	/* not an approval file of this kind */
	APPROVAL_NO_KEY,	/* no public key for the stick id */
	APPROVAL_WRONG_SIGNER,	/* signed by another key */
	APPROVAL_TAMPERED,	/* changed after it was signed */
	APPROVAL_WRONG_CENTRE	/* a record for another centre */
};

const char *approval_status_text(enum approval_status);

/* 1 when every check passed, else 0. */
int	approval_passed(const struct approval *);
void	approval_free(struct approval *);

/*
 * Sign an approval result with the stick key and write it, atomically,
 * as DIR/NAME.approval, where NAME is made from the date and the machine
 * id.  a->stick must be the key's id.  *path_out receives the path.
 */
int	approval_write(const char *dir, const struct approval *,
	    const struct sig_seckey *, char **path_out, char *err);

/* The text of an approval result without its signature (free it). */
char	*approval_format(const struct approval *);

/*
 * Read the stick id of an approval result without checking it, to find
 * its key.  Returns -1 with err when the file has no valid stick line.
 */
int	approval_peek_stick(const char *text, size_t len, char out[17],
	    char *err);

/*
 * Verify an approval result in memory with the stick's public key: the
 * signature, both comments and the one text form.  a is filled on
 * APPROVAL_OK.
 */
enum approval_status approval_verify_buffer(const char *text, size_t len,
	    const struct sig_pubkey *, struct approval *a, char *err);

/*
 * Verify an approval result file.  With pk NULL, the key is the *.pub
 * file whose key id is the file's stick, in the keys/ folder beside the
 * approval/ folder that holds the file.
 */
enum approval_status approval_verify(const char *path,
	    const struct sig_pubkey *pk, struct approval *a, char *err);

void	approval_record_free(struct approval_record *);
char	*approval_record_format(const struct approval_record *);

/* Sign a record with the awarding body's key and write it to a new path. */
int	approval_record_write(const char *path,
	    const struct approval_record *, const struct sig_seckey *,
	    char *err);

/*
 * Verify a centre approval record with the awarding body's key.  With
 * centre not NULL, a record for another centre is APPROVAL_WRONG_CENTRE.
 */
enum approval_status approval_record_verify_buffer(const char *text,
	    size_t len, const struct sig_pubkey *, const char *centre,
	    struct approval_record *r, char *err);
enum approval_status approval_record_verify(const char *path,
	    const struct sig_pubkey *, const char *centre,
	    struct approval_record *r, char *err);

#endif
