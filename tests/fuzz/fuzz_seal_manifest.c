/*
 * Fuzz target for the text inside a sealed package: seal_manifest_parse
 * and seal_info_parse, and the zip checks against a manifest.
 * Input: manifest text, optionally a NUL and a zip.
 *
 * It also checks two properties.  A zip that seal_manifest_hash_zip
 * describes must pass seal_manifest_check_zip against that description.
 * A parsed manifest with that description, sealed with the zip by
 * seal_write_buffer, must open again with seal_open_buffer and give back
 * the same manifest text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "seal.h"
#include "seal_private.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_seckey();
	return (0);
}

static void
fail(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_seal_manifest: %s: %s\n", what, err);
	abort();
}

/* Take m's zip description from the manifest that hash_zip filled. */
static void
take_zip_fields(struct seal_manifest *m, struct seal_manifest *hashed)
{
	size_t i;

	for (i = 0; i < m->nentries; i++)
		free(m->entries[i].path);
	free(m->entries);
	m->entries = hashed->entries;
	m->nentries = hashed->nentries;
	m->zip_size = hashed->zip_size;
	memcpy(m->zip_hash, hashed->zip_hash, SEAL_HASH_BYTES);
	hashed->entries = NULL;
	hashed->nentries = 0;
}

/* Seal m with zip, open it again and compare the manifests. */
static void
round_trip(const struct seal_manifest *m, const void *zip, size_t len)
{
	struct seal_write_args wa = { m, zip, len, fuzz_seckey(),
	    FUZZ_RELEASE_CODE, &fuzz_kdf };
	struct seal_package *pkg;
	enum seal_status st;
	unsigned char *sealed;
	char err[ERR_LEN], *want, *got;
	size_t sealed_len;

	if (seal_write_buffer(&wa, &sealed, &sealed_len, err) == -1)
		return;
	st = seal_open_buffer(sealed, sealed_len, FUZZ_RELEASE_CODE,
	    fuzz_pubkey(), &pkg, err);
	free(sealed);
	if (st != SEAL_OK)
		fail("a package just sealed does not open", err);
	want = seal_manifest_format(m);
	got = seal_manifest_format(&pkg->manifest);
	if (strcmp(want, got) != 0)
		fail("the opened manifest differs", got);
	free(want);
	free(got);
	seal_package_free(pkg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seal_manifest m, hashed;
	const uint8_t *text, *zip;
	size_t text_len, zip_len;
	struct seal_info info;
	char err[ERR_LEN];
	int parsed, zip_ok;

	fuzz_split(data, size, &text, &text_len, &zip, &zip_len);
	if (seal_info_parse(&info, (const char *)text, text_len, err) == 0)
		seal_info_free(&info);
	parsed = seal_manifest_parse(&m, (const char *)text, text_len,
	    err) == 0;
	if (parsed && zip != NULL)
		seal_manifest_check_zip(&m, zip, zip_len, err);
	if (zip == NULL || zip_len == 0) {
		if (parsed)
			seal_manifest_free(&m);
		return (0);
	}

	memset(&hashed, 0, sizeof hashed);
	zip_ok = seal_manifest_hash_zip(&hashed, zip, zip_len, err) == 0;
	if (zip_ok && seal_manifest_check_zip(&hashed, zip, zip_len,
	    err) == -1)
		fail("a zip fails the check against its own hashes", err);
	if (zip_ok && parsed) {
		take_zip_fields(&m, &hashed);
		round_trip(&m, zip, zip_len);
	}
	seal_manifest_free(&hashed);
	if (parsed)
		seal_manifest_free(&m);
	return (0);
}
