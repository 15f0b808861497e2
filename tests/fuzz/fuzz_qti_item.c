/*
 * libFuzzer target: qti_item_parse on any bytes.  tests/fuzz/qti.sh builds
 * and runs it; to fuzz for longer, run the built binary by hand with
 * -max_total_time=SECONDS and the item files of the corpus as seeds.
 */
#include <stddef.h>
#include <stdint.h>

#include "qti.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ERR_LEN];

	qti_item_free(qti_item_parse((const char *)data, size, "fuzz.xml",
	    err));
	return (0);
}
