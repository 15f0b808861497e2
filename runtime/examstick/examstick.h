/*
 * The examstick tool: one subcommand per file, dispatched by main.c.
 */
#ifndef EXAMSTICK_EXAMSTICK_H
#define EXAMSTICK_EXAMSTICK_H

#include <stdio.h>

#include "util.h"

/* Exit codes, as EXIT STATUS in examstick(1) lists them. */
#define EXIT_OK		0
#define EXIT_REJECTED	1	/* a file is not deliverable */
#define EXIT_USAGE	2	/* bad usage, or a file cannot be read */

/* Print "examstick: message" on stderr. */
void	es_warn(const char *fmt, ...) PRINTFLIKE(1, 2);

struct sig_seckey;

/*
 * Load a minisign secret key for command cmd, asking for its passphrase
 * (from passfile, or at the terminal) only if the key is encrypted or
 * passfile is given.  Reports failures itself and returns NULL.
 */
struct sig_seckey *es_load_key(const char *keyfile, const char *passfile,
	    const char *cmd);

int	cmd_check(int argc, char **argv);
int	cmd_keygen(int argc, char **argv);
int	cmd_pack(int argc, char **argv);
int	cmd_issue(int argc, char **argv);
int	cmd_mark(int argc, char **argv);
int	cmd_report(int argc, char **argv);
int	cmd_certificates(int argc, char **argv);
int	cmd_fees(int argc, char **argv);
int	cmd_approve(int argc, char **argv);
int	cmd_open(int argc, char **argv);

#endif
