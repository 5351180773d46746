/* sweep.c - YAML sweep file -> struct sweep_spec: the top-level keys, load
 * and the API.  libyaml's event API builds a small tree (sweep_yaml.c) so
 * every node keeps its line and column; the schema walk then checks every key
 * and value and keeps going after an error, so one run reports all of them,
 * sorted, as "file:line:col: message".  Finally the axes, zip groups and
 * include points are expanded and each point is checked (sweep_axes.c).
 * What the three files share: sweep_int.h. */
#include "sweep_int.h"

#include "fnv.h"
#include "method.h"
#include "regfile.h"
#include "sweep_limits.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_MAX_BYTES ((size_t)1 << 20)

/* ------------------------------------------------------------- top level -- */

enum top_key {
    K_NAME,
    K_METHODS,
    K_BACKENDS,
    K_VARIANTS,
    K_AXES,
    K_ZIP,
    K_INCLUDE,
    K_FILE,
    K_TIMING,
    K_LIMITS,
    K_VALIDATE,
    K_RECALL,
    K_OUTPUT,
    K_COUNT
};
static const char *const top_names[K_COUNT + 1] = {
    "name", "methods", "backends", "variants", "axes",   "zip",    "include",
    "file", "timing",  "limits",   "validate", "recall", "output", NULL};

static bool name_ok(const char *s) {
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return false;
    return true;
}

/* dir of the sweep file + rel, unless rel is absolute. */
static bool resolve_path(const char *sweep, const char *rel, char *dst, size_t cap) {
    const char *slash = strrchr(sweep, '/');
    int n;
    if (rel[0] == '/' || !slash)
        n = snprintf(dst, cap, "%s", rel);
    else
        n = snprintf(dst, cap, "%.*s/%s", (int)(slash - sweep), sweep, rel);
    return n >= 0 && (size_t)n < cap;
}

/* One `file:` mapping: q, k, v (required where `data: file` is used), qidx,
 * kidx, and an optional name that tells the entry apart in point keys. */
static void parse_file_entry(struct ctx *c, const struct ynode *map, struct files *f) {
    static const char *const names[] = {"q", "k", "v", "qidx", "kidx", "name", NULL};
    const struct ynode *k[6], *v[6];
    char d[64];
    if (!sweep_map_fields(c, map, "file", names, k, v))
        return;
    f->given = true;
    for (int i = 0; i < 5; i++) {
        char what[16], rel[DATA_PATH_MAX];
        if (!v[i])
            continue;
        snprintf(what, sizeof what, "file.%s", names[i]);
        if (!sweep_get_str(c, v[i], what, rel, sizeof rel))
            continue;
        if (!resolve_path(c->name, rel, f->path[i], DATA_PATH_MAX)) {
            sweep_errn(c, v[i], "%s: path too long once resolved (max %d characters)", what,
                       DATA_PATH_MAX - 1);
            continue;
        }
        f->has[i] = true;
    }
    if (v[5] && sweep_get_str(c, v[5], "file.name", f->name, sizeof f->name) && !name_ok(f->name))
        sweep_errn(c, v[5], "file.name %s may only hold letters, digits, '.', '_' and '-'",
                   sweep_describe(v[5], d, sizeof d));
}

/* `file:` is one mapping, or a list of named mappings: then every point of
 * the axes is made once per entry (e.g. one entry per captured layer). */
static void parse_file_map(struct ctx *c, const struct ynode *key, const struct ynode *map) {
    c->files.key = key;
    if (map->bad || map->kind != Y_SEQ) {
        parse_file_entry(c, map, &c->files);
        return;
    }
    if (map->n == 0 || map->n > SWEEP_MAX_LIST) {
        sweep_errn(c, map, "file: a list needs 1 to %d entries, got %zu", SWEEP_MAX_LIST, map->n);
        return;
    }
    c->flist = calloc(map->n, sizeof *c->flist);
    if (!c->flist) {
        c->nomem = true;
        return;
    }
    c->n_flist = (int)map->n;
    bool complete = true;
    for (size_t i = 0; i < map->n; i++) {
        struct files *f = &c->flist[i];
        const struct ynode *e = map->kid[i];
        f->key = key;
        parse_file_entry(c, e, f);
        if (e->bad || e->kind != Y_MAP)
            complete = false;
        else if (!f->has[0] || !f->has[1] || !f->has[2]) {
            sweep_errn(c, e, "file entry %zu needs q, k and v (missing:%s%s%s)", i + 1,
                       f->has[0] ? "" : " q", f->has[1] ? "" : " k", f->has[2] ? "" : " v");
            complete = false;
        }
        if (map->n > 1 && !f->name[0] && e->kind == Y_MAP) {
            sweep_errn(c, e,
                       "file entry %zu needs a name (a list of files tells points apart by it)",
                       i + 1);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (f->name[0] && !strcmp(c->flist[j].name, f->name)) {
                sweep_errn(c, e, "file entry %zu: name '%s' repeats entry %zu", i + 1, f->name,
                           j + 1);
                break;
            }
    }
    /* `data: file` checks c->files; entries were checked above */
    c->files = c->flist[0];
    c->files.given = true;
    for (int i = 0; i < 3; i++)
        c->files.has[i] = c->files.has[i] || !complete;
}

static void parse_timing(struct ctx *c, const struct ynode *map, struct sweep_spec *s) {
    static const char *const names[] = {"warmup_ms", "min_samples", "max_samples", "min_time_ms",
                                        "max_noise", "timeout_s",   NULL};
    const struct ynode *k[6], *v[6];
    int64_t iv;
    if (!sweep_map_fields(c, map, "timing", names, k, v))
        return;
    if (v[0])
        sweep_get_num(c, v[0], "timing.warmup_ms", 0, false, &s->timing.warmup_ms);
    if (v[1] && sweep_get_int(c, v[1], "timing.min_samples", 1, 1000000000, &iv))
        s->timing.min_samples = (int)iv;
    if (v[2] && sweep_get_int(c, v[2], "timing.max_samples", 1, 1000000000, &iv))
        s->timing.max_samples = (int)iv;
    if (v[3])
        sweep_get_num(c, v[3], "timing.min_time_ms", 0, false, &s->timing.min_time_ms);
    if (v[4])
        sweep_get_num(c, v[4], "timing.max_noise", 0, true, &s->timing.max_noise);
    if (v[5] && sweep_get_num(c, v[5], "timing.timeout_s", 0, true, &s->timing.timeout_s) &&
        s->timing.timeout_s > SWEEP_MAX_TIMEOUT_S)
        sweep_errn(c, v[5], "timing.timeout_s %g is above the cap of %d s (1 day)",
                   s->timing.timeout_s, SWEEP_MAX_TIMEOUT_S);
    /* the warmup loop stops at timeout_s anyway; a longer one is a mistake */
    if (v[0] && s->timing.warmup_ms > s->timing.timeout_s * 1e3)
        sweep_errn(c, v[0], "timing.warmup_ms %g exceeds timing.timeout_s (%g s)",
                   s->timing.warmup_ms, s->timing.timeout_s);
    if (v[3] && s->timing.min_time_ms > s->timing.timeout_s * 1e3)
        sweep_errn(c, v[3], "timing.min_time_ms %g exceeds timing.timeout_s (%g s)",
                   s->timing.min_time_ms, s->timing.timeout_s);
    if (s->timing.max_samples < s->timing.min_samples) {
        const struct ynode *at = v[2] ? v[2] : v[1];
        sweep_errn(c, at, "timing.max_samples %d is below timing.min_samples %d",
                   s->timing.max_samples, s->timing.min_samples);
    }
}

static void parse_limits(struct ctx *c, const struct ynode *map, struct sweep_spec *s) {
    static const char *const names[] = {"memory", "device_memory", "cpu_max_seconds", NULL};
    const struct ynode *k[3], *v[3];
    if (!sweep_map_fields(c, map, "limits", names, k, v))
        return;
    if (v[0])
        sweep_get_size(c, v[0], "limits.memory", &s->mem_limit);
    if (v[1])
        sweep_get_size(c, v[1], "limits.device_memory", &s->dev_mem_limit);
    if (v[2])
        sweep_get_num(c, v[2], "limits.cpu_max_seconds", 0, true, &s->cpu_max_seconds);
}

static void parse_small_sections(struct ctx *c, const struct ynode *const *val,
                                 struct sweep_spec *s) {
    int64_t iv;
    if (val[K_VALIDATE]) {
        static const char *const names[] = {"rows", NULL};
        const struct ynode *k[1], *v[1];
        if (sweep_map_fields(c, val[K_VALIDATE], "validate", names, k, v) && v[0] &&
            sweep_get_int(c, v[0], "validate.rows", 1, INT32_MAX, &iv))
            s->validate_rows = (int)iv;
    }
    if (val[K_RECALL]) {
        static const char *const names[] = {"enabled", "rows", "all_rows_below", NULL};
        const struct ynode *k[3], *v[3];
        if (sweep_map_fields(c, val[K_RECALL], "recall", names, k, v)) {
            if (v[0])
                sweep_get_bool(c, v[0], "recall.enabled", &s->recall_enabled);
            if (v[1] && sweep_get_int(c, v[1], "recall.rows", 1, INT32_MAX, &iv))
                s->recall_rows = (int)iv;
            if (v[2] && sweep_get_int(c, v[2], "recall.all_rows_below", 0, INT64_MAX, &iv))
                s->recall_all_rows_below = iv;
        }
    }
    if (val[K_OUTPUT]) {
        static const char *const names[] = {"dir", NULL};
        const struct ynode *k[1], *v[1];
        if (sweep_map_fields(c, val[K_OUTPUT], "output", names, k, v) && v[0])
            sweep_get_str(c, v[0], "output.dir", s->output_dir, sizeof s->output_dir);
    }
}

static void validate_top(struct ctx *c, const struct ynode *root, struct sweep_spec *s,
                         struct expand *x) {
    const struct ynode *key[K_COUNT], *val[K_COUNT];
    char d[64];
    if (!sweep_map_fields(c, root, "the sweep", top_names, key, val))
        return;
    if (val[K_NAME] && sweep_get_str(c, val[K_NAME], "name", s->name, sizeof s->name) &&
        !name_ok(s->name))
        sweep_errn(c, val[K_NAME], "name %s may only hold letters, digits, '.', '_' and '-'",
                   sweep_describe(val[K_NAME], d, sizeof d));
    if (!val[K_METHODS])
        sweep_errn(c, root, "missing required key 'methods'");
    else
        sweep_parse_names(c, val[K_METHODS], "methods", NAME_METHOD, s->methods, &s->n_methods);
    if (val[K_BACKENDS])
        sweep_parse_names(c, val[K_BACKENDS], "backends", NAME_BACKEND, s->backends,
                          &s->n_backends);
    if (val[K_VARIANTS]) {
        sweep_parse_names(c, val[K_VARIANTS], "variants", NAME_VARIANT, s->variants,
                          &s->n_variants);
        sweep_check_variants(c, val[K_VARIANTS], s);
    }
    if (val[K_TIMING])
        parse_timing(c, val[K_TIMING], s);
    if (val[K_LIMITS])
        parse_limits(c, val[K_LIMITS], s);
    parse_small_sections(c, val, s);
    /* file first: `data: file` values check against it wherever they appear. */
    if (val[K_FILE])
        parse_file_map(c, key[K_FILE], val[K_FILE]);
    x->axes_node = val[K_AXES] ? val[K_AXES] : root;
    if (val[K_AXES])
        sweep_parse_axes(c, val[K_AXES], x);
    if (val[K_ZIP])
        sweep_parse_zip(c, val[K_ZIP], x);
    if (val[K_INCLUDE])
        sweep_parse_include(c, val[K_INCLUDE], x);
    if (!c->nomem)
        sweep_expand(c, x, s);
}

static void default_name(const char *path, char *dst, size_t cap) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    size_t j = 0;
    for (size_t i = 0; i < n && j + 1 < cap; i++)
        dst[j++] =
            isalnum((unsigned char)base[i]) || base[i] == '-' || base[i] == '.' ? base[i] : '_';
    dst[j] = '\0';
    if (!j)
        snprintf(dst, cap, "sweep");
}

static enum attn_status load(const char *name, const char *buf, size_t len, size_t real_len,
                             struct sweep_spec *out, FILE *err) {
    struct ctx c;
    struct expand x;
    struct ynode *root = NULL;
    enum attn_status st = ATTN_OK;
    sweep_expand_init(&x);
    memset(&c, 0, sizeof c);
    c.name = name;
    c.buf = buf;
    c.len = len;
    sweep_defaults(out);
    snprintf(out->path, sizeof out->path, "%s", name);
    snprintf(out->hash, sizeof out->hash, "%016llx", (unsigned long long)fnv1a64(buf, len));

    if (real_len > SWEEP_MAX_BYTES) {
        sweep_errf(&c, 1, 1, "the sweep file is larger than 1 MiB (%zu bytes)", real_len);
        goto cleanup;
    }
    if (!sweep_parse_tree(&c, &root))
        goto cleanup;
    if (!root)
        sweep_errf(&c, 1, 1, "empty sweep: missing required key 'methods'");
    else if (root->kind != Y_MAP)
        sweep_errn(&c, root, "the top level must be a mapping of keys, got %s",
                   root->kind == Y_SEQ ? "a list" : "a scalar");
    else
        validate_top(&c, root, out, &x);
    if (!out->name[0])
        default_name(name, out->name, sizeof out->name);
    /* no output.dir: the CLI picks results/runs/<name>-<timestamp>/ (never reused) */

cleanup:
    sweep_tree_free(&c);
    free(c.flist);
    sweep_expand_free(&x);
    if (c.n_errs) /* qsort(NULL, 0) is undefined (found by the fuzzer) */
        qsort(c.errs, c.n_errs, sizeof *c.errs, sweep_cmp_err);
    for (size_t i = 0; i < c.n_errs; i++) {
        if (err)
            fprintf(err, "%s:%d:%d: %s\n", name, c.errs[i].line, c.errs[i].col, c.errs[i].msg);
    }
    if (err && c.n_dropped)
        fprintf(err, "%s: %zu more errors not shown\n", name, c.n_dropped);
    if (c.nomem) {
        attn_set_error("%s: out of memory while loading the sweep", name);
        st = ATTN_ERR_NOMEM;
    } else if (c.n_errs) {
        attn_set_error("%s:%d:%d: %s%s", name, c.errs[0].line, c.errs[0].col, c.errs[0].msg,
                       c.n_errs > 1 ? " (and more)" : "");
        st = ATTN_ERR_PARSE;
    }
    for (size_t i = 0; i < c.n_errs; i++)
        free(c.errs[i].msg);
    free(c.errs);
    if (st != ATTN_OK) {
        sweep_free(out);
        memset(out, 0, sizeof *out);
    }
    return st;
}

/* ------------------------------------------------------------------ API -- */

static bool in_list(const char (*list)[SWEEP_NAME_MAX], int n, const char *s) {
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

bool sweep_lists(const struct sweep_spec *s, const struct attn_impl *im) {
    return in_list(s->methods, s->n_methods, im->method) &&
           in_list(s->backends, s->n_backends, im->backend);
}

bool sweep_variant_wanted(const struct sweep_spec *s, const struct attn_impl *im) {
    const size_t ml = strlen(im->method);
    bool qualified = false, plain = false, hit_q = false, hit_p = false;
    for (int i = 0; i < s->n_variants; i++) {
        const char *v = s->variants[i], *slash = strchr(v, '/');
        if (!slash) {
            plain = true;
            hit_p |= strcmp(v, im->variant) == 0;
        } else if ((size_t)(slash - v) == ml && strncmp(v, im->method, ml) == 0) {
            qualified = true;
            hit_q |= strcmp(slash + 1, im->variant) == 0;
        }
    }
    return qualified ? hit_q : !plain || hit_p;
}

void sweep_defaults(struct sweep_spec *s) {
    memset(s, 0, sizeof *s);
    s->timing = (struct sweep_timing){.warmup_ms = 25,
                                      .min_samples = 10,
                                      .max_samples = 200,
                                      .min_time_ms = 0,
                                      .max_noise = 0.03,
                                      .timeout_s = 10};
    snprintf(s->backends[0], SWEEP_NAME_MAX, "ref");
    snprintf(s->backends[1], SWEEP_NAME_MAX, "cpu");
    s->n_backends = 2;
    s->cpu_max_seconds = 30;
    s->validate_rows = 16;
    s->recall_enabled = true;
    s->recall_rows = 256;
    s->recall_all_rows_below = 4096;
}

void sweep_free(struct sweep_spec *s) {
    if (!s)
        return;
    free(s->points);
    s->points = NULL;
    s->n_points = 0;
}

enum attn_status sweep_load_buffer(const char *name, const char *buf, size_t len,
                                   struct sweep_spec *out, FILE *err) {
    if (!name)
        name = "<buffer>";
    if (!buf && len) {
        attn_set_error("sweep_load_buffer: NULL buffer");
        return ATTN_ERR_INVALID;
    }
    return load(name, buf ? buf : "", buf ? len : 0, len, out, err);
}

enum attn_status sweep_load(const char *path, struct sweep_spec *out, FILE *err) {
    enum attn_status st;
    char *buf = NULL;
    size_t len = 0;
    int e = 0;
    char why[128] = "";
    memset(out, 0, sizeof *out);
    FILE *f = regfile_open(path, why, sizeof why);
    if (!f) {
        e = errno;
        goto io_error;
    }
    /* Read at most one byte past the cap: enough to know it is too big. */
    buf = malloc(SWEEP_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        attn_set_error("%s: out of memory", path);
        return ATTN_ERR_NOMEM;
    }
    len = fread(buf, 1, SWEEP_MAX_BYTES + 1, f);
    if (ferror(f)) {
        e = errno ? errno : EIO;
        fclose(f);
        goto io_error;
    }
    fclose(f);
    st = load(path, buf, len > SWEEP_MAX_BYTES ? SWEEP_MAX_BYTES : len, len, out, err);
    free(buf);
    return st;

io_error:
    free(buf);
    if (!why[0])
        snprintf(why, sizeof why, "%s", strerror(e));
    if (err)
        fprintf(err, "%s: cannot read the sweep file: %s\n", path, why);
    attn_set_error("%s: cannot read the sweep file: %s", path, why);
    return ATTN_ERR_IO;
}

const char *sweep_dtype_str(enum sweep_dtype t) {
    switch (t) {
    case SWEEP_DTYPE_AUTO:
        return "auto";
    case SWEEP_DTYPE_F64:
        return "f64";
    case SWEEP_DTYPE_F32:
        return "f32";
    case SWEEP_DTYPE_BF16:
        return "bf16";
    }
    return "?";
}

/* Shortest text that reads back as the same double: stable and collision-free. */
static void fmt_double(double v, char *buf, size_t n) {
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* Knobs whose tokens are fixed in every key (",bk64,k8,bbw3,bbg2,bbr3,pfm0,pfc64"):
 * the knobs of the first six methods, so committed keys stay byte-identical. */
static bool knob_legacy(const char *name) {
    static const char *const legacy[] = {"block_size", "bb_window",   "bb_global", "bb_random",
                                         "topk",       "pf_features", "pf_chunk"};
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        if (!strcmp(legacy[i], name))
            return true;
    return false;
}

/* ",name=value" for every other knob that m reads or that is away from its
 * default (so points that differ only there keep distinct keys). */
static void key_knobs(const struct sweep_point *p, const struct attn_method *m, char *buf,
                      size_t n) {
    size_t w = strlen(buf);
    for (size_t mi = 0; mi < attn_method_count(); mi++) {
        const struct attn_method *am = attn_method_get(mi);
        for (int i = 0; i < am->n_knobs && w < n; i++) {
            const struct attn_knob *k = &am->knobs[i];
            if (knob_legacy(k->name))
                continue;
            bool first = true; /* a name shared by several methods: once, at its first */
            for (size_t mj = 0; mj < mi && first; mj++)
                first = attn_method_knob(attn_method_get(mj), k->name) == NULL;
            for (int j = 0; j < i && first; j++)
                first = strcmp(am->knobs[j].name, k->name) != 0;
            const double v = attn_knob_get(k, &p->params);
            if (!first || (v == k->def && !(m && attn_method_knob(m, k->name))))
                continue;
            int r = k->type == ATTN_KNOB_U64
                        ? snprintf(buf + w, n - w, ",%s=%llu", k->name, (unsigned long long)v)
                        : snprintf(buf + w, n - w, ",%s=%lld", k->name, (long long)v);
            w = r > 0 ? w + (size_t)r : n;
        }
    }
}

void sweep_point_key(const struct sweep_point *p, char *buf, size_t n) {
    sweep_point_key_method(p, NULL, buf, n);
}

void sweep_point_key_method(const struct sweep_point *p, const char *method, char *buf, size_t n) {
    static const char *const kinds[] = {"normal", "structured", "file", "calibrated", "coherent"};
    const struct attn_shape *s = &p->shape;
    const struct attn_params *a = &p->params;
    char noise[32];
    const char *kind = (unsigned)p->data.kind < 5 ? kinds[p->data.kind] : "?";
    if (!buf || !n)
        return;
    fmt_double(p->data.index_noise, noise, sizeof noise);
    int w = snprintf(buf, n,
                     "%s,c%d,B%lld,N%lld,q%lld,hq%lld,hkv%lld,d%lld,di%lld,bk%d,k%d,"
                     "bbw%d,bbg%d,bbr%d,pfm%d,pfc%d,%s,noise%s,s%llu,%s",
                     s->mode == ATTN_DECODE ? "decode" : "prefill", s->causal ? 1 : 0,
                     (long long)s->batch, (long long)s->seq_len, (long long)s->q_len,
                     (long long)s->heads_q, (long long)s->heads_kv, (long long)s->head_dim,
                     (long long)s->index_dim, a->block_size, a->topk, a->bb_window, a->bb_global,
                     a->bb_random, a->pf_features, a->pf_chunk, kind, noise,
                     (unsigned long long)p->data.seed, sweep_dtype_str(p->dtype));
    if (p->data.kind == DATA_FILE && w > 0 && (size_t)w < n) {
        const char *base = strrchr(p->data.q_path, '/');
        base = base ? base + 1 : p->data.q_path;
        w += snprintf(buf + w, n - (size_t)w, ",q=%s", base);
        if (p->file_name[0] && w > 0 && (size_t)w < n)
            snprintf(buf + w, n - (size_t)w, ",file=%s", p->file_name);
    }
    if (w > 0 && (size_t)w < n)
        key_knobs(p, method ? attn_method_find(method) : NULL, buf, n);
}
