/* main.c - the msabench CLI: run, estimate, list, plot, compare. */
#include "attn.h"

#include <stdio.h>
#include <string.h>

static int cmd_list(void) {
    printf("%-10s %-6s %-12s %-8s %s\n", "method", "backend", "variant", "flags", "what");
    for (size_t i = 0; i < attn_registry_count(); i++) {
        const struct attn_impl *im = attn_registry_get(i);
        char fl[16] = "";
        if (im->flags & ATTN_F_ORACLE) strcat(fl, "R");
        if (im->flags & ATTN_F_MHA) strcat(fl, "M");
        if (im->flags & ATTN_F_INDEX) strcat(fl, "I");
        if (im->flags & ATTN_F_SELECT) strcat(fl, "S");
        if (im->flags & ATTN_F_APPROX) strcat(fl, "A");
        if (im->flags & ATTN_F_DEVICE) strcat(fl, "D");
        printf("%-10s %-6s %-12s %-8s %s\n", im->method, im->backend, im->variant, fl,
               im->describe ? im->describe : "");
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return cmd_list();
    fprintf(stderr, "usage: msabench list\n");
    return 2;
}
