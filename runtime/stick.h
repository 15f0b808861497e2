/*
 * The stick's examstick/ folder and the folders in it.  A stick is a
 * mounted data partition or any folder that stands in for one.
 */
#ifndef EXAMSTICK_STICK_H
#define EXAMSTICK_STICK_H

#include "util.h"

struct stick {
	char	*root;		/* what E:\ means */
	char	*dir;		/* ROOT/examstick */
	char	*conf;		/* ROOT/examstick/examiner.conf */
	char	*attempts;
	char	*results;
	char	*log;
	char	*keys;
	char	*packages;
};

/*
 * Check that root holds examstick/ with a readable examiner.conf, and
 * create attempts/, results/ and log/ when missing.
 */
int	stick_open(struct stick *, const char *root, char *err);
void	stick_free(struct stick *);

/*
 * The stick id of the stick at root: the key id of the public key that
 * examstick/examiner.conf names in stick_pubkey, as 16 hex digits.  The
 * same id goes into the stick's result files.
 */
int	stick_key_id(const char *root, char out[17], char *err);

/*
 * This machine's id: /etc/machine-id (or /var/lib/dbus/machine-id), else
 * "boot-" and the kernel's boot id, which changes at every boot, else
 * "unknown".
 */
void	stick_machine_id(char out[64]);

/*
 * The same from the files given: a machine-id file, a second one, and a
 * boot id file; any may be NULL.
 */
void	stick_machine_id_from(const char *machine_id, const char *dbus_id,
	    const char *boot_id, char out[64]);

#endif
