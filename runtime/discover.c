/*
 * Stick discovery: set-up, the scan, and the set of known partitions
 * that both the scan and the watch keep up to date.
 */
#include <sys/mount.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover_private.h"

static int
default_mount(const char *source, const char *target, const char *fstype,
    unsigned long flags, const char *options, void *arg)
{
	/* A testbed's device nodes are not the host's: never mount them. */
	if (getenv("UMOCKDEV_DIR") != NULL) {
		errno = EPERM;
		return (-1);
	}
	return (mount(source, target, fstype, flags, options));
}

static int
default_umount(const char *target, void *arg)
{
	/* Lazy, so that a stick already pulled out is detached too. */
	return (umount2(target, MNT_DETACH));
}

/* Parse "sdb1=/dir,sdc1=/dir2" into d->map. */
static int
parse_map(struct discover *d, const char *spec, char *err)
{
	char *copy = xstrdup(spec), *save = NULL, *item, *eq;

	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (eq == NULL || eq == item || eq[1] != '/') {
			errf(err, "EXAMSTICK_MOUNT_MAP: invalid entry: %s: "
			    "expected NAME=/absolute/folder", item);
			free(copy);
			return (-1);
		}
		d->map = xrealloc(d->map, (d->nmap + 1) * sizeof(*d->map));
		d->map[d->nmap].sysname = xstrndup(item, eq - item);
		d->map[d->nmap].dir = xstrdup(eq + 1);
		d->nmap++;
	}
	free(copy);
	return (0);
}

int
discover_label_check(const char *label, char *err)
{
	size_t n = strlen(label);

	if (n == 0 || n > DISCOVER_LABEL_MAX ||
	    strspn(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != n)
		return (errf(err, "invalid stick label: \"%s\": use 1 to %d "
		    "capital letters, digits, '-' or '_'", label,
		    DISCOVER_LABEL_MAX));
	return (0);
}

int
discover_init(struct discover *d, const char *label, char *err)
{
	const char *map;

	memset(d, 0, sizeof(*d));
	d->label = xstrdup(label != NULL ? label : DISCOVER_LABEL_DEFAULT);
	d->mountinfo = DISCOVER_MOUNTINFO;
	d->mount_base = DISCOVER_MOUNT_BASE;
	d->mount_allowed = geteuid() == 0;
	d->mount = default_mount;
	d->umount = default_umount;
	d->epoll_fd = -1;
	d->mountinfo_fd = -1;

	map = getenv("EXAMSTICK_MOUNT_MAP");
	if (map != NULL && getenv("UMOCKDEV_DIR") != NULL &&
	    parse_map(d, map, err) == -1) {
		discover_free(d);
		return (-1);
	}

	if ((d->udev = udev_new()) == NULL) {
		discover_free(d);
		return (errf(err, "find sticks: udev_new failed: %s",
		    strerror(errno)));
	}
	return (0);
}

void
discover_free(struct discover *d)
{
	size_t i;

	for (i = 0; i < d->ntrack; i++) {
		discover_unmount(d, &d->track[i].stick);
		discover_stick_free(&d->track[i].stick);
	}
	free(d->track);
	for (i = 0; i < d->nmap; i++) {
		free(d->map[i].sysname);
		free(d->map[i].dir);
	}
	free(d->map);
	if (d->epoll_fd != -1)
		close(d->epoll_fd);
	if (d->mountinfo_fd != -1)
		close(d->mountinfo_fd);
	if (d->monitor != NULL)
		udev_monitor_unref(d->monitor);
	if (d->udev != NULL)
		udev_unref(d->udev);
	free(d->label);
	memset(d, 0, sizeof(*d));
	d->epoll_fd = d->mountinfo_fd = -1;
}

void
discover_stick_free(struct stick_candidate *s)
{
	free(s->syspath);
	free(s->devnode);
	free(s->sysname);
	free(s->label);
	free(s->fstype);
	free(s->serial);
	free(s->mountpoint);
	free(s->reason);
	memset(s, 0, sizeof(*s));
}

void
discover_list_free(struct stick_candidate *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		discover_stick_free(&list[i]);
	free(list);
}

static char *
dup_or_null(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

void
discover_stick_copy(struct stick_candidate *dst,
    const struct stick_candidate *src)
{
	*dst = *src;
	dst->syspath = dup_or_null(src->syspath);
	dst->devnode = dup_or_null(src->devnode);
	dst->sysname = dup_or_null(src->sysname);
	dst->label = dup_or_null(src->label);
	dst->fstype = dup_or_null(src->fstype);
	dst->serial = dup_or_null(src->serial);
	dst->mountpoint = dup_or_null(src->mountpoint);
	dst->reason = dup_or_null(src->reason);
}

const char *
discover_change_name(enum discover_change c)
{
	switch (c) {
	case DISCOVER_ADDED:
		return ("added");
	case DISCOVER_REMOVED:
		return ("removed");
	case DISCOVER_REJECTED:
		return ("rejected");
	}
	return ("unknown");
}

struct discover_track *
discover_track_find(struct discover *d, const char *syspath)
{
	size_t i;

	for (i = 0; i < d->ntrack; i++)
		if (strcmp(d->track[i].stick.syspath, syspath) == 0)
			return (&d->track[i]);
	return (NULL);
}

static void
emit(struct discover_events *ev, enum discover_change change,
    const struct stick_candidate *s)
{
	if (ev == NULL)
		return;
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? ev->cap * 2 : 4;
		ev->v = xrealloc(ev->v, ev->cap * sizeof(*ev->v));
	}
	ev->v[ev->n].change = change;
	discover_stick_copy(&ev->v[ev->n].stick, s);
	ev->n++;
}

static void
log_state(const struct stick_candidate *s)
{
	if (s->reason != NULL)
		log_msg("discover: %s (%s, label %s): rejected: %s",
		    s->sysname, s->devnode, s->label, s->reason);
	else
		log_msg("discover: %s (%s, label %s): usable stick at %s, "
		    "id %s", s->sysname, s->devnode, s->label,
		    s->mountpoint, s->id[0] != '\0' ? s->id : "unknown");
}

static int
same_state(const struct stick_candidate *a, const struct stick_candidate *b)
{
	if ((a->reason == NULL) != (b->reason == NULL))
		return (0);
	if (a->reason != NULL)
		return (strcmp(a->reason, b->reason) == 0);
	if (strcmp(a->mountpoint, b->mountpoint) != 0)
		return (0);
	return (strcmp(a->id, b->id) == 0);
}

static void
forget(struct discover *d, struct discover_track *t,
    struct discover_events *ev)
{
	log_msg("discover: %s (%s): removed", t->stick.sysname,
	    t->stick.devnode);
	emit(ev, DISCOVER_REMOVED, &t->stick);
	discover_unmount(d, &t->stick);
	discover_stick_free(&t->stick);
	*t = d->track[--d->ntrack];
}

/*
 * A new partition is reported as added or rejected.  A usable one that
 * stops being usable, or whose mount point or id changes, is reported as
 * removed first.  A partition whose state is unchanged makes no event,
 * which is what drops repeated add and change events.
 */
void
discover_apply(struct discover *d, const char *syspath,
    struct stick_candidate *cand, struct discover_events *ev)
{
	struct discover_track *t = discover_track_find(d, syspath);

	if (cand == NULL) {
		if (t != NULL)
			forget(d, t, ev);
		return;
	}
	/* Unmount our mount when the new state no longer uses it. */
	if (t != NULL && t->stick.mounted_here && !cand->mounted_here)
		discover_unmount(d, &t->stick);

	if (t == NULL) {
		d->track = xrealloc(d->track,
		    (d->ntrack + 1) * sizeof(*d->track));
		t = &d->track[d->ntrack++];
		memset(t, 0, sizeof(*t));
	} else if (same_state(&t->stick, cand)) {
		discover_stick_free(&t->stick);
		t->stick = *cand;
		return;
	} else if (t->stick.reason == NULL)
		emit(ev, DISCOVER_REMOVED, &t->stick);

	discover_stick_free(&t->stick);
	t->stick = *cand;
	log_state(&t->stick);
	emit(ev, cand->reason == NULL ? DISCOVER_ADDED : DISCOVER_REJECTED,
	    &t->stick);
}

static void
list_add(struct stick_candidate **list, size_t *n,
    const struct stick_candidate *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	discover_stick_copy(&(*list)[(*n)++], s);
}

/* Evaluate every partition in the system and update the known set. */
static int
scan_devices(struct discover *d, char ***seen, size_t *nseen, char *err)
{
	struct udev_enumerate *en;
	struct udev_list_entry *e;
	struct udev_device *dev;
	struct stick_candidate cand;
	struct discover_track *t;
	const char *path;

	if ((en = udev_enumerate_new(d->udev)) == NULL ||
	    udev_enumerate_add_match_subsystem(en, "block") < 0 ||
	    udev_enumerate_add_match_property(en, "DEVTYPE",
	    "partition") < 0 || udev_enumerate_scan_devices(en) < 0) {
		if (en != NULL)
			udev_enumerate_unref(en);
		return (errf(err, "find sticks: list block devices: %s",
		    strerror(errno)));
	}
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
		path = udev_list_entry_get_name(e);
		if ((dev = udev_device_new_from_syspath(d->udev, path)) ==
		    NULL)
			continue;
		t = discover_track_find(d, path);
		if (discover_evaluate(d, dev, 1, t ? &t->stick : NULL,
		    &cand) != VERDICT_UNRELATED) {
			*seen = xrealloc(*seen, (*nseen + 1) * sizeof(**seen));
			(*seen)[(*nseen)++] = xstrdup(path);
			discover_apply(d, path, &cand, NULL);
		}
		udev_device_unref(dev);
	}
	udev_enumerate_unref(en);
	return (0);
}

static int
in_list(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (1);
	return (0);
}

static int
compare_sysname(const void *a, const void *b)
{
	const struct stick_candidate *x = a, *y = b;

	return (strcmp(x->sysname, y->sysname));
}

int
discover_scan(struct discover *d, struct stick_candidate **list, size_t *n,
    struct stick_candidate **rejected, size_t *nrejected, char *err)
{
	char **seen = NULL;
	size_t i, nseen = 0;
	int rc;

	*list = NULL;
	*n = 0;
	if (rejected != NULL) {
		*rejected = NULL;
		*nrejected = 0;
	}
	rc = scan_devices(d, &seen, &nseen, err);

	/* Partitions known before and not found now are gone. */
	for (i = 0; rc == 0 && i < d->ntrack; ) {
		if (in_list(seen, nseen, d->track[i].stick.syspath))
			i++;
		else
			forget(d, &d->track[i], NULL);
	}
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	if (rc == -1)
		return (-1);

	for (i = 0; i < d->ntrack; i++) {
		if (d->track[i].stick.reason == NULL)
			list_add(list, n, &d->track[i].stick);
		else if (rejected != NULL)
			list_add(rejected, nrejected, &d->track[i].stick);
	}
	if (*n > 1)
		qsort(*list, *n, sizeof(**list), compare_sysname);
	if (rejected != NULL && *nrejected > 1)
		qsort(*rejected, *nrejected, sizeof(**rejected),
		    compare_sysname);
	log_msg("discover: scan for label %s: %zu usable, %zu rejected",
	    d->label, *n, d->ntrack - *n);
	return (0);
}
