/*
 * Choice order per attempt: a Fisher-Yates shuffle over the positions of
 * the choices that are not fixed, with randomness from libsodium.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <sodium.h>

#include "shuffle.h"

/* The sets of choices that are ordered separately. */
static int
shuffle_sets(const struct qti_interaction *in, const struct qti_choice **set,
    size_t *len)
{
	set[0] = in->choices;
	len[0] = in->nchoices;
	if (in->type != QTI_MATCH)
		return (1);
	set[1] = in->targets;
	len[1] = in->ntargets;
	return (2);
}

size_t
shuffle_count(const struct qti_interaction *in)
{
	if (in->type == QTI_TEXT_ENTRY || in->type == QTI_EXTENDED_TEXT)
		return (0);
	return (in->nchoices + (in->type == QTI_MATCH ? in->ntargets : 0));
}

static void
shuffle_set(const struct qti_choice *set, size_t len, char **out)
{
	size_t *free_pos, nfree = 0, i, k;
	uint32_t r;
	char *tmp;

	free_pos = xcalloc(len, sizeof *free_pos);
	for (i = 0; i < len; i++)
		if (!set[i].fixed)
			free_pos[nfree++] = i;
	for (k = nfree; k > 1; k--) {
		r = randombytes_uniform((uint32_t)k);
		tmp = out[free_pos[k - 1]];
		out[free_pos[k - 1]] = out[free_pos[r]];
		out[free_pos[r]] = tmp;
	}
	free(free_pos);
}

int
shuffle_order(const struct qti_interaction *in, char ***ids, size_t *n,
    char *err)
{
	const struct qti_choice *set[2];
	size_t len[2], i, at = 0;
	char **out;
	int nsets, s;

	if (sodium_init() < 0)
		return (errf(err, "libsodium failed to start"));
	*n = shuffle_count(in);
	out = xcalloc(*n, sizeof *out);
	nsets = shuffle_sets(in, set, len);
	for (s = 0; s < nsets && *n > 0; s++) {
		for (i = 0; i < len[s]; i++) {
			if (set[s][i].identifier == NULL) {
				shuffle_free(out, *n);
				return (errf(err, "a choice has no"
				    " identifier"));
			}
			out[at + i] = xstrdup(set[s][i].identifier);
		}
		if (in->shuffle)
			shuffle_set(set[s], len[s], out + at);
		at += len[s];
	}
	*ids = out;
	return (0);
}

void
shuffle_free(char **ids, size_t n)
{
	size_t i;

	if (ids == NULL)
		return;
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* One set of a stored order: each choice once, fixed ones in place. */
static int
check_set(const struct qti_interaction *in, const struct qti_choice *set,
    size_t len, const char *const *ids, char *err)
{
	xmlHashTablePtr where = xmlHashCreate((int)len);
	unsigned char *seen = xcalloc(len ? len : 1, 1);
	size_t i, j;
	int r = 0;

	for (i = 0; i < len; i++)
		if (set[i].identifier != NULL)
			xmlHashAddEntry(where, (xmlChar *)set[i].identifier,
			    (void *)(uintptr_t)(i + 1));
	for (j = 0; j < len && r == 0; j++) {
		i = (uintptr_t)xmlHashLookup(where, (const xmlChar *)ids[j]);
		if (i-- == 0)
			r = errf(err, "choice '%s' is not in the item", ids[j]);
		else if (seen[i]++)
			r = errf(err, "choice '%s' appears twice", ids[j]);
		else if (i != j && set[i].fixed)
			r = errf(err, "fixed choice '%s' moved from position"
			    " %zu to %zu", ids[j], i + 1, j + 1);
		else if (i != j && !in->shuffle)
			r = errf(err, "choice '%s' moved, but the interaction"
			    " does not shuffle", ids[j]);
	}
	xmlHashFree(where, NULL);
	free(seen);
	return (r);
}

int
shuffle_check(const struct qti_interaction *in, const char *const *ids,
    size_t n, char *err)
{
	const struct qti_choice *set[2];
	size_t len[2], at = 0;
	int nsets, s;

	if (n != shuffle_count(in))
		return (errf(err, "the order has %zu choices; the item has %zu",
		    n, shuffle_count(in)));
	nsets = shuffle_sets(in, set, len);
	for (s = 0; s < nsets && n > 0; s++) {
		if (check_set(in, set[s], len[s], ids + at, err) == -1)
			return (-1);
		at += len[s];
	}
	return (0);
}

int
shuffle_item(const struct qti_item *item, struct attempt_order **orders,
    size_t *n, char *err)
{
	const struct qti_interaction *in;
	struct attempt_order *o;
	size_t i;

	*orders = xcalloc(item->ninteractions, sizeof **orders);
	*n = 0;
	for (i = 0; i < item->ninteractions; i++) {
		in = &item->interactions[i];
		if (!in->shuffle || shuffle_count(in) == 0)
			continue;
		o = &(*orders)[*n];
		if (shuffle_order(in, &o->choices, &o->nchoices, err) == -1) {
			shuffle_orders_free(*orders, *n);
			*orders = NULL;
			return (-1);
		}
		o->item = xstrdup(item->identifier);
		o->response = xstrdup(in->response_id != NULL ?
		    in->response_id : "");
		(*n)++;
	}
	return (0);
}

void
shuffle_orders_free(struct attempt_order *orders, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(orders[i].item);
		free(orders[i].response);
		shuffle_free(orders[i].choices, orders[i].nchoices);
	}
	free(orders);
}
