/*
 * The command line shared by the marking commands (mark, report,
 * certificates, fees), and the reading of the items and results it names.
 * Each command takes the item options (all but fees), its own options,
 * --bundle, --centre-key and --help, then bundles and result files.
 */
#ifndef EXAMSTICK_MARKING_INPUT_H
#define EXAMSTICK_MARKING_INPUT_H

#include <getopt.h>
#include <stdio.h>

#include "marking.h"

/* A marking command: its name and the options only it takes. */
struct es_command {
	const char		*name;		/* prefix of its messages */
	int			 marks;		/* takes ES_ITEMS_OPTIONS */
	/* Needs --pass-mark with --items, or a key that records one. */
	int			 needs_pass_mark;
	const struct option	*options;	/* ends with a zero entry */
	const char		*optstring;	/* their short options */
	void			(*usage)(FILE *);
	/*
	 * Take one of options, c being its short option.  Returns 0, or -1
	 * after reporting an invalid value.
	 */
	int			(*option)(void *ctx, int c, const char *arg);
	void			*ctx;
};

/* The items, bundles and result files of a marking command line. */
struct es_input {
	struct es_items		 items;
	struct es_bundles	 bundles;
	/* The operands: bundles, result files and folders of them. */
	int			 argc;
	char			**argv;
};

/*
 * Parse argv into in and the command's ctx.  Returns 0 to go on, 1 after
 * printing --help on stdout, or -1 after reporting a usage error (with
 * the usage on stderr unless an option value was invalid).  Free in with
 * es_input_free whatever it returns.
 */
int	es_input_parse(const struct es_command *, int argc, char **argv,
	    struct es_input *in);

/*
 * Open the items, read the results and, with --key, leave out attempts at
 * another test than the key's.  Returns the key, or NULL after reporting
 * why the items or the bundles cannot be read, or, for a command that
 * needs a pass mark, that the key records none.
 */
struct mark_key *es_input_load(const struct es_command *,
	    struct es_input *in, struct es_results *r);

/* Free the bundle list; in->items stays valid. */
void	es_input_free(struct es_input *);

#endif
