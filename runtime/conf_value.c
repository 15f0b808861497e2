/*
 * The check of each configuration value by type, and the mapping of E:\
 * paths onto the folder that is the stick's root.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf_pin.h"
#include "conf_private.h"

/*
 * Decode one UTF-8 sequence at s (n bytes left) into *cp; returns its
 * length, or 0 if it is malformed, overlong or a surrogate.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned int *cp)
{
	static const unsigned int min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	unsigned int c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;
	return (len);
}

int
conf_text_valid(const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	unsigned int cp;

	if (n > max)
		return (-1);
	while (i < n) {
		if ((len = utf8_decode(u + i, n - i, &cp)) == 0)
			return (-1);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return (-1);
		i += len;
	}
	return (0);
}

const char *
conf_scheme_name(enum colour_scheme s)
{
	switch (s) {
	case SCHEME_HIGH_CONTRAST:
		return ("high-contrast");
	case SCHEME_MONOCHROME:
		return ("monochrome");
	case SCHEME_DEFAULT:
		break;
	}
	return ("default");
}

int
conf_scheme_parse(const char *s, enum colour_scheme *out)
{
	if (strcmp(s, "default") == 0)
		*out = SCHEME_DEFAULT;
	else if (strcmp(s, "high-contrast") == 0)
		*out = SCHEME_HIGH_CONTRAST;
	else if (strcmp(s, "monochrome") == 0)
		*out = SCHEME_MONOCHROME;
	else
		return (-1);
	return (0);
}

/*
 * Map value onto a host path under root, or return NULL with a reason
 * in *why.  Both '\' and '/' separate components.
 */
static char *
stick_path_resolve(const char *root, const char *value, const char **why)
{
	const char *p = value, *end;
	size_t rootlen, n;
	char *out;
	int on_root = 0;

	for (p = value; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = "it contains a control character";
			return (NULL);
		}
	}
	if (*value == '\0') {
		*why = "it is empty";
		return (NULL);
	}
	p = value;
	if (isalpha((unsigned char)p[0]) && p[1] == ':') {
		if (p[0] != 'e' && p[0] != 'E') {
			*why = "only drive E: (the stick) is allowed";
			return (NULL);
		}
		if (p[2] != '\\' && p[2] != '/') {
			*why = "a drive letter must be followed by \\";
			return (NULL);
		}
		on_root = 1;
		p += 3;
	} else if (*p == '\\' || *p == '/') {
		*why = "it starts at the root of no drive; start it with E:\\";
		return (NULL);
	}

	rootlen = strlen(root);
	while (rootlen > 1 && root[rootlen - 1] == '/')
		rootlen--;
	xasprintf(&out, "%.*s%s", (int)rootlen, root,
	    on_root ? "" : "/examstick");
	while (*p != '\0') {
		end = p + strcspn(p, "\\/");
		n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			free(out);
			*why = "a \"..\" component could leave the stick";
			return (NULL);
		}
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			out = xrealloc(out, strlen(out) + n + 2);
			strcat(out, "/");
			strncat(out, p, n);
		}
		p = *end != '\0' ? end + 1 : end;
	}
	return (out);
}

char *
conf_stick_path(const char *stick_root, const char *value, char *err)
{
	const char *why = "";
	char *out;

	if ((out = stick_path_resolve(stick_root, value, &why)) == NULL)
		errf(err, "%s: %s", value, why);
	return (out);
}

/* Parse 90, 45m, 2h or 1h30m into minutes; -1 if malformed. */
static int
parse_minutes(const char *s)
{
	long hours = 0, minutes = 0, n;
	char *end;

	if (!isdigit((unsigned char)*s))
		return (-1);
	n = strtol(s, &end, 10);
	if (n > 1000)
		return (-1);
	if (*end == 'h' || *end == 'H') {
		hours = n;
		s = end + 1;
		if (*s == '\0')
			return ((int)(hours * 60));
		if (!isdigit((unsigned char)*s))
			return (-1);
		n = strtol(s, &end, 10);
		if (n > 59)
			return (-1);
	}
	minutes = n;
	if (*end == 'm' || *end == 'M')
		end++;
	if (*end != '\0')
		return (-1);
	return ((int)(hours * 60 + minutes));
}

int
conf_valid_chars(const char *s, const char *extra, int upper_only)
{
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s) || strchr(extra, *s) != NULL)
			continue;
		if (upper_only ? isupper((unsigned char)*s) :
		    isalpha((unsigned char)*s))
			continue;
		return (-1);
	}
	return (0);
}

static int
in_length(const char *s, const struct conf_key *k)
{
	size_t n = strlen(s);

	return (n >= (size_t)k->min && n <= (size_t)k->max);
}

static int
parse_int(const char *s, const struct conf_key *k, int *out)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)*s) || strlen(s) > 6)
		return (-1);
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < k->min || n > k->max)
		return (-1);
	*out = (int)n;
	return (0);
}

static int
parse_yesno(const char *s, int *out)
{
	if (strcasecmp(s, "yes") == 0)
		*out = 1;
	else if (strcasecmp(s, "no") == 0)
		*out = 0;
	else
		return (-1);
	return (0);
}

int
conf_store(const struct conf_key *k, const char *root, const char *value,
    void *field, const char **why)
{
	char *s;
	int n;

	switch (k->type) {
	case CONF_ID:
		if (!in_length(value, k) ||
		    conf_valid_chars(value, "-", 0) == -1)
			return (-1);
		break;
	case CONF_LABEL:
		if (!in_length(value, k) ||
		    conf_valid_chars(value, "-_", 1) == -1)
			return (-1);
		break;
	case CONF_PIN_HASH:
		if (conf_pin_hash_check(value, why) == -1)
			return (-1);
		break;
	case CONF_TEXT:
		if (conf_text_valid(value, (size_t)k->max) == -1)
			return (-1);
		break;
	case CONF_PATH:
		if ((s = stick_path_resolve(root, value, why)) == NULL)
			return (-1);
		*(char **)field = s;
		return (0);
	case CONF_INT:
		return (parse_int(value, k, (int *)field));
	case CONF_YESNO:
		return (parse_yesno(value, (int *)field));
	case CONF_SCHEME:
		return (conf_scheme_parse(value, (enum colour_scheme *)field));
	case CONF_DURATION:
		n = parse_minutes(value);
		if (n < k->min || n > k->max)
			return (-1);
		*(int *)field = n * 60;
		return (0);
	}
	*(char **)field = xstrdup(value);
	return (0);
}
