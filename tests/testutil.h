/* testutil.h - helpers shared by the CMocka tests (cmocka 1.1.5 lacks float asserts). */
#ifndef MSABENCH_TESTUTIL_H
#define MSABENCH_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
#endif
