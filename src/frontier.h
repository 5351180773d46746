/* frontier.h - issue 15's frontier: each selection row's recall against its end-to-end
 * speedup over dense cuDNN at the same point.  Shared by `msabench plot` (the
 * frontier-<mode>-N<seq_len> figures, plot_frontier.c) and `msabench report --tables
 * frontier`, so the figure and the table are the same numbers.
 *
 * Selection rows: rows of results.csv whose method is declared ATTN_F_SELECT with a
 * selection layout (method.h), found by the registry, never by name.  The base of a
 * row is the fastest ok row of its point (canonical key) that is
 *   1. the cuDNN peer: the dense-reference method (ATTN_F_DENSE_REF) on backend
 *      FRONTIER_CUDNN_BACKEND, variant FRONTIER_CUDNN_VARIANT (scripts/peers/peers.py's
 *      peers.csv), else
 *   2. the dense-reference method itself: its fastest ok row on the row's backend, else on
 *      any backend but ref (and the figure's axis says so).
 * speedup = base median ms / row median ms.  Rows not ok (skipped, failed, estimated)
 * never get a speedup and are never drawn; the table lists them with their status. */
#ifndef MSABENCH_FRONTIER_H
#define MSABENCH_FRONTIER_H

#include "attn.h"
#include "results.h"

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FRONTIER_CUDNN_BACKEND "torch"
#define FRONTIER_CUDNN_VARIANT "sdpa_cudnn"

enum frontier_base { FRONTIER_BASE_NONE = 0, FRONTIER_BASE_CUDNN, FRONTIER_BASE_DENSE };

struct frontier_pt {
    size_t row;         /* in the results table */
    size_t method;      /* index in the method table (attn_method_get) */
    size_t group;       /* index of its group: the same mode, N and configuration */
    char title[200];    /* the group said for a title: letters, digits and " .,=_-/" only */
    char mode[16];      /* "prefill" / "decode" (letters only) */
    char budget[32];    /* "k=16" (blocks of a block selection) or "2048 tok" */
    char impl[96];      /* "msa cuda/kv_outer" ('|' and control characters as '?') */
    const char *status; /* the row's status, as in the table */
    double n;           /* seq_len */
    double tokens;      /* tokens one selection row keeps; NaN when it cannot be told */
    double ms;          /* median ms; NaN unless ok */
    double base_ms;     /* the base's median ms; NaN when there is none */
    double speedup;     /* base_ms / ms; NaN unless ok with a base */
    enum frontier_base base;
    double block_recall, score_recall, mass; /* NaN when absent */
    bool ok;                                 /* status ok with a positive finite median */
    bool drawable; /* ok, a speedup and a finite recall (block recall or mass coverage) */
};

/* The frontier points of res (peers: peers.csv of the same run, or NULL), sorted by
 * group (first appearance), method (table order) and tokens.  *out is malloc'd (free it);
 * ATTN_ERR_NOMEM when out of memory. */
enum attn_status frontier_collect(const struct csv_table *res, const struct csv_table *peers,
                                  struct frontier_pt **out, size_t *n);

/* Tokens one selection row of row `row` keeps, from the method's declaration alone:
 * sel_width(shape, knobs) tokens for a token layout (dsa), times block_size for a block
 * layout; *width (may be NULL) gets sel_width.  The knobs are the row's CSV columns, or
 * the key's ",name=value" tokens for newer knobs.  NaN when it cannot be told. */
double frontier_row_tokens(const struct csv_table *t, size_t row, double *width);

/* A point key (results.csv's `key`) canonical and without its budget tokens (k<n>, the
 * BigBird budgets, method knobs): what every budget of one configuration shares. */
void frontier_shape_key(const char *key, char *out, size_t n);
/* The base's name for labels: "cuDNN (torch sdpa_cudnn)" or "the fastest <dense-ref>". */
const char *frontier_base_name(enum frontier_base b, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
