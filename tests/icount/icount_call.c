/* icount_call.c - msabench_icount: ONE call of one implementation on one small
 * shape, for the instruction-count gate (scripts/icount_gate.sh).
 *
 *   msabench_icount ROWS_FILE --list      the row names, one a line
 *   msabench_icount ROWS_FILE NAME        runs row NAME
 *   msabench_icount --fingerprint         what the counts depend on besides
 *                                         the code: compiler, OpenBLAS (and
 *                                         the core it picked), glibc
 *
 * A row is one line "NAME key=value ..." (keys below; '#' starts a comment).
 * The file is only parsed, never executed: unknown keys, bad numbers and
 * duplicate names are refused with FILE:LINE.  Inputs come from the same
 * generator as a sweep's (data_make, `structured`, fixed seed); init and one
 * untimed warm call run first, then the measured call runs between
 * CALLGRIND_START_INSTRUMENTATION and CALLGRIND_STOP_INSTRUMENTATION, so under
 * `valgrind --tool=callgrind --instr-atstart=no` only that call is counted.
 * It prints "NAME ok checksum" (the output's sum: the call did its work). */
#include "alloc.h"
#include "attn.h"
#include "data.h"

#include <cblas.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#define ROW_NAME_MAX 64

struct row {
    char name[ROW_NAME_MAX];
    char method[32], backend[32], variant[32];
    struct attn_shape s;
    struct attn_params p;
    uint64_t seed;
};

static int parse_i64(const char *v, int64_t lo, int64_t hi, int64_t *out) {
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi)
        return 0;
    *out = x;
    return 1;
}

static int copy_word(char *dst, size_t n, const char *v) {
    if (!*v || strlen(v) >= n)
        return 0;
    for (const char *c = v; *c; c++)
        if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            return 0;
    memcpy(dst, v, strlen(v) + 1);
    return 1;
}

/* One key=value of a row; 0 when the key is unknown or the value bad. */
static int set_key(struct row *r, const char *k, const char *v) {
    int64_t x;
    struct {
        const char *key;
        int64_t *dst;
        int64_t hi;
    } sizes[] = {{"batch", &r->s.batch, 64},         {"seq_len", &r->s.seq_len, 1 << 16},
                 {"q_len", &r->s.q_len, 1 << 16},    {"heads_q", &r->s.heads_q, 256},
                 {"heads_kv", &r->s.heads_kv, 256},  {"head_dim", &r->s.head_dim, 512},
                 {"index_dim", &r->s.index_dim, 512}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (!strcmp(k, sizes[i].key))
            return parse_i64(v, 1, sizes[i].hi, sizes[i].dst);
    struct {
        const char *key;
        int32_t *dst;
    } params[] = {{"block_size", &r->p.block_size}, {"topk", &r->p.topk},
                  {"bb_window", &r->p.bb_window},   {"bb_global", &r->p.bb_global},
                  {"bb_random", &r->p.bb_random},   {"pf_features", &r->p.pf_features},
                  {"pf_chunk", &r->p.pf_chunk}};
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        if (!strcmp(k, params[i].key)) {
            if (!parse_i64(v, 0, 1 << 16, &x))
                return 0;
            *params[i].dst = (int32_t)x;
            return 1;
        }
    if (!strcmp(k, "method"))
        return copy_word(r->method, sizeof r->method, v);
    if (!strcmp(k, "backend"))
        return copy_word(r->backend, sizeof r->backend, v);
    if (!strcmp(k, "variant"))
        return copy_word(r->variant, sizeof r->variant, v);
    if (!strcmp(k, "seed"))
        return parse_i64(v, 0, INT64_MAX, &x) && (r->seed = (uint64_t)x, r->p.seed = r->seed, 1);
    if (!strcmp(k, "causal"))
        return parse_i64(v, 0, 1, &x) && (r->s.causal = x != 0, 1);
    if (!strcmp(k, "mode")) {
        if (strcmp(v, "prefill") && strcmp(v, "decode"))
            return 0;
        r->s.mode = strcmp(v, "decode") ? ATTN_PREFILL : ATTN_DECODE;
        return 1;
    }
    return 0;
}

static int name_ok(const char *v) {
    if (!*v || strlen(v) >= ROW_NAME_MAX)
        return 0;
    for (const char *c = v; *c; c++)
        if (!(*c == '-' || *c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            return 0;
    return 1;
}

static void row_defaults(struct row *r) {
    memset(r, 0, sizeof *r);
    r->s = (struct attn_shape){.batch = 1,
                               .seq_len = 256,
                               .q_len = 0,
                               .heads_q = 4,
                               .heads_kv = 2,
                               .head_dim = 64,
                               .index_dim = 64,
                               .mode = ATTN_PREFILL,
                               .causal = true};
    attn_params_defaults(&r->p);
    r->seed = r->p.seed = 7;
}

/* Reads FILE; with want == NULL prints every name, else fills *out with row want.
 * Returns 0 on success, 2 on a bad file or an unknown name. */
static int read_rows(const char *file, const char *want, struct row *out) {
    FILE *f = fopen(file, "r");
    char line[1024], names[256][ROW_NAME_MAX];
    int n = 0, lineno = 0, found = 0, rc = 0;
    if (!f) {
        fprintf(stderr, "msabench_icount: %s: %s\n", file, strerror(errno));
        return 2;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            fprintf(stderr, "%s:%d: line too long\n", file, lineno);
            rc = 2;
            break;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        struct row r;
        row_defaults(&r);
        char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save);
        if (!tok)
            continue;
        if (!name_ok(tok)) {
            fprintf(stderr, "%s:%d: bad row name '%.64s' (a-z, 0-9, '_', '-'; < 64)\n", file,
                    lineno, tok);
            rc = 2;
            break;
        }
        snprintf(r.name, sizeof r.name, "%s", tok);
        for (int i = 0; i < n && !rc; i++)
            if (!strcmp(names[i], r.name)) {
                fprintf(stderr, "%s:%d: row '%s' appears twice\n", file, lineno, r.name);
                rc = 2;
            }
        if (rc || n >= 256) {
            if (!rc)
                fprintf(stderr, "%s:%d: more than 256 rows\n", file, lineno);
            rc = 2;
            break;
        }
        memcpy(names[n++], r.name, ROW_NAME_MAX);
        while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
            char *eq = strchr(tok, '=');
            if (!eq || !(*eq = '\0', set_key(&r, tok, eq + 1))) {
                fprintf(stderr, "%s:%d: row '%s': bad field '%s%s%s'\n", file, lineno, r.name, tok,
                        eq ? "=" : "", eq ? eq + 1 : "");
                rc = 2;
                break;
            }
        }
        if (rc)
            break;
        if (!r.method[0] || !r.backend[0]) {
            fprintf(stderr, "%s:%d: row '%s' needs method= and backend=\n", file, lineno, r.name);
            rc = 2;
            break;
        }
        if (!r.s.q_len)
            r.s.q_len = r.s.mode == ATTN_DECODE ? 1 : r.s.seq_len;
        if (!want)
            printf("%s\n", r.name);
        else if (!strcmp(want, r.name)) {
            *out = r;
            found = 1;
        }
    }
    fclose(f);
    if (!rc && want && !found) {
        fprintf(stderr, "msabench_icount: %s: no row '%s'\n", file, want);
        rc = 2;
    }
    return rc;
}

/* float32 master copy -> the backend's element type (ref: double) */
static void *as_backend(const float *src, int64_t n, bool f64) {
    if (!src)
        return NULL;
    if (!f64) {
        float *d = attn_host_alloc((size_t)n * sizeof *d);
        if (d)
            memcpy(d, src, (size_t)n * sizeof *d);
        return d;
    }
    double *d = attn_host_alloc((size_t)n * sizeof *d);
    for (int64_t i = 0; d && i < n; i++)
        d[i] = src[i];
    return d;
}

/* The measured call: only this is instrumented. */
static __attribute__((noinline)) enum attn_status
measured_call(const struct attn_impl *im, void *ctx, const struct attn_io *io) {
    CALLGRIND_START_INSTRUMENTATION;
    enum attn_status st = im->run(ctx, io);
    CALLGRIND_STOP_INSTRUMENTATION;
    return st;
}

static int run_row(const struct row *r) {
    const struct attn_impl *im =
        attn_registry_find(r->method, r->backend, r->variant[0] ? r->variant : NULL);
    struct attn_shape s = r->s;
    struct attn_inputs in = {0};
    void *buf[5] = {0}, *o = NULL, *ws = NULL, *ctx = NULL;
    int32_t *sel = NULL;
    const char *why = NULL;
    int rc = 3;
    if (!im || (im->flags & ATTN_F_DEVICE)) {
        fprintf(stderr, "msabench_icount: %s: no CPU implementation %s/%s/%s\n", r->name, r->method,
                r->backend, r->variant[0] ? r->variant : "*");
        return 2;
    }
    if (im->flags & ATTN_F_MHA)
        s.heads_kv = s.heads_q; /* as the runner does */
    if (!im->supports(&s, &r->p, &why)) {
        fprintf(stderr, "msabench_icount: %s: unsupported: %s\n", r->name, why ? why : "?");
        return 2;
    }
    struct data_spec ds = {.kind = DATA_STRUCTURED, .seed = r->seed, .index_noise = 0.5};
    if (data_make(&ds, &s, &in) != ATTN_OK) {
        fprintf(stderr, "msabench_icount: %s: inputs: %s\n", r->name, attn_last_error());
        return 3;
    }
    const bool f64 = (im->flags & ATTN_F_ORACLE) != 0;
    const size_t esz = f64 ? sizeof(double) : sizeof(float);
    const float *src[5] = {in.q, in.k, in.v, in.qidx, in.kidx};
    const int64_t n[5] = {attn_numel_q(&s), attn_numel_kv(&s), attn_numel_kv(&s),
                          attn_numel_qidx(&s), attn_numel_kidx(&s)};
    for (int i = 0; i < 5; i++)
        if (src[i] && !(buf[i] = as_backend(src[i], n[i], f64)))
            goto cleanup;
    const int64_t no = attn_numel_q(&s);
    const size_t wsb = im->workspace_size(&s, &r->p);
    const int32_t width = im->sel_width ? im->sel_width(&s, &r->p) : 0;
    o = attn_host_alloc((size_t)no * esz);
    ws = wsb ? attn_host_alloc(wsb) : NULL;
    if (width > 0)
        sel = attn_host_alloc((size_t)(s.batch * s.heads_kv * s.q_len * width) * sizeof *sel);
    if (!o || (wsb && !ws) || (width > 0 && !sel))
        goto cleanup;
    struct attn_io io = {
        .q = buf[0], .k = buf[1], .v = buf[2], .qidx = buf[3], .kidx = buf[4], .o = o, .sel = sel};
    if (im->init(&ctx, &s, &r->p, ws, NULL) != ATTN_OK || im->run(ctx, &io) != ATTN_OK ||
        measured_call(im, ctx, &io) != ATTN_OK) {
        fprintf(stderr, "msabench_icount: %s: %s\n", r->name, attn_last_error());
        goto cleanup;
    }
    double sum = 0;
    for (int64_t i = 0; i < no; i++)
        sum += f64 ? ((const double *)o)[i] : ((const float *)o)[i];
    if (!isfinite(sum)) {
        fprintf(stderr, "msabench_icount: %s: non-finite output\n", r->name);
        goto cleanup;
    }
    printf("%s ok %.6e\n", r->name, sum);
    rc = 0;
cleanup:
    if (ctx)
        im->free(ctx);
    for (int i = 0; i < 5; i++)
        attn_host_free(buf[i]);
    attn_host_free(o);
    attn_host_free(ws);
    attn_host_free(sel);
    data_free(&in);
    if (rc == 3)
        fprintf(stderr, "msabench_icount: %s: failed\n", r->name);
    return rc;
}

/* OpenBLAS's own declarations (not in every cblas.h) */
char *openblas_get_config(void);
char *openblas_get_corename(void);

int main(int argc, char **argv) {
    struct row r;
    if (argc == 2 && !strcmp(argv[1], "--fingerprint")) {
        printf("compiler=%s; openblas=%s; openblas_core=%s; glibc=%s\n", MSABENCH_COMPILER,
               openblas_get_config(), openblas_get_corename(), gnu_get_libc_version());
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: msabench_icount ROWS_FILE --list | NAME;  msabench_icount "
                        "--fingerprint\n");
        return 2;
    }
    if (!strcmp(argv[2], "--list"))
        return read_rows(argv[1], NULL, NULL);
    int rc = read_rows(argv[1], argv[2], &r);
    return rc ? rc : run_row(&r);
}
