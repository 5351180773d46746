/* export.c - see export.h.  The tag is the FNV-1a hash of the key with the
 * method, backend and variant: stable across runs, so a resumed run does not
 * export a row twice, and distinct for every implementation of a point. */
#include "export.h"
#include "fnv.h"
#include "sel_layout.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static enum attn_status make_dir(const char *path) {
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        attn_set_error("export: cannot create '%s': %s", path, strerror(errno));
        return ATTN_ERR_IO;
    }
    return ATTN_OK;
}

enum attn_status export_selection(const struct export_point *e, bool *written) {
    const struct attn_shape *s = e->shape;
    const bool bf16 = (e->im->flags & ATTN_F_DEVICE) != 0;
    char tag[17], sub[4096], path[4200];
    enum attn_status st;
    *written = false;
    if ((st = make_dir(e->dir)) != ATTN_OK)
        return st;
    char id[1024];
    snprintf(id, sizeof id, "%s|%s|%s|%s", e->key, e->im->method, e->im->backend, e->im->variant);
    snprintf(tag, sizeof tag, "%016llx", (unsigned long long)fnv1a64(id, strlen(id)));
    snprintf(sub, sizeof sub, "%s/%s", e->dir, tag);
    if (mkdir(sub, 0777) != 0) {
        if (errno == EEXIST)
            return ATTN_OK;
        attn_set_error("export: cannot create '%s': %s", sub, strerror(errno));
        return ATTN_ERR_IO;
    }
    const int64_t dq[4] = {s->batch, s->q_len, s->heads_q, s->head_dim};
    const int64_t dkv[4] = {s->batch, s->seq_len, s->heads_kv, s->head_dim};
    /* the selection in its method's layout: heads_q rows for per-head selections */
    const struct attn_method *m = attn_method_of(e->im);
    const int64_t sel_heads =
        m && m->sel_layout != ATTN_SEL_NONE ? sel_layout_heads(m->sel_layout, s) : s->heads_kv;
    const int64_t dsel[4] = {s->batch, sel_heads, s->q_len, e->width};
    const int64_t drow[1] = {e->n_rows};
    const int64_t dor[4] = {s->batch, e->n_rows, s->heads_q, s->head_dim};
    const char *names[3] = {"q", "k", "v"};
    const float *src[3] = {e->in->q, e->in->k, e->in->v};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s.npy", sub, names[i]);
        st = bf16 ? npy_save_bf16(path, src[i], 4, i ? dkv : dq)
                  : npy_save_f32(path, src[i], 4, i ? dkv : dq);
        if (st != ATTN_OK)
            return st;
    }
    /* the index inputs, so a checker can recompute the selection itself */
    const int64_t dqi[4] = {s->batch, s->q_len, s->heads_kv, s->index_dim};
    const int64_t dki[3] = {s->batch, s->seq_len, s->index_dim};
    if ((e->im->flags & ATTN_F_INDEX) && e->in->qidx && e->in->kidx) {
        snprintf(path, sizeof path, "%s/qidx.npy", sub);
        st = bf16 ? npy_save_bf16(path, e->in->qidx, 4, dqi)
                  : npy_save_f32(path, e->in->qidx, 4, dqi);
        if (st != ATTN_OK)
            return st;
        snprintf(path, sizeof path, "%s/kidx.npy", sub);
        st = bf16 ? npy_save_bf16(path, e->in->kidx, 3, dki)
                  : npy_save_f32(path, e->in->kidx, 3, dki);
        if (st != ATTN_OK)
            return st;
    }
    snprintf(path, sizeof path, "%s/sel.npy", sub);
    if (e->sel && (st = npy_save_i32(path, e->sel, 4, dsel)) != ATTN_OK)
        return st;
    snprintf(path, sizeof path, "%s/rows.npy", sub);
    if ((st = npy_save_i64(path, e->rows, 1, drow)) != ATTN_OK)
        return st;
    snprintf(path, sizeof path, "%s/o_rows.npy", sub);
    if ((st = npy_save_f32(path, e->o_rows, 4, dor)) != ATTN_OK)
        return st;
    /* the index line last: a reader never sees a half-written point */
    snprintf(path, sizeof path, "%s/index.tsv", e->dir);
    FILE *f = fopen(path, "a");
    if (!f) {
        attn_set_error("export: cannot append to '%s': %s", path, strerror(errno));
        return ATTN_ERR_IO;
    }
    int ok = fprintf(f, "%s\t%s\t%s\t%s\t%s\t%s\n", tag, e->key, e->im->method, e->im->backend,
                     e->im->variant, bf16 ? "bf16" : "f32") > 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        attn_set_error("export: write to '%s' failed", path);
        return ATTN_ERR_IO;
    }
    *written = true;
    return ATTN_OK;
}
