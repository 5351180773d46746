/* results_cols.c - the columns of results.csv, one entry each, in order
 * (results_cols.h).  Names never change; new columns go at the end. */
#include "results_cols.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define SHAPE(r) (&(r)->point->shape)
#define PARAMS(r) (&(r)->point->params)

/* one getter per column: C_<kind>(column, expression of r) */
#define C_STR(nm, expr)                                                                            \
    static const char *get_##nm(const struct result_row *r) {                                      \
        return (expr);                                                                             \
    }
#define C_INT(nm, expr)                                                                            \
    static int64_t get_##nm(const struct result_row *r) {                                          \
        return (int64_t)(expr);                                                                    \
    }
#define C_NUM(nm, expr)                                                                            \
    static double get_##nm(const struct result_row *r) {                                           \
        return (expr);                                                                             \
    }

C_STR(sweep, r->sweep)
C_STR(key, r->key)
C_STR(method, r->method)
C_STR(backend, r->backend)
C_STR(variant, r->variant)
C_STR(status, row_status_str(r->status))
C_STR(reason, r->reason)
C_STR(mode, SHAPE(r)->mode == ATTN_DECODE ? "decode" : "prefill")
C_INT(causal, SHAPE(r)->causal)
C_INT(batch, SHAPE(r)->batch)
C_INT(seq_len, SHAPE(r)->seq_len)
C_INT(q_len, SHAPE(r)->q_len)
C_INT(heads_q, SHAPE(r)->heads_q)
C_INT(heads_kv, SHAPE(r)->heads_kv)
C_INT(head_dim, SHAPE(r)->head_dim)
C_INT(index_dim, SHAPE(r)->index_dim)
C_INT(block_size, PARAMS(r)->block_size)
C_INT(topk, PARAMS(r)->topk)
C_INT(bb_window, PARAMS(r)->bb_window)
C_INT(bb_global, PARAMS(r)->bb_global)
C_INT(bb_random, PARAMS(r)->bb_random)
C_INT(pf_features, PARAMS(r)->pf_features)
C_INT(pf_chunk, PARAMS(r)->pf_chunk)
C_STR(data, data_kind_str(r->point->data.kind))
C_NUM(index_noise, r->point->data.index_noise)
C_INT(seed, r->point->data.seed)
C_STR(dtype, sweep_dtype_str(r->point->dtype))
C_NUM(flops, r->cost.flops)
C_NUM(flops_index, r->cost.flops_index)
C_NUM(flops_main, r->cost.flops_main)
C_NUM(flops_dense, r->cost.flops_dense)
C_NUM(bytes_model, r->cost.bytes_model)
C_NUM(mem_model, r->cost.mem_model)
C_NUM(mem_peak, r->mem_peak)
C_INT(samples, r->time_ms.n)
C_NUM(median_ms, r->time_ms.median)
C_NUM(p20_ms, r->time_ms.p20)
C_NUM(p80_ms, r->time_ms.p80)
C_NUM(mean_ms, r->time_ms.mean)
C_NUM(min_ms, r->time_ms.min)
C_NUM(cv, r->time_ms.cv)
C_NUM(t_index_ms, r->stage_ms[0])
C_NUM(t_topk_ms, r->stage_ms[1])
C_NUM(t_attn_ms, r->stage_ms[2])
C_NUM(t_combine_ms, r->stage_ms[3])
C_NUM(useful_tflops, r->useful_tflops)
C_NUM(dense_tflops, r->dense_tflops)
C_NUM(gbps, r->gbps)
C_INT(val_rows, r->val_rows)
C_NUM(val_rel_err, r->val_rel_err)
C_NUM(val_max_abs, r->val_max_abs)
C_INT(recall_rows, r->recall.rows)
C_NUM(block_recall, r->recall.block_recall)
C_NUM(score_recall, r->recall.score_recall)
C_NUM(mass_coverage, r->recall.mass_coverage)
C_NUM(out_rel_err, r->recall.out_rel_err)
C_NUM(floor_ms, r->floor_ms)
C_NUM(bytes_worst, r->bytes_worst)
C_NUM(frac_of_floor, r->frac_of_floor)
C_NUM(adjacent_overlap, r->coh.adjacent_overlap)
C_NUM(tile_distinct, r->coh.tile_distinct)
C_NUM(hot_share, r->coh.hot_share)
C_STR(kernels, r->kernels)

/* every timed sample, ';' between (compare's Mann-Whitney test reads them) */
static void put_samples_ms(FILE *f, const struct result_row *r) {
    for (size_t i = 0; i < r->n_samples; i++)
        fprintf(f, "%s%.6g", i ? ";" : "", r->samples[i]);
}

#define S(nm)                                                                                      \
    { #nm, RESULT_COL_STR, .str = get_##nm }
#define I(nm)                                                                                      \
    { #nm, RESULT_COL_INT, .i64 = get_##nm }
#define N(nm)                                                                                      \
    { #nm, RESULT_COL_NUM, .num = get_##nm }

/* one column a line, in order */
/* clang-format off */
static const struct result_col cols[] = {
    S(sweep),
    S(key),
    S(method),
    S(backend),
    S(variant),
    S(status),
    S(reason),
    S(mode),
    I(causal),
    I(batch),
    I(seq_len),
    I(q_len),
    I(heads_q),
    I(heads_kv),
    I(head_dim),
    I(index_dim),
    I(block_size),
    I(topk),
    I(bb_window),
    I(bb_global),
    I(bb_random),
    I(pf_features),
    I(pf_chunk),
    S(data),
    N(index_noise),
    I(seed),
    S(dtype),
    N(flops),
    N(flops_index),
    N(flops_main),
    N(flops_dense),
    N(bytes_model),
    N(mem_model),
    N(mem_peak),
    I(samples),
    N(median_ms),
    N(p20_ms),
    N(p80_ms),
    N(mean_ms),
    N(min_ms),
    N(cv),
    N(t_index_ms),
    N(t_topk_ms),
    N(t_attn_ms),
    N(t_combine_ms),
    N(useful_tflops),
    N(dense_tflops),
    N(gbps),
    I(val_rows),
    N(val_rel_err),
    N(val_max_abs),
    I(recall_rows),
    N(block_recall),
    N(score_recall),
    N(mass_coverage),
    N(out_rel_err),
    {"samples_ms", RESULT_COL_CUSTOM, .put = put_samples_ms},
    N(floor_ms),
    N(bytes_worst),
    N(frac_of_floor),
    N(adjacent_overlap),
    N(tile_distinct),
    N(hot_share),
    S(kernels),
    /* new columns: append here */
};
/* clang-format on */
#define NCOLS (sizeof cols / sizeof cols[0])

const struct result_col *results_cols(size_t *n) {
    *n = NCOLS;
    return cols;
}

/* CSV-quote when needed; CR/LF inside a cell become spaces. */
static void put_str(FILE *f, const char *s) {
    if (!s)
        return;
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputc('"', f);
}

void results_col_put(FILE *f, const struct result_col *c, const struct result_row *r) {
    switch (c->kind) {
    case RESULT_COL_STR:
        put_str(f, c->str(r));
        break;
    case RESULT_COL_INT:
        fprintf(f, "%lld", (long long)c->i64(r));
        break;
    case RESULT_COL_NUM: {
        const double x = c->num(r);
        if (isfinite(x))
            fprintf(f, "%.6g", x);
        break;
    }
    case RESULT_COL_CUSTOM:
        c->put(f, r);
        break;
    }
}

void results_row_put(FILE *f, const struct result_row *r) {
    for (size_t i = 0; i < NCOLS; i++) {
        if (i)
            fputc(',', f);
        results_col_put(f, &cols[i], r);
    }
    fputc('\n', f);
}

/* The header, made once from the names. */
static char header[2048];
static pthread_once_t header_once = PTHREAD_ONCE_INIT;

static void header_make(void) {
    size_t len = 0;
    for (size_t i = 0; i < NCOLS && len < sizeof header; i++)
        len +=
            (size_t)snprintf(header + len, sizeof header - len, "%s%s", i ? "," : "", cols[i].name);
}

const char *results_header(void) {
    pthread_once(&header_once, header_make);
    return header;
}
