/*
 * Time sig_verify alone: how many times a second one core checks the
 * minisign signature of one result file held in memory.  Each check is
 * a BLAKE2b-512 hash of the file and two Ed25519 verifications (the
 * file signature and the trusted comment's), so the figure bounds the
 * files a second that any verifier of these signatures reaches.  It
 * prints the rate per second of wall time and per second of CPU time, so
 * that a run on a busy machine still gives the cost of the checks.
 *
 *	sig-rate RESULT PUBKEY [COUNT]
 *
 * RESULT.minisig must be beside RESULT.  COUNT defaults to 5000.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sig.h"
#include "util.h"

static const char *progname = "sig-rate";

static int
load(const char *path, char **buf, size_t *len)
{
	char err[ERR_LEN];

	if (util_read_file(path, 16u * 1024 * 1024, buf, len, err) != 0) {
		fprintf(stderr, "%s: read %s\n", progname, err);
		return (-1);
	}
	return (0);
}

/* The CPU time this process has used, in seconds. */
static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/*
 * Check the signature count times.  Returns the seconds of wall time it
 * took and stores the seconds of CPU time in *cpu.
 */
static double
run(const struct sig_pubkey *pk, const char *data, size_t len,
    const char *sig, long count, double *cpu)
{
	char trusted[1024], err[ERR_LEN];
	int64_t start = util_mono_ms();
	double cpu_start = cpu_seconds();
	long i;

	for (i = 0; i < count; i++) {
		if (sig_verify(pk, data, len, sig, trusted, sizeof(trusted),
		    err) != SIG_OK) {
			fprintf(stderr, "%s: signature check failed: %s\n",
			    progname, err);
			exit(1);
		}
	}
	*cpu = cpu_seconds() - cpu_start;
	return ((double)(util_mono_ms() - start) / 1000.0);
}

int
main(int argc, char **argv)
{
	struct sig_pubkey pk;
	char err[ERR_LEN], *data, *sig, *sigpath, *end;
	size_t len, siglen;
	long count = 5000;
	double secs, cpu;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s RESULT PUBKEY [COUNT]\n", progname);
		return (2);
	}
	if (argc == 4) {
		errno = 0;
		count = strtol(argv[3], &end, 10);
		if (errno != 0 || *end != '\0' || count < 1) {
			fprintf(stderr, "%s: invalid COUNT: %s\n", progname,
			    argv[3]);
			return (2);
		}
	}
	if (sig_pubkey_load(&pk, argv[2], err) != 0) {
		fprintf(stderr, "%s: load key: %s\n", progname, err);
		return (2);
	}
	if (asprintf(&sigpath, "%s.minisig", argv[1]) == -1)
		return (2);
	if (load(argv[1], &data, &len) != 0 || load(sigpath, &sig,
	    &siglen) != 0)
		return (2);
	secs = run(&pk, data, len, sig, count, &cpu);
	printf("%ld signature checks in %.3f s (%.3f s of CPU time): %.0f a"
	    " second, %.0f a CPU second\n", count, secs, cpu,
	    secs > 0 ? count / secs : 0, cpu > 0 ? count / cpu : 0);
	free(data);
	free(sig);
	free(sigpath);
	return (0);
}
