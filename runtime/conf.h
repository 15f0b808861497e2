/*
 * The Examiner configuration, examstick/examiner.conf on the stick, read
 * with inih.  Every key, its default and its allowed values are listed in
 * one table in conf.c and documented in config/examiner.conf.
 */
#ifndef EXAMSTICK_CONF_H
#define EXAMSTICK_CONF_H

#include <stddef.h>

#include "util.h"

#define CONF_MAX_TESTS	64

enum colour_scheme {
	SCHEME_DEFAULT,
	SCHEME_HIGH_CONTRAST,
	SCHEME_MONOCHROME
};

/* One [test ID] section. */
struct conf_test {
	char	*id;
	char	*title;		/* NULL: take it from the package */
	char	*package;	/* absolute path, E:\ resolved */
	int	 duration_s;	/* 0: take timeLimits from the package */
	int	 practice;
};

struct conf {
	char		*path;
	char		*centre_id;
	char		*stick_label;
	char		*roster;		/* absolute path */
	char		*stick_key;		/* absolute path */
	char		*stick_pubkey;		/* absolute path */
	char		*centre_approval;	/* absolute path, or NULL */
	char		*invigilator_pin_hash;	/* Argon2id, conf_pin.h */
	enum colour_scheme scheme;
	int		 clock_save_s;		/* time record interval */
	int		 warn_minutes_1;	/* first time warning */
	int		 warn_minutes_2;	/* second time warning */
	int		 log;			/* log even without -v */
	int		 rest_break_minutes;	/* for tokens that allow them */
	int		 seal_responses;	/* to the results key */

	struct conf_test tests[CONF_MAX_TESTS];
	size_t		 ntests;
};

/*
 * Load examiner.conf.  stick_root is the folder that `E:\` stands for.
 * On error err names the file, line, key and the allowed values; every
 * problem found is also listed in problems when it is not NULL.
 */
int	conf_load(struct conf *, const char *path, const char *stick_root,
	    struct problems *, char *err);
/* Load examiner.conf from text (len bytes) as if read from path. */
int	conf_load_text(struct conf *, const char *path, const char *text,
	    size_t len, const char *stick_root, struct problems *, char *err);
void	conf_free(struct conf *);
const struct conf_test *conf_test(const struct conf *, const char *id);

/*
 * Turn a configured path into a host path: `E:\a\b` and `E:/a/b` become
 * STICK_ROOT/a/b; a relative path is taken from the examstick/ folder.
 * A path with a `..` component is rejected.
 */
char	*conf_stick_path(const char *stick_root, const char *value, char *err);

const char *conf_scheme_name(enum colour_scheme);
int	conf_scheme_parse(const char *, enum colour_scheme *);

/*
 * Check that s is valid UTF-8 of at most max bytes with no control
 * characters; returns 0 if it is, else -1.
 */
int	conf_text_valid(const char *s, size_t max);

/* The section kinds and value types of the key table. */
enum conf_section_kind {
	CONF_SECTION_EXAMINER,
	CONF_SECTION_TEST
};

enum conf_key_type {
	CONF_ID,		/* letters, digits and '-' */
	CONF_LABEL,		/* a FAT volume label */
	CONF_PIN_HASH,		/* crypto_pwhash_str output, conf_pin.h */
	CONF_PATH,		/* a path on the stick */
	CONF_INT,
	CONF_YESNO,
	CONF_SCHEME,
	CONF_DURATION,		/* 90, 45m, 1h30m */
	CONF_TEXT		/* printable UTF-8 */
};

/*
 * One configuration key.  min and max bound the number for CONF_INT and
 * the length for CONF_ID, CONF_LABEL and CONF_TEXT.  offset is
 * where the value goes in struct conf or struct conf_test.
 */
struct conf_key {
	enum conf_section_kind	 section;
	const char		*name;
	enum conf_key_type	 type;
	const char		*def;		/* NULL: no default */
	const char		*allowed;	/* for messages and docs */
	int			 required;
	int			 min;
	int			 max;
	size_t			 offset;
};

/* Every key of examiner.conf; conf_nkeys entries. */
extern const struct conf_key conf_keys[];
extern const size_t conf_nkeys;

#endif
