/*
 * The stick watch.  A stick is recognised by its stick id, the key id
 * of its public key, and never by its device name or mount point,
 * because a stick that is pulled out and put back usually gets a new
 * kernel name and mount point.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stick.h"
#include "stickwatch.h"

void
stickwatch_init(struct stickwatch *sw, const char *root, const char *sysname,
    const char *id)
{
	memset(sw, 0, sizeof(*sw));
	sw->root = xstrdup(root);
	sw->sysname = sysname != NULL ? xstrdup(sysname) : NULL;
	sw->folder = sysname == NULL;
	util_strlcpy(sw->id, id != NULL ? id : "", sizeof(sw->id));
}

void
stickwatch_free(struct stickwatch *sw)
{
	free(sw->root);
	free(sw->sysname);
	free(sw->other_name);
	memset(sw, 0, sizeof(*sw));
}

static void
set_other(struct stickwatch *sw, const char *id, const char *name)
{
	util_strlcpy(sw->other, id, sizeof(sw->other));
	free(sw->other_name);
	sw->other_name = name != NULL ? xstrdup(name) : NULL;
}

/*
 * Whether a stick with id is the one in use.  NOTE: when either id is
 * unknown (no readable public key), any stick is taken.  The journal
 * check on reopening then rejects a stick without this attempt.
 */
static int
same_stick(const struct stickwatch *sw, const char *id)
{
	if (sw->id[0] == '\0' || id[0] == '\0')
		return (1);
	return (strcmp(sw->id, id) == 0);
}

static void
come_back(struct stickwatch *sw, const char *root, const char *sysname)
{
	char *copy = xstrdup(root);	/* root may be sw->root */

	sw->gone = 0;
	set_other(sw, "", NULL);
	free(sw->root);
	sw->root = copy;
	if (sysname != NULL) {
		free(sw->sysname);
		sw->sysname = xstrdup(sysname);
	}
}

static enum sw_change
removed(struct stickwatch *sw, const struct stick_candidate *s)
{
	if (sw->gone) {
		if (sw->other_name != NULL &&
		    strcmp(sw->other_name, s->sysname) == 0)
			set_other(sw, "", NULL);
		return (SW_NONE);
	}
	if (sw->sysname == NULL || strcmp(sw->sysname, s->sysname) != 0)
		return (SW_NONE);
	sw->gone = 1;
	return (SW_GONE);
}

static enum sw_change
added(struct stickwatch *sw, const struct stick_candidate *s)
{
	if (!sw->gone || s->mountpoint == NULL)
		return (SW_NONE);
	if (same_stick(sw, s->id)) {
		come_back(sw, s->mountpoint, s->sysname);
		return (SW_BACK);
	}
	set_other(sw, s->id, s->sysname);
	return (SW_OTHER);
}

enum sw_change
stickwatch_event(struct stickwatch *sw, const struct discover_event *ev)
{
	if (sw->folder)
		return (SW_NONE);
	switch (ev->change) {
	case DISCOVER_REMOVED:
		return (removed(sw, &ev->stick));
	case DISCOVER_ADDED:
		return (added(sw, &ev->stick));
	case DISCOVER_REJECTED:
		break;
	}
	return (SW_NONE);
}

enum sw_change
stickwatch_folder(struct stickwatch *sw)
{
	char *conf, id[STICK_ID_LEN], err[ERR_LEN];
	int present;

	conf = util_path_join(sw->root, "examstick/examiner.conf");
	present = access(conf, F_OK) == 0;
	free(conf);
	if (!sw->gone && !present) {
		sw->gone = 1;
		return (SW_GONE);
	}
	if (!sw->gone)
		return (SW_NONE);
	if (!present) {
		set_other(sw, "", NULL);
		return (SW_NONE);
	}
	if (stick_key_id(sw->root, id, err) != 0 && sw->id[0] != '\0')
		return (SW_NONE);	/* not readable yet: look again */
	if (same_stick(sw, id)) {
		come_back(sw, sw->root, NULL);
		return (SW_BACK);
	}
	if (strcmp(sw->other, id) == 0)
		return (SW_NONE);
	set_other(sw, id, sw->root);
	return (SW_OTHER);
}

int
stickwatch_id(const char *root, char *id, size_t len, void *arg)
{
	char out[STICK_ID_LEN], err[ERR_LEN];

	if (stick_key_id(root, out, err) != 0)
		return (-1);
	util_strlcpy(id, out, len);
	return (0);
}

const char *
stickwatch_change_name(enum sw_change c)
{
	switch (c) {
	case SW_NONE: return ("none");
	case SW_GONE: return ("gone");
	case SW_BACK: return ("back");
	case SW_OTHER: return ("other");
	}
	return ("unknown");
}
