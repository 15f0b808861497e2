/*
 * Lookups in the kernel's mount table.  Each line of mountinfo is
 *
 *	ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [TAGS...] - TYPE ...
 *
 * with space, tab, newline and backslash in paths written as octal
 * escapes.
 */
#include <sys/sysmacros.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

static int
is_octal(char c)
{
	return (c >= '0' && c <= '7');
}

void
mountinfo_unescape(char *s)
{
	char *out = s;

	while (*s != '\0') {
		if (s[0] == '\\' && is_octal(s[1]) && is_octal(s[2]) &&
		    is_octal(s[3])) {
			*out++ = (char)(((s[1] - '0') << 6) |
			    ((s[2] - '0') << 3) | (s[3] - '0'));
			s += 4;
		} else
			*out++ = *s++;
	}
	*out = '\0';
}

/*
 * Split one mountinfo line and return its mount point when it mounts the
 * root of devnum, else NULL.  The line is changed in place.
 */
static char *
match_line(char *line, dev_t devnum)
{
	char *field[5], *save = NULL, *tok;
	unsigned int major, minor;
	int i;

	tok = strtok_r(line, " \n", &save);
	for (i = 0; i < 5 && tok != NULL; i++) {
		field[i] = tok;
		tok = strtok_r(NULL, " \n", &save);
	}
	if (i < 5)
		return (NULL);

	if (sscanf(field[2], "%u:%u", &major, &minor) != 2)
		return (NULL);
	if (makedev(major, minor) != devnum)
		return (NULL);
	if (strcmp(field[3], "/") != 0)
		return (NULL);
	mountinfo_unescape(field[4]);
	return (field[4]);
}

int
mountinfo_find(const char *path, dev_t devnum, char **mountpoint, char *err)
{
	char *line = NULL, *found = NULL, *mp;
	size_t cap = 0;
	FILE *f;
	int saved;

	*mountpoint = NULL;
	if ((f = fopen(path, "re")) == NULL)
		return (errf(err, "read mount table: %s: %s", path,
		    strerror(errno)));
	while (found == NULL && getline(&line, &cap, f) != -1) {
		if ((mp = match_line(line, devnum)) != NULL)
			found = xstrdup(mp);
	}
	saved = errno;
	free(line);
	if (ferror(f)) {
		fclose(f);
		free(found);
		return (errf(err, "read mount table: %s: %s", path,
		    strerror(saved)));
	}
	fclose(f);
	*mountpoint = found;
	return (found != NULL);
}
