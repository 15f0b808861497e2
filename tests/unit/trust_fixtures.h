/*
 * Helpers for the journal, attempt, signature and result tests: a fresh
 * folder per test and whole-file reads and writes that fail the test on
 * error.  Include after cmocka.h.
 */
#ifndef EXAMSTICK_TRUST_FIXTURES_H
#define EXAMSTICK_TRUST_FIXTURES_H

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A new empty folder under $TESTDIR (or /tmp); free and remove it after. */
static inline char *
fixture_dir(void)
{
	const char *base = getenv("TESTDIR");
	char *path;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&path, "%s/trust.XXXXXX", base) < 0)
		abort();
	assert_non_null(mkdtemp(path));
	return (path);
}

static inline int
fixture_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

static inline void
fixture_rmtree(char *dir)
{
	nftw(dir, fixture_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/*
 * Set this process's soft limit on file size, so that writes past it
 * fail as on a full stick (with SIGXFSZ ignored, they fail with EFBIG).
 */
static inline void
fixture_fsize_limit(rlim_t bytes)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &rl), 0);
	rl.rlim_cur = bytes;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
}

static inline char *
fixture_path(const char *dir, const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		abort();
	return (path);
}

static inline void
fixture_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static inline char *
fixture_read(const char *path, size_t *len)
{
	struct stat st;
	char *buf;
	FILE *f;

	assert_int_equal(stat(path, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f),
	    (size_t)st.st_size);
	fclose(f);
	buf[st.st_size] = '\0';
	if (len != NULL)
		*len = (size_t)st.st_size;
	return (buf);
}

/*
 * Run argv[0] (found on PATH) with input on its stdin, collecting its
 * stdout and stderr in out (NUL-terminated, cut at outlen).  Returns the
 * exit status, or -1 if it died from a signal.  A program that cannot be
 * run fails the test.
 */
static inline int
fixture_run(const char *input, char *out, size_t outlen, char *const argv[])
{
	int in[2], res[2], status;
	size_t used = 0;
	ssize_t n;
	char sink[512];
	pid_t pid;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(res), 0);
	if ((pid = fork()) == 0) {
		dup2(in[0], 0);
		dup2(res[1], 1);
		dup2(res[1], 2);
		close(in[1]);
		close(res[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	assert_true(pid > 0);
	close(in[0]);
	close(res[1]);
	if (input != NULL)
		assert_int_equal(write(in[1], input, strlen(input)),
		    (ssize_t)strlen(input));
	close(in[1]);
	for (;;) {
		if (out != NULL && used + 1 < outlen)
			n = read(res[0], out + used, outlen - used - 1);
		else
			n = read(res[0], sink, sizeof sink);
		if (n <= 0)
			break;
		if (out != NULL && used + 1 < outlen)
			used += (size_t)n;
	}
	close(res[0]);
	if (out != NULL && outlen > 0)
		out[used] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		return (-1);
	if (WEXITSTATUS(status) == 127)
		fail_msg("cannot run %s: it must be installed", argv[0]);
	return (WEXITSTATUS(status));
}

/*
 * Run prog as fixture_run does, without input, with the arguments after
 * outlen: a NULL-terminated list of at most 14.
 */
static inline int
fixture_runl(const char *prog, char *out, size_t outlen, ...)
{
	char *argv[16];
	va_list ap;
	int n = 0;

	argv[n++] = (char *)prog;
	va_start(ap, outlen);
	while ((argv[n] = va_arg(ap, char *)) != NULL) {
		if (++n == 16)
			fail_msg("fixture_runl: more than 14 arguments");
	}
	va_end(ap);
	return (fixture_run(NULL, out, outlen, argv));
}

/* The stock minisign, a listed dependency: a missing one fails the test. */
#define MINISIGN	"/usr/bin/minisign"

static inline void
fixture_need_minisign(void)
{
	if (access(MINISIGN, X_OK) != 0)
		fail_msg(MINISIGN " is missing: install the minisign package"
		    " (scripts/install-deps)");
}

#endif
