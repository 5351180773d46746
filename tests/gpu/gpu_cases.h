/* gpu_cases.h - the case table row, inputs, checked rows, the float64 block-sparse output
 * check and the device run that test_gpu_msa and test_gpu_bigbird share (moved from
 * test_gpu_msa.c as they were).  Include after testutil.h, inside MSABENCH_HAVE_CUDA. */
#ifndef MSABENCH_GPU_CASES_H
#define MSABENCH_GPU_CASES_H
#include "alloc.h"
#include "attn.h"
#include "common/blocksparse.h"
#include "device.h"
#include "gpu_inputs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tcase {
    const char *name;
    int64_t B, N, q_len, Hq, Hkv, d, di;
    int32_t bk, k;
    bool causal;
    enum attn_mode mode;
    double sigma;             /* q, k, qidx, kidx ~ N(0, sigma^2): sigma 3.9 -> logits ~ +-50 */
    int plant;                /* PLANT_SINK: a block 0 every query ranks first;
                                 PLANT_TIES: each block's index keys are one of 4 vectors */
    size_t cap_idx, cap_part; /* query-chunk budgets in bytes (0 = default) */
    bool small;               /* in the sanitizer subset */
};

enum { PLANT_SINK = 1, PLANT_TIES = 2 };

struct inputs {
    struct attn_shape s;
    struct attn_params p;
    size_t nq, nkv, nqi, nki;
    float *qf, *kf, *vf, *qif, *kif;
    double *qd, *kd, *vd, *qid, *kid;
    void *dq, *dk, *dv, *dqi, *dki;
};

static void make_inputs(struct inputs *in, const struct tcase *tc, uint64_t seed) {
    memset(in, 0, sizeof *in);
    struct attn_shape s = {tc->B, tc->N,  tc->q_len, tc->Hq,    tc->Hkv,
                           tc->d, tc->di, tc->mode,  tc->causal};
    in->s = s;
    attn_params_defaults(&in->p);
    in->p.block_size = tc->bk;
    in->p.topk = tc->k;
    in->p.seed = seed;
    rng_state = seed;
    in->nq = (size_t)attn_numel_q(&s);
    in->nkv = (size_t)attn_numel_kv(&s);
    in->nqi = (size_t)attn_numel_qidx(&s);
    in->nki = (size_t)attn_numel_kidx(&s);
    fill(in->nq, tc->sigma, &in->qf, &in->qd);
    fill(in->nkv, tc->sigma, &in->kf, &in->kd);
    fill(in->nkv, 1.0, &in->vf, &in->vd);
    fill(in->nqi, tc->sigma, &in->qif, &in->qid);
    fill(in->nki, tc->sigma, &in->kif, &in->kid);
    if (tc->plant == PLANT_TIES) { /* block scores take 4 values: ties broken by block id */
        const int64_t di = tc->di;
        double *u = malloc((size_t)(4 * di) * sizeof *u);
        assert_non_null(u);
        for (int64_t c = 0; c < 4 * di; c++)
            u[c] = rng_normal() * tc->sigma;
        for (int64_t b = 0; b < tc->B; b++)
            for (int64_t blk = 0; blk * tc->bk < tc->N; blk++) {
                const int64_t which = (int64_t)(rng_u() * 4.0);
                for (int64_t j = blk * tc->bk; j < (blk + 1) * tc->bk && j < tc->N; j++)
                    for (int64_t c = 0; c < di; c++)
                        in->kif[(size_t)((b * tc->N + j) * di + c)] = (float)u[which * di + c];
            }
        free(u);
    }
    if (tc->plant ==
        PLANT_SINK) { /* a shared direction u: every Qidx row leans on it, block 0's keys are it */
        const int64_t di = tc->di;
        double *u = malloc((size_t)di * sizeof *u);
        assert_non_null(u);
        for (int64_t c = 0; c < di; c++)
            u[c] = rng_normal();
        for (size_t i = 0; i < in->nqi; i++)
            in->qif[i] += (float)(1.5 * u[i % (size_t)di]);
        for (int64_t b = 0; b < tc->B; b++)
            for (int64_t j = 0; j < tc->bk && j < tc->N; j++)
                for (int64_t c = 0; c < di; c++)
                    in->kif[(size_t)((b * tc->N + j) * di + c)] =
                        (float)(2.0 * u[c] + 0.3 * rng_normal());
        free(u);
    }
    round_all(in->nq, in->qf, in->qd);
    round_all(in->nkv, in->kf, in->kd);
    round_all(in->nkv, in->vf, in->vd);
    round_all(in->nqi, in->qif, in->qid);
    round_all(in->nki, in->kif, in->kid);
    assert_int_equal(attn_dev_upload_bf16(&in->dq, in->qf, in->nq), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dk, in->kf, in->nkv), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dv, in->vf, in->nkv), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dqi, in->qif, in->nqi), ATTN_OK);
    assert_int_equal(attn_dev_upload_bf16(&in->dki, in->kif, in->nki), ATTN_OK);
}

static void free_inputs(struct inputs *in) {
    free(in->qf), free(in->kf), free(in->vf), free(in->qif), free(in->kif);
    free(in->qd), free(in->kd), free(in->vd), free(in->qid), free(in->kid);
    attn_dev_free(in->dq), attn_dev_free(in->dk), attn_dev_free(in->dv);
    attn_dev_free(in->dqi), attn_dev_free(in->dki);
}

/* Rows checked against the oracles: all, or a seeded sample with both ends. */
static int64_t pick_rows(const struct attn_shape *s, int64_t **rows) {
    const int64_t max_rows = 160;
    const int64_t nr = s->q_len <= max_rows ? s->q_len : max_rows;
    *rows = malloc((size_t)nr * sizeof **rows);
    assert_non_null(*rows);
    for (int64_t i = 0; i < nr; i++)
        (*rows)[i] = s->q_len <= max_rows ? i
                     : i == 0             ? 0
                     : i == nr - 1
                         ? s->q_len - 1
                         : (i * s->q_len) / nr + (int64_t)(rng_u() * (double)(s->q_len / nr));
    return nr;
}

/* Float64 oracle and naive bf16 on a given selection, over the checked rows:
 * rel L2 and max-abs of the device output against the oracle. */
static void check_output(const struct inputs *in, const float *o, const int32_t *sel, int32_t width,
                         const int64_t *rows, int64_t nr, const char *who) {
    const struct attn_shape *s = &in->s;
    const int64_t bk = in->p.block_size, Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim;
    const int64_t G = Hq / Hkv, N = s->seq_len;
    double *oref = calloc(in->nq, sizeof *oref);
    double *scratch = malloc(blocksparse_ref_scratch(bk, width) * sizeof *scratch);
    double *p = malloc(blocksparse_ref_scratch(bk, width) * sizeof *p);
    double *acc = malloc((size_t)d * sizeof *acc);
    assert_non_null(oref);
    assert_non_null(scratch);
    assert_non_null(p);
    assert_non_null(acc);
    double num = 0, den = 0, maxerr = 0, maxnaive = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = rows[i], pos = attn_qpos(s, t);
            for (int64_t r = 0; r < Hkv; r++) {
                const int32_t *row = sel + ((b * Hkv + r) * s->q_len + t) * width;
                if (blocksparse_ref_row(s, bk, in->qd, in->kd, in->vd, oref, b, t, r, row, width,
                                        scratch) != ATTN_OK)
                    fail_msg("%s: oracle refused row t=%lld: %s", who, (long long)t,
                             attn_last_error());
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    /* naive bf16: P normalized then rounded, output rounded */
                    const double *qr = in->qd + ((b * s->q_len + t) * Hq + h) * d;
                    int64_t n = 0;
                    double m = -INFINITY, sum = 0;
                    for (int32_t a = 0; a < width; a++) {
                        const int64_t nv = blocksparse_block_visible(s, bk, pos, row[a]);
                        for (int64_t j = row[a] * bk; j < row[a] * bk + nv; j++) {
                            const double *kr = in->kd + ((b * N + j) * Hkv + r) * d;
                            double x = 0;
                            for (int64_t c = 0; c < d; c++)
                                x += qr[c] * kr[c];
                            p[n] = x / sqrt((double)d);
                            m = p[n] > m ? p[n] : m;
                            n++;
                        }
                    }
                    for (int64_t j = 0; j < n; j++)
                        sum += (p[j] = exp(p[j] - m));
                    memset(acc, 0, (size_t)d * sizeof *acc);
                    n = 0;
                    for (int32_t a = 0; a < width; a++) {
                        const int64_t nv = blocksparse_block_visible(s, bk, pos, row[a]);
                        for (int64_t j = row[a] * bk; j < row[a] * bk + nv; j++) {
                            const double w = bf16r(p[n++] / sum);
                            const double *vr = in->vd + ((b * N + j) * Hkv + r) * d;
                            for (int64_t c = 0; c < d; c++)
                                acc[c] += w * vr[c];
                        }
                    }
                    const size_t off = (size_t)(((b * s->q_len + t) * Hq + h) * d);
                    for (int64_t c = 0; c < d; c++) {
                        const double x = o[off + c], y = oref[off + c];
                        if (!isfinite(x))
                            fail_msg("%s: non-finite output at b=%lld t=%lld h=%lld c=%lld", who,
                                     (long long)b, (long long)t, (long long)h, (long long)c);
                        num += (x - y) * (x - y);
                        den += y * y;
                        maxerr = fmax(maxerr, fabs(x - y));
                        maxnaive = fmax(maxnaive, fabs(bf16r(acc[c]) - y));
                    }
                }
            }
        }
    const double rel = den > 0 ? sqrt(num / den) : sqrt(num);
    printf("    %-26s rel %.2e  max %.2e  naive max %.2e\n", who, rel, maxerr, maxnaive);
    if (!(rel <= 1e-2))
        fail_msg("%s: rel L2 %.3e > 1e-2", who, rel);
    if (!(maxerr <= 2 * maxnaive))
        fail_msg("%s: max-abs %.3e > 2 x naive %.3e", who, maxerr, maxnaive);
    free(oref);
    free(scratch);
    free(p);
    free(acc);
}

/* init + run on the device (O and sel poisoned first); downloads O and sel. */
static void device_run(const struct attn_impl *im, const struct inputs *in, bool staged, float *o,
                       int32_t *sel, size_t nsel) {
    void *ctx = NULL, *ws = NULL, *dout = NULL;
    int32_t *dsel = NULL;
    const size_t wsz = im->workspace_size(&in->s, &in->p);
    if (wsz) {
        ws = attn_dev_alloc(wsz);
        assert_non_null(ws);
    }
    dout = attn_dev_alloc(in->nq * 2);
    dsel = attn_dev_alloc(nsel * sizeof *dsel);
    assert_non_null(dout);
    assert_non_null(dsel);
    assert_int_equal(attn_dev_memset(dout, 0xff, in->nq * 2), ATTN_OK);          /* bf16 NaN */
    assert_int_equal(attn_dev_memset(dsel, 0x7f, nsel * sizeof *dsel), ATTN_OK); /* junk id */
    enum attn_status st = im->init(&ctx, &in->s, &in->p, ws, attn_device_stream());
    if (st != ATTN_OK)
        fail_msg("%s/%s init: %s: %s", im->method, im->variant, attn_status_str(st),
                 attn_last_error());
    struct attn_io io = {in->dq, in->dk, in->dv, in->dqi, in->dki, dout, dsel, NULL, 0};
    if (staged) {
        for (int i = 0; i < im->n_stages && st == ATTN_OK; i++)
            st = im->run_stage(ctx, i, &io);
    } else {
        st = im->run(ctx, &io);
    }
    if (st == ATTN_OK)
        st = attn_dev_sync();
    if (st != ATTN_OK)
        fail_msg("%s/%s run: %s: %s", im->method, im->variant, attn_status_str(st),
                 attn_last_error());
    assert_int_equal(attn_dev_download_bf16(o, dout, in->nq), ATTN_OK);
    assert_int_equal(attn_dev_download_i32(sel, dsel, nsel), ATTN_OK);
    im->free(ctx);
    attn_dev_free(ws);
    attn_dev_free(dout);
    attn_dev_free(dsel);
}

#endif
