/* meta.c - what a result needs to be reproduced and compared: git revision,
 * sweep hash, compiler and flags, CPU, GPU, library versions, times, the
 * command line and host, the peak rates measured in the run, and a
 * calibration kernel timed in the same run (compare --normalize uses it).
 * Written with jansson, atomically: a temporary file created exclusively
 * (never through a symlink) in the same folder, then renamed over meta.json. */
#include "meta.h"
#include "attn.h"

#include "device.h"
#include "floor.h"
#include "timer.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_rev.h" /* MSABENCH_BUILD_REV, written at build time */
#ifndef MSABENCH_SOURCE_DIR
#define MSABENCH_SOURCE_DIR "."
#endif

/* Bumped when a field changes meaning or goes; new fields do not bump it.
 * 1: the hand-written files before it (no schema_version). */
#define META_SCHEMA_VERSION 2

/* OpenBLAS exports this; not every cblas.h declares it. */
extern char *openblas_get_config(void);

json_t *meta_kernels(void); /* meta_kernels.c */

static json_t *g_argv; /* meta_set_command */

void meta_set_command(int argc, char **argv) {
    json_decref(g_argv);
    g_argv = json_array();
    for (int i = 0; g_argv && i < argc; i++)
        json_array_append_new(g_argv, json_string(argv[i] ? argv[i] : ""));
}

void meta_cpu_model(char *buf, size_t n) {
    snprintf(buf, n, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                c++;
                while (*c == ' ')
                    c++;
                c[strcspn(c, "\n")] = '\0';
                snprintf(buf, n, "%s", c);
            }
            break;
        }
    }
    fclose(f);
}

static void run_cmd(const char *cmd, char *buf, size_t n) {
    buf[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    size_t got = fread(buf, 1, n - 1, p);
    buf[got] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    pclose(p);
}

double meta_calib_sgemm_ms(void) {
    return floor_sgemm_ms(13);
}

void meta_begin(struct meta_run *m, const struct sweep_spec *spec, const char *out_dir) {
    memset(m, 0, sizeof *m);
    m->spec = spec;
    snprintf(m->path, sizeof m->path, "%s/meta.json", out_dir);
    m->start = time(NULL);
    m->shard_count = 1;
    m->calib_sgemm_ms[0] = meta_calib_sgemm_ms();
    /* the read rate of floor.c on a DRAM-sized buffer (64 MiB, its clamp) */
    const double rd_bytes = 64.0 * 1024 * 1024, rd_ms = floor_read_ms(rd_bytes, 5);
    m->cpu_read_gbps = rd_ms > 0 ? rd_bytes / rd_ms / 1e6 : NAN;
    m->gpu_bf16_tflops = m->gpu_copy_gbps = NAN;
    if (attn_device_available() &&
        attn_device_peaks(&m->gpu_bf16_tflops, &m->gpu_copy_gbps) != ATTN_OK)
        attn_clear_error(); /* left null: a missing peak is not a failed run */
    floor_set_device_peaks(m->gpu_bf16_tflops, m->gpu_copy_gbps);
}

void meta_end(struct meta_run *m) {
    m->end = time(NULL);
    m->calib_sgemm_ms[1] = meta_calib_sgemm_ms();
}

static void iso_time(time_t t, char *buf, size_t n) {
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

/* a number, or null when not finite (JSON has no NaN) */
static json_t *num(double v) {
    return isfinite(v) ? json_real(v) : json_null();
}

/* whole byte counts as integers, as the hand-written file had them */
static json_t *whole(double v) {
    return isfinite(v) && fabs(v) < 9e18 ? json_integer((json_int_t)llround(v)) : json_null();
}

/* The argv as one line a shell reads back: words quoted when they need it. */
static json_t *command_line(void) {
    size_t cap = 256, len = 0;
    char *s = malloc(cap);
    size_t i;
    json_t *a;
    if (!s)
        return json_null();
    s[0] = '\0';
    json_array_foreach(g_argv, i, a) {
        const char *w = json_string_value(a);
        const bool plain = *w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_-./=:,+@%") == strlen(w);
        size_t need = len + 4 * strlen(w) + 4;
        if (need > cap) {
            char *t = realloc(s, cap = 2 * need);
            if (!t) {
                free(s);
                return json_null();
            }
            s = t;
        }
        if (i)
            s[len++] = ' ';
        if (!plain)
            s[len++] = '\'';
        for (; *w; w++) {
            if (*w == '\'' && !plain) { /* ' -> '\'' */
                memcpy(s + len, "'\\''", 4);
                len += 4;
            } else {
                s[len++] = *w;
            }
        }
        if (!plain)
            s[len++] = '\'';
        s[len] = '\0';
    }
    json_t *r = json_string(s);
    free(s);
    return r ? r : json_null();
}

/* The "gpu" object from the device's members, its name, and its UUID. */
static json_t *gpu_object(char *name, size_t name_n, char *uuid, size_t uuid_n) {
    char buf[1024], wrapped[1040];
    if (!attn_device_available() || attn_device_meta_json(buf, sizeof buf) != ATTN_OK)
        return json_null();
    snprintf(wrapped, sizeof wrapped, "{%s}", buf);
    json_t *g = json_loads(wrapped, 0, NULL);
    if (!json_is_object(g)) {
        json_decref(g);
        return json_null();
    }
    const char *nm = json_string_value(json_object_get(g, "gpu"));
    snprintf(name, name_n, "%s", nm ? nm : "gpu");
    if (attn_device_uuid(uuid, uuid_n) == ATTN_OK)
        json_object_set_new(g, "uuid", json_string(uuid));
    else
        uuid[0] = '\0';
    return g;
}

void meta_device_name(char *buf, size_t n) {
    char uuid[128];
    json_t *g = gpu_object(buf, n, uuid, sizeof uuid);
    if (!json_is_object(g))
        meta_cpu_model(buf, n);
    json_decref(g);
}

const char *meta_build_rev(void) {
    return MSABENCH_BUILD_REV;
}

/* Creates path.tmp.PID[.k] with O_EXCL | O_NOFOLLOW: never an existing file,
 * never through a symlink someone left there. */
static int open_tmp(const char *path, char *tmp, size_t n) {
    for (int k = 0; k < 100; k++) {
        if (k)
            snprintf(tmp, n, "%s.tmp.%ld.%d", path, (long)getpid(), k);
        else
            snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* The selected implementations as one string, "msa/cuda/q_outer flash/cpu/tiled ...". */
static json_t *impls_string(const struct meta_run *m) {
    size_t len = 1;
    for (size_t i = 0; i < m->n_impls; i++)
        len += strlen(m->impls[i]->method) + strlen(m->impls[i]->backend) +
               strlen(m->impls[i]->variant) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0, w = 0; i < m->n_impls; i++)
        w += (size_t)snprintf(s + w, len - w, "%s%s/%s/%s", i ? " " : "", m->impls[i]->method,
                              m->impls[i]->backend, m->impls[i]->variant);
    json_t *r = json_string(s);
    free(s);
    return r;
}

static json_t *meta_json(const struct meta_run *m) {
    char buf[256], cpu[256], rev[128], dirty[8], host[256] = "", gname[256] = "", uuid[128] = "";
    json_t *o = json_object();
    if (!o)
        return NULL;
    meta_cpu_model(cpu, sizeof cpu);
    run_cmd("git -C '" MSABENCH_SOURCE_DIR "' rev-parse HEAD 2>/dev/null", rev, sizeof rev);
    run_cmd("git -C '" MSABENCH_SOURCE_DIR "' status --porcelain 2>/dev/null | head -c 1 | wc -c",
            dirty, sizeof dirty);
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    json_t *gpu = gpu_object(gname, sizeof gname, uuid, sizeof uuid);
    const bool have_gpu = json_is_object(gpu);
    const double c0 = m->calib_sgemm_ms[0], c1 = m->calib_sgemm_ms[1];
    const double calib = c1 > 0 ? (c0 < c1 ? c0 : c1) : c0;
    const double sgemm_flops = 2.0 * 384 * 384 * 384; /* floor.h's fixed sgemm */

    json_object_set_new(o, "schema_version", json_integer(META_SCHEMA_VERSION));
    json_object_set_new(o, "sweep", json_string(m->spec->name));
    json_object_set_new(o, "sweep_file", json_string(m->spec->path));
    json_object_set_new(o, "sweep_hash", json_string(m->spec->hash));
    /* The revision the binary was built from when known: a copied tree (the GPU
     * machine's) can carry a stale .git, so git at run time may name another
     * commit.  tree_rev is what git says where the run happened. */
    json_object_set_new(o, "git_rev",
                        json_string(strcmp(MSABENCH_BUILD_REV, "unknown") != 0 ? MSABENCH_BUILD_REV
                                    : strlen(rev) == 40                        ? rev
                                                                               : "unknown"));
    json_object_set_new(o, "tree_rev", json_string(strlen(rev) == 40 ? rev : "unknown"));
    json_object_set_new(o, "build_rev", json_string(MSABENCH_BUILD_REV));
    json_object_set_new(o, "git_dirty", json_boolean(dirty[0] == '1'));
    json_object_set_new(o, "msabench_version", json_string(MSABENCH_VERSION));
    json_object_set_new(o, "compiler", json_string(MSABENCH_COMPILER));
    json_object_set_new(o, "flags", json_string(MSABENCH_C_FLAGS));
    json_object_set_new(o, "cpu_model", json_string(cpu));
    json_object_set_new(o, "cpu_count", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
    json_object_set_new(o, "openblas", json_string(openblas_get_config()));
    json_object_set_new(o, "host_clock", json_string(timer_host_clock()));
    json_object_set_new(o, "gpu", gpu);
    json_object_set_new(o, "kernels", meta_kernels());
    json_object_set_new(o, "device", json_string(have_gpu ? gname : cpu));
    json_object_set_new(o, "device_uuid", uuid[0] ? json_string(uuid) : json_null());
    json_object_set_new(o, "host_name", json_string(host));
    json_object_set_new(o, "argv", g_argv ? json_incref(g_argv) : json_array());
    json_object_set_new(o, "command_line", g_argv ? command_line() : json_null());
    snprintf(buf, sizeof buf, "%d/%d", m->shard_index, m->shard_count);
    json_object_set_new(o, "shard", json_string(buf));
    json_object_set_new(o, "assigned_runs", json_integer((json_int_t)m->assigned_runs));
    /* "method/backend/variant ..." in run order: which runs the assigned ones are, whatever
     * another build of msabench (with or without CUDA) would select from the sweep */
    json_t *impls = impls_string(m);
    json_object_set_new(o, "implementations", impls ? impls : json_null());
    json_object_set_new(o, "mem_limit", whole(m->mem_limit));
    json_object_set_new(o, "dev_mem_limit", whole(m->dev_mem_limit));
    /* peaks a figure may draw as a ceiling: not set by the run (null) */
    json_object_set_new(o, "peak_tflops", json_null());
    json_object_set_new(o, "peak_gbps", json_null());
    /* peak rates measured in this run (issue 18) */
    json_object_set_new(o, "cpu_sgemm_gflops", num(calib > 0 ? sgemm_flops / calib / 1e6 : NAN));
    json_object_set_new(o, "cpu_read_gbps", num(m->cpu_read_gbps));
    json_object_set_new(o, "gpu_bf16_gemm_tflops", num(m->gpu_bf16_tflops));
    json_object_set_new(o, "gpu_copy_gbps", num(m->gpu_copy_gbps));
    json_object_set_new(o, "calib_sgemm_ms", num(calib));
    iso_time(m->start, buf, sizeof buf);
    json_object_set_new(o, "start_time", json_string(buf));
    if (m->end) {
        iso_time(m->end, buf, sizeof buf);
        json_object_set_new(o, "end_time", json_string(buf));
    } else {
        json_object_set_new(o, "end_time", json_null());
    }
    return o;
}

enum attn_status meta_write(const struct meta_run *m) {
    enum attn_status st = ATTN_OK;
    char tmp[sizeof m->path + 32];
    json_t *o = meta_json(m);
    int fd = -1;
    bool made = false;
    if (!o) {
        attn_set_error("%s: out of memory", m->path);
        return ATTN_ERR_NOMEM;
    }
    fd = open_tmp(m->path, tmp, sizeof tmp);
    if (fd < 0) {
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno));
        st = ATTN_ERR_IO;
        goto cleanup;
    }
    made = true;
    if (json_dumpfd(o, fd, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9)) != 0 ||
        write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno ? errno : EIO));
        st = ATTN_ERR_IO;
        goto cleanup;
    }
    if (close(fd) != 0) {
        fd = -1;
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno));
        st = ATTN_ERR_IO;
        goto cleanup;
    }
    fd = -1;
    if (rename(tmp, m->path) != 0) {
        attn_set_error("%s: cannot write: %s", m->path, strerror(errno));
        st = ATTN_ERR_IO;
    }
cleanup:
    if (fd >= 0)
        close(fd);
    if (st != ATTN_OK && made)
        unlink(tmp); /* ours: never a file open_tmp found there */
    json_decref(o);
    return st;
}
