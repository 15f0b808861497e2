/*
 * Helpers shared by every module: error strings, file I/O with durable
 * writes, percent and hex encodings, clocks, problem lists and the log.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static FILE *log_file;

int
errf(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		va_start(ap, fmt);
		vsnprintf(err, ERR_LEN, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return (p);
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (p == NULL)
		abort();
	return (p);
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		abort();
	return (p);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

int
xasprintf(char **out, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(out, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	return (n);
}

int
util_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n == 0)
		return (-1);
	if (len >= n) {
		memcpy(dst, src, n - 1);
		dst[n - 1] = '\0';
		return (-1);
	}
	memcpy(dst, src, len + 1);
	return (0);
}

int
util_read_file(const char *path, size_t max, char **buf, size_t *len,
    char *err)
{
	struct stat st;
	size_t used = 0, cap;
	ssize_t n;
	char *p;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (errf(err, "%s: %s", path, strerror(errno)));
	if (fstat(fd, &st) == -1) {
		errf(err, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return (errf(err, "%s: is a folder, not a file", path));
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return (errf(err, "%s: file is %lld bytes, more than the limit"
		    " of %zu", path, (long long)st.st_size, max));
	}
	cap = (size_t)st.st_size + 1;
	p = xmalloc(cap);
	for (;;) {
		if (used + 1 >= cap) {
			if (cap > max + 1) {
				free(p);
				close(fd);
				return (errf(err, "%s: file grew past the limit"
				    " of %zu bytes", path, max));
			}
			cap *= 2;
			p = xrealloc(p, cap);
		}
		n = read(fd, p + used, cap - used - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			errf(err, "%s: %s", path, strerror(errno));
			free(p);
			close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (used > max) {
		free(p);
		return (errf(err, "%s: file is larger than the limit of %zu"
		    " bytes", path, max));
	}
	p[used] = '\0';
	*buf = p;
	if (len != NULL)
		*len = used;
	return (0);
}

int
util_fsync_dir(const char *dir, char *err)
{
	int fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (errf(err, "%s: %s", dir, strerror(errno)));
	/* Some filesystems return EINVAL for a folder fsync; that is fine. */
	if (fsync(fd) == -1 && errno != EINVAL) {
		errf(err, "fsync %s: %s", dir, strerror(errno));
		close(fd);
		return (-1);
	}
	close(fd);
	return (0);
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

int
util_write_atomic(const char *path, const void *data, size_t len, char *err)
{
	char *tmp, *copy, *dir;
	int fd, saved;

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		errf(err, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	if (write_all(fd, data, len) == -1 || fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errf(err, "write %s: %s", tmp, strerror(saved));
		free(tmp);
		return (-1);
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errf(err, "write %s: %s", path, strerror(saved));
		free(tmp);
		return (-1);
	}
	free(tmp);

	copy = xstrdup(path);
	dir = dirname(copy);
	if (util_fsync_dir(dir, err) == -1) {
		free(copy);
		return (-1);
	}
	free(copy);
	return (0);
}

int
util_mkdir_p(const char *path, char *err)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) == -1 && errno != EEXIST) {
			errf(err, "mkdir %s: %s", copy, strerror(errno));
			free(copy);
			return (-1);
		}
		*p = '/';
	}
	if (mkdir(copy, 0755) == -1 && errno != EEXIST) {
		errf(err, "mkdir %s: %s", copy, strerror(errno));
		free(copy);
		return (-1);
	}
	free(copy);
	return (0);
}

char *
util_path_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	char *out;

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	xasprintf(&out, "%.*s/%s", (int)la, a, b);
	return (out);
}

void
util_hex(const unsigned char *in, size_t len, char *out, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

int
util_unhex(const char *in, unsigned char *out, size_t len)
{
	size_t i;
	int hi, lo;

	if (strlen(in) != 2 * len)
		return (-1);
	for (i = 0; i < len; i++) {
		hi = hexval((unsigned char)in[2 * i]);
		lo = hexval((unsigned char)in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return (-1);
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (0);
}

char *
util_pct_encode(const char *in, size_t len)
{
	char *out = xmalloc(3 * len + 1), *p = out;
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c > ' ' && c < 0x7f && c != '%' && c != '=') {
			*p++ = (char)c;
			continue;
		}
		p += sprintf(p, "%%%02X", c);
	}
	*p = '\0';
	return (out);
}

char *
util_pct_decode(const char *in, size_t *outlen)
{
	size_t len = strlen(in);
	char *out = xmalloc(len + 1), *p = out;
	int hi, lo;

	while (*in != '\0') {
		if (*in != '%') {
			*p++ = *in++;
			continue;
		}
		hi = hexval((unsigned char)in[1]);
		lo = hi < 0 ? -1 : hexval((unsigned char)in[2]);
		if (hi < 0 || lo < 0) {
			free(out);
			return (NULL);
		}
		*p++ = (char)(hi << 4 | lo);
		in += 3;
	}
	*p = '\0';
	if (outlen != NULL)
		*outlen = (size_t)(p - out);
	return (out);
}

int64_t
util_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int64_t
util_wall_seconds(void)
{
	return ((int64_t)time(NULL));
}

void
util_iso_time(char out[32], int64_t unix_seconds)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
problems_add(struct problems *pr, const char *fmt, ...)
{
	va_list ap;
	char *line;

	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (pr->n == pr->cap) {
		pr->cap = pr->cap ? pr->cap * 2 : 8;
		pr->lines = xrealloc(pr->lines, pr->cap * sizeof *pr->lines);
	}
	pr->lines[pr->n++] = line;
}

void
problems_free(struct problems *pr)
{
	size_t i;

	for (i = 0; i < pr->n; i++)
		free(pr->lines[i]);
	free(pr->lines);
	pr->lines = NULL;
	pr->n = pr->cap = 0;
}

int
log_open(const char *path, char *err)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = fopen(path, "ae");
	if (log_file == NULL)
		return (errf(err, "log %s: %s", path, strerror(errno)));
	setvbuf(log_file, NULL, _IOLBF, 0);
	return (0);
}

int
log_enabled(void)
{
	return (log_file != NULL);
}

void
log_msg(const char *fmt, ...)
{
	struct timespec ts;
	char stamp[32], *line;
	unsigned char *p;
	va_list ap;

	if (log_file == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0) {
		va_end(ap);
		return;
	}
	va_end(ap);

	clock_gettime(CLOCK_REALTIME, &ts);
	util_iso_time(stamp, ts.tv_sec);
	fprintf(log_file, "%s ", stamp);
	for (p = (unsigned char *)line; *p != '\0'; p++) {
		if (*p < ' ' || *p == 0x7f)
			fprintf(log_file, "\\x%02x", *p);
		else
			fputc(*p, log_file);
	}
	fputc('\n', log_file);
	free(line);
}

void
log_close(void)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = NULL;
}
