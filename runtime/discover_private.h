/*
 * Declarations shared by discover.c, discover_eval.c and
 * discover_watch.c.  Other modules use discover.h only.
 */
#ifndef EXAMSTICK_DISCOVER_PRIVATE_H
#define EXAMSTICK_DISCOVER_PRIVATE_H

#include <libudev.h>

#include "discover.h"

/* One EXAMSTICK_MOUNT_MAP entry: a testbed partition and its folder. */
struct discover_map {
	char	*sysname;
	char	*dir;
};

/* A partition with the label that was reported, usable or rejected. */
struct discover_track {
	struct stick_candidate	stick;
};

enum discover_verdict {
	VERDICT_UNRELATED,	/* not a partition with the label */
	VERDICT_USABLE,
	VERDICT_REJECTED	/* out->reason says why */
};

/* A growing array of events; a NULL list pointer discards events. */
struct discover_events {
	struct discover_event	*v;
	size_t			 n;
	size_t			 cap;
};

/*
 * Decide whether dev is a usable stick, filling out.  known is the
 * tracked state of the same partition or NULL.  Mounts the partition
 * when may_mount is set, mounting is allowed and it is not mounted.
 */
enum discover_verdict discover_evaluate(struct discover *,
	    struct udev_device *, int may_mount,
	    const struct stick_candidate *known, struct stick_candidate *out);

/* Unmount a partition this process mounted, and remove its folder. */
void	discover_unmount(struct discover *, struct stick_candidate *);

/*
 * Record the new state of the partition at syspath (cand NULL: gone or
 * unrelated), log the change and append the events it makes to ev.
 * Takes ownership of *cand.
 */
void	discover_apply(struct discover *, const char *syspath,
	    struct stick_candidate *cand, struct discover_events *ev);

struct discover_track *discover_track_find(struct discover *,
	    const char *syspath);

void	discover_stick_copy(struct stick_candidate *dst,
	    const struct stick_candidate *src);

#endif
