/*
 * reloader.conf: the centre machine's settings, which give the defaults
 * of the subcommands' options.  An option on the command line always
 * wins over the file.
 *
 * inih reads the file.  Debian's libinih passes no line numbers to the
 * handler, so a reader that counts lines feeds ini_parse_stream().
 * Because inih calls the handler for a line before it reads the next
 * one, the count is the handler's line.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "reloader.h"

#define RCONF_MAX_LINE	1024

struct rconf rconf;

enum rconf_kind {
	RCONF_ID,	/* 1 to 16 letters, digits or hyphens */
	RCONF_LABEL,	/* 1 to 11 capitals, digits, '-' or '_' */
	RCONF_PATH	/* a file or folder on the centre machine */
};

struct rconf_key {
	const char	*name;
	enum rconf_kind	 kind;
	size_t		 field;
};

#define RC(f)	offsetof(struct rconf, f)

static const struct rconf_key rconf_keys[] = {
	{ "centre_id", RCONF_ID, RC(centre_id) },
	{ "stick_label", RCONF_LABEL, RC(stick_label) },
	{ "register", RCONF_PATH, RC(reg) },
	{ "results_out", RCONF_PATH, RC(results_out) },
	{ "body_key", RCONF_PATH, RC(body_key) },
	{ "results_key", RCONF_PATH, RC(results_key) },
	{ "centre_key", RCONF_PATH, RC(centre_key) },
	{ "examiner_conf", RCONF_PATH, RC(examiner_conf) },
};

#define NRCONF_KEYS	(sizeof rconf_keys / sizeof rconf_keys[0])

struct rconf_parse {
	FILE		*f;
	const char	*path;
	char		*dir;		/* folder of the file */
	int		 lineno;
	int		 failed;
	char		 err[ERR_LEN];
};

static char *
rconf_reader(char *str, int num, void *stream)
{
	struct rconf_parse *p = stream;
	size_t len;

	if (fgets(str, num, p->f) == NULL)
		return (NULL);
	p->lineno++;
	len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(p->f)) {
		errf(p->err, "%s:%d: the line is longer than %d characters;"
		    " shorten it", p->path, p->lineno, num - 2);
		p->failed = 1;
		return (NULL);
	}
	return (str);
}

static int
id_valid(const char *s, size_t max, int label)
{
	size_t n = strlen(s), i;
	unsigned char c;

	if (n == 0 || n > max)
		return (0);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    c == '-')
			continue;
		if (label ? c == '_' : (c >= 'a' && c <= 'z'))
			continue;
		return (0);
	}
	return (1);
}

static const struct rconf_key *
rconf_key_named(const char *name)
{
	size_t i;

	for (i = 0; i < NRCONF_KEYS; i++)
		if (strcmp(rconf_keys[i].name, name) == 0)
			return (&rconf_keys[i]);
	return (NULL);
}

/* Check a value and copy it, taking a relative path from the file's folder. */
static char *
rconf_value(struct rconf_parse *p, const struct rconf_key *k,
    const char *value)
{
	char *s;

	if (k->kind == RCONF_ID && !id_valid(value, 16, 0)) {
		errf(p->err, "%s:%d: %s: \"%s\" is invalid; use 1 to 16"
		    " letters, digits or hyphens", p->path, p->lineno,
		    k->name, value);
		return (NULL);
	}
	if (k->kind == RCONF_LABEL && !id_valid(value, 11, 1)) {
		errf(p->err, "%s:%d: %s: \"%s\" is invalid; use 1 to 11"
		    " capital letters, digits, '-' or '_'", p->path,
		    p->lineno, k->name, value);
		return (NULL);
	}
	if (k->kind != RCONF_PATH || value[0] == '/')
		s = xstrdup(value);
	else
		xasprintf(&s, "%s/%s", p->dir, value);
	return (s);
}

static int
rconf_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct rconf_parse *p = user;
	const struct rconf_key *k;
	char **field;

	if (p->failed)
		return (0);
	if (strcmp(section, "reloader") != 0) {
		errf(p->err, "%s:%d: %s is outside the [reloader] section;"
		    " put it under [reloader]", p->path, p->lineno, name);
		p->failed = 1;
		return (0);
	}
	if ((k = rconf_key_named(name)) == NULL) {
		errf(p->err, "%s:%d: %s: unknown key; the keys are centre_id,"
		    " stick_label, register, results_out, body_key,"
		    " results_key, centre_key and examiner_conf", p->path,
		    p->lineno, name);
		p->failed = 1;
		return (0);
	}
	field = (char **)((char *)&rconf + k->field);
	if (*field != NULL) {
		errf(p->err, "%s:%d: %s is set twice; keep one line",
		    p->path, p->lineno, name);
		p->failed = 1;
		return (0);
	}
	if (value[0] == '\0') {
		errf(p->err, "%s:%d: %s has no value; give one or remove the"
		    " line", p->path, p->lineno, name);
		p->failed = 1;
		return (0);
	}
	if ((*field = rconf_value(p, k, value)) == NULL) {
		p->failed = 1;
		return (0);
	}
	return (1);
}

static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

int
rconf_load(const char *path, int must_exist, char *err)
{
	struct rconf_parse p;
	int rc;

	memset(&p, 0, sizeof p);
	p.path = path;
	if ((p.f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return (0);
		errf(err, "%s: %s; give the centre's reloader.conf with"
		    " --config", path, strerror(errno));
		return (-1);
	}
	p.dir = folder_of(path);
	rc = ini_parse_stream(rconf_reader, &p, rconf_handler, &p);
	if (rc > 0 && !p.failed)
		errf(p.err, "%s:%d: the line is neither a [section] header"
		    " nor a key = value line; correct or remove it", path, rc);
	if (rc == 0 && ferror(p.f))
		errf(p.err, "%s: %s", path, strerror(errno));
	else if (rc == 0 && !p.failed) {
		fclose(p.f);
		free(p.dir);
		rconf.path = path;
		return (0);
	}
	fclose(p.f);
	free(p.dir);
	rconf_free();
	errf(err, "%s", p.err[0] != '\0' ? p.err :
	    "the configuration could not be read");
	return (-1);
}

void
rconf_free(void)
{
	size_t i;

	for (i = 0; i < NRCONF_KEYS; i++) {
		char **field = (char **)((char *)&rconf + rconf_keys[i].field);

		free(*field);
		*field = NULL;
	}
	rconf.path = NULL;
}
