/*
 * libFuzzer target: pkg_open_buffer on any bytes, as a zip when they
 * start with 'P' and as XML otherwise.  tests/fuzz/qti.sh builds and runs
 * it with the corpus packages as seeds.
 */
#include <stddef.h>
#include <stdint.h>

#include "pkg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *name = size > 0 && data[0] == 'P' ? "fuzz.zip" :
	    "fuzz.xml";
	char err[ERR_LEN];

	pkg_free(pkg_open_buffer(data, size, name, NULL, err));
	return (0);
}
