/* registry.c - THE table of implementations; the only file that lists them.
 * A new variant is one extern line and one table line. */
#include "attn.h"

#include <string.h>

extern const struct attn_impl attn_full_ref, attn_gqa_ref, attn_flash_ref;
extern const struct attn_impl attn_full_cpu, attn_gqa_cpu, attn_flash_cpu;
/* [dense-cpu] */
/* [sparse] */
extern const struct attn_impl attn_msa_ref, attn_msa_cpu, attn_bigbird_ref, attn_bigbird_cpu;
extern const struct attn_impl attn_nsa_ref, attn_nsa_cpu; /* METHOD DECL: attn_method_nsa */
extern const struct attn_impl attn_moba_ref, attn_moba_cpu; /* METHOD DECL: attn_method_moba */
extern const struct attn_impl attn_quest_ref, attn_quest_cpu; /* METHOD DECL: attn_method_quest */
extern const struct attn_impl attn_dsa_ref, attn_dsa_cpu; /* METHOD DECL: attn_method_dsa */
/* [performer] */
extern const struct attn_impl attn_performer_ref, attn_performer_cpu;
#ifdef MSABENCH_HAVE_CUDA
/* cuda dense */
extern const struct attn_impl attn_full_cuda, attn_gqa_cuda, attn_flash_cuda, attn_performer_cuda;
/* [cuda] */
extern const struct attn_impl attn_flash_cuda_wgmma;
/* cuda msa */
extern const struct attn_impl attn_msa_cuda_qouter, attn_msa_cuda_kvouter, attn_bigbird_cuda;
extern const struct attn_impl attn_msa_cuda_fp8;
#endif

static const struct attn_impl *const table[] = {
    &attn_full_ref, &attn_gqa_ref, &attn_flash_ref,
    &attn_full_cpu, &attn_gqa_cpu, &attn_flash_cpu,
    /* [dense-cpu] */
    /* [sparse] */
    &attn_msa_ref, &attn_msa_cpu, &attn_bigbird_ref, &attn_bigbird_cpu,
    &attn_nsa_ref, &attn_nsa_cpu,
    &attn_moba_ref, &attn_moba_cpu,
    &attn_quest_ref, &attn_quest_cpu,
    &attn_dsa_ref, &attn_dsa_cpu,
    /* [performer] */
    &attn_performer_ref, &attn_performer_cpu,
#ifdef MSABENCH_HAVE_CUDA
    /* cuda dense */
    /* flash: wgmma_v1 first (1.4-1.5x mma_v1 at prefill d=128; it hands other shapes to mma_v1) */
    &attn_flash_cuda_wgmma,
    &attn_full_cuda, &attn_gqa_cuda, &attn_flash_cuda, &attn_performer_cuda,
    /* [cuda] */
    /* cuda msa */
    &attn_msa_cuda_qouter, &attn_msa_cuda_kvouter, &attn_bigbird_cuda,
    &attn_msa_cuda_fp8,
#endif
};

static const char *const backends[] = {"ref", "cpu", "cuda"};

size_t attn_registry_count(void) { return sizeof table / sizeof table[0]; }

const struct attn_impl *attn_registry_get(size_t i) {
    return i < attn_registry_count() ? table[i] : NULL;
}

const struct attn_impl *attn_registry_find(const char *method, const char *backend,
                                           const char *variant) {
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = table[i];
        if (strcmp(im->method, method) != 0 || strcmp(im->backend, backend) != 0)
            continue;
        if (variant && strcmp(im->variant, variant) != 0)
            continue;
        return im;
    }
    return NULL;
}

const struct attn_impl *attn_registry_ref(const char *method) {
    for (size_t i = 0; i < attn_registry_count(); i++)
        if ((table[i]->flags & ATTN_F_ORACLE) && strcmp(table[i]->method, method) == 0)
            return table[i];
    return NULL;
}

bool attn_method_known(const char *method) {
    static const char *const methods[] = {"full", "gqa", "flash", "bigbird", "performer",
                                          "msa",  "nsa", "moba",  "quest",   "dsa"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i], method) == 0)
            return true;
    return false;
}

bool attn_backend_known(const char *backend) {
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
        if (strcmp(backends[i], backend) == 0)
            return true;
    return false;
}
