/* regfile.h - opening input files (sweep, .npy, CSV, meta.json) for reading
 * only when they are regular files: a FIFO, a device or a folder is refused
 * without blocking (opened with O_NONBLOCK, then checked with fstat). */
#ifndef MSABENCH_REGFILE_H
#define MSABENCH_REGFILE_H
#include <stddef.h>
#include <stdio.h>

/* fopen(path, "rb") for a regular file.  NULL on failure with errno set
 * (ENOENT, EACCES, ...; EISDIR for a folder, ENODEV for a FIFO, socket or
 * device) and `why` (when given) holding a readable reason. */
FILE *regfile_open(const char *path, char *why, size_t why_n);
#endif
