/*
 * Reading passphrases from a file or from the terminal with echo off.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "passphrase.h"

/* The terminal state to put back if a signal arrives while echo is off. */
static struct termios	saved_tio;
static volatile sig_atomic_t saved_fd = -1;

static void
restore_on_signal(int sig)
{
	if (saved_fd != -1)
		tcsetattr(saved_fd, TCSAFLUSH, &saved_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Cut the line end and check the length and that it is not empty. */
static int
pass_finish(char *buf, size_t n, int cut, const char *from,
    const char *what, char *err)
{
	if (!cut && n > 0 && buf[n - 1] == '\r')
		n--;
	if (cut || n > PASSPHRASE_MAX)
		return (errf(err, "%s: the %s is longer than %d bytes",
		    from, what, PASSPHRASE_MAX));
	buf[n] = '\0';
	if (n == 0)
		return (errf(err, "%s: the %s is empty", from, what));
	return (0);
}

/* Read one line from fd into buf (PASSPHRASE_MAX + 2 bytes). */
static int
read_line(int fd, char *buf, size_t *len, int *cut)
{
	size_t n = 0;
	ssize_t r;
	char c;

	*cut = 0;
	for (;;) {
		r = read(fd, &c, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return (-1);
		if (r == 0 || c == '\n')
			break;
		if (n < PASSPHRASE_MAX + 1)
			buf[n++] = c;
		else
			*cut = 1;
	}
	*len = n;
	return (0);
}

static int
pass_from_file(const char *file, const char *what, char *buf, char *err)
{
	size_t n;
	int fd, cut, rc;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return (errf(err, "%s file %s: %s", what, file,
		    strerror(errno)));
	rc = read_line(fd, buf, &n, &cut);
	close(fd);
	if (rc == -1)
		return (errf(err, "%s file %s: %s", what, file,
		    strerror(errno)));
	return (pass_finish(buf, n, cut, file, what, err));
}

/* Prompt on the terminal fd and read one line with echo off. */
static int
pass_from_tty(int fd, const char *prompt, const char *what, char *buf,
    char *err)
{
	struct sigaction sa, old_int, old_term, old_quit;
	struct termios tio;
	size_t n;
	int cut, rc, saved;

	if (tcgetattr(fd, &saved_tio) == -1)
		return (errf(err, "/dev/tty: %s", strerror(errno)));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = restore_on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGQUIT, &sa, &old_quit);
	saved_fd = fd;
	tio = saved_tio;
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	tio.c_lflag |= ICANON;
	/*
	 * Echo goes off before the prompt is shown, so that a secret typed
	 * as soon as the prompt appears is neither echoed nor discarded by
	 * the flush of earlier type-ahead.
	 */
	rc = tcsetattr(fd, TCSAFLUSH, &tio);
	if (rc == 0) {
		(void)!write(fd, prompt, strlen(prompt));
		rc = read_line(fd, buf, &n, &cut);
	}
	saved = errno;
	tcsetattr(fd, TCSAFLUSH, &saved_tio);
	saved_fd = -1;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	(void)!write(fd, "\n", 1);
	if (rc == -1)
		return (errf(err, "/dev/tty: %s", strerror(saved)));
	return (pass_finish(buf, n, cut, "terminal", what, err));
}

static int
pass_twice(const char *prompt, int confirm, const char *what,
    const char *option, char *buf, char *err)
{
	char *again;
	int fd, rc;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) == -1)
		return (errf(err, "no terminal to type the %s on (%s):"
		    " give %s", what, strerror(errno), option));
	rc = pass_from_tty(fd, prompt, what, buf, err);
	if (rc == 0 && confirm) {
		if ((again = sodium_malloc(PASSPHRASE_MAX + 2)) == NULL) {
			close(fd);
			return (errf(err, "sodium_malloc: %s",
			    strerror(errno)));
		}
		rc = pass_from_tty(fd, "Type it again: ", what, again, err);
		if (rc == 0 && strcmp(buf, again) != 0)
			rc = errf(err, "the two %ss differ: try again",
			    what);
		sodium_free(again);
	}
	close(fd);
	return (rc);
}

char *
passphrase_read(const char *file, const char *prompt, int confirm,
    char *err)
{
	return (secret_read(file, prompt, confirm, "passphrase",
	    "--passphrase-file", err));
}

char *
secret_read(const char *file, const char *prompt, int confirm,
    const char *what, const char *option, char *err)
{
	char *buf;
	int rc;

	if (sodium_init() < 0) {
		errf(err, "libsodium failed to initialise");
		return (NULL);
	}
	if ((buf = sodium_malloc(PASSPHRASE_MAX + 2)) == NULL) {
		errf(err, "sodium_malloc: %s", strerror(errno));
		return (NULL);
	}
	if (file != NULL)
		rc = pass_from_file(file, what, buf, err);
	else
		rc = pass_twice(prompt, confirm, what, option, buf, err);
	if (rc == -1) {
		sodium_free(buf);
		return (NULL);
	}
	return (buf);
}

void
passphrase_free(char *p)
{
	if (p != NULL)
		sodium_free(p);
}
