/*
 * faultshim.so: make writes to one kind of file fail on command, for the
 * journal fault tests.  Preload it into the program under test:
 *
 *	LD_PRELOAD=faultshim.so EXAMSTICK_FAULT_CTL=CTL \
 *	    EXAMSTICK_FAULT_MATCH=.journal examiner ...
 *
 * Before each write(2), pwrite(2), fsync(2) or fdatasync(2) on a file
 * whose path ends with EXAMSTICK_FAULT_MATCH, the shim reads CTL.  An
 * empty or missing CTL injects nothing.  Otherwise CTL holds an errno
 * name and a mode:
 *
 *	EIO | ENOSPC | EROFS	the errno to fail with
 *	write (default)		writes and flushes fail
 *	fsync			writes succeed, flushes fail, so the data
 *				may be in the file but was never confirmed
 *	short			each write writes half of what it was given;
 *				a write of one byte fails
 *
 * Each injected failure appends a line "CALL PATH ERRNO" to CTL.log.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum mode { M_NONE, M_WRITE, M_FSYNC, M_SHORT };

struct fault {
	enum mode	mode;
	int		err;
	char		path[512];
};

static const struct {
	const char	*name;
	int		 err;
} errnos[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EROFS", EROFS },
};

/* Read a small file with the raw system calls, never through the shim. */
static ssize_t
read_small(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return (n);
}

static int
path_matches(int fd, char *path, size_t len)
{
	const char *match = getenv("EXAMSTICK_FAULT_MATCH");
	char link[64];
	size_t lm, lp;
	ssize_t n;

	if (match == NULL || *match == '\0')
		return (0);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, len - 1)) <= 0)
		return (0);
	path[n] = '\0';
	lm = strlen(match);
	lp = (size_t)n;
	return (lp >= lm && strcmp(path + lp - lm, match) == 0);
}

/* The fault to inject for fd now, if any. */
static void
fault_for(int fd, struct fault *f)
{
	const char *ctl = getenv("EXAMSTICK_FAULT_CTL");
	char text[128];
	size_t i;

	f->mode = M_NONE;
	if (ctl == NULL || !path_matches(fd, f->path, sizeof(f->path)) ||
	    read_small(ctl, text, sizeof(text)) <= 0)
		return;
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		if (strncmp(text, errnos[i].name, strlen(errnos[i].name)) != 0)
			continue;
		f->err = errnos[i].err;
		f->mode = strstr(text, "fsync") ? M_FSYNC :
		    strstr(text, "short") ? M_SHORT : M_WRITE;
	}
}

static void
note(const char *call, const struct fault *f)
{
	const char *ctl = getenv("EXAMSTICK_FAULT_CTL");
	char path[600], line[800];
	int fd, len;

	snprintf(path, sizeof(path), "%s.log", ctl);
	len = snprintf(line, sizeof(line), "%s %s %s\n", call, f->path,
	    strerror(f->err));
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1)
		return;
	/* The log's name does not end with the match: no fault here. */
	if (len > 0 && (size_t)len < sizeof(line) &&
	    write(fd, line, (size_t)len) < 0)
		len = 0;
	close(fd);
}

/* -1 with errno set when the write must fail; else the length to write. */
static ssize_t
write_fault(const char *call, int fd, size_t len)
{
	struct fault f;

	fault_for(fd, &f);
	if (f.mode == M_NONE || f.mode == M_FSYNC)
		return ((ssize_t)len);
	if (f.mode == M_SHORT && len > 1)
		return ((ssize_t)(len / 2));
	note(call, &f);
	errno = f.err;
	return (-1);
}

static int
sync_fault(const char *call, int fd)
{
	struct fault f;

	fault_for(fd, &f);
	if (f.mode != M_WRITE && f.mode != M_FSYNC)
		return (0);
	note(call, &f);
	errno = f.err;
	return (-1);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t (*real)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
	ssize_t n = write_fault("write", fd, len);

	return (n < 0 ? -1 : real(fd, buf, (size_t)n));
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) =
	    dlsym(RTLD_NEXT, "pwrite");
	ssize_t n = write_fault("pwrite", fd, len);

	return (n < 0 ? -1 : real(fd, buf, (size_t)n, off));
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t (*real)(int, const void *, size_t, off_t) =
	    dlsym(RTLD_NEXT, "pwrite64");
	ssize_t n = write_fault("pwrite", fd, len);

	return (n < 0 ? -1 : real(fd, buf, (size_t)n, off));
}

int
fsync(int fd)
{
	int (*real)(int) = dlsym(RTLD_NEXT, "fsync");

	return (sync_fault("fsync", fd) == -1 ? -1 : real(fd));
}

int
fdatasync(int fd)
{
	int (*real)(int) = dlsym(RTLD_NEXT, "fdatasync");

	return (sync_fault("fdatasync", fd) == -1 ? -1 : real(fd));
}
