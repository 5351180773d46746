/* outdir_sweep.c - the sweep file a run measured, kept beside its rows
 * (OUTDIR/sweep.yaml), so that --resume onto an edited sweep can say which
 * line changed instead of only that the hash did. */
#define _GNU_SOURCE
#include "outdir.h"

#include "data.h"
#include "fnv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SWEEP_COPY_MAX ((size_t)1 << 20) /* the loader's own cap */

/* The bytes of a regular file of at most SWEEP_COPY_MAX bytes; NULL (errno
 * set) otherwise.  Never blocks on a FIFO; a link at PATH is refused when
 * nofollow. */
static char *read_small(const char *path, bool nofollow, size_t *len) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    struct stat sb;
    char *buf = NULL;
    *len = 0;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > SWEEP_COPY_MAX) {
        errno = EINVAL;
        goto cleanup;
    }
    buf = malloc((size_t)sb.st_size + 1);
    if (!buf)
        goto cleanup;
    while (*len < (size_t)sb.st_size) {
        ssize_t n = read(fd, buf + *len, (size_t)sb.st_size - *len);
        if (n <= 0) {
            free(buf);
            buf = NULL;
            errno = n == 0 ? EINVAL : errno;
            goto cleanup;
        }
        *len += (size_t)n;
    }
    buf[*len] = '\0';
cleanup:
    close(fd);
    return buf;
}

enum attn_status outdir_save_sweep(const char *dir, const struct sweep_spec *spec) {
    char path[DATA_PATH_MAX + 32], tmp[DATA_PATH_MAX + 48];
    enum attn_status st = ATTN_ERR_IO;
    size_t len = 0;
    FILE *f = NULL;
    char *buf = read_small(spec->path, false, &len);
    char hash[20];
    if (!buf) {
        attn_set_error("%s: cannot read the sweep again to keep a copy: %s", spec->path,
                       strerror(errno));
        return ATTN_ERR_IO;
    }
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)fnv1a64(buf, len));
    if (strcmp(hash, spec->hash) != 0) {
        attn_set_error("%s: the sweep file changed while msabench loaded it; run again",
                       spec->path);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    snprintf(path, sizeof path, "%s/" OUTDIR_SWEEP_NAME, dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = outdir_fopen_excl(tmp); /* renamed into place once whole; links never followed */
    if (!f || fwrite(buf, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno ? errno : EIO));
        goto cleanup;
    }
    if (fclose(f) != 0) {
        f = NULL;
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno));
        goto cleanup;
    }
    f = NULL;
    if (rename(tmp, path) != 0) {
        attn_set_error("%s: cannot write: %s", path, strerror(errno));
        goto cleanup;
    }
    st = ATTN_OK;
cleanup:
    if (f) {
        fclose(f);
        unlink(tmp);
    }
    free(buf);
    return st;
}

/* Line LINE (1-based, without its end) of s as printable text, at most 80
 * characters, in out. */
static void line_text(const char *s, size_t line, char *out, size_t n) {
    for (size_t l = 1; l < line && s; l++) {
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
    size_t j = 0;
    if (!s || !*s) {
        snprintf(out, n, "(none: the file ends before)");
        return;
    }
    for (; *s && *s != '\n' && j + 4 < n && j < 80; s++)
        out[j++] = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
    if (*s && *s != '\n')
        out[j++] = '.', out[j++] = '.', out[j++] = '.';
    out[j] = '\0';
}

bool outdir_sweep_diff(const char *dir, const struct sweep_spec *spec, char *msg, size_t n) {
    char path[DATA_PATH_MAX + 32], was[96], now[96];
    size_t la = 0, lb = 0, line = 1, i = 0;
    bool found = false;
    snprintf(path, sizeof path, "%s/" OUTDIR_SWEEP_NAME, dir);
    char *a = read_small(path, true, &la), *b = read_small(spec->path, false, &lb);
    if (!a || !b)
        goto cleanup;
    for (; i < la && i < lb && a[i] == b[i]; i++)
        line += a[i] == '\n';
    if (i == la && i == lb)
        goto cleanup; /* the same text: nothing to name */
    line_text(a, line, was, sizeof was);
    line_text(b, line, now, sizeof now);
    snprintf(msg, n, "first difference at line %zu: the run measured '%s', %s has '%s'", line, was,
             spec->path, now);
    found = true;
cleanup:
    free(a);
    free(b);
    return found;
}
