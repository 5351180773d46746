/* fuzz_sweep.c - libFuzzer entry for the sweep loader: any bytes must give a
 * status (never a crash, leak or sanitizer report); built by scripts/fuzz.sh. */
#include "sweep.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static FILE *devnull;
    struct sweep_spec s;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    /* A name with a directory exercises the file: path resolution. */
    enum attn_status st =
        sweep_load_buffer("fuzz/sweep.yaml", (const char *)data, size, &s, devnull);
    if (st == ATTN_OK) {
        char key[1024];
        for (size_t i = 0; i < s.n_points; i++)
            sweep_point_key(&s.points[i], key, sizeof key);
    }
    sweep_free(&s);
    return 0;
}
