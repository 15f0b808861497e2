/*
 * stickbed: a umockdev testbed whose disks are plugged in and pulled out
 * on command, so that a test can run the Examiner or the Reloader in the
 * testbed (UMOCKDEV_DIR set to the printed root, under umockdev-wrapper)
 * and play sticks for it.
 *
 * Commands, one per line on standard input; each is answered with a line
 * "ok" or "error: WHY" on standard output:
 *
 *	plug NAME BUS [LABEL]	disk NAME (sdb) with partition NAME1 (sdb1)
 *				labelled LABEL (EXAMSTICK), ID_FS_TYPE vfat;
 *				BUS usb puts it under a usb_device, any
 *				other BUS (ata) under a PCI controller
 *	unplug NAME		remove events for NAME1 and NAME, then the
 *				devices
 *	quit			remove the testbed and exit (as does EOF)
 *
 * At start it prints "root DIR", the testbed's root.  stickbed itself
 * runs under umockdev-wrapper, because umockdev checks the parents of
 * new devices through the testbed's /sys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <umockdev.h>

#define MAX_DISKS	16

struct disk {
	char	 name[32];
	gchar	*bus;		/* the usb_device or PCI controller */
	gchar	*host;
	gchar	*disk;
	gchar	*part;
};

static UMockdevTestbed	*tb;
static struct disk	 disks[MAX_DISKS];
static unsigned		 nplugged;	/* for device numbers */

static gchar *
add(const char *subsystem, const char *name, const char *parent,
    const gchar **attrs, const gchar **props)
{
	return (umockdev_testbed_add_devicev(tb, subsystem, name, parent,
	    (gchar **)attrs, (gchar **)props));
}

static struct disk *
find_disk(const char *name)
{
	int i;

	for (i = 0; i < MAX_DISKS; i++)
		if (disks[i].part != NULL && strcmp(disks[i].name, name) == 0)
			return (&disks[i]);
	return (NULL);
}

static struct disk *
free_slot(void)
{
	int i;

	for (i = 0; i < MAX_DISKS; i++)
		if (disks[i].part == NULL)
			return (&disks[i]);
	return (NULL);
}

static int
plug(const char *name, const char *bus, const char *label)
{
	char bname[64], hname[64], pname[64], node[64], pnode[64];
	char major[16], minor[16], pminor[16];
	int usb = strcmp(bus, "usb") == 0;
	struct disk *d;

	if (find_disk(name) != NULL || (d = free_slot()) == NULL)
		return (-1);
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(bname, sizeof(bname), "bus-%s", name);
	snprintf(hname, sizeof(hname), "host-%s", name);
	snprintf(pname, sizeof(pname), "%s1", name);
	snprintf(node, sizeof(node), "/dev/%s", name);
	snprintf(pnode, sizeof(pnode), "/dev/%s1", name);
	snprintf(major, sizeof(major), "%u", 8u);
	snprintf(minor, sizeof(minor), "%u", 16u * (1 + nplugged));
	snprintf(pminor, sizeof(pminor), "%u", 16u * (1 + nplugged) + 1);
	nplugged++;
	{
		const gchar *ua[] = { "idVendor", "0781", NULL };
		const gchar *up[] = { "DEVTYPE", "usb_device", NULL };
		const gchar *pa[] = { "vendor", "0x8086", NULL };
		const gchar *none[] = { NULL };
		const gchar *da[] = { "size", "15633408", NULL };
		const gchar *dp[] = { "DEVTYPE", "disk", "DEVNAME", node,
		    "MAJOR", major, "MINOR", minor, "ID_BUS", bus,
		    "ID_SERIAL", name, NULL };
		const gchar *qa[] = { "size", "15631360", "partition", "1",
		    NULL };
		const gchar *qp[] = { "DEVTYPE", "partition", "DEVNAME", pnode,
		    "MAJOR", major, "MINOR", pminor, "ID_BUS", bus,
		    "ID_FS_TYPE", "vfat", "ID_FS_LABEL", label, NULL };

		d->bus = usb ? add("usb", bname, NULL, ua, up) :
		    add("pci", bname, NULL, pa, none);
		d->host = add("scsi", hname, d->bus, none, none);
		d->disk = add("block", name, d->host, da, dp);
		d->part = add("block", pname, d->disk, qa, qp);
	}
	return (d->part != NULL ? 0 : -1);
}

/* Pull a disk out: remove events child first, as the kernel sends. */
static int
unplug(const char *name)
{
	struct disk *d = find_disk(name);

	if (d == NULL)
		return (-1);
	umockdev_testbed_uevent(tb, d->part, "remove");
	umockdev_testbed_uevent(tb, d->disk, "remove");
	umockdev_testbed_remove_device(tb, d->bus);
	g_free(d->bus);
	g_free(d->host);
	g_free(d->disk);
	g_free(d->part);
	memset(d, 0, sizeof(*d));
	return (0);
}

static int
run(char *line)
{
	char *cmd, *a, *b, *c, *save = NULL;

	cmd = strtok_r(line, " \t\n", &save);
	a = strtok_r(NULL, " \t\n", &save);
	b = strtok_r(NULL, " \t\n", &save);
	c = strtok_r(NULL, " \t\n", &save);
	if (cmd == NULL)
		return (0);
	if (strcmp(cmd, "plug") == 0 && a != NULL && b != NULL)
		return (plug(a, b, c != NULL ? c : "EXAMSTICK"));
	if (strcmp(cmd, "unplug") == 0 && a != NULL)
		return (unplug(a));
	return (-1);
}

int
main(void)
{
	char line[256];
	gchar *root;

	tb = umockdev_testbed_new();
	if (tb == NULL) {
		fprintf(stderr, "stickbed: cannot create a umockdev "
		    "testbed\n");
		return (1);
	}
	root = umockdev_testbed_get_root_dir(tb);
	printf("root %s\n", root);
	fflush(stdout);
	g_free(root);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (strncmp(line, "quit", 4) == 0)
			break;
		if (run(line) == 0)
			printf("ok\n");
		else
			printf("error: invalid command, or no such disk\n");
		fflush(stdout);
	}
	g_object_unref(tb);
	return (0);
}
