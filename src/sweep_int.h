/* sweep_int.h - what the sweep loader's files share (sweep.c, sweep_yaml.c,
 * sweep_axes.c); not part of its interface (sweep.h is).  One concern per file:
 *   sweep_yaml.c  the YAML tree, errors, scalar getters, mappings, name lists
 *   sweep_axes.c  the axes, zip groups and include points, and their expansion
 *   sweep.c       the top-level keys, load and the API (point keys)
 * No libyaml type appears here: sweep_yaml.c is the only file with <yaml.h>. */
#ifndef MSABENCH_SWEEP_INT_H
#define MSABENCH_SWEEP_INT_H
#include "sweep.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF_LIKE(a, b)
#endif

/* ---- the YAML tree, errors, scalars, mappings, names: sweep_yaml.c ---- */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
    enum ykind kind;
    int line, col;      /* 1-based */
    bool plain;         /* scalar written without quotes: ~, null and "" mean null */
    bool bad;           /* already reported (alias, NUL byte): callers stay quiet */
    char *text;         /* scalar, NUL-terminated */
    struct ynode **kid; /* seq: items; map: key, value, key, value, ... */
    size_t n, cap;
};

struct perr {
    int line, col;
    size_t seq; /* report order, to keep the sort stable */
    char *msg;
};

struct files {
    bool given;
    const struct ynode *key; /* the `file:` key */
    char path[5][DATA_PATH_MAX];
    bool has[5];
    char name[SWEEP_NAME_MAX]; /* `name:` of a list entry ("" for a single mapping) */
};

struct ctx {
    const char *name; /* file name in messages */
    const char *buf;
    size_t len;
    struct perr *errs;
    size_t n_errs, cap_errs, n_dropped;
    struct ynode **nodes; /* every node, for freeing */
    size_t n_nodes, cap_nodes;
    bool nomem;
    struct files files;  /* the entry make_point uses */
    struct files *flist; /* `file:` as a list: every entry (flist[0] = files otherwise) */
    int n_flist;
};

void sweep_errf(struct ctx *c, int line, int col, const char *fmt, ...) PRINTF_LIKE(4, 5);
void sweep_errn(struct ctx *c, const struct ynode *n, const char *fmt, ...) PRINTF_LIKE(3, 4);
int sweep_cmp_err(const void *a, const void *b); /* qsort order of struct perr */
void sweep_tree_free(struct ctx *c);
/* Events -> tree.  Returns false on a syntax error (reported); *root is NULL
 * for an empty stream. */
bool sweep_parse_tree(struct ctx *c, struct ynode **root);

bool sweep_is_null(const struct ynode *n);
/* Short, printable description of a node for messages. */
const char *sweep_describe(const struct ynode *n, char *buf, size_t cap);
/* Returns 0 ok, 1 not an integer, 2 out of int64 range. */
int sweep_parse_i64(const char *t, int64_t *v);
/* Common prelude of the scalar getters: a present, non-null scalar. */
bool sweep_want_scalar(struct ctx *c, const struct ynode *n, const char *what, const char *type);
bool sweep_get_int(struct ctx *c, const struct ynode *n, const char *what, int64_t lo, int64_t hi,
                   int64_t *out);
/* lo_open: value must be > lo (else >= lo). */
bool sweep_get_num(struct ctx *c, const struct ynode *n, const char *what, double lo, bool lo_open,
                   double *out);
bool sweep_get_bool(struct ctx *c, const struct ynode *n, const char *what, bool *out);
bool sweep_get_str(struct ctx *c, const struct ynode *n, const char *what, char *dst, size_t cap);
/* "8GiB", "512 MiB", "2GB", "1e9" -> bytes. */
bool sweep_get_size(struct ctx *c, const struct ynode *n, const char *what, double *out);

/* Printable copy of t for messages (cut with "..."). */
void sweep_pretty(const char *t, char *buf, size_t cap);
/* Checks that map's keys are non-null scalars and unique; marks the pairs to
 * skip in skip[] (size map->n / 2). */
void sweep_check_keys(struct ctx *c, const struct ynode *map, const char *section, bool *skip);
/* Known keys -> their key and value nodes (NULL when absent); unknown keys are
 * reported with the closest known one.  known is NULL-terminated. */
bool sweep_map_fields(struct ctx *c, const struct ynode *map, const char *section,
                      const char *const *known, const struct ynode **key, const struct ynode **val);

enum name_kind { NAME_METHOD, NAME_BACKEND, NAME_VARIANT };

/* A name or a list of names (methods, backends, variants) -> dst[0..*count). */
void sweep_parse_names(struct ctx *c, const struct ynode *n, const char *what, enum name_kind kind,
                       char (*dst)[SWEEP_NAME_MAX], int *count);
/* After methods, backends and variants: a plain variant name that selects nothing because
 * every listed method with it is restricted by "method/variant" entries -> s->lint. */
void sweep_check_variants(struct ctx *c, const struct ynode *n, struct sweep_spec *s);

/* ---- the axes and their expansion: sweep_axes.c ---- */

/* Axes: the shape axes, then one per knob of the method declarations (method.h,
 * in method-table order, a name shared by several methods once), then data,
 * index_noise, seed and dtype.  The knob part is built once from the tables. */
#define SWEEP_MAX_KNOBS 48
enum axis_id {
    AX_MODE,
    AX_CAUSAL,
    AX_BATCH,
    AX_SEQ_LEN,
    AX_Q_LEN,
    AX_HEADS_Q,
    AX_HEADS_KV,
    AX_HEAD_DIM,
    AX_INDEX_DIM,
    AX_KNOB0,
    AX_MAX = AX_KNOB0 + SWEEP_MAX_KNOBS + 4
};

struct axval {
    int64_t i;
    double f;
    int line, col; /* 0 = a default */
};

struct axis {
    struct axval *v;
    size_t n, cap;
    const struct ynode *key; /* where it was set (axes or a zip group), NULL = default */
    int group;               /* zip group, -1 = its own dimension */
    bool had_error;
};

struct include_pt {
    struct axval v[AX_MAX];
    bool set[AX_MAX];
    int line, col;
};

struct zip_group {
    const struct ynode *key;
    int axes[AX_MAX];
    int n_axes;
    size_t len;
};

struct expand {
    struct axis ax[AX_MAX];
    struct zip_group groups[AX_MAX];
    int n_groups;
    struct include_pt *inc;
    size_t n_inc;
    const struct ynode *axes_node; /* for point-level messages */
};

/* The schema (once), then x empty: every axis its own dimension. */
void sweep_expand_init(struct expand *x);
void sweep_expand_free(struct expand *x);
void sweep_parse_axes(struct ctx *c, const struct ynode *map, struct expand *x);
void sweep_parse_zip(struct ctx *c, const struct ynode *map, struct expand *x);
void sweep_parse_include(struct ctx *c, const struct ynode *seq, struct expand *x);
/* The points of x (axes, zip groups, include points, once per `file:` entry)
 * into out->points, each checked; duplicates dropped. */
void sweep_expand(struct ctx *c, struct expand *x, struct sweep_spec *out);

#endif
