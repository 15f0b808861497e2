/*
 * Result bundles: the tar file that reloader collect writes for upload to
 * the awarding body.  It contains a bundle manifest signed with the
 * centre's key, then every collected result with its signature and
 * journal, and the public keys from the centre's register of the sticks
 * that signed them.  The manifest lists each of those files with its size
 * and BLAKE2b-256.  docs/trust.md has
 * the layout.
 */
#ifndef EXAMSTICK_BUNDLE_H
#define EXAMSTICK_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "seal.h"
#include "sig.h"
#include "util.h"

#define BUNDLE_MANIFEST		"manifest"
#define BUNDLE_SIGNATURE	"manifest.minisig"

/* A file to put in a bundle: its path in the tar and its bytes. */
struct bundle_file {
	const char		*path;
	const unsigned char	*data;
	size_t			 len;
};

/* A result in the bundle: the attempt and the stick that signed it. */
struct bundle_result {
	char	*attempt;
	char	 stick[17];
};

struct bundle_manifest {
	char			*centre;
	char			*created;	/* UTC ISO 8601 */
	char			 stick[17];	/* the stick collected */
	struct bundle_result	*results;
	size_t			 nresults;
	struct seal_entry	*files;		/* in tar order */
	size_t			 nfiles;
};

void	bundle_manifest_free(struct bundle_manifest *);

/*
 * Write a bundle to path, which must not exist: a temporary file beside
 * it, fsync, rename, fsync of the folder.  m's files are filled from
 * files, and created when NULL.
 */
int	bundle_write(const char *path, struct bundle_manifest *m,
	    const struct bundle_file *files, size_t nfiles,
	    const struct sig_seckey *centre_key, char *err);

enum bundle_status {
	BUNDLE_OK = 0,
	BUNDLE_IO,		/* cannot read or extract */
	BUNDLE_MALFORMED,	/* not a result bundle */
	BUNDLE_WRONG_SIGNER,	/* manifest signed by another key */
	BUNDLE_TAMPERED		/* changed after it was signed */
};

const char *bundle_status_text(enum bundle_status);

/*
 * Verify a bundle: the manifest's signature by the centre's key, then
 * every file against the manifest, with none missing and none extra.
 * With extract_dir set, the files are also written under it by libarchive
 * with the SECURE_NODOTDOT, SECURE_SYMLINKS and SECURE_NOABSOLUTEPATHS
 * flags.  On a failure some files may have been written already.  m is filled on
 * BUNDLE_OK.
 */
enum bundle_status bundle_verify(const char *path,
	    const struct sig_pubkey *centre, const char *extract_dir,
	    struct bundle_manifest *m, char *err);

#endif
