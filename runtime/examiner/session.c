/*
 * The attempt behind a login: CANDIDATE-TEST-NUMBER, its journal under
 * attempts/ and its result under results/.  A new attempt loads and
 * shuffles the package; an attempt in progress is replayed and checked
 * against the package; an ended attempt gets its result written.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"
#include "result.h"
#include "shuffle.h"
#include "sig.h"

static int
exists(const char *path)
{
	struct stat st;

	return (stat(path, &st) == 0);
}

void
fmt_clock(char *out, size_t len, int64_t ms)
{
	int64_t s = ms <= 0 ? 0 : (ms + 999) / 1000;

	if (s >= 3600)
		snprintf(out, len, "%d:%02d:%02d", (int)(s / 3600),
		    (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(out, len, "%02d:%02d", (int)(s / 60), (int)(s % 60));
}

/* Time allowed for the attempt in ms; 0 when the test has no limit. */
int64_t
sess_allowed_ms(const struct ex *ex)
{
	return (ex->att != NULL ? ex->att->allowed_ms : 0);
}

/*
 * Time allowed with extra time, in ms: examiner.conf's duration, else
 * the sealed package's manifest, else the package's timeLimits.
 */
static int64_t
allowed_for(const struct ex *ex)
{
	const struct seal_package *sp =
	    ex->sealed[unlock_test_index(ex, ex->ctest)];
	int64_t s = ex->ctest->duration_s;

	if (s <= 0 && sp != NULL)
		s = sp->manifest.duration_s;
	if (s <= 0)
		s = ex->pkg->time_limit_s;
	return (s * 1000 * (100 + ex->cand->extra_pct) / 100);
}

/*
 * The stick id in results: the key id of the stick's public key, the
 * same id that the stick watch recognises the stick by.
 */
static void
stick_id(const struct ex *ex, char out[17])
{
	if (ex->stick_id[0] != '\0')
		util_strlcpy(out, ex->stick_id, 17);
	else
		util_strlcpy(out, ex->conf.stick_label ?
		    ex->conf.stick_label : "unknown", 17);
}

/*
 * The test's package: a sealed one from the copy opened in memory with
 * the release code, else the plain file of a practice test.
 */
static struct pkg_test *
open_package(struct ex *ex, char *err)
{
	int i = unlock_test_index(ex, ex->ctest);
	const struct seal_package *sp = ex->sealed[i];
	struct pkg_test *pkg;
	char *name;

	if (ex->test_bad[i] != NULL)
		return (errf(err, "test %s cannot be sat on this stick: %s",
		    ex->ctest->id, ex->test_bad[i]), NULL);
	if (sp == NULL && package_is_sealed(ex->ctest->package))
		return (errf(err, "%s: the release code of test %s has not "
		    "been typed: the invigilator reads the stick again and "
		    "types it", ex->ctest->package, ex->ctest->id), NULL);
	if (sp == NULL && !ex->ctest->practice)
		return (errf(err, "%s: the package is not sealed, and only "
		    "a practice test may use a package that is not sealed",
		    ex->ctest->package), NULL);
	if (sp == NULL)
		return (pkg_open(ex->ctest->package, &pkg_default_limits, err));
	xasprintf(&name, "%s.zip", ex->ctest->id);
	pkg = pkg_open_buffer(sp->zip, sp->zip_len, name, &pkg_default_limits,
	    err);
	free(name);
	return (pkg);
}

static int
load_package(struct ex *ex, char *err, struct problems *probs)
{
	const char *title;
	size_t i;

	ex->pkg = open_package(ex, err);
	if (ex->pkg == NULL)
		return (-1);
	if (!pkg_deliverable(ex->pkg)) {
		for (i = 0; i < ex->pkg->problems.n; i++)
			problems_add(probs, "%s", ex->pkg->problems.lines[i]);
		return (errf(err, "%s: the test package cannot be delivered",
		    ex->ctest->package));
	}
	if (ex->pkg->nitems == 0)
		return (errf(err, "%s: the test package has no items",
		    ex->ctest->package));
	title = unlock_test_title(ex, ex->ctest);
	if (title == NULL)
		title = ex->pkg->title != NULL ? ex->pkg->title :
		    ex->ctest->id;
	free(ex->title);
	ex->title = xstrdup(title);
	return (0);
}

/* Shuffle every item once; the orders go into the journal. */
static int
make_orders(const struct pkg_test *pkg, struct attempt_order **out,
    size_t *nout, char *err)
{
	struct attempt_order *orders;
	size_t i, n;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < pkg->nitems; i++) {
		if (shuffle_item(pkg->items[i], &orders, &n, err) != 0) {
			shuffle_orders_free(*out, *nout);
			return (-1);
		}
		*out = xrealloc(*out, (*nout + n + 1) * sizeof(**out));
		memcpy(*out + *nout, orders, n * sizeof(*orders));
		*nout += n;
		free(orders);
	}
	return (0);
}

/*
 * The stick key for sealing and opening answer values: the one unlocked
 * with the PIN (ex->key), else one stored without a PIN, loaded into
 * *loaded for the caller to free.  NULL with err when neither is there.
 */
static const struct sig_seckey *
journal_key(struct ex *ex, struct sig_seckey **loaded, char *err)
{
	*loaded = NULL;
	if (ex->key != NULL)
		return (ex->key);
	if (ex->conf.stick_key == NULL)
		return (errf(err, "%s: no stick_key is configured",
		    ex->stick.conf), NULL);
	*loaded = sig_seckey_load(ex->conf.stick_key, NULL, err);
	return (*loaded);
}

static int
start_new(struct ex *ex, char *err)
{
	struct attempt_info info;
	struct attempt_order *orders;
	struct sig_seckey *loaded = NULL;
	const char **items;
	char sid[17];
	size_t i, norders;

	memset(&info, 0, sizeof(info));
	/* With seal_responses the journal keeps answer values sealed too. */
	if (ex->conf.seal_responses &&
	    (info.seal_key = journal_key(ex, &loaded, err)) == NULL)
		return (-1);
	if (allowed_for(ex) <= 0) {
		sig_seckey_free(loaded);
		return (errf(err, "%s: test %s has no time limit: set duration "
		    "in its [test %s] section, or timeLimits in the package",
		    ex->stick.conf, ex->ctest->id, ex->ctest->id));
	}
	if (make_orders(ex->pkg, &orders, &norders, err) != 0) {
		sig_seckey_free(loaded);
		return (-1);
	}
	items = xcalloc(ex->pkg->nitems, sizeof(*items));
	for (i = 0; i < ex->pkg->nitems; i++)
		items[i] = ex->pkg->items[i]->identifier;
	stick_id(ex, sid);
	info.id = ex->att_id;
	info.centre = ex->conf.centre_id;
	info.stick = sid;
	info.candidate = ex->cand->candidate;
	info.name = ex->cand->name;
	info.test = ex->ctest->id;
	info.title = ex->title;
	info.number = ex->cand->attempt;
	info.allowed_ms = allowed_for(ex);
	info.rest_break_minutes = ex->cand->rest_break_minutes;
	info.machine = ex->machine;
	info.items = items;
	info.nitems = ex->pkg->nitems;
	info.orders = orders;
	info.norders = norders;
	ex->att = attempt_start(ex->journal_path, &info, err);
	sig_seckey_free(loaded);
	free(items);
	shuffle_orders_free(orders, norders);
	return (ex->att != NULL ? 0 : -1);
}

/* The interaction of an item with the given responseIdentifier. */
static const struct qti_interaction *
interaction_of(const struct qti_item *it, const char *response)
{
	size_t i;

	for (i = 0; it != NULL && i < it->ninteractions; i++)
		if (strcmp(it->interactions[i].response_id, response) == 0)
			return (&it->interactions[i]);
	return (NULL);
}

/* Check that the attempt's items and choice orders fit the package. */
static int
check_resume(struct ex *ex, char *err)
{
	char why[ERR_LEN];
	size_t i;

	for (i = 0; i < ex->att->nitems; i++)
		if (pkg_item(ex->pkg, ex->att->items[i]) == NULL)
			return (errf(err, "%s: item %s is no longer in the "
			    "test package %s: the package changed since the "
			    "attempt started; ask the invigilator",
			    ex->journal_path, ex->att->items[i],
			    ex->ctest->package));
	for (i = 0; i < ex->att->norders; i++) {
		const struct attempt_order *o = &ex->att->orders[i];
		const struct qti_interaction *q = interaction_of(
		    pkg_item(ex->pkg, o->item), o->response);

		snprintf(why, sizeof(why), "the item has no interaction with this response");
		if (q == NULL || shuffle_check(q,
		    (const char *const *)o->choices, o->nchoices, why) != 0)
			return (errf(err, "%s: the choice order of %s %s does "
			    "not fit the test package %s (%s): the package "
			    "changed since the attempt started; ask the "
			    "invigilator", ex->journal_path, o->item,
			    o->response, ex->ctest->package, why));
	}
	return (0);
}

/*
 * An attempt in progress whose last login was on another machine moves
 * here only after the invigilator's PIN (ex->move_ok).
 */
static int
moving(struct ex *ex, const struct attempt *ro)
{
	if (ro->last_machine == NULL ||
	    strcmp(ro->last_machine, ex->machine) == 0)
		return (0);
	free(ex->moved_from);
	ex->moved_from = xstrdup(ro->last_machine);
	if (ex->move_ok) {
		log_msg("%s: moved from machine %s to %s with the invigilator "
		    "PIN, %lld ms left", ex->att_id, ro->last_machine,
		    ex->machine, (long long)attempt_remaining_ms(ro));
		return (0);
	}
	return (1);
}

/*
 * Return 1 once the candidate has started the attempt: an item was
 * shown, the clock ran, or a rest break began.  A journal with only its
 * set-up records comes from a candidate who left the instructions with
 * Esc, and that attempt is shown as not started yet.
 */
static int
attempt_begun(const struct attempt *a)
{
	size_t i;

	if (a->elapsed_ms > 0 || a->on_break || a->break_done_ms > 0)
		return (1);
	for (i = 0; i < a->nitems; i++)
		if (a->seen[i])
			return (1);
	return (0);
}

/*
 * Reopen an attempt in progress; an attempt out of time is ended.  The
 * login record that attempt_load() writes names this machine, so a
 * journal shows every move.
 */
static enum sess_status
resume(struct ex *ex, char *err)
{
	struct sig_seckey *loaded;
	const struct sig_seckey *key;
	struct attempt *ro;
	char why[ERR_LEN];
	int ended;

	/*
	 * The journal tells whether its answers are sealed; without a key
	 * attempt_load_key reports a sealed one.
	 */
	key = journal_key(ex, &loaded, why);
	ro = attempt_load_key(ex->journal_path, 0, ex->machine, key, err);
	if (ro != NULL && ro->values_sealed && ro->value_key == NULL) {
		errf(err, "%s: the answers are sealed to stick key %s, which"
		    " is not unlocked (%s): read the stick again and type the"
		    " invigilator PIN", ex->journal_path, ro->sealed_keyid,
		    why);
		attempt_free(ro);
		ro = NULL;
	}
	if (ro == NULL) {
		sig_seckey_free(loaded);
		return (SESS_ERROR);
	}
	ended = ro->ended;
	if (ended) {
		sig_seckey_free(loaded);
		ex->att = ro;
		return (SESS_ENDED);
	}
	if (moving(ex, ro)) {
		attempt_free(ro);
		sig_seckey_free(loaded);
		return (SESS_MOVED);
	}
	attempt_free(ro);
	ex->att = attempt_load_key(ex->journal_path, 1, ex->machine, key,
	    err);
	sig_seckey_free(loaded);
	if (ex->att == NULL)
		return (SESS_ERROR);
	if (check_resume(ex, err) != 0)
		return (SESS_ERROR);
	if (ex->att->allowed_ms > 0 && attempt_remaining_ms(ex->att) <= 0) {
		if (attempt_end(ex->att, "timeout", err) != 0)
			return (SESS_ERROR);
		log_msg("%s: no time left on resume: ended", ex->att_id);
		return (SESS_ENDED);
	}
	ex->resumed = attempt_begun(ex->att);
	return (SESS_RESUMED);
}

/*
 * Open the attempt for the logged-in candidate and ex->ctest.  probs
 * receives the package's problems when it cannot be delivered.
 */
enum sess_status
sess_open(struct ex *ex, char *err, struct problems *probs)
{
	sess_close(ex);
	xasprintf(&ex->att_id, "%s-%s-%d", ex->cand->candidate,
	    ex->ctest->id, ex->cand->attempt);
	xasprintf(&ex->journal_path, "%s/%s.journal", ex->stick.attempts,
	    ex->att_id);
	xasprintf(&ex->result_path, "%s/%s.result", ex->stick.results,
	    ex->att_id);
	if (exists(ex->result_path))
		return (SESS_COMPLETE);
	if (load_package(ex, err, probs) != 0)
		return (SESS_ERROR);
	if (exists(ex->journal_path))
		return (resume(ex, err));
	if (errno != ENOENT)
		return (errf(err, "%s: %s", ex->journal_path,
		    strerror(errno)), SESS_ERROR);
	if (start_new(ex, err) != 0)
		return (SESS_ERROR);
	return (SESS_NEW);
}

/*
 * Write and sign results/ID.result for the ended attempt with the key
 * that was unlocked when the stick was read (ex->key).  Only a key
 * stored without a PIN can be read again here, because no PIN is kept.
 */
int
sess_write_result(struct ex *ex, char *err)
{
	struct sig_seckey *key = ex->key;
	char *rel, *path = NULL;
	int rc;

	if (ex->conf.stick_key == NULL)
		return (errf(err, "%s: no stick_key is configured",
		    ex->stick.conf));
	if (ex->conf.seal_responses && !ex->have_box)
		return (errf(err, "%s: seal_responses is yes, but the results "
		    "key was not read: read the stick again", ex->stick.conf));
	if (ex->att->values_sealed && !ex->have_box)
		return (errf(err, "%s: the answers in the journal of attempt "
		    "%s are sealed, so its result must be sealed too: set "
		    "seal_responses = yes and read the stick again",
		    ex->stick.conf, ex->att_id));
	if (key == NULL &&
	    (key = sig_seckey_load(ex->conf.stick_key, NULL, err)) == NULL)
		return (-1);
	xasprintf(&rel, "attempts/%s.journal", ex->att_id);
	rc = result_write_sealed(ex->stick.results, rel, ex->att, key,
	    ex->have_box ? &ex->box : NULL, &path, err);
	if (key != ex->key)
		sig_seckey_free(key);
	free(rel);
	if (rc == 0) {
		free(ex->result_path);
		ex->result_path = path;
		log_msg("%s: result written: %s", ex->att_id, path);
	}
	return (rc);
}

void
sess_close(struct ex *ex)
{
	store_clear(ex);
	if (ex->att != NULL)
		attempt_free(ex->att);
	if (ex->pkg != NULL)
		pkg_free(ex->pkg);
	free(ex->att_id);
	free(ex->journal_path);
	free(ex->result_path);
	free(ex->title);
	ex->att = NULL;
	ex->pkg = NULL;
	ex->att_id = ex->journal_path = ex->result_path = ex->title = NULL;
	ex->resumed = 0;
	ex->warned = 0;
	ex->message[0] = '\0';
}
