/* rng.h - counter-based helpers behind attn_rng_* (data.h), for generators
 * that need a value at an index rather than the next one in a stream. */
#ifndef MSABENCH_RNG_H
#define MSABENCH_RNG_H
#include <stdint.h>

uint64_t rng_mix64(uint64_t z);                      /* splitmix64 finalizer */
uint64_t rng_stream_key(uint64_t seed, uint64_t id); /* key of stream `id` under `seed` */
/* Draw number `counter` (0-based) of the stream that starts at state `key`:
 * the same value the counter+1-th attn_rng_next() call returns from key. */
uint64_t rng_at(uint64_t key, uint64_t counter);
double rng_normal_at(uint64_t key, uint64_t idx); /* N(0,1) at element idx */
/* out[e] = scale * normal(key, idx0 + e) for e < n. */
void rng_normal_fill(uint64_t key, uint64_t idx0, int64_t n, double scale, double *out);
void rng_normal_fill_f32(uint64_t key, uint64_t idx0, int64_t n, float *out);
#endif
