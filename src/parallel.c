/* parallel.c - dynamic parallel-for over pthreads (see parallel.h). */
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 64

int attn_cpu_threads(void) {
    const char *e = getenv("MSABENCH_THREADS");
    if (e && *e) {
        long v = strtol(e, NULL, 10);
        if (v >= 1)
            return v > MAX_THREADS ? MAX_THREADS : (int)v;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > MAX_THREADS ? MAX_THREADS : (int)n;
}

struct pf_shared {
    atomic_llong next;
    int64_t n;
    void (*fn)(void *, int64_t, int);
    void *ctx;
};

struct pf_arg {
    struct pf_shared *sh;
    int tid;
};

static void *pf_worker(void *p) {
    struct pf_arg *a = p;
    for (;;) {
        int64_t i = atomic_fetch_add(&a->sh->next, 1);
        if (i >= a->sh->n)
            break;
        a->sh->fn(a->sh->ctx, i, a->tid);
    }
    return NULL;
}

void attn_parallel_for(int64_t n_items, int nthreads, void (*fn)(void *ctx, int64_t item, int tid),
                       void *ctx) {
    if (n_items <= 0)
        return;
    if (nthreads > MAX_THREADS)
        nthreads = MAX_THREADS;
    if (nthreads > n_items)
        nthreads = (int)n_items;
    if (nthreads < 1)
        nthreads = 1;
    struct pf_shared sh = {.n = n_items, .fn = fn, .ctx = ctx};
    atomic_init(&sh.next, 0);
    pthread_t th[MAX_THREADS];
    struct pf_arg args[MAX_THREADS];
    int started = 0;
    for (int t = 1; t < nthreads; t++) {
        args[t] = (struct pf_arg){&sh, t};
        if (pthread_create(&th[t], NULL, pf_worker, &args[t]) != 0)
            break;
        started = t;
    }
    args[0] = (struct pf_arg){&sh, 0};
    pf_worker(&args[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
}
