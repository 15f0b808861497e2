/*
 * Release codes: random symbols of Crockford's base32 alphabet, which has
 * no I, L, O or U, so that a code read aloud or copied by hand survives.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "seal.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void
seal_code_generate(char *out, size_t symbols)
{
	size_t i, n = 0;

	if (sodium_init() < 0)
		abort();
	for (i = 0; i < symbols; i++) {
		if (i > 0 && i % 4 == 0)
			out[n++] = '-';
		out[n++] = crockford[randombytes_uniform(32)];
	}
	out[n] = '\0';
}

/* The canonical symbol a typed character stands for, or 0 if none. */
static char
code_symbol(int c)
{
	c = toupper((unsigned char)c);
	if (c == 'O')
		return ('0');
	if (c == 'I' || c == 'L')
		return ('1');
	if (c == '\0' || strchr(crockford, c) == NULL)
		return (0);
	return ((char)c);
}

int
seal_code_normalize(const char *typed, char *out, size_t symbols)
{
	size_t n = 0;
	char s;

	for (; *typed != '\0'; typed++) {
		if (*typed == '-' || *typed == ' ')
			continue;
		if ((s = code_symbol(*typed)) == 0 || n == symbols)
			return (-1);
		out[n++] = s;
	}
	out[n] = '\0';
	return (n == symbols ? 0 : -1);
}
