/*
 * conf_load and roster_load on thousands of randomly damaged copies of
 * the example files.  Each load must either succeed or fail with a
 * message; under AddressSanitizer this also catches memory errors.  The
 * seed is fixed, so a failure repeats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "conf.h"
#include "roster.h"

#define ROUNDS	3000

static unsigned long rng = 12345;

static unsigned
next_random(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return ((unsigned)(rng >> 33));
}

static char *
read_top(const char *rel, size_t *len)
{
	const char *top = getenv("TOP");
	char err[ERR_LEN], *path, *buf;

	path = util_path_join(top != NULL ? top : ".", rel);
	if (util_read_file(path, 1 << 20, &buf, len, err) == -1)
		fail_msg("%s", err);
	free(path);
	return (buf);
}

/* Apply one to four random edits to buf, which has room for len + 4. */
static size_t
mutate(char *buf, size_t len)
{
	static const char bytes[] = "\0\n\r\t\",;=[]\\/.:#\x7f\xc3\xff ";
	size_t i, at, n, edits = 1 + next_random() % 4;

	for (i = 0; i < edits && len > 0; i++) {
		at = next_random() % len;
		switch (next_random() % 4) {
		case 0:
			buf[at] = bytes[next_random() % (sizeof(bytes) - 1)];
			break;
		case 1:
			buf[at] = (char)next_random();
			break;
		case 2:
			n = 1 + next_random() % 16;
			if (n > len - at)
				n = len - at;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		default:
			memmove(buf + at + 1, buf + at, len - at);
			buf[at] = bytes[next_random() % (sizeof(bytes) - 1)];
			len++;
			break;
		}
	}
	return (len);
}

static void
write_bytes(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void
test_conf_survives_damage(void **state)
{
	struct problems pr = { NULL, 0, 0 };
	char err[ERR_LEN], *orig, *buf;
	size_t len, n, r, loaded = 0;
	struct conf c;

	orig = read_top("config/examiner.conf", &len);
	buf = xmalloc(len + 4);
	for (r = 0; r < ROUNDS; r++) {
		memcpy(buf, orig, len);
		n = mutate(buf, len);
		write_bytes("examiner.conf", buf, n);
		err[0] = '\0';
		if (conf_load(&c, "examiner.conf", "/stick", &pr, err) == 0) {
			assert_int_equal(pr.n, 0);
			assert_non_null(c.centre_id);
			assert_non_null(c.invigilator_pin_hash);
			conf_free(&c);
			loaded++;
		} else {
			assert_true(err[0] != '\0');
			assert_true(pr.n > 0);
			assert_null(c.centre_id);
		}
		problems_free(&pr);
		memset(&pr, 0, sizeof(pr));
	}
	/* Some damage lands in comments, so some copies still load. */
	assert_true(loaded > 0);
	free(buf);
	free(orig);
}

static void
test_roster_survives_damage(void **state)
{
	char err[ERR_LEN], *orig, *buf;
	size_t len, n, r, i;
	struct roster ros;

	orig = read_top("config/demo-stick/examstick/roster.csv", &len);
	buf = xmalloc(len + 4);
	for (r = 0; r < ROUNDS; r++) {
		memcpy(buf, orig, len);
		n = mutate(buf, len);
		write_bytes("roster.csv", buf, n);
		err[0] = '\0';
		if (roster_load(&ros, "roster.csv", err) == 0) {
			for (i = 0; i < ros.n; i++) {
				assert_non_null(ros.entries[i].candidate);
				assert_true(ros.entries[i].ntests > 0);
			}
			roster_free(&ros);
		} else {
			assert_true(err[0] != '\0');
			assert_int_equal(ros.n, 0);
		}
	}
	free(buf);
	free(orig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conf_survives_damage),
		cmocka_unit_test(test_roster_survives_damage),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
