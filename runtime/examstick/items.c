/*
 * Opening the items that results are marked against, for the marking
 * commands: a QTI package with --items, or the signed marking key of a
 * sealed package with --key, which also gives the pass mark.
 */
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "marking.h"
#include "passphrase.h"
#include "sig.h"

int
es_items_option(struct es_items *it, int c, const char *arg,
    const char *cmd)
{
	char err[ERR_LEN];

	switch (c) {
	case 'i':
		it->items = arg;
		return (1);
	case 'p':
		if (mark_pass_parse(arg, &it->pass, err) == -1) {
			es_warn("%s: %s", cmd, err);
			return (-1);
		}
		it->pass_given = 1;
		return (1);
	case 'K':
		it->key = arg;
		return (1);
	case 'S':
		it->package = arg;
		return (1);
	case 'B':
		it->body_key = arg;
		return (1);
	case 'C':
		it->code_file = arg;
		return (1);
	}
	return (0);
}

int
es_items_ready(const struct es_items *it, const char *cmd)
{
	if (it->items != NULL && it->key != NULL) {
		es_warn("%s: give --items or --key, not both", cmd);
		return (0);
	}
	if (it->items == NULL && it->key == NULL) {
		es_warn("%s: give the items: --items PACKAGE, or --key"
		    " MARKING-KEY with --package and --body-key", cmd);
		return (0);
	}
	if (it->key != NULL && (it->package == NULL ||
	    it->body_key == NULL)) {
		es_warn("%s: --key needs --package, the sealed package it"
		    " was written with, and --body-key, the awarding body's"
		    " signing.pub", cmd);
		return (0);
	}
	if (it->key != NULL && it->pass_given) {
		es_warn("%s: the pass mark comes from the marking key; leave"
		    " out --pass-mark", cmd);
		return (0);
	}
	return (1);
}

/* Whether the item's maximum score is known before any response. */
static int
item_max_known(const struct rp_item *item)
{
	struct rp_result res;
	char err[ERR_LEN];
	int known;

	if (rp_item_kind(item) == RP_NONE ||
	    rp_item_run(item, NULL, 0, &res, err) == -1)
		return (1);
	known = res.has_max;
	rp_result_free(&res);
	return (known);
}

/* Report items that cannot be marked or have no maximum. */
static void
key_report(const struct mark_key *key, const char *cmd)
{
	const struct problems *w;
	size_t i, k;

	for (i = 0; i < key->nitems; i++) {
		if (key->items[i].item == NULL) {
			es_warn("%s: item %s cannot be marked: %s", cmd,
			    key->items[i].identifier, key->items[i].error);
			continue;
		}
		if (!item_max_known(key->items[i].item))
			es_warn("%s: item %s has no maximum score: declare a"
			    " MAXSCORE outcome with a default value, or SCORE's"
			    " normalMaximum", cmd, key->items[i].identifier);
		w = rp_item_warnings(key->items[i].item);
		for (k = 0; k < w->n; k++)
			es_warn("%s: item %s: warning: %s", cmd,
			    key->items[i].identifier, w->lines[k]);
	}
}

/* Read the marking key and its sealed package; reports failures. */
static struct mark_key *
sealed_open(struct es_items *it, const char *cmd)
{
	struct mark_sealed args = { it->key, it->package, NULL, NULL };
	struct mark_key *key;
	struct sig_pubkey body;
	char err[ERR_LEN], *code;

	if (sig_pubkey_load(&body, it->body_key, err) == -1) {
		es_warn("%s: %s", cmd, err);
		return (NULL);
	}
	if ((code = secret_read(it->code_file, "Release code of the"
	    " package: ", 0, "release code", "--release-code-file", err)) ==
	    NULL) {
		es_warn("%s: release code: %s", cmd, err);
		return (NULL);
	}
	args.code = code;
	args.body = &body;
	key = mark_key_open_sealed(&args, err);
	passphrase_free(code);
	if (key == NULL)
		es_warn("%s: %s", cmd, err);
	return (key);
}

struct mark_key *
es_items_open(struct es_items *it, const char *cmd)
{
	struct mark_key *key = NULL;
	char err[ERR_LEN];

	if (it->items != NULL && (key = mark_key_open(it->items,
	    err)) == NULL) {
		es_warn("%s: %s", cmd, err);
		return (NULL);
	}
	if (it->key != NULL && (key = sealed_open(it, cmd)) == NULL)
		return (NULL);
	if (key->pass_mark != NULL && mark_pass_parse(key->pass_mark,
	    &it->pass, err) == -1) {
		es_warn("%s: %s: %s", cmd, it->key, err);
		mark_key_free(key);
		return (NULL);
	}
	key_report(key, cmd);
	return (key);
}

void
es_results_check_test(const struct es_items *it, const struct mark_key *key,
    struct es_results *r, const char *cmd)
{
	char *id, *test;
	size_t i, n = 0;

	if (it->key == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].test, key->test) == 0) {
			r->v[n++] = r->v[i];
			continue;
		}
		id = es_clean(r->v[i].id);
		test = es_clean(r->v[i].test);
		es_warn("%s: %s is an attempt at test %s, not %s; left out",
		    cmd, id, test, key->test);
		free(id);
		free(test);
		mark_attempt_free(&r->v[i]);
		r->failed = 1;
	}
	r->n = n;
}
