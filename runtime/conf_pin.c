/*
 * The invigilator PIN: its format, its Argon2id hash, the check of a
 * hash read from examiner.conf, and the rewrite of examiner.conf that
 * stores a new hash.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_pin.h"
#include "util.h"

#define ARGON2ID_PREFIX	"$argon2id$v=19$"
#define OLD_PIN_KEY	"invigilator_pin"

/* The messages below quote these limits. */
_Static_assert(CONF_PIN_OPSLIMIT_MIN == 2 &&
    CONF_PIN_MEMLIMIT_MIN == 67108864,
    "update the messages of conf_pin_hash_check");
_Static_assert(CONF_PIN_OPSLIMIT_MAX == 4 &&
    CONF_PIN_MEMLIMIT_MAX == 1073741824,
    "update the messages of conf_pin_hash_check");

int
conf_pin_valid(const char *pin)
{
	size_t n = strlen(pin);

	return (n >= CONF_PIN_MIN && n <= CONF_PIN_MAX &&
	    strspn(pin, "0123456789") == n);
}

int
conf_pin_hash(const char *pin, char out[CONF_PIN_HASH_BYTES], char *err)
{
	if (sodium_init() < 0)
		return (errf(err, "libsodium failed to start"));
	if (crypto_pwhash_str(out, pin, strlen(pin), CONF_PIN_OPSLIMIT,
	    CONF_PIN_MEMLIMIT) != 0)
		return (errf(err, "Argon2id hashing of the PIN failed: out of"
		    " memory (it needs %d MiB)", CONF_PIN_MEMLIMIT >> 20));
	return (0);
}

/* Read NAME and the decimal number after it at *p, and move past both. */
static int
read_limit(const char **p, const char *name, unsigned long long *out)
{
	size_t n = strlen(name);
	char *end;

	if (strncmp(*p, name, n) != 0 || !isdigit((unsigned char)(*p)[n]))
		return (-1);
	errno = 0;
	*out = strtoull(*p + n, &end, 10);
	if (errno != 0)
		return (-1);
	*p = end;
	return (0);
}

int
conf_pin_hash_check(const char *s, const char **why)
{
	unsigned long long m, t, par;
	const char *p = s + strlen(ARGON2ID_PREFIX);

	if (strncmp(s, "$argon2id$", 10) != 0) {
		*why = "it is not an Argon2id hash, which starts with"
		    " $argon2id$";
		return (-1);
	}
	if (strncmp(s, ARGON2ID_PREFIX, strlen(ARGON2ID_PREFIX)) != 0) {
		*why = "its Argon2 version is not v=19";
		return (-1);
	}
	if (strlen(s) >= CONF_PIN_HASH_BYTES) {
		*why = "it is longer than an Argon2id hash can be";
		return (-1);
	}
	if (read_limit(&p, "m=", &m) == -1 || read_limit(&p, ",t=", &t) ==
	    -1 || read_limit(&p, ",p=", &par) == -1 || *p != '$') {
		*why = "its limits are not in the form m=KIB,t=PASSES,p=1";
		return (-1);
	}
	if (par != 1) {
		*why = "libsodium verifies only p=1 (one lane)";
		return (-1);
	}
	if (t < CONF_PIN_OPSLIMIT_MIN || m < CONF_PIN_MEMLIMIT_MIN / 1024) {
		*why = "its limits are below t=2 and m=65536 (64 MiB), which"
		    " would make guesses cheap";
		return (-1);
	}
	if (t > CONF_PIN_OPSLIMIT_MAX || m > CONF_PIN_MEMLIMIT_MAX / 1024) {
		*why = "its limits are above t=4 and m=1048576 (1 GiB), more"
		    " than an exam PC can be asked for";
		return (-1);
	}
	/* -1 means libsodium cannot decode the salt or the hash. */
	if (crypto_pwhash_str_needs_rehash(s, t, (size_t)m * 1024) == -1) {
		*why = "its salt or hash part is damaged";
		return (-1);
	}
	return (0);
}

int
conf_pin_verify(const char *hash, const char *pin)
{
	if (hash == NULL || pin == NULL || sodium_init() < 0)
		return (0);
	return (crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0);
}

/* Return 1 if the line is "key = value" (or "key: value") for key. */
static int
line_key_is(const char *line, size_t len, const char *key)
{
	size_t n = strlen(key), i;

	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len < n || strncmp(line, key, n) != 0)
		return (0);
	for (i = n; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		continue;
	return (i < len && (line[i] == '=' || line[i] == ':'));
}

/* Return 1 if the line is a [section] header, with its name in name. */
static int
line_section(const char *line, size_t len, char *name, size_t size)
{
	const char *close;
	size_t n;

	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len == 0 || *line != '[' ||
	    (close = memchr(line, ']', len)) == NULL)
		return (0);
	line++;
	n = (size_t)(close - line);
	while (n > 0 && isspace((unsigned char)*line)) {
		line++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(name, line, n);
	name[n] = '\0';
	return (1);
}

static void
append(char **out, size_t *outlen, const char *s, size_t n)
{
	*out = xrealloc(*out, *outlen + n + 1);
	memcpy(*out + *outlen, s, n);
	*outlen += n;
	(*out)[*outlen] = '\0';
}

char *
conf_pin_hash_set(const char *text, size_t len, const char *hash,
    size_t *outlen, char *err)
{
	const char *line, *nl, *eol = "\n";
	char section[64], *out = NULL, *hash_line;
	size_t i = 0, n, full, header_end = 0;
	int in_examiner = 0, have_examiner = 0, written = 0;

	*outlen = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		append(&out, outlen, text, 3);
		i = 3;
	}
	xasprintf(&hash_line, CONF_PIN_HASH_KEY " = %s", hash);
	while (i < len) {
		line = text + i;
		nl = memchr(line, '\n', len - i);
		full = nl != NULL ? (size_t)(nl - line) + 1 : len - i;
		n = nl != NULL ? (size_t)(nl - line) : len - i;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		i += full;

		if (line_section(line, n, section, sizeof(section))) {
			in_examiner = strcmp(section, "examiner") == 0;
			if (in_examiner && !have_examiner) {
				have_examiner = 1;
				eol = n < full && line[n] == '\r' ? "\r\n" :
				    "\n";
				append(&out, outlen, line, full);
				if (nl == NULL)
					append(&out, outlen, eol, strlen(eol));
				header_end = *outlen;
				continue;
			}
		} else if (in_examiner && (line_key_is(line, n,
		    CONF_PIN_HASH_KEY) || line_key_is(line, n, OLD_PIN_KEY))) {
			if (!written) {
				append(&out, outlen, hash_line,
				    strlen(hash_line));
				append(&out, outlen, line + n, full - n);
				written = 1;
			}
			continue;
		}
		append(&out, outlen, line, full);
	}
	if (!have_examiner) {
		free(out);
		free(hash_line);
		errf(err, "the file has no [examiner] section");
		return (NULL);
	}
	if (!written) {
		/* Insert the line just after the [examiner] header. */
		n = strlen(hash_line) + strlen(eol);
		out = xrealloc(out, *outlen + n + 1);
		memmove(out + header_end + n, out + header_end,
		    *outlen - header_end + 1);
		memcpy(out + header_end, hash_line, strlen(hash_line));
		memcpy(out + header_end + strlen(hash_line), eol, strlen(eol));
		*outlen += n;
	}
	free(hash_line);
	return (out);
}

/* 1 if a conf problem is about the PIN lines that the rewrite replaces. */
static int
pin_line_problem(const char *problem)
{
	return (strstr(problem, ": " CONF_PIN_HASH_KEY ": ") != NULL ||
	    strstr(problem, ": " OLD_PIN_KEY ": ") != NULL);
}

char *
conf_pin_hash_load(struct conf *c, const char *path, const char *text,
    size_t len, const char *hash, const char *stick_root, size_t *outlen,
    char *err)
{
	struct problems pr = { NULL, 0, 0 };
	struct conf given;
	char why[ERR_LEN], *out;
	size_t i, other = 0;

	if ((out = conf_pin_hash_set(text, len, hash, outlen, why)) == NULL) {
		errf(err, "%s: %s; add [examiner] with centre_id", path, why);
		return (NULL);
	}
	if (conf_load_text(c, path, out, *outlen, stick_root, NULL, err) == 0)
		return (out);
	free(out);

	/*
	 * The rewrite can add or drop a line, which would shift the line
	 * numbers, so the problems are taken from the text as given,
	 * leaving out those of the PIN lines that the rewrite replaced.
	 */
	if (conf_load_text(&given, path, text, len, stick_root, &pr, why) == 0)
		conf_free(&given);
	for (i = 0; i < pr.n; i++) {
		if (pin_line_problem(pr.lines[i]))
			continue;
		if (other++ == 0)
			errf(err, "%s", pr.lines[i]);
	}
	if (other > 1) {
		errf(why, "%s (and %zu more problem%s)", err, other - 1,
		    other > 2 ? "s" : "");
		memcpy(err, why, ERR_LEN);
	}
	problems_free(&pr);
	return (NULL);
}
