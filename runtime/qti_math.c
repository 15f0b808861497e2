/*
 * MathML flattened to one line of text: fractions as a/b, scripts as
 * x^2 and x_i, roots as √(x), with brackets where the parts need them.
 * Layout that has no linear form (tables, stacked or multiscript
 * notation) is not flattened; the math element's alttext is used
 * instead when it has one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"

struct mbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static int	flatten(xmlNodePtr, struct mbuf *, const char **);

static void
mb_add(struct mbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = b->cap ? b->cap : 32;
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
mb_str(struct mbuf *b, const char *s)
{
	mb_add(b, s, strlen(s));
}

static int
is_math(xmlNodePtr n, const char *local)
{
	return (qti_is(n, local) && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, NS_MATHML) == 0);
}

/* Token text with its whitespace collapsed and trimmed. */
static void
token_text(xmlNodePtr n, struct mbuf *b)
{
	xmlChar *text = xmlNodeGetContent(n);
	const char *s = (const char *)text;
	int space = 0, any = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && any)
			mb_add(b, " ", 1);
		mb_add(b, s, 1);
		space = 0;
		any = 1;
	}
	xmlFree(text);
}

/* Operators that read better with a space on each side. */
static int
spaced_operator(const char *op, int first)
{
	static const char *const always[] = {
		"=", "<", ">", "\xe2\x89\xa4", "\xe2\x89\xa5", "\xe2\x89\xa0",
		"\xe2\x89\x88", "\xe2\x89\xa1", "\xe2\x86\x92", "\xe2\x87\x92",
		"\xe2\x88\x88", NULL
	};
	static const char *const infix[] = {
		"+", "-", "\xe2\x88\x92", "\xc2\xb1", "\xc3\x97", "\xc3\xb7",
		"\xc2\xb7", "*", NULL
	};
	int i;

	for (i = 0; always[i] != NULL; i++)
		if (strcmp(op, always[i]) == 0)
			return (1);
	for (i = 0; !first && infix[i] != NULL; i++)
		if (strcmp(op, infix[i]) == 0)
			return (1);
	return (0);
}

static int
first_element(xmlNodePtr n)
{
	xmlNodePtr k;

	for (k = n->prev; k != NULL; k = k->prev)
		if (k->type == XML_ELEMENT_NODE)
			return (0);
	return (1);
}

static void
operator_text(xmlNodePtr n, struct mbuf *b)
{
	struct mbuf op = { NULL, 0, 0 };

	token_text(n, &op);
	if (op.len == 0)
		return;
	if (spaced_operator(op.s, first_element(n))) {
		if (b->len > 0 && b->s[b->len - 1] != ' ')
			mb_add(b, " ", 1);
		mb_str(b, op.s);
		mb_add(b, " ", 1);
	} else
		mb_str(b, op.s);
	free(op.s);
}

/* Whether a flattened part must be bracketed to keep its meaning. */
static int
needs_brackets(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '(' && p[strlen(s) - 1] == ')')
		return (0);
	for (; *p != '\0'; p++)
		if (!isalnum(*p) && *p != '.' && *p < 0x80)
			return (1);
	return (0);
}

static int
element_children(xmlNodePtr n, xmlNodePtr *out, int max)
{
	xmlNodePtr k;
	int count = 0;

	for (k = n->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (count < max)
			out[count] = k;
		count++;
	}
	return (count);
}

/* One part of a fraction, script or root, bracketed when needed. */
static int
part(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	struct mbuf p = { NULL, 0, 0 };
	int r;

	if ((r = flatten(n, &p, failed)) == -1) {
		free(p.s);
		return (-1);
	}
	if (p.len > 0 && needs_brackets(p.s)) {
		mb_add(b, "(", 1);
		mb_str(b, p.s);
		mb_add(b, ")", 1);
	} else if (p.len > 0)
		mb_str(b, p.s);
	free(p.s);
	return (0);
}

/* mfrac, msup, msub, msubsup, munder, mover, munderover, mroot. */
static int
layout(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	const char *name = (const char *)n->name, *ops;
	xmlNodePtr k[3];
	int count, i;

	count = element_children(n, k, 3);
	if (strcmp(name, "mfrac") == 0)
		ops = "/";
	else if (strcmp(name, "msup") == 0 || strcmp(name, "mover") == 0)
		ops = "^";
	else if (strcmp(name, "msub") == 0 || strcmp(name, "munder") == 0)
		ops = "_";
	else if (strcmp(name, "mroot") == 0) {
		if (count != 2)
			return (*failed = name, -1);
		if (part(k[1], b, failed) == -1)
			return (-1);
		mb_str(b, "\xe2\x88\x9a");
		return (part(k[0], b, failed));
	} else
		ops = "_^";
	if (count != (int)strlen(ops) + 1)
		return (*failed = name, -1);
	for (i = 0; i < count; i++) {
		if (i > 0)
			mb_add(b, &ops[i - 1], 1);
		if (part(k[i], b, failed) == -1)
			return (-1);
	}
	return (0);
}

static int
children(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	xmlNodePtr k;

	for (k = n->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && flatten(k, b, failed) == -1)
			return (-1);
	return (0);
}

static int
fenced(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	char *open = qti_attr(n, "open"), *close = qti_attr(n, "close");
	char *sep = qti_attr(n, "separators");
	xmlNodePtr k;
	int i = 0, r = 0;

	mb_str(b, open != NULL ? open : "(");
	for (k = n->children; k != NULL && r == 0; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (i++ > 0)
			mb_add(b, sep != NULL && *sep != '\0' ? sep : ",", 1);
		r = flatten(k, b, failed);
	}
	mb_str(b, close != NULL ? close : ")");
	xmlFree(open);
	xmlFree(close);
	xmlFree(sep);
	return (r);
}

static int
root(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	struct mbuf in = { NULL, 0, 0 };

	if (children(n, &in, failed) == -1) {
		free(in.s);
		return (-1);
	}
	mb_str(b, "\xe2\x88\x9a");
	if (in.len > 0 && needs_brackets(in.s)) {
		mb_add(b, "(", 1);
		mb_str(b, in.s);
		mb_add(b, ")", 1);
	} else if (in.len > 0)
		mb_str(b, in.s);
	free(in.s);
	return (0);
}

static int
flatten(xmlNodePtr n, struct mbuf *b, const char **failed)
{
	static const char *const rows[] = {
		"math", "mrow", "mstyle", "mpadded", "menclose", "merror",
		NULL
	};
	const char *name = (const char *)n->name;
	xmlNodePtr first[1];
	int i;

	if (!is_math(n, name))
		return (*failed = name, -1);
	for (i = 0; rows[i] != NULL; i++)
		if (strcmp(name, rows[i]) == 0)
			return (children(n, b, failed));
	if (strcmp(name, "mi") == 0 || strcmp(name, "mn") == 0 ||
	    strcmp(name, "mtext") == 0)
		token_text(n, b);
	else if (strcmp(name, "ms") == 0) {
		mb_add(b, "\"", 1);
		token_text(n, b);
		mb_add(b, "\"", 1);
	} else if (strcmp(name, "mo") == 0)
		operator_text(n, b);
	else if (strcmp(name, "mspace") == 0) {
		if (b->len > 0 && b->s[b->len - 1] != ' ')
			mb_add(b, " ", 1);
	} else if (strcmp(name, "semantics") == 0 ||
	    strcmp(name, "maction") == 0) {
		if (element_children(n, first, 1) > 0)
			return (flatten(first[0], b, failed));
	} else if (strcmp(name, "mphantom") == 0 ||
	    strcmp(name, "annotation") == 0 ||
	    strcmp(name, "annotation-xml") == 0 ||
	    strcmp(name, "none") == 0 || strcmp(name, "mprescripts") == 0)
		return (0);
	else if (strcmp(name, "msqrt") == 0)
		return (root(n, b, failed));
	else if (strcmp(name, "mfenced") == 0)
		return (fenced(n, b, failed));
	else if (strcmp(name, "mfrac") == 0 || strncmp(name, "msu", 3) == 0 ||
	    strcmp(name, "munder") == 0 || strcmp(name, "mover") == 0 ||
	    strcmp(name, "munderover") == 0 || strcmp(name, "mroot") == 0)
		return (layout(n, b, failed));
	else
		return (*failed = name, -1);
	return (0);
}

char *
qti_math_flatten(xmlNodePtr math, const char **element)
{
	struct mbuf b = { NULL, 0, 0 };
	const char *failed = NULL;
	char *alt;

	if (flatten(math, &b, &failed) == 0) {
		while (b.len > 0 && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		return (b.s != NULL ? b.s : xstrdup(""));
	}
	free(b.s);
	alt = qti_attr(math, "alttext");
	if (alt != NULL && !qti_is_blank((xmlChar *)alt)) {
		b.s = xstrdup(alt);
		xmlFree(alt);
		return (b.s);
	}
	xmlFree(alt);
	*element = failed;
	return (NULL);
}
