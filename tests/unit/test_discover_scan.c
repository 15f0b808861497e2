/*
 * discover_scan in a umockdev testbed: which partitions are sticks,
 * which are rejected and why, and how unmounted ones get mounted.
 */
#include "test_discover.h"

static void
scan(struct fixture *fx, struct stick_candidate **list, size_t *n,
    struct stick_candidate **rej, size_t *nrej)
{
	char err[ERR_LEN];

	if (discover_scan(&fx->d, list, n, rej, nrej, err) == -1)
		fail_msg("discover_scan: %s", err);
}

static void
scan_finds_usb_stick(void **state)
{
	struct fixture *fx = *state;
	struct stick_candidate *list, *rej;
	struct plugged p;
	size_t n, nrej;
	char *fs;

	plug_stick(fx, "sdb", 16, "4F2A0C1D9E8B7A65", &p);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 1);
	assert_int_equal(nrej, 0);
	assert_string_equal(list[0].devnode, "/dev/sdb1");
	assert_string_equal(list[0].sysname, "sdb1");
	assert_string_equal(list[0].syspath, p.part);
	assert_true(list[0].devnum == makedev(8, 17));
	assert_string_equal(list[0].label, "EXAMSTICK");
	assert_string_equal(list[0].fstype, "vfat");
	assert_string_equal(list[0].serial, "SanDisk_Cruzer_4F2A0C1D9E8B7A65");
	assert_true(list[0].size == 2048 * 512);
	/* The stand-in's path has a space, written \040 in the table. */
	fs = fs_dir(fx, "sdb1");
	assert_string_equal(list[0].mountpoint, fs);
	assert_int_equal(list[0].mounted_here, 0);
	assert_string_equal(list[0].id, "4F2A0C1D9E8B7A65");
	assert_null(list[0].reason);
	assert_int_equal(fx->nmount, 0);
	assert_true(log_has(fx, "sdb1 (/dev/sdb1, label EXAMSTICK): usable"));

	free(fs);
	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&p);
}

static void
scan_lists_two_sticks(void **state)
{
	struct fixture *fx = *state;
	struct stick_candidate *list;
	struct plugged a, b;
	size_t n;

	plug_stick(fx, "sdc", 32, "2222222222222222", &b);
	plug_stick(fx, "sdb", 16, "1111111111111111", &a);
	scan(fx, &list, &n, NULL, NULL);

	assert_int_equal(n, 2);
	assert_string_equal(list[0].sysname, "sdb1");
	assert_string_equal(list[0].id, "1111111111111111");
	assert_string_equal(list[1].sysname, "sdc1");
	assert_string_equal(list[1].id, "2222222222222222");

	discover_list_free(list, n);
	plugged_free(&a);
	plugged_free(&b);
}

static void
scan_rejects_sata_disk(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "ata", 0, "sda", 8, 0, "EXAMSTICK", NULL,
	    "vfat", "WDC_WD10EZEX" };
	struct stick_candidate *list, *rej;
	struct plugged p;
	size_t n, nrej;

	make_stick_files(fx, "sda1", "5555555555555555", 1);
	plug(fx, &s, &p);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 0);
	assert_int_equal(nrej, 1);
	assert_string_equal(rej[0].sysname, "sda1");
	assert_string_equal(rej[0].reason, "not on USB (ID_BUS=ata)");
	assert_null(rej[0].mountpoint);
	assert_int_equal(fx->nmount, 0);
	assert_true(log_has(fx, "sda1 (/dev/sda1, label EXAMSTICK): "
	    "rejected: not on USB (ID_BUS=ata)"));

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&p);
}

static void
scan_rejects_nvme_and_unknown_bus(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec nvme = { "nvme", 0, "nvme0n", 259, 0, "EXAMSTICK",
	    NULL, "vfat", NULL };
	struct disk_spec virtio = { NULL, 0, "vda", 254, 0, "examstick",
	    NULL, "vfat", NULL };
	struct stick_candidate *list, *rej;
	struct plugged a, b;
	size_t n, nrej;

	plug(fx, &nvme, &a);
	plug(fx, &virtio, &b);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 0);
	assert_int_equal(nrej, 2);
	assert_string_equal(rej[0].sysname, "nvme0n1");
	assert_string_equal(rej[0].reason, "not on USB (ID_BUS=nvme)");
	assert_string_equal(rej[1].sysname, "vda1");
	assert_string_equal(rej[1].reason, "not on USB (ID_BUS=unknown)");

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&a);
	plugged_free(&b);
}

/* No ID_BUS anywhere: the usb_device ancestor alone makes it USB. */
static void
scan_takes_usb_from_parent(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { NULL, 1, "sdd", 8, 48, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list;
	struct plugged p;
	size_t n;
	char *fs;

	make_stick_files(fx, "sdd1", NULL, 1);
	fs = fs_dir(fx, "sdd1");
	mount_table_add(fx, makedev(8, 49), fs);
	free(fs);
	plug(fx, &s, &p);
	scan(fx, &list, &n, NULL, NULL);

	assert_int_equal(n, 1);
	assert_string_equal(list[0].sysname, "sdd1");
	assert_null(list[0].serial);
	assert_string_equal(list[0].id, "");
	assert_true(log_has(fx, "id unknown"));

	discover_list_free(list, n);
	plugged_free(&p);
}

static void
scan_matches_label_loosely(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "Exam_Stick",
	    "Exam\\x20Stick", "vfat", NULL };
	struct disk_spec other = { "usb", 1, "sdc", 8, 32, "EXAMSTICK2",
	    NULL, "vfat", NULL };
	struct stick_candidate *list, *rej;
	struct plugged a, b;
	size_t n, nrej;
	char err[ERR_LEN], *fs;

	/* udev's ID_FS_LABEL has the space replaced; _ENC keeps it. */
	discover_free(&fx->d);
	assert_int_equal(discover_init(&fx->d, "EXAM STICK", err), 0);
	fx->d.mountinfo = fx->mountinfo;
	fx->d.mount_allowed = 0;

	make_stick_files(fx, "sdb1", NULL, 1);
	fs = fs_dir(fx, "sdb1");
	mount_table_add(fx, makedev(8, 17), fs);
	free(fs);
	plug(fx, &s, &a);
	plug(fx, &other, &b);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 1);
	assert_int_equal(nrej, 0);
	assert_string_equal(list[0].label, "Exam Stick");

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&a);
	plugged_free(&b);
}

static void
scan_rejects_missing_folder(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct disk_spec t = { "usb", 1, "sdc", 8, 32, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list, *rej;
	struct plugged a, b;
	size_t n, nrej;
	char *fs, err[ERR_LEN];

	/* sdb1: an empty filesystem; sdc1: examstick/ without the conf. */
	fs = fs_dir(fx, "sdb1");
	assert_int_equal(util_mkdir_p(fs, err), 0);
	mount_table_add(fx, makedev(8, 17), fs);
	free(fs);
	make_stick_files(fx, "sdc1", NULL, 0);
	fs = fs_dir(fx, "sdc1");
	mount_table_add(fx, makedev(8, 33), fs);
	free(fs);
	plug(fx, &s, &a);
	plug(fx, &t, &b);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 0);
	assert_int_equal(nrej, 2);
	assert_string_equal(rej[0].reason, "no examstick/ folder on it");
	assert_string_equal(rej[1].reason,
	    "examstick/examiner.conf: No such file or directory");
	assert_non_null(rej[1].mountpoint);

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&a);
	plugged_free(&b);
}

static void
scan_mounts_unmounted_stick(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list;
	struct plugged p;
	size_t n;
	char *target;

	make_stick_files(fx, "sdb1", "7777777777777777", 1);
	plug(fx, &s, &p);
	scan(fx, &list, &n, NULL, NULL);

	assert_int_equal(fx->nmount, 1);
	assert_string_equal(fx->mount_type[0], "vfat");
	assert_non_null(strstr(fx->mount_options[0], "utf8"));
	assert_non_null(strstr(fx->mount_options[0], "shortname=mixed"));
	assert_true(fx->mount_flags == (MS_NODEV | MS_NOSUID | MS_NOEXEC));
	assert_int_equal(n, 1);
	xasprintf(&target, "%s/sdb1", fx->run);
	assert_string_equal(list[0].mountpoint, target);
	assert_int_equal(list[0].mounted_here, 1);
	assert_string_equal(list[0].id, "7777777777777777");
	discover_list_free(list, n);

	/* A second scan finds our mount in the table: no second mount. */
	scan(fx, &list, &n, NULL, NULL);
	assert_int_equal(fx->nmount, 1);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].mounted_here, 1);
	discover_list_free(list, n);

	/* Pulled out between scans: the scan unmounts what it mounted. */
	unplug(fx, &p);
	scan(fx, &list, &n, NULL, NULL);
	assert_int_equal(n, 0);
	assert_int_equal(fx->numount, 1);
	assert_true(log_has(fx, "unmounted"));
	discover_list_free(list, n);
	free(target);
}

static void
scan_tries_exfat_after_vfat(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    NULL, NULL };
	struct disk_spec x = { "usb", 1, "sdc", 8, 32, "EXAMSTICK", NULL,
	    "exfat", NULL };
	struct stick_candidate *list;
	struct plugged a, b;
	size_t n;

	fx->fail_vfat = 1;
	make_stick_files(fx, "sdb1", NULL, 1);
	plug(fx, &s, &a);
	scan(fx, &list, &n, NULL, NULL);
	assert_int_equal(n, 1);
	assert_int_equal(fx->nmount, 2);
	assert_string_equal(fx->mount_type[0], "vfat");
	assert_string_equal(fx->mount_type[1], "exfat");
	assert_non_null(strstr(fx->mount_options[1], "iocharset=utf8"));
	discover_list_free(list, n);

	/* udev reports exfat: exfat is tried first. */
	fx->fail_vfat = 0;
	make_stick_files(fx, "sdc1", NULL, 1);
	plug(fx, &x, &b);
	scan(fx, &list, &n, NULL, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(fx->nmount, 3);
	assert_string_equal(fx->mount_type[2], "exfat");
	discover_list_free(list, n);
	plugged_free(&a);
	plugged_free(&b);
}

static void
scan_reports_failed_mount(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list, *rej;
	struct plugged p;
	size_t n, nrej;
	struct stat st;
	char *target;

	/* The real mount(2) hook rejects testbed devices. */
	fx->d.mount = fx->real_mount;
	plug(fx, &s, &p);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 0);
	assert_int_equal(nrej, 1);
	assert_non_null(strstr(rej[0].reason, "mount on "));
	assert_non_null(strstr(rej[0].reason,
	    "vfat: Operation not permitted; exfat: Operation not permitted"));
	xasprintf(&target, "%s/sdb1", fx->run);
	assert_int_equal(stat(target, &st), -1);
	free(target);

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&p);
}

static void
scan_needs_root_to_mount(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list, *rej;
	struct plugged p;
	size_t n, nrej;

	fx->d.mount_allowed = 0;
	make_stick_files(fx, "sdb1", NULL, 1);
	plug(fx, &s, &p);
	scan(fx, &list, &n, &rej, &nrej);

	assert_int_equal(n, 0);
	assert_int_equal(nrej, 1);
	assert_string_equal(rej[0].reason,
	    "not mounted, and mounting it needs root");
	assert_int_equal(fx->nmount, 0);

	discover_list_free(list, n);
	discover_list_free(rej, nrej);
	plugged_free(&p);
}

static void
scan_follows_mount_map(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct stick_candidate *list;
	struct plugged p;
	size_t n;
	char err[ERR_LEN], *fs, *map;

	make_stick_files(fx, "sdb1", "9999999999999999", 1);
	fs = fs_dir(fx, "sdb1");
	xasprintf(&map, "sdz9=/nowhere,sdb1=%s", fs);
	setenv("EXAMSTICK_MOUNT_MAP", map, 1);
	discover_free(&fx->d);
	assert_int_equal(discover_init(&fx->d, NULL, err), 0);
	fx->d.mountinfo = fx->mountinfo;
	fx->d.mount_allowed = 0;
	fx->d.stick_id = read_stick_id;

	plug(fx, &s, &p);
	scan(fx, &list, &n, NULL, NULL);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].mountpoint, fs);
	assert_string_equal(list[0].id, "9999999999999999");
	discover_list_free(list, n);

	/* A malformed map is an error, not an empty map. */
	discover_free(&fx->d);
	setenv("EXAMSTICK_MOUNT_MAP", "sdb1", 1);
	assert_int_equal(discover_init(&fx->d, NULL, err), -1);
	assert_non_null(strstr(err, "EXAMSTICK_MOUNT_MAP: invalid entry: "
	    "sdb1"));

	unsetenv("EXAMSTICK_MOUNT_MAP");
	assert_int_equal(discover_init(&fx->d, NULL, err), 0);
	free(map);
	free(fs);
	plugged_free(&p);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(scan_finds_usb_stick,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_lists_two_sticks,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_rejects_sata_disk,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    scan_rejects_nvme_and_unknown_bus,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_takes_usb_from_parent,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_matches_label_loosely,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_rejects_missing_folder,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_mounts_unmounted_stick,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_tries_exfat_after_vfat,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_reports_failed_mount,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_needs_root_to_mount,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(scan_follows_mount_map,
		    fixture_setup, fixture_teardown),
	};

	(void)argc;
	reexec_in_testbed(argv);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
