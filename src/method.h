/* method.h - one declaration per method (ARCHITECTURE.md, "One declaration per method").
 *
 * Each method folder defines one `const struct attn_method attn_method_<name>` and
 * src/registry.c lists it.  The sweep schema, point keys, CSV columns, `estimate`,
 * `list` and the plots read these tables; attn_params stays flat so kernels do not
 * change.  Fields are only ever appended (api_version first). */
#ifndef MSABENCH_METHOD_H
#define MSABENCH_METHOD_H

#include "attn.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ATTN_METHOD_API_VERSION 1

enum attn_knob_type { ATTN_KNOB_I32 = 0, ATTN_KNOB_U64 };

/* One knob: a field of struct attn_params this method reads.  def is the value a
 * sweep gets when it does not name the knob; [lo, hi] is the accepted range. */
struct attn_knob {
    const char *name; /* YAML key and point-key token, e.g. "topk" */
    enum attn_knob_type type;
    size_t offset; /* offsetof(struct attn_params, field) */
    double def, lo, hi;
    const char *doc; /* one line for `msabench list` */
    uint32_t kflags; /* appended: ATTN_KNOB_* */
};
#define ATTN_KNOB_POW2 0x1u /* the value must be a power of two */

/* What io->sel holds (int32, -1 pads):
 *   GROUP_BLOCKS  [B, heads_kv, q_len, width] block ids, shared by a GQA group (msa, nsa, bigbird)
 *   HEAD_BLOCKS   [B, heads_q,  q_len, width] block ids, one selection per query head (moba, quest)
 *   GROUP_TOKENS  [B, heads_kv, q_len, width] token ids, shared by a GQA group (dsa) */
enum attn_sel_layout {
    ATTN_SEL_NONE = 0,
    ATTN_SEL_GROUP_BLOCKS,
    ATTN_SEL_HEAD_BLOCKS,
    ATTN_SEL_GROUP_TOKENS
};

/* Inputs of an optional selection check (the method's own contract, SPEC §8).
 * All tensors are float64 copies of what the implementation read (bf16-rounded
 * for device backends). */
struct attn_sel_check {
    const struct attn_shape *shape;
    const struct attn_params *params;
    const double *q, *k, *qidx, *kidx;
    const int32_t *sel;     /* the implementation's selection, in the method's layout */
    const int32_t *ref_sel; /* the ref's selection on the same rows */
    int32_t width;
    const int64_t *rows; /* sampled query rows */
    int64_t n_rows;
    bool low_precision; /* bf16/fp8 inputs: ties within one rounding step may differ */
};

/* Roles other verbs look a method up by instead of naming it (attn_method.flags only,
 * never an impl's; bits above the impl flags of attn.h).  At most one method holds each. */
#define ATTN_F_DENSE_REF 0x1000u /* `report`: the dense base of speedups (flash) */
#define ATTN_F_FIT_INDEX                                                                           \
    0x2000u /* the method under study: `fit-index` trains its index branch, `plot` singles it out  \
               (msa) */
#define ATTN_F_FIT_PEER 0x4000u /* `fit-index`: the peer measured at the same block count */
/* `plot`: the GQA dense of the paper's FLOP ratio (eq. 12) and the speedup base where
 * the ATTN_F_DENSE_REF method has no row (gqa) */
#define ATTN_F_GQA_REF 0x8000u
#define ATTN_F_METHOD_ROLES (ATTN_F_DENSE_REF | ATTN_F_FIT_INDEX | ATTN_F_FIT_PEER | ATTN_F_GQA_REF)

struct attn_method {
    int api_version;               /* first; fields only ever appended */
    const char *name;              /* "msa" */
    const char *doc;               /* one line with the paper */
    const struct attn_knob *knobs; /* only the knobs this method reads */
    int n_knobs;
    /* SPEC §3-4 cost; elem = bytes per element of the backend (8 ref, 4 cpu, 2 cuda). */
    enum attn_status (*cost)(const struct attn_shape *, const struct attn_params *, size_t elem,
                             struct attn_cost *);
    double tol_f32, tol_bf16;  /* relative L2 error against ref */
    const char *const *stages; /* stage names of run_stage, or NULL */
    int n_stages;
    enum attn_sel_layout sel_layout;
    /* Returns the number of offending (row, group-or-head) pairs and writes why;
     * NULL = the selection must equal the ref's byte for byte. */
    int64_t (*check_selection)(const struct attn_sel_check *, char *why, size_t whyn);
    const char *plot_style; /* gnuplot "lc rgb '#...' pt N", fixed per method across figures */
    uint32_t flags; /* ATTN_F_MHA / ATTN_F_INDEX / ATTN_F_APPROX shared by its impls; roles */
    const struct attn_impl *const *impls; /* ref first, then cpu, then cuda variants */
    int n_impls;
};

/* ---- the method table (src/registry.c) ---- */
size_t attn_method_count(void);
const struct attn_method *attn_method_get(size_t i);
const struct attn_method *attn_method_find(const char *name);
/* The method holding role (one ATTN_F_DENSE_REF / FIT_* / GQA_REF), or NULL. */
const struct attn_method *attn_method_with_role(uint32_t role);
/* Its name, or "" (matches no row) when no method holds it. */
const char *attn_role_name(uint32_t role);
/* The knob of m named name, or NULL. */
const struct attn_knob *attn_method_knob(const struct attn_method *m, const char *name);
/* key without its ",name=value" tokens of knobs at their declared default: a key
 * names only the knobs its methods read (sweep_point_key_method), so two rows
 * measured at one point have equal canonical keys whichever methods made them.
 * Truncated to n - 1 bytes. */
void attn_key_canonical(const char *key, char *out, size_t n);
/* The method an implementation belongs to (by im->method), or NULL. */
const struct attn_method *attn_method_of(const struct attn_impl *im);
/* Knob value of p as a double / stored from an integer (by type and offset). */
double attn_knob_get(const struct attn_knob *k, const struct attn_params *p);
void attn_knob_set(const struct attn_knob *k, struct attn_params *p, int64_t v);
/* The selection check every method without its own uses: the implementation's
 * selection equals the ref's on each sampled (row, head) of n_heads heads. */
int64_t attn_sel_equal(const struct attn_sel_check *c, int64_t n_heads, char *why, size_t whyn);
/* Relative L2 tolerance of im: tol_bf16 for device (bf16) backends, else tol_f32; 0
 * (nothing passes) without a declaration. */
double attn_method_tol(const struct attn_method *m, const struct attn_impl *im);
/* m's check_selection, or attn_sel_equal over attn_sel_heads(m) heads. */
int64_t attn_method_check_selection(const struct attn_method *m, const struct attn_sel_check *c,
                                    char *why, size_t whyn);
/* Heads one selection row is kept for: heads_q for ATTN_SEL_HEAD_BLOCKS, else heads_kv. */
int64_t attn_sel_heads(const struct attn_method *m, const struct attn_shape *s);

#ifdef __cplusplus
}
#endif
#endif
