/* timer.h - CPU wall clock (CLOCK_MONOTONIC). */
#ifndef MSABENCH_TIMER_H
#define MSABENCH_TIMER_H
double timer_now_s(void);
/* The clock host calls are timed with: wall time (CLOCK_MONOTONIC), or the
 * process's CPU time when MSABENCH_CLOCK=cpu (the CI gate on shared machines:
 * time the CPU spent on the work, not time spent waiting for a core). */
double timer_host_s(void);
const char *timer_host_clock(void);
#endif
