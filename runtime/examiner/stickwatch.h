/*
 * The stick watch: which stick the Examiner uses, and what a discovery
 * event or a look at the --stick folder means for it (taken out, back at
 * a new mount point, or a different stick put in).  No curses here, so
 * that a test can drive it with a umockdev testbed.
 */
#ifndef EXAMSTICK_STICKWATCH_H
#define EXAMSTICK_STICKWATCH_H

#include "discover.h"

#define STICK_ID_LEN	17	/* 16 hex digits and a NUL */

struct stickwatch {
	char	 id[STICK_ID_LEN];	/* the stick in use; "" unknown */
	char	*root;			/* where it is mounted now */
	char	*sysname;		/* its partition; NULL for --stick */
	int	 folder;		/* --stick: watch the folder itself */
	int	 gone;			/* taken out and not back yet */
	char	 other[STICK_ID_LEN];	/* a different stick put in while
					   this one is gone, or "" */
	char	*other_name;		/* its partition or folder */
};

enum sw_change {
	SW_NONE,
	SW_GONE,	/* the stick in use was taken out */
	SW_BACK,	/* it is back, at sw->root */
	SW_OTHER	/* a different stick was put in: sw->other */
};

/* Watch the stick at root; sysname NULL means a --stick folder. */
void	stickwatch_init(struct stickwatch *, const char *root,
	    const char *sysname, const char *id);
void	stickwatch_free(struct stickwatch *);

/* What one discovery event means for the stick in use. */
enum sw_change stickwatch_event(struct stickwatch *,
	    const struct discover_event *);

/*
 * For a --stick folder: look whether root/examstick/examiner.conf is
 * there, and read the stick id when it comes back.
 */
enum sw_change stickwatch_folder(struct stickwatch *);

/* The discovery stick_id hook: the stick id from stick_key_id(). */
int	stickwatch_id(const char *root, char *id, size_t len, void *arg);

const char *stickwatch_change_name(enum sw_change);

#endif
