/*
 * Lookups in the kernel's mount table, /proc/self/mountinfo (proc(5)).
 */
#ifndef EXAMSTICK_MOUNTINFO_H
#define EXAMSTICK_MOUNTINFO_H

#include <sys/types.h>

#include "util.h"

/*
 * Find where the filesystem on device devnum is mounted, taking the first
 * mount of the filesystem's root (not a bind mount of a folder in it).
 * Returns 1 and a heap string in *mountpoint, 0 when not mounted, or -1.
 */
int	mountinfo_find(const char *path, dev_t devnum, char **mountpoint,
	    char *err);

/* Decode the octal escapes (\040 for space, \011, \012, \134) in place. */
void	mountinfo_unescape(char *);

#endif
