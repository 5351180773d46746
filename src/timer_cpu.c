/* timer_cpu.c - CLOCK_MONOTONIC in seconds. */
#include "timer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double timer_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int use_cpu_clock(void) {
    static int v = -1;
    if (v < 0) {
        const char *e = getenv("MSABENCH_CLOCK");
        v = e && strcmp(e, "cpu") == 0;
    }
    return v;
}

double timer_host_s(void) {
    if (!use_cpu_clock())
        return timer_now_s();
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

const char *timer_host_clock(void) {
    return use_cpu_clock() ? "process-cpu" : "monotonic";
}
