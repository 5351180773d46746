/* test_cli_integrity.c - results you can trust, end to end (issue 13,
 * classes 1-5 and 9-11): nothing from a data file reaches gnuplot as code,
 * one writer per output folder, interrupted rows never recorded ok, no
 * silent overwrite, --resume only onto the same sweep and schema, paths that
 * fit and never follow a link, honest exit codes and clear messages.  Every
 * child runs under an alarm; MSABENCH_BIN points the cases at a binary. */
#define _GNU_SOURCE
#include "testutil.h"

#include "results.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

static const char *bin(void) {
    const char *b = getenv("MSABENCH_BIN");
    return b ? b : "./msabench";
}

/* tmpdir/name */
static const char *at(const char *name) {
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static void write_file(const char *name, const void *data, size_t n) {
    FILE *f = fopen(at(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void write_text(const char *name, const char *text) {
    write_file(name, text, strlen(text));
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

static bool exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A failed case is reported and counted; the test goes on to its other cases
 * (so one run shows every case that fails) and fails at its end_cases(). */
static int cases_failed, cases_run;
#define CASE_FAIL(...) (print_error(__VA_ARGS__), print_error("\n"), cases_failed++)

static int reset_cases(void **state) {
    (void)state;
    cases_failed = cases_run = 0;
    return 0;
}

static void end_cases(void) {
    const int bad = cases_failed, n = cases_run;
    cases_failed = cases_run = 0;
    print_message("%d cases, %d failed\n", n, bad);
    assert_int_equal(bad, 0);
}

struct result {
    int rc;    /* exit status, or 128 + signal (SIGALRM: it blocked) */
    char *out; /* stdout + stderr */
};

/* Starts msabench args (NULL-terminated) in tmpdir with env (NAME=VALUE,
 * NULL-terminated, may be NULL) added, output to tmpdir/log, under an alarm. */
static pid_t start(const char *log, int limit_s, const char *const *env, const char *const *args) {
    const char *argv[40];
    int n = 0;
    argv[n++] = bin();
    while (*args && n < 39)
        argv[n++] = *args++;
    argv[n] = NULL;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(at(log), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || chdir(tmpdir) != 0)
            _exit(126);
        dup2(fd, 1);
        dup2(fd, 2);
        for (; env && *env; env++)
            putenv((char *)*env);
        signal(SIGXFSZ, SIG_IGN); /* a file-size limit then fails a write, as a full disk does */
        alarm((unsigned)limit_s);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static struct result finish(pid_t pid, const char *log) {
    struct result r = {0};
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_all(at(log));
    assert_non_null(r.out);
    return r;
}

static struct result run_env(const char *const *env, const char *const *args) {
    return finish(start("cli.log", 120, env, args), "cli.log");
}

#define RUN(...) run_env(NULL, (const char *[]){__VA_ARGS__, NULL})

static void check_no_sanitizer(const char *out) {
    assert_null(strstr(out, "AddressSanitizer"));
    assert_null(strstr(out, "runtime error:"));
    assert_null(strstr(out, "LeakSanitizer"));
}

/* Non-zero exit (not killed), every expected piece in the output. */
static void expect_refused(const char *what, struct result r, const char *const *want) {
    cases_run++;
    int ok = r.rc != 0 && r.rc < 128;
    for (; *want; want++)
        ok = ok && strstr(r.out, *want) != NULL;
    if (!ok) {
        CASE_FAIL("%s: exit %d, output:\n%s\n", what, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

#define REFUSED(what, r, ...) expect_refused(what, r, (const char *[]){__VA_ARGS__, NULL})

static void expect_ok(const char *what, struct result r) {
    if (r.rc != 0) {
        CASE_FAIL("%s: exit %d, output:\n%s\n", what, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
}

/* The file at path still holds exactly want. */
static void expect_unchanged(const char *what, const char *path, const char *want) {
    char *s = read_all(path);
    if (!s || strcmp(s, want) != 0) {
        CASE_FAIL("%s: %s was changed or removed\n", what, path);
    }
    free(s);
}

static size_t count_lines(const char *path) {
    char *s = read_all(path);
    size_t n = 0;
    for (char *p = s; p && *p; p++)
        n += *p == '\n';
    free(s);
    return n;
}

/* A small sweep that runs in well under a second. */
static const char *quick_sweep(const char *name) {
    static char y[1024];
    snprintf(y, sizeof y,
             "name: %s\nmethods: [gqa, msa]\nbackends: [cpu]\n"
             "axes: {seq_len: [64, 128], heads_q: 4, heads_kv: 2, head_dim: 32, block_size: 16, "
             "topk: 2}\n"
             "timing: {warmup_ms: 1, min_samples: 2, max_samples: 3, timeout_s: 5}\n",
             name);
    return y;
}

/* One quick row, then one call that takes seconds (the reference at N=4096). */
static const char *slow_sweep =
    "name: slow\nmethods: [gqa]\nbackends: [ref]\n"
    "axes: {seq_len: [64, 4096], heads_q: 4, heads_kv: 2, head_dim: 32}\n"
    "timing: {warmup_ms: 0, min_samples: 1, max_samples: 1, timeout_s: 120}\n"
    "validate: {rows: 1}\n";

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
static void expect_plot_inert(const char *what, struct result r, const char *figdir,
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
                char *gp = read_all(p);
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
        struct result r = RUN("plot", name, "-o", figs, "--format", "svg");
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
    char *csv = read_all(at("injn_run/results.csv"));
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
    struct result r = RUN("plot", "injm/results.csv", "-o", "injm_figs", "--format", "svg");
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

/* ---------------------------------------------------------------- class 2 */

/* Waits (up to 60 s) until path holds at least n lines. */
static void wait_lines(const char *path, size_t n, pid_t pid) {
    for (int i = 0; i < 6000 && count_lines(path) < n; i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            print_error("the run ended before %s held %zu lines\n", path, n);
            fail();
        }
        usleep(10000);
    }
    assert_true(count_lines(path) >= n);
}

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
    struct result r = RUN("run", "lock.yaml", "-o", "lockdir", "--resume", "--quiet");
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

/* ---------------------------------------------------------------- class 3 */

/* Interrupts the long call with sig (twice when twice): no ok row for it,
 * finished rows whole, and --resume measures it. */
static void interrupt_long_call(int sig, bool twice) {
    cases_run++;
    char dir[64], csv[128], log[64];
    snprintf(dir, sizeof dir, "sig_%d_%d", sig, twice);
    snprintf(csv, sizeof csv, "%s/results.csv", dir);
    snprintf(log, sizeof log, "sig_%d_%d.log", sig, twice);
    write_text("sig.yaml", slow_sweep);
    pid_t pid = start(log, 300, NULL, (const char *[]){"run", "sig.yaml", "-o", dir, NULL});
    wait_lines(at(csv), 2, pid);
    usleep(300000); /* inside the long call */
    kill(pid, sig);
    double t_second = 0;
    if (twice) {
        usleep(200000);
        kill(pid, sig);
        t_second = now_s();
    }
    struct result r = finish(pid, log);
    const double dt = now_s() - t_second;
    if (twice) {
        print_message("ended %.2f s after the second signal\n", dt);
        if (dt > 1.0) {
            CASE_FAIL("a second signal took %.2f s to end the run\n", dt);
        }
    }
    if (r.rc != 128 + sig && r.rc != 130) {
        CASE_FAIL("signal %d: exit %d, output:\n%s\n", sig, r.rc, r.out);
    }
    check_no_sanitizer(r.out);
    free(r.out);
    struct csv_table t = {0};
    assert_int_equal(csv_read(at(csv), &t), ATTN_OK); /* every row whole */
    for (size_t i = 0; i < t.nrow; i++) {
        const char *st = csv_get(&t, i, "status");
        if (!strcmp(csv_get(&t, i, "seq_len"), "4096") && !strcmp(st, "ok")) {
            CASE_FAIL("signal %d: the interrupted call was recorded ok (%s samples)\n", sig,
                      csv_get(&t, i, "samples"));
        }
        assert_true(!strcmp(st, "ok") || !strcmp(st, "failed"));
    }
    csv_free(&t);
    expect_ok("resume", RUN("run", "sig.yaml", "-o", dir, "--resume", "--quiet"));
    assert_int_equal(csv_read(at(csv), &t), ATTN_OK);
    bool measured = false;
    for (size_t i = 0; i < t.nrow; i++)
        measured = measured || (!strcmp(csv_get(&t, i, "seq_len"), "4096") &&
                                !strcmp(csv_get(&t, i, "status"), "ok"));
    csv_free(&t);
    if (!measured) {
        CASE_FAIL("signal %d: --resume did not measure the interrupted call\n", sig);
    }
}

static void test_sigint_long_call_not_ok(void **state) {
    (void)state;
    interrupt_long_call(SIGINT, false);
    end_cases();
}

static void test_sigterm_long_call_not_ok(void **state) {
    (void)state;
    interrupt_long_call(SIGTERM, false);
    end_cases();
}

static void test_second_sigint_ends_at_once(void **state) {
    (void)state;
    interrupt_long_call(SIGINT, true);
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
        assert_int_equal(count_lines(at(p)), 5);
    }
    end_cases();
}

/* run -o EXISTING refuses without --resume/--force; --force replaces;
 * estimate -o RUNDIR refuses. */
static void test_existing_rows_kept(void **state) {
    (void)state;
    write_text("keep.yaml", quick_sweep("keep"));
    expect_ok("first", RUN("run", "keep.yaml", "-o", "keep", "--quiet"));
    char *before = read_all(at("keep/results.csv"));
    assert_non_null(before);
    REFUSED("run -o EXISTING", RUN("run", "keep.yaml", "-o", "keep", "--quiet"), "keep", "--force");
    expect_unchanged("run -o EXISTING", at("keep/results.csv"), before);
    REFUSED("estimate -o RUNDIR", RUN("estimate", "keep.yaml", "-o", "keep"), "keep", "--force");
    expect_unchanged("estimate -o RUNDIR", at("keep/results.csv"), before);
    free(before);
    expect_ok("--force", RUN("run", "keep.yaml", "-o", "keep", "--force", "--quiet"));
    assert_int_equal(count_lines(at("keep/results.csv")), 5); /* replaced, not appended */
    end_cases();
}

/* merge: OUT that is an input, OUT that exists, and a forgotten OUT never overwrite a shard. */
static void test_merge_never_overwrites(void **state) {
    (void)state;
    write_text("mg.yaml", quick_sweep("mg"));
    expect_ok("shard 0", RUN("run", "mg.yaml", "-o", "mg0", "--shard", "0/2", "--quiet"));
    expect_ok("shard 1", RUN("run", "mg.yaml", "-o", "mg1", "--shard", "1/2", "--quiet"));
    char *s0 = read_all(at("mg0/results.csv")), *s1 = read_all(at("mg1/results.csv"));
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
    assert_int_equal(count_lines(at("taken.csv")), 5);
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
    char *csv = read_all(at("rs/results.csv")), *meta = read_all(at("rs/meta.json"));
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
        struct result r = RUN("run", "ln.yaml", "-o", dir, "--quiet");
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
            struct result r = finish(
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

/* --------------------------------------------------------------- class 10 */

static bool build_has_cuda(void) {
    struct result r = RUN("list");
    bool cuda = strstr(r.out, "cuda") != NULL;
    free(r.out);
    return cuda;
}

/* Nothing runnable, unknown options, nothing usable: non-zero with a message. */
static void test_exit_codes(void **state) {
    (void)state;
    write_text("nv.yaml", "methods: [gqa]\nbackends: [cpu]\nvariants: [no_such]\n"
                          "axes: {seq_len: 64}\n");
    REFUSED("variants: [no_such]", RUN("run", "nv.yaml", "-o", "nv", "--quiet"), "nv.yaml",
            "no implementation");
    if (!build_has_cuda()) {
        write_text("cu.yaml", "methods: [gqa]\nbackends: [cuda]\naxes: {seq_len: 64}\n");
        REFUSED("backends: [cuda]", RUN("run", "cu.yaml", "-o", "cu", "--quiet"), "cu.yaml",
                "no CUDA");
    }
    REFUSED("list --bogus", RUN("list", "--bogus"), "--bogus");

    write_text("base.csv", "key,method,backend,variant,status,median_ms\n"
                           "k,gqa,cpu,materialized,ok,1\n");
    write_text("nousable.csv", "key,method,backend,variant,status,median_ms\n"
                               "k,gqa,cpu,materialized,failed,\n");
    REFUSED("compare, no usable row", RUN("compare", "base.csv", "nousable.csv"), "nousable.csv",
            "no usable row");
    end_cases();
}

/* npy v1.0, float32, values a, b, a, b... */
static void write_npy_fill(const char *name, const char *shape, size_t n, float a, float b) {
    char hdr[128];
    int h =
        snprintf(hdr, sizeof hdr, "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }", shape);
    while ((10 + h + 1) % 64)
        hdr[h++] = ' ';
    hdr[h++] = '\n';
    unsigned char *buf = malloc(10 + (size_t)h + n * 4);
    memcpy(buf, "\x93NUMPY\x01\x00", 8);
    buf[8] = (unsigned char)(h & 0xff);
    buf[9] = (unsigned char)(h >> 8);
    memcpy(buf + 10, hdr, (size_t)h);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + 10 + h + 4 * i, i % 2 ? &b : &a, 4);
    write_file(name, buf, 10 + (size_t)h + n * 4);
    free(buf);
}

/* fit-index on all-NaN input, and on finite inputs whose scores overflow
 * float32 (coverage came out nan): non-zero, never a report.json with nan. */
static void test_fit_index_nan(void **state) {
    (void)state;
    static const struct {
        float qa, qb, k;
        const char *expect;
    } c[] = {
        {NAN, NAN, NAN, "NaN"},
        {3e38f, -3e38f, 3e38f, "not finite"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char q[32], k[32], out[32], rep[64];
        snprintf(q, sizeof q, "fi_q%zu.npy", i);
        snprintf(k, sizeof k, "fi_k%zu.npy", i);
        snprintf(out, sizeof out, "fi_%zu", i);
        snprintf(rep, sizeof rep, "fi_%zu/report.json", i);
        write_npy_fill(q, "(256, 4, 32)", 256 * 4 * 32, c[i].qa, c[i].qb);
        write_npy_fill(k, "(256, 2, 32)", 256 * 2 * 32, c[i].k, c[i].k);
        struct result r = RUN("fit-index", "--q", q, "--k", k, "--v", k, "--steps", "4",
                              "--block-size", "16", "--topk", "4", "--rows", "32", "--out", out);
        char *json = read_all(at(rep));
        if (json && strstr(json, "nan"))
            CASE_FAIL("%s holds a bare nan:\n%s\n", rep, json);
        free(json);
        REFUSED(q, r, c[i].expect);
    }
    end_cases();
}

/* --------------------------------------------------------------- class 11 */

static void test_clear_messages(void **state) {
    (void)state;
    write_text("msg.yaml", quick_sweep("msg"));
    REFUSED("--shard 0/1000000",
            RUN("run", "msg.yaml", "-o", "msg_sh", "--shard", "0/1000000", "--quiet"), "cap",
            "100000");
    struct result r = run_env(
        (const char *[]){"OMPI_COMM_WORLD_RANK=abc", "OMPI_COMM_WORLD_SIZE=2", NULL},
        (const char *[]){"run", "msg.yaml", "-o", "msg_ompi", "--shard", "auto", "--quiet", NULL});
    if (strstr(r.out, "not set")) {
        CASE_FAIL("OMPI_COMM_WORLD_RANK=abc reported as not set:\n%s\n", r.out);
    }
    REFUSED("OMPI_COMM_WORLD_RANK=abc", r, "OMPI_COMM_WORLD_RANK", "'abc'", "invalid");

    write_text("cr.csv", "key,method,backend,variant,status,median_ms\r"
                         "k,gqa,cpu,materialized,ok,1\r");
    REFUSED("CR-only CSV", RUN("compare", "cr.csv", "cr.csv"), "cr.csv", "CR");

    assert_int_equal(mkdir(at("folder.csv"), 0700), 0);
    write_text("one.csv", "key,method,backend,variant,status,median_ms\n"
                          "k,gqa,cpu,materialized,ok,1\n");
    REFUSED("folder as CSV", RUN("compare", "folder.csv", "one.csv"), "folder.csv", "folder");
    REFUSED("folder as merge input", RUN("merge", "mout.csv", "one.csv", "folder.csv"),
            "folder.csv", "folder");

    write_text("afile", "x\n");
    expect_ok("run", RUN("run", "msg.yaml", "-o", "msg_run", "--quiet"));
    REFUSED("file as plot -o", RUN("plot", "msg_run/results.csv", "-o", "afile"), "afile",
            "not a directory");
    end_cases();
}

/* A folder where a .npy is expected: the row fails saying so (not "bad magic"). */
static void test_folder_as_npy(void **state) {
    (void)state;
    assert_int_equal(mkdir(at("dq.npy"), 0700), 0);
    write_text("npyd.yaml", "methods: [gqa]\nbackends: [cpu]\n"
                            "axes: {seq_len: 64, heads_q: 4, heads_kv: 2, head_dim: 32, "
                            "data: file}\n"
                            "file: {q: dq.npy, k: dq.npy, v: dq.npy}\n"
                            "timing: {min_samples: 1, timeout_s: 1}\n");
    struct result r = RUN("run", "npyd.yaml", "-o", "npyd", "--quiet");
    if (strstr(r.out, "bad magic"))
        CASE_FAIL("folder as .npy: reported as bad magic:\n%s\n", r.out);
    REFUSED("folder as .npy", r, "dq.npy", "folder");
    end_cases();
}

/* A full disk (RLIMIT_FSIZE lowered under the running process: every later
 * write fails, meta.json's too): the results.csv error is the one reported. */
static void test_full_disk_reports_results_first(void **state) {
    (void)state;
    write_text("full.yaml", slow_sweep);
    pid_t pid = start("full.log", 300, NULL,
                      (const char *[]){"run", "full.yaml", "-o", "full", "--quiet", NULL});
    wait_lines(at("full/results.csv"), 2, pid);
    struct rlimit lim = {64, 64};
    assert_int_equal(prlimit(pid, RLIMIT_FSIZE, &lim, NULL), 0);
    struct result r = finish(pid, "full.log");
    const char *res = strstr(r.out, "results.csv");
    const char *meta = strstr(r.out, "meta.json");
    if (!res || (meta && meta < res)) {
        CASE_FAIL("full disk: the results.csv error is not reported first:\n%s\n", r.out);
    }
    REFUSED("full disk", r, "full/results.csv");
    struct csv_table t = {0};
    assert_int_equal(csv_read(at("full/results.csv"), &t), ATTN_OK); /* rows on disk whole */
    assert_int_equal(t.nrow, 1);
    csv_free(&t);
    end_cases();
}

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/msabench_cli_integrity_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_plot_cells_never_run, reset_cases),
        cmocka_unit_test_setup(test_plot_names_never_run, reset_cases),
        cmocka_unit_test_setup(test_concurrent_runs_refused, reset_cases),
        cmocka_unit_test_setup(test_sigint_long_call_not_ok, reset_cases),
        cmocka_unit_test_setup(test_sigterm_long_call_not_ok, reset_cases),
        cmocka_unit_test_setup(test_second_sigint_ends_at_once, reset_cases),
        cmocka_unit_test_setup(test_default_folder_unique, reset_cases),
        cmocka_unit_test_setup(test_existing_rows_kept, reset_cases),
        cmocka_unit_test_setup(test_merge_never_overwrites, reset_cases),
        cmocka_unit_test_setup(test_resume_checks, reset_cases),
        cmocka_unit_test_setup(test_long_output_path_refused, reset_cases),
        cmocka_unit_test_setup(test_symlinks_never_followed, reset_cases),
        cmocka_unit_test_setup(test_special_files_in_outdir, reset_cases),
        cmocka_unit_test_setup(test_names_stay_inside, reset_cases),
        cmocka_unit_test_setup(test_exit_codes, reset_cases),
        cmocka_unit_test_setup(test_fit_index_nan, reset_cases),
        cmocka_unit_test_setup(test_clear_messages, reset_cases),
        cmocka_unit_test_setup(test_folder_as_npy, reset_cases),
        cmocka_unit_test_setup(test_full_disk_reports_results_first, reset_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
