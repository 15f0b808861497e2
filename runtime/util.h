/*
 * Small helpers shared by every module: error strings, whole-file reads,
 * durable writes, encodings and clocks.
 *
 * Modules report failure by returning -1 and writing one line into a
 * caller-supplied buffer of ERR_LEN bytes; only front ends print it.
 */
#ifndef EXAMSTICK_UTIL_H
#define EXAMSTICK_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ERR_LEN 1024

#if defined(__GNUC__)
#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTFLIKE(a, b)
#endif

/* Format a message into err (ERR_LEN bytes) and return -1. */
int	errf(char *err, const char *fmt, ...) PRINTFLIKE(2, 3);

/*
 * Read a whole file into a NUL-terminated heap buffer.  Files larger than
 * max bytes are rejected so that a hostile file cannot exhaust memory.
 */
int	util_read_file(const char *path, size_t max, char **buf, size_t *len,
	    char *err);

/*
 * Write data to path atomically: a temporary file in the same folder,
 * fsync, rename over path, then fsync the folder.
 */
int	util_write_atomic(const char *path, const void *data, size_t len,
	    char *err);

/* fsync the folder that contains path (or path itself if a folder). */
int	util_fsync_dir(const char *dir, char *err);

/* Create a folder and its parents, like mkdir -p. */
int	util_mkdir_p(const char *path, char *err);

/* Join two path parts with one slash into a new heap string. */
char	*util_path_join(const char *a, const char *b);

/* Lowercase or uppercase hex of len bytes into out (2 * len + 1 bytes). */
void	util_hex(const unsigned char *in, size_t len, char *out, int upper);
int	util_unhex(const char *in, unsigned char *out, size_t len);

/*
 * Percent-encode any byte outside the printable ASCII set, and '%', space
 * and '=' too, so a field fits on one line of a text record.
 */
char	*util_pct_encode(const char *in, size_t len);
/* Decode into a new buffer; returns NULL on a malformed escape. */
char	*util_pct_decode(const char *in, size_t *outlen);

/* Milliseconds from CLOCK_MONOTONIC. */
int64_t	util_mono_ms(void);
/* Wall-clock time as UTC ISO 8601 ("2026-12-04T16:05:00Z"). */
void	util_iso_time(char out[32], int64_t unix_seconds);
int64_t	util_wall_seconds(void);

/* Copy src into dst of size n, always NUL-terminating; returns -1 if cut. */
int	util_strlcpy(char *dst, const char *src, size_t n);

/* Allocation that aborts on failure, for sizes that are bounded by input
 * caps elsewhere. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t m);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
int	xasprintf(char **out, const char *fmt, ...) PRINTFLIKE(2, 3);

/*
 * Problem lists: a package or a configuration can have many problems, and
 * every one is reported, not only the first.
 */
struct problems {
	char	**lines;
	size_t	  n;
	size_t	  cap;
};
void	problems_add(struct problems *, const char *fmt, ...) PRINTFLIKE(2, 3);
void	problems_free(struct problems *);

/*
 * Logging: off until log_open() is called (the -v option).  Lines carry a
 * UTC timestamp and control characters are escaped.
 */
int	log_open(const char *path, char *err);
void	log_msg(const char *fmt, ...) PRINTFLIKE(1, 2);
void	log_close(void);
int	log_enabled(void);

#endif
