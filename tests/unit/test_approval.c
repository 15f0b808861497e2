/*
 * Approval results and centre approval records: the round trip, the one
 * text form, the stick key lookup, the centre check, and every byte of
 * each file flipped in turn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "approval.h"
#include "seal_fixtures.h"

#define WHEN	1796414400	/* 2026-12-04T20:00:00Z */

static int
setup(void **state)
{
	*state = fx_signers_new("stick");
	return (0);
}

static void
sample(struct approval *a, const struct sig_seckey *sk)
{
	size_t i;

	memset(a, 0, sizeof *a);
	a->centre = strdup("12345");
	sig_keyid_hex(sk->keyid, a->stick);
	a->machine = strdup("lab 3/pc=7 \xc3\xa9");
	a->date = WHEN;
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		a->checks[i].pass = 1;
		a->checks[i].detail = strdup("seen");
	}
}

/* Sign a sample result in memory; returns the whole file text. */
static char *
signed_sample(struct fx_signers *fx, int fail_one)
{
	struct approval a;
	char *path, *text, err[ERR_LEN];
	size_t len;

	sample(&a, fx->sk);
	if (fail_one) {
		a.checks[APPROVAL_KEY_F10].pass = 0;
		free(a.checks[APPROVAL_KEY_F10].detail);
		a.checks[APPROVAL_KEY_F10].detail = strdup("not seen: skipped"
		    " after 15 s");
	}
	assert_int_equal(approval_write(fx->dir, &a, fx->sk, &path, err), 0);
	assert_int_equal(util_read_file(path, APPROVAL_MAX_BYTES, &text,
	    &len, err), 0);
	unlink(path);
	free(path);
	approval_free(&a);
	return (text);
}

static void
approval_round_trip(void **state)
{
	struct fx_signers *fx = *state;
	struct approval a, back;
	char *path, err[ERR_LEN], *sub, name[512], *pub, *moved;
	size_t i;

	sample(&a, fx->sk);
	xasprintf(&sub, "%s/examstick/approval", fx->dir);
	assert_int_equal(approval_write(sub, &a, fx->sk, &path, err), 0);
	assert_non_null(strstr(path, "/20261204T200000Z-lab_3_pc_7___"
	    APPROVAL_SUFFIX));
	assert_int_equal(approval_verify(path, &fx->pk, &back, err),
	    APPROVAL_OK);
	assert_string_equal(back.centre, "12345");
	assert_string_equal(back.machine, a.machine);
	assert_string_equal(back.stick, a.stick);
	assert_int_equal(back.date, WHEN);
	for (i = 0; i < APPROVAL_NCHECKS; i++) {
		assert_int_equal(back.checks[i].pass, 1);
		assert_string_equal(back.checks[i].detail, "seen");
	}
	assert_int_equal(approval_passed(&back), 1);
	approval_free(&back);

	/* A second write in the same second does not replace the first. */
	assert_int_equal(approval_write(sub, &a, fx->sk, NULL, err), -1);

	/* Without a key, keys/ beside approval/ is searched by stick id. */
	assert_int_equal(approval_verify(path, NULL, &back, err),
	    APPROVAL_NO_KEY);
	snprintf(name, sizeof name, "%s/examstick/keys", fx->dir);
	assert_int_equal(mkdir(name, 0755), 0);
	xasprintf(&pub, "%s/stick.pub", fx->dir);
	xasprintf(&moved, "%s/stick.pub", name);
	assert_int_equal(rename(pub, moved), 0);
	assert_int_equal(approval_verify(path, NULL, &back, err),
	    APPROVAL_OK);
	approval_free(&back);
	free(pub);
	free(moved);
	free(sub);
	approval_free(&a);
	free(path);
}

static void
approval_failed_check(void **state)
{
	struct fx_signers *fx = *state;
	struct approval back;
	char *text, err[ERR_LEN];

	text = signed_sample(fx, 1);
	assert_non_null(strstr(text, "\ncheck key-f10 fail not%20seen:%20"
	    "skipped%20after%2015%20s\n"));
	assert_non_null(strstr(text, "\noutcome fail\n"));
	assert_int_equal(approval_verify_buffer(text, strlen(text), &fx->pk,
	    &back, err), APPROVAL_OK);
	assert_int_equal(approval_passed(&back), 0);
	assert_int_equal(back.checks[APPROVAL_KEY_F10].pass, 0);
	approval_free(&back);
	free(text);
}

static void
approval_wrong_key(void **state)
{
	struct fx_signers *fx = *state;
	struct approval a, back;
	char *text, err[ERR_LEN], stick[17];

	text = signed_sample(fx, 0);
	assert_int_equal(approval_verify_buffer(text, strlen(text),
	    &fx->other_pk, &back, err), APPROVAL_WRONG_SIGNER);
	assert_int_equal(approval_peek_stick(text, strlen(text), stick, err),
	    0);
	sig_keyid_hex(fx->sk->keyid, err);
	assert_string_equal(stick, err);
	free(text);

	/* A result that names another stick than its key is not written. */
	sample(&a, fx->sk);
	assert_int_equal(approval_write(fx->dir, &a, fx->other_sk, NULL, err),
	    -1);
	approval_free(&a);
}

/* Every byte of the file, flipped on its own, must fail the check. */
static void
approval_flipped_bytes(void **state)
{
	struct fx_signers *fx = *state;
	struct approval back;
	char *text = signed_sample(fx, 0), err[ERR_LEN];
	size_t off, len = strlen(text);

	for (off = 0; off < len; off++) {
		text[off] ^= 0x01;
		if (approval_verify_buffer(text, len, &fx->pk, &back, err) ==
		    APPROVAL_OK)
			fail_msg("byte %zu flipped: the approval result still"
			    " verifies", off);
		text[off] ^= 0x01;
	}
	assert_int_equal(approval_verify_buffer(text, len, &fx->pk, &back,
	    err), APPROVAL_OK);
	approval_free(&back);
	assert_int_not_equal(approval_verify_buffer(text, len - 1, &fx->pk,
	    &back, err), APPROVAL_OK);
	free(text);
}

/* A body whose signature is valid but is not in the one written form. */
static void
approval_other_form(void **state)
{
	struct fx_signers *fx = *state;
	struct approval back;
	char *text, *body, *sig, *cut, err[ERR_LEN];

	text = signed_sample(fx, 0);
	cut = strstr(text, "\nuntrusted comment: ");
	body = strndup(text, (size_t)(cut - text) + 1);
	/* The outcome no longer matches the checks. */
	strcpy(strstr(body, "outcome pass"), "outcome fail\n");
	assert_int_equal(sig_sign(fx->sk, body, strlen(body), "examstick"
	    " approval result x", &sig, err), 0);
	free(text);
	xasprintf(&text, "%s%s", body, sig);
	assert_int_not_equal(approval_verify_buffer(text, strlen(text),
	    &fx->pk, &back, err), APPROVAL_OK);
	free(text);
	free(body);
	free(sig);
}

static void
record_sample(struct approval_record *r)
{
	memset(r, 0, sizeof *r);
	r->centre = strdup("12345");
	r->approved = WHEN;
	r->nmachines = 2;
	r->machines = calloc(2, sizeof *r->machines);
	r->machines[0] = strdup("a1b2c3");
	r->machines[1] = strdup("lab pc 2");
}

static void
record_round_trip(void **state)
{
	struct fx_signers *fx = *state;
	struct approval_record r, back;
	char *path, err[ERR_LEN];

	record_sample(&r);
	xasprintf(&path, "%s/centre.approved", fx->dir);
	assert_int_equal(approval_record_write(path, &r, fx->sk, err), 0);
	assert_int_equal(approval_record_write(path, &r, fx->sk, err), -1);
	assert_int_equal(approval_record_verify(path, &fx->pk, "12345", &back,
	    err), APPROVAL_OK);
	assert_string_equal(back.centre, "12345");
	assert_int_equal(back.approved, WHEN);
	assert_int_equal(back.nmachines, 2);
	assert_string_equal(back.machines[1], "lab pc 2");
	approval_record_free(&back);
	assert_int_equal(approval_record_verify(path, &fx->pk, NULL, &back,
	    err), APPROVAL_OK);
	approval_record_free(&back);
	assert_int_equal(approval_record_verify(path, &fx->pk, "54321", &back,
	    err), APPROVAL_WRONG_CENTRE);
	assert_non_null(strstr(err, "centre 12345, not centre 54321"));
	assert_int_equal(approval_record_verify(path, &fx->other_pk, "12345",
	    &back, err), APPROVAL_WRONG_SIGNER);
	approval_record_free(&r);
	free(path);
}

static void
record_flipped_bytes(void **state)
{
	struct fx_signers *fx = *state;
	struct approval_record r, back;
	char *path, *text, err[ERR_LEN];
	size_t off, len;

	record_sample(&r);
	xasprintf(&path, "%s/flip.approved", fx->dir);
	assert_int_equal(approval_record_write(path, &r, fx->sk, err), 0);
	assert_int_equal(util_read_file(path, APPROVAL_MAX_BYTES, &text, &len,
	    err), 0);
	for (off = 0; off < len; off++) {
		text[off] ^= 0x01;
		if (approval_record_verify_buffer(text, len, &fx->pk, "12345",
		    &back, err) == APPROVAL_OK)
			fail_msg("byte %zu flipped: the record still"
			    " verifies", off);
		text[off] ^= 0x01;
	}
	assert_int_equal(approval_record_verify_buffer(text, len, &fx->pk,
	    "12345", &back, err), APPROVAL_OK);
	approval_record_free(&back);
	approval_record_free(&r);
	free(text);
	free(path);
}

/* An approval result is not a record, and the other way round. */
static void
kinds_not_mixed(void **state)
{
	struct fx_signers *fx = *state;
	struct approval_record r;
	struct approval a;
	char *text = signed_sample(fx, 0), err[ERR_LEN];

	assert_int_equal(approval_record_verify_buffer(text, strlen(text),
	    &fx->pk, NULL, &r, err), APPROVAL_MALFORMED);
	assert_int_equal(approval_verify_buffer("examstick centre approval 1"
	    "\n", 28, &fx->pk, &a, err), APPROVAL_MALFORMED);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(approval_round_trip, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(approval_failed_check, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(approval_wrong_key, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(approval_flipped_bytes, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(approval_other_form, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(record_round_trip, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(record_flipped_bytes, setup,
		    fx_signers_teardown),
		cmocka_unit_test_setup_teardown(kinds_not_mixed, setup,
		    fx_signers_teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
