/* run_profile.c - one point of a sweep, alone (--point) or under a profiler
 * (--profile nsys|ncu).  The profiler runs this same msabench on that point
 * only; everything reaches it as an argv array through posix_spawn, never
 * through a shell, so a key full of quotes, `;` or `$(...)` is just text. */
#include "run_profile.h"

#include "outdir.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define KEY_MAX 1024

void run_list_points(const struct sweep_spec *spec, FILE *f) {
    char key[KEY_MAX];
    for (size_t i = 0; i < spec->n_points; i++) {
        sweep_point_key(&spec->points[i], key, sizeof key);
        fprintf(f, "%zu  %s\n", i, key);
    }
}

static bool all_digits(const char *s) {
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

enum attn_status run_pick_point(const struct sweep_spec *spec, const char *sel, size_t *pi) {
    if (!sel[0]) {
        attn_set_error("--point: empty; give an index or part of a key (--list shows them)");
        return ATTN_ERR_INVALID;
    }
    if (all_digits(sel)) {
        errno = 0;
        unsigned long long v = strtoull(sel, NULL, 10);
        if (errno || v >= spec->n_points) {
            attn_set_error("--point %s: the sweep has %zu points (0 to %zu)", sel, spec->n_points,
                           spec->n_points ? spec->n_points - 1 : 0);
            return ATTN_ERR_INVALID;
        }
        *pi = (size_t)v;
        return ATTN_OK;
    }
    char key[KEY_MAX], first[KEY_MAX] = "", second[KEY_MAX] = "";
    size_t hits = 0;
    for (size_t i = 0; i < spec->n_points; i++) {
        sweep_point_key(&spec->points[i], key, sizeof key);
        if (!strstr(key, sel))
            continue;
        if (hits == 0) {
            *pi = i;
            snprintf(first, sizeof first, "%s", key);
        } else if (hits == 1) {
            snprintf(second, sizeof second, "%s", key);
        }
        hits++;
    }
    if (hits == 1)
        return ATTN_OK;
    if (hits == 0)
        attn_set_error("--point '%s': no point's key holds it (--list shows the keys)", sel);
    else
        attn_set_error("--point '%s': ambiguous, %zu points match (%s; %s%s); give more of the "
                       "key or an index from --list",
                       sel, hits, first, second, hits > 2 ? "; ..." : "");
    return ATTN_ERR_INVALID;
}

/* name's path on $PATH (an executable file), or NULL. */
static const char *find_on_path(const char *name, char *buf, size_t n) {
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        if (len)
            snprintf(buf, n, "%.*s/%s", (int)len, path, name);
        else
            snprintf(buf, n, "./%s", name);
        if (access(buf, X_OK) == 0)
            return buf;
        path += len + (end ? 1 : 0);
    }
    return NULL;
}

int run_profile(const struct run_profile_args *a) {
    const bool nsys = strcmp(a->tool, "nsys") == 0;
    char tool[4096], self[4096], report[4096], pt[32];
    if (!find_on_path(a->tool, tool, sizeof tool)) {
        fprintf(stderr,
                "msabench run: --profile %s: `%s` not found on PATH (install Nsight %s, or "
                "put its bin folder on PATH)\n",
                a->tool, a->tool, nsys ? "Systems" : "Compute");
        return 3;
    }
    /* this very binary, whatever the cwd or PATH say */
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl <= 0 || (size_t)sl >= sizeof self - 1) {
        fprintf(stderr, "msabench run: --profile: cannot find this executable's path\n");
        return 3;
    }
    self[sl] = '\0';
    if (outdir_mkdirs(a->out_dir) != ATTN_OK) {
        fprintf(stderr, "msabench: %s\n", attn_last_error());
        return 3;
    }
    snprintf(report, sizeof report, "%s/profile-%zu", a->out_dir, a->point);
    snprintf(pt, sizeof pt, "%zu", a->point);
    /* nsys profile -o R [--force-overwrite true] msabench run ...
     * ncu -o R --set full --clock-control none [-f] msabench run ... --smoke (ncu replays every
     * kernel many times: one timed call per run is what a profile needs) */
    const char *argv[32];
    int n = 0;
    argv[n++] = a->tool;
    if (nsys)
        argv[n++] = "profile";
    argv[n++] = "-o";
    argv[n++] = report;
    if (!nsys) {
        argv[n++] = "--set";
        argv[n++] = "full";
        /* ncu locks the clocks to base by default: on a shared card leave them as they are */
        argv[n++] = "--clock-control";
        argv[n++] = "none";
    }
    if (a->force) {
        argv[n++] = nsys ? "--force-overwrite" : "-f";
        if (nsys)
            argv[n++] = "true";
    }
    argv[n++] = self;
    argv[n++] = "run";
    argv[n++] = a->sweep_file;
    argv[n++] = "-o";
    argv[n++] = a->out_dir;
    argv[n++] = "--point";
    argv[n++] = a->point_sel;
    if (a->quiet)
        argv[n++] = "--quiet";
    if (a->force)
        argv[n++] = "--force";
    if (a->smoke || !nsys)
        argv[n++] = "--smoke";
    argv[n] = NULL;

    fprintf(stderr, "msabench: point %s under %s -> %s.%s-rep\n", pt, a->tool, report,
            nsys ? "nsys" : "ncu");
    fflush(NULL);
    /* Ctrl-C reaches the profiler too, which stops its child and writes the
     * report: wait for it rather than die first */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_term;
    sigemptyset(&ign.sa_mask);
    posix_spawnattr_t attr;
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    int rc = 3;
    if (posix_spawnattr_init(&attr) != 0) {
        fprintf(stderr, "msabench run: --profile: out of memory\n");
        return 3;
    }
    posix_spawnattr_setsigdefault(&attr, &def);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGTERM, &ign, &old_term);
    pid_t pid;
    int err = posix_spawn(&pid, tool, NULL, &attr, (char *const *)argv, environ);
    if (err != 0) {
        fprintf(stderr, "msabench run: --profile: cannot start %s: %s\n", tool, strerror(err));
        goto out;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "msabench run: --profile: waiting for %s: %s\n", a->tool,
                    strerror(errno));
            goto out;
        }
    }
    rc = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 3;
    if (rc == 0)
        fprintf(stderr, "msabench: %s report: %s.%s-rep\n", a->tool, report, nsys ? "nsys" : "ncu");
    else
        fprintf(stderr, "msabench: %s exited with status %d\n", a->tool, rc);
out:
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    posix_spawnattr_destroy(&attr);
    return rc;
}
