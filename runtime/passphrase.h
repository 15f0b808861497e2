/*
 * Passphrases and PINs that unlock secret keys.  They come from a file
 * named on the command line or are typed at the terminal with echo off.
 * They never come from the command line itself, because other users can
 * read it in /proc.  They live in sodium_malloc memory, which is locked
 * and wiped.
 */
#ifndef EXAMSTICK_PASSPHRASE_H
#define EXAMSTICK_PASSPHRASE_H

#include "util.h"

#define PASSPHRASE_MAX	1024	/* bytes, without the line end */

/*
 * Read a passphrase.  With file set, its first line (without "\n" or
 * "\r\n") is the passphrase.  Otherwise prompt on /dev/tty and read a line
 * with echo off; with confirm set, ask a second time and reject the pair
 * when they differ.  An empty passphrase is rejected.  Returns a
 * NUL-terminated string to free with passphrase_free, or NULL with err.
 */
char	*passphrase_read(const char *file, const char *prompt, int confirm,
	    char *err);

/*
 * As passphrase_read, for another secret: what names it in messages
 * ("PIN", "release code"), and option is the command-line option that
 * names its file, suggested when there is no terminal.
 */
char	*secret_read(const char *file, const char *prompt, int confirm,
	    const char *what, const char *option, char *err);
void	 passphrase_free(char *);

#endif
