/*
 * The checks of the approval task that need no keys pressed: the screen
 * size, the stick's write, fsync and read back, the monotonic clock and
 * the stick key's signature round trip.  Also the approval result's
 * writing and the centre approval check before a real test.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "approval_task.h"
#include "conf_pin.h"
#include "sig.h"

void
appr_set(struct appr *p, enum approval_check_id id, int pass,
    const char *fmt, ...)
{
	char detail[APPROVAL_DETAIL_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	free(p->a.checks[id].detail);
	p->a.checks[id].detail = xstrdup(detail[0] != '\0' ? detail : "-");
	p->a.checks[id].pass = pass;
	p->ran[id] = 1;
	log_msg("approval check %s: %s: %s", approval_check_names[id],
	    pass ? "pass" : "fail", detail);
}

void
appr_free(struct appr *p)
{
	approval_free(&p->a);
	sig_seckey_free(p->key);
	free(p->written);
	memset(p, 0, sizeof *p);
}

void
appr_check_screen(struct appr *p)
{
	int ok = COLS >= EX_MIN_COLS && LINES >= EX_MIN_LINES;

	if (ok)
		appr_set(p, APPROVAL_SCREEN, 1, "%dx%d", COLS, LINES);
	else
		appr_set(p, APPROVAL_SCREEN, 0, "%dx%d, smaller than %dx%d",
		    COLS, LINES, EX_MIN_COLS, EX_MIN_LINES);
}

/* Write, fsync, read back and compare the scratch file at path. */
static int
scratch_round_trip(const char *path, const char *dir, char *err)
{
	unsigned char *out = xmalloc(APPR_SCRATCH_BYTES);
	char *in = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, rc = -1;

	randombytes_buf(out, APPR_SCRATCH_BYTES);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		errf(err, "create %s: %s", path, strerror(errno));
		goto out;
	}
	n = write(fd, out, APPR_SCRATCH_BYTES);
	if (n != APPR_SCRATCH_BYTES || fsync(fd) == -1) {
		errf(err, "write %s: %s", path, n >= 0 && n <
		    APPR_SCRATCH_BYTES ? "short write" : strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		errf(err, "close %s: %s", path, strerror(errno));
		goto out;
	}
	if (util_fsync_dir(dir, err) == -1 ||
	    util_read_file(path, APPR_SCRATCH_BYTES, &in, &len, err) == -1)
		goto out;
	if (len != APPR_SCRATCH_BYTES || memcmp(in, out, len) != 0)
		errf(err, "%s: the bytes read back differ from those written",
		    path);
	else
		rc = 0;
out:
	free(out);
	free(in);
	return (rc);
}

void
appr_check_stick(struct ex *ex, struct appr *p)
{
	char err[ERR_LEN], *path;
	int64_t t0 = util_mono_ms();
	int rc;

	xasprintf(&path, "%s/.approval-scratch-%ld", ex->stick.dir,
	    (long)getpid());
	rc = scratch_round_trip(path, ex->stick.dir, err);
	if (unlink(path) == -1 && errno != ENOENT && rc == 0)
		rc = errf(err, "remove %s: %s", path, strerror(errno));
	if (rc == 0 && util_fsync_dir(ex->stick.dir, err) == -1)
		rc = -1;
	free(path);
	if (rc == 0)
		appr_set(p, APPROVAL_STICK, 1, "%d KiB written, synced, read,"
		    " removed: %lld ms", APPR_SCRATCH_BYTES / 1024,
		    (long long)(util_mono_ms() - t0));
	else
		appr_set(p, APPROVAL_STICK, 0, "%s", err);
}

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/* The monotonic clock must advance at least as long as a sleep lasts. */
void
appr_check_clock(struct appr *p)
{
	struct timespec left = { 0, APPR_CLOCK_SLEEP_MS * 1000000L };
	int64_t t0, t1;

	t0 = mono_ns();
	while (nanosleep(&left, &left) == -1 && errno == EINTR &&
	    ex_signal == 0)
		continue;
	t1 = mono_ns();
	if (t1 - t0 >= APPR_CLOCK_SLEEP_MS * 1000000LL)
		appr_set(p, APPROVAL_CLOCK, 1, "advanced %lld ms over a %d ms"
		    " sleep", (long long)((t1 - t0) / 1000000),
		    APPR_CLOCK_SLEEP_MS);
	else
		appr_set(p, APPROVAL_CLOCK, 0, "advanced only %lld us over a"
		    " %d ms sleep", (long long)((t1 - t0) / 1000),
		    APPR_CLOCK_SLEEP_MS);
}

int
appr_unlock(struct ex *ex, struct appr *p, const char *pin, char *err)
{
	if (ex->conf.stick_key == NULL)
		return (errf(err, "%s: no stick_key is configured",
		    ex->stick.conf));
	sig_seckey_free(p->key);
	p->key = NULL;
	/* The hash rejects a wrong PIN before the slower scrypt. */
	if (pin != NULL && !pin_matches(ex, pin))
		return (errf(err, "wrong password: the PIN does not match %s"
		    " in examiner.conf", CONF_PIN_HASH_KEY));
	p->key = sig_seckey_load(ex->conf.stick_key, pin, err);
	return (p->key != NULL ? 0 : -1);
}

/* Sign random bytes, verify them, and check a changed copy fails. */
static int
round_trip(const struct sig_seckey *key, const struct sig_pubkey *pk,
    char *err)
{
	unsigned char data[256];
	char *sig, trusted[64];
	enum sig_status st;

	randombytes_buf(data, sizeof data);
	if (sig_sign(key, data, sizeof data, "examstick approval signature"
	    " check", &sig, err) == -1)
		return (-1);
	st = sig_verify(pk, data, sizeof data, sig, trusted, sizeof trusted,
	    err);
	if (st == SIG_OK) {
		data[0] ^= 1;
		if (sig_verify(pk, data, sizeof data, sig, trusted,
		    sizeof trusted, err) == SIG_OK)
			st = SIG_BAD;
		if (st != SIG_OK)
			errf(err, "a changed copy of the signed data verifies");
	}
	free(sig);
	return (st == SIG_OK ? 0 : -1);
}

void
appr_check_signature(struct ex *ex, struct appr *p)
{
	struct sig_pubkey pk;
	char err[ERR_LEN], id[17];

	if (ex->conf.stick_pubkey == NULL ||
	    sig_pubkey_load(&pk, ex->conf.stick_pubkey, err) == -1) {
		appr_set(p, APPROVAL_SIGNATURE, 0, "stick public key: %s",
		    ex->conf.stick_pubkey == NULL ? "not configured" : err);
		return;
	}
	sig_keyid_hex(pk.keyid, id);
	if (sodium_memcmp(pk.keyid, p->key->keyid, SIG_KEYID_BYTES) != 0) {
		appr_set(p, APPROVAL_SIGNATURE, 0, "the secret key is not the"
		    " pair of stick key %s", id);
		return;
	}
	if (round_trip(p->key, &pk, err) == -1)
		appr_set(p, APPROVAL_SIGNATURE, 0, "%s", err);
	else
		appr_set(p, APPROVAL_SIGNATURE, 1, "signed and verified, stick"
		    " key %s", id);
}

int
appr_write(struct ex *ex, struct appr *p)
{
	char *dir;
	int rc;

	if (p->key == NULL)
		return (errf(p->write_err, "the stick key is locked, so the"
		    " result cannot be signed"));
	free(p->a.centre);
	free(p->a.machine);
	p->a.centre = xstrdup(ex->conf.centre_id);
	p->a.machine = xstrndup(ex->machine, APPROVAL_MACHINE_MAX);
	if (p->a.machine[0] == '\0') {
		free(p->a.machine);
		p->a.machine = xstrdup("unknown");
	}
	sig_keyid_hex(p->key->keyid, p->a.stick);
	p->a.date = util_wall_seconds();
	dir = util_path_join(ex->stick.dir, APPROVAL_DIR);
	rc = approval_write(dir, &p->a, p->key, &p->written, p->write_err);
	free(dir);
	if (rc == 0)
		log_msg("approval result written: %s", p->written);
	else
		log_msg("approval result not written: %s", p->write_err);
	return (rc);
}

int
appr_centre_approved(struct ex *ex, char *why)
{
	struct approval_record r;
	struct sig_pubkey body;
	char err[ERR_LEN], *path;
	int rc;

	if (ex->conf.centre_approval == NULL) {
		errf(why, "%s names no centre_approval record",
		    ex->stick.conf);
		return (0);
	}
	path = util_path_join(ex->stick.keys, "awarding-body.pub");
	rc = sig_pubkey_load(&body, path, err);
	free(path);
	if (rc == -1) {
		errf(why, "the awarding body's key: %s", err);
		return (0);
	}
	if (approval_record_verify(ex->conf.centre_approval, &body,
	    ex->conf.centre_id, &r, err) != APPROVAL_OK) {
		errf(why, "%s", err);
		return (0);
	}
	util_iso_time(err, r.approved);
	log_msg("centre %s: approval record of %s with %zu machines",
	    r.centre, err, r.nmachines);
	approval_record_free(&r);
	return (1);
}
