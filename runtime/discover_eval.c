/*
 * Whether one block device is a usable stick: its type, label and bus
 * from udev, its mount point from the mount table (mounting it when
 * allowed), and the examstick/ folder on it.
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "discover_private.h"
#include "mountinfo.h"

#define MOUNT_FLAGS	(MS_NODEV | MS_NOSUID | MS_NOEXEC)

/*
 * Mount options per filesystem.  umask=0077 keeps the stick's files, the
 * locked secret key among them, from other local users.  flush makes vfat
 * write back early, because sticks get pulled out.  errors=remount-ro
 * stops writes to a damaged filesystem.
 */
static const struct {
	const char	*fstype;
	const char	*options;
} mount_types[] = {
	{ "vfat", "utf8,shortname=mixed,flush,umask=0077,errors=remount-ro" },
	{ "exfat", "iocharset=utf8,umask=0077,errors=remount-ro" },
};
#define NMOUNT_TYPES	(sizeof(mount_types) / sizeof(mount_types[0]))

static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/*
 * Decode udev's ID_FS_LABEL_ENC, where bytes that are unsafe in a
 * property are written as \xNN.
 */
static char *
decode_label(const char *enc)
{
	char *out = xmalloc(strlen(enc) + 1), *p = out;
	int hi, lo;

	while (*enc != '\0') {
		if (enc[0] == '\\' && enc[1] == 'x' &&
		    (hi = hexdigit(enc[2])) != -1 &&
		    (lo = hexdigit(enc[3])) != -1 && (hi | lo) != 0) {
			*p++ = (char)(hi << 4 | lo);
			enc += 4;
		} else
			*p++ = *enc++;
	}
	*p = '\0';
	return (out);
}

static char *
device_label(struct udev_device *dev)
{
	const char *v;

	if ((v = udev_device_get_property_value(dev, "ID_FS_LABEL_ENC")) !=
	    NULL)
		return (decode_label(v));
	if ((v = udev_device_get_property_value(dev, "ID_FS_LABEL")) != NULL)
		return (xstrdup(v));
	return (NULL);
}

/*
 * Whether dev sits on the USB bus: ID_BUS=usb on it or an ancestor, or a
 * usb_device among its ancestors, which also covers USB bridges that
 * udev reports with ID_BUS=ata.  *bus gets the first ID_BUS found.
 */
static int
on_usb(struct udev_device *dev, const char **bus)
{
	struct udev_device *p;
	const char *v;

	*bus = NULL;
	for (p = dev; p != NULL; p = udev_device_get_parent(p)) {
		v = udev_device_get_property_value(p, "ID_BUS");
		if (v == NULL)
			continue;
		if (*bus == NULL)
			*bus = v;
		if (strcmp(v, "usb") == 0)
			return (1);
	}
	return (udev_device_get_parent_with_subsystem_devtype(dev, "usb",
	    "usb_device") != NULL);
}

static const char *
device_serial(struct udev_device *dev)
{
	struct udev_device *disk;
	const char *v;

	if ((v = udev_device_get_property_value(dev, "ID_SERIAL")) != NULL)
		return (v);
	disk = udev_device_get_parent_with_subsystem_devtype(dev, "block",
	    "disk");
	if (disk == NULL)
		return (NULL);
	return (udev_device_get_property_value(disk, "ID_SERIAL"));
}

static void
fill_basics(struct udev_device *dev, char *label,
    struct stick_candidate *out)
{
	const char *v;

	memset(out, 0, sizeof(*out));
	out->syspath = xstrdup(udev_device_get_syspath(dev));
	out->sysname = xstrdup(udev_device_get_sysname(dev));
	v = udev_device_get_devnode(dev);
	out->devnode = xstrdup(v != NULL ? v : "(no device node)");
	out->devnum = udev_device_get_devnum(dev);
	out->label = label;
	if ((v = udev_device_get_property_value(dev, "ID_FS_TYPE")) != NULL)
		out->fstype = xstrdup(v);
	if ((v = device_serial(dev)) != NULL)
		out->serial = xstrdup(v);
	/* The size attribute counts 512-byte sectors on every device. */
	if ((v = udev_device_get_sysattr_value(dev, "size")) != NULL)
		out->size = strtoull(v, NULL, 10) * 512;
}

static enum discover_verdict
reject(struct stick_candidate *out, const char *fmt, const char *arg)
{
	xasprintf(&out->reason, fmt, arg);
	return (VERDICT_REJECTED);
}

static const char *
map_lookup(const struct discover *d, const char *sysname)
{
	size_t i;

	for (i = 0; i < d->nmap; i++)
		if (strcmp(d->map[i].sysname, sysname) == 0)
			return (d->map[i].dir);
	return (NULL);
}

/* Try each filesystem type, the one udev detected first. */
static int
mount_stick(struct discover *d, struct stick_candidate *s, char *err)
{
	char *target, tried[512] = "";
	size_t i, k, len;
	int first;

	xasprintf(&target, "%s/%s", d->mount_base, s->sysname);
	if (util_mkdir_p(target, err) == -1) {
		free(target);
		return (-1);
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < NMOUNT_TYPES; i++) {
			first = s->fstype != NULL &&
			    strcmp(s->fstype, mount_types[i].fstype) == 0;
			if (first != (k == 0))
				continue;
			if (d->mount(s->devnode, target, mount_types[i].fstype,
			    MOUNT_FLAGS, mount_types[i].options,
			    d->mount_arg) == 0) {
				log_msg("discover: mounted %s on %s (%s)",
				    s->devnode, target,
				    mount_types[i].fstype);
				s->mountpoint = target;
				s->mounted_here = 1;
				return (0);
			}
			len = strlen(tried);
			snprintf(tried + len, sizeof(tried) - len, "%s%s: %s",
			    len ? "; " : "", mount_types[i].fstype,
			    strerror(errno));
		}
	}
	rmdir(target);
	errf(err, "mount on %s failed: %s", target, tried);
	free(target);
	return (-1);
}

/*
 * Find the stick's root: the mapped folder in a testbed, else the mount
 * table, else mount it.  Returns 0, or -1 with out->reason set.
 */
static int
find_root(struct discover *d, int may_mount,
    const struct stick_candidate *known, struct stick_candidate *out)
{
	char err[ERR_LEN];
	const char *dir;
	int rc;

	if ((dir = map_lookup(d, out->sysname)) != NULL) {
		out->mountpoint = xstrdup(dir);
		return (0);
	}
	rc = mountinfo_find(d->mountinfo, out->devnum, &out->mountpoint, err);
	if (rc == -1) {
		reject(out, "%s", err);
		return (-1);
	}
	if (rc == 1) {
		out->mounted_here = known != NULL && known->mounted_here &&
		    known->mountpoint != NULL &&
		    strcmp(known->mountpoint, out->mountpoint) == 0;
		return (0);
	}
	if (!d->mount_allowed) {
		reject(out, "%s", "not mounted, and mounting it needs root");
		return (-1);
	}
	if (!may_mount) {
		/* Keep the reason a failed mount gave, not a vaguer one. */
		reject(out, "%s", known != NULL && known->reason != NULL ?
		    known->reason : "not mounted");
		return (-1);
	}
	if (mount_stick(d, out, err) == -1) {
		reject(out, "%s", err);
		return (-1);
	}
	return (0);
}

/* Check for examstick/ with a readable regular examiner.conf. */
static int
check_folder(const struct stick_candidate *s, char *err)
{
	char *dir, *conf;
	struct stat st;
	int fd, rc = -1;

	dir = util_path_join(s->mountpoint, "examstick");
	conf = util_path_join(dir, "examiner.conf");
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		errf(err, "no examstick/ folder on it");
	else if ((fd = open(conf, O_RDONLY | O_CLOEXEC)) == -1)
		errf(err, "examstick/examiner.conf: %s", strerror(errno));
	else {
		if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
			errf(err, "examstick/examiner.conf: not a file");
		else
			rc = 0;
		close(fd);
	}
	free(conf);
	free(dir);
	return (rc);
}

void
discover_unmount(struct discover *d, struct stick_candidate *s)
{
	if (!s->mounted_here || s->mountpoint == NULL)
		return;
	if (d->umount(s->mountpoint, d->mount_arg) == -1)
		log_msg("discover: unmount %s: %s", s->mountpoint,
		    strerror(errno));
	else {
		log_msg("discover: unmounted %s", s->mountpoint);
		rmdir(s->mountpoint);
	}
	s->mounted_here = 0;
}

enum discover_verdict
discover_evaluate(struct discover *d, struct udev_device *dev, int may_mount,
    const struct stick_candidate *known, struct stick_candidate *out)
{
	const char *subsystem, *type, *bus;
	char err[ERR_LEN], *label;

	memset(out, 0, sizeof(*out));
	subsystem = udev_device_get_subsystem(dev);
	type = udev_device_get_devtype(dev);
	if (subsystem == NULL || strcmp(subsystem, "block") != 0 ||
	    type == NULL || strcmp(type, "partition") != 0)
		return (VERDICT_UNRELATED);
	if ((label = device_label(dev)) == NULL)
		return (VERDICT_UNRELATED);
	if (strcasecmp(label, d->label) != 0) {
		free(label);
		return (VERDICT_UNRELATED);
	}
	fill_basics(dev, label, out);

	if (!on_usb(dev, &bus))
		return (reject(out, "not on USB (ID_BUS=%s)",
		    bus != NULL ? bus : "unknown"));
	if (find_root(d, may_mount, known, out) == -1)
		return (VERDICT_REJECTED);
	if (check_folder(out, err) == -1)
		return (reject(out, "%s", err));

	/* An unreadable id leaves "", which the log shows as unknown. */
	if (d->stick_id != NULL &&
	    d->stick_id(out->mountpoint, out->id, sizeof(out->id),
	    d->stick_id_arg) == -1)
		out->id[0] = '\0';
	return (VERDICT_USABLE);
}
