/* dsa_bound_study.c - msabench_dsa_bound: how many candidates the block-max bound of
 * dsa_bound.h leaves, the unknown of the plan "DSA without materialized scores"
 * (results/gpu/NOTES.md).  Structured inputs (index_noise 0.5, as the frontier), one
 * batch, Hkv groups, d = d_idx = 128; sampled causal rows of the last half (and the
 * last row), every group: for blocks of 16..128 tokens and T = 1024, 2048, 4096, the
 * rows that had a bound, those whose bound is 0 (fewer than T blocks score above
 * zero: the zeros then join only up to T, dsa_bound.h), and the candidates over T.
 * Then, for dsa tc's top-k as it is, the tokens in the bucket of the T-th score (key
 * bits 30..19): past 4096 a row takes its 4-read overflow path (dsa_topk.cu).
 *   msabench_dsa_bound N [ROWS] [HEADS_Q] [SEED]      (defaults 8, 4, 5; Hkv 4)
 * HEADS_Q 4 (one head a group) keeps 1M within ~9 GB; the paper's 64 needs 4 x more for Q. */
#include "alloc.h"
#include "data.h"
#include "dsa/dsa_bound.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t arg(const char *s, const char *what, int64_t lo, int64_t hi) {
    char *end;
    errno = 0;
    const long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi) {
        fprintf(stderr, "msabench_dsa_bound: %s '%s' is not an integer in [%lld, %lld]\n", what, s,
                (long long)lo, (long long)hi);
        exit(2);
    }
    return v;
}

static int desc_f(const void *a, const void *b) {
    const float x = *(const float *)a, y = *(const float *)b;
    return (x < y) - (x > y);
}

static int cmp_d(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: msabench_dsa_bound N [ROWS] [HEADS_Q] [SEED]\n");
        return 2;
    }
    enum { HKV = 4, D = 128, NBK = 4, NT = 3 };
    const int64_t bks[NBK] = {16, 32, 64, 128};
    const int32_t Ts[NT] = {1024, 2048, 4096};
    const int64_t N = arg(argv[1], "N", 8192, (int64_t)1 << 22);
    const int64_t rows = argc > 2 ? arg(argv[2], "ROWS", 1, 64) : 8;
    const int64_t hq = argc > 3 ? arg(argv[3], "HEADS_Q", HKV, 64) : HKV;
    const uint64_t seed = argc > 4 ? (uint64_t)arg(argv[4], "SEED", 0, INT32_MAX) : 5;
    if (hq % HKV) {
        fprintf(stderr, "msabench_dsa_bound: HEADS_Q %lld is not a multiple of %d\n", (long long)hq,
                HKV);
        return 2;
    }
    const struct attn_shape sh = {.batch = 1,
                                  .seq_len = N,
                                  .q_len = N,
                                  .heads_q = hq,
                                  .heads_kv = HKV,
                                  .head_dim = D,
                                  .index_dim = D,
                                  .mode = ATTN_PREFILL,
                                  .causal = true};
    const struct data_spec ds = {.kind = DATA_STRUCTURED, .seed = seed, .index_noise = 0.5};
    struct attn_inputs in;
    int rc = 1;
    float *s = malloc((size_t)N * sizeof *s), *bmax = malloc((size_t)(N / 16 + 2) * sizeof *bmax);
    float *srt = malloc((size_t)N * sizeof *srt);
    double *ratio = malloc((size_t)(rows * HKV) * sizeof *ratio);
    if (!s || !bmax || !srt || !ratio) {
        fprintf(stderr, "msabench_dsa_bound: out of memory\n");
        goto done;
    }
    fprintf(stderr, "msabench_dsa_bound: making structured inputs, N %lld, Hq %lld ...\n",
            (long long)N, (long long)hq);
    if (data_make(&ds, &sh, &in) != ATTN_OK) {
        fprintf(stderr, "msabench_dsa_bound: inputs: %s\n", attn_last_error());
        goto done;
    }
    /* candidates / T per (bk, T) over rows x groups; rows: the last one and rows-1 spread
     * over the last half, where the bound matters (every row sees > N/2 tokens) */
    static double got[NBK][NT][64 * HKV], bucket[NT][64 * HKV];
    int64_t nbound[NBK][NT] = {{0}}, nzero[NBK][NT] = {{0}};
    for (int64_t i = 0; i < rows; i++) {
        const int64_t t = i == rows - 1 ? N - 1 : N / 2 + (i * (N / 2)) / rows;
        for (int64_t r = 0; r < HKV; r++) {
            const float *q = in.qidx + (t * HKV + r) * D;
            for (int64_t j = 0; j <= t; j++) {
                const float *k = in.kidx + j * D;
                double acc = 0;
                for (int64_t x = 0; x < D; x++)
                    acc += (double)q[x] * (double)k[x];
                s[j] = acc > 0 ? (float)acc : 0.f;
            }
            /* dsa_topk.cu's bucket (key bits 30..19) of the T-th score: its tokens beyond
             * TK_CAP (4096) send the row to the 4-read overflow path */
            memcpy(srt, s, (size_t)(t + 1) * sizeof *s);
            qsort(srt, (size_t)(t + 1), sizeof *srt, desc_f);
            for (int c = 0; c < NT; c++) {
                uint32_t bt, bj;
                const float th = srt[Ts[c] - 1];
                memcpy(&bt, &th, sizeof bt);
                int64_t nb = 0;
                for (int64_t j = 0; j <= t; j++) {
                    memcpy(&bj, &s[j], sizeof bj);
                    nb += (bj >> 19) == (bt >> 19);
                }
                bucket[c][i * HKV + r] = (double)nb;
            }
            for (int a = 0; a < NBK; a++)
                for (int c = 0; c < NT; c++) {
                    float L;
                    double v = NAN;
                    if (dsa_bound_threshold(s, t + 1, bks[a], Ts[c], bmax, &L)) {
                        nbound[a][c]++;
                        nzero[a][c] += !(L > 0);
                        v = (double)dsa_bound_candidates(s, t + 1, L, Ts[c], NULL, 0) / Ts[c];
                    }
                    got[a][c][i * HKV + r] = v;
                }
        }
        fprintf(stderr, "  row %lld done\n", (long long)t);
    }
    printf("| N | block | T | rows with a bound | of them L = 0 | candidates / T: median | max "
           "|\n|---|---|---|---|---|---|---|\n");
    for (int a = 0; a < NBK; a++)
        for (int c = 0; c < NT; c++) {
            int64_t n = 0;
            for (int64_t x = 0; x < rows * HKV; x++)
                if (!isnan(got[a][c][x]))
                    ratio[n++] = got[a][c][x];
            qsort(ratio, (size_t)n, sizeof *ratio, cmp_d);
            printf("| %lld | %lld | %d | %lld of %lld | %lld |", (long long)N, (long long)bks[a],
                   Ts[c], (long long)nbound[a][c], (long long)(rows * HKV), (long long)nzero[a][c]);
            if (n)
                printf(" %.2f | %.2f |\n", ratio[n / 2], ratio[n - 1]);
            else
                printf(" - | - |\n");
        }
    printf("\n| N | T | tokens in the T-th score's 12-bit bucket (dsa_topk.cu): median | max | "
           "rows past its 4096 buffer |\n|---|---|---|---|---|\n");
    for (int c = 0; c < NT; c++) {
        const int64_t n = rows * HKV;
        int64_t over = 0;
        for (int64_t x = 0; x < n; x++) {
            ratio[x] = bucket[c][x];
            over += bucket[c][x] > 4096;
        }
        qsort(ratio, (size_t)n, sizeof *ratio, cmp_d);
        printf("| %lld | %d | %.0f | %.0f | %lld of %lld |\n", (long long)N, Ts[c], ratio[n / 2],
               ratio[n - 1], (long long)over, (long long)n);
    }
    data_free(&in);
    rc = 0;
done:
    free(s);
    free(srt);
    free(bmax);
    free(ratio);
    return rc;
}
