/* mwu.c - two-sided Mann-Whitney U (Wilcoxon rank-sum) test for compare.
 *
 * Follows R's wilcox.test(x, y) (stats package, two-sample, two-sided,
 * correct = TRUE), so its p-values can be checked against R:
 *  - U = (sum of the ranks of a) - na(na+1)/2, ties get mid-ranks.
 *  - exact: both samples smaller than MWU_EXACT_MAX and no ties.  The null
 *    distribution of U is counted exactly (all C(na+nb, na) orderings equally
 *    likely); p = 2 * (the smaller tail at U), capped at 1:
 *    U > na*nb/2 ? 2 P(U' >= U) : 2 P(U' <= U).
 *  - otherwise the normal approximation with tie correction and continuity
 *    correction (Hollander & Wolfe, Nonparametric Statistical Methods, 3.2):
 *    z = (U - na*nb/2 - sign * 0.5) / sigma,
 *    sigma^2 = na*nb/12 * ((n+1) - sum(t^3 - t) / (n(n-1))), n = na+nb,
 *    p = erfc(|z| / sqrt 2).
 * Non-finite values are ignored.  An empty side, or zero variance (every
 * value equal), gives p = 1: there is no evidence of a difference. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MWU_EXACT_MAX 50 /* R: exact <- (n.x < 50) && (n.y < 50) */

struct tagged {
    double x;
    int from_a;
};

static int cmp_tagged(const void *pa, const void *pb) {
    double a = ((const struct tagged *)pa)->x, b = ((const struct tagged *)pb)->x;
    return a < b ? -1 : a > b ? 1 : 0;
}

/* Number of orderings of na a's and nb b's with U = u for u = 0..na*nb, in
 * counts[] (na*nb+1 doubles).  Positions are filled left to right; an `a`
 * placed after j b's adds j to U.  c[j][u] = ways with j a's placed so far.
 * Only additions, so the counts are exact up to 2^53 and correctly rounded
 * beyond (C(98,49) ~ 2.5e28 is the largest total here). */
static int exact_counts(size_t na, size_t nb, double *counts) {
    size_t umax = na * nb, w = umax + 1;
    double *c = calloc((na + 1) * w, sizeof *c);
    if (!c)
        return -1;
    c[0] = 1; /* nothing placed: U = 0 */
    for (size_t t = 1; t <= na + nb; t++) {
        /* placing position t; j a's among the first t; iterate j downward so
         * c[j-1] still holds step t-1 */
        size_t jmax = t < na ? t : na;
        for (size_t j = jmax; j >= 1; j--) {
            size_t bs = t - j; /* b's before this a */
            if (bs > nb)
                continue; /* impossible state: more b's than exist */
            double *dst = c + j * w, *src = c + (j - 1) * w;
            /* new c[j][u] = c[j][u] (position t is a b) + c[j-1][u - bs] (an a) */
            for (size_t u = umax; u + 1 > bs; u--) {
                dst[u] += src[u - bs];
                if (u == 0)
                    break;
            }
        }
        /* j = 0: position t is a b; c[0][0] stays 1 while t <= nb */
        if (t > nb)
            c[0] = 0;
    }
    memcpy(counts, c + na * w, w * sizeof *counts);
    free(c);
    return 0;
}

static double exact_p(size_t na, size_t nb, double u) {
    size_t umax = na * nb;
    double *cnt = malloc((umax + 1) * sizeof *cnt);
    if (!cnt || exact_counts(na, nb, cnt) < 0) {
        free(cnt);
        return NAN;
    }
    double total = 0, tail = 0;
    for (size_t i = 0; i <= umax; i++)
        total += cnt[i];
    size_t q = (size_t)llround(u); /* U is an integer without ties */
    if (u > (double)umax / 2) {
        for (size_t i = q; i <= umax; i++)
            tail += cnt[i];
    } else {
        for (size_t i = 0; i <= q; i++)
            tail += cnt[i];
    }
    free(cnt);
    double p = 2 * tail / total;
    return p < 1 ? p : 1;
}

double stats_mann_whitney_p(const double *a, size_t na_in, const double *b, size_t nb_in) {
    struct tagged *v = malloc((na_in + nb_in + 1) * sizeof *v);
    if (!v)
        return NAN;
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < na_in; i++)
        if (isfinite(a[i]))
            v[na++] = (struct tagged){a[i], 1};
    for (size_t i = 0; i < nb_in; i++)
        if (isfinite(b[i]))
            v[na + nb++] = (struct tagged){b[i], 0};
    size_t n = na + nb;
    if (na == 0 || nb == 0) {
        free(v);
        return 1.0;
    }
    qsort(v, n, sizeof *v, cmp_tagged);

    /* mid-ranks; rank sum of a; sum of t^3 - t over tie groups */
    double rank_a = 0, tie_term = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].x == v[i].x)
            j++;
        double t = (double)(j - i), mid = (double)(i + 1 + j) / 2; /* ranks i+1..j */
        for (size_t k = i; k < j; k++)
            if (v[k].from_a)
                rank_a += mid;
        tie_term += t * t * t - t;
        i = j;
    }
    free(v);
    double dna = (double)na, dnb = (double)nb, dn = (double)n;
    double u = rank_a - dna * (dna + 1) / 2;

    if (na < MWU_EXACT_MAX && nb < MWU_EXACT_MAX && tie_term == 0)
        return exact_p(na, nb, u);

    double var = dna * dnb / 12 * ((dn + 1) - tie_term / (dn * (dn - 1)));
    if (!(var > 0))
        return 1.0;
    double z = u - dna * dnb / 2;
    double corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
    z = (z - corr) / sqrt(var);
    double p = erfc(fabs(z) / sqrt(2.0));
    return p < 1 ? p : 1;
}
