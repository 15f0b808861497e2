/*
 * The terminal: curses set-up and tear-down, the three colour schemes,
 * and drawing of UTF-8 and wide strings clipped to a width in columns.
 */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "examiner.h"

static attr_t	roles[R_NROLES];
static int	term_active;
static int	default_colours;	/* -1 means the terminal's own */

/* Pick a UTF-8 character type when the environment gives none. */
static void
term_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

int
term_init(char *err)
{
	/*
	 * Keys come from standard input and the screen goes to standard
	 * output.  Without a terminal there, curses would read end of file
	 * for ever and write escape codes into a file or pipe.
	 */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return (errf(err, "standard %s is not a terminal: run the "
		    "Examiner in a text console or a terminal window",
		    !isatty(STDIN_FILENO) ? "input" : "output"));
	term_locale();
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if (newterm(NULL, stdout, stdin) == NULL)
		return (errf(err, "cannot start the terminal: TERM=%s: "
		    "set TERM to a terminal type this system knows",
		    getenv("TERM") ? getenv("TERM") : "(unset)"));
	term_active = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		default_colours = use_default_colors() == OK;
	}
	term_scheme(SCHEME_DEFAULT);
	return (0);
}

void
term_end(void)
{
	if (!term_active)
		return;
	term_active = 0;
	curs_set(1);
	endwin();
}

static void
pair(short n, short fg, short bg)
{
	init_pair(n, fg, bg);
}

static void
scheme_colour(int high)
{
	short fg = default_colours ? -1 : COLOR_WHITE;
	short bg = default_colours ? -1 : COLOR_BLACK;

	if (high) {
		fg = COLOR_WHITE;
		bg = COLOR_BLACK;
	}
	pair(1, fg, bg);
	pair(2, COLOR_BLACK, high ? COLOR_WHITE : COLOR_CYAN);
	pair(3, COLOR_BLACK, COLOR_YELLOW);
	pair(4, high ? COLOR_YELLOW : COLOR_GREEN, bg);
	pair(5, COLOR_BLACK, COLOR_YELLOW);
	pair(6, COLOR_WHITE, COLOR_RED);
	pair(7, high ? COLOR_WHITE : COLOR_BLUE, bg);
	pair(8, fg, bg);

	roles[R_NORMAL] = COLOR_PAIR(1) | (high ? A_BOLD : 0);
	roles[R_TITLE] = COLOR_PAIR(2) | (high ? A_BOLD : 0);
	roles[R_FOCUS] = COLOR_PAIR(3) | A_BOLD;
	roles[R_FIELD] = COLOR_PAIR(1) | A_UNDERLINE | (high ? A_BOLD : 0);
	roles[R_CHOSEN] = COLOR_PAIR(4) | A_BOLD;
	roles[R_WARN] = COLOR_PAIR(5) | A_BOLD;
	roles[R_ALARM] = COLOR_PAIR(6) | A_BOLD;
	roles[R_DIM] = COLOR_PAIR(7) | (high ? A_BOLD : 0);
	roles[R_KEY] = COLOR_PAIR(2) | A_BOLD;
}

static void
scheme_mono(void)
{
	roles[R_NORMAL] = A_NORMAL;
	roles[R_TITLE] = A_REVERSE;
	roles[R_FOCUS] = A_REVERSE | A_BOLD;
	roles[R_FIELD] = A_UNDERLINE;
	roles[R_CHOSEN] = A_BOLD;
	roles[R_WARN] = A_BOLD | A_UNDERLINE;
	roles[R_ALARM] = A_BOLD | A_REVERSE | A_BLINK;
	roles[R_DIM] = A_NORMAL;
	roles[R_KEY] = A_REVERSE | A_BOLD;
}

/* Set the attributes of every role; no colours means monochrome. */
void
term_scheme(enum colour_scheme s)
{
	if (!has_colors() || s == SCHEME_MONOCHROME)
		scheme_mono();
	else
		scheme_colour(s == SCHEME_HIGH_CONTRAST);
	bkgdset(' ' | roles[R_NORMAL]);
}

attr_t
term_attr(enum role r)
{
	return (roles[r]);
}

int
term_too_small(void)
{
	return (COLS < EX_MIN_COLS || LINES < EX_MIN_LINES);
}

void
term_draw_small(void)
{
	char line[80];
	int y = LINES / 2 - 1;

	erase();
	if (y < 0)
		y = 0;
	snprintf(line, sizeof(line), "%dx%d", COLS, LINES);
	term_center(y, "This window is too small.", R_ALARM);
	term_center(y + 1, "Make it at least 80 columns by 24 lines.",
	    R_NORMAL);
	term_center(y + 2, line, R_DIM);
	refresh();
}

/* Convert UTF-8 to a new wide string; bad bytes become U+FFFD. */
wchar_t *
term_wide(const char *s, size_t *lenp)
{
	size_t n = strlen(s), len = 0;
	wchar_t *w = xcalloc(n + 1, sizeof(*w));
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	while (*s != '\0') {
		wchar_t c;
		size_t r = mbrtowc(&c, s, n, &st);

		if (r == (size_t)-1 || r == (size_t)-2) {
			c = 0xfffd;
			r = 1;
			memset(&st, 0, sizeof(st));
		}
		w[len++] = c;
		s += r;
		n -= r;
	}
	w[len] = L'\0';
	if (lenp != NULL)
		*lenp = len;
	return (w);
}

char *
term_utf8(const wchar_t *w, size_t len)
{
	char *s = xmalloc(len * MB_LEN_MAX + 1), *p = s;
	mbstate_t st;
	size_t i;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < len; i++) {
		size_t r = wcrtomb(p, w[i], &st);

		if (r != (size_t)-1)
			p += r;
	}
	*p = '\0';
	return (s);
}

static int
cwidth(wchar_t c)
{
	int w = wcwidth(c);

	return (w < 0 ? 1 : w);
}

int
term_width(const wchar_t *w, size_t len)
{
	int total = 0;
	size_t i;

	for (i = 0; i < len; i++)
		total += cwidth(w[i]);
	return (total);
}

/*
 * Draw up to maxw columns of w at y, x.  Characters that the terminal
 * cannot show (controls) are drawn as '?'.  Returns the columns used.
 */
int
term_putw(int y, int x, int maxw, const wchar_t *w, size_t len, attr_t a)
{
	wchar_t buf[256];
	int used = 0;
	size_t i, n = 0;

	if (y < 0 || y >= LINES || x >= COLS || maxw <= 0)
		return (0);
	if (x + maxw > COLS)
		maxw = COLS - x;
	attrset(a);
	move(y, x);
	for (i = 0; i < len; i++) {
		wchar_t c = w[i];
		int cw = wcwidth(c);

		if (cw < 0) {
			c = L'?';
			cw = 1;
		}
		if (used + cw > maxw)
			break;
		buf[n++] = c;
		used += cw;
		if (n == sizeof(buf) / sizeof(buf[0]) - 1) {
			addnwstr(buf, (int)n);
			n = 0;
		}
	}
	if (n > 0)
		addnwstr(buf, (int)n);
	attrset(roles[R_NORMAL]);
	return (used);
}

/* The display width of a UTF-8 string, in columns. */
int
term_text_width(const char *s)
{
	size_t len;
	wchar_t *w = term_wide(s, &len);
	int width = term_width(w, len);

	free(w);
	return (width);
}

int
term_put(int y, int x, int maxw, const char *s, enum role r)
{
	size_t len;
	wchar_t *w = term_wide(s, &len);
	int used = term_putw(y, x, maxw, w, len, roles[r]);

	free(w);
	return (used);
}

int
term_center(int y, const char *s, enum role r)
{
	size_t len;
	wchar_t *w = term_wide(s, &len);
	int width = term_width(w, len), x = (COLS - width) / 2;

	if (x < 0)
		x = 0;
	term_putw(y, x, COLS - x, w, len, roles[r]);
	free(w);
	return (x);
}

void
term_fill(int y, enum role r)
{
	attrset(roles[r]);
	mvhline(y, 0, ' ', COLS);
	attrset(roles[R_NORMAL]);
}

/* The top bar: left text, and right text in its own role (the clock). */
void
term_header(const char *left, const char *right, enum role rrole)
{
	size_t len;
	wchar_t *w;
	int rw = 0;

	term_fill(0, R_TITLE);
	if (right != NULL) {
		w = term_wide(right, &len);
		rw = term_width(w, len);
		term_putw(0, COLS - rw - 1, rw, w, len, roles[rrole]);
		free(w);
	}
	term_put(0, 1, COLS - rw - 3, left, R_TITLE);
}

/*
 * Lay out the bottom bar, and draw it when draw is set.  keys contains
 * "KEY=what" pairs separated by two spaces, and "KEY" is drawn in the
 * key role.  A pair that does not fit on a line starts the next line,
 * so no key is left out, and the bar grows upwards from the last line.
 * Returns the number of lines the bar takes.
 */
static int
footer_layout(const char *keys, int draw)
{
	char *copy = xstrdup(keys), *p = copy, *next;
	int x = 1, line = 0, nlines;

	/* Drawing needs the line count first, to know the top line. */
	nlines = draw ? term_footer_lines(keys) : 1;
	if (draw)
		for (line = 0; line < nlines; line++)
			term_fill(LINES - nlines + line, R_TITLE);
	line = 0;
	for (; p != NULL && *p != '\0'; p = next) {
		char *eq;
		int kw, ww, y;

		next = strstr(p, "  ");
		if (next != NULL) {
			*next = '\0';
			next += 2;
		}
		eq = strchr(p, '=');
		if (eq != NULL)
			*eq++ = '\0';
		kw = term_text_width(p);
		ww = eq != NULL ? term_text_width(eq) + 1 : 0;
		if (x > 1 && x + kw + ww + 1 > COLS) {
			line++;
			x = 1;
		}
		y = LINES - nlines + line;
		if (!draw) {
			x += kw + ww + 2;
			continue;
		}
		x += term_put(y, x, kw, p, R_KEY);
		if (eq != NULL) {
			x += term_put(y, x, 1, " ", R_TITLE);
			x += term_put(y, x, ww - 1, eq, R_TITLE);
		}
		x += 2;
	}
	free(copy);
	return (line + 1);
}

int
term_footer_lines(const char *keys)
{
	return (footer_layout(keys, 0));
}

int
term_footer(const char *keys)
{
	return (footer_layout(keys, 1));
}

void
term_box(int y, int x, int h, int w, enum role r)
{
	int i;

	attrset(roles[r]);
	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(roles[R_NORMAL]);
}
