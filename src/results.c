/* results.c - one CSV row per (point, implementation), appended and synced at
 * once so a killed sweep keeps every finished row; --resume reads them back. */
#include "results.h"

#include "outdir.h"
#include "results_cols.h"
#include "row_metrics.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *row_status_str(enum row_status s) {
    switch (s) {
    case ROW_OK:
        return "ok";
    case ROW_SKIPPED:
        return "skipped";
    case ROW_FAILED:
        return "failed";
    case ROW_ESTIMATED:
        return "estimated";
    }
    return "?";
}

void result_row_init(struct result_row *r) {
    memset(r, 0, sizeof *r);
    r->mem_peak = NAN;
    stats_summarize(NULL, 0, &r->time_ms);
    for (int i = 0; i < ROW_MAX_STAGES; i++)
        r->stage_ms[i] = NAN;
    r->val_rel_err = r->val_max_abs = r->floor_ms = r->bytes_worst = NAN;
    r->useful_tflops = r->dense_tflops = r->gbps = r->frac_of_floor = NAN;
    r->recall.block_recall = r->recall.score_recall = NAN;
    r->recall.mass_coverage = r->recall.out_rel_err = NAN;
    coherence_clear(&r->coh);
}

static char *make_done_key(const char *key, const char *m, const char *b, const char *v) {
    size_t n = strlen(key) + strlen(m) + strlen(b) + strlen(v) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s|%s|%s|%s", key, m, b, v);
    return s;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool results_done(const struct results_file *rf, const char *key, const char *method,
                  const char *backend, const char *variant) {
    if (rf->n_done == 0)
        return false;
    char *k = make_done_key(key, method, backend, variant);
    if (!k)
        return false;
    bool hit = bsearch(&k, rf->done, rf->n_done, sizeof *rf->done, cmp_str) != NULL;
    free(k);
    return hit;
}

enum attn_status results_index(struct results_file *rf, const struct csv_table *t) {
    rf->done = calloc(t->nrow ? t->nrow : 1, sizeof *rf->done);
    if (!rf->done)
        return ATTN_ERR_NOMEM;
    for (size_t i = 0; i < t->nrow; i++) {
        char *k = make_done_key(csv_get(t, i, "key"), csv_get(t, i, "method"),
                                csv_get(t, i, "backend"), csv_get(t, i, "variant"));
        if (!k)
            return ATTN_ERR_NOMEM; /* results_close frees the keys made so far */
        rf->done[rf->n_done++] = k;
    }
    qsort(rf->done, rf->n_done, sizeof *rf->done, cmp_str);
    return ATTN_OK;
}

/* Resume: keep whole rows (a torn final line is cut off), remember their keys. */
static enum attn_status load_existing(struct results_file *rf) {
    enum attn_status st = ATTN_OK;
    struct csv_table t = {0};
    FILE *f = fopen(rf->path, "r+");
    if (!f)
        return ATTN_OK; /* nothing to resume */
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    /* cut everything after the last newline */
    long keep = size;
    while (keep > 0) {
        fseek(f, keep - 1, SEEK_SET);
        if (fgetc(f) == '\n')
            break;
        keep--;
    }
    fclose(f);
    if (keep != size && truncate(rf->path, keep) != 0) {
        attn_set_error("%s: cannot cut the torn last row: %s", rf->path, strerror(errno));
        return ATTN_ERR_IO;
    }
    if (keep == 0)
        return ATTN_OK;
    st = csv_read(rf->path, &t);
    if (st != ATTN_OK)
        return st;
    if (t.ncol == 0 || strcmp(t.col[0], "sweep") != 0 || csv_col(&t, "samples_ms") < 0) {
        attn_set_error("%s: not an msabench results file (header differs); move it away or "
                       "drop --resume",
                       rf->path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    /* appended rows must line up with the columns already there: the header must be
     * this version's, column for column (results_cols.c) */
    {
        const char *h = results_header();
        size_t i = 0;
        for (; i < t.ncol && *h; i++) {
            const size_t len = strcspn(h, ",");
            if (strlen(t.col[i]) != len || strncmp(t.col[i], h, len) != 0)
                break;
            h += len + (h[len] == ',');
        }
        if (i < t.ncol || *h) {
            char want[64];
            snprintf(want, sizeof want, "%.*s", (int)strcspn(h, ","), h);
            attn_set_error("%s: its columns differ from this msabench's at column %zu ('%s' here, "
                           "'%s' there); resume it with the version that wrote it, or move it "
                           "away",
                           rf->path, i + 1, *h ? want : "(none)", i < t.ncol ? t.col[i] : "(none)");
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
    }
    st = results_index(rf, &t);
cleanup:
    csv_free(&t);
    return st;
}

enum attn_status results_open(struct results_file *rf, const char *path, bool resume) {
    memset(rf, 0, sizeof *rf);
    snprintf(rf->path, sizeof rf->path, "%s", path);
    enum attn_status st = ATTN_OK;
    bool fresh = true;
    struct stat sb;
    if (lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) { /* never write through a link */
        attn_set_error("%s: is a %s, not a regular file; refusing to write through it", path,
                       S_ISLNK(sb.st_mode) ? "symbolic link" : "special file");
        return ATTN_ERR_IO;
    }
    if (resume) {
        st = load_existing(rf);
        if (st != ATTN_OK)
            return st;
        FILE *f = fopen(path, "r");
        if (f) {
            fresh = fgetc(f) == EOF;
            fclose(f);
        }
    }
    rf->fp = outdir_fopen_nofollow(path, !fresh);
    if (!rf->fp) {
        attn_set_error("%s: cannot open for writing: %s", path, strerror(errno));
        results_close(rf);
        return ATTN_ERR_IO;
    }
    if (fresh) {
        fprintf(rf->fp, "%s\n", results_header());
        fflush(rf->fp);
    }
    return ATTN_OK;
}

enum attn_status results_append(struct results_file *rf, const struct result_row *r) {
    /* the derived figures on a copy, so every caller's row gets them */
    struct result_row *d = malloc(sizeof *d);
    if (!d)
        return ATTN_ERR_NOMEM;
    *d = *r;
    row_metrics_fill(d);
    /* Format into memory first: the file only ever sees whole lines. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        free(d);
        return ATTN_ERR_NOMEM;
    }
    results_row_put(f, d);
    fclose(f);
    free(d);
    enum attn_status st = ATTN_OK;
    if (fwrite(buf, 1, len, rf->fp) != len || fflush(rf->fp) != 0) {
        attn_set_error("%s: write failed: %s", rf->path, strerror(errno));
        st = ATTN_ERR_IO;
    }
    fsync(fileno(rf->fp));
    free(buf);
    return st;
}

void results_close(struct results_file *rf) {
    if (rf->fp)
        fclose(rf->fp);
    for (size_t i = 0; i < rf->n_done; i++)
        free(rf->done[i]);
    free(rf->done);
    rf->fp = NULL;
    rf->done = NULL;
    rf->n_done = 0;
}
