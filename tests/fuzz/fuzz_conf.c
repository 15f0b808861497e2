/*
 * Fuzz target for examiner.conf: conf_load on an in-memory file, and a
 * lookup of every test it defines.
 */
#include <stdlib.h>

#include "conf.h"
#include "harness.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problems problems = { NULL, 0, 0 };
	char err[ERR_LEN];
	struct conf c;
	size_t i;

	if (conf_load(&c, fuzz_memfile(0, data, size), "/stick", &problems,
	    err) == 0) {
		for (i = 0; i < c.ntests; i++)
			if (conf_test(&c, c.tests[i].id) == NULL)
				abort();
		conf_free(&c);
	}
	problems_free(&problems);
	return (0);
}
