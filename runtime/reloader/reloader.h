/*
 * The Reloader's front end: one file per subcommand, each with an entry
 * point that takes the arguments after the command name and returns the
 * exit status.
 */
#ifndef EXAMSTICK_RELOADER_H
#define EXAMSTICK_RELOADER_H

#include "util.h"

/* Exit statuses shared by every subcommand. */
#define RELOADER_OK	0
#define RELOADER_FAIL	1	/* a file failed its check */
#define RELOADER_USAGE	2	/* bad arguments or an I/O error */

/* Print "reloader: MESSAGE" to stderr. */
void	reloader_warn(const char *fmt, ...) PRINTFLIKE(1, 2);

int	cmd_verify(int argc, char **argv);

#endif
