/*
 * Fuzz target for the package reader: pkg_open_buffer on a zip or a loose
 * XML file, and for zips also seal_strip, which examstick pack runs on
 * packages from authoring tools, and the reader again on its output.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "harness.h"
#include "pkg.h"
#include "seal.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return (0);
}

static void
open_and_walk(const void *data, size_t size, const char *name)
{
	struct pkg_test *t;
	char err[ERR_LEN];
	size_t i;

	if ((t = pkg_open_buffer(data, size, name, NULL, err)) == NULL)
		return;
	pkg_deliverable(t);
	for (i = 0; i < t->nitems; i++)
		if (pkg_item(t, t->items[i]->identifier) == NULL)
			abort();
	pkg_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct seal_strip_args args = { "fuzz-test", 1, "60%" };
	struct seal_stripped out;
	char err[ERR_LEN];

	open_and_walk(data, size, "package");
	if (size < 2 || memcmp(data, "PK", 2) != 0)
		return (0);
	memset(&out, 0, sizeof out);
	if (seal_strip(data, size, &args, &out, err) == 0)
		open_and_walk(out.zip, out.zip_len, "stripped.zip");
	seal_stripped_free(&out);
	return (0);
}
