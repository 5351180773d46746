/* meta_kernels.c - meta.json "kernels": for each implementation whose variant runs
 * one of several kernel versions behind a process-wide setting (attn_impl
 * kernel_info), the versions this run used, e.g. {"msa/cuda/q_outer": "index=wgmma
 * topk=v3"}.  msabench never changes them during a run, so they hold for every row. */
#include "attn.h"

#include <jansson.h>
#include <stdio.h>

json_t *meta_kernels(void);

json_t *meta_kernels(void) {
    json_t *o = json_object();
    for (size_t i = 0; o && i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        if (!im->kernel_info)
            continue;
        char name[192], info[256] = "";
        snprintf(name, sizeof name, "%s/%s/%s", im->method, im->backend, im->variant);
        im->kernel_info(info, sizeof info);
        json_object_set_new(o, name, json_string(info));
    }
    return o;
}
