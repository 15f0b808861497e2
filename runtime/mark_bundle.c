/*
 * Results from a result bundle, verified twice before marking: the
 * bundle against the centre's key (bundle_verify, which extracts it into
 * a private temporary folder), then each result against the key of the
 * stick that signed it and its journal (result_verify).  The folder is
 * removed before returning, so only the attempts in memory remain.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "mark.h"
#include "result.h"

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return (0);
}

static void
attempt_add(struct mark_attempt **out, size_t *n, struct mark_attempt *a)
{
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[(*n)++] = *a;
}

/* Verify and read each result the manifest lists. */
static void
results_read(const struct bundle_manifest *m, const char *dir,
    const char *label, struct mark_attempt **out, size_t *n,
    struct problems *failures)
{
	struct mark_attempt a;
	char reason[ERR_LEN], *rel, *path;
	size_t i;

	for (i = 0; i < m->nresults; i++) {
		xasprintf(&rel, "results/%s.result", m->results[i].attempt);
		path = util_path_join(dir, rel);
		if (result_verify(path, NULL, reason) != RESULT_OK)
			problems_add(failures, "%s: %s: %s", label, rel,
			    reason);
		else if (mark_attempt_read(path, &a, reason) == -1)
			problems_add(failures, "%s: %s", label, reason);
		else {
			free(a.path);
			xasprintf(&a.path, "%s:%s", label, rel);
			attempt_add(out, n, &a);
		}
		free(path);
		free(rel);
	}
}

int
mark_bundle_read(const char *path, const struct sig_pubkey *centre,
    struct mark_attempt **out, size_t *n, struct problems *failures,
    char *err)
{
	struct bundle_manifest m;
	enum bundle_status st;
	const char *tmp = getenv("TMPDIR");
	char *dir, reason[ERR_LEN];

	*out = NULL;
	*n = 0;
	xasprintf(&dir, "%s/examstick-bundle.XXXXXX", tmp != NULL &&
	    *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		errf(err, "%s: cannot make a folder to read it in: %s", path,
		    dir);
		free(dir);
		return (-1);
	}
	memset(&m, 0, sizeof m);
	st = bundle_verify(path, centre, dir, &m, reason);
	if (st == BUNDLE_OK)
		results_read(&m, dir, path, out, n, failures);
	else
		errf(err, "%s: %s: %s", path, bundle_status_text(st), reason);
	bundle_manifest_free(&m);
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return (st == BUNDLE_OK ? 0 : -1);
}
