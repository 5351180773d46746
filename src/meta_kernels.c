/* meta_kernels.c - which kernel versions an implementation runs, for the
 * results column `kernels` (per shape) and meta.json "kernels": for each
 * implementation whose variant runs one of several kernel versions behind a
 * process-wide setting (attn_impl kernel_info), the versions this run set, e.g.
 * {"msa/cuda/q_outer": "index=wgmma;topk=v3"}.  msabench never changes the
 * settings during a run; a shape may still pick another (kernel_info_for). */
#include "attn.h"

#include <jansson.h>
#include <stdio.h>

json_t *meta_kernels(void);

void attn_impl_kernels(const struct attn_impl *im, const struct attn_shape *s,
                       const struct attn_params *p, char *buf, size_t n) {
    if (!n)
        return;
    buf[0] = '\0';
    if (im && s && p && im->kernel_info_for)
        im->kernel_info_for(s, p, buf, n);
    else if (im && im->kernel_info)
        im->kernel_info(buf, n);
    /* a cell as is: never a separator, quote or line break */
    for (char *c = buf; *c; c++)
        if (*c == ',' || *c == '"' || *c == '\n' || *c == '\r')
            *c = ';';
}

json_t *meta_kernels(void) {
    json_t *o = json_object();
    for (size_t i = 0; o && i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        if (!im->kernel_info)
            continue;
        char name[192], info[256] = "";
        snprintf(name, sizeof name, "%s/%s/%s", im->method, im->backend, im->variant);
        attn_impl_kernels(im, NULL, NULL, info, sizeof info);
        json_object_set_new(o, name, json_string(info));
    }
    return o;
}
