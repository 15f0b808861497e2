/*
 * Declarations shared by the mark_*.c files.
 */
#ifndef EXAMSTICK_MARK_PRIVATE_H
#define EXAMSTICK_MARK_PRIVATE_H

#include "mark.h"
#include "pkg_private.h"

/*
 * Build the key of test t: each item's response processing parsed from
 * its file in src, and the feedback groups from t's sections or the
 * items' categories.
 */
struct mark_key	*mark_key_build(const struct pkg_test *t,
		    struct pkg_source *src);

#endif
