/* dense_ref.h - float64 dense softmax attention on selected query rows: the
 * oracle of full, gqa and flash, and of recall.c. */
#ifndef MSABENCH_DENSE_REF_H
#define MSABENCH_DENSE_REF_H
#include "attn.h"
/* o[b, t, h, :] for every t in rows (all rows when rows == NULL); q,k,v,o double. */
enum attn_status dense_ref_rows(const struct attn_shape *s, const double *q, const double *k,
                                const double *v, double *o, const int64_t *rows, int64_t n_rows);
/* The shared vtable pieces of the three dense refs. */
bool dense_ref_supports(const struct attn_shape *s, const struct attn_params *p, const char **why);
size_t dense_ref_workspace(const struct attn_shape *s, const struct attn_params *p);
enum attn_status dense_ref_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                                void *ws, void *stream);
enum attn_status dense_ref_run(void *ctx, const struct attn_io *io);
void dense_ref_free(void *ctx);
#endif
