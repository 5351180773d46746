#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
