/*
 * Declarations shared by the response processing files (rp_*.c): the
 * parsed declarations of an item, the run-time state of one run, and
 * the value helpers.
 */
#ifndef EXAMSTICK_RP_PRIVATE_H
#define EXAMSTICK_RP_PRIVATE_H

#include <libxml/tree.h>

#include "rp.h"

/* Deepest nesting of rules and expressions that is evaluated. */
#define RP_MAX_DEPTH	200

enum rp_var_kind {
	RP_VAR_RESPONSE,
	RP_VAR_OUTCOME,
	RP_VAR_TEMPLATE
};

struct rp_map_entry {
	struct rp_atom	 key;
	double		 value;
	int		 case_sensitive;
};

enum rp_shape {
	RP_SHAPE_DEFAULT,
	RP_SHAPE_RECT,
	RP_SHAPE_CIRCLE,
	RP_SHAPE_POLY,
	RP_SHAPE_ELLIPSE
};

struct rp_area_entry {
	enum rp_shape	 shape;
	double		*coords;
	size_t		 ncoords;
	double		 value;
};

/* A mapping or an areaMapping: entries from the source set to floats. */
struct rp_mapping {
	struct rp_map_entry	*entries;	/* mapping */
	struct rp_area_entry	*areas;		/* areaMapping */
	size_t			 n;
	double			 default_value;
	int			 has_lower, has_upper;
	double			 lower, upper;
};

struct rp_decl {
	char			*identifier;
	enum rp_var_kind	 kind;
	enum qti_cardinality	 card;
	enum qti_base_type	 type;
	struct rp_value		 default_value;
	struct rp_value		 correct;
	struct rp_mapping	*mapping;
	struct rp_mapping	*area_mapping;
	int			 has_normal_max;
	double			 normal_max;
	int			 max_choices;	/* 0: no limit */
};

struct rp_item {
	char		*identifier;
	char		*name;
	enum rp_kind	 kind;
	struct rp_decl	*decls;
	size_t		 ndecls;
	xmlDocPtr	 doc;
	xmlNodePtr	 rules;		/* its own, or a template's */
	xmlDocPtr	 template_doc;
	struct problems	 warnings;
};

/* One variable of a run. */
struct rp_var {
	const struct rp_decl	*decl;
	struct rp_value		 value;
};

struct rp_run {
	const struct rp_item	*item;
	struct rp_var		*vars;
	size_t			 nvars;
	struct problems		*notes;
	int			 exited;	/* exitResponse seen */
	int			 depth;
	char			*err;
};

/* Values: rp_value.c */
void	rp_atom_free(struct rp_atom *);
void	rp_atom_copy(struct rp_atom *dst, const struct rp_atom *src);
int	rp_atom_equal(const struct rp_atom *, const struct rp_atom *);
int	rp_atom_parse(struct rp_atom *, enum qti_base_type,
	    const char *text);
char	*rp_atom_text(const struct rp_atom *);
void	rp_value_null(struct rp_value *, enum qti_cardinality,
	    enum qti_base_type);
void	rp_value_single(struct rp_value *, const struct rp_atom *);
void	rp_value_push(struct rp_value *, const struct rp_atom *);
void	rp_value_copy(struct rp_value *dst, const struct rp_value *src);
void	rp_value_move(struct rp_value *dst, struct rp_value *src);
void	rp_value_integer(struct rp_value *, int64_t);
void	rp_value_float(struct rp_value *, double);
void	rp_value_boolean(struct rp_value *, int);
int	rp_value_is_null(const struct rp_value *);
int	rp_is_numeric(enum qti_base_type);
int	rp_parse_float(const char *s, double *out);
int	rp_parse_integer(const char *s, int64_t *out);
/* Case-insensitive equality of two UTF-8 strings (simple case folding). */
int	rp_str_caseeq(const char *a, const char *b);
/* Whether b occurs in a, case-sensitively or not. */
int	rp_str_contains(const char *a, const char *b, int case_sensitive);

/* Names: rp_value.c */
int	rp_cardinality_parse(const char *, enum qti_cardinality *);
int	rp_base_type_parse(const char *, enum qti_base_type *);

/* Declarations and the item: rp_item.c */
const struct rp_decl *rp_decl_find(const struct rp_item *, const char *id);
/* Read a declaration's value elements (defaultValue, correctResponse). */
int	rp_values_read(xmlNodePtr parent, enum qti_cardinality,
	    enum qti_base_type, struct rp_value *, char *err);
/* Check that rp_eval implements every element under rules. */
int	rp_rules_check(const struct rp_item *, xmlNodePtr rules, char *err);

/* Mappings: rp_map.c */
int	rp_mapping_read(xmlNodePtr, const struct rp_decl *,
	    struct rp_mapping **, char *err);
int	rp_area_mapping_read(xmlNodePtr, struct rp_mapping **, char *err);
void	rp_mapping_free(struct rp_mapping *);
double	rp_map_value(const struct rp_mapping *, const struct rp_value *);
double	rp_map_point_value(const struct rp_mapping *,
	    const struct rp_value *);
int	rp_mapping_max(const struct rp_mapping *, const struct rp_decl *,
	    double *out);
int	rp_area_mapping_max(const struct rp_mapping *,
	    const struct rp_decl *, double *out);
int	rp_shape_parse(const char *name, const char *coords, enum rp_shape *,
	    double **out, size_t *n);
int	rp_shape_inside(enum rp_shape, const double *coords, size_t n,
	    double x, double y);

/* Expressions: rp_expr.c, rp_match.c, rp_math.c */
int	rp_eval(struct rp_run *, xmlNodePtr, struct rp_value *out);
int	rp_eval_math(struct rp_run *, xmlNodePtr, struct rp_value *out);
int	rp_eval_children(struct rp_run *, xmlNodePtr, struct rp_value **out,
	    size_t *n);
void	rp_values_free(struct rp_value *, size_t n);
/* Evaluate the operands of n, which must number count. */
int	rp_operands(struct rp_run *, xmlNodePtr n, size_t count,
	    struct rp_value **ops);
int	rp_is_math(const char *name);
int	rp_eval_match(struct rp_run *, xmlNodePtr, struct rp_value *out);
int	rp_is_match(const char *name);
int	rp_expr_known(const char *name);
struct rp_var *rp_var_find(struct rp_run *, const char *identifier);
/* An attribute that may be a number or a {VARIABLE} reference. */
int	rp_attr_number(struct rp_run *, xmlNodePtr, const char *name,
	    int required, double *out, int *present);
int	rp_attr_string(struct rp_run *, xmlNodePtr, const char *name,
	    char **out);
int	rp_fail(struct rp_run *, xmlNodePtr, const char *fmt, ...)
	    PRINTFLIKE(3, 4);

/* Element tests. */
int	rp_is(xmlNodePtr, const char *name);
xmlNodePtr rp_first_element(xmlNodePtr parent);
xmlNodePtr rp_next_element(xmlNodePtr);
char	*rp_attr(xmlNodePtr, const char *name);		/* free */

#endif
