/*
 * Test packages: an IMS content package (a zip with imsmanifest.xml, item
 * files and optionally an assessmentTest) or a single item file, read into
 * memory through libarchive.  Nothing from a package is written to disk.
 */
#ifndef EXAMSTICK_PKG_H
#define EXAMSTICK_PKG_H

#include <stddef.h>

#include "qti.h"
#include "util.h"

/* Caps that stop hostile archives with bounded memory. */
struct pkg_limits {
	size_t	max_entry_bytes;	/* one uncompressed entry */
	size_t	max_total_bytes;	/* all entries together */
	size_t	max_entries;
	unsigned max_ratio;		/* uncompressed / compressed */
};

extern const struct pkg_limits pkg_default_limits;

struct pkg_section {
	char	*identifier;
	char	*title;
	struct qti_text rubric;		/* rubricBlocks for candidates */
	size_t	 first;			/* index of its first item */
	size_t	 count;
};

struct pkg_test {
	char		*path;		/* the file it came from */
	char		*identifier;	/* assessmentTest, manifest or item */
	char		*title;
	int		 time_limit_s;	/* timeLimits maxTime; 0 = none */

	struct qti_item	**items;	/* in test order */
	size_t		 nitems;

	struct pkg_section *sections;
	size_t		 nsections;

	/*
	 * Every problem found, each naming file, line and column or item
	 * identifier and what is wrong.  A test with any problem is not
	 * deliverable and the Examiner must not open it.
	 */
	struct problems	 problems;
	/* The problems above that belong to no parsed item. */
	struct problems	 package_problems;
	/* Notes on ignored content that may matter to the author. */
	struct problems	 warnings;
};

/*
 * Read a package (.zip), a single item (.xml), or a loose assessmentTest
 * or imsmanifest.xml with its files in the same folder, from path.
 * Returns NULL with err set only when path cannot be read.  Anything wrong
 * with the content (not a zip, not QTI, hostile entries) comes back in the
 * test's problems, so pkg_deliverable tells whether it can be delivered.
 */
struct pkg_test	*pkg_open(const char *path, const struct pkg_limits *,
		    char *err);
/*
 * The same from a buffer already in memory (used after decryption).  name
 * is used in messages and, ending in .zip, marks the buffer as a zip.
 */
struct pkg_test	*pkg_open_buffer(const void *buf, size_t len, const char *name,
		    const struct pkg_limits *, char *err);
int		 pkg_deliverable(const struct pkg_test *);
void		 pkg_free(struct pkg_test *);

/* Find an item of the test by identifier. */
struct qti_item	*pkg_item(const struct pkg_test *, const char *identifier);

#endif
