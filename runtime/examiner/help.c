/*
 * The keys of every screen, in one table shown by F1 on the screens and
 * printed by --help.
 */
#include <string.h>

#include "examiner.h"

const struct keyhelp key_help[] = {
	{ "stick", "Enter", "go on to the candidate login; in the list of "
	    "sticks, use the stick chosen" },
	{ "stick", "Up, Down", "choose a stick when several are plugged in" },
	{ "stick", "R", "read the stick again, or look for sticks again" },
	{ "stick", "Ctrl-X, F12", "invigilator menu (PIN): leave the "
	    "Examiner" },

	{ "login", "Tab, Up, Down", "move between the two fields" },
	{ "login", "Enter", "next field; on the date of birth, log in" },
	{ "login", "Left, Right", "move in a field" },
	{ "login", "Home, End", "go to the start or the end of a field" },
	{ "login", "Backspace, Delete", "delete a character" },
	{ "login", "Ctrl-X, F12", "invigilator menu (PIN): leave the "
	    "Examiner" },

	{ "confirm", "Up, Down", "choose a test when there are several" },
	{ "confirm", "Enter, Y", "this is me and my test: go on" },
	{ "confirm", "Esc, N", "back to the login" },

	{ "instructions", "Enter", "start the test (the clock starts)" },
	{ "instructions", "Esc", "back to the login" },

	{ "item", "F8, Right", "next item (Right only outside text fields)" },
	{ "item", "F7, Left", "previous item (Left only outside text "
	    "fields)" },
	{ "item", "Up, Down", "move between choices, fields and gaps" },
	{ "item", "Tab, Shift-Tab", "next or previous part of the item" },
	{ "item", "A, B, C, ...", "choose the option with that letter" },
	{ "item", "Space, Enter", "choose or clear the option in focus; "
	    "open the list of a gap, match, pair or inline choice; pick up "
	    "or put down an entry to order" },
	{ "item", "Delete", "clear a gap, match, pair or inline choice" },
	{ "item", "PageUp, PageDown", "scroll the item (in a long answer "
	    "box: move by a page)" },
	{ "item", "F2", "flag or unflag the item for review" },
	{ "item", "F3", "review: all items, answered, unanswered, flagged" },
	{ "item", "F10", "end the test (asks to confirm)" },
	{ "item", "F4", "take a rest break, when the candidate has rest "
	    "break time (asks to confirm)" },
	{ "item", "F1", "this help" },
	{ "item", "Ctrl-X, F12", "invigilator (PIN)" },

	{ "list", "Up, Down", "move in a list" },
	{ "list", "PageUp, PageDown", "move in a list by a page" },
	{ "list", "Home, End", "go to the first or the last entry" },
	{ "list", "A, B, C, ...", "choose or tick the entry with that "
	    "letter" },
	{ "list", "Space", "tick or untick (lists that take several)" },
	{ "list", "Enter", "done" },
	{ "list", "Delete", "clear" },
	{ "list", "Esc", "cancel" },

	{ "review", "Up, Down", "move in the list" },
	{ "review", "PageUp, PageDown", "move in the list by a page" },
	{ "review", "Home, End", "go to the first or the last item" },
	{ "review", "Enter", "go to the item" },
	{ "review", "F3, Esc", "back to the item you were on" },
	{ "review", "F10", "end the test (asks to confirm)" },
	{ "review", "Ctrl-X, F12", "invigilator (PIN)" },

	{ "end", "Y", "end the test now" },
	{ "end", "N, Esc", "go back to the test" },

	{ "finished", "Enter", "back to the login for the next candidate" },

	{ "break", "Y, N", "start the rest break, or go back to the test" },
	{ "break", "Enter", "end the rest break and go back to the test" },
	{ "break", "Ctrl-X, F12", "invigilator (PIN)" },

	{ "paused", "Ctrl-X, F12", "invigilator (PIN): resume the test" },

	{ "invigilator", "P", "pause the test: the clock stops and the items "
	    "are hidden" },
	{ "invigilator", "R", "resume a paused test" },
	{ "invigilator", "T", "add time: type the minutes, 1 to 240" },
	{ "invigilator", "E", "end the test and write the result (asks to "
	    "confirm)" },
	{ "invigilator", "L", "leave the Examiner; a test in progress can be "
	    "resumed later" },
	{ "invigilator", "Up, Down, Enter", "choose an action" },
	{ "invigilator", "Esc", "cancel" },

	{ "lost", "any key", "try the writes again (after a failed write)" },
	{ "lost", "Ctrl-X, F12", "leave (PIN); changes not yet written are "
	    "lost" },
	{ NULL, NULL, NULL }
};

static const char *const screens[][2] = {
	{ "stick", "Stick status" },
	{ "login", "Candidate login" },
	{ "confirm", "Confirm name and test" },
	{ "instructions", "Instructions" },
	{ "item", "Items" },
	{ "list", "Lists (gaps, matches, pairs, inline choices)" },
	{ "review", "Review" },
	{ "end", "End test" },
	{ "finished", "Finished" },
	{ "break", "Rest break" },
	{ "paused", "Test paused" },
	{ "invigilator", "Invigilator menu (Ctrl-X or F12, then the PIN)" },
	{ "lost", "Stick taken out, or answers not saved" },
};

/*
 * One key line of --help: the key in a 26-column field, then what it
 * does, wrapped at word boundaries to stay within 80 columns.
 */
static void
print_key(FILE *fp, const struct keyhelp *k)
{
	const int indent = 4 + 26 + 1, width = 80 - indent;
	const char *p = k->what, *end, *cut;

	fprintf(fp, "    %-26s ", k->key);
	for (;;) {
		end = p + strlen(p);
		if (end - p <= width) {
			fprintf(fp, "%s\n", p);
			return;
		}
		/* The last space that keeps the line within width. */
		for (cut = p + width; cut > p && *cut != ' '; cut--)
			;
		if (cut == p)
			cut = strchr(p + width, ' ');
		if (cut == NULL) {
			fprintf(fp, "%s\n", p);
			return;
		}
		fprintf(fp, "%.*s\n%*s", (int)(cut - p), p, indent, "");
		p = cut + 1;
	}
}

void
help_print(FILE *fp)
{
	size_t s;
	int i;

	fprintf(fp, "usage: examiner [--stick DIR | --label LABEL] [-v]\n"
	    "       examiner --approval-task [--key-wait SECONDS]\n"
	    "                [--stick DIR | --label LABEL] [-v]\n\n"
	    "Deliver the tests on an examstick stick to candidates.\n\n"
	    "  --stick DIR  the folder that holds examstick/ (the stick's "
	    "root);\n"
	    "               without it, a USB partition labelled "
	    "EXAMSTICK, found\n"
	    "               with libudev (the invigilator chooses when "
	    "there are several)\n"
	    "  --label LABEL\n"
	    "               the volume label looked for without --stick "
	    "(EXAMSTICK by\n"
	    "               default): 1 to 11 capital letters, digits, "
	    "'-' or '_'\n"
	    "  -v           log to examstick/log/examiner.log on the stick\n"
	    "  --approval-task\n"
	    "               check this computer (screen, keys, stick, clock, "
	    "stick key)\n"
	    "               and write a signed approval result to "
	    "examstick/approval/\n"
	    "  --key-wait SECONDS\n"
	    "               the countdown for each key of the approval task "
	    "(1 to 120,\n"
	    "               15 by default)\n"
	    "  --help       show this help\n\n"
	    "Keys:\n");
	for (s = 0; s < sizeof(screens) / sizeof(screens[0]); s++) {
		fprintf(fp, "\n  %s\n", screens[s][1]);
		for (i = 0; key_help[i].screen != NULL; i++)
			if (strcmp(key_help[i].screen, screens[s][0]) == 0)
				print_key(fp, &key_help[i]);
	}
	fprintf(fp, "\nCtrl-C, Ctrl-Z and Ctrl-\\ are ignored.\n"
	    "\nExit status: 0 left with the invigilator PIN, or every "
	    "approval check passed;\n1 an approval check failed; 2 usage or "
	    "terminal error; 3 ended by SIGTERM\nor SIGHUP.\n");
}
