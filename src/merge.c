/* merge.c - `msabench merge OUT.csv IN.csv...`: one result set from shards.
 * Inputs must come from the same sweep (the sweep_hash in the meta.json beside
 * each CSV) and carry the same header.  Duplicate rows (same key, method,
 * backend, variant) are flagged and kept once; shards that are absent, and
 * shards holding fewer rows than they were assigned, are reported as missing
 * points; shards measured on different devices (meta.json's "device") are
 * refused, as compare refuses them: one file would mix two cards' timings.
 * Exit: 0 merged and complete, 1 merged with missing or duplicate
 * rows, 2 refused (different sweeps, unreadable input, bad usage). */
#include "meta_read.h"
#include "outdir.h"
#include "results.h"
#include "verbs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct meta_min {
    char hash[64], shard[32], device[256];
    long assigned;
};

/* The members merge needs, from the meta.json beside the CSV (meta_read.c). */
static int read_meta(const char *csv, struct meta_min *m) {
    struct run_meta rm;
    memset(m, 0, sizeof *m);
    m->assigned = -1;
    if (meta_read_beside(csv, &rm) != ATTN_OK || !rm.present) {
        meta_free(&rm);
        return -1;
    }
    const char *h = meta_str(&rm, "sweep_hash"), *sh = meta_str(&rm, "shard");
    const char *dev = meta_str(&rm, "device");
    snprintf(m->device, sizeof m->device, "%s", dev ? dev : "");
    double as = meta_num(&rm, "assigned_runs");
    snprintf(m->hash, sizeof m->hash, "%s", h ? h : "");
    snprintf(m->shard, sizeof m->shard, "%s", sh ? sh : "");
    if (as == as)
        m->assigned = (long)as;
    meta_free(&rm);
    return 0;
}

static void put_cell(FILE *f, const char *s, int first) {
    if (!first)
        fputc(',', f);
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

struct ident {
    char *id;
    size_t input, row;
};

static int cmp_ident(const void *a, const void *b) {
    const struct ident *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->input != y->input ? (x->input > y->input) - (x->input < y->input)
                                : (x->row > y->row) - (x->row < y->row);
}

static void merge_usage(FILE *f) {
    fputs("usage: msabench merge [--force] OUT.csv IN.csv [IN.csv ...]\n"
          "  Merges the result files of shards of one sweep (--shard I/N runs) into OUT.csv.\n"
          "  Refuses inputs from different sweeps (sweep_hash in each meta.json); flags\n"
          "  duplicate rows and shards that are missing or incomplete.  Refuses an OUT that\n"
          "  already exists (--force replaces it) or is one of the inputs.\n"
          "  exit: 0 complete, 1 merged with missing/duplicate rows, 2 refused\n",
          f);
}

int merge_main(int argc, char **argv) {
    bool force = false;
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        merge_usage(stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++) /* drop --force wherever it stands */
        if (!strcmp(argv[i], "--force")) {
            force = true;
            memmove(argv + i, argv + i + 1, (size_t)(argc - i - 1) * sizeof *argv);
            argc--;
            i--;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "msabench merge: unknown option '%s'\n", argv[i]);
            merge_usage(stderr);
            return 2;
        }
    if (argc < 3) {
        merge_usage(stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[1], argv[i]) || outdir_same_file(argv[1], argv[i])) {
            fprintf(stderr,
                    "msabench merge: refused: OUT %s is also input %d; name a new file "
                    "first (msabench merge OUT.csv IN.csv...)\n",
                    argv[1], i - 1);
            return 2;
        }
    if (!force && access(argv[1], F_OK) == 0) {
        fprintf(stderr,
                "msabench merge: refused: OUT %s already exists (--force replaces it; "
                "did you forget OUT? usage: msabench merge OUT.csv IN.csv...)\n",
                argv[1]);
        return 2;
    }
    const char *out = argv[1];
    const int nin = argc - 2;
    struct csv_table *t = calloc((size_t)nin, sizeof *t);
    struct meta_min *m = calloc((size_t)nin, sizeof *m);
    struct ident *ids = NULL;
    FILE *f = NULL;
    int rc = 2, shard_n = 0, dups = 0, missing = 0;
    char *seen = NULL, tmp[4200];
    size_t nid = 0, total = 0;
    if (!t || !m)
        goto cleanup;
    for (int i = 0; i < nin; i++) {
        if (csv_read(argv[i + 2], &t[i]) != ATTN_OK) {
            fprintf(stderr, "msabench merge: %s\n", attn_last_error());
            goto cleanup;
        }
        if (csv_col(&t[i], "key") < 0 || csv_col(&t[i], "method") < 0 ||
            csv_col(&t[i], "backend") < 0 || csv_col(&t[i], "variant") < 0) {
            fprintf(stderr, "msabench merge: %s: missing column key/method/backend/variant\n",
                    argv[i + 2]);
            goto cleanup;
        }
        if (read_meta(argv[i + 2], &m[i]) != 0)
            fprintf(stderr, "msabench merge: warning: %s has no meta.json beside it\n",
                    argv[i + 2]);
        if (t[i].ncol != t[0].ncol) {
            fprintf(stderr, "msabench merge: %s has %zu columns, %s has %zu: not one schema\n",
                    argv[i + 2], t[i].ncol, argv[2], t[0].ncol);
            goto cleanup;
        }
        for (size_t c = 0; c < t[i].ncol; c++)
            if (strcmp(t[i].col[c], t[0].col[c]) != 0) {
                fprintf(stderr, "msabench merge: %s: column %zu is '%s', %s has '%s'\n",
                        argv[i + 2], c + 1, t[i].col[c], argv[2], t[0].col[c]);
                goto cleanup;
            }
        if (m[i].hash[0] && m[0].hash[0] && strcmp(m[i].hash, m[0].hash) != 0) {
            fprintf(stderr,
                    "msabench merge: refused: %s comes from sweep %s, %s from sweep %s "
                    "(different sweep files)\n",
                    argv[i + 2], m[i].hash, argv[2], m[0].hash);
            goto cleanup;
        }
        if (m[i].device[0] && m[0].device[0] && strcmp(m[i].device, m[0].device) != 0) {
            fprintf(stderr,
                    "msabench merge: refused: %s was measured on '%s', %s on '%s': one file "
                    "would mix two devices' timings\n",
                    argv[i + 2], m[i].device, argv[2], m[0].device);
            goto cleanup;
        }
        total += t[i].nrow;
    }
    /* shards: every I of N present once, each complete */
    if (m[0].shard[0] && sscanf(m[0].shard, "%*d/%d", &shard_n) == 1 && shard_n > 1) {
        seen = calloc((size_t)shard_n, 1);
        for (int i = 0; seen && i < nin; i++) {
            int si = -1, sn = 0;
            if (sscanf(m[i].shard, "%d/%d", &si, &sn) != 2 || sn != shard_n || si < 0 || si >= sn) {
                fprintf(stderr, "msabench merge: refused: %s is shard '%s', expected one of %d\n",
                        argv[i + 2], m[i].shard, shard_n);
                goto cleanup;
            }
            if (seen[si]++)
                fprintf(stderr, "msabench merge: duplicate: shard %d/%d given twice\n", si, sn);
            if (m[i].assigned >= 0 && (long)t[i].nrow < m[i].assigned) {
                fprintf(stderr,
                        "msabench merge: missing: %s (shard %d/%d) holds %zu of its %ld rows\n",
                        argv[i + 2], si, sn, t[i].nrow, m[i].assigned);
                missing += (int)(m[i].assigned - (long)t[i].nrow);
            }
        }
        for (int s = 0; seen && s < shard_n; s++)
            if (!seen[s]) {
                fprintf(stderr, "msabench merge: missing: shard %d/%d not among the inputs\n", s,
                        shard_n);
                missing++;
            }
    }
    ids = calloc(total ? total : 1, sizeof *ids);
    if (!ids)
        goto cleanup;
    for (int i = 0; i < nin; i++)
        for (size_t r = 0; r < t[i].nrow; r++) {
            const char *k = csv_get(&t[i], r, "key"), *me = csv_get(&t[i], r, "method");
            const char *b = csv_get(&t[i], r, "backend"), *v = csv_get(&t[i], r, "variant");
            size_t n = strlen(k) + strlen(me) + strlen(b) + strlen(v) + 4;
            ids[nid].id = malloc(n);
            if (!ids[nid].id)
                goto cleanup;
            snprintf(ids[nid].id, n, "%s|%s|%s|%s", k, me, b, v);
            ids[nid].input = (size_t)i;
            ids[nid].row = r;
            nid++;
        }
    qsort(ids, nid, sizeof *ids, cmp_ident);
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    f = outdir_fopen_excl(tmp); /* renamed over OUT once whole; links never followed */
    if (!f) {
        fprintf(stderr, "msabench merge: %s: cannot write: %s\n", tmp, strerror(errno));
        goto cleanup;
    }
    for (size_t c = 0; c < t[0].ncol; c++)
        put_cell(f, t[0].col[c], c == 0);
    fputc('\n', f);
    for (size_t i = 0; i < nid; i++) {
        if (i > 0 && strcmp(ids[i].id, ids[i - 1].id) == 0) {
            fprintf(stderr, "msabench merge: duplicate row %s (in %s, kept the one from %s)\n",
                    ids[i].id, argv[ids[i].input + 2], argv[ids[i - 1].input + 2]);
            dups++;
            continue;
        }
        const struct csv_table *tt = &t[ids[i].input];
        for (size_t c = 0; c < tt->ncol; c++)
            put_cell(f, tt->cell[ids[i].row][c], c == 0);
        fputc('\n', f);
    }
    if (fclose(f) != 0 || rename(tmp, out) != 0) {
        f = NULL;
        fprintf(stderr, "msabench merge: %s: write failed: %s\n", out, strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    f = NULL;
    fprintf(stderr, "msabench merge: %zu rows from %d files -> %s (%d duplicate, %d missing)\n",
            nid - (size_t)dups, nin, out, dups, missing);
    rc = dups || missing ? 1 : 0;
cleanup:
    if (f)
        fclose(f);
    for (size_t i = 0; i < nid; i++)
        free(ids[i].id);
    free(ids);
    free(seen);
    for (int i = 0; t && i < nin; i++)
        csv_free(&t[i]);
    free(t);
    free(m);
    return rc;
}
