#include "testutil.h"

#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void tu_assert_close(double a, double b, double atol, double rtol, const char *what,
                     const char *file, int line) {
    if (isfinite(a) && isfinite(b) && fabs(a - b) <= atol + rtol * fabs(b))
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "%s = %.17g, expected %.17g (atol %g, rtol %g)", what, a, b, atol,
             rtol);
    print_error("%s\n", msg);
    _fail(file, line);
}

double tu_rel_l2_f32(const float *a, const double *b, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]))
            return INFINITY;
        double d = (double)a[i] - b[i];
        num += d * d;
        den += b[i] * b[i];
    }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

double tu_rel_l2_f64(const double *a, const double *b, size_t n) {
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(a[i]) || !isfinite(b[i]))
            return INFINITY;
        double d = a[i] - b[i];
        num += d * d;
        den += b[i] * b[i];
    }
    return den > 0 ? sqrt(num / den) : sqrt(num);
}

const char *tu_src_path(const char *rel) {
    static char buf[4096];
    const char *root = getenv("MSABENCH_SRC");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : ".", rel);
    return buf;
}

const char *tu_bin(void) {
    const char *b = getenv("MSABENCH_BIN");
    return b ? b : "./msabench";
}

char *tu_read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

size_t tu_count_lines(const char *path) {
    char *s = tu_read_all(path);
    size_t n = 0;
    for (char *p = s; p && *p; p++)
        n += *p == '\n';
    free(s);
    return n;
}

pid_t tu_start(const char *dir, const char *log, int limit_s, const char *const *env,
               const char *const *args) {
    const char *argv[64];
    int n = 0;
    argv[n++] = tu_bin();
    while (*args && n < 63)
        argv[n++] = *args++;
    argv[n] = NULL;
    assert_null(*args); /* every argument passed, or the test says so */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || chdir(dir) != 0)
            _exit(126);
        dup2(fd, 1);
        dup2(fd, 2);
        for (; env && *env; env++)
            putenv((char *)*env);
        signal(SIGXFSZ, SIG_IGN); /* a file-size limit then fails a write, as a full disk does */
        alarm((unsigned)limit_s);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

struct tu_result tu_finish(pid_t pid, const char *log) {
    struct tu_result r = {0};
    int status;
    struct rusage ru;
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.maxrss_kb = ru.ru_maxrss;
    r.out = tu_read_all(log);
    assert_non_null(r.out);
    return r;
}

struct tu_result tu_run(const char *dir, const char *log, int limit_s, const char *const *env,
                        const char *const *args) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct tu_result r = tu_finish(tu_start(dir, log, limit_s, env, args), log);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r.secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    return r;
}
