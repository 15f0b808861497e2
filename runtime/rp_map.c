/*
 * Mappings and area mappings: reading them from a responseDeclaration,
 * applying them (mapResponse, mapResponsePoint) and working out the
 * largest value they can give, which becomes an item's maximum score
 * when the item declares none.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "qti_private.h"
#include "rp_private.h"

static int
attr_float(xmlNodePtr n, const char *name, double def, int *has,
    double *out, char *err)
{
	char *s = rp_attr(n, name);
	int rc = 0;

	*out = def;
	if (has != NULL)
		*has = s != NULL;
	if (s != NULL && rp_parse_float(s, out) == -1)
		rc = errf(err, "line %ld: %s '%s' of %s is not a number",
		    xmlGetLineNo(n), name, s, (const char *)n->name);
	free(s);
	return (rc);
}

static int
bounds_read(xmlNodePtr n, struct rp_mapping *m, char *err)
{
	if (attr_float(n, "defaultValue", 0, NULL, &m->default_value,
	    err) == -1 ||
	    attr_float(n, "lowerBound", 0, &m->has_lower, &m->lower,
	    err) == -1 ||
	    attr_float(n, "upperBound", 0, &m->has_upper, &m->upper,
	    err) == -1)
		return (-1);
	return (0);
}

static int
entry_read(xmlNodePtr n, const struct rp_decl *d, struct rp_map_entry *e,
    char *err)
{
	char *key = rp_attr(n, "mapKey");
	int rc = 0;

	e->case_sensitive = qti_attr_bool(n, "caseSensitive", 1);
	if (key == NULL)
		rc = errf(err, "line %ld: mapEntry has no mapKey",
		    xmlGetLineNo(n));
	else if (rp_atom_parse(&e->key, d->type, key) == -1)
		rc = errf(err, "line %ld: mapKey '%s' is not a valid %s",
		    xmlGetLineNo(n), key, qti_base_type_name(d->type));
	else
		rc = attr_float(n, "mappedValue", 0, NULL, &e->value, err);
	free(key);
	return (rc);
}

int
rp_mapping_read(xmlNodePtr n, const struct rp_decl *d,
    struct rp_mapping **out, char *err)
{
	struct rp_mapping *m = xcalloc(1, sizeof *m);
	xmlNodePtr c;

	*out = m;
	if (d->card == QTI_CARD_RECORD || d->type == QTI_BT_FILE ||
	    d->type == QTI_BT_DURATION)
		return (errf(err, "line %ld: '%s' is a %s and cannot have a"
		    " mapping", xmlGetLineNo(n), d->identifier,
		    d->card == QTI_CARD_RECORD ? "record" :
		    qti_base_type_name(d->type)));
	if (bounds_read(n, m, err) == -1)
		return (-1);
	for (c = rp_first_element(n); c != NULL; c = rp_next_element(c)) {
		if (!rp_is(c, "mapEntry"))
			continue;
		m->entries = xrealloc(m->entries, (m->n + 1) *
		    sizeof *m->entries);
		memset(&m->entries[m->n], 0, sizeof *m->entries);
		if (entry_read(c, d, &m->entries[m->n++], err) == -1)
			return (-1);
	}
	return (0);
}

/* Numbers separated by commas (and, leniently, spaces). */
static int
coords_parse(const char *text, double **out, size_t *n)
{
	char *copy = xstrdup(text), *tok, *save = NULL;
	double v;

	*out = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ", \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t\n", &save)) {
		if (rp_parse_float(tok, &v) == -1 || !isfinite(v)) {
			free(copy);
			return (-1);
		}
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = v;
	}
	free(copy);
	return (0);
}

int
rp_shape_parse(const char *name, const char *coords, enum rp_shape *shape,
    double **out, size_t *n)
{
	static const struct {
		const char	*name;
		enum rp_shape	 shape;
		size_t		 ncoords;	/* 0: even, from 6 */
	} shapes[] = {
		{ "default", RP_SHAPE_DEFAULT, 0 },
		{ "rect", RP_SHAPE_RECT, 4 },
		{ "circle", RP_SHAPE_CIRCLE, 3 },
		{ "poly", RP_SHAPE_POLY, 0 },
		{ "ellipse", RP_SHAPE_ELLIPSE, 4 },
	};
	size_t i;

	for (i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (name != NULL && strcmp(name, shapes[i].name) == 0)
			break;
	if (i == sizeof shapes / sizeof *shapes)
		return (-1);
	*shape = shapes[i].shape;
	if (coords_parse(coords != NULL ? coords : "", out, n) == -1)
		return (-1);
	if (*shape == RP_SHAPE_DEFAULT ||
	    (*shape == RP_SHAPE_POLY && *n >= 6 && *n % 2 == 0) ||
	    (*shape != RP_SHAPE_POLY && *n == shapes[i].ncoords))
		return (0);
	free(*out);
	*out = NULL;
	return (-1);
}

/* Even-odd rule; points on an edge count as inside. */
static int
poly_inside(const double *c, size_t n, double x, double y)
{
	size_t i, j, k = n / 2;
	int in = 0;
	double xi, yi, xj, yj, cross;

	for (i = 0, j = k - 1; i < k; j = i++) {
		xi = c[2 * i], yi = c[2 * i + 1];
		xj = c[2 * j], yj = c[2 * j + 1];
		cross = (xj - xi) * (y - yi) - (x - xi) * (yj - yi);
		if (cross == 0 && x >= fmin(xi, xj) && x <= fmax(xi, xj) &&
		    y >= fmin(yi, yj) && y <= fmax(yi, yj))
			return (1);
		if ((yi > y) != (yj > y) &&
		    x < (xj - xi) * (y - yi) / (yj - yi) + xi)
			in = !in;
	}
	return (in);
}

int
rp_shape_inside(enum rp_shape shape, const double *c, size_t n, double x,
    double y)
{
	double dx, dy;

	switch (shape) {
	case RP_SHAPE_DEFAULT:
		return (1);
	case RP_SHAPE_RECT:
		return (x >= fmin(c[0], c[2]) && x <= fmax(c[0], c[2]) &&
		    y >= fmin(c[1], c[3]) && y <= fmax(c[1], c[3]));
	case RP_SHAPE_CIRCLE:
		dx = x - c[0], dy = y - c[1];
		return (dx * dx + dy * dy <= c[2] * c[2]);
	case RP_SHAPE_ELLIPSE:
		if (c[2] <= 0 || c[3] <= 0)
			return (0);
		dx = (x - c[0]) / c[2], dy = (y - c[1]) / c[3];
		return (dx * dx + dy * dy <= 1);
	case RP_SHAPE_POLY:
		return (poly_inside(c, n, x, y));
	}
	return (0);
}

static int
area_read(xmlNodePtr n, struct rp_area_entry *e, char *err)
{
	char *shape = rp_attr(n, "shape"), *coords = rp_attr(n, "coords");
	int rc = 0;

	if (rp_shape_parse(shape, coords, &e->shape, &e->coords,
	    &e->ncoords) == -1)
		rc = errf(err, "line %ld: areaMapEntry has an invalid shape"
		    " '%s' or coords '%s'", xmlGetLineNo(n),
		    shape != NULL ? shape : "", coords != NULL ? coords : "");
	else
		rc = attr_float(n, "mappedValue", 0, NULL, &e->value, err);
	free(shape);
	free(coords);
	return (rc);
}

int
rp_area_mapping_read(xmlNodePtr n, struct rp_mapping **out, char *err)
{
	struct rp_mapping *m = xcalloc(1, sizeof *m);
	xmlNodePtr c;

	*out = m;
	if (bounds_read(n, m, err) == -1)
		return (-1);
	for (c = rp_first_element(n); c != NULL; c = rp_next_element(c)) {
		if (!rp_is(c, "areaMapEntry"))
			continue;
		m->areas = xrealloc(m->areas, (m->n + 1) * sizeof *m->areas);
		memset(&m->areas[m->n], 0, sizeof *m->areas);
		if (area_read(c, &m->areas[m->n++], err) == -1)
			return (-1);
	}
	return (0);
}

void
rp_mapping_free(struct rp_mapping *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; m->entries != NULL && i < m->n; i++)
		rp_atom_free(&m->entries[i].key);
	for (i = 0; m->areas != NULL && i < m->n; i++)
		free(m->areas[i].coords);
	free(m->entries);
	free(m->areas);
	free(m);
}

static double
bounded(const struct rp_mapping *m, double v)
{
	if (m->has_lower && v < m->lower)
		v = m->lower;
	if (m->has_upper && v > m->upper)
		v = m->upper;
	return (v);
}

/* caseSensitive="false" on an entry compares strings without case. */
static int
entry_matches(const struct rp_map_entry *e, const struct rp_atom *a)
{
	if (!e->case_sensitive && a->type == QTI_BT_STRING &&
	    e->key.type == QTI_BT_STRING)
		return (rp_str_caseeq(e->key.s, a->s));
	return (rp_atom_equal(&e->key, a));
}

/* The first entry that matches a value gives it; else defaultValue. */
static double
map_one(const struct rp_mapping *m, const struct rp_atom *a)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (entry_matches(&m->entries[i], a))
			return (m->entries[i].value);
	return (m->default_value);
}

/* Is v->v[k] the first of its value in the container? */
static int
first_instance(const struct rp_value *v, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (rp_atom_equal(&v->v[i], &v->v[k]))
			return (0);
	return (1);
}

/*
 * mapResponse.  A single value maps to its entry's value, or to
 * defaultValue when no entry matches.  A NULL string maps through an
 * entry whose mapKey is empty, if there is one.  A container maps to the
 * sum over its distinct values, so a value counts once however many
 * times it occurs.  Each distinct value that no entry matches adds
 * defaultValue, and an empty container sums to 0.  lowerBound and
 * upperBound then limit the result.
 */
double
rp_map_value(const struct rp_mapping *m, const struct rp_value *v)
{
	struct rp_atom empty = { .type = QTI_BT_STRING, .s = (char *)"" };
	double sum = 0;
	size_t i;

	if (v->card == QTI_CARD_SINGLE) {
		if (v->n == 1)
			return (bounded(m, map_one(m, &v->v[0])));
		for (i = 0; v->type == QTI_BT_STRING && i < m->n; i++)
			if (entry_matches(&m->entries[i], &empty))
				return (bounded(m, m->entries[i].value));
		return (bounded(m, m->default_value));
	}
	for (i = 0; i < v->n; i++)
		if (first_instance(v, i))
			sum += map_one(m, &v->v[i]);
	return (bounded(m, sum));
}

/* Index of the first area that contains a point, or -1. */
static long
area_of(const struct rp_mapping *m, const struct rp_atom *p)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (rp_shape_inside(m->areas[i].shape, m->areas[i].coords,
		    m->areas[i].ncoords, (double)p->i, (double)p->j))
			return ((long)i);
	return (-1);
}

/*
 * mapResponsePoint.  Each point takes the value of the first area that
 * contains it.  In a container each area counts once, however many
 * points fall in it, and each distinct point in no area adds
 * defaultValue.  A NULL single point gives defaultValue, an empty
 * container 0, and the bounds apply last.
 */
double
rp_map_point_value(const struct rp_mapping *m, const struct rp_value *v)
{
	unsigned char *used;
	double sum = 0;
	size_t i;
	long a;

	if (v->card == QTI_CARD_SINGLE && v->n == 0)
		return (bounded(m, m->default_value));
	used = xcalloc(m->n + 1, 1);
	for (i = 0; i < v->n; i++) {
		if (!first_instance(v, i))
			continue;
		if ((a = area_of(m, &v->v[i])) == -1)
			sum += m->default_value;
		else if (!used[a]) {
			used[a] = 1;
			sum += m->areas[a].value;
		}
	}
	free(used);
	return (bounded(m, sum));
}

static int
cmp_desc(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	if (a < b)
		return (1);
	return (a > b ? -1 : 0);
}

/*
 * The largest sum of distinct entries: the positive values, at most
 * max_choices of them when the interaction limits the choices.
 */
static int
max_of(const struct rp_mapping *m, const double *values,
    const struct rp_decl *d, double *out)
{
	double *pos = xcalloc(m->n + 1, sizeof *pos), best = m->default_value;
	size_t i, k = 0;

	if (d->card == QTI_CARD_SINGLE) {
		for (i = 0; i < m->n; i++)
			best = fmax(best, values[i]);
		free(pos);
		*out = bounded(m, best);
		return (0);
	}
	if (m->default_value > 0 && !m->has_upper) {
		free(pos);
		return (-1);
	}
	for (i = 0; i < m->n; i++)
		if (values[i] > 0)
			pos[k++] = values[i];
	qsort(pos, k, sizeof *pos, cmp_desc);
	if (d->max_choices > 0 && k > (size_t)d->max_choices)
		k = (size_t)d->max_choices;
	for (best = 0, i = 0; i < k; i++)
		best += pos[i];
	if (m->default_value > 0)
		best = m->upper;
	free(pos);
	*out = bounded(m, best);
	return (0);
}

int
rp_mapping_max(const struct rp_mapping *m, const struct rp_decl *d,
    double *out)
{
	double *values = xcalloc(m->n + 1, sizeof *values);
	size_t i;
	int rc;

	for (i = 0; i < m->n; i++)
		values[i] = m->entries[i].value;
	rc = max_of(m, values, d, out);
	free(values);
	return (rc);
}

int
rp_area_mapping_max(const struct rp_mapping *m, const struct rp_decl *d,
    double *out)
{
	double *values = xcalloc(m->n + 1, sizeof *values);
	size_t i;
	int rc;

	for (i = 0; i < m->n; i++)
		values[i] = m->areas[i].value;
	rc = max_of(m, values, d, out);
	free(values);
	return (rc);
}
