/* dupcheck.h - finding repeated names (YAML keys, CSV header columns) in
 * O(n log n): a sort, then a pass over equal neighbours. */
#ifndef MSABENCH_DUPCHECK_H
#define MSABENCH_DUPCHECK_H
#include <stddef.h>
#include <stdint.h>

/* first[i] := index of the first earlier name equal to names[i], or SIZE_MAX
 * when names[i] is the first of its kind or NULL (NULLs are never compared).
 * Returns 0, or -1 when out of memory (first[] untouched). */
int dup_first(const char *const *names, size_t n, size_t *first);
#endif
