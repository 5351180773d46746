/* fuzz_meta.c - libFuzzer entry for the meta.json reader (plot, compare and
 * merge read it beside a CSV): any bytes give a status; a file that reads is
 * looked up the way those verbs do. */
#include "meta_read.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const keys[] = {"device",         "sweep_hash",  "shard",   "assigned_runs",
                                       "calib_sgemm_ms", "peak_tflops", "gpu.gpu", "argv.0"};
    struct run_meta m;
    if (meta_parse_buffer("fuzz.json", (const char *)data, size, &m) == ATTN_OK) {
        volatile double sink = 0;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            const char *s = meta_str(&m, keys[i]);
            sink += meta_num(&m, keys[i]) + (s ? s[0] : 0);
        }
        for (size_t i = 0; i < m.n; i++)
            sink += meta_num(&m, m.leaf[i].path);
        (void)sink;
    }
    meta_free(&m);
    return 0;
}
