/* outdir.h - the integrity of an output folder: one writer at a time (an
 * advisory lock held for the run's life), no silent replacement of measured
 * rows, --resume only onto the same sweep and schema, paths that fit and
 * stay where they were meant to, and files written without following links. */
#ifndef MSABENCH_OUTDIR_H
#define MSABENCH_OUTDIR_H
#include "attn.h"
#include "sweep.h"

#include <stdbool.h>
#include <stdio.h>

/* Lock file name inside the output folder. */
#define OUTDIR_LOCK_NAME ".msabench.lock"

/* The sweep file a run measured, copied into its folder (outdir_sweep.c). */
#define OUTDIR_SWEEP_NAME "sweep.yaml"

/* Refuses a folder path that leaves no room for "/shard-NN/meta.json.tmp"
 * within DATA_PATH_MAX, or holds a control character. */
enum attn_status outdir_check_len(const char *dir);
/* Refuses a sweep name that could leave results/runs/ ("", ".", "..", '/'),
 * and an output.dir that is absolute or has a ".." component. */
enum attn_status outdir_check_name(const char *name);
enum attn_status outdir_check_sweep_dir(const char *dir);
/* mkdir -p (no shell). */
enum attn_status outdir_mkdirs(const char *dir);
/* Takes DIR/.msabench.lock (fcntl write lock, never waits) and keeps it open;
 * refuses, naming the folder and the holder's PID, when another process holds
 * it.  *fd is -1 on failure.  Released by outdir_unlock or at exit. */
enum attn_status outdir_lock(const char *dir, const char *verb, int *fd);
void outdir_unlock(int fd);
/* Refuses (never blocks on) anything but a regular file or nothing at
 * DIR/results.csv, DIR/meta.json and DIR/sweep.yaml: a FIFO, a folder, a
 * device, a socket or a symbolic link there is named and refused. */
enum attn_status outdir_check_files(const char *dir);
/* Data rows in DIR/results.csv (lines after the header); 0 when absent/empty. */
long outdir_rows(const char *dir);
/* --resume checks: the file's header is exactly this build's, it was not made
 * by `estimate`, and meta.json names the same sweep hash; each refusal says
 * what differs. */
enum attn_status outdir_check_resume(const char *dir, const struct sweep_spec *spec);
/* Copies the sweep file (checked against spec->hash) to DIR/sweep.yaml,
 * through a temporary file renamed into place. */
enum attn_status outdir_save_sweep(const char *dir, const struct sweep_spec *spec);
/* When DIR/sweep.yaml and the sweep file differ: the first differing line of
 * each, as a sentence in msg; false when either is missing or they agree. */
bool outdir_sweep_diff(const char *dir, const struct sweep_spec *spec, char *msg, size_t n);
/* Opens PATH for writing without following a symbolic link at PATH (O_NOFOLLOW):
 * append keeps what is there, else truncates. */
FILE *outdir_fopen_nofollow(const char *path, bool append);
/* Creates PATH afresh (a stale file or link there is removed first, never
 * followed; O_EXCL | O_NOFOLLOW): for temporary files renamed into place. */
FILE *outdir_fopen_excl(const char *path);
/* The same file (device and inode), both existing. */
bool outdir_same_file(const char *a, const char *b);

#endif
