/* multigpu.h - one worker process per GPU, then a merge. */
#ifndef MSABENCH_MULTIGPU_H
#define MSABENCH_MULTIGPU_H
#include "sweep.h"
int multigpu_run(const struct sweep_spec *spec, const char *sweep_file, const char *out_dir,
                 const char *gpus, bool resume, bool smoke, bool force);
#endif
