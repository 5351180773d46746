/* sweep_fixture.h - shared by test_sweep_points.c and test_sweep_errors.c
 * (header-only: the CMake glob builds test_*.c alone): load a sweep from
 * tests/data/sweeps or from a string, the error text captured. */
#ifndef MSABENCH_SWEEP_FIXTURE_H
#define MSABENCH_SWEEP_FIXTURE_H
#include "sweep.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* Loads a fixture; returns the status, the error text in *errs (malloc'd). */
static inline enum attn_status load_fixture(const char *name, struct sweep_spec *s, char **errs) {
    char path[1024];
    size_t n = 0;
    snprintf(path, sizeof path, "%s", tu_src_path("tests/data/sweeps"));
    strncat(path, "/", sizeof path - strlen(path) - 1);
    strncat(path, name, sizeof path - strlen(path) - 1);
    FILE *err = open_memstream(errs, &n);
    assert_non_null(err);
    enum attn_status st = sweep_load(path, s, err);
    fclose(err);
    return st;
}

static inline enum attn_status load_text(const char *name, const char *text, struct sweep_spec *s,
                                         char **errs) {
    size_t n = 0;
    FILE *err = open_memstream(errs, &n);
    assert_non_null(err);
    enum attn_status st = sweep_load_buffer(name, text, strlen(text), s, err);
    fclose(err);
    return st;
}

#endif
