/* registry.c - THE table of methods; the only file that lists them.  Each
 * method folder declares one `struct attn_method` (method.h) whose impls list
 * reaches its ref, cpu and cuda implementations.  Adding a method is one extern
 * line and one table line here; a new variant is one line in its method's
 * declaration. */
#include "attn.h"
#include "method.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const struct attn_method attn_method_full, attn_method_gqa, attn_method_flash;
extern const struct attn_method attn_method_msa, attn_method_bigbird, attn_method_performer;
extern const struct attn_method attn_method_nsa, attn_method_moba, attn_method_dsa;
extern const struct attn_method attn_method_quest;

/* Order: the sweep's knob keys and `msabench list` follow it. */
static const struct attn_method *const methods[] = {
    &attn_method_full,    &attn_method_gqa,       &attn_method_flash, &attn_method_msa,
    &attn_method_bigbird, &attn_method_performer, &attn_method_nsa,   &attn_method_moba,
    &attn_method_dsa,     &attn_method_quest,
};
#define N_METHODS (sizeof methods / sizeof methods[0])

/* The implementations, backend-major (every ref, then every cpu, then the rest),
 * each backend in method order: built once from the declarations. */
#define MAX_IMPLS 256
static const struct attn_impl *impl_table[MAX_IMPLS];
static size_t n_impl_table;
static pthread_once_t impl_table_once = PTHREAD_ONCE_INIT;

static void build_impl_table(void) {
    static const char *const order[] = {"ref", "cpu", NULL};
    size_t n = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t m = 0; m < N_METHODS; m++)
            for (int i = 0; i < methods[m]->n_impls && n < MAX_IMPLS; i++) {
                const struct attn_impl *im = methods[m]->impls[i];
                const bool is_ref = !strcmp(im->backend, order[0]);
                const bool is_cpu = !strcmp(im->backend, order[1]);
                if ((pass == 0 && is_ref) || (pass == 1 && is_cpu) ||
                    (pass == 2 && !is_ref && !is_cpu))
                    impl_table[n++] = im;
            }
    n_impl_table = n;
}

static const char *const backends[] = {"ref", "cpu", "cuda"};

size_t attn_registry_count(void) {
    pthread_once(&impl_table_once, build_impl_table);
    return n_impl_table;
}

const struct attn_impl *attn_registry_get(size_t i) {
    return i < attn_registry_count() ? impl_table[i] : NULL;
}

const struct attn_impl *attn_registry_find(const char *method, const char *backend,
                                           const char *variant) {
    const struct attn_method *m = attn_method_find(method);
    for (int i = 0; m && i < m->n_impls; i++) {
        const struct attn_impl *im = m->impls[i];
        if (strcmp(im->backend, backend) != 0)
            continue;
        if (variant && strcmp(im->variant, variant) != 0)
            continue;
        return im;
    }
    return NULL;
}

const struct attn_impl *attn_registry_ref(const char *method) {
    const struct attn_method *m = attn_method_find(method);
    for (int i = 0; m && i < m->n_impls; i++)
        if (m->impls[i]->flags & ATTN_F_ORACLE)
            return m->impls[i];
    return NULL;
}

bool attn_method_known(const char *method) {
    return attn_method_find(method) != NULL;
}

bool attn_backend_known(const char *backend) {
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (strcmp(backends[i], backend) == 0)
            return true;
    return false;
}

/* ---- the method table (method.h) ---- */

size_t attn_method_count(void) {
    return N_METHODS;
}

const struct attn_method *attn_method_get(size_t i) {
    return i < N_METHODS ? methods[i] : NULL;
}

const struct attn_method *attn_method_find(const char *name) {
    for (size_t i = 0; name && i < N_METHODS; i++)
        if (strcmp(methods[i]->name, name) == 0)
            return methods[i];
    return NULL;
}

const struct attn_knob *attn_method_knob(const struct attn_method *m, const char *name) {
    for (int i = 0; m && name && i < m->n_knobs; i++)
        if (strcmp(m->knobs[i].name, name) == 0)
            return &m->knobs[i];
    return NULL;
}

const struct attn_method *attn_method_of(const struct attn_impl *im) {
    return im ? attn_method_find(im->method) : NULL;
}
