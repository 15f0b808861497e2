/*
 * The mount table reader, and the watch waking up when the mount table
 * changes.  Runs without a testbed.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "discover.h"
#include "mountinfo.h"

static const char table[] =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
    "41 22 8:17 /exams /srv/bind rw shared:9 - vfat /dev/sdb1 rw\n"
    "42 22 8:17 / /media/j\\040smith/EXAM\\134STICK rw,nosuid "
    "shared:7 master:2 - vfat /dev/sdb1 rw,fmask=0022\n"
    "43 22 8:17 / /second rw - vfat /dev/sdb1 rw\n"
    "44 22 8:33 / /tab\\011and\\012newline rw - vfat /dev/sdc1 rw\n"
    "45 22 259:1 /\n";

static char *
write_table(const char *text)
{
	const char *base = getenv("TESTDIR");
	char *path;
	FILE *f;

	xasprintf(&path, "%s/mountinfo", base != NULL ? base : "/tmp");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return (path);
}

static void
mountinfo_decodes_escapes(void **state)
{
	char *path = write_table(table), *mp, err[ERR_LEN];

	/* The bind mount of a folder comes first and is skipped. */
	assert_int_equal(mountinfo_find(path, makedev(8, 17), &mp, err), 1);
	assert_string_equal(mp, "/media/j smith/EXAM\\STICK");
	free(mp);

	assert_int_equal(mountinfo_find(path, makedev(8, 33), &mp, err), 1);
	assert_string_equal(mp, "/tab\tand\nnewline");
	free(mp);
	unlink(path);
	free(path);
}

static void
mountinfo_reports_absence(void **state)
{
	char *path = write_table(table), *mp, err[ERR_LEN];

	assert_int_equal(mountinfo_find(path, makedev(8, 49), &mp, err), 0);
	assert_null(mp);
	/* A line cut short is not a match. */
	assert_int_equal(mountinfo_find(path, makedev(259, 1), &mp, err), 0);
	assert_null(mp);
	unlink(path);

	assert_int_equal(mountinfo_find(path, makedev(8, 17), &mp, err), -1);
	assert_non_null(strstr(err, "read mount table: "));
	assert_non_null(strstr(err, "No such file or directory"));
	free(path);
}

static void
mountinfo_unescape_keeps_odd_text(void **state)
{
	char s[] = "a\\04b\\9999c\\";

	mountinfo_unescape(s);
	assert_string_equal(s, "a\\04b\\9999c\\");
}

static void
mountinfo_finds_proc(void **state)
{
	struct stat st;
	char *mp, err[ERR_LEN];

	assert_int_equal(stat("/proc/self", &st), 0);
	assert_int_equal(mountinfo_find(DISCOVER_MOUNTINFO, st.st_dev, &mp,
	    err), 1);
	assert_string_equal(mp, "/proc");
	free(mp);
}

/*
 * In a mount namespace of its own, mount a tmpfs and check that the
 * watch descriptor becomes readable once, then goes quiet again.
 */
static void
watch_wakes_on_mount(void **state)
{
	struct discover d;
	struct discover_event *ev;
	struct pollfd pfd;
	const char *base = getenv("TESTDIR");
	char err[ERR_LEN], *dir;
	size_t n;

	if (unshare(CLONE_NEWNS) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
		print_message("no mount namespace (%s): not tested\n",
		    strerror(errno));
		skip();
	}
	xasprintf(&dir, "%s/tmpfs", base != NULL ? base : "/tmp");
	assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);

	assert_int_equal(discover_init(&d, NULL, err), 0);
	pfd.fd = discover_watch(&d, err);
	assert_true(pfd.fd >= 0);
	pfd.events = POLLIN;
	assert_int_equal(poll(&pfd, 1, 100), 0);

	assert_int_equal(mount("examstick-test", dir, "tmpfs", 0,
	    "size=64k"), 0);
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	assert_int_equal(discover_read(&d, &ev, &n, err), 0);
	assert_int_equal(n, 0);
	free(ev);
	assert_int_equal(poll(&pfd, 1, 100), 0);

	assert_int_equal(umount(dir), 0);
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	discover_free(&d);
	rmdir(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mountinfo_decodes_escapes),
		cmocka_unit_test(mountinfo_reports_absence),
		cmocka_unit_test(mountinfo_unescape_keeps_odd_text),
		cmocka_unit_test(mountinfo_finds_proc),
		cmocka_unit_test(watch_wakes_on_mount),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
