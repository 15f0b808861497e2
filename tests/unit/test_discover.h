/*
 * A umockdev testbed for the discovery tests: USB and SATA disks with
 * labelled partitions, folders that stand in for their filesystems, a
 * mount table file, and mount hooks that edit that file instead of
 * mounting.  Included by each tests/unit/test_discover_*.c.
 */
#ifndef TEST_DISCOVER_H
#define TEST_DISCOVER_H

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libudev.h>
#include <umockdev.h>

#include "discover.h"

#define MAX_MOUNTS	8

struct fixture {
	UMockdevTestbed		*tb;
	char			 dir[PATH_MAX];
	char			*mountinfo;	/* DIR/mountinfo */
	char			*log;
	char			*run;		/* mount base */
	struct discover		 d;

	/* What the fake mount(2) saw, and what it should fail with. */
	int			 nmount;
	int			 numount;
	char			 mount_type[MAX_MOUNTS][16];
	char			 mount_options[MAX_MOUNTS][128];
	unsigned long		 mount_flags;
	int			 fail_vfat;
	discover_mount_fn	 real_mount;
};

/* The sysfs paths of one plugged-in disk. */
struct plugged {
	char	*usb;		/* NULL for a SATA disk */
	char	*host;
	char	*disk;
	char	*part;
};

/* What to put on a disk. */
struct disk_spec {
	const char	*bus;		/* ID_BUS, or NULL */
	int		 usb_parent;	/* under a usb_device */
	const char	*name;		/* "sdb", partition "sdb1" */
	unsigned	 major, minor;	/* of the disk */
	const char	*label;		/* ID_FS_LABEL */
	const char	*label_enc;	/* ID_FS_LABEL_ENC, NULL: none */
	const char	*fstype;
	const char	*serial;
};

/*
 * Re-run this program under umockdev-wrapper, which preloads the library
 * that redirects /sys, /dev and udev's netlink socket into the testbed.
 */
static void
reexec_in_testbed(char **argv)
{
	const char *preload = getenv("LD_PRELOAD");
	const char *asan = getenv("ASAN_OPTIONS");
	char *opts, self[PATH_MAX];

	if (preload != NULL && strstr(preload, "libumockdev-preload") != NULL)
		return;
	if (getenv("EXAMSTICK_TESTBED_REEXEC") != NULL) {
		fprintf(stderr, "%s: umockdev preload library not active\n",
		    argv[0]);
		exit(1);
	}
	setenv("EXAMSTICK_TESTBED_REEXEC", "1", 1);
	/* The preload library comes before ASan's runtime in the list. */
	if (asan == NULL || strstr(asan, "verify_asan_link_order") == NULL) {
		if (asan != NULL && *asan != '\0')
			xasprintf(&opts, "%s:verify_asan_link_order=0", asan);
		else
			opts = xstrdup("verify_asan_link_order=0");
		setenv("ASAN_OPTIONS", opts, 1);
		free(opts);
	}
	if (realpath("/proc/self/exe", self) == NULL) {
		perror("/proc/self/exe");
		exit(1);
	}
	execlp("umockdev-wrapper", "umockdev-wrapper", self, (char *)NULL);
	printf("umockdev-wrapper not found: install umockdev "
	    "(scripts/install-deps)\n");
	exit(77);
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *
read_text(const char *path)
{
	char *buf, err[ERR_LEN];
	size_t len;

	if (util_read_file(path, 1 << 20, &buf, &len, err) == -1)
		return (xstrdup(""));
	return (buf);
}

/* Append a mountinfo line for devnum on mp, escaping spaces as \040. */
static void
mount_table_add(struct fixture *fx, dev_t devnum, const char *mp)
{
	FILE *f = fopen(fx->mountinfo, "a");
	const char *p;

	assert_non_null(f);
	fprintf(f, "40 25 %u:%u / ", major(devnum), minor(devnum));
	for (p = mp; *p != '\0'; p++) {
		if (*p == ' ')
			fputs("\\040", f);
		else
			fputc(*p, f);
	}
	fprintf(f, " rw,nosuid,nodev,noexec shared:7 - vfat /dev/x rw\n");
	assert_int_equal(fclose(f), 0);
}

/* Drop the mountinfo lines whose text contains needle. */
static void
mount_table_drop(struct fixture *fx, const char *needle)
{
	char *text = read_text(fx->mountinfo), *line, *save = NULL;
	FILE *f = fopen(fx->mountinfo, "w");

	assert_non_null(f);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, needle) == NULL)
			fprintf(f, "%s\n", line);
	assert_int_equal(fclose(f), 0);
	free(text);
}

/* The folder that plays the filesystem of partition name. */
static char *
fs_dir(struct fixture *fx, const char *name)
{
	char *p;

	xasprintf(&p, "%s/fs %s", fx->dir, name);
	return (p);
}

/*
 * Fake mount(2): the target becomes a link to the partition's stand-in
 * folder and the mount table gets a line for it.
 */
static int
fake_mount(const char *source, const char *target, const char *fstype,
    unsigned long flags, const char *options, void *arg)
{
	struct fixture *fx = arg;
	const char *name = strrchr(target, '/') + 1;
	struct udev_device *dev;
	char *fs;

	if (fx->nmount < MAX_MOUNTS) {
		snprintf(fx->mount_type[fx->nmount], 16, "%s", fstype);
		snprintf(fx->mount_options[fx->nmount], 128, "%s", options);
	}
	fx->nmount++;
	fx->mount_flags = flags;
	if (fx->fail_vfat && strcmp(fstype, "vfat") == 0) {
		errno = EINVAL;
		return (-1);
	}
	fs = fs_dir(fx, name);
	assert_int_equal(rmdir(target), 0);
	assert_int_equal(symlink(fs, target), 0);
	free(fs);

	/* The testbed's /dev nodes carry no numbers; take them from sysfs. */
	dev = udev_device_new_from_subsystem_sysname(fx->d.udev, "block",
	    name);
	assert_non_null(dev);
	mount_table_add(fx, udev_device_get_devnum(dev), target);
	udev_device_unref(dev);
	return (0);
}

static int
fake_umount(const char *target, void *arg)
{
	struct fixture *fx = arg;

	fx->numount++;
	mount_table_drop(fx, target);
	if (unlink(target) == -1)
		return (-1);
	return (mkdir(target, 0700));
}

/*
 * Stick id hook for the tests: the id is read from examstick/keys/stick.id
 * as plain hex, where a program would take the key id of the stick's
 * minisign public key.
 */
static int
read_stick_id(const char *root, char *id, size_t len, void *arg)
{
	char *path, *text;

	xasprintf(&path, "%s/examstick/keys/stick.id", root);
	text = read_text(path);
	free(path);
	if (*text == '\0') {
		free(text);
		return (-1);
	}
	text[strcspn(text, "\n")] = '\0';
	util_strlcpy(id, text, len);
	free(text);
	return (0);
}

/* Fill the stand-in folder of partition name as a prepared stick. */
static void
make_stick_files(struct fixture *fx, const char *name, const char *id,
    int with_conf)
{
	char *fs, *p, err[ERR_LEN];

	fs = fs_dir(fx, name);
	xasprintf(&p, "%s/examstick/keys", fs);
	assert_int_equal(util_mkdir_p(p, err), 0);
	free(p);
	if (with_conf) {
		xasprintf(&p, "%s/examstick/examiner.conf", fs);
		write_text(p, "[examiner]\ncentre_id = 12345\n");
		free(p);
	}
	if (id != NULL) {
		xasprintf(&p, "%s/examstick/keys/stick.id", fs);
		write_text(p, id);
		free(p);
	}
	free(fs);
}

/* A NULL-terminated list of strings for umockdev_testbed_add_devicev. */
struct strv {
	gchar	*v[32];
	int	 n;
};

static void
strv_add(struct strv *sv, const char *key, const char *value)
{
	if (value == NULL)
		return;
	assert_true(sv->n + 2 < 32);
	sv->v[sv->n++] = g_strdup(key);
	sv->v[sv->n++] = g_strdup(value);
	sv->v[sv->n] = NULL;
}

static void
strv_free(struct strv *sv)
{
	int i;

	for (i = 0; i < sv->n; i++)
		g_free(sv->v[i]);
	sv->n = 0;
	sv->v[0] = NULL;
}

static char *
add_device(struct fixture *fx, const char *subsystem, const char *name,
    const char *parent, struct strv *attrs, struct strv *props)
{
	char *path = umockdev_testbed_add_devicev(fx->tb, subsystem, name,
	    parent, attrs->v, props->v);

	assert_non_null(path);
	strv_free(attrs);
	strv_free(props);
	return (path);
}

static void
plug(struct fixture *fx, const struct disk_spec *s, struct plugged *out)
{
	struct strv a = { { NULL }, 0 }, p = { { NULL }, 0 };
	char name[32], node[64], major_s[16], minor_s[16];

	memset(out, 0, sizeof(*out));
	snprintf(name, sizeof(name), "bus-%s", s->name);
	if (s->usb_parent) {
		strv_add(&a, "idVendor", "0781");
		strv_add(&p, "DEVTYPE", "usb_device");
		out->usb = add_device(fx, "usb", name, NULL, &a, &p);
	} else {
		strv_add(&a, "vendor", "0x8086");
		out->usb = add_device(fx, "pci", name, NULL, &a, &p);
	}
	snprintf(name, sizeof(name), "host-%s", s->name);
	out->host = add_device(fx, "scsi", name, out->usb, &a, &p);

	snprintf(node, sizeof(node), "/dev/%s", s->name);
	snprintf(major_s, sizeof(major_s), "%u", s->major);
	snprintf(minor_s, sizeof(minor_s), "%u", s->minor);
	strv_add(&a, "size", "4096");
	strv_add(&p, "DEVTYPE", "disk");
	strv_add(&p, "DEVNAME", node);
	strv_add(&p, "MAJOR", major_s);
	strv_add(&p, "MINOR", minor_s);
	strv_add(&p, "ID_BUS", s->bus);
	strv_add(&p, "ID_SERIAL", s->serial);
	out->disk = add_device(fx, "block", s->name, out->host, &a, &p);

	snprintf(name, sizeof(name), "%s1", s->name);
	snprintf(node, sizeof(node), "/dev/%s1", s->name);
	snprintf(minor_s, sizeof(minor_s), "%u", s->minor + 1);
	strv_add(&a, "size", "2048");
	strv_add(&a, "partition", "1");
	strv_add(&p, "DEVTYPE", "partition");
	strv_add(&p, "DEVNAME", node);
	strv_add(&p, "MAJOR", major_s);
	strv_add(&p, "MINOR", minor_s);
	strv_add(&p, "ID_BUS", s->bus);
	strv_add(&p, "ID_FS_TYPE", s->fstype ? s->fstype : "vfat");
	strv_add(&p, "ID_FS_LABEL", s->label);
	strv_add(&p, "ID_FS_LABEL_ENC", s->label_enc);
	out->part = add_device(fx, "block", name, out->disk, &a, &p);
}

/* Pull a disk out: remove events child first, as the kernel sends. */
static void
unplug(struct fixture *fx, struct plugged *p)
{
	umockdev_testbed_uevent(fx->tb, p->part, "remove");
	umockdev_testbed_uevent(fx->tb, p->disk, "remove");
	umockdev_testbed_remove_device(fx->tb, p->usb);
	g_free(p->usb);
	g_free(p->host);
	g_free(p->disk);
	g_free(p->part);
	memset(p, 0, sizeof(*p));
}

static void
plugged_free(struct plugged *p)
{
	g_free(p->usb);
	g_free(p->host);
	g_free(p->disk);
	g_free(p->part);
}

static int
fixture_setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	const char *base = getenv("TESTDIR");
	char err[ERR_LEN];

	snprintf(fx->dir, sizeof(fx->dir), "%s/discover.XXXXXX",
	    base != NULL ? base : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	xasprintf(&fx->mountinfo, "%s/mountinfo", fx->dir);
	xasprintf(&fx->log, "%s/log", fx->dir);
	xasprintf(&fx->run, "%s/run", fx->dir);
	write_text(fx->mountinfo,
	    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
	assert_int_equal(log_open(fx->log, err), 0);

	fx->tb = umockdev_testbed_new();
	assert_non_null(fx->tb);
	if (discover_init(&fx->d, NULL, err) == -1)
		fail_msg("discover_init: %s", err);
	fx->d.mountinfo = fx->mountinfo;
	fx->d.mount_base = fx->run;
	fx->d.mount_allowed = 1;
	fx->real_mount = fx->d.mount;
	fx->d.mount = fake_mount;
	fx->d.umount = fake_umount;
	fx->d.mount_arg = fx;
	fx->d.stick_id = read_stick_id;
	*state = fx;
	return (0);
}

static int
fixture_teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd;

	discover_free(&fx->d);
	log_close();
	g_object_unref(fx->tb);
	xasprintf(&cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dir);
	free(cmd);
	free(fx->mountinfo);
	free(fx->log);
	free(fx->run);
	free(fx);
	return (0);
}

/* A prepared USB stick: partition NAME1, mounted on its stand-in. */
static void
plug_stick(struct fixture *fx, const char *name, unsigned minor,
    const char *id, struct plugged *out)
{
	struct disk_spec s = { "usb", 1, name, 8, minor, "EXAMSTICK", NULL,
	    "vfat", NULL };
	char serial[64], part[32], *fs;

	snprintf(serial, sizeof(serial), "SanDisk_Cruzer_%s", id);
	snprintf(part, sizeof(part), "%s1", name);
	s.serial = serial;
	make_stick_files(fx, part, id, 1);
	fs = fs_dir(fx, part);
	mount_table_add(fx, makedev(8, minor + 1), fs);
	free(fs);
	plug(fx, &s, out);
}

/*
 * Wait for the watch descriptor, then read until the events stop for a
 * moment, because the testbed sends each plug as a few uevents.
 */
static inline void
collect(struct fixture *fx, struct discover_event **ev, size_t *n)
{
	struct pollfd pfd = { fx->d.epoll_fd, POLLIN, 0 };
	struct discover_event *more;
	size_t nmore;
	char err[ERR_LEN];
	int timeout = 2000;

	*ev = NULL;
	*n = 0;
	while (poll(&pfd, 1, timeout) == 1) {
		if (discover_read(&fx->d, &more, &nmore, err) == -1)
			fail_msg("discover_read: %s", err);
		*ev = xrealloc(*ev, (*n + nmore + 1) * sizeof(**ev));
		if (nmore > 0)
			memcpy(*ev + *n, more, nmore * sizeof(*more));
		*n += nmore;
		free(more);
		timeout = 200;
	}
}

/* Start watching, and read the sticks already in. */
static inline void
start_watch(struct fixture *fx)
{
	struct stick_candidate *list;
	size_t n;
	char err[ERR_LEN];

	if (discover_watch(&fx->d, err) == -1)
		fail_msg("discover_watch: %s", err);
	if (discover_scan(&fx->d, &list, &n, NULL, NULL, err) == -1)
		fail_msg("discover_scan: %s", err);
	discover_list_free(list, n);
}

static int
log_has(struct fixture *fx, const char *needle)
{
	char *text = read_text(fx->log);
	int found = strstr(text, needle) != NULL;

	free(text);
	return (found);
}

#endif
