/*
 * Helpers for the libFuzzer targets (tests/fuzz/fuzz_*.c) and the seed
 * generator.  Seeds are sealed and signed with a fixed key pair and
 * release code.  In-memory files serve parsers that take a path.  Input
 * splitting and journal re-chaining let mutated inputs get past
 * signatures and hashes to the parsers behind them.
 */
#ifndef EXAMSTICK_FUZZ_HARNESS_H
#define EXAMSTICK_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "seal.h"
#include "sig.h"

/* The release code of every sealed seed package. */
#define FUZZ_RELEASE_CODE	"F00D-CAFE-BEEF-1234"

/*
 * The wall clock that token windows are checked against:
 * 2026-06-01T00:00:00Z.  Token seeds are valid at this time.
 */
#define FUZZ_NOW		1780272000

/* The cheapest Argon2id that libsodium accepts, for quick sealing. */
extern const struct seal_kdf fuzz_kdf;

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The fixed Ed25519 key pair of the fuzz targets, made from a constant
 * seed so that seeds signed with it verify in every run.  It is a test
 * key and signs nothing else.
 */
const struct sig_seckey *fuzz_seckey(void);
const struct sig_pubkey *fuzz_pubkey(void);

/*
 * Replace the contents of in-memory file slot (0 to FUZZ_MEMFILES - 1)
 * with data and return a path that opens it, /proc/self/fd/N.
 */
#define FUZZ_MEMFILES	4
const char *fuzz_memfile(int slot, const void *data, size_t len);

/*
 * Split data at its first NUL byte into a head (without the NUL) and a
 * tail.  Without a NUL the tail is empty and *tail is NULL.
 */
void	fuzz_split(const uint8_t *data, size_t size, const uint8_t **head,
	    size_t *head_len, const uint8_t **tail, size_t *tail_len);

/* A NUL-terminated heap copy of len bytes. */
char	*fuzz_strndup(const void *data, size_t len);

/*
 * Re-chain a journal: every complete line loses a last field of 64
 * characters, if it has one, and gets the correct BLAKE2b-256 chain hash
 * in its place.  A last line without a newline is kept as it is, so torn
 * tails still reach the reader.  Returns a heap buffer of *out_len bytes.
 */
char	*fuzz_rechain(const char *in, size_t len, size_t *out_len);

/*
 * The value of the first "KEY: VALUE" line of a result text, as a heap
 * string, or NULL.
 */
char	*fuzz_result_value(const char *text, size_t len, const char *key);

/*
 * Set the value of the first "KEY: VALUE" line of a result text.
 * Returns a new heap buffer of *out_len bytes; text is left as it is.
 */
char	*fuzz_result_set(const char *text, size_t len, const char *key,
	    const char *value, size_t *out_len);

/*
 * The trusted comment of the minisign signature text sig, as a heap
 * string: the rest of the first line after "\ntrusted comment: ", or ""
 * when there is none.
 */
char	*fuzz_trusted_comment(const void *sig, size_t len);

/*
 * The first signed_len bytes of data followed by their signature by the
 * fuzz key under comment.  Returns a heap buffer of exactly *out_len
 * bytes, with no NUL after them, or NULL when signing fails.
 */
unsigned char *fuzz_sign_append(const void *data, size_t signed_len,
	    const char *comment, size_t *out_len);

/*
 * A text with its signature appended, as tokens and approval files are,
 * signed again by the fuzz key so that a mutated body still verifies.
 * The body is everything up to and including the newline before the
 * first "untrusted comment: " line, and the new signature keeps the old
 * trusted comment.  Returns a heap buffer of *out_len bytes, or NULL
 * when the text has no such line or signing fails.
 */
char	*fuzz_resign_text(const char *text, size_t len, size_t *out_len);

/* Remove a folder tree; errors are ignored. */
void	fuzz_rmtree(const char *dir);

/* A new folder under $TMPDIR (or /tmp), removed at exit. */
char	*fuzz_tempdir(const char *name);

#endif
