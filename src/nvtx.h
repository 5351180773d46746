/* nvtx.h - NVTX ranges, so an nsys timeline shows each timed call, stage,
 * validation and recall by name (issue 18).  CUDA builds use the header-only
 * NVTX3 that ships with the toolkit (nothing to link; without a profiler
 * attached a push is a null-pointer check).  CPU builds: every macro is
 * ((void)0) and its arguments are never evaluated.
 *
 *   NVTX_PUSH("validation");  ...  NVTX_POP();
 *   NVTX_PUSHF("%s/%s %s", method, backend, stage);    formatted, <= 127 chars */
#ifndef MSABENCH_NVTX_H
#define MSABENCH_NVTX_H

#ifdef MSABENCH_HAVE_CUDA
#include <nvtx3/nvToolsExt.h>
#include <stdio.h>

#define NVTX_PUSH(name) ((void)nvtxRangePushA(name))
#define NVTX_PUSHF(...)                                                                            \
    do {                                                                                           \
        char nvtx_name_[128];                                                                      \
        snprintf(nvtx_name_, sizeof nvtx_name_, __VA_ARGS__);                                      \
        (void)nvtxRangePushA(nvtx_name_); /* NVTX copies the name */                               \
    } while (0)
#define NVTX_POP() ((void)nvtxRangePop())
#define MSABENCH_NVTX 1
#else
#define NVTX_PUSH(name) ((void)0)
#define NVTX_PUSHF(...) ((void)0)
#define NVTX_POP() ((void)0)
#define MSABENCH_NVTX 0
#endif

#endif
