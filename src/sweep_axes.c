/* sweep_axes.c - the axes of a sweep and their expansion: the axis schema
 * (shape axes, the methods' knobs, data, index_noise, seed, dtype) built once
 * from the method table; axes, zip groups and include points parsed and
 * checked value by value; then the product (zip groups varied together,
 * include points added, once per `file:` entry) made into points, each
 * checked across its axes, duplicates dropped. */
#include "sweep_int.h"

#include "fnv.h"
#include "method.h"
#include "sweep_limits.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_MAX_POINTS 100000
#define SWEEP_MAX_SEQ ((int64_t)1 << 24)

/* ---------------------------------------------------------------- axes -- */

/* The ids from AX_KNOB0 on (enum axis_id: sweep_int.h), set by schema_build. */
static int ax_count, ax_data, ax_noise, ax_seed, ax_dtype;
#define AX_DATA ax_data
#define AX_INDEX_NOISE ax_noise
#define AX_SEED ax_seed
#define AX_DTYPE ax_dtype
#define AX_COUNT ax_count

enum axis_type { T_INT, T_FLOAT, T_BOOL, T_ENUM };

static const char *const mode_names[] = {"prefill", "decode", NULL};
static const char *const dtype_names[] = {"auto", "f64", "f32", "bf16", NULL};
static const char *const data_names[] = {"normal",     "structured", "file",
                                         "calibrated", "coherent",   NULL};

struct axis_def {
    const char *name;
    enum axis_type type;
    int64_t def; /* default (T_FLOAT: def_f) */
    double def_f;
    int64_t min, max;         /* T_INT */
    const char *const *names; /* T_ENUM */
};
static const struct axis_def fixed_defs[AX_KNOB0] = {
    [AX_MODE] = {"mode", T_ENUM, ATTN_PREFILL, 0, 0, 0, mode_names},
    [AX_CAUSAL] = {"causal", T_BOOL, 1, 0, 0, 1, NULL},
    [AX_BATCH] = {"batch", T_INT, 1, 0, 1, INT32_MAX, NULL},
    [AX_SEQ_LEN] = {"seq_len", T_INT, 1024, 0, 1, SWEEP_MAX_SEQ, NULL},
    [AX_Q_LEN] = {"q_len", T_INT, 1, 0, 1, INT32_MAX, NULL},
    [AX_HEADS_Q] = {"heads_q", T_INT, 8, 0, 1, INT32_MAX, NULL},
    [AX_HEADS_KV] = {"heads_kv", T_INT, 2, 0, 1, INT32_MAX, NULL},
    [AX_HEAD_DIM] = {"head_dim", T_INT, 64, 0, 1, INT32_MAX, NULL},
    [AX_INDEX_DIM] = {"index_dim", T_INT, 64, 0, 1, INT32_MAX, NULL},
};
static const struct axis_def tail_defs[4] = {
    {"data", T_ENUM, DATA_NORMAL, 0, 0, 0, data_names},
    {"index_noise", T_FLOAT, 0, 0.0, 0, 0, NULL},
    {"seed", T_INT, 1, 0, 0, INT64_MAX, NULL},
    {"dtype", T_ENUM, SWEEP_DTYPE_AUTO, 0, 0, 0, dtype_names},
};

static struct axis_def axis_defs[AX_MAX];
static const char *axis_names[AX_MAX + 1];        /* NULL-terminated, for sweep_map_fields */
static const struct attn_knob *axis_knob[AX_MAX]; /* the knob of a knob axis, else NULL */
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static int64_t knob_bound(double v) {
    return v >= 9.2e18 ? INT64_MAX : v <= -9.2e18 ? INT64_MIN : (int64_t)v;
}

/* The schema from the method table (once). */
static void schema_build(void) {
    int n = 0;
    for (; n < AX_KNOB0; n++)
        axis_defs[n] = fixed_defs[n];
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        for (int i = 0; i < am->n_knobs && n < AX_KNOB0 + SWEEP_MAX_KNOBS; i++) {
            const struct attn_knob *k = &am->knobs[i];
            bool seen = false;
            for (int j = AX_KNOB0; j < n && !seen; j++)
                seen = strcmp(axis_defs[j].name, k->name) == 0;
            if (seen)
                continue;
            axis_knob[n] = k;
            axis_defs[n++] = (struct axis_def){
                k->name, T_INT, knob_bound(k->def), 0, knob_bound(k->lo), knob_bound(k->hi), NULL};
        }
    }
    ax_data = n, ax_noise = n + 1, ax_seed = n + 2, ax_dtype = n + 3;
    for (int i = 0; i < 4; i++)
        axis_defs[n++] = tail_defs[i];
    ax_count = n;
    for (int i = 0; i < n; i++)
        axis_names[i] = axis_defs[i].name;
    axis_names[n] = NULL;
}

void sweep_expand_init(struct expand *x) {
    pthread_once(&schema_once, schema_build);
    memset(x, 0, sizeof *x);
    for (int id = 0; id < AX_COUNT; id++)
        x->ax[id].group = -1;
}

void sweep_expand_free(struct expand *x) {
    for (int id = 0; id < AX_COUNT; id++)
        free(x->ax[id].v);
    free(x->inc);
}

static bool is_pow2(int64_t v) {
    return v > 0 && (v & (v - 1)) == 0;
}

static bool axval_push(struct ctx *c, struct axis *a, struct axval v) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 4;
        struct axval *p = realloc(a->v, cap * sizeof *p);
        if (!p) {
            c->nomem = true;
            return false;
        }
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = v;
    return true;
}

/* Checks of one integer value that don't depend on the other axes. */
static bool check_int_value(struct ctx *c, int id, int64_t v, const struct ynode *n) {
    const struct axis_def *def = &axis_defs[id];
    if (axis_knob[id] && v < def->min) { /* a knob: its declared range */
        if (def->min == 0)
            sweep_errn(c, n, "%s must be >= 0, got %lld", def->name, (long long)v);
        else
            sweep_errn(c, n, "%s must be at least %lld, got %lld", def->name, (long long)def->min,
                       (long long)v);
        return false;
    }
    if (v < def->min) {
        if (def->min == 1)
            sweep_errn(c, n, "%s must be positive, got %lld", def->name, (long long)v);
        else
            sweep_errn(c, n, "%s must be >= %lld, got %lld", def->name, (long long)def->min,
                       (long long)v);
        return false;
    }
    if (id == AX_SEQ_LEN && v > SWEEP_MAX_SEQ) {
        sweep_errn(c, n, "seq_len %lld is above 2^24 (16777216)", (long long)v);
        return false;
    }
    if ((id == AX_HEAD_DIM || id == AX_INDEX_DIM) && v != 32 && v != 64 && v != 128 && v != 256) {
        sweep_errn(c, n, "%s must be one of 32, 64, 128, 256, got %lld", def->name, (long long)v);
        return false;
    }
    if (axis_knob[id] && (axis_knob[id]->kflags & ATTN_KNOB_POW2) && !is_pow2(v)) {
        sweep_errn(c, n, "%s must be a power of two, got %lld", def->name, (long long)v);
        return false;
    }
    if (v > def->max) {
        sweep_errn(c, n, "%s %lld is too large (max %lld)", def->name, (long long)v,
                   (long long)def->max);
        return false;
    }
    return true;
}

/* "lo..hi": both powers of two, lo <= hi, every power of two in between. */
static void add_range(struct ctx *c, int id, const struct ynode *n, struct axis *a) {
    char d[64];
    const char *dots = strstr(n->text, "..");
    char lo_s[32], hi_s[32];
    int64_t lo = 0, hi = 0;
    size_t ll = (size_t)(dots - n->text);
    bool ok = ll > 0 && ll < sizeof lo_s && strlen(dots + 2) < sizeof hi_s;
    if (ok) {
        memcpy(lo_s, n->text, ll);
        lo_s[ll] = '\0';
        strcpy(hi_s, dots + 2);
        ok = sweep_parse_i64(lo_s, &lo) == 0 && sweep_parse_i64(hi_s, &hi) == 0;
    }
    if (!ok) {
        sweep_errn(c, n, "%s: bad range %s (write e.g. 1024..1048576)", axis_defs[id].name,
                   sweep_describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (!is_pow2(lo) || !is_pow2(hi)) {
        sweep_errn(c, n, "%s: range ends must be powers of two, got %s", axis_defs[id].name,
                   sweep_describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (lo > hi) {
        sweep_errn(c, n, "%s: range start %lld is above its end %lld", axis_defs[id].name,
                   (long long)lo, (long long)hi);
        a->had_error = true;
        return;
    }
    /* Every value is a power of two between the ends: checking the ends is enough. */
    if (!check_int_value(c, id, lo, n) || !check_int_value(c, id, hi, n)) {
        a->had_error = true;
        return;
    }
    for (int64_t v = lo;; v *= 2) {
        if (!axval_push(c, a, (struct axval){v, (double)v, n->line, n->col}))
            return;
        if (v >= hi)
            break;
    }
}

/* One scalar of an axis (not a range) -> value; false (reported) if bad. */
static bool axis_scalar(struct ctx *c, int id, const struct ynode *n, struct axval *out) {
    const struct axis_def *def = &axis_defs[id];
    char d[64];
    *out = (struct axval){0, 0, n->line, n->col};
    switch (def->type) {
    case T_INT: {
        int64_t v;
        /* Range and sign checks come from check_int_value for the better message. */
        if (!sweep_get_int(c, n, def->name, INT64_MIN, INT64_MAX, &v))
            return false;
        if (!check_int_value(c, id, v, n))
            return false;
        out->i = v;
        out->f = (double)v;
        return true;
    }
    case T_FLOAT: {
        double v;
        if (!sweep_get_num(c, n, def->name, 0.0, false, &v))
            return false;
        out->f = v;
        return true;
    }
    case T_BOOL: {
        bool b;
        if (!sweep_get_bool(c, n, def->name, &b))
            return false;
        out->i = b;
        return true;
    }
    case T_ENUM: {
        if (!sweep_want_scalar(c, n, def->name, "a name"))
            return false;
        for (int k = 0; def->names[k]; k++)
            if (!strcmp(def->names[k], n->text)) {
                out->i = k;
                if (id == AX_DATA && k == DATA_FILE) {
                    const struct files *f = &c->files;
                    if (!f->given)
                        sweep_errn(c, n,
                                   "data 'file' needs a 'file:' mapping with q, k and v paths");
                    else if (!f->has[0] || !f->has[1] || !f->has[2])
                        sweep_errn(
                            c, n, "data 'file' needs file.q, file.k and file.v (missing:%s%s%s)",
                            f->has[0] ? "" : " q", f->has[1] ? "" : " k", f->has[2] ? "" : " v");
                    if (!f->given || !f->has[0] || !f->has[1] || !f->has[2])
                        return false;
                }
                return true;
            }
        char list[96] = "";
        for (int k = 0; def->names[k]; k++) {
            strcat(list, k ? ", " : "");
            strcat(list, def->names[k]);
        }
        sweep_errn(c, n, "unknown %s %s (expected one of: %s)", def->name,
                   sweep_describe(n, d, sizeof d), list);
        return false;
    }
    }
    return false;
}

static void axis_item(struct ctx *c, int id, const struct ynode *n, struct axis *a) {
    char d[64];
    if (n->bad) {
        a->had_error = true;
        return;
    }
    if (n->kind != Y_SCALAR) {
        sweep_errn(c, n, "%s: expected a value, got %s", axis_defs[id].name,
                   sweep_describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (axis_defs[id].type == T_INT && strstr(n->text, "..")) {
        add_range(c, id, n, a);
        return;
    }
    struct axval v;
    if (axis_scalar(c, id, n, &v))
        axval_push(c, a, v);
    else
        a->had_error = true;
}

/* An axis value: scalar, list or range. */
static void parse_axis(struct ctx *c, int id, const struct ynode *key, const struct ynode *n,
                       struct axis *a) {
    char d[64];
    a->key = key;
    a->n = 0;
    if (n->kind == Y_MAP || (n->kind == Y_SCALAR && sweep_is_null(n))) {
        sweep_errn(c, n, "%s: expected a value, a list or a range, got %s", axis_defs[id].name,
                   sweep_describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (n->kind == Y_SEQ) {
        if (n->n == 0) {
            sweep_errn(c, n, "%s: empty list", axis_defs[id].name);
            a->had_error = true;
        }
        for (size_t i = 0; i < n->n && !c->nomem; i++)
            axis_item(c, id, n->kid[i], a);
        return;
    }
    axis_item(c, id, n, a);
}

void sweep_parse_axes(struct ctx *c, const struct ynode *map, struct expand *x) {
    const struct ynode *key[AX_MAX], *val[AX_MAX];
    if (!sweep_map_fields(c, map, "axes", axis_names, key, val))
        return;
    if (map->n == 0)
        sweep_errn(c, map, "axes: empty mapping (leave axes out to use the defaults)");
    for (int id = 0; id < AX_COUNT; id++)
        if (val[id])
            parse_axis(c, id, key[id], val[id], &x->ax[id]);
}

void sweep_parse_zip(struct ctx *c, const struct ynode *map, struct expand *x) {
    char d[64], gname[64];
    if (map->bad)
        return;
    if (map->kind != Y_MAP) {
        sweep_errn(c, map, "zip: expected a mapping of named groups, got %s",
                   sweep_describe(map, d, sizeof d));
        return;
    }
    if (map->n == 0) {
        sweep_errn(c, map, "zip: empty mapping");
        return;
    }
    bool *skip = calloc(map->n / 2 + 1, sizeof *skip);
    if (!skip) {
        c->nomem = true;
        return;
    }
    sweep_check_keys(c, map, "zip", skip);
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        if (skip[i / 2])
            continue;
        const struct ynode *gk = map->kid[i], *gv = map->kid[i + 1];
        const struct ynode *key[AX_MAX], *val[AX_MAX];
        char section[96];
        sweep_pretty(gk->text, gname, sizeof gname);
        snprintf(section, sizeof section, "zip group '%s'", gname);
        if (!sweep_map_fields(c, gv, section, axis_names, key, val))
            continue;
        if (gv->n == 0) {
            sweep_errn(c, gv, "%s: empty", section);
            continue;
        }
        struct zip_group g = {.key = gk, .n_axes = 0, .len = 0};
        int first = -1;
        bool bad_len = false;
        for (int id = 0; id < AX_COUNT; id++) {
            if (!val[id])
                continue;
            struct axis *a = &x->ax[id];
            if (a->key && a->group < 0) {
                sweep_errn(c, key[id], "%s is set in both axes (at %d:%d) and %s", axis_names[id],
                           a->key->line, a->key->col, section);
                continue;
            }
            if (a->key) {
                const struct ynode *og = x->groups[a->group].key;
                sweep_errn(c, key[id], "%s is in two zip groups ('%s' at %d:%d and '%s')",
                           axis_names[id], og->kind == Y_SCALAR ? og->text : "?", og->line, og->col,
                           gname);
                continue;
            }
            parse_axis(c, id, key[id], val[id], a);
            a->group = x->n_groups;
            g.axes[g.n_axes++] = id;
            if (a->had_error) {
                bad_len = true;
                continue;
            }
            if (first < 0) {
                first = id;
                g.len = a->n;
            } else if (a->n != g.len && !bad_len) {
                sweep_errn(c, val[id], "%s: %s has %zu values but %s has %zu", section,
                           axis_names[id], a->n, axis_names[first], g.len);
                bad_len = true;
            }
        }
        if (g.n_axes == 0)
            continue;
        x->groups[x->n_groups++] = g;
    }
    free(skip);
}

void sweep_parse_include(struct ctx *c, const struct ynode *seq, struct expand *x) {
    char d[64];
    if (seq->bad)
        return;
    if (seq->kind != Y_SEQ) {
        sweep_errn(c, seq, "include: expected a list of points, got %s",
                   sweep_describe(seq, d, sizeof d));
        return;
    }
    if (seq->n == 0) {
        sweep_errn(c, seq, "include: empty list");
        return;
    }
    if (seq->n > SWEEP_MAX_POINTS) {
        sweep_errn(c, seq, "include: more than %d points", SWEEP_MAX_POINTS);
        return;
    }
    x->inc = calloc(seq->n, sizeof *x->inc);
    if (!x->inc) {
        c->nomem = true;
        return;
    }
    for (size_t i = 0; i < seq->n; i++) {
        const struct ynode *item = seq->kid[i];
        const struct ynode *key[AX_MAX], *val[AX_MAX];
        struct include_pt *p = &x->inc[x->n_inc];
        bool ok = true;
        if (!sweep_map_fields(c, item, "include entry", axis_names, key, val))
            continue;
        if (item->n == 0) {
            sweep_errn(c, item, "include: empty entry");
            continue;
        }
        for (int id = 0; id < AX_COUNT; id++) {
            if (!val[id])
                continue;
            if (val[id]->kind != Y_SCALAR) {
                sweep_errn(c, val[id], "include: %s takes a single value, got %s", axis_names[id],
                           sweep_describe(val[id], d, sizeof d));
                ok = false;
                continue;
            }
            if (axis_defs[id].type == T_INT && strstr(val[id]->text, "..")) {
                sweep_errn(c, val[id], "include: %s takes a single value, not a range",
                           axis_names[id]);
                ok = false;
                continue;
            }
            if (!axis_scalar(c, id, val[id], &p->v[id])) {
                ok = false;
                continue;
            }
            p->set[id] = true;
        }
        if (ok) {
            p->line = item->line;
            p->col = item->col;
            x->n_inc++;
        }
    }
}

/* ------------------------------------------------------------- expansion -- */

struct point_set {
    struct sweep_point *pts;
    size_t n, cap;
    uint32_t *slot; /* open addressing on the key hash: index + 1, 0 = empty */
    uint64_t *hash;
    size_t n_slots;
};

static void point_add(struct ctx *c, struct point_set *ps, const struct sweep_point *p) {
    char key[1024], other[1024];
    sweep_point_key(p, key, sizeof key);
    uint64_t h = fnv1a64(key, strlen(key));
    size_t mask = ps->n_slots - 1, s = (size_t)h & mask;
    for (; ps->slot[s]; s = (s + 1) & mask) {
        size_t j = ps->slot[s] - 1;
        if (ps->hash[j] != h)
            continue;
        sweep_point_key(&ps->pts[j], other, sizeof other);
        if (!strcmp(key, other))
            return; /* a duplicate (prefill q_len, or include == axes point) */
    }
    if (ps->n == ps->cap) { /* cannot happen: sized for every combination */
        c->nomem = true;
        return;
    }
    ps->pts[ps->n] = *p;
    ps->hash[ps->n] = h;
    ps->slot[s] = (uint32_t)(++ps->n);
}

/* Mark of a value, or fall back to another when it is a default. */
static void blame(const struct axval *a, const struct axval *b, int oline, int ocol, int *line,
                  int *col) {
    if (a->line > 0)
        *line = a->line, *col = a->col;
    else if (b && b->line > 0)
        *line = b->line, *col = b->col;
    else
        *line = oline, *col = ocol;
}

/* Builds one point from a value per axis; checks what depends on several axes. */
static void make_point(struct ctx *c, struct point_set *ps, const struct axval *const *v, int oline,
                       int ocol) {
    struct sweep_point p;
    int line, col;
    bool ok = true;
    memset(&p, 0, sizeof p);
    attn_params_defaults(&p.params); /* knobs no axis sets (nsa_local, dsa_tokens) */
    p.shape.mode = v[AX_MODE]->i == ATTN_DECODE ? ATTN_DECODE : ATTN_PREFILL;
    p.shape.causal = v[AX_CAUSAL]->i != 0;
    p.shape.batch = v[AX_BATCH]->i;
    p.shape.seq_len = v[AX_SEQ_LEN]->i;
    p.shape.q_len = p.shape.mode == ATTN_PREFILL ? p.shape.seq_len : v[AX_Q_LEN]->i;
    p.shape.heads_q = v[AX_HEADS_Q]->i;
    p.shape.heads_kv = v[AX_HEADS_KV]->i;
    p.shape.head_dim = v[AX_HEAD_DIM]->i;
    p.shape.index_dim = v[AX_INDEX_DIM]->i;
    attn_params_defaults(&p.params);
    for (int id = AX_KNOB0; id < AX_DATA; id++)
        attn_knob_set(axis_knob[id], &p.params, v[id]->i);
    p.params.seed = (uint64_t)v[AX_SEED]->i;
    p.data.kind = (enum data_kind)v[AX_DATA]->i;
    p.data.seed = (uint64_t)v[AX_SEED]->i;
    p.data.index_noise = v[AX_INDEX_NOISE]->f;
    p.dtype = (enum sweep_dtype)v[AX_DTYPE]->i;

    if (p.shape.heads_kv > 0 && p.shape.heads_q % p.shape.heads_kv != 0) {
        blame(v[AX_HEADS_Q], v[AX_HEADS_KV], oline, ocol, &line, &col);
        sweep_errf(c, line, col, "heads_q %lld is not a multiple of heads_kv %lld",
                   (long long)p.shape.heads_q, (long long)p.shape.heads_kv);
        ok = false;
    }
    if (p.shape.mode == ATTN_DECODE) {
        if (p.shape.q_len > 8) {
            blame(v[AX_Q_LEN], v[AX_MODE], oline, ocol, &line, &col);
            sweep_errf(c, line, col, "q_len %lld is outside 1..8 in decode",
                       (long long)p.shape.q_len);
            ok = false;
        } else if (p.shape.q_len > p.shape.seq_len) {
            blame(v[AX_Q_LEN], v[AX_SEQ_LEN], oline, ocol, &line, &col);
            sweep_errf(c, line, col, "q_len %lld exceeds seq_len %lld in decode",
                       (long long)p.shape.q_len, (long long)p.shape.seq_len);
            ok = false;
        }
    }
    if (p.data.kind == DATA_FILE) {
        char *dst[5] = {p.data.q_path, p.data.k_path, p.data.v_path, p.data.qidx_path,
                        p.data.kidx_path};
        for (int i = 0; i < 5; i++)
            memcpy(dst[i], c->files.path[i], DATA_PATH_MAX);
        memcpy(p.file_name, c->files.name, sizeof p.file_name);
    }
    if (ok) {
        /* The final guard: what every implementation may assume. */
        const char *why = attn_shape_check(&p.shape, &p.params);
        if (why) {
            char key[1024];
            sweep_point_key(&p, key, sizeof key);
            sweep_errf(c, oline, ocol, "point %.300s: %s", key, why);
            ok = false;
        }
    }
    if (ok) {
        char why[256];
        if (sweep_point_bytes_check(&p.shape, why, sizeof why)) {
            blame(v[AX_BATCH], v[AX_SEQ_LEN], oline, ocol, &line, &col);
            sweep_errf(c, line, col, "%s", why);
            ok = false;
        }
    }
    if (ok)
        point_add(c, ps, &p);
}

/* An axis's default value: no mark, so messages point at another node. */
static struct axval axis_default(int id) {
    const struct axis_def *d = &axis_defs[id];
    return (struct axval){d->def, d->type == T_INT ? (double)d->def : d->def_f, 0, 0};
}

void sweep_expand(struct ctx *c, struct expand *x, struct sweep_spec *out) {
    /* Dimensions in axis order; a zip group sits at its first member. */
    int dim_axis[AX_MAX], dim_group[AX_MAX], n_dims = 0;
    size_t dim_len[AX_MAX], idx[AX_MAX], total = 1;
    bool seen_group[AX_MAX] = {false};
    struct point_set ps = {0};
    int oline = x->axes_node ? x->axes_node->line : 1, ocol = x->axes_node ? x->axes_node->col : 1;

    for (int id = 0; id < AX_COUNT; id++) {
        struct axis *a = &x->ax[id];
        if (!a->key && !axval_push(c, a, axis_default(id))) /* not given: its default */
            return;
        /* Every value bad (reported): check the other axes against the default. */
        if (a->n == 0 && !axval_push(c, a, axis_default(id)))
            return;
        if (a->group >= 0) {
            struct zip_group *g = &x->groups[a->group];
            if (seen_group[a->group])
                continue;
            seen_group[a->group] = true;
            /* The shortest member bounds every index (lengths may differ after an error). */
            g->len = (size_t)-1;
            for (int m = 0; m < g->n_axes; m++) {
                struct axis *b = &x->ax[g->axes[m]];
                if (b->n == 0 && !axval_push(c, b, axis_default(g->axes[m])))
                    return;
                if (b->n < g->len)
                    g->len = b->n;
            }
            dim_len[n_dims] = g->len;
        } else {
            dim_len[n_dims] = a->n;
        }
        dim_axis[n_dims] = id;
        dim_group[n_dims] = a->group;
        n_dims++;
    }
    for (int k = 0; k < n_dims; k++) {
        if (dim_len[k] == 0)
            return;
        total = total > SWEEP_MAX_POINTS ? total : total * dim_len[k];
    }
    /* `file:` as a list: the whole product once per entry */
    const size_t n_files = c->n_flist > 1 ? (size_t)c->n_flist : 1;
    if (total > SWEEP_MAX_POINTS || (total + x->n_inc) * n_files > SWEEP_MAX_POINTS) {
        if (total > SWEEP_MAX_POINTS)
            sweep_errf(c, oline, ocol, "the sweep expands to more than %d points",
                       SWEEP_MAX_POINTS);
        else
            sweep_errf(c, oline, ocol, "the sweep expands to %zu points, more than %d",
                       (total + x->n_inc) * n_files, SWEEP_MAX_POINTS);
        return;
    }
    ps.n_slots = 64;
    while (ps.n_slots < 2 * (total + x->n_inc) * n_files)
        ps.n_slots *= 2;
    /* Sized once: points are big (paths inline) and a doubling realloc would
     * briefly hold two copies. */
    ps.cap = (total + x->n_inc) * n_files;
    ps.slot = calloc(ps.n_slots, sizeof *ps.slot);
    ps.pts = malloc(ps.cap * sizeof *ps.pts);
    ps.hash = malloc(ps.cap * sizeof *ps.hash);
    if (!ps.slot || !ps.pts || !ps.hash) {
        free(ps.slot);
        free(ps.pts);
        free(ps.hash);
        c->nomem = true;
        return;
    }

    const struct axval *cur[AX_MAX];
    for (size_t fi = 0; fi < n_files && !c->nomem; fi++) {
        if (c->n_flist > 1)
            c->files = c->flist[fi];
        memset(idx, 0, sizeof idx);
        for (size_t t = 0; t < total && !c->nomem; t++) {
            for (int k = 0; k < n_dims; k++) {
                if (dim_group[k] < 0) {
                    cur[dim_axis[k]] = &x->ax[dim_axis[k]].v[idx[k]];
                } else {
                    const struct zip_group *g = &x->groups[dim_group[k]];
                    for (int m = 0; m < g->n_axes; m++)
                        cur[g->axes[m]] = &x->ax[g->axes[m]].v[idx[k]];
                }
            }
            make_point(c, &ps, cur, oline, ocol);
            for (int k = n_dims - 1; k >= 0; k--) { /* the last dimension varies fastest */
                if (++idx[k] < dim_len[k])
                    break;
                idx[k] = 0;
            }
        }
        /* Include points: unset keys take the first value of their axis, without
         * its mark, so a bad combination is reported inside the include entry. */
        for (size_t i = 0; i < x->n_inc && !c->nomem; i++) {
            struct include_pt *ip = &x->inc[i];
            for (int id = 0; id < AX_COUNT; id++) {
                if (!ip->set[id]) {
                    ip->v[id] = x->ax[id].v[0];
                    ip->v[id].line = ip->v[id].col = 0;
                }
                cur[id] = &ip->v[id];
            }
            make_point(c, &ps, cur, ip->line, ip->col);
        }
    }
    if (ps.n < ps.cap) { /* duplicates or bad points dropped: give back the tail */
        struct sweep_point *v = ps.n ? realloc(ps.pts, ps.n * sizeof *v) : NULL;
        if (v || !ps.n) {
            if (!ps.n)
                free(ps.pts);
            ps.pts = v;
        }
    }
    out->points = ps.pts;
    out->n_points = ps.n;
    free(ps.slot);
    free(ps.hash);
}
