/*
 * Shared by conf.c, which reads examiner.conf, and conf_value.c, which
 * checks each value.
 */
#ifndef EXAMSTICK_CONF_PRIVATE_H
#define EXAMSTICK_CONF_PRIVATE_H

#include "conf.h"

/*
 * Check value against k and store it in field.  On failure return -1,
 * with *why set when there is more to say than k->allowed.
 */
int	conf_store(const struct conf_key *k, const char *root,
	    const char *value, void *field, const char **why);

/*
 * Return 0 if s has only digits, letters (capitals only when upper_only)
 * and the characters in extra, else -1.
 */
int	conf_valid_chars(const char *s, const char *extra, int upper_only);

#endif
