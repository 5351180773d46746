/* results_cols.h - the CSV columns of results.csv as one table: the header and
 * every row are written from it, so they cannot disagree.  A new column is one
 * entry appended at the end (readers look columns up by name). */
#ifndef MSABENCH_RESULTS_COLS_H
#define MSABENCH_RESULTS_COLS_H
#include "results.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif

/* How a cell is formatted: STR csv-quoted when needed; INT "%lld"; NUM "%.6g",
 * empty when not finite; CUSTOM by the entry's own put(). */
enum result_col_kind { RESULT_COL_STR, RESULT_COL_INT, RESULT_COL_NUM, RESULT_COL_CUSTOM };

struct result_col {
    const char *name;
    enum result_col_kind kind;
    const char *(*str)(const struct result_row *r);   /* RESULT_COL_STR */
    int64_t (*i64)(const struct result_row *r);       /* RESULT_COL_INT */
    double (*num)(const struct result_row *r);        /* RESULT_COL_NUM */
    void (*put)(FILE *f, const struct result_row *r); /* RESULT_COL_CUSTOM */
};

/* The table, in column order; *n receives its length. */
const struct result_col *results_cols(size_t *n);
/* One cell, without a separator.  Derived figures are read from the row as
 * they are: call row_metrics_fill first (results_append does). */
void results_col_put(FILE *f, const struct result_col *c, const struct result_row *r);
/* A whole line: every cell in table order, ',' between, '\n' at the end. */
void results_row_put(FILE *f, const struct result_row *r);

#ifdef __cplusplus
}
#endif
#endif
