/*
 * Result files: one per finished attempt under examstick/results/, text,
 * signed with the stick key in minisign's format (FILE.minisig beside it).
 * See docs/formats.md for the layout.
 */
#ifndef EXAMSTICK_RESULT_H
#define EXAMSTICK_RESULT_H

#include "attempt.h"
#include "seal.h"
#include "sig.h"

#define RESULT_MAX_BYTES	(16u * 1024 * 1024)
/* The first line of every result file, before its newline. */
#define RESULT_FIRST_LINE	"examstick result 1"

/*
 * Write results/ID.result and its signature atomically, the signature
 * first.  journal_rel is the journal's path relative to the examstick/
 * folder.  The attempt must have ended, its id must be a safe file name
 * (letters, digits, '.', '-', '_'), and its stick field must be the
 * signing key's id as sig_keyid_hex() prints it.  *path_out receives the
 * result's path (free it).
 */
int	result_write(const char *results_dir, const char *journal_rel,
	    const struct attempt *, const struct sig_seckey *,
	    char **path_out, char *err);

/*
 * The same with the response lines sealed to the awarding body's results
 * key (crypto_box_seal): they are replaced by one last line
 * "sealed-responses: KEYID BASE64", which the signature covers.
 */
int	result_write_sealed(const char *results_dir, const char *journal_rel,
	    const struct attempt *, const struct sig_seckey *,
	    const struct seal_boxpub *, char **path_out, char *err);

#define RESULT_SEALED_KEY	"sealed-responses"

/* "KEYID BASE64" of text sealed to box; a new string, or NULL with err. */
char	*result_seal_text(const char *text, size_t len,
	    const struct seal_boxpub *box, char *err);
/*
 * Open a result file's sealed responses with the results secret key:
 * *out receives the file's text with the sealed line replaced by the
 * response lines.  A result without sealed responses is copied as it is.
 */
int	result_open_sealed(const char *text, size_t len,
	    const struct seal_boxsec *, char **out, size_t *outlen,
	    char *err);

enum result_status {
	RESULT_OK = 0,
	RESULT_IO,		/* cannot read the file or its parts */
	RESULT_MALFORMED,	/* not a result file */
	RESULT_NO_KEY,		/* no public key for the stick id */
	RESULT_SIGNATURE,	/* signature check failed */
	RESULT_JOURNAL		/* journal missing, broken or different */
};

/*
 * Verify a result file: its signature (key from pubkey, or else found by
 * stick id under the stick's examstick/keys/), then the journal it names:
 * chain, head, record count and the result that it replays to, which must
 * equal the file line by line.  On failure, reason (ERR_LEN bytes)
 * receives the cause, for example "signature does not match stick
 * 4F2A...: the file was changed after the test".
 */
enum result_status result_verify(const char *path,
	    const struct sig_pubkey *pubkey, char *reason);

/*
 * State for verifying many result files in one run: the public keys read
 * from each examstick/keys/ folder and the examstick folder of each
 * results folder, so that each is read once per run rather than once per
 * file.  NOTE: a key file added to a keys folder after the first result
 * of that stick was checked is not seen until the next run.
 */
struct result_verifier;

/*
 * Make a verifier.  pubkey, when not NULL, is used for every file in
 * place of the stick's keys and must outlive the verifier.
 */
struct result_verifier *result_verifier_new(const struct sig_pubkey *pubkey);
void	result_verifier_free(struct result_verifier *);
/* Verify a result as result_verify does, with the verifier's state. */
enum result_status result_verifier_check(struct result_verifier *,
	    const char *path, char *reason);
/*
 * The same for a result whose text (len bytes) the caller has read from
 * path already.
 */
enum result_status result_verifier_check_text(struct result_verifier *,
	    const char *path, const char *text, size_t len, char *reason);

#endif
