/* pending_stubs.c - TEMPORARY weak placeholders for pieces still being merged
 * (data.c, recall.c, plot.c, compare.c); the real definitions override them. */
#include "data.h"
#include "recall.h"
#include "verbs.h"

#include <stdio.h>

#define PENDING(what) attn_set_error("%s is not merged yet", what)

__attribute__((weak)) const char *data_kind_str(enum data_kind k) {
    return k == DATA_NORMAL ? "normal" : k == DATA_STRUCTURED ? "structured" : "file";
}
__attribute__((weak)) enum attn_status data_make(const struct data_spec *spec,
                                                 const struct attn_shape *shape,
                                                 struct attn_inputs *out) {
    (void)spec, (void)shape, (void)out;
    PENDING("data.c");
    return ATTN_ERR_UNSUPPORTED;
}
__attribute__((weak)) void data_free(struct attn_inputs *in) { (void)in; }
__attribute__((weak)) enum attn_status recall_measure(const struct attn_shape *s,
                                                      const struct attn_params *p, const float *q,
                                                      const float *k, const float *v,
                                                      const int32_t *sel, int32_t nsel,
                                                      const float *o, const int64_t *rows,
                                                      int64_t n_rows, struct recall_stats *out) {
    (void)s, (void)p, (void)q, (void)k, (void)v, (void)sel, (void)nsel, (void)o, (void)rows;
    (void)n_rows, (void)out;
    PENDING("recall.c");
    return ATTN_ERR_UNSUPPORTED;
}
__attribute__((weak)) int64_t recall_sample_rows(int64_t q_len, int64_t n, uint64_t seed,
                                                 int64_t *rows) {
    (void)seed;
    int64_t m = n < q_len ? n : q_len;
    for (int64_t i = 0; i < m; i++)
        rows[i] = i * (q_len / m);
    return m;
}
__attribute__((weak)) int plot_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "msabench plot: not merged yet\n");
    return 2;
}
__attribute__((weak)) int compare_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "msabench compare: not merged yet\n");
    return 2;
}
