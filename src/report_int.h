/* report_int.h - what report.c shares with report_tables.c: the rows of a report
 * (one per result row with a context length, from DIR/results.csv and peers.csv) and
 * the cell helpers. */
#ifndef MSABENCH_REPORT_INT_H
#define MSABENCH_REPORT_INT_H
#include "results.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { MAXN = 64, NAME = 160, CFG = 320 };

struct rrow {
    const struct csv_table *t;
    size_t row;
    char impl[NAME], cfg[CFG]; /* "method backend/variant"; the shape without N */
    long n;
    bool ok;
    double ms;
};

struct report {
    struct rrow *r;
    size_t nr;
    long ns[MAXN]; /* the context lengths, ascending */
    size_t nn;
};

/* Copies s into a markdown cell: '|' and control characters become '?'. */
void report_cell(char *dst, size_t n, const char *s);
/* The header cells " 16K | 1M |" of context lengths ns[0..n-1]. */
void report_n_cells(FILE *f, const long *ns, size_t n);
/* Whether row i is the first of its configuration (one table per configuration). */
bool report_first_cfg(const struct report *rp, size_t i);
/* The same point, whatever knobs each method's key names (attn_key_canonical). */
bool report_same_point(const char *a, const char *b);

/* report_tables.c: the tables that compare rows across points rather than over N. */
/* The paper's FLOP claim (eq. 12) beside the exact count, per configuration of the study method. */
void report_flops(FILE *f, const struct report *rp);
/* The study method against its peer at the same block count, one line per point. */
void report_peer(FILE *f, const struct report *rp);
/* mass_coverage against the token budget, per (mode, data, N): method x input lines. */
void report_budget(FILE *f, const struct report *rp);
#endif
