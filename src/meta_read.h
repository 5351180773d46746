/* meta_read.h - reads the run's meta.json (written beside results.csv) back
 * for plot, compare and merge.  Parsed with jansson; every scalar leaf is kept
 * by its dotted path ("device", "gpu.sm_count", "versions.cuda"). */
#ifndef MSABENCH_META_READ_H
#define MSABENCH_META_READ_H
#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif

struct meta_leaf {
    char *path;  /* "gpu.name"; array elements as "list.0" */
    char *text;  /* decoded string, or the number / true / false / null as written */
    bool is_str; /* a JSON string */
};

struct run_meta {
    bool present;    /* the file was found and parsed */
    char path[4096]; /* the meta.json looked for */
    struct meta_leaf *leaf;
    size_t n;
};

/* Looks for meta.json in the directory of csv_path.  A missing file is not an
 * error (present = false, ATTN_OK); a malformed one is ATTN_ERR_PARSE. */
enum attn_status meta_read_beside(const char *csv_path, struct run_meta *m);
enum attn_status meta_read_file(const char *json_path, struct run_meta *m);
/* The same from memory (the fuzzer); name stands for the file in errors, which
 * carry name:line:col.  Duplicate keys and a non-object top level are refused. */
enum attn_status meta_parse_buffer(const char *name, const char *buf, size_t len,
                                   struct run_meta *m);
/* The leaf's text, or NULL when absent or JSON null. */
const char *meta_str(const struct run_meta *m, const char *path);
/* The leaf as a number; NaN when absent, null or not a number. */
double meta_num(const struct run_meta *m, const char *path);
void meta_free(struct run_meta *m);

#ifdef __cplusplus
}
#endif
#endif
