/*
 * The watch: udev events for block devices and changes of the mount
 * table, both behind one epoll descriptor that callers poll.
 */
#include <sys/epoll.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover_private.h"

static int
epoll_add(int epfd, int fd, uint32_t events)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.fd = fd;
	return (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev));
}

static int
open_monitor(struct discover *d, char *err)
{
	d->monitor = udev_monitor_new_from_netlink(d->udev, "udev");
	if (d->monitor == NULL)
		return (errf(err, "watch sticks: udev monitor: %s",
		    strerror(errno)));
	if (udev_monitor_filter_add_match_subsystem_devtype(d->monitor,
	    "block", NULL) < 0 ||
	    udev_monitor_enable_receiving(d->monitor) < 0)
		return (errf(err, "watch sticks: start udev monitor: %s",
		    strerror(errno)));
	return (0);
}

/*
 * The kernel flags the mount table with EPOLLPRI when a mount is added or
 * removed (proc(5)).  epoll cannot watch a regular file used in its
 * place, so callers with such a file use discover_recheck.
 */
static void
watch_mount_table(struct discover *d)
{
	d->mountinfo_fd = open(d->mountinfo, O_RDONLY | O_CLOEXEC);
	if (d->mountinfo_fd == -1 ||
	    epoll_add(d->epoll_fd, d->mountinfo_fd, EPOLLPRI) == -1) {
		log_msg("discover: mount table %s not watched: %s",
		    d->mountinfo, strerror(errno));
		if (d->mountinfo_fd != -1)
			close(d->mountinfo_fd);
		d->mountinfo_fd = -1;
	}
}

int
discover_watch(struct discover *d, char *err)
{
	if (d->epoll_fd != -1)
		return (d->epoll_fd);
	if (open_monitor(d, err) == -1)
		goto fail;
	if ((d->epoll_fd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		errf(err, "watch sticks: epoll: %s", strerror(errno));
		goto fail;
	}
	if (epoll_add(d->epoll_fd, udev_monitor_get_fd(d->monitor),
	    EPOLLIN) == -1) {
		errf(err, "watch sticks: epoll: %s", strerror(errno));
		goto fail;
	}
	watch_mount_table(d);
	log_msg("discover: watching for sticks labelled %s", d->label);
	return (d->epoll_fd);

fail:
	if (d->epoll_fd != -1)
		close(d->epoll_fd);
	d->epoll_fd = -1;
	if (d->monitor != NULL)
		udev_monitor_unref(d->monitor);
	d->monitor = NULL;
	return (-1);
}

/* Forget syspath and every partition below it (a disk's partitions). */
static void
remove_under(struct discover *d, const char *syspath,
    struct discover_events *ev)
{
	size_t i, len = strlen(syspath);
	const char *p;

	for (i = 0; i < d->ntrack; ) {
		p = d->track[i].stick.syspath;
		if (strncmp(p, syspath, len) == 0 &&
		    (p[len] == '\0' || p[len] == '/'))
			discover_apply(d, p, NULL, ev);
		else
			i++;
	}
}

static void
evaluate_event(struct discover *d, struct udev_device *dev, int may_mount,
    struct discover_events *ev)
{
	struct discover_track *t;
	struct stick_candidate cand;
	const char *path = udev_device_get_syspath(dev);

	t = discover_track_find(d, path);
	if (discover_evaluate(d, dev, may_mount, t ? &t->stick : NULL,
	    &cand) == VERDICT_UNRELATED)
		discover_apply(d, path, NULL, ev);
	else
		discover_apply(d, path, &cand, ev);
}

static void
handle_event(struct discover *d, struct udev_device *dev,
    struct discover_events *ev)
{
	const char *action = udev_device_get_action(dev);
	const char *old;
	char *oldpath;

	if (action == NULL)
		return;
	if (strcmp(action, "remove") == 0) {
		remove_under(d, udev_device_get_syspath(dev), ev);
		return;
	}
	if (strcmp(action, "move") == 0 &&
	    (old = udev_device_get_property_value(dev, "DEVPATH_OLD")) !=
	    NULL) {
		xasprintf(&oldpath, "/sys%s", old);
		remove_under(d, oldpath, ev);
		free(oldpath);
	}
	/* add, change, move, online, bind: look at the device as it is. */
	evaluate_event(d, dev, 1, ev);
}

int
discover_read(struct discover *d, struct discover_event **events,
    size_t *n, char *err)
{
	struct discover_events ev = { NULL, 0, 0 };
	struct udev_device *dev;
	struct discover_event *more;
	size_t nmore;

	*events = NULL;
	*n = 0;
	if (d->monitor == NULL)
		return (errf(err, "read stick events: the watch is not "
		    "started"));
	while ((dev = udev_monitor_receive_device(d->monitor)) != NULL) {
		handle_event(d, dev, &ev);
		udev_device_unref(dev);
	}

	/*
	 * A mount table change leaves no trace to read, so look at the known
	 * partitions each time: it costs a stat or two per stick.
	 */
	if (discover_recheck(d, &more, &nmore, err) == -1) {
		discover_events_free(ev.v, ev.n);
		return (-1);
	}
	if (nmore > 0) {
		ev.v = xrealloc(ev.v, (ev.n + nmore) * sizeof(*ev.v));
		memcpy(ev.v + ev.n, more, nmore * sizeof(*more));
		ev.n += nmore;
	}
	free(more);
	*events = ev.v;
	*n = ev.n;
	return (0);
}

int
discover_recheck(struct discover *d, struct discover_event **events,
    size_t *n, char *err)
{
	struct discover_events ev = { NULL, 0, 0 };
	struct udev_device *dev;
	char **paths;
	size_t i, npaths = d->ntrack;

	/* Copy the paths: evaluating may remove entries from the set. */
	paths = xcalloc(npaths, sizeof(*paths));
	for (i = 0; i < npaths; i++)
		paths[i] = xstrdup(d->track[i].stick.syspath);
	for (i = 0; i < npaths; i++) {
		dev = udev_device_new_from_syspath(d->udev, paths[i]);
		/* A device already gone has its remove event still queued. */
		if (dev != NULL) {
			evaluate_event(d, dev, 0, &ev);
			udev_device_unref(dev);
		}
		free(paths[i]);
	}
	free(paths);
	*events = ev.v;
	*n = ev.n;
	return (0);
}

void
discover_events_free(struct discover_event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		discover_stick_free(&ev[i].stick);
	free(ev);
}
