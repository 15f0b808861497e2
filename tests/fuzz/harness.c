/*
 * Helpers shared by the fuzz targets and the seed generator; see
 * harness.h.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "harness.h"
#include "journal.h"

const struct seal_kdf fuzz_kdf = { 1, 8192 };

static struct sig_seckey *seckey;
static struct sig_pubkey pubkey;

static void
fuzz_keys_make(void)
{
	static const unsigned char keyid[SIG_KEYID_BYTES] = {
		0x46, 0x55, 0x5a, 0x5a, 0x4b, 0x45, 0x59, 0x31
	};
	unsigned char seed[crypto_sign_SEEDBYTES];

	if (sodium_init() < 0)
		abort();
	crypto_generichash(seed, sizeof seed,
	    (const unsigned char *)"examstick fuzz key", 18, NULL, 0);
	if ((seckey = sodium_malloc(sizeof *seckey)) == NULL)
		abort();
	crypto_sign_seed_keypair(pubkey.pk, seckey->sk, seed);
	memcpy(seckey->keyid, keyid, sizeof keyid);
	memcpy(pubkey.keyid, keyid, sizeof keyid);
}

const struct sig_seckey *
fuzz_seckey(void)
{
	if (seckey == NULL)
		fuzz_keys_make();
	return (seckey);
}

const struct sig_pubkey *
fuzz_pubkey(void)
{
	if (seckey == NULL)
		fuzz_keys_make();
	return (&pubkey);
}

const char *
fuzz_memfile(int slot, const void *data, size_t len)
{
	static int fds[FUZZ_MEMFILES] = { -1, -1, -1, -1 };
	static char paths[FUZZ_MEMFILES][32];
	const char *p = data;
	ssize_t n;

	if (slot < 0 || slot >= FUZZ_MEMFILES)
		abort();
	if (fds[slot] == -1) {
		if ((fds[slot] = memfd_create("fuzz", MFD_CLOEXEC)) == -1)
			abort();
		snprintf(paths[slot], sizeof paths[slot], "/proc/self/fd/%d",
		    fds[slot]);
	}
	if (ftruncate(fds[slot], 0) == -1 || lseek(fds[slot], 0, SEEK_SET))
		abort();
	while (len > 0) {
		if ((n = write(fds[slot], p, len)) == -1) {
			if (errno == EINTR)
				continue;
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
	return (paths[slot]);
}

void
fuzz_split(const uint8_t *data, size_t size, const uint8_t **head,
    size_t *head_len, const uint8_t **tail, size_t *tail_len)
{
	const uint8_t *nul = memchr(data, '\0', size);

	*head = data;
	if (nul == NULL) {
		*head_len = size;
		*tail = NULL;
		*tail_len = 0;
		return;
	}
	*head_len = (size_t)(nul - data);
	*tail = nul + 1;
	*tail_len = size - *head_len - 1;
}

char *
fuzz_strndup(const void *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	if (len > 0)
		memcpy(s, data, len);
	s[len] = '\0';
	return (s);
}

/* Append one re-chained line to out and set prev to its hash. */
static size_t
rechain_line(const char *line, size_t n, unsigned char *prev, char *out)
{
	crypto_generichash_state st;
	char hex[2 * JOURNAL_HASH_BYTES + 1];
	const char *space;

	space = memrchr(line, ' ', n);
	if (space != NULL && (size_t)(line + n - space - 1) ==
	    2 * JOURNAL_HASH_BYTES)
		n = (size_t)(space - line);
	crypto_generichash_init(&st, NULL, 0, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, prev, JOURNAL_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)line, n);
	crypto_generichash_final(&st, prev, JOURNAL_HASH_BYTES);
	sodium_bin2hex(hex, sizeof hex, prev, JOURNAL_HASH_BYTES);
	memcpy(out, line, n);
	out[n] = ' ';
	memcpy(out + n + 1, hex, 2 * JOURNAL_HASH_BYTES);
	out[n + 1 + 2 * JOURNAL_HASH_BYTES] = '\n';
	return (n + 2 + 2 * JOURNAL_HASH_BYTES);
}

char *
fuzz_rechain(const char *in, size_t len, size_t *out_len)
{
	unsigned char prev[JOURNAL_HASH_BYTES];
	const char *p = in, *end = in + len, *nl;
	size_t lines = 0, o = 0;
	char *out;

	for (nl = in; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL;
	    nl++)
		lines++;
	out = malloc(len + lines * (2 * JOURNAL_HASH_BYTES + 1) + 1);
	if (out == NULL)
		abort();
	crypto_generichash(prev, sizeof prev,
	    (const unsigned char *)JOURNAL_MAGIC, strlen(JOURNAL_MAGIC),
	    NULL, 0);
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		o += rechain_line(p, (size_t)(nl - p), prev, out + o);
		p = nl + 1;
	}
	memcpy(out + o, p, (size_t)(end - p));
	o += (size_t)(end - p);
	*out_len = o;
	return (out);
}

/* Find the first line "KEY: ...", and set *value and *value_len. */
static const char *
result_line(const char *text, size_t len, const char *key,
    const char **value, size_t *value_len)
{
	const char *p = text, *end = text + len, *nl;
	size_t klen = strlen(key);

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) >= klen + 2 &&
		    memcmp(p, key, klen) == 0 && p[klen] == ':' &&
		    p[klen + 1] == ' ') {
			*value = p + klen + 2;
			*value_len = (size_t)(nl - *value);
			return (p);
		}
		p = nl + 1;
	}
	return (NULL);
}

char *
fuzz_result_value(const char *text, size_t len, const char *key)
{
	const char *value;
	size_t n;

	if (result_line(text, len, key, &value, &n) == NULL)
		return (NULL);
	return (fuzz_strndup(value, n));
}

char *
fuzz_result_set(const char *text, size_t len, const char *key,
    const char *value, size_t *out_len)
{
	const char *old;
	size_t n, before, vlen = strlen(value);
	char *out;

	if (result_line(text, len, key, &old, &n) == NULL) {
		*out_len = len;
		return (fuzz_strndup(text, len));
	}
	before = (size_t)(old - text);
	*out_len = len - n + vlen;
	out = malloc(*out_len + 1);
	if (out == NULL)
		abort();
	memcpy(out, text, before);
	memcpy(out + before, value, vlen);
	memcpy(out + before + vlen, old + n, len - before - n);
	out[*out_len] = '\0';
	return (out);
}

char *
fuzz_trusted_comment(const void *sig, size_t len)
{
	static const char trusted[] = "\ntrusted comment: ";
	const char *at, *nl, *end = (const char *)sig + len;

	at = memmem(sig, len, trusted, strlen(trusted));
	if (at == NULL)
		return (fuzz_strndup("", 0));
	at += strlen(trusted);
	nl = memchr(at, '\n', (size_t)(end - at));
	return (fuzz_strndup(at, (size_t)((nl ? nl : end) - at)));
}

unsigned char *
fuzz_sign_append(const void *data, size_t signed_len, const char *comment,
    size_t *out_len)
{
	unsigned char *out;
	char err[ERR_LEN], *sig;
	size_t n;

	if (sig_sign(fuzz_seckey(), data, signed_len, comment, &sig, err) != 0)
		return (NULL);
	n = strlen(sig);
	if ((out = malloc(signed_len + n)) == NULL)
		abort();
	memcpy(out, data, signed_len);
	memcpy(out + signed_len, sig, n);
	free(sig);
	*out_len = signed_len + n;
	return (out);
}

char *
fuzz_resign_text(const char *text, size_t len, size_t *out_len)
{
	static const char sig_start[] = "\nuntrusted comment: ";
	const char *at;
	char *comment, *out;
	size_t body;

	at = memmem(text, len, sig_start, strlen(sig_start));
	if (at == NULL)
		return (NULL);
	body = (size_t)(at - text) + 1;
	comment = fuzz_trusted_comment(at, len - body + 1);
	out = (char *)fuzz_sign_append(text, body, comment, out_len);
	free(comment);
	return (out);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return (0);
}

void
fuzz_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *tempdir;

static void
tempdir_remove(void)
{
	if (tempdir != NULL)
		fuzz_rmtree(tempdir);
}

char *
fuzz_tempdir(const char *name)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (tempdir != NULL)
		abort();
	if (base == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&path, "%s/examstick-fuzz-%s.XXXXXX", base, name) < 0 ||
	    mkdtemp(path) == NULL) {
		perror("fuzz: mkdtemp");
		abort();
	}
	tempdir = path;
	atexit(tempdir_remove);
	return (path);
}
