/* fmt.c - token counts and byte sizes as people write them, and CSV text made safe. */
#include "fmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void fmt_tokens(char *buf, size_t n, double x) {
    if (!isfinite(x)) {
        snprintf(buf, n, "?");
        return;
    }
    const char *unit = "";
    double v = x;
    if (fabs(x) >= 1048576) {
        v = x / 1048576;
        unit = "M";
    } else if (fabs(x) >= 1024) {
        v = x / 1024;
        unit = "K";
    }
    /* whole numbers print without decimals; otherwise up to 3 significant digits */
    if (v == floor(v))
        snprintf(buf, n, "%.0f%s", v, unit);
    else
        snprintf(buf, n, "%.3g%s", v, unit);
}

void fmt_bytes(char *buf, size_t n, double x) {
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (!isfinite(x)) {
        snprintf(buf, n, "?");
        return;
    }
    int u = 0;
    while (fabs(x) >= 1024 && u < 5) {
        x /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, n, "%.0f %s", x, units[u]);
    else
        snprintf(buf, n, "%.3g %s", x, units[u]);
}

void fmt_count_exact(char *buf, size_t n, long v) {
    if (v >= 1048576 && v % 1048576 == 0)
        snprintf(buf, n, "%ldM", v / 1048576);
    else if (v >= 1024 && v % 1024 == 0)
        snprintf(buf, n, "%ldK", v / 1024);
    else
        snprintf(buf, n, "%ld", v);
}

void fmt_keep(char *s, const char *keep) {
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr(keep, *s))
            *s = '_';
}
