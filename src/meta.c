/* meta.c - what a result needs to be reproduced and compared: git revision,
 * sweep hash, compiler and flags, CPU, GPU, library versions, times, and a
 * calibration kernel timed in the same run (compare --normalize uses it). */
#include "meta.h"
#include "outdir.h"

#include "device.h"
#include "floor.h"
#include "timer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build_rev.h" /* MSABENCH_BUILD_REV, written at build time */
#ifndef MSABENCH_SOURCE_DIR
#define MSABENCH_SOURCE_DIR "."
#endif

/* OpenBLAS exports this; not every cblas.h declares it. */
extern char *openblas_get_config(void);

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

double meta_calib_sgemm_ms(void) { return floor_sgemm_ms(13); }

void meta_begin(struct meta_run *m, const struct sweep_spec *spec, const char *out_dir) {
    memset(m, 0, sizeof *m);
    m->spec = spec;
    snprintf(m->path, sizeof m->path, "%s/meta.json", out_dir);
    m->start = time(NULL);
    m->shard_count = 1;
    m->calib_sgemm_ms[0] = meta_calib_sgemm_ms();
}

void meta_end(struct meta_run *m) {
    m->end = time(NULL);
    m->calib_sgemm_ms[1] = meta_calib_sgemm_ms();
}

static void json_str(FILE *f, const char *key, const char *v, int last) {
    fprintf(f, "  \"%s\": \"", key);
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            fputc('\\', f);
        if ((unsigned char)*v >= 0x20)
            fputc(*v, f);
    }
    fprintf(f, "\"%s\n", last ? "" : ",");
}

static void iso_time(time_t t, char *buf, size_t n) {
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tmv);
}

enum attn_status meta_write(const struct meta_run *m) {
    char tmp[sizeof m->path + 8], buf[1024], cpu[256], rev[128], dirty[8];
    snprintf(tmp, sizeof tmp, "%s.tmp", m->path);
    FILE *f = outdir_fopen_excl(tmp); /* a link planted at tmp is removed, never followed */
    if (!f) {
        attn_set_error("%s: cannot write: %s", tmp, strerror(errno));
        return ATTN_ERR_IO;
    }
    meta_cpu_model(cpu, sizeof cpu);
    run_cmd("git -C '" MSABENCH_SOURCE_DIR "' rev-parse HEAD 2>/dev/null", rev, sizeof rev);
    run_cmd("git -C '" MSABENCH_SOURCE_DIR "' status --porcelain 2>/dev/null | head -c 1 | wc -c",
            dirty, sizeof dirty);
    const bool gpu = attn_device_available();
    fprintf(f, "{\n");
    json_str(f, "sweep", m->spec->name, 0);
    json_str(f, "sweep_file", m->spec->path, 0);
    json_str(f, "sweep_hash", m->spec->hash, 0);
    /* The revision the binary was built from when known: a copied tree (the GPU
     * machine's) can carry a stale .git, so git at run time may name another
     * commit.  tree_rev is what git says where the run happened. */
    json_str(f, "git_rev", strcmp(MSABENCH_BUILD_REV, "unknown") != 0 ? MSABENCH_BUILD_REV
                           : strlen(rev) == 40                      ? rev
                                                                    : "unknown",
             0);
    json_str(f, "tree_rev", strlen(rev) == 40 ? rev : "unknown", 0);
    json_str(f, "build_rev", MSABENCH_BUILD_REV, 0);
    fprintf(f, "  \"git_dirty\": %s,\n", dirty[0] == '1' ? "true" : "false");
    json_str(f, "msabench_version", MSABENCH_VERSION, 0);
    json_str(f, "compiler", MSABENCH_COMPILER, 0);
    json_str(f, "flags", MSABENCH_C_FLAGS, 0);
    json_str(f, "cpu_model", cpu, 0);
    fprintf(f, "  \"cpu_count\": %ld,\n", sysconf(_SC_NPROCESSORS_ONLN));
    json_str(f, "openblas", openblas_get_config(), 0);
    json_str(f, "host_clock", timer_host_clock(), 0);
    if (gpu && attn_device_meta_json(buf, sizeof buf) == ATTN_OK) {
        fprintf(f, "  \"gpu\": {%s},\n", buf);
        char name[256] = "gpu";
        const char *p = strstr(buf, "\"gpu\": \"");
        if (p && (p = strchr(p + 6, '"')) != NULL) {
            size_t l = strcspn(p + 1, "\"");
            snprintf(name, sizeof name, "%.*s", (int)l, p + 1);
        }
        json_str(f, "device", name, 0);
    } else {
        fprintf(f, "  \"gpu\": null,\n");
        json_str(f, "device", cpu, 0);
    }
    fprintf(f, "  \"shard\": \"%d/%d\",\n  \"assigned_runs\": %zu,\n", m->shard_index,
            m->shard_count, m->assigned_runs);
    fprintf(f, "  \"mem_limit\": %.0f,\n  \"dev_mem_limit\": %.0f,\n", m->mem_limit,
            m->dev_mem_limit);
    fprintf(f, "  \"peak_tflops\": null,\n  \"peak_gbps\": null,\n");
    double c0 = m->calib_sgemm_ms[0], c1 = m->calib_sgemm_ms[1];
    fprintf(f, "  \"calib_sgemm_ms\": %.6g,\n", c1 > 0 ? (c0 < c1 ? c0 : c1) : c0);
    iso_time(m->start, buf, sizeof buf);
    json_str(f, "start_time", buf, 0);
    if (m->end) {
        iso_time(m->end, buf, sizeof buf);
        json_str(f, "end_time", buf, 1);
    } else {
        fprintf(f, "  \"end_time\": null\n");
    }
    fprintf(f, "}\n");
    if (fclose(f) != 0 || rename(tmp, m->path) != 0) {
        attn_set_error("%s: cannot write: %s", m->path, strerror(errno));
        return ATTN_ERR_IO;
    }
    return ATTN_OK;
}
