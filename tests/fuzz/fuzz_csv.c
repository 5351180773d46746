/* fuzz_csv.c - libFuzzer entry for the CSV reader that compare, merge and plot
 * read results through: any bytes give a status, and a table that reads is
 * walked by every accessor (never a crash, leak or sanitizer report). */
#include "results.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    struct csv_table t;
    if (csv_parse_buffer("fuzz.csv", (const char *)data, size, &t) != ATTN_OK)
        return 0;
    volatile double sink = 0;
    for (size_t r = 0; r < t.nrow; r++)
        for (size_t c = 0; c < t.ncol; c++) {
            sink += csv_num(&t, r, t.col[c]);
            sink += (double)csv_get(&t, r, t.col[c])[0];
        }
    sink += csv_col(&t, "median_ms");
    (void)sink;
    csv_free(&t);
    return 0;
}
