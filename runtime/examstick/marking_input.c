/*
 * The command line of the marking commands: one getopt_long loop for the
 * item, bundle and help options and each command's own, and the opening
 * of the items and results it names.
 */
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "marking_input.h"

static const struct option item_options[] = { ES_ITEMS_OPTIONS };
static const struct option shared_options[] = {
	ES_BUNDLE_OPTIONS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

#define NELEM(a)	(sizeof (a) / sizeof *(a))

/*
 * The command's option table: the item options, its own, then the shared
 * ones.  getopt_long lists ambiguous abbreviations in this order.
 */
static struct option *
options_join(const struct es_command *cmd, char **optstring)
{
	struct option *v;
	size_t n = 0, own = 0;

	while (cmd->options[own].name != NULL)
		own++;
	v = xcalloc(NELEM(item_options) + own + NELEM(shared_options),
	    sizeof *v);
	if (cmd->marks) {
		memcpy(v, item_options, sizeof item_options);
		n = NELEM(item_options);
	}
	memcpy(v + n, cmd->options, own * sizeof *v);
	memcpy(v + n + own, shared_options, sizeof shared_options);
	xasprintf(optstring, "%s%sb:k:h", cmd->marks ? ES_ITEMS_SHORT : "",
	    cmd->optstring);
	return (v);
}

/* Returns 0 to go on, 1 after --help, -1 after a usage error. */
static int
options_take(const struct es_command *cmd, int argc, char **argv,
    const struct option *opts, const char *optstring, struct es_input *in)
{
	int c, taken;

	optind = 1;
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		if (cmd->marks && (taken = es_items_option(&in->items, c,
		    optarg, cmd->name)) != 0) {
			if (taken == -1)
				return (-1);
			continue;
		}
		switch (c) {
		case 'b':
		case 'k':
			es_bundles_option(&in->bundles, c, optarg);
			break;
		case 'h':
			cmd->usage(stdout);
			return (1);
		case '?':
			cmd->usage(stderr);
			return (-1);
		default:
			if (cmd->option(cmd->ctx, c, optarg) == -1)
				return (-1);
			break;
		}
	}
	return (0);
}

int
es_input_parse(const struct es_command *cmd, int argc, char **argv,
    struct es_input *in)
{
	struct option *opts;
	char *optstring;
	int rc;

	memset(in, 0, sizeof *in);
	opts = options_join(cmd, &optstring);
	rc = options_take(cmd, argc, argv, opts, optstring, in);
	free(opts);
	free(optstring);
	if (rc != 0)
		return (rc);

	if ((cmd->marks && !es_items_ready(&in->items, cmd->name)) ||
	    (cmd->needs_pass_mark && in->items.key == NULL &&
	    !in->items.pass.set) ||
	    (optind >= argc && in->bundles.n == 0)) {
		cmd->usage(stderr);
		return (-1);
	}
	in->argc = argc - optind;
	in->argv = argv + optind;
	return (0);
}

struct mark_key *
es_input_load(const struct es_command *cmd, struct es_input *in,
    struct es_results *r)
{
	struct mark_key *key;

	if ((key = es_items_open(&in->items, cmd->name)) == NULL)
		return (NULL);
	if (cmd->needs_pass_mark && !in->items.pass.set) {
		es_warn("%s: %s records no pass mark", cmd->name,
		    in->items.key);
		mark_key_free(key);
		return (NULL);
	}
	if (es_results_load(&in->bundles, in->argc, in->argv, cmd->name,
	    r) == -1) {
		mark_key_free(key);
		return (NULL);
	}
	es_results_check_test(&in->items, key, r, cmd->name);
	return (key);
}

void
es_input_free(struct es_input *in)
{
	es_bundles_free(&in->bundles);
}
