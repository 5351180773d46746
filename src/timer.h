/* timer.h - CPU wall clock (CLOCK_MONOTONIC). */
#ifndef MSABENCH_TIMER_H
#define MSABENCH_TIMER_H
double timer_now_s(void);
#endif
