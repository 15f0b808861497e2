/*
 * The discovery watch in a umockdev testbed: sticks plugged in and
 * pulled out while watching, and repeated or out-of-order events.
 */
#include "test_discover.h"

static void
expect(const struct discover_event *ev, enum discover_change change,
    const char *sysname)
{
	assert_string_equal(discover_change_name(ev->change),
	    discover_change_name(change));
	assert_string_equal(ev->stick.sysname, sysname);
}

static void
watch_sees_plug_and_unplug(void **state)
{
	struct fixture *fx = *state;
	struct discover_event *ev;
	struct plugged p;
	size_t n;
	char *serial;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, "AAAAAAAAAAAAAAAA", &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	assert_string_equal(ev[0].stick.id, "AAAAAAAAAAAAAAAA");
	serial = xstrdup(ev[0].stick.serial);
	discover_events_free(ev, n);

	unplug(fx, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	assert_string_equal(ev[0].stick.id, "AAAAAAAAAAAAAAAA");
	assert_null(ev[0].stick.reason);
	discover_events_free(ev, n);

	/* Back in, under another kernel name: the same id and serial. */
	plug_stick(fx, "sdc", 32, "AAAAAAAAAAAAAAAA", &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdc1");
	assert_string_equal(ev[0].stick.id, "AAAAAAAAAAAAAAAA");
	assert_string_equal(ev[0].stick.serial, serial);
	assert_true(ev[0].stick.devnum == makedev(8, 33));
	discover_events_free(ev, n);
	free(serial);
	plugged_free(&p);
}

static void
watch_tells_sticks_apart(void **state)
{
	struct fixture *fx = *state;
	struct discover_event *ev;
	struct plugged a, b;
	size_t n;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, "AAAAAAAAAAAAAAAA", &a);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	discover_events_free(ev, n);

	plug_stick(fx, "sdc", 32, "BBBBBBBBBBBBBBBB", &b);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdc1");
	assert_string_equal(ev[0].stick.id, "BBBBBBBBBBBBBBBB");
	discover_events_free(ev, n);

	unplug(fx, &a);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	assert_string_equal(ev[0].stick.id, "AAAAAAAAAAAAAAAA");
	discover_events_free(ev, n);
	plugged_free(&b);
}

static void
watch_ignores_repeated_events(void **state)
{
	struct fixture *fx = *state;
	struct discover_event *ev;
	struct plugged p;
	size_t n;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, "AAAAAAAAAAAAAAAA", &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	discover_events_free(ev, n);

	umockdev_testbed_uevent(fx->tb, p.part, "add");
	umockdev_testbed_uevent(fx->tb, p.part, "change");
	umockdev_testbed_uevent(fx->tb, p.disk, "change");
	collect(fx, &ev, &n);
	assert_int_equal(n, 0);
	free(ev);

	/* Two removes: one event. */
	umockdev_testbed_uevent(fx->tb, p.part, "remove");
	umockdev_testbed_uevent(fx->tb, p.part, "remove");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	discover_events_free(ev, n);
	plugged_free(&p);
}

static void
watch_survives_out_of_order_events(void **state)
{
	struct fixture *fx = *state;
	struct discover_event *ev;
	struct plugged p;
	size_t n;
	char err[ERR_LEN];

	/* The devices exist before the watch, which has not scanned. */
	plug_stick(fx, "sdb", 16, "AAAAAAAAAAAAAAAA", &p);
	assert_true(discover_watch(&fx->d, err) >= 0);

	/* A remove for a partition never reported is dropped... */
	umockdev_testbed_uevent(fx->tb, p.part, "remove");
	collect(fx, &ev, &n);
	assert_int_equal(n, 0);
	free(ev);

	/* ...and does not stop the add that follows. */
	umockdev_testbed_uevent(fx->tb, p.part, "add");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	discover_events_free(ev, n);

	/* A disk removed without its partition's event takes it along. */
	umockdev_testbed_uevent(fx->tb, p.disk, "remove");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	discover_events_free(ev, n);

	/* A change event is enough to find the partition again. */
	umockdev_testbed_uevent(fx->tb, p.part, "change");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	discover_events_free(ev, n);
	plugged_free(&p);
}

static void
watch_follows_label_change(void **state)
{
	struct fixture *fx = *state;
	struct discover_event *ev;
	struct plugged p;
	size_t n;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, "AAAAAAAAAAAAAAAA", &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	discover_events_free(ev, n);

	umockdev_testbed_set_property(fx->tb, p.part, "ID_FS_LABEL", "OTHER");
	umockdev_testbed_uevent(fx->tb, p.part, "change");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	discover_events_free(ev, n);

	umockdev_testbed_set_property(fx->tb, p.part, "ID_FS_LABEL",
	    "ExamStick");
	umockdev_testbed_uevent(fx->tb, p.part, "change");
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	discover_events_free(ev, n);
	plugged_free(&p);
}

static void
watch_reports_rejected_partitions(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "ata", 0, "sda", 8, 0, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct discover_event *ev;
	struct plugged p;
	size_t n;

	start_watch(fx);
	plug(fx, &s, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REJECTED, "sda1");
	assert_string_equal(ev[0].stick.reason, "not on USB (ID_BUS=ata)");
	discover_events_free(ev, n);
	assert_true(log_has(fx, "sda1 (/dev/sda1, label EXAMSTICK): "
	    "rejected: not on USB (ID_BUS=ata)"));

	umockdev_testbed_uevent(fx->tb, p.part, "change");
	collect(fx, &ev, &n);
	assert_int_equal(n, 0);
	free(ev);

	unplug(fx, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sda1");
	assert_non_null(ev[0].stick.reason);
	discover_events_free(ev, n);
}

/* Mounted by someone else after the add event: found on recheck. */
static void
watch_notices_later_mount(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct discover_event *ev;
	struct plugged p;
	size_t n;
	char err[ERR_LEN], *fs;

	fx->d.mount_allowed = 0;
	start_watch(fx);
	make_stick_files(fx, "sdb1", "AAAAAAAAAAAAAAAA", 0);
	plug(fx, &s, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REJECTED, "sdb1");
	assert_string_equal(ev[0].stick.reason,
	    "not mounted, and mounting it needs root");
	discover_events_free(ev, n);

	fs = fs_dir(fx, "sdb1");
	mount_table_add(fx, makedev(8, 17), fs);
	assert_int_equal(discover_recheck(&fx->d, &ev, &n, err), 0);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REJECTED, "sdb1");
	assert_string_equal(ev[0].stick.reason,
	    "examstick/examiner.conf: No such file or directory");
	discover_events_free(ev, n);

	make_stick_files(fx, "sdb1", NULL, 1);
	assert_int_equal(discover_recheck(&fx->d, &ev, &n, err), 0);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	assert_string_equal(ev[0].stick.mountpoint, fs);
	discover_events_free(ev, n);

	/* Unmounted under us: no longer usable. */
	mount_table_drop(fx, "8:17");
	assert_int_equal(discover_recheck(&fx->d, &ev, &n, err), 0);
	assert_int_equal(n, 2);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	expect(&ev[1], DISCOVER_REJECTED, "sdb1");
	discover_events_free(ev, n);
	free(fs);
	plugged_free(&p);
}

/* A stick the watch mounted is unmounted when it is pulled out. */
static void
watch_unmounts_pulled_stick(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec s = { "usb", 1, "sdb", 8, 16, "EXAMSTICK", NULL,
	    "vfat", NULL };
	struct discover_event *ev;
	struct plugged p;
	size_t n;
	char *target;

	start_watch(fx);
	make_stick_files(fx, "sdb1", "AAAAAAAAAAAAAAAA", 1);
	plug(fx, &s, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_ADDED, "sdb1");
	xasprintf(&target, "%s/sdb1", fx->run);
	assert_string_equal(ev[0].stick.mountpoint, target);
	assert_int_equal(ev[0].stick.mounted_here, 1);
	assert_int_equal(fx->nmount, 1);
	discover_events_free(ev, n);

	unplug(fx, &p);
	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	expect(&ev[0], DISCOVER_REMOVED, "sdb1");
	assert_int_equal(fx->numount, 1);
	discover_events_free(ev, n);
	free(target);
}

static void
watch_descriptor_is_quiet(void **state)
{
	struct fixture *fx = *state;
	struct pollfd pfd;
	char err[ERR_LEN];
	int fd;

	fd = discover_watch(&fx->d, err);
	assert_true(fd >= 0);
	assert_int_equal(discover_watch(&fx->d, err), fd);
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	assert_int_equal(poll(&pfd, 1, 100), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(watch_sees_plug_and_unplug,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_tells_sticks_apart,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_ignores_repeated_events,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    watch_survives_out_of_order_events,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_follows_label_change,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(
		    watch_reports_rejected_partitions,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_notices_later_mount,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_unmounts_pulled_stick,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_descriptor_is_quiet,
		    fixture_setup, fixture_teardown),
	};

	(void)argc;
	reexec_in_testbed(argv);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
