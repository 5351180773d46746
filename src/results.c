/* results.c - one CSV row per (point, implementation), appended and synced at
 * once so a killed sweep keeps every finished row; --resume reads them back. */
#include "results.h"

#include "outdir.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char header[] =
    "sweep,key,method,backend,variant,status,reason,mode,causal,batch,seq_len,q_len,heads_q,"
    "heads_kv,head_dim,index_dim,block_size,topk,bb_window,bb_global,bb_random,pf_features,"
    "pf_chunk,data,index_noise,seed,dtype,flops,flops_index,flops_main,flops_dense,bytes_model,"
    "mem_model,mem_peak,samples,median_ms,p20_ms,p80_ms,mean_ms,min_ms,cv,t_index_ms,t_topk_ms,"
    "t_attn_ms,t_combine_ms,useful_tflops,dense_tflops,gbps,val_rows,val_rel_err,val_max_abs,"
    "recall_rows,block_recall,score_recall,mass_coverage,out_rel_err,samples_ms,floor_ms,"
    "bytes_worst,adjacent_overlap,tile_distinct,hot_share";

const char *results_header(void) { return header; }

const char *row_status_str(enum row_status s) {
    switch (s) {
    case ROW_OK: return "ok";
    case ROW_SKIPPED: return "skipped";
    case ROW_FAILED: return "failed";
    case ROW_ESTIMATED: return "estimated";
    }
    return "?";
}

void result_row_init(struct result_row *r) {
    memset(r, 0, sizeof *r);
    r->mem_peak = NAN;
    stats_summarize(NULL, 0, &r->time_ms);
    for (int i = 0; i < ROW_MAX_STAGES; i++)
        r->stage_ms[i] = NAN;
    r->val_rel_err = r->val_max_abs = r->floor_ms = r->bytes_worst = NAN;
    r->recall.block_recall = r->recall.score_recall = NAN;
    r->recall.mass_coverage = r->recall.out_rel_err = NAN;
    coherence_clear(&r->coh);
}

/* ---- writing ---- */

static void put_num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, ",%.6g", x);
    else
        fputs(",", f);
}

static void put_int(FILE *f, int64_t x) { fprintf(f, ",%lld", (long long)x); }

/* CSV-quote when needed. */
static void put_str(FILE *f, const char *s, int first) {
    if (!first)
        fputc(',', f);
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

static char *make_done_key(const char *key, const char *m, const char *b, const char *v) {
    size_t n = strlen(key) + strlen(m) + strlen(b) + strlen(v) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s|%s|%s|%s", key, m, b, v);
    return s;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool results_done(const struct results_file *rf, const char *key, const char *method,
                  const char *backend, const char *variant) {
    if (rf->n_done == 0)
        return false;
    char *k = make_done_key(key, method, backend, variant);
    if (!k)
        return false;
    bool hit = bsearch(&k, rf->done, rf->n_done, sizeof *rf->done, cmp_str) != NULL;
    free(k);
    return hit;
}

/* Resume: keep whole rows (a torn final line is cut off), remember their keys. */
static enum attn_status load_existing(struct results_file *rf) {
    enum attn_status st = ATTN_OK;
    struct csv_table t = {0};
    FILE *f = fopen(rf->path, "r+");
    if (!f)
        return ATTN_OK; /* nothing to resume */
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    /* cut everything after the last newline */
    long keep = size;
    while (keep > 0) {
        fseek(f, keep - 1, SEEK_SET);
        if (fgetc(f) == '\n')
            break;
        keep--;
    }
    fclose(f);
    if (keep != size && truncate(rf->path, keep) != 0) {
        attn_set_error("%s: cannot cut the torn last row: %s", rf->path, strerror(errno));
        return ATTN_ERR_IO;
    }
    if (keep == 0)
        return ATTN_OK;
    st = csv_read(rf->path, &t);
    if (st != ATTN_OK)
        return st;
    if (t.ncol == 0 || strcmp(t.col[0], "sweep") != 0 || csv_col(&t, "samples_ms") < 0) {
        attn_set_error("%s: not an msabench results file (header differs); move it away or "
                       "drop --resume",
                       rf->path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    /* appended rows must line up with the columns already there */
    if (csv_col(&t, "hot_share") < 0 || t.ncol != (size_t)csv_col(&t, "hot_share") + 1) {
        attn_set_error("%s: written by an older msabench (its columns end before hot_share); "
                       "resume it with that version, or move it away",
                       rf->path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    rf->done = calloc(t.nrow ? t.nrow : 1, sizeof *rf->done);
    if (!rf->done) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < t.nrow; i++) {
        char *k = make_done_key(csv_get(&t, i, "key"), csv_get(&t, i, "method"),
                                csv_get(&t, i, "backend"), csv_get(&t, i, "variant"));
        if (!k) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        rf->done[rf->n_done++] = k;
    }
    qsort(rf->done, rf->n_done, sizeof *rf->done, cmp_str);
cleanup:
    csv_free(&t);
    return st;
}

enum attn_status results_open(struct results_file *rf, const char *path, bool resume) {
    memset(rf, 0, sizeof *rf);
    snprintf(rf->path, sizeof rf->path, "%s", path);
    enum attn_status st = ATTN_OK;
    bool fresh = true;
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) { /* never write through a link */
        attn_set_error("%s: is a %s, not a regular file; refusing to write through it", path,
                       S_ISLNK(sb.st_mode) ? "symbolic link" : "special file");
        return ATTN_ERR_IO;
    }
    if (resume) {
        st = load_existing(rf);
        if (st != ATTN_OK)
            return st;
        FILE *f = fopen(path, "r");
        if (f) {
            fresh = fgetc(f) == EOF;
            fclose(f);
        }
    }
    rf->fp = outdir_fopen_nofollow(path, !fresh);
    if (!rf->fp) {
        attn_set_error("%s: cannot open for writing: %s", path, strerror(errno));
        results_close(rf);
        return ATTN_ERR_IO;
    }
    if (fresh) {
        fprintf(rf->fp, "%s\n", header);
        fflush(rf->fp);
    }
    return ATTN_OK;
}

enum attn_status results_append(struct results_file *rf, const struct result_row *r) {
    const struct sweep_point *p = r->point;
    const struct attn_shape *s = &p->shape;
    const struct attn_params *pp = &p->params;
    /* Format into memory first: the file only ever sees whole lines. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ATTN_ERR_NOMEM;
    put_str(f, r->sweep, 1);
    put_str(f, r->key, 0);
    put_str(f, r->method, 0);
    put_str(f, r->backend, 0);
    put_str(f, r->variant, 0);
    put_str(f, row_status_str(r->status), 0);
    put_str(f, r->reason, 0);
    put_str(f, s->mode == ATTN_DECODE ? "decode" : "prefill", 0);
    put_int(f, s->causal);
    put_int(f, s->batch);
    put_int(f, s->seq_len);
    put_int(f, s->q_len);
    put_int(f, s->heads_q);
    put_int(f, s->heads_kv);
    put_int(f, s->head_dim);
    put_int(f, s->index_dim);
    put_int(f, pp->block_size);
    put_int(f, pp->topk);
    put_int(f, pp->bb_window);
    put_int(f, pp->bb_global);
    put_int(f, pp->bb_random);
    put_int(f, pp->pf_features);
    put_int(f, pp->pf_chunk);
    put_str(f, data_kind_str(p->data.kind), 0);
    put_num(f, p->data.index_noise);
    put_int(f, (int64_t)p->data.seed);
    put_str(f, sweep_dtype_str(p->dtype), 0);
    put_num(f, r->cost.flops);
    put_num(f, r->cost.flops_index);
    put_num(f, r->cost.flops_main);
    put_num(f, r->cost.flops_dense);
    put_num(f, r->cost.bytes_model);
    put_num(f, r->cost.mem_model);
    put_num(f, r->mem_peak);
    put_int(f, (int64_t)r->time_ms.n);
    const struct stats_summary *t = &r->time_ms;
    put_num(f, t->median);
    put_num(f, t->p20);
    put_num(f, t->p80);
    put_num(f, t->mean);
    put_num(f, t->min);
    put_num(f, t->cv);
    for (int i = 0; i < ROW_MAX_STAGES; i++)
        put_num(f, r->stage_ms[i]);
    double sec = t->median * 1e-3;
    put_num(f, t->n ? r->cost.flops / sec * 1e-12 : NAN);
    put_num(f, t->n ? r->cost.flops_dense / sec * 1e-12 : NAN);
    put_num(f, t->n ? r->cost.bytes_model / sec * 1e-9 : NAN);
    put_int(f, r->val_rows);
    put_num(f, r->val_rel_err);
    put_num(f, r->val_max_abs);
    put_int(f, r->recall.rows);
    put_num(f, r->recall.block_recall);
    put_num(f, r->recall.score_recall);
    put_num(f, r->recall.mass_coverage);
    put_num(f, r->recall.out_rel_err);
    fputc(',', f);
    for (size_t i = 0; i < r->n_samples; i++)
        fprintf(f, "%s%.6g", i ? ";" : "", r->samples[i]);
    put_num(f, r->floor_ms);
    put_num(f, r->bytes_worst);
    put_num(f, r->coh.adjacent_overlap);
    put_num(f, r->coh.tile_distinct);
    put_num(f, r->coh.hot_share);
    fputc('\n', f);
    fclose(f);
    enum attn_status st = ATTN_OK;
    if (fwrite(buf, 1, len, rf->fp) != len || fflush(rf->fp) != 0) {
        attn_set_error("%s: write failed: %s", rf->path, strerror(errno));
        st = ATTN_ERR_IO;
    }
    fsync(fileno(rf->fp));
    free(buf);
    return st;
}

void results_close(struct results_file *rf) {
    if (rf->fp)
        fclose(rf->fp);
    for (size_t i = 0; i < rf->n_done; i++)
        free(rf->done[i]);
    free(rf->done);
    rf->fp = NULL;
    rf->done = NULL;
    rf->n_done = 0;
}
