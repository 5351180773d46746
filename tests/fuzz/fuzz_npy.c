/* fuzz_npy.c - libFuzzer entry for the .npy reader (data: file inputs), through
 * fmemopen: any bytes give a status; a loaded array has finite values only and
 * as many as its shape says. */
#include "data.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    for (int bf16 = 0; bf16 < 2; bf16++) {
        FILE *f = fmemopen((void *)data, size, "rb");
        if (!f)
            return 0;
        struct npy_array a;
        if (npy_load_stream("fuzz.npy", f, bf16, &a) == ATTN_OK) {
            int64_t n = 1;
            for (int d = 0; d < a.ndim; d++)
                n *= a.dims[d];
            for (int64_t i = 0; i < n; i++)
                if (!isfinite(a.data[i]))
                    abort(); /* the loader promises finite values */
            npy_free(&a);
        }
        fclose(f);
    }
    return 0;
}
