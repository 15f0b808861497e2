/*
 * An attempt's state, built by replaying its journal records.  The same
 * check and apply functions serve replay and live changes, so a resumed
 * attempt is the attempt that was on screen.  A live change is checked,
 * written to the journal and fsync'd, and only then applied in memory.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "attempt.h"
#include "attempt_seal.h"

struct rec_kind {
	const char	*type;
	size_t		 min, max;	/* number of fields */
	int		 stopped;	/* may come while paused or on a break */
	int		(*check)(const struct attempt *, const struct jrec *,
			    char *);
	void		(*apply)(struct attempt *, const struct jrec *);
};

/* The rest-break allowance, the last field, is left out of older journals. */
#define BEGIN_FIELDS	12
#define BEGIN_FIELDS_MIN 11
#define BREAK_MAX_MS	(24 * 3600 * 1000LL)	/* one rest break */

/* Parse a decimal integer in [min, max] from a whole field. */
static int
parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return (-1);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

static ssize_t
item_index(const struct attempt *a, const char *item)
{
	size_t i;

	for (i = 0; i < a->nitems; i++) {
		if (strcmp(a->items[i], item) == 0)
			return ((ssize_t)i);
	}
	return (-1);
}

static int
check_known_item(const struct attempt *a, const char *item, char *err)
{
	if (item_index(a, item) == -1)
		return (errf(err, "item %s is not in this test", item));
	return (0);
}

static int
check_begin(const struct attempt *a, const struct jrec *r, char *err)
{
	int64_t v;

	if (a->id != NULL)
		return (errf(err, "a second begin record"));
	if (r->fields[0][0] == '\0')
		return (errf(err, "the begin record has an empty attempt id"));
	if (parse_int(r->fields[7], 1, INT_MAX, &v) == -1)
		return (errf(err, "invalid attempt number: %s", r->fields[7]));
	if (parse_int(r->fields[8], 1, INT64_MAX, &v) == -1)
		return (errf(err, "invalid time allowed: %s ms",
		    r->fields[8]));
	if (parse_int(r->fields[9], 0, INT64_MAX, &v) == -1)
		return (errf(err, "invalid start time: %s", r->fields[9]));
	if (r->nfields > 11 && parse_int(r->fields[11], 0, 24 * 60, &v) == -1)
		return (errf(err, "invalid rest-break allowance: %s minutes",
		    r->fields[11]));
	return (0);
}

static void
apply_begin(struct attempt *a, const struct jrec *r)
{
	int64_t v;

	a->id = xstrdup(r->fields[0]);
	a->centre = xstrdup(r->fields[1]);
	a->stick = xstrdup(r->fields[2]);
	a->candidate = xstrdup(r->fields[3]);
	a->name = xstrdup(r->fields[4]);
	a->test = xstrdup(r->fields[5]);
	a->title = xstrdup(r->fields[6]);
	parse_int(r->fields[7], 1, INT_MAX, &v);
	a->number = (int)v;
	parse_int(r->fields[8], 1, INT64_MAX, &a->allowed_ms);
	parse_int(r->fields[9], 0, INT64_MAX, &a->wall_start);
	a->machines = xcalloc(1, sizeof *a->machines);
	a->machines[0] = xstrdup(r->fields[10]);
	a->nmachines = 1;
	a->last_machine = xstrdup(r->fields[10]);
	if (r->nfields > 11) {
		parse_int(r->fields[11], 0, 24 * 60, &v);
		a->rest_break_minutes = (int)v;
	}
}

static int
check_item(const struct attempt *a, const struct jrec *r, char *err)
{
	if (a->setup_done)
		return (errf(err, "an item record after the attempt started"));
	if (r->fields[0][0] == '\0')
		return (errf(err, "an empty item identifier"));
	if (item_index(a, r->fields[0]) != -1)
		return (errf(err, "item %s is listed twice", r->fields[0]));
	return (0);
}

static void
apply_item(struct attempt *a, const struct jrec *r)
{
	a->items = xrealloc(a->items, (a->nitems + 1) * sizeof *a->items);
	a->flags = xrealloc(a->flags, a->nitems + 1);
	a->seen = xrealloc(a->seen, a->nitems + 1);
	a->items[a->nitems] = xstrdup(r->fields[0]);
	a->flags[a->nitems] = 0;
	a->seen[a->nitems] = 0;
	a->nitems++;
}

static int
check_order(const struct attempt *a, const struct jrec *r, char *err)
{
	if (a->setup_done)
		return (errf(err, "an order record after the attempt"
		    " started"));
	if (check_known_item(a, r->fields[0], err) == -1)
		return (-1);
	if (attempt_order(a, r->fields[0], r->fields[1]) != NULL)
		return (errf(err, "two orders for %s %s", r->fields[0],
		    r->fields[1]));
	return (0);
}

static char **
copy_strings(char *const *src, size_t n)
{
	char **out = xcalloc(n, sizeof *out);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup(src[i]);
	return (out);
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
apply_order(struct attempt *a, const struct jrec *r)
{
	struct attempt_order *o;

	a->orders = xrealloc(a->orders, (a->norders + 1) * sizeof *a->orders);
	o = &a->orders[a->norders++];
	o->item = xstrdup(r->fields[0]);
	o->response = xstrdup(r->fields[1]);
	o->nchoices = r->nfields - 2;
	o->choices = copy_strings(r->fields + 2, o->nchoices);
}

static void
apply_login(struct attempt *a, const struct jrec *r)
{
	size_t i;

	free(a->last_machine);
	a->last_machine = xstrdup(r->fields[0]);
	for (i = 0; i < a->nmachines; i++) {
		if (strcmp(a->machines[i], r->fields[0]) == 0)
			return;
	}
	a->machines = xrealloc(a->machines,
	    (a->nmachines + 1) * sizeof *a->machines);
	a->machines[a->nmachines++] = xstrdup(r->fields[0]);
}

static int
check_item_field(const struct attempt *a, const struct jrec *r, char *err)
{
	return (check_known_item(a, r->fields[0], err));
}

static void
apply_show(struct attempt *a, const struct jrec *r)
{
	size_t i = (size_t)item_index(a, r->fields[0]);

	a->current = i;
	a->seen[i] = 1;
}

static struct attempt_value *
find_value(const struct attempt *a, const char *item, const char *response)
{
	size_t i;

	for (i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i].item, item) == 0 &&
		    strcmp(a->values[i].response, response) == 0)
			return (&a->values[i]);
	}
	return (NULL);
}

/*
 * Replace a response's values with n strings that it takes over.  No
 * values removes the response.
 */
static void
set_values(struct attempt *a, const char *item, const char *response,
    size_t n, char **values)
{
	struct attempt_value *v;

	v = find_value(a, item, response);
	if (v != NULL) {
		free_strings(v->values, v->nvalues);
		v->values = NULL;
		v->nvalues = 0;
	}
	if (n == 0) {
		if (v == NULL)
			return;
		free(v->item);
		free(v->response);
		a->nvalues--;
		memmove(v, v + 1, (size_t)(a->values + a->nvalues - v) *
		    sizeof *v);
		return;
	}
	if (v == NULL) {
		a->values = xrealloc(a->values,
		    (a->nvalues + 1) * sizeof *a->values);
		v = &a->values[a->nvalues++];
		v->item = xstrdup(item);
		v->response = xstrdup(response);
	}
	v->values = values;
	v->nvalues = n;
}

static int
check_answer(const struct attempt *a, const struct jrec *r, char *err)
{
	if (a->values_sealed)
		return (errf(err, "an answer record in clear in a journal"
		    " whose answers are sealed"));
	return (check_known_item(a, r->fields[0], err));
}

static void
apply_answer(struct attempt *a, const struct jrec *r)
{
	size_t n = r->nfields - 2;

	set_values(a, r->fields[0], r->fields[1], n,
	    n > 0 ? copy_strings(r->fields + 2, n) : NULL);
}

static int
check_seal(const struct attempt *a, const struct jrec *r, char *err)
{
	const char *id = r->fields[1];
	size_t i;

	if (a->values_sealed || a->setup_done || a->nitems > 0)
		return (errf(err, "a seal record that does not follow the"
		    " begin record"));
	if (strcmp(r->fields[0], ATTEMPT_SEAL_ALGORITHM) != 0)
		return (errf(err, "unknown sealing algorithm %s: this"
		    " Examiner seals with %s", r->fields[0],
		    ATTEMPT_SEAL_ALGORITHM));
	for (i = 0; id[i] != '\0'; i++) {
		if (!((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'A' && id[i] <= 'F')))
			break;
	}
	if (i != 16 || id[i] != '\0')
		return (errf(err, "invalid stick key id in the seal record:"
		    " %s", id));
	if (a->value_key != NULL && strcmp(id, a->value_keyid) != 0)
		return (errf(err, "the answers are sealed to stick key %s,"
		    " but the stick key unlocked is %s: use the stick that"
		    " this attempt started on", id, a->value_keyid));
	return (0);
}

static void
apply_seal(struct attempt *a, const struct jrec *r)
{
	a->values_sealed = 1;
	util_strlcpy(a->sealed_keyid, r->fields[1], sizeof a->sealed_keyid);
}

/*
 * A sealed answer opens with the attempt's key when it was given;
 * without it only the form of the sealed value can be checked.
 */
static int
check_sealed_answer(const struct attempt *a, const struct jrec *r,
    char *err)
{
	char why[ERR_LEN], **values;
	size_t n;

	if (!a->values_sealed)
		return (errf(err, "a sealedanswer record in a journal"
		    " without a seal record"));
	if (check_known_item(a, r->fields[0], err) == -1)
		return (-1);
	if (a->value_key == NULL) {
		if (attempt_seal_check(r->fields[2], why) == -1)
			return (errf(err, "%s %s: %s: the journal is damaged"
			    " or was changed", r->fields[0], r->fields[1],
			    why));
		return (0);
	}
	if (attempt_seal_open(a->value_key, a->id, r->seq, r->fields[0],
	    r->fields[1], r->fields[2], &values, &n, why) == -1)
		return (errf(err, "%s: the journal is damaged or was changed,"
		    " or its answers were sealed with another stick key:"
		    " copy the journal from a backup, or use the stick that"
		    " the attempt started on", why));
	free_strings(values, n);
	return (0);
}

static void
apply_sealed_answer(struct attempt *a, const struct jrec *r)
{
	char why[ERR_LEN], **values;
	size_t n;

	if (a->value_key == NULL)
		return;
	/* check_sealed_answer opened the same box. */
	if (attempt_seal_open(a->value_key, a->id, r->seq, r->fields[0],
	    r->fields[1], r->fields[2], &values, &n, why) == -1)
		abort();
	if (n == 0) {
		free(values);
		values = NULL;
	}
	set_values(a, r->fields[0], r->fields[1], n, values);
}

static int
check_flag(const struct attempt *a, const struct jrec *r, char *err)
{
	if (check_known_item(a, r->fields[0], err) == -1)
		return (-1);
	if (strcmp(r->fields[1], "0") != 0 && strcmp(r->fields[1], "1") != 0)
		return (errf(err, "invalid flag value: %s", r->fields[1]));
	return (0);
}

static void
apply_flag(struct attempt *a, const struct jrec *r)
{
	a->flags[item_index(a, r->fields[0])] = r->fields[1][0] == '1';
}

/* Stop the attempt clock at the time the record carries. */
static void
clock_freeze(struct attempt *a, const struct jrec *r)
{
	a->mono_base = 0;
	a->elapsed_base = r->elapsed_ms;
}

static int
check_pause(const struct attempt *a, const struct jrec *r, char *err)
{
	if (a->paused)
		return (errf(err, "the attempt is already paused"));
	if (a->on_break)
		return (errf(err, "a pause during a rest break"));
	return (0);
}

static void
apply_pause(struct attempt *a, const struct jrec *r)
{
	a->paused = 1;
	free(a->pause_reason);
	a->pause_reason = xstrdup(r->fields[0]);
	clock_freeze(a, r);
}

static int
check_resume(const struct attempt *a, const struct jrec *r, char *err)
{
	if (!a->paused)
		return (errf(err, "the attempt is not paused"));
	return (0);
}

static void
apply_resume(struct attempt *a, const struct jrec *r)
{
	a->paused = 0;
	free(a->pause_reason);
	a->pause_reason = NULL;
}

static int64_t
break_allowance_ms(const struct attempt *a)
{
	return ((int64_t)a->rest_break_minutes * 60000);
}

static int
check_break(const struct attempt *a, const struct jrec *r, char *err)
{
	if (a->paused)
		return (errf(err, "a rest break while the attempt is paused"));
	if (a->on_break)
		return (errf(err, "a rest break during a rest break"));
	if (a->rest_break_minutes <= 0)
		return (errf(err, "a rest break, but the begin record allows"
		    " none"));
	if (a->break_done_ms >= break_allowance_ms(a))
		return (errf(err, "a rest break with no rest break time left:"
		    " %" PRId64 " ms of %" PRId64 " ms used", a->break_done_ms,
		    break_allowance_ms(a)));
	return (0);
}

static void
apply_break(struct attempt *a, const struct jrec *r)
{
	a->on_break = 1;
	a->break_ms = 0;
	a->break_mono_base = 0;
	clock_freeze(a, r);
}

/* breaktime and breakend: the break so far, within the allowance. */
static int
check_break_ms(const struct attempt *a, const struct jrec *r, char *err)
{
	int64_t v;

	if (!a->on_break)
		return (errf(err, "a %s record outside a rest break",
		    r->type));
	if (parse_int(r->fields[0], 0, BREAK_MAX_MS, &v) == -1)
		return (errf(err, "invalid rest break time: %s ms",
		    r->fields[0]));
	if (v < a->break_ms)
		return (errf(err, "the rest break went back from %" PRId64
		    " ms to %" PRId64 " ms", a->break_ms, v));
	if (a->break_done_ms + v > break_allowance_ms(a))
		return (errf(err, "rest breaks of %" PRId64 " ms in all, more"
		    " than the allowance of %" PRId64 " ms",
		    a->break_done_ms + v, break_allowance_ms(a)));
	return (0);
}

static void
apply_break_time(struct attempt *a, const struct jrec *r)
{
	parse_int(r->fields[0], 0, BREAK_MAX_MS, &a->break_ms);
}

static void
break_close(struct attempt *a)
{
	a->break_done_ms += a->break_ms;
	a->break_ms = 0;
	a->on_break = 0;
	a->break_mono_base = 0;
}

static void
apply_break_end(struct attempt *a, const struct jrec *r)
{
	apply_break_time(a, r);
	break_close(a);
}

static int
check_extend(const struct attempt *a, const struct jrec *r, char *err)
{
	int64_t v;

	if (parse_int(r->fields[0], 1, INT64_MAX - a->allowed_ms, &v) == -1)
		return (errf(err, "invalid extra time: %s ms", r->fields[0]));
	return (0);
}

static void
apply_extend(struct attempt *a, const struct jrec *r)
{
	int64_t v;

	parse_int(r->fields[0], 1, INT64_MAX, &v);
	a->allowed_ms += v;
}

static int
check_end(const struct attempt *a, const struct jrec *r, char *err)
{
	int64_t v;

	if (r->fields[0][0] == '\0')
		return (errf(err, "the end record has no reason"));
	if (parse_int(r->fields[1], 0, INT64_MAX, &v) == -1)
		return (errf(err, "invalid end time: %s", r->fields[1]));
	return (0);
}

static void
apply_end(struct attempt *a, const struct jrec *r)
{
	if (a->on_break)
		break_close(a);
	a->ended = 1;
	a->end_reason = xstrdup(r->fields[0]);
	parse_int(r->fields[1], 0, INT64_MAX, &a->wall_end);
}

static int
check_wrong(const struct attempt *a, const struct jrec *r, char *err)
{
	if (strcmp(r->fields[0], "pin") != 0 &&
	    strcmp(r->fields[0], "code") != 0)
		return (errf(err, "invalid wrong-guess kind: %s",
		    r->fields[0]));
	return (0);
}

static const struct rec_kind kinds[] = {
	{ "begin", BEGIN_FIELDS_MIN, BEGIN_FIELDS, 0, check_begin, apply_begin },
	{ "item", 1, 1, 0, check_item, apply_item },
	{ "order", 2, SIZE_MAX, 0, check_order, apply_order },
	{ "login", 1, 1, 1, NULL, apply_login },
	{ "show", 1, 1, 0, check_item_field, apply_show },
	{ "seal", 2, 2, 0, check_seal, apply_seal },
	{ "answer", 2, SIZE_MAX, 0, check_answer, apply_answer },
	{ "sealedanswer", 3, 3, 0, check_sealed_answer, apply_sealed_answer },
	{ "flag", 2, 2, 0, check_flag, apply_flag },
	{ "time", 0, 0, 1, NULL, NULL },
	{ "pause", 1, 1, 1, check_pause, apply_pause },
	{ "resume", 0, 0, 1, check_resume, apply_resume },
	{ "extend", 1, 1, 1, check_extend, apply_extend },
	{ "break", 0, 0, 1, check_break, apply_break },
	{ "breaktime", 1, 1, 1, check_break_ms, apply_break_time },
	{ "breakend", 1, 1, 1, check_break_ms, apply_break_end },
	{ "wrong", 1, 1, 1, check_wrong, NULL },
	{ "end", 2, 2, 1, check_end, apply_end },
};

static const struct rec_kind *
kind_find(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(kinds[i].type, type) == 0)
			return (&kinds[i]);
	}
	return (NULL);
}

/*
 * While the attempt is paused or on a rest break the candidate can change
 * nothing, and the attempt clock does not run.
 */
static const char *
stopped_state(const struct attempt *a)
{
	if (a->paused)
		return ("paused");
	return (a->on_break ? "on a rest break" : NULL);
}

static int
check_clock_stopped(const struct attempt *a, const struct jrec *r,
    char *err)
{
	const char *state = stopped_state(a);

	if (state != NULL && r->elapsed_ms != a->elapsed_ms)
		return (errf(err, "the clock ran from %" PRId64 " ms to %"
		    PRId64 " ms while the attempt was %s", a->elapsed_ms,
		    r->elapsed_ms, state));
	return (0);
}

/* Check that a record can follow the attempt's current state. */
static int
record_check(const struct attempt *a, const struct jrec *r, char *err)
{
	const struct rec_kind *k;
	size_t i;

	if ((k = kind_find(r->type)) == NULL)
		return (errf(err, "unknown record type %s", r->type));
	if (r->nfields < k->min || r->nfields > k->max)
		return (errf(err, "a %s record with %zu fields", r->type,
		    r->nfields));
	for (i = 0; i < r->nfields; i++) {
		if (strlen(r->fields[i]) != r->field_lens[i])
			return (errf(err, "a %s record field holds a NUL"
			    " byte", r->type));
	}
	if (a->id == NULL && strcmp(r->type, "begin") != 0)
		return (errf(err, "the first record is %s, not begin",
		    r->type));
	if (a->ended)
		return (errf(err, "a %s record after the end record",
		    r->type));
	if (!k->stopped && stopped_state(a) != NULL)
		return (errf(err, "a record of type %s while the attempt is"
		    " %s", r->type, stopped_state(a)));
	if (k->check != NULL && k->check(a, r, err) == -1)
		return (-1);
	return (check_clock_stopped(a, r, err));
}

/* Apply a record that record_check() accepted.  This cannot fail. */
static void
record_apply(struct attempt *a, const struct jrec *r)
{
	const struct rec_kind *k = kind_find(r->type);

	if (strcmp(r->type, "begin") != 0 && strcmp(r->type, "seal") != 0 &&
	    strcmp(r->type, "item") != 0 && strcmp(r->type, "order") != 0)
		a->setup_done = 1;
	if (k->apply != NULL)
		k->apply(a, r);
	/* attempt_elapsed_ms() never reports less than this. */
	a->elapsed_ms = r->elapsed_ms;
}

void
attempt_free(struct attempt *a)
{
	size_t i;

	if (a == NULL)
		return;
	journal_close(a->journal);
	if (a->value_key != NULL)
		sodium_free(a->value_key);	/* wipes it */
	free(a->path);
	free(a->id);
	free(a->centre);
	free(a->stick);
	free(a->candidate);
	free(a->name);
	free(a->test);
	free(a->title);
	free_strings(a->items, a->nitems);
	for (i = 0; i < a->norders; i++) {
		free(a->orders[i].item);
		free(a->orders[i].response);
		free_strings(a->orders[i].choices, a->orders[i].nchoices);
	}
	free(a->orders);
	for (i = 0; i < a->nvalues; i++) {
		free(a->values[i].item);
		free(a->values[i].response);
		free_strings(a->values[i].values, a->values[i].nvalues);
	}
	free(a->values);
	free(a->flags);
	free(a->seen);
	free_strings(a->machines, a->nmachines);
	free(a->last_machine);
	free(a->end_reason);
	free(a->pause_reason);
	free(a);
}

/*
 * Write one record and apply it.  The record is checked first and the
 * state changes only after the journal has it on the device.
 */
static int
attempt_record(struct attempt *a, const char *type, size_t nfields,
    const char *const *fields, char *err)
{
	struct jrec r;
	size_t i;
	int rc;

	if (a->journal == NULL)
		return (errf(err, "%s: the attempt is open read-only",
		    a->path));
	memset(&r, 0, sizeof r);
	r.seq = a->nrecords + 1;	/* the number journal_append gives */
	r.elapsed_ms = attempt_elapsed_ms(a);
	r.type = (char *)type;
	r.nfields = nfields;
	r.fields = (char **)fields;
	r.field_lens = xcalloc(nfields, sizeof *r.field_lens);
	for (i = 0; i < nfields; i++)
		r.field_lens[i] = strlen(fields[i]);

	rc = record_check(a, &r, err);
	if (rc == 0)
		rc = journal_append(a->journal, r.elapsed_ms, type, nfields,
		    fields, err);
	if (rc == 0) {
		record_apply(a, &r);
		journal_head(a->journal, a->head, &a->nrecords);
	}
	free(r.field_lens);
	return (rc);
}

static int
check_info(const struct attempt_info *info, char *err)
{
	const char *need[] = { info->id, info->centre, info->stick,
	    info->candidate, info->name, info->test, info->title,
	    info->machine };
	size_t i;

	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		if (need[i] == NULL)
			return (errf(err, "start attempt: a required field"
			    " is missing"));
	}
	if (info->nitems == 0)
		return (errf(err, "start attempt %s: the test has no items",
		    info->id));
	if (info->number < 1 || info->allowed_ms < 1 ||
	    info->rest_break_minutes < 0 ||
	    info->rest_break_minutes > 24 * 60)
		return (errf(err, "start attempt %s: invalid attempt number"
		    " or time allowed", info->id));
	return (0);
}

static int
write_begin(struct attempt *a, const struct attempt_info *info, char *err)
{
	char number[32], allowed[32], wall[32], breaks[32];
	const char *f[BEGIN_FIELDS];

	snprintf(number, sizeof number, "%d", info->number);
	snprintf(allowed, sizeof allowed, "%" PRId64, info->allowed_ms);
	snprintf(wall, sizeof wall, "%" PRId64, util_wall_seconds());
	snprintf(breaks, sizeof breaks, "%d", info->rest_break_minutes);
	f[0] = info->id;
	f[1] = info->centre;
	f[2] = info->stick;
	f[3] = info->candidate;
	f[4] = info->name;
	f[5] = info->test;
	f[6] = info->title;
	f[7] = number;
	f[8] = allowed;
	f[9] = wall;
	f[10] = info->machine;
	f[11] = breaks;
	return (attempt_record(a, "begin", BEGIN_FIELDS, f, err));
}

static int
write_order(struct attempt *a, const struct attempt_order *o, char *err)
{
	const char **f = xcalloc(o->nchoices + 2, sizeof *f);
	size_t i;
	int rc;

	f[0] = o->item;
	f[1] = o->response;
	for (i = 0; i < o->nchoices; i++)
		f[i + 2] = o->choices[i];
	rc = attempt_record(a, "order", o->nchoices + 2, f, err);
	free(f);
	return (rc);
}

static int
write_setup(struct attempt *a, const struct attempt_info *info, char *err)
{
	size_t i;
	const char *seal[2] = { ATTEMPT_SEAL_ALGORITHM, a->value_keyid };

	if (write_begin(a, info, err) == -1)
		return (-1);
	if (a->value_key != NULL &&
	    attempt_record(a, "seal", 2, seal, err) == -1)
		return (-1);
	for (i = 0; i < info->nitems; i++) {
		if (attempt_record(a, "item", 1, &info->items[i], err) == -1)
			return (-1);
	}
	for (i = 0; i < info->norders; i++) {
		if (write_order(a, &info->orders[i], err) == -1)
			return (-1);
	}
	return (attempt_record(a, "login", 1, &info->machine, err));
}

/* Derive the key that seals and opens this attempt's answer values. */
static void
attempt_key_set(struct attempt *a, const struct sig_seckey *key,
    const char *id)
{
	a->value_key = attempt_seal_key(key, id);
	sig_keyid_hex(key->keyid, a->value_keyid);
}

struct attempt *
attempt_start(const char *path, const struct attempt_info *info, char *err)
{
	struct attempt *a;
	char why[ERR_LEN];

	if (check_info(info, err) == -1)
		return (NULL);
	a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	if (info->seal_key != NULL)
		attempt_key_set(a, info->seal_key, info->id);
	if ((a->journal = journal_create(path, err)) == NULL) {
		attempt_free(a);
		return (NULL);
	}
	if (write_setup(a, info, why) == -1) {
		errf(err, "start attempt %s: %s", info->id, why);
		/* Nothing was acknowledged, so a retry may start afresh. */
		unlink(path);
		attempt_free(a);
		return (NULL);
	}
	return (a);
}

static int
attempt_replay(struct attempt *a, const struct jlog *log, char *err)
{
	char why[ERR_LEN];
	size_t i;

	if (log->n == 0)
		return (errf(err, "%s: the journal has no records", a->path));
	for (i = 0; i < log->n; i++) {
		if (record_check(a, &log->recs[i], why) == -1)
			return (errf(err, "%s: record %zu: %s", a->path, i + 1,
			    why));
		record_apply(a, &log->recs[i]);
	}
	memcpy(a->head, log->head, sizeof a->head);
	a->nrecords = log->n;
	a->torn = log->torn;
	return (0);
}

struct attempt *
attempt_load(const char *path, int writable, const char *machine, char *err)
{
	return (attempt_load_key(path, writable, machine, NULL, err));
}

struct attempt *
attempt_load_key(const char *path, int writable, const char *machine,
    const struct sig_seckey *key, char *err)
{
	struct attempt *a;
	struct jlog log;

	if (journal_read(path, &log, err) == -1)
		return (NULL);
	a = xcalloc(1, sizeof *a);
	a->path = xstrdup(path);
	/* The key depends on the attempt id, which the begin record holds. */
	if (key != NULL && log.n > 0 && strcmp(log.recs[0].type, "begin") == 0
	    && log.recs[0].nfields > 0)
		attempt_key_set(a, key, log.recs[0].fields[0]);
	if (attempt_replay(a, &log, err) == -1)
		goto fail;
	if (!a->values_sealed && a->value_key != NULL) {
		sodium_free(a->value_key);
		a->value_key = NULL;
	}
	if (writable && a->values_sealed && a->value_key == NULL) {
		errf(err, "%s: the answers of attempt %s are sealed to stick key"
		    " %s, which is not unlocked: unlock it to go on", path,
		    a->id, a->sealed_keyid);
		goto fail;
	}
	if (!writable) {
		jlog_free(&log);
		return (a);
	}
	if (a->ended) {
		errf(err, "%s: attempt %s has ended and cannot go on", path,
		    a->id);
		goto fail;
	}
	if ((a->journal = journal_open_append(path, &log, err)) == NULL)
		goto fail;
	jlog_free(&log);
	if (attempt_record(a, "login", 1, &machine, err) == -1) {
		attempt_free(a);
		return (NULL);
	}
	return (a);
fail:
	jlog_free(&log);
	attempt_free(a);
	return (NULL);
}

void
attempt_clock_start(struct attempt *a)
{
	if (a->mono_base != 0)
		return;
	a->elapsed_base = attempt_elapsed_ms(a);
	a->mono_base = util_mono_ms();
	/* Zero means stopped; a clock reading of exactly 0 moves by 1 ms. */
	if (a->mono_base == 0)
		a->mono_base = 1;
}

void
attempt_clock_stop(struct attempt *a)
{
	a->elapsed_base = attempt_elapsed_ms(a);
	a->mono_base = 0;
}

int64_t
attempt_elapsed_ms(const struct attempt *a)
{
	int64_t e = a->elapsed_base, d;

	if (a->mono_base != 0) {
		d = util_mono_ms() - a->mono_base;
		if (d > 0)
			e += d;
	}
	return (e > a->elapsed_ms ? e : a->elapsed_ms);
}

int64_t
attempt_remaining_ms(const struct attempt *a)
{
	int64_t left = a->allowed_ms - attempt_elapsed_ms(a);

	return (left > 0 ? left : 0);
}

static const char *
item_name(const struct attempt *a, size_t item)
{
	return (item < a->nitems ? a->items[item] : NULL);
}

int
attempt_show(struct attempt *a, size_t item, char *err)
{
	const char *id = item_name(a, item);

	if (id == NULL)
		return (errf(err, "show item %zu: the test has %zu items", item,
		    a->nitems));
	return (attempt_record(a, "show", 1, &id, err));
}

/* The values are sealed for the record number that they will get. */
static int
attempt_answer_sealed(struct attempt *a, const char *item,
    const char *response, size_t nvalues, const char *const *values,
    char *err)
{
	const char *f[3];
	char *box;
	int rc;

	if (a->value_key == NULL)
		return (errf(err, "%s: the answers are sealed, but the stick"
		    " key is not unlocked", a->path));
	if (a->journal == NULL)
		return (errf(err, "%s: the attempt is open read-only",
		    a->path));
	box = attempt_seal_values(a->value_key, a->id, a->nrecords + 1, item,
	    response, nvalues, values);
	f[0] = item;
	f[1] = response;
	f[2] = box;
	rc = attempt_record(a, "sealedanswer", 3, f, err);
	free(box);
	return (rc);
}

int
attempt_answer(struct attempt *a, const char *item, const char *response,
    size_t nvalues, const char *const *values, char *err)
{
	const char **f;
	size_t i;
	int rc;

	if (a->values_sealed)
		return (attempt_answer_sealed(a, item, response, nvalues,
		    values, err));
	f = xcalloc(nvalues + 2, sizeof *f);
	f[0] = item;
	f[1] = response;
	for (i = 0; i < nvalues; i++)
		f[i + 2] = values[i];
	rc = attempt_record(a, "answer", nvalues + 2, f, err);
	free(f);
	return (rc);
}

int
attempt_flag(struct attempt *a, size_t item, int on, char *err)
{
	const char *f[2];

	if ((f[0] = item_name(a, item)) == NULL)
		return (errf(err, "flag item %zu: the test has %zu items", item,
		    a->nitems));
	f[1] = on ? "1" : "0";
	return (attempt_record(a, "flag", 2, f, err));
}

int
attempt_time(struct attempt *a, char *err)
{
	return (attempt_record(a, "time", 0, NULL, err));
}

int
attempt_pause(struct attempt *a, const char *reason, char *err)
{
	return (attempt_record(a, "pause", 1, &reason, err));
}

int
attempt_resume(struct attempt *a, char *err)
{
	if (attempt_record(a, "resume", 0, NULL, err) == -1)
		return (-1);
	attempt_clock_start(a);
	return (0);
}

int
attempt_extend(struct attempt *a, int64_t extra_ms, char *err)
{
	char ms[32];
	const char *f = ms;

	snprintf(ms, sizeof ms, "%" PRId64, extra_ms);
	return (attempt_record(a, "extend", 1, &f, err));
}

int
attempt_wrong(struct attempt *a, const char *what, char *err)
{
	return (attempt_record(a, "wrong", 1, &what, err));
}

int
attempt_end(struct attempt *a, const char *reason, char *err)
{
	char wall[32];
	const char *f[2];

	snprintf(wall, sizeof wall, "%" PRId64, util_wall_seconds());
	f[0] = reason;
	f[1] = wall;
	if (attempt_record(a, "end", 2, f, err) == -1)
		return (-1);
	attempt_clock_stop(a);
	return (0);
}

int64_t
attempt_break_ms(const struct attempt *a)
{
	int64_t ms = 0, limit;

	if (!a->on_break)
		return (0);
	if (a->break_mono_base != 0)
		ms = util_mono_ms() - a->break_mono_base;
	limit = break_allowance_ms(a) - a->break_done_ms;
	if (ms > limit)
		ms = limit;
	return (ms > a->break_ms ? ms : a->break_ms);
}

int64_t
attempt_break_left_ms(const struct attempt *a)
{
	int64_t left = break_allowance_ms(a) - a->break_done_ms -
	    attempt_break_ms(a);

	return (left > 0 ? left : 0);
}

/*
 * The break clock counts from a base set back by the break so far, so
 * that attempt_break_ms() is the monotonic time since that base.
 */
void
attempt_break_clock_start(struct attempt *a)
{
	if (!a->on_break || a->break_mono_base != 0)
		return;
	a->break_mono_base = util_mono_ms() - a->break_ms;
	/* Zero means stopped; a base of exactly 0 moves by 1 ms. */
	if (a->break_mono_base == 0)
		a->break_mono_base = -1;
}

int
attempt_break_start(struct attempt *a, char *err)
{
	if (a->rest_break_minutes <= 0)
		return (errf(err, "attempt %s: no rest break is allowed",
		    a->id));
	if (attempt_record(a, "break", 0, NULL, err) == -1)
		return (-1);
	attempt_break_clock_start(a);
	return (0);
}

static int
break_record(struct attempt *a, const char *type, char *err)
{
	char ms[32];
	const char *f = ms;

	snprintf(ms, sizeof ms, "%" PRId64, attempt_break_ms(a));
	return (attempt_record(a, type, 1, &f, err));
}

int
attempt_break_time(struct attempt *a, char *err)
{
	return (break_record(a, "breaktime", err));
}

int
attempt_break_end(struct attempt *a, char *err)
{
	if (break_record(a, "breakend", err) == -1)
		return (-1);
	attempt_clock_start(a);
	return (0);
}

const struct attempt_value *
attempt_value(const struct attempt *a, const char *item,
    const char *response)
{
	return (find_value(a, item, response));
}

const struct attempt_order *
attempt_order(const struct attempt *a, const char *item,
    const char *response)
{
	size_t i;

	for (i = 0; i < a->norders; i++) {
		if (strcmp(a->orders[i].item, item) == 0 &&
		    strcmp(a->orders[i].response, response) == 0)
			return (&a->orders[i]);
	}
	return (NULL);
}

int
attempt_item_answered(const struct attempt *a, size_t item)
{
	size_t i;

	if (item >= a->nitems)
		return (0);
	for (i = 0; i < a->nvalues; i++) {
		if (strcmp(a->values[i].item, a->items[item]) == 0 &&
		    a->values[i].nvalues > 0)
			return (1);
	}
	return (0);
}
