/* test_cli_plot_injection.c - nothing from a data file reaches gnuplot as
 * code (issue 13, class 1): CSV cells, meta.json fields, the CSV's file and
 * folder names and the figure folder's name holding back quotes, system(),
 * quotes, newlines and @macros are drawn as text, never run.  Shared harness:
 * integrity_harness.h. */
#define _GNU_SOURCE
#include "integrity_harness.h"

#include <dirent.h>

/* ---------------------------------------------------------------- class 1 */

/* Writes table t as CSV (every cell quoted) with column col of every row set to val. */
static void write_csv_with(const char *name, const struct csv_table *t, const char *col,
                           const char *val) {
    FILE *f = fopen(at(name), "wb");
    assert_non_null(f);
    const int c = col ? csv_col(t, col) : -1;
    assert_true(!col || c >= 0);
    for (size_t r = 0; r <= t->nrow; r++)
        for (size_t j = 0; j < t->ncol; j++) {
            const char *s = r == 0 ? t->col[j] : (int)j == c ? val : t->cell[r - 1][j];
            fputc('"', f);
            for (; *s; s++) {
                if (*s == '"')
                    fputc('"', f);
                fputc(*s, f);
            }
            fputs(j + 1 < t->ncol ? "\"," : "\"\n", f);
        }
    fclose(f);
}

/* A .gp script that holds needle inside a double-quoted string (where gnuplot
 * substitutes back quotes and @macros) outside single quotes. */
static bool in_double_quotes(const char *gp, const char *needle) {
    char q = 0;
    const char *open = NULL;
    for (const char *p = gp; *p; p++) {
        if (q == '\'') {
            if (*p == '\'')
                q = 0;
        } else if (q == '"') {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"') {
                const char *hit = memmem(open, (size_t)(p - open), needle, strlen(needle));
                if (hit)
                    return true;
                q = 0;
            }
        } else if (*p == '\'' || *p == '"') {
            q = *p;
            open = p + 1;
        } else if (*p == '#') {
            while (p[1] && p[1] != '\n')
                p++;
        }
    }
    return false;
}

/* Figures written (svg, when gnuplot is present) and nothing run: no marker
 * file anywhere, no payload where gnuplot would expand it. */
static void expect_plot_inert(const char *what, struct tu_result r, const char *figdir,
                              const char *marker) {
    cases_run++;
    DIR *d = opendir(figdir);
    int figs = 0, scripts = 0;
    bool gnuplot = strstr(r.out, "gnuplot") == NULL || r.rc == 0;
    if (d) {
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            size_t l = strlen(e->d_name);
            if (l > 4 && !strcmp(e->d_name + l - 4, ".svg"))
                figs++;
            if (l > 3 && !strcmp(e->d_name + l - 3, ".gp")) {
                char p[2048];
                snprintf(p, sizeof p, "%s/%s", figdir, e->d_name);
                char *gp = tu_read_all(p);
                assert_non_null(gp);
                if (in_double_quotes(gp, "touch")) {
                    CASE_FAIL("%s: %s holds the payload in a double-quoted string\n", what, p);
                }
                free(gp);
                scripts++;
            }
        }
        closedir(d);
    }
    char local[2048]; /* gnuplot runs in figdir: a relative payload lands there */
    const char *base = strrchr(marker, '/');
    snprintf(local, sizeof local, "%s/%s", figdir, base ? base + 1 : marker);
    if (exists(marker) || exists(local)) {
        CASE_FAIL("%s: gnuplot ran the payload: %s exists\n", what, marker);
    }
    if (scripts == 0 || (gnuplot && (r.rc != 0 || figs == 0))) {
        CASE_FAIL("%s: exit %d, %d scripts, %d figures, output:\n%s\n", what, r.rc, scripts, figs,
                  r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

/* CSV cells (method, variant, sweep, backend, data) holding back quotes,
 * system(), quotes, newlines and @macros are drawn as text, never run. */
static void test_plot_cells_never_run(void **state) {
    (void)state;
    write_text("inj.yaml", quick_sweep("inj"));
    expect_ok("base run", RUN("run", "inj.yaml", "-o", "inj_run", "--quiet"));
    struct csv_table t = {0};
    assert_int_equal(csv_read(at("inj_run/results.csv"), &t), ATTN_OK);
    static const struct {
        const char *col, *fmt;
    } c[] = {
        {"method", "gqa`touch %s`"},
        {"variant", "v\"; system(\"touch %s\"); x=\""},
        {"sweep", "s'`touch %s`'"},
        {"method", "m\n@X `touch %s` \\"},
        {"backend", "cpu'.system('touch %s').'"},
        {"key", "k`touch %s`"},
        {"median_ms", "`touch %s`"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char name[64], figs[64], marker[300], val[800];
        snprintf(name, sizeof name, "inj_%zu.csv", i);
        snprintf(figs, sizeof figs, "inj_figs_%zu", i);
        snprintf(marker, sizeof marker, "%s/X%zu", tmpdir, i);
        const char *hole = strstr(c[i].fmt, "%s"); /* the marker in place of %s */
        snprintf(val, sizeof val, "%.*s%s%s", (int)(hole - c[i].fmt), c[i].fmt, marker, hole + 2);
        write_csv_with(name, &t, c[i].col, val);
        struct tu_result r = RUN("plot", name, "-o", figs, "--format", "svg");
        expect_plot_inert(name, r, at(figs), marker);
    }
    csv_free(&t);
    end_cases();
}

/* The same payloads through meta.json, the CSV's file name and the figure folder's name. */
static void test_plot_names_never_run(void **state) {
    (void)state;
    write_text("injn.yaml", quick_sweep("injn"));
    expect_ok("base run", RUN("run", "injn.yaml", "-o", "injn_run", "--quiet"));
    char *csv = tu_read_all(at("injn_run/results.csv"));
    assert_non_null(csv);
    char marker[300], json[1400], name[400];

    /* meta.json beside the CSV: device and sweep names */
    snprintf(marker, sizeof marker, "%s/XM", tmpdir);
    assert_int_equal(mkdir(at("injm"), 0700), 0);
    write_text("injm/results.csv", csv);
    snprintf(json, sizeof json,
             "{\"sweep\": \"s`touch %s`\", \"device\": \"d\\\"`touch %s`\\n@x\", "
             "\"cpu_model\": \"c'`touch %s`'\"}\n",
             marker, marker, marker);
    write_text("injm/meta.json", json);
    struct tu_result r = RUN("plot", "injm/results.csv", "-o", "injm_figs", "--format", "svg");
    expect_plot_inert("meta.json", r, at("injm_figs"), marker);

    /* the CSV's own name and its folder's, figures beside it (default -o);
     * a name holds no '/', so the payload is relative: gnuplot runs in figures/ */
    snprintf(marker, sizeof marker, "%s/XF", tmpdir);
    snprintf(name, sizeof name, "injf'`touch XF`'");
    assert_int_equal(mkdir(at(name), 0700), 0);
    char p[800];
    snprintf(p, sizeof p, "%s/r`touch XF`\"@x.csv", name);
    write_text(p, csv);
    r = RUN("plot", p, "--format", "svg");
    char figs[1024];
    snprintf(figs, sizeof figs, "%s/%s/figures", tmpdir, name);
    expect_plot_inert("CSV file name", r, figs, marker);

    /* the output folder's name */
    snprintf(marker, sizeof marker, "%s/XO", tmpdir);
    snprintf(name, sizeof name, "figs\"`touch XO`@x");
    r = RUN("plot", "injn_run/results.csv", "-o", name, "--format", "svg");
    expect_plot_inert("output folder name", r, at(name), marker);
    free(csv);
    end_cases();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_plot_cells_never_run, reset_cases),
        cmocka_unit_test_setup(test_plot_names_never_run, reset_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
