/*
 * Declarations shared by the package reader's files: where a package's
 * files come from (a zip in memory or on disk, or a folder) and the
 * readers of its manifest and assessmentTest.
 */
#ifndef EXAMSTICK_PKG_PRIVATE_H
#define EXAMSTICK_PKG_PRIVATE_H

#include <stdint.h>

#include <libxml/hash.h>

#include "pkg.h"
#include "qti_private.h"

/* Decompressed entries smaller than this are not ratio-checked. */
#define PKG_RATIO_FLOOR	(1024 * 1024)

enum pkg_source_kind {
	PKG_SRC_NONE,		/* one file from memory: nothing beside it */
	PKG_SRC_ZIP_MEMORY,
	PKG_SRC_ZIP_FILE,
	PKG_SRC_FOLDER		/* loose files on disk */
};

struct pkg_file {
	char		*name;		/* normalised path in the package */
	int64_t		 declared;	/* size in the zip header */
	int		 is_dir;
	int		 loaded;
	char		*data;
	size_t		 len;
};

struct pkg_source {
	enum pkg_source_kind	 kind;
	const void		*buf;		/* PKG_SRC_ZIP_MEMORY */
	size_t			 len;
	const char		*path;		/* zip file or folder */
	const char		*label;		/* the package in messages */
	struct pkg_limits	 limits;
	struct pkg_file		*files;
	size_t			 nfiles;
	size_t			 cap;
	xmlHashTablePtr		 index;		/* name to file index + 1 */
	size_t			 total;		/* bytes decompressed so far */
	struct problems		*problems;
};

void	pkg_source_init(struct pkg_source *, enum pkg_source_kind,
	    const char *label, const struct pkg_limits *, struct problems *);
void	pkg_source_free(struct pkg_source *);
/* Read a zip's directory and its XML entries; -1 if the zip is rejected. */
int	pkg_zip_scan(struct pkg_source *);
/* Read one entry that the scan did not load. */
int	pkg_zip_load(struct pkg_source *, struct pkg_file *, char *err);
/* A file of the package by normalised name, read if needed; NULL with
 * err set when it is missing or cannot be read. */
const struct pkg_file *pkg_source_get(struct pkg_source *, const char *name,
	    char *err);
int	pkg_source_exists(struct pkg_source *, const char *name);

/*
 * Normalise an entry name or a resolved href: '\' as '/', no empty or "."
 * parts.  Returns NULL, with reason set, for an absolute path or a ".." that
 * leaves the package.
 */
char	*pkg_path_clean(const char *path, const char **reason);
/* Resolve a URI reference found in the file base (a package path). */
char	*pkg_path_resolve(const char *base, const char *href,
	    const char **reason);

/* Reading a package's XML files into the test. */
void	pkg_load_xml(struct pkg_test *, struct pkg_source *, const char *name,
	    const char *buf, size_t len);
void	pkg_load_manifest(struct pkg_test *, struct pkg_source *, xmlDocPtr,
	    const char *name);
void	pkg_load_assessment(struct pkg_test *, struct pkg_source *,
	    xmlDocPtr, const char *name);
struct qti_item *pkg_load_item(struct pkg_test *, struct pkg_source *,
	    const char *path, const char *ref);
void	pkg_add_item(struct pkg_test *, struct qti_item *);
struct pkg_section *pkg_add_section(struct pkg_test *, const char *id,
	    const char *title);

/* A problem of the package as a whole, not of one item. */
void	pkg_problem(struct pkg_test *, const char *fmt, ...)
	    PRINTFLIKE(2, 3);

#endif
