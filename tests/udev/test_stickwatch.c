/*
 * The Examiner's stick watch driven by real discovery events in a
 * umockdev testbed: the stick in use pulled out, a different stick put
 * in, the same stick back under another name and mount point, and the
 * --stick folder taken away and put back.
 */
#include <sys/stat.h>

#include "test_discover.h"
#include "sig.h"
#include "stick.h"
#include "stickwatch.h"

#define ID_A	"AAAAAAAAAAAAAAAA"
#define ID_B	"BBBBBBBBBBBBBBBB"

/*
 * Feed every pending event to the watch; returns the last change that
 * was not SW_NONE, and the number of such changes in *nchanges.
 */
static enum sw_change
feed(struct fixture *fx, struct stickwatch *sw, int *nchanges)
{
	struct discover_event *ev;
	enum sw_change c, last = SW_NONE;
	size_t n, i;

	collect(fx, &ev, &n);
	*nchanges = 0;
	for (i = 0; i < n; i++) {
		c = stickwatch_event(sw, &ev[i]);
		if (c != SW_NONE) {
			last = c;
			(*nchanges)++;
		}
	}
	discover_events_free(ev, n);
	return (last);
}

static void
expect_change(enum sw_change got, enum sw_change want)
{
	assert_string_equal(stickwatch_change_name(got),
	    stickwatch_change_name(want));
}

/* Start using the stick that the next events add. */
static void
use_added(struct fixture *fx, struct stickwatch *sw)
{
	struct discover_event *ev;
	size_t n;

	collect(fx, &ev, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ev[0].change, DISCOVER_ADDED);
	stickwatch_init(sw, ev[0].stick.mountpoint, ev[0].stick.sysname,
	    ev[0].stick.id);
	discover_events_free(ev, n);
}

static void
watch_out_other_back(void **state)
{
	struct fixture *fx = *state;
	struct disk_spec sata = { "ata", 0, "sda", 8, 0, "EXAMSTICK", NULL,
	    "vfat", "WDC_WD10" };
	struct plugged a, b, again, disk;
	struct stickwatch sw;
	char *fs;
	int nc;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, ID_A, &a);
	use_added(fx, &sw);
	assert_string_equal(sw.id, ID_A);
	assert_string_equal(sw.sysname, "sdb1");

	/* an internal disk with the label changes nothing */
	make_stick_files(fx, "sda1", "CCCCCCCCCCCCCCCC", 1);
	plug(fx, &sata, &disk);
	expect_change(feed(fx, &sw, &nc), SW_NONE);
	assert_int_equal(nc, 0);
	assert_false(sw.gone);
	assert_true(log_has(fx, "sda1 (/dev/sda1, label EXAMSTICK): "
	    "rejected: not on USB (ID_BUS=ata)"));

	unplug(fx, &a);
	expect_change(feed(fx, &sw, &nc), SW_GONE);
	assert_int_equal(nc, 1);
	assert_true(sw.gone);

	plug_stick(fx, "sdc", 32, ID_B, &b);
	expect_change(feed(fx, &sw, &nc), SW_OTHER);
	assert_true(sw.gone);
	assert_string_equal(sw.other, ID_B);
	assert_string_equal(sw.other_name, "sdc1");

	unplug(fx, &b);
	expect_change(feed(fx, &sw, &nc), SW_NONE);
	assert_string_equal(sw.other, "");
	assert_null(sw.other_name);
	assert_true(sw.gone);

	/* the same stick, back under another name and mount point */
	plug_stick(fx, "sdd", 48, ID_A, &again);
	expect_change(feed(fx, &sw, &nc), SW_BACK);
	assert_int_equal(nc, 1);
	assert_false(sw.gone);
	assert_string_equal(sw.sysname, "sdd1");
	fs = fs_dir(fx, "sdd1");
	assert_string_equal(sw.root, fs);
	free(fs);

	plugged_free(&again);
	plugged_free(&disk);
	stickwatch_free(&sw);
}

static void
watch_ignores_other_while_in(void **state)
{
	struct fixture *fx = *state;
	struct plugged a, b;
	struct stickwatch sw;
	int nc;

	start_watch(fx);
	plug_stick(fx, "sdb", 16, ID_A, &a);
	use_added(fx, &sw);
	plug_stick(fx, "sdc", 32, ID_B, &b);
	expect_change(feed(fx, &sw, &nc), SW_NONE);
	unplug(fx, &b);
	expect_change(feed(fx, &sw, &nc), SW_NONE);
	assert_false(sw.gone);
	assert_string_equal(sw.other, "");
	plugged_free(&a);
	stickwatch_free(&sw);
}

/* A stick folder with examiner.conf naming a fresh public key. */
static void
make_folder_stick(const char *root, char id[STICK_ID_LEN])
{
	char *keys, *conf, *pub, *sec, err[ERR_LEN];
	FILE *f;

	xasprintf(&keys, "%s/examstick/keys", root);
	assert_int_equal(util_mkdir_p(keys, err), 0);
	xasprintf(&pub, "%s/stick.pub", keys);
	xasprintf(&sec, "%s/stick.key", keys);
	if (sig_keygen(pub, sec, NULL, "test stick", err) != 0)
		fail_msg("sig_keygen: %s", err);
	xasprintf(&conf, "%s/examstick/examiner.conf", root);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "[examiner]\ncentre_id = 12345\ninvigilator_pin_hash = "
	    "$argon2id$v=19$m=65536,t=2,p=1$w2turPhCijPPq4f5FGyTyw"
	    "$wvBBvKj6mHXNl0LAKaxYc1akmCot/iuaKGAfelOfJjQ\n"
	    "stick_pubkey = E:\\examstick\\keys\\stick.pub\n");
	assert_int_equal(fclose(f), 0);
	if (stick_key_id(root, id, err) != 0)
		fail_msg("stick_key_id: %s", err);
	assert_int_equal(strlen(id), 16);
	free(keys);
	free(conf);
	free(pub);
	free(sec);
}

static void
folder_out_other_back(void **state)
{
	struct fixture *fx = *state;
	char *root, *away, *other, id[STICK_ID_LEN], oid[STICK_ID_LEN];
	struct stickwatch sw;

	xasprintf(&root, "%s/stick", fx->dir);
	xasprintf(&away, "%s/away", fx->dir);
	xasprintf(&other, "%s/other", fx->dir);
	make_folder_stick(root, id);
	make_folder_stick(other, oid);
	assert_string_not_equal(id, oid);
	stickwatch_init(&sw, root, NULL, id);
	assert_true(sw.folder);
	expect_change(stickwatch_folder(&sw), SW_NONE);

	assert_int_equal(rename(root, away), 0);
	expect_change(stickwatch_folder(&sw), SW_GONE);
	expect_change(stickwatch_folder(&sw), SW_NONE);
	assert_true(sw.gone);

	assert_int_equal(rename(other, root), 0);
	expect_change(stickwatch_folder(&sw), SW_OTHER);
	assert_string_equal(sw.other, oid);
	expect_change(stickwatch_folder(&sw), SW_NONE);
	assert_true(sw.gone);

	assert_int_equal(rename(root, other), 0);
	expect_change(stickwatch_folder(&sw), SW_NONE);
	assert_string_equal(sw.other, "");
	assert_int_equal(rename(away, root), 0);
	expect_change(stickwatch_folder(&sw), SW_BACK);
	assert_false(sw.gone);
	assert_string_equal(sw.root, root);

	stickwatch_free(&sw);
	free(root);
	free(away);
	free(other);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(watch_out_other_back,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(watch_ignores_other_while_in,
		    fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(folder_out_other_back,
		    fixture_setup, fixture_teardown),
	};

	reexec_in_testbed(argv);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
