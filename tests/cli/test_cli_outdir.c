/* test_cli_outdir.c - the output folder (issue 13, classes 2, 4, 5 and 9):
 * one writer per folder (a second run or estimate is refused at once, naming
 * the holder's PID), no silent overwrite (run/estimate -o EXISTING, merge's
 * OUT), --resume only onto the same sweep and schema, paths that fit, never
 * follow a link, never block on a FIFO and never leave results/runs/.  Shared
 * harness: integrity_harness.h. */
#define _GNU_SOURCE
#include "integrity_harness.h"

#include <dirent.h>

/* ---------------------------------------------------------------- class 2 */

/* Two processes into one folder: the second refuses at once, naming the
 * folder and the first one's PID; the first is unharmed. */
static void test_concurrent_runs_refused(void **state) {
    (void)state;
    write_text("lock.yaml", slow_sweep);
    pid_t a = start("lock_a.log", 300, NULL,
                    (const char *[]){"run", "lock.yaml", "-o", "lockdir", "--quiet", NULL});
    wait_lines(at("lockdir/results.csv"), 2, a); /* the first row is in, the long call runs */
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)a);
    const double t0 = now_s();
    struct tu_result r = RUN("run", "lock.yaml", "-o", "lockdir", "--resume", "--quiet");
    const double dt = now_s() - t0;
    REFUSED("second run", r, "lockdir", pid);
    r = RUN("estimate", "lock.yaml", "-o", "lockdir", "--force");
    REFUSED("estimate into the locked folder", r, "lockdir", pid);
    print_message("second run refused after %.2f s\n", dt);
    /* at once: it never waited for the lock, so the holder's long call still runs */
    int wst;
    if (waitpid(a, &wst, WNOHANG) != 0) {
        CASE_FAIL("the first run ended before the second was refused (%.2f s)\n", dt);
    } else {
        kill(a, SIGKILL);
        r = finish(a, "lock_a.log");
        free(r.out);
    }
    /* the lock died with its holder: the folder is usable again */
    expect_ok("resume after the holder died",
              RUN("run", "lock.yaml", "-o", "lockdir", "--resume", "--quiet"));
    struct csv_table t = {0};
    assert_int_equal(csv_read(at("lockdir/results.csv"), &t), ATTN_OK);
    assert_int_equal(t.nrow, 2);
    csv_free(&t);
    end_cases();
}

/* ---------------------------------------------------------------- class 4 */

/* Folders under results/runs/ named prefix*: how many, and the names. */
static int run_folders(const char *prefix, char names[][256], int max) {
    DIR *d = opendir(at("results/runs"));
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && n < max)
            snprintf(names[n++], 256, "%s", e->d_name);
    closedir(d);
    return n;
}

/* run without -o: results/runs/<name>-<timestamp>/, a new one each time. */
static void test_default_folder_unique(void **state) {
    (void)state;
    write_text("ow.yaml", quick_sweep("ow"));
    expect_ok("first", RUN("run", "ow.yaml", "--quiet"));
    expect_ok("second", RUN("run", "ow.yaml", "--quiet"));
    char names[4][256];
    int n = run_folders("ow-", names, 4);
    cases_run++;
    if (n != 2) {
        CASE_FAIL("%d folders results/runs/ow-*, expected 2\n", n);
    }
    for (int i = 0; i < n && n == 2; i++) {
        char p[1400];
        const char *ts = names[i] + 3; /* YYYYMMDD-HHMMSS[-k] */
        assert_true(strlen(ts) >= 15 && ts[8] == '-');
        snprintf(p, sizeof p, "results/runs/%s/results.csv", names[i]);
        assert_int_equal(tu_count_lines(at(p)), 5);
    }
    end_cases();
}

/* run -o EXISTING refuses without --resume/--force; --force replaces;
 * estimate -o RUNDIR refuses. */
static void test_existing_rows_kept(void **state) {
    (void)state;
    write_text("keep.yaml", quick_sweep("keep"));
    expect_ok("first", RUN("run", "keep.yaml", "-o", "keep", "--quiet"));
    char *before = tu_read_all(at("keep/results.csv"));
    assert_non_null(before);
    REFUSED("run -o EXISTING", RUN("run", "keep.yaml", "-o", "keep", "--quiet"), "keep", "--force");
    expect_unchanged("run -o EXISTING", at("keep/results.csv"), before);
    REFUSED("estimate -o RUNDIR", RUN("estimate", "keep.yaml", "-o", "keep"), "keep", "--force");
    expect_unchanged("estimate -o RUNDIR", at("keep/results.csv"), before);
    free(before);
    expect_ok("--force", RUN("run", "keep.yaml", "-o", "keep", "--force", "--quiet"));
    assert_int_equal(tu_count_lines(at("keep/results.csv")), 5); /* replaced, not appended */
    end_cases();
}

/* merge: OUT that is an input, OUT that exists, and a forgotten OUT never overwrite a shard. */
static void test_merge_never_overwrites(void **state) {
    (void)state;
    write_text("mg.yaml", quick_sweep("mg"));
    expect_ok("shard 0", RUN("run", "mg.yaml", "-o", "mg0", "--shard", "0/2", "--quiet"));
    expect_ok("shard 1", RUN("run", "mg.yaml", "-o", "mg1", "--shard", "1/2", "--quiet"));
    char *s0 = tu_read_all(at("mg0/results.csv")), *s1 = tu_read_all(at("mg1/results.csv"));
    assert_non_null(s0);
    assert_non_null(s1);
    REFUSED("OUT is an input",
            RUN("merge", "mg0/results.csv", "mg0/results.csv", "mg1/results.csv"),
            "mg0/results.csv", "input");
    expect_unchanged("OUT is an input", at("mg0/results.csv"), s0);
    REFUSED("OUT is an input by another path",
            RUN("merge", "./mg1/../mg1/results.csv", "mg0/results.csv", "mg1/results.csv"),
            "input");
    expect_unchanged("OUT is an input by another path", at("mg1/results.csv"), s1);
    REFUSED("OUT forgotten", RUN("merge", "mg0/results.csv", "mg1/results.csv"), "mg0/results.csv",
            "exists");
    expect_unchanged("OUT forgotten", at("mg0/results.csv"), s0);
    expect_unchanged("OUT forgotten", at("mg1/results.csv"), s1);
    write_text("taken.csv", "precious\n");
    REFUSED("OUT exists", RUN("merge", "taken.csv", "mg0/results.csv", "mg1/results.csv"),
            "taken.csv", "--force");
    expect_unchanged("OUT exists", at("taken.csv"), "precious\n");
    expect_ok("merge --force",
              RUN("merge", "--force", "taken.csv", "mg0/results.csv", "mg1/results.csv"));
    assert_int_equal(tu_count_lines(at("taken.csv")), 5);
    free(s0);
    free(s1);
    end_cases();
}

/* ---------------------------------------------------------------- class 5 */

/* --resume refuses another sweep, an edited one, an estimate's file and a
 * header missing a column, saying what differs; meta.json's hash stays. */
static void test_resume_checks(void **state) {
    (void)state;
    write_text("rs.yaml", quick_sweep("rs"));
    expect_ok("first", RUN("run", "rs.yaml", "-o", "rs", "--quiet"));
    char *csv = tu_read_all(at("rs/results.csv")), *meta = tu_read_all(at("rs/meta.json"));
    assert_non_null(csv);
    assert_non_null(meta);

    write_text("other.yaml", quick_sweep("other"));
    REFUSED("another sweep", RUN("run", "other.yaml", "-o", "rs", "--resume", "--quiet"),
            "rs/results.csv", "sweep_hash", "'rs'", "'other'");
    expect_unchanged("another sweep", at("rs/results.csv"), csv);
    expect_unchanged("another sweep", at("rs/meta.json"), meta);

    char edited[1200];
    snprintf(edited, sizeof edited, "%s", quick_sweep("rs"));
    char *p = strstr(edited, "max_samples: 3");
    assert_non_null(p);
    p[13] = '4';
    write_text("rs.yaml", edited);
    REFUSED("edited sweep", RUN("run", "rs.yaml", "-o", "rs", "--resume", "--quiet"),
            "sweep file changed", "sweep_hash", "line 5", "max_samples: 3", "max_samples: 4");
    expect_unchanged("edited sweep", at("rs/results.csv"), csv);
    expect_unchanged("edited sweep: meta.json keeps its sweep hash", at("rs/meta.json"), meta);

    write_text("est.yaml", quick_sweep("est"));
    expect_ok("estimate", RUN("estimate", "est.yaml", "-o", "est"));
    REFUSED("an estimate's file", RUN("run", "est.yaml", "-o", "est", "--resume", "--quiet"),
            "est/results.csv", "estimate");

    /* the header without its median_ms column */
    assert_int_equal(mkdir(at("thin"), 0700), 0);
    write_text("thin.yaml", quick_sweep("rs"));
    char *h = strstr(csv, ",median_ms");
    assert_non_null(h);
    char *thin = malloc(strlen(csv) + 1);
    snprintf(thin, strlen(csv) + 1, "%.*s%s", (int)(h - csv), csv, h + strlen(",median_ms"));
    write_text("thin/results.csv", thin);
    write_text("thin/meta.json", meta);
    REFUSED("header lacking a column", RUN("run", "thin.yaml", "-o", "thin", "--resume", "--quiet"),
            "thin/results.csv", "'median_ms'");
    expect_unchanged("header lacking a column", at("thin/results.csv"), thin);
    free(thin);
    free(csv);
    free(meta);
    end_cases();
}

/* ---------------------------------------------------------------- class 9 */

/* -o past the path buffer: refused, nothing written at a truncated path. */
static void test_long_output_path_refused(void **state) {
    (void)state;
    write_text("lp.yaml", quick_sweep("lp"));
    char longp[1200];
    memset(longp, 'a', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    for (size_t i = 100; i < sizeof longp - 1; i += 101)
        longp[i] = '/';
    REFUSED("-o too long", RUN("run", "lp.yaml", "-o", longp, "--quiet"), "too long");
    if (exists(at("aaaa")))
        CASE_FAIL("-o too long: a truncated path was written\n");
    end_cases();
}

/* A link at results.csv, meta.json, sweep.yaml or their temporary files is
 * never followed: its target stays. */
static void test_symlinks_never_followed(void **state) {
    (void)state;
    static const char *const names[] = {"results.csv", "meta.json", "sweep.yaml", "meta.json.tmp",
                                        "sweep.yaml.tmp"};
    write_text("ln.yaml", quick_sweep("ln"));
    write_text("victim.txt", "precious\n");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char dir[64], link[128];
        snprintf(dir, sizeof dir, "ln_%zu", i);
        snprintf(link, sizeof link, "%s/%s", dir, names[i]);
        assert_int_equal(mkdir(at(dir), 0700), 0);
        assert_int_equal(symlink(at("victim.txt"), at(link)), 0);
        struct tu_result r = RUN("run", "ln.yaml", "-o", dir, "--quiet");
        expect_unchanged(names[i], at("victim.txt"), "precious\n");
        struct stat st;
        cases_run++;
        /* written: then in place of the link, a regular file */
        if (r.rc == 0 && !strstr(link, ".tmp") && lstat(at(link), &st) == 0 && S_ISLNK(st.st_mode))
            CASE_FAIL("%s: still a link after a run that wrote it\n", link);
        check_no_sanitizer(r.out);
        free(r.out);
    }
    end_cases();
}

/* A FIFO, folder or socket-like special file at results.csv, meta.json or
 * sweep.yaml in the output folder: refused at once (never blocked on, never
 * replaced), with or without --force / --resume, by run and estimate. */
static void test_special_files_in_outdir(void **state) {
    (void)state;
    static const char *const names[] = {"results.csv", "meta.json", "sweep.yaml"};
    static const char *const modes[] = {NULL, "--force", "--resume"};
    write_text("sp.yaml", quick_sweep("sp"));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            char dir[64], fifo[128], what[160];
            snprintf(dir, sizeof dir, "sp_%zu_%zu", i, m);
            snprintf(fifo, sizeof fifo, "%s/%s", dir, names[i]);
            snprintf(what, sizeof what, "FIFO at %s, run %s", names[i], modes[m] ? modes[m] : "");
            assert_int_equal(mkdir(at(dir), 0700), 0);
            assert_int_equal(mkfifo(at(fifo), 0600), 0);
            const double t0 = now_s();
            struct tu_result r = finish(
                start("cli.log", 20, NULL,
                      (const char *[]){"run", "sp.yaml", "-o", dir, "--quiet", modes[m], NULL}),
                "cli.log");
            const double secs = now_s() - t0;
            REFUSED(what, r, fifo, "FIFO");
            struct stat st;
            cases_run++;
            if (secs > 10 || lstat(at(fifo), &st) != 0 || !S_ISFIFO(st.st_mode))
                CASE_FAIL("%s: took %.1f s or replaced the FIFO\n", what, secs);
        }
    }
    assert_int_equal(mkdir(at("sp_est"), 0700), 0);
    assert_int_equal(mkfifo(at("sp_est/results.csv"), 0600), 0);
    REFUSED("FIFO at results.csv, estimate", RUN("estimate", "sp.yaml", "-o", "sp_est"),
            "sp_est/results.csv", "FIFO");
    assert_int_equal(mkdir(at("sp_dir"), 0700), 0);
    assert_int_equal(mkdir(at("sp_dir/results.csv"), 0700), 0);
    REFUSED("folder at results.csv", RUN("run", "sp.yaml", "-o", "sp_dir", "--quiet", "--force"),
            "sp_dir/results.csv", "folder");
    end_cases();
}

/* name: ".." or with '/', output.dir absolute or with "..": refused, nothing outside. */
static void test_names_stay_inside(void **state) {
    (void)state;
    char abs_dir[400];
    snprintf(abs_dir, sizeof abs_dir, "output: {dir: %s/escaped_abs}\n", tmpdir);
    const struct {
        const char *yaml, *expect;
    } c[] = {
        {"name: \"..\"\n", "'..'"},
        {"name: \"../escaped\"\n", "'../escaped'"},
        {"name: \"a/b\"\n", "'a/b'"},
        {abs_dir, "absolute"},
        {"output: {dir: \"sub/../escaped_dd\"}\n", "'..'"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char y[2048], f[64];
        snprintf(f, sizeof f, "esc_%zu.yaml", i);
        snprintf(y, sizeof y, "%smethods: [gqa]\nbackends: [cpu]\naxes: {seq_len: 64}\n",
                 c[i].yaml);
        write_text(f, y);
        REFUSED(f, RUN("run", f, "--quiet"), f, c[i].expect);
    }
    static const char *const escaped[] = {"results/results.csv", "results/runs/a", "escaped_abs",
                                          "escaped_dd"};
    for (size_t i = 0; i < sizeof escaped / sizeof escaped[0]; i++)
        if (exists(at(escaped[i])))
            CASE_FAIL("%s was written\n", escaped[i]);
    DIR *d = opendir(at("results"));
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (!strncmp(e->d_name, "escaped", 7))
            CASE_FAIL("results/%s was written (outside results/runs/)\n", e->d_name);
    if (d)
        closedir(d);
    end_cases();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_concurrent_runs_refused, reset_cases),
        cmocka_unit_test_setup(test_default_folder_unique, reset_cases),
        cmocka_unit_test_setup(test_existing_rows_kept, reset_cases),
        cmocka_unit_test_setup(test_merge_never_overwrites, reset_cases),
        cmocka_unit_test_setup(test_resume_checks, reset_cases),
        cmocka_unit_test_setup(test_long_output_path_refused, reset_cases),
        cmocka_unit_test_setup(test_symlinks_never_followed, reset_cases),
        cmocka_unit_test_setup(test_special_files_in_outdir, reset_cases),
        cmocka_unit_test_setup(test_names_stay_inside, reset_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
