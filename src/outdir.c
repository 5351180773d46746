/* outdir.c - output-folder integrity (outdir.h): lock, refusals, safe opens. */
#define _GNU_SOURCE
#include "outdir.h"

#include "data.h"
#include "meta.h"
#include "meta_read.h"
#include "regfile.h"
#include "results.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* room for "/shard-NN/results.csv", "/meta.json.tmp" and the like */
#define OUTDIR_TAIL 40

static bool has_ctrl(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

enum attn_status outdir_check_len(const char *dir) {
    size_t n = strlen(dir);
    if (n == 0) {
        attn_set_error("output folder: empty path");
        return ATTN_ERR_INVALID;
    }
    if (n + OUTDIR_TAIL >= DATA_PATH_MAX) {
        attn_set_error("output folder: path of %zu characters is too long (at most %d)", n,
                       DATA_PATH_MAX - OUTDIR_TAIL - 1);
        return ATTN_ERR_INVALID;
    }
    if (has_ctrl(dir)) {
        attn_set_error("output folder: path holds a control character (newline, tab...)");
        return ATTN_ERR_INVALID;
    }
    return ATTN_OK;
}

enum attn_status outdir_check_name(const char *name) {
    if (!name[0] || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/') ||
        has_ctrl(name)) {
        attn_set_error("sweep name '%s' cannot name a folder under results/runs/ "
                       "(no '/', '.', '..' or control characters); rename it or give -o",
                       name);
        return ATTN_ERR_INVALID;
    }
    return ATTN_OK;
}

enum attn_status outdir_check_sweep_dir(const char *dir) {
    if (dir[0] == '/') {
        attn_set_error("output.dir '%s' is absolute; the sweep file may only name a folder "
                       "relative to where msabench runs (give -o for anything else)",
                       dir);
        return ATTN_ERR_INVALID;
    }
    for (const char *p = dir; *p;) {
        size_t l = strcspn(p, "/");
        if (l == 2 && p[0] == '.' && p[1] == '.') {
            attn_set_error("output.dir '%s' has a '..' component; the sweep file may not "
                           "point outside the folder msabench runs in (give -o instead)",
                           dir);
            return ATTN_ERR_INVALID;
        }
        p += l;
        while (*p == '/')
            p++;
    }
    return ATTN_OK;
}

enum attn_status outdir_mkdirs(const char *dir) {
    char buf[DATA_PATH_MAX];
    struct stat sb;
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        attn_set_error("%.64s...: path too long", dir);
        return ATTN_ERR_INVALID;
    }
    for (char *p = buf + 1;; p++) {
        const bool last = *p == '\0';
        if (!last && *p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            attn_set_error("%s: cannot create output directory: %s", buf, strerror(errno));
            return ATTN_ERR_IO;
        }
        if (last)
            break;
        *p = '/';
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        attn_set_error("%s: exists and is not a directory", dir);
        return ATTN_ERR_IO;
    }
    return ATTN_OK;
}

enum attn_status outdir_lock(const char *dir, const char *verb, int *fd) {
    char path[DATA_PATH_MAX + 32], line[64];
    *fd = -1;
    snprintf(path, sizeof path, "%s/%s", dir, OUTDIR_LOCK_NAME);
    int f = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (f < 0) {
        attn_set_error("%s: cannot open the lock file: %s", path, strerror(errno));
        return ATTN_ERR_IO;
    }
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    if (fcntl(f, F_SETLK, &fl) != 0) {
        struct flock q = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        long pid = fcntl(f, F_GETLK, &q) == 0 && q.l_type != F_UNLCK ? (long)q.l_pid : -1;
        close(f);
        attn_set_error("%s is in use by another msabench (pid %ld, lock %s): wait for it to "
                       "finish or write elsewhere with -o",
                       dir, pid, path);
        return ATTN_ERR_IO;
    }
    int n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(), verb);
    if (ftruncate(f, 0) != 0 || write(f, line, (size_t)n) != n) {
        /* the lock itself holds; its text is only for people */
    }
    *fd = f;
    return ATTN_OK;
}

void outdir_unlock(int fd) {
    if (fd >= 0)
        close(fd);
}

enum attn_status outdir_check_files(const char *dir) {
    static const char *const names[] = {"results.csv", "meta.json", OUTDIR_SWEEP_NAME};
    char path[DATA_PATH_MAX + 32];
    struct stat sb;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (lstat(path, &sb) != 0 || S_ISREG(sb.st_mode))
            continue; /* absent, or a plain file the later checks judge */
        attn_set_error("%s: is a %s, not a regular file; msabench reads and writes only plain "
                       "files there (it would block on a FIFO or write through a link): move "
                       "it away or give another -o",
                       path,
                       S_ISLNK(sb.st_mode)    ? "symbolic link"
                       : S_ISFIFO(sb.st_mode) ? "FIFO (named pipe)"
                       : S_ISDIR(sb.st_mode)  ? "folder"
                       : S_ISSOCK(sb.st_mode) ? "socket"
                                              : "device");
        return ATTN_ERR_IO;
    }
    return ATTN_OK;
}

long outdir_rows(const char *dir) {
    char path[DATA_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/results.csv", dir);
    FILE *f = regfile_open(path, NULL, 0); /* never blocks on a FIFO */
    if (!f)
        return 0;
    long lines = 0;
    int c, prev = '\n';
    while ((c = fgetc(f)) != EOF) {
        if (c == '\n')
            lines++;
        prev = c;
    }
    if (prev != '\n')
        lines++; /* a torn last line is still a row someone measured */
    fclose(f);
    return lines > 0 ? lines - 1 : 0;
}

/* The first column of A (comma-separated) that B lacks, as "name" in out. */
static bool first_absent(const char *a, const char *b, char *out, size_t n) {
    for (const char *p = a; *p;) {
        size_t l = strcspn(p, ",");
        bool found = false;
        for (const char *q = b; *q && !found;) {
            size_t m = strcspn(q, ",");
            found = m == l && !strncmp(p, q, l);
            q += m + (q[m] == ',');
        }
        if (!found) {
            snprintf(out, n, "%.*s", (int)(l < 200 ? l : 200), p);
            return true;
        }
        p += l + (p[l] == ',');
    }
    return false;
}

static enum attn_status check_header(const char *csv) {
    FILE *f = regfile_open(csv, NULL, 0);
    char *line = NULL, col[256];
    size_t cap = 0;
    enum attn_status st = ATTN_OK;
    if (!f)
        return ATTN_OK;
    ssize_t n = getline(&line, &cap, f);
    fclose(f);
    if (n <= 0)
        goto cleanup;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    const char *want = results_header();
    if (strcmp(line, want) == 0)
        goto cleanup;
    st = ATTN_ERR_PARSE;
    if (first_absent(want, line, col, sizeof col))
        attn_set_error("%s: cannot resume: its header lacks column '%s' that this msabench "
                       "writes (written by an older msabench?); move it away or use --force",
                       csv, col);
    else if (first_absent(line, want, col, sizeof col))
        attn_set_error("%s: cannot resume: its header has column '%s' that this msabench does "
                       "not write; move it away or use --force",
                       csv, col);
    else
        attn_set_error("%s: cannot resume: its header holds this msabench's columns in another "
                       "order or twice; move it away or use --force",
                       csv);
cleanup:
    free(line);
    return st;
}

/* estimate writes only `estimated` rows, with reasons a run never gives. */
static bool made_by_estimate(const struct csv_table *t) {
    for (size_t i = 0; i < t->nrow; i++) {
        const char *why = csv_get(t, i, "reason");
        if (strcmp(csv_get(t, i, "status"), "estimated") != 0)
            return false;
        if (strstr(why, "> timeout_s") || strstr(why, "> cpu_max_seconds"))
            return false;
    }
    return t->nrow > 0;
}

enum attn_status outdir_check_resume(const char *dir, const struct sweep_spec *spec) {
    char csv[DATA_PATH_MAX + 32];
    struct csv_table t = {0};
    struct run_meta rm;
    enum attn_status st;
    memset(&rm, 0, sizeof rm);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    if (outdir_rows(dir) == 0)
        return ATTN_OK; /* nothing to continue: a fresh start */
    if ((st = check_header(csv)) != ATTN_OK)
        return st;
    if ((st = csv_read(csv, &t)) != ATTN_OK)
        goto cleanup;
    if (made_by_estimate(&t)) {
        attn_set_error("%s: cannot resume: it was written by `msabench estimate` (every row is "
                       "estimated); run into another folder, or use --force to replace it",
                       csv);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    st = meta_read_beside(csv, &rm);
    if (st != ATTN_OK || !rm.present) {
        attn_set_error("%s: cannot resume: %s, so the sweep it holds cannot be checked; use "
                       "--force to start over",
                       csv,
                       st != ATTN_OK ? "its meta.json is unreadable" : "no meta.json beside it");
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    const char *h = meta_str(&rm, "sweep_hash"), *file = meta_str(&rm, "sweep_file");
    const char *name = meta_str(&rm, "sweep");
    if (!h || strcmp(h, spec->hash) != 0) {
        char diff[400] = "";
        if (outdir_sweep_diff(dir, spec, diff + 2, sizeof diff - 2))
            memcpy(diff, "; ", 2);
        attn_set_error("%s: cannot resume: it holds sweep '%s' from %s (sweep_hash %s), this is "
                       "sweep '%s' from %s (sweep_hash %s): the sweep file changed or is "
                       "another one%s; run into a new folder, or --force to start over",
                       csv, name ? name : "?", file ? file : "?", h ? h : "none", spec->name,
                       spec->path, spec->hash, diff);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    /* The rows kept and the rows to come must be one device's and one build's: meta.json,
     * rewritten by this run, would name only the second for all of them. */
    char here[256];
    const char *dev = meta_str(&rm, "device"), *rev = meta_str(&rm, "build_rev");
    const char *mine = meta_build_rev();
    meta_device_name(here, sizeof here);
    const bool other_dev = dev && strcmp(dev, here) != 0;
    const bool other_rev = rev && strcmp(rev, "unknown") != 0 && strcmp(mine, "unknown") != 0 &&
                           strcmp(rev, mine) != 0;
    if (other_dev || other_rev) {
        attn_set_error("%s: cannot resume: its rows were measured on '%s' by build %s, this run "
                       "is on '%s' by build %s: one results.csv would hold two %s' rows; run "
                       "into a new folder, or --force to start over",
                       csv, dev ? dev : "?", rev ? rev : "?", here, mine,
                       other_dev ? "devices" : "builds");
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    st = ATTN_OK;
cleanup:
    csv_free(&t);
    meta_free(&rm);
    return st;
}

FILE *outdir_fopen_nofollow(const char *path, bool append) {
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
                  0644);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, append ? "a" : "w");
    if (!f)
        close(fd);
    return f;
}

FILE *outdir_fopen_excl(const char *path) {
    if (unlink(path) != 0 && errno != ENOENT)
        return NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    if (!f)
        close(fd);
    return f;
}

bool outdir_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}
