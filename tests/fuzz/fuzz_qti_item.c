/*
 * Fuzz target for the QTI item parser: qti_item_parse on an XML buffer,
 * then a lookup of every interaction's response declaration.
 */
#include <stdlib.h>

#include <libxml/parser.h>

#include "harness.h"
#include "qti.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct qti_item *item;
	char err[ERR_LEN];
	size_t i;

	item = qti_item_parse((const char *)data, size, "item.xml", err);
	if (item == NULL)
		return (0);
	/* An interaction without responseIdentifier is a listed problem. */
	for (i = 0; i < item->ninteractions; i++)
		if (item->interactions[i].response_id != NULL)
			qti_item_response(item,
			    item->interactions[i].response_id);
	qti_item_free(item);
	return (0);
}
