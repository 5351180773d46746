/* method_list.c - the methods part of `msabench list`: each declaration with its
 * knobs (the sweep keys it reads, default, range), tolerances and stages. */
#include "method.h"
#include "verbs.h"

#include <stdio.h>

void method_list_print(FILE *f) {
    fprintf(f, "\nmethods (sweep knob keys: default [range]):\n");
    for (size_t i = 0; i < attn_method_count(); i++) {
        const struct attn_method *m = attn_method_get(i);
        fprintf(f, "%-10s %s\n", m->name, m->doc ? m->doc : "");
        fprintf(f, "%-10s tolerance %.0e (fp32), %.0e (bf16)", "", m->tol_f32, m->tol_bf16);
        if (m->n_stages > 0) {
            fprintf(f, "; stages:");
            for (int s = 0; s < m->n_stages; s++)
                fprintf(f, " %s", m->stages[s]);
        }
        fprintf(f, "\n");
        for (int k = 0; k < m->n_knobs; k++) {
            const struct attn_knob *kn = &m->knobs[k];
            fprintf(f, "%-10s   %-12s %-6.0f [%.0f..%.0f]%s  %s\n", "", kn->name, kn->def, kn->lo,
                    kn->hi, (kn->kflags & ATTN_KNOB_POW2) ? " pow2" : "", kn->doc ? kn->doc : "");
        }
    }
}
