/*
 * The answer journal: an append-only text file of hash-chained records,
 * one per line, each flushed to the device before the caller goes on.
 *
 * A record line is
 *	SEQ ELAPSED_MS TYPE [FIELD ...] HASH
 * with fields percent-encoded (util_pct_encode) and HASH the lowercase hex
 * BLAKE2b-256 of the previous record's hash followed by the line up to the
 * space before HASH.  The chain starts from the BLAKE2b-256 of
 * JOURNAL_MAGIC.  See docs/formats.md.
 */
#ifndef EXAMSTICK_JOURNAL_H
#define EXAMSTICK_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define JOURNAL_MAGIC		"examstick journal 1"
#define JOURNAL_HASH_BYTES	32
#define JOURNAL_MAX_BYTES	(64u * 1024 * 1024)

struct jrec {
	uint64_t	  seq;
	int64_t		  elapsed_ms;
	char		 *type;
	size_t		  nfields;
	char		**fields;	/* decoded */
	size_t		 *field_lens;	/* fields may hold NUL bytes */
};

struct jlog {
	struct jrec	*recs;
	size_t		 n;
	unsigned char	 head[JOURNAL_HASH_BYTES];	/* after recs[n - 1] */
	size_t		 valid_bytes;	/* length of the complete records */
	size_t		 file_bytes;
	int		 torn;		/* a torn last record was dropped */
};

/*
 * Read a journal.  A last record that is incomplete or fails its hash is
 * dropped (torn); any bad record before the last one is an error, because
 * that is damage or tampering, not a power cut.
 */
int	journal_read(const char *path, struct jlog *, char *err);
int	journal_read_buffer(const char *buf, size_t len, const char *name,
	    struct jlog *, char *err);
void	jlog_free(struct jlog *);

struct journal;

/* Create a new journal (it must not exist), fsync it and its folder. */
struct journal *journal_create(const char *path, char *err);
/* Open for appending after the records of log, cutting off a torn tail. */
struct journal *journal_open_append(const char *path, const struct jlog *,
	    char *err);
/*
 * Append one record and fsync it.  When this returns 0 the record is on
 * the device.  On failure nothing is acknowledged; the next append first
 * cuts the file back to the last complete record.
 */
int	journal_append(struct journal *, int64_t elapsed_ms, const char *type,
	    size_t nfields, const char *const *fields, char *err);
void	journal_head(const struct journal *,
	    unsigned char out[JOURNAL_HASH_BYTES], uint64_t *nrecords);
void	journal_close(struct journal *);

#endif
