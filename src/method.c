/* method.c - what every method declaration shares: knob access, parameter
 * defaults from the knob tables, and the default selection check. */
#include "method.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double attn_knob_get(const struct attn_knob *k, const struct attn_params *p) {
    const char *base = (const char *)p + k->offset;
    if (k->type == ATTN_KNOB_U64) {
        uint64_t v;
        memcpy(&v, base, sizeof v);
        return (double)v;
    }
    int32_t v;
    memcpy(&v, base, sizeof v);
    return (double)v;
}

void attn_knob_set(const struct attn_knob *k, struct attn_params *p, int64_t v) {
    char *base = (char *)p + k->offset;
    if (k->type == ATTN_KNOB_U64) {
        uint64_t u = (uint64_t)v;
        memcpy(base, &u, sizeof u);
    } else {
        int32_t i = (int32_t)v;
        memcpy(base, &i, sizeof i);
    }
}

/* Every knob's default from the declarations; seed (the sweep's seed axis) is 1. */
void attn_params_defaults(struct attn_params *p) {
    memset(p, 0, sizeof *p);
    p->seed = 1;
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        for (int i = 0; i < am->n_knobs; i++)
            attn_knob_set(&am->knobs[i], p, (int64_t)am->knobs[i].def);
    }
}

int64_t attn_sel_heads(const struct attn_method *m, const struct attn_shape *s) {
    return m && m->sel_layout == ATTN_SEL_HEAD_BLOCKS ? s->heads_q : s->heads_kv;
}

int64_t attn_sel_equal(const struct attn_sel_check *c, int64_t n_heads, char *why, size_t whyn) {
    const struct attn_shape *s = c->shape;
    int64_t bad = 0;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t g = 0; g < n_heads; g++)
            for (int64_t r = 0; r < c->n_rows; r++) {
                size_t off = (size_t)(((b * n_heads + g) * s->q_len + c->rows[r]) * c->width);
                if (memcmp(c->sel + off, c->ref_sel + off, (size_t)c->width * sizeof(int32_t)) != 0)
                    bad++;
            }
    if (bad)
        snprintf(why, whyn,
                 "validation: selection differs from ref in %lld sampled (row, group) pairs",
                 (long long)bad);
    return bad;
}

double attn_method_tol(const struct attn_method *m, const struct attn_impl *im) {
    if (!m || !im)
        return 0;
    return (im->flags & ATTN_F_DEVICE) ? m->tol_bf16 : m->tol_f32;
}

int64_t attn_method_check_selection(const struct attn_method *m, const struct attn_sel_check *c,
                                    char *why, size_t whyn) {
    if (m && m->check_selection)
        return m->check_selection(c, why, whyn);
    return attn_sel_equal(c, attn_sel_heads(m, c->shape), why, whyn);
}

const struct attn_method *attn_method_with_role(uint32_t role) {
    for (size_t i = 0; i < attn_method_count(); i++)
        if (attn_method_get(i)->flags & role)
            return attn_method_get(i);
    return NULL;
}

/* Whether tok (len bytes, "name=value") names a declared knob at its default. */
static bool knob_token_default(const char *tok, size_t len) {
    const char *eq = memchr(tok, '=', len);
    char name[64];
    const size_t nl = eq ? (size_t)(eq - tok) : 0;
    if (nl == 0 || nl >= sizeof name)
        return false;
    memcpy(name, tok, nl);
    name[nl] = '\0';
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_knob *k = attn_method_knob(attn_method_get(m), name);
        if (k)
            return strtod(eq + 1, NULL) == k->def;
    }
    return false;
}

void attn_key_canonical(const char *key, char *out, size_t n) {
    size_t w = 0;
    if (!n)
        return;
    for (const char *t = key; *t;) {
        const size_t len = strcspn(t, ",");
        if (!knob_token_default(t, len)) {
            const size_t c = len + (t != key);
            if (w + c < n) {
                memcpy(out + w, t - (t != key), c);
                w += c;
            }
        }
        t += len + (t[len] == ',');
    }
    out[w] = '\0';
}

const char *attn_role_name(uint32_t role) {
    const struct attn_method *m = attn_method_with_role(role);
    return m ? m->name : "";
}
