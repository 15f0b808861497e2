/*
 * examstick check: whether items and packages can be delivered in text
 * mode.  For each file it prints the test, then each item with its
 * interactions and verdict, every reason an item or the package is
 * rejected, and with -w the warnings.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "examstick.h"
#include "pkg.h"

static void
check_usage(FILE *f)
{
	fprintf(f, "usage: examstick check [-w] FILE...\n"
	    "\n"
	    "Check QTI 2.x items and IMS content packages (.zip) for delivery"
	    " in text mode.\n"
	    "FILE is a package, an item, or a loose assessmentTest or"
	    " imsmanifest.xml\n"
	    "with its files beside it.\n"
	    "\n"
	    "  -w, --warnings  also print what was ignored (unknown"
	    " attributes, ...)\n"
	    "  -h, --help      print this help\n"
	    "\n"
	    "Exit status: 0 every file is deliverable, 1 a file is not,"
	    " 2 usage or\nread error.\n");
}

/*
 * Print text from a package with control characters (C0, DEL and C1)
 * replaced, so hostile content cannot drive the terminal.
 */
static void
put_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			putchar('?');
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			putchar('?');
			p++;
		} else
			putchar(*p);
	}
}

static void
print_line(const char *indent, const char *text)
{
	fputs(indent, stdout);
	put_safe(text);
	putchar('\n');
}

static void
print_list(const char *indent, const struct problems *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		print_line(indent, list->lines[i]);
}

static void
print_item(const struct qti_item *item, int warnings)
{
	size_t i;

	fputs("  item ", stdout);
	put_safe(item->identifier);
	fputs(" \"", stdout);
	put_safe(item->title);
	fputs("\": ", stdout);
	for (i = 0; i < item->ninteraction_names; i++) {
		put_safe(item->interaction_names[i]);
		fputs(i + 1 < item->ninteraction_names ? ", " : ": ", stdout);
	}
	if (item->ninteraction_names == 0)
		fputs("no interactions: ", stdout);
	puts(item->problems.n == 0 ? "deliverable" : "not deliverable");
	print_list("    - ", &item->problems);
	if (warnings)
		print_list("    warning: ", &item->warnings);
}

static void
print_summary(const struct pkg_test *t)
{
	fputs("  test ", stdout);
	put_safe(t->identifier);
	fputs(" \"", stdout);
	put_safe(t->title);
	printf("\": %zu item%s in %zu section%s, ", t->nitems,
	    t->nitems == 1 ? "" : "s", t->nsections,
	    t->nsections == 1 ? "" : "s");
	if (t->time_limit_s > 0)
		printf("time limit %d:%02d:%02d\n", t->time_limit_s / 3600,
		    t->time_limit_s / 60 % 60, t->time_limit_s % 60);
	else
		puts("no time limit");
}

static void
print_test(const struct pkg_test *t, int warnings)
{
	size_t i;

	put_safe(t->path);
	printf(": %s\n", pkg_deliverable(t) ? "deliverable" :
	    "not deliverable");
	if (t->nsections > 0)
		print_summary(t);
	for (i = 0; i < t->nitems; i++)
		print_item(t->items[i], warnings);
	if (t->package_problems.n > 0)
		puts("  package:");
	print_list("    - ", &t->package_problems);
	if (warnings)
		print_list("  warning: ", &t->warnings);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "warnings", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pkg_test *t;
	char err[ERR_LEN];
	int ch, i, warnings = 0, rejected = 0, failed = 0;

	while ((ch = getopt_long(argc, argv, "wh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			warnings = 1;
			break;
		case 'h':
			check_usage(stdout);
			return (EXIT_OK);
		default:
			check_usage(stderr);
			return (EXIT_USAGE);
		}
	}
	if (optind == argc) {
		es_warn("check: no FILE given; run 'examstick check --help'");
		return (EXIT_USAGE);
	}
	for (i = optind; i < argc; i++) {
		if ((t = pkg_open(argv[i], NULL, err)) == NULL) {
			es_warn("check: %s", err);
			failed = 1;
			continue;
		}
		print_test(t, warnings);
		rejected |= !pkg_deliverable(t);
		pkg_free(t);
	}
	fflush(stdout);
	if (failed)
		return (EXIT_USAGE);
	return (rejected ? EXIT_REJECTED : EXIT_OK);
}
