/*
 * The approval task (examiner --approval-task): the checks of one exam
 * computer, run by ui_approval.c and written as a signed approval result
 * on the stick; and the check that the stick's centre is approved before
 * a test that is not practice starts.
 */
#ifndef EXAMSTICK_APPROVAL_TASK_H
#define EXAMSTICK_APPROVAL_TASK_H

#include "approval.h"
#include "examiner.h"

#define APPR_KEY_WAIT_S		15	/* default wait for each key */
#define APPR_KEY_WAIT_MAX	120
#define APPR_SCRATCH_BYTES	(64 * 1024)
#define APPR_CLOCK_SLEEP_MS	100
#define APPR_PIN_TRIES		3

/* The state of one run of the task. */
struct appr {
	struct approval	 a;
	int		 ran[APPROVAL_NCHECKS];
	struct sig_seckey *key;		/* the unlocked stick key, or NULL */
	char		*written;	/* the approval result, once written */
	char		 write_err[ERR_LEN];
};

/* Record the outcome of a check; the detail is formatted. */
void	appr_set(struct appr *, enum approval_check_id, int pass,
	    const char *fmt, ...) PRINTFLIKE(4, 5);
void	appr_free(struct appr *);

void	appr_check_screen(struct appr *);
void	appr_check_stick(struct ex *, struct appr *);
void	appr_check_clock(struct appr *);
/* Load the stick key with pin (NULL: unlocked key); sets the check. */
int	appr_unlock(struct ex *, struct appr *, const char *pin, char *err);
void	appr_check_signature(struct ex *, struct appr *);
/* Sign and write the approval result; sets written or write_err. */
int	appr_write(struct ex *, struct appr *);

/*
 * Check that the stick's centre has a valid approval record: the file
 * that centre_approval names, signed by keys/awarding-body.pub, for
 * centre_id.  Returns 1 when it has, else 0 with why.
 */
int	appr_centre_approved(struct ex *, char *why);

#endif
