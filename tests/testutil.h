/* testutil.h - helpers shared by the CMocka tests (cmocka 1.1.5 lacks float asserts). */
#ifndef MSABENCH_TESTUTIL_H
#define MSABENCH_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
/* cmocka.h needs the four above first: a blank line keeps clang-format from sorting it up */

#include <cmocka.h>

/* Fails the test (with file:line) unless |a-b| <= atol + rtol*|b| and both are finite. */
#define assert_close(a, b, atol, rtol)                                                             \
    tu_assert_close((double)(a), (double)(b), (atol), (rtol), #a, __FILE__, __LINE__)
void tu_assert_close(double a, double b, double atol, double rtol, const char *what,
                     const char *file, int line);
/* Relative L2 error ||a-b|| / ||b|| over n values; +inf if any value is NaN/Inf. */
double tu_rel_l2_f32(const float *a, const double *b, size_t n);
double tu_rel_l2_f64(const double *a, const double *b, size_t n);
/* Path under the source tree (MSABENCH_SRC env or the compiled-in fallback). */
const char *tu_src_path(const char *rel);

/* ---- running msabench: the CLI tests ---- */
struct tu_result {
    int rc;         /* exit status, or 128 + signal (SIGALRM: it blocked or ran away) */
    char *out;      /* stdout + stderr (malloc'd) */
    long maxrss_kb; /* the child's peak RSS */
    double secs;    /* wall time (tu_run only) */
};
/* The binary: MSABENCH_BIN, or ./msabench. */
const char *tu_bin(void);
/* The whole file, NUL-terminated (malloc'd), or NULL when it cannot be opened. */
char *tu_read_all(const char *path);
/* Newlines in the file (0 when it cannot be read). */
size_t tu_count_lines(const char *path);
/* Starts msabench args (NULL-terminated, after the binary) in dir, stdout and
 * stderr to log, env (NAME=VALUE, NULL-terminated, may be NULL) added, under an
 * alarm of limit_s seconds kept across exec (0: none). */
pid_t tu_start(const char *dir, const char *log, int limit_s, const char *const *env,
               const char *const *args);
/* Waits for pid (from tu_start) and reads its log back. */
struct tu_result tu_finish(pid_t pid, const char *log);
/* tu_start then tu_finish, timed. */
struct tu_result tu_run(const char *dir, const char *log, int limit_s, const char *const *env,
                        const char *const *args);
#endif
