/* fmt.h - small text formatting shared by plot and compare. */
#ifndef MSABENCH_FMT_H
#define MSABENCH_FMT_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
/* A token count the way the field writes it: 512, 1K, 1.5K, 4K, 1M, 2M.
 * Binary prefixes (1K = 1024); non-finite values print as "?". */
void fmt_tokens(char *buf, size_t n, double x);
/* A count exactly: 16K and 1M where v is a multiple of 1024 or 2^20, else every
 * digit (1000, 1500): for table headings, where 1.5K would hide a length. */
void fmt_count_exact(char *buf, size_t n, long v);
/* Every byte of s but letters, digits and those of keep becomes '_': CSV text on its
 * way into a gnuplot string or a title, so no quote, backtick or macro is read as code. */
void fmt_keep(char *s, const char *keep);
/* Bytes with a binary unit: "512 B", "1.5 KiB", "3.2 GiB". */
void fmt_bytes(char *buf, size_t n, double x);
#ifdef __cplusplus
}
#endif
#endif
