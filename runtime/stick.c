/*
 * The stick's examstick/ folder: checking that a folder is one, making
 * the folders the Examiner writes to, and the id of the machine the
 * stick is in.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "sig.h"
#include "stick.h"

#define MACHINE_ID_FILE	"/etc/machine-id"
#define DBUS_ID_FILE	"/var/lib/dbus/machine-id"
#define BOOT_ID_FILE	"/proc/sys/kernel/random/boot_id"

/* Create path if missing, then fsync parent so the new entry survives. */
static int
stick_make_dir(const char *path, const char *parent, char *err)
{
	struct stat sb;

	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return (0);
		return (errf(err, "%s: is a file, not a folder; move it away",
		    path));
	}
	if (errno != ENOENT)
		return (errf(err, "%s: %s", path, strerror(errno)));
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return (errf(err, "create %s: %s", path, strerror(errno)));
	return (util_fsync_dir(parent, err));
}

static int
stick_check(struct stick *st, const char *root, char *err)
{
	struct stat sb;
	size_t n;

	if (stat(root, &sb) == -1)
		return (errf(err, "%s: %s", root, strerror(errno)));
	if (!S_ISDIR(sb.st_mode))
		return (errf(err, "%s: not a folder", root));
	st->root = xstrdup(root);
	n = strlen(st->root);
	while (n > 1 && st->root[n - 1] == '/')
		st->root[--n] = '\0';
	st->dir = util_path_join(root, "examstick");
	if (stat(st->dir, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return (errf(err, "%s: no examstick folder, so this is not a"
		    " prepared exam stick; prepare it with 'reloader prepare'",
		    root));
	st->conf = util_path_join(st->dir, "examiner.conf");
	if (access(st->conf, R_OK) == -1)
		return (errf(err, "%s: %s; prepare the stick with the"
		    " Reloader", st->conf, strerror(errno)));
	return (0);
}

int
stick_open(struct stick *st, const char *root, char *err)
{
	memset(st, 0, sizeof(*st));
	if (stick_check(st, root, err) == -1)
		goto fail;
	st->attempts = util_path_join(st->dir, "attempts");
	st->results = util_path_join(st->dir, "results");
	st->log = util_path_join(st->dir, "log");
	st->keys = util_path_join(st->dir, "keys");
	st->packages = util_path_join(st->dir, "packages");
	if (stick_make_dir(st->attempts, st->dir, err) == -1 ||
	    stick_make_dir(st->results, st->dir, err) == -1 ||
	    stick_make_dir(st->log, st->dir, err) == -1)
		goto fail;
	return (0);

fail:
	stick_free(st);
	return (-1);
}

void
stick_free(struct stick *st)
{
	free(st->root);
	free(st->dir);
	free(st->conf);
	free(st->attempts);
	free(st->results);
	free(st->log);
	free(st->keys);
	free(st->packages);
	memset(st, 0, sizeof(*st));
}

/*
 * Read an id file: hex digits and hyphens, 8 to 40 of them, before white
 * space.  systemd writes "uninitialized" on a first boot, which fails.
 */
static int
read_id(const char *path, char *out, size_t size)
{
	char err[ERR_LEN], *buf;
	size_t len, n;

	if (path == NULL || util_read_file(path, 256, &buf, &len, err) == -1)
		return (-1);
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	n = strspn(buf, "0123456789abcdefABCDEF-");
	if (n != len || len < 8 || len > 40 || len >= size) {
		free(buf);
		return (-1);
	}
	memcpy(out, buf, len + 1);
	free(buf);
	return (0);
}

void
stick_machine_id_from(const char *machine_id, const char *dbus_id,
    const char *boot_id, char out[64])
{
	char id[48];

	if (read_id(machine_id, out, 64) == 0 ||
	    read_id(dbus_id, out, 64) == 0)
		return;
	if (read_id(boot_id, id, sizeof(id)) == 0) {
		snprintf(out, 64, "boot-%s", id);
		return;
	}
	strcpy(out, "unknown");
}

void
stick_machine_id(char out[64])
{
	stick_machine_id_from(MACHINE_ID_FILE, DBUS_ID_FILE, BOOT_ID_FILE,
	    out);
}

int
stick_key_id(const char *root, char out[17], char *err)
{
	struct sig_pubkey pk;
	struct conf conf;
	char *path;
	int rc;

	out[0] = '\0';
	path = util_path_join(root, "examstick/examiner.conf");
	rc = conf_load(&conf, path, root, NULL, err);
	free(path);
	if (rc != 0)
		return (-1);
	rc = sig_pubkey_load(&pk, conf.stick_pubkey, err);
	conf_free(&conf);
	if (rc != 0)
		return (-1);
	sig_keyid_hex(pk.keyid, out);
	return (0);
}
