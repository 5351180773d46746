/* plot_int.h - internals shared by plot.c (CLI, gnuplot), plot_data.c (rows,
 * series, styles, script helpers) and plot_figs.c (the figures). */
#ifndef MSABENCH_PLOT_INT_H
#define MSABENCH_PLOT_INT_H
#include "meta_read.h"
#include "results.h"
#include "run_gaps.h"

#include <stdio.h>

#define PLOT_MAX_FIGS 64

/* A row as the figures see it. */
struct prow {
    size_t row;
    const char *method, *backend, *variant, *mode, *status, *reason;
    double n;    /* seq_len */
    bool usable; /* status ok or estimated: may be drawn */
    bool bad;    /* status skipped or failed: listed in the note */
    bool est;    /* status estimated */
};

struct plot_ctx {
    const struct csv_table *t;
    const struct csv_table *peers; /* peers.csv beside the CSV, or NULL (the frontier's base) */
    const char *csv_path;
    const struct run_meta *meta;
    char outdir[4096];
    char fmts[32]; /* "pdf png svg" */
    struct prow *r;
    size_t nr;
    bool both_modes; /* prefill and decode rows present: say the mode in labels */
    char device[256];
    /* figures written, by name */
    char figs[PLOT_MAX_FIGS][64];
    size_t nfigs;
    FILE *log;                   /* what was made or skipped, and why */
    const struct run_gaps *gaps; /* the sweep's runs without a row (run_gaps.h), or NULL */
};

/* ---- small shared helpers (plot_data.c) ---- */
/* x > 0 and finite: a value that can be drawn (and sit on a log axis). */
bool plot_pos(double x);
/* The CSV has the column. */
bool plot_has(const struct plot_ctx *c, const char *col);
/* Appends s to the string dst (n bytes), truncating. */
void plot_cat(char *dst, size_t n, const char *s);
/* Logs "plot: FIG: not made (WHY)"; returns 1 (the figures' "not applicable"). */
int plot_not_made(struct plot_ctx *c, const char *fig, const char *why);

/* ---- series: the points of one line ---- */
struct spt {
    double x, y, lo, hi, y2; /* y2: a second value (dense-eq TFLOP/s, mem_peak) */
    size_t ri;               /* the row (index into plot_ctx.r), set by pend_group */
};
struct series {
    char id[768];
    char label[256];
    const char *method, *backend;
    bool est;
    double tagv; /* the value of the series' tag (pend_group_tagged), NaN if none */
    struct spt *p;
    size_t n, cap;
    /* style, set by series_style() */
    int ls; /* gnuplot line style number */
};
struct slist {
    struct series *s;
    size_t n, cap;
};

/* Points waiting to be grouped into series (row index into plot_ctx.r). */
struct pending {
    size_t *ri;
    struct spt *p;
    size_t n, cap;
};
int pend_add(struct pending *pd, size_t ri, double x, double y, double lo, double hi, double y2);
void pend_free(struct pending *pd);
/* Groups the pending points into series and frees pd.  A series is
 * method/backend/variant (method only when !with_impl), the mode when both
 * occur, "(est.)", and every parameter that matters to the method and takes
 * more than one value among these rows of its group (x_col excluded).
 * Series are sorted by x, the first point of each x kept. */
int pend_group(const struct plot_ctx *c, struct pending *pd, const char *x_col, bool with_impl,
               struct slist *out);
/* A line's extra name (its budget, block size ...) beside the method: text
 * joins the label and the identity, v orders and shades the lines. */
struct ptag {
    char text[48];
    double v;
};
/* pend_group, with tags[k] (NULL: none) naming pending point k's line and the
 * columns in skip (" a b ", NULL: none) never naming a line: the figure
 * accounts for them by its tags, its x or its filter. */
int pend_group_tagged(const struct plot_ctx *c, struct pending *pd, const char *x_col,
                      const char *skip, const struct ptag *tags, bool with_impl, struct slist *out);
void series_id(const struct plot_ctx *c, const struct prow *r, unsigned vary, bool with_impl,
               char *id, size_t idn, char *label, size_t labeln);
int series_add(struct series *s, struct spt p);
/* Sorts every series by x and keeps the first point of each x. */
void slist_finish(struct slist *l);
void slist_free(struct slist *l);

/* ---- figure files ---- */
struct fig {
    char name[64];
    FILE *gp, *dat;
    int nblocks; /* data blocks written to .dat (gnuplot `index`) */
    int nstyles;
    double w_in, h_in; /* size in inches (pdf); png/svg scale from it */
};
/* Opens OUTDIR/name.gp and OUTDIR/name.dat and writes the script's preamble.
 * Returns -1 (with the reason in attn_last_error) when a file cannot be made. */
int fig_open(struct plot_ctx *c, struct fig *f, const char *name, const char *what);
/* Emits `do for [fmt in fmts] { <terminal and output> ` ; the caller then
 * writes the plot command(s) and calls fig_close. */
void fig_begin_output(struct fig *f);
/* Closes the loop and the files and records the figure in c. */
int fig_close(struct plot_ctx *c, struct fig *f);
/* A gnuplot double-quoted string literal ("\" and "\\" escaped, newlines as \n). */
void gp_str(FILE *f, const char *s);
void gp_comment_text(FILE *f, const char *s); /* one comment line: control chars -> spaces */
/* `title "T"`, or `notitle` when t is NULL. */
void gp_title(FILE *f, const char *t);
/* `CMD"WHAT  -  DEVICE\nSUB"` and a newline (cmd: "set title " ...; sub NULL: none). */
void gp_fig_title(const struct plot_ctx *c, FILE *f, const char *cmd, const char *what,
                  const char *sub);
/* `set Xlabel "TEXT"` for axis "x" or "y". */
void gp_label(FILE *f, const char *axis, const char *text);
/* One plot element: 'NAME.dat' index B using U with W ls S title "T" (t NULL:
 * notitle), after "  plot " when first, else after a continued comma. */
void fig_elem(struct fig *g, bool first, int block, const char *using_, const char *with, int ls,
              const char *t);
/* The note text as label 900 at the bottom left, lifted by its line count. */
void gp_note_label(FILE *f, const char *text, int lines);
/* Writes one data block: "# label" then x y lo hi y2 lines; returns its index. */
int fig_block(struct fig *f, const struct series *s);
/* Defines a line style for a series (color and point type by method, dash by
 * backend, open points for estimates) and returns its number. */
int fig_style(struct fig *f, const struct series *s, const struct slist *all, int dash_override,
              bool open_points);
/* fig_style in the method's color made lighter (shade < 0) or darker
 * (shade > 0, up to 1 = black): lines of one method told apart by a tag. */
int fig_style_shaded(struct fig *f, const struct series *s, const struct slist *all,
                     int dash_override, bool open_points, double shade);
/* log2 x axis of context lengths with 512, 1K ... 1M tics spanning [lo, hi]. */
void gp_tokens_axis(FILE *f, const char *axis, double lo, double hi);
/* log2 axis of small integers (block size, top-k). */
void gp_pow2_axis(FILE *f, const char *axis, double lo, double hi);
/* Range of the positive finite y values (y, lo, hi, and y2 when asked) and of x. */
void slist_yrange(const struct slist *l, bool use_y2, double *lo, double *hi);
void slist_xrange(const struct slist *l, double *lo, double *hi);
/* Log y (base 10) when hi/lo > ratio, else linear from 0; returns true for log. */
bool gp_logy_range(FILE *f, double lo, double hi, double ratio, const char *format);
/* Note under the plot listing skipped/failed rows: all of them when like is
 * NULL, else those that resemble a drawn row of `like` (same method, mode and
 * data, and the same seq_len unless seq_len is x_col):
 * "skipped: msa cpu N=1M (memory: ...)".  Returns the number of note lines
 * written; sets the bottom margin for them plus extra_bmargin. */
int gp_skip_note(const struct plot_ctx *c, struct fig *f, const struct slist *like,
                 const char *x_col, int extra_bmargin);
/* The note's text ("\n" between lines); returns its number of lines, 0 = none. */
int gp_note_text(const struct plot_ctx *c, const struct slist *like, const char *x_col, char *text,
                 size_t textn);
/* Key placement by the number of entries. */
/* Inside top left for a few entries; else right of the plot on a canvas
 * widened by the longest title (maxlen characters). */
void gp_key(struct fig *f, size_t entries, size_t maxlen);
size_t slist_maxlabel(const struct slist *l);

/* ---- the figures (plot_figs.c); each returns 0 made, 1 not applicable, -1 error ---- */
int fig_latency(struct plot_ctx *c);
int fig_speedup(struct plot_ctx *c);
int fig_tflops(struct plot_ctx *c);
int fig_bandwidth(struct plot_ctx *c);
int fig_memory(struct plot_ctx *c);
int fig_recall(struct plot_ctx *c);
int fig_stages(struct plot_ctx *c);
int fig_flop_ratio(struct plot_ctx *c);
int fig_coherence(struct plot_ctx *c); /* plot_coherence.c */
int fig_budget(struct plot_ctx *c);    /* plot_budget.c */
int fig_roofline(struct plot_ctx *c);  /* plot_roofline.c */
int fig_frontier(struct plot_ctx *c);  /* plot_frontier.c */

#endif
