/*
 * Stick discovery with libudev: find the data partitions of examstick
 * sticks, mount them when needed, and watch for sticks being plugged in
 * and pulled out.
 *
 * A partition is usable when it is a block device of DEVTYPE "partition"
 * on the USB bus, its filesystem label matches the configured label
 * (ASCII case-insensitive, as FAT labels are), and its mounted filesystem
 * holds examstick/ with a readable examstick/examiner.conf.  A partition
 * whose label matches but that fails another check is "rejected": it is
 * listed apart with the reason, and the reason is written to the log.
 *
 * Typical use:
 *
 *	discover_init(&d, label, err);
 *	d.stick_id = my_id_function;		(optional hooks)
 *	fd = discover_watch(&d, err);		(before the scan, so no
 *						 stick is missed between)
 *	discover_scan(&d, &list, &n, &rej, &nrej, err);
 *	loop: poll fd for POLLIN with a timeout; on POLLIN call
 *	      discover_read(&d, &ev, &nev, err) and act on each event.
 *	discover_free(&d);
 */
#ifndef EXAMSTICK_DISCOVER_H
#define EXAMSTICK_DISCOVER_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define DISCOVER_LABEL_DEFAULT	"EXAMSTICK"
#define DISCOVER_LABEL_MAX	11	/* a FAT volume label */
#define DISCOVER_MOUNT_BASE	"/run/examstick"
#define DISCOVER_MOUNTINFO	"/proc/self/mountinfo"
#define DISCOVER_ID_LEN		64

/* One data partition whose label matches. */
struct stick_candidate {
	char		*syspath;	/* /sys/devices/.../sdb/sdb1 */
	char		*devnode;	/* /dev/sdb1 */
	char		*sysname;	/* kernel name, "sdb1" */
	dev_t		 devnum;
	char		*label;		/* decoded label */
	char		*fstype;	/* ID_FS_TYPE, or NULL */
	char		*serial;	/* ID_SERIAL of the disk, or NULL */
	uint64_t	 size;		/* partition size in bytes */
	char		*mountpoint;	/* the stick's root, or NULL */
	int		 mounted_here;	/* mounted by this process */
	char		 id[DISCOVER_ID_LEN]; /* stick id, or "" */
	char		*reason;	/* NULL when usable, else why not */
};

/*
 * Hooks for mounting, so that tests can stand in for mount(2).  mount
 * and umount have the meaning of mount(2) and umount2(2) and return 0, or
 * -1 with errno set.
 */
typedef int	(*discover_mount_fn)(const char *source, const char *target,
		    const char *fstype, unsigned long flags,
		    const char *options, void *arg);
typedef int	(*discover_umount_fn)(const char *target, void *arg);

/*
 * Stick id hook: write the id of the stick whose root is root (the key id
 * of the stick's public key, as 16 hex digits) into id and return 0, or
 * return -1 when it cannot be read.  Called for usable sticks only.
 */
typedef int	(*discover_id_fn)(const char *root, char *id, size_t len,
		    void *arg);

struct discover_map;
struct discover_track;

struct discover {
	char			*label;	/* from discover_init */

	/*
	 * Settable after discover_init, before the first scan or watch.
	 * The defaults: DISCOVER_MOUNTINFO, DISCOVER_MOUNT_BASE, mounting
	 * when running as root, mount(2), lazy umount2(2), and no stick id
	 * hook, which leaves ids "".
	 */
	const char		*mountinfo;
	const char		*mount_base;
	int			 mount_allowed;
	discover_mount_fn	 mount;
	discover_umount_fn	 umount;
	void			*mount_arg;
	discover_id_fn		 stick_id;
	void			*stick_id_arg;

	/* Private. */
	struct udev		*udev;
	struct udev_monitor	*monitor;
	int			 epoll_fd;
	int			 mountinfo_fd;
	struct discover_map	*map;
	size_t			 nmap;
	struct discover_track	*track;
	size_t			 ntrack;
};

enum discover_change {
	DISCOVER_ADDED,		/* a usable stick appeared */
	DISCOVER_REMOVED,	/* a partition reported before is gone, or
				   a usable stick stopped being usable */
	DISCOVER_REJECTED	/* a partition with the label appeared, or
				   changed, and is not usable: see reason */
};

struct discover_event {
	enum discover_change	change;
	/* On DISCOVER_REMOVED: the partition as last reported. */
	struct stick_candidate	stick;
};

/*
 * Check a label given on a command line: 1 to DISCOVER_LABEL_MAX capital
 * letters, digits, '-' or '_', the values stick_label takes in
 * examiner.conf.  discover_init itself takes any label.  Returns 0, or -1
 * with err naming the label.
 */
int	discover_label_check(const char *label, char *err);

/*
 * Set up discovery for label (NULL: DISCOVER_LABEL_DEFAULT).  When the
 * environment has both UMOCKDEV_DIR (a umockdev testbed) and
 * EXAMSTICK_MOUNT_MAP="sdb1=/dir,sdc1=/dir2", the named partitions are
 * taken as mounted on those folders; outside a testbed the map is ignored.
 */
int	discover_init(struct discover *, const char *label, char *err);
/* Close the watch and unmount what this process mounted. */
void	discover_free(struct discover *);

/*
 * List the partitions that match the label: usable sticks in *list and,
 * when rejected is not NULL, the others with their reasons in *rejected.
 * Mounts unmounted USB partitions with the label when mount_allowed is
 * set.  The scan also resets the set of known partitions that
 * discover_read compares events against.
 */
int	discover_scan(struct discover *, struct stick_candidate **list,
	    size_t *n, struct stick_candidate **rejected, size_t *nrejected,
	    char *err);
void	discover_list_free(struct stick_candidate *, size_t);
void	discover_stick_free(struct stick_candidate *);

/*
 * Start watching block devices and the mount table.  Returns a file
 * descriptor to poll for POLLIN, or -1.  Calling it again returns the
 * same descriptor.
 */
int	discover_watch(struct discover *, char *err);

/*
 * Read every pending device event and return the changes, one event per
 * change of a partition's state.  Repeated adds, change events that change
 * nothing, and removals of partitions never reported produce no event.
 * Does not wait for events.  Free *events with discover_events_free.
 */
int	discover_read(struct discover *, struct discover_event **events,
	    size_t *n, char *err);

/*
 * Look again at every known partition without mounting anything, for
 * changes that come without a device event: a partition mounted or
 * unmounted by someone else, or an examstick/ folder created.
 * discover_read does this itself when the mount table changes.
 */
int	discover_recheck(struct discover *, struct discover_event **events,
	    size_t *n, char *err);
void	discover_events_free(struct discover_event *, size_t);

const char *discover_change_name(enum discover_change);

#endif
