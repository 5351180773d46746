/* sweep.c - YAML sweep file -> struct sweep_spec.
 * libyaml's event API builds a small tree (depth and size capped, aliases
 * refused) so every node keeps its line and column; the schema walk then
 * checks every key and value and keeps going after an error, so one run
 * reports all of them, sorted, as "file:line:col: message".  Finally the axes,
 * zip groups and include points are expanded and each point is checked.
 * The only file that includes <yaml.h>. */
#include "sweep.h"
#include "dupcheck.h"
#include "fnv.h"
#include "method.h"
#include "regfile.h"
#include "sweep_limits.h"

#include <yaml.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_MAX_BYTES ((size_t)1 << 20)
#define SWEEP_MAX_DEPTH 16
#define SWEEP_MAX_POINTS 100000
#define SWEEP_MAX_ERRORS 200
#define SWEEP_MAX_SEQ ((int64_t)1 << 24)

#if defined(__GNUC__)
#define PRINTF_LIKE(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF_LIKE(a, b)
#endif

/* ---------------------------------------------------------------- tree -- */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
    enum ykind kind;
    int line, col;      /* 1-based */
    bool plain;         /* scalar written without quotes: ~, null and "" mean null */
    bool bad;           /* already reported (alias, NUL byte): callers stay quiet */
    char *text;         /* scalar, NUL-terminated */
    struct ynode **kid; /* seq: items; map: key, value, key, value, ... */
    size_t n, cap;
};

struct perr {
    int line, col;
    size_t seq; /* report order, to keep the sort stable */
    char *msg;
};

struct files {
    bool given;
    const struct ynode *key; /* the `file:` key */
    char path[5][DATA_PATH_MAX];
    bool has[5];
    char name[SWEEP_NAME_MAX]; /* `name:` of a list entry ("" for a single mapping) */
};

struct ctx {
    const char *name; /* file name in messages */
    const char *buf;
    size_t len;
    struct perr *errs;
    size_t n_errs, cap_errs, n_dropped;
    struct ynode **nodes; /* every node, for freeing */
    size_t n_nodes, cap_nodes;
    bool nomem;
    struct files files;  /* the entry make_point uses */
    struct files *flist; /* `file:` as a list: every entry (flist[0] = files otherwise) */
    int n_flist;
};

static void errf(struct ctx *c, int line, int col, const char *fmt, ...) PRINTF_LIKE(4, 5);

static void errf(struct ctx *c, int line, int col, const char *fmt, ...) {
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line <= 0)
        line = 1, col = 1;
    /* The same message at the same place once, however many points hit it. */
    for (size_t i = 0; i < c->n_errs; i++)
        if (c->errs[i].line == line && c->errs[i].col == col && strcmp(c->errs[i].msg, msg) == 0)
            return;
    if (c->n_errs >= SWEEP_MAX_ERRORS) {
        c->n_dropped++;
        return;
    }
    if (c->n_errs == c->cap_errs) {
        size_t cap = c->cap_errs ? 2 * c->cap_errs : 16;
        struct perr *e = realloc(c->errs, cap * sizeof *e);
        if (!e) {
            c->nomem = true;
            return;
        }
        c->errs = e;
        c->cap_errs = cap;
    }
    char *m = strdup(msg);
    if (!m) {
        c->nomem = true;
        return;
    }
    c->errs[c->n_errs] = (struct perr){line, col, c->n_errs, m};
    c->n_errs++;
}

static void errn(struct ctx *c, const struct ynode *n, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void errn(struct ctx *c, const struct ynode *n, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    errf(c, n ? n->line : 1, n ? n->col : 1, "%s", msg);
}

static int cmp_err(const void *a, const void *b) {
    const struct perr *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct ynode *node_new(struct ctx *c, enum ykind kind, yaml_mark_t m) {
    if (c->n_nodes == c->cap_nodes) {
        size_t cap = c->cap_nodes ? 2 * c->cap_nodes : 64;
        struct ynode **v = realloc(c->nodes, cap * sizeof *v);
        if (!v) {
            c->nomem = true;
            return NULL;
        }
        c->nodes = v;
        c->cap_nodes = cap;
    }
    struct ynode *n = calloc(1, sizeof *n);
    if (!n) {
        c->nomem = true;
        return NULL;
    }
    n->kind = kind;
    n->line = (int)(m.line < 0x7fffffff ? m.line + 1 : 0x7fffffff);
    n->col = (int)(m.column < 0x7fffffff ? m.column + 1 : 0x7fffffff);
    c->nodes[c->n_nodes++] = n;
    return n;
}

static bool node_add(struct ctx *c, struct ynode *parent, struct ynode *kid) {
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 4;
        struct ynode **v = realloc(parent->kid, cap * sizeof *v);
        if (!v) {
            c->nomem = true;
            return false;
        }
        parent->kid = v;
        parent->cap = cap;
    }
    parent->kid[parent->n++] = kid;
    return true;
}

static void tree_free(struct ctx *c) {
    for (size_t i = 0; i < c->n_nodes; i++) {
        free(c->nodes[i]->text);
        free(c->nodes[i]->kid);
        free(c->nodes[i]);
    }
    free(c->nodes);
    c->nodes = NULL;
    c->n_nodes = c->cap_nodes = 0;
}

/* Reader errors carry a byte offset, not a mark. */
static void offset_pos(const struct ctx *c, size_t off, int *line, int *col) {
    int l = 1, k = 1;
    for (size_t i = 0; i < off && i < c->len; i++) {
        if (c->buf[i] == '\n')
            l++, k = 1;
        else if (((unsigned char)c->buf[i] & 0xC0) != 0x80) /* count characters */
            k++;
    }
    *line = l;
    *col = k;
}

static void syntax_error(struct ctx *c, const yaml_parser_t *p) {
    int line, col;
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_MEMORY_ERROR) {
        c->nomem = true;
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        offset_pos(c, p->problem_offset, &line, &col);
        if (p->problem_value != -1)
            errf(c, line, col, "invalid input: %s (#%X)", problem, (unsigned)p->problem_value);
        else
            errf(c, line, col, "invalid input: %s", problem);
        return;
    }
    line = (int)p->problem_mark.line + 1;
    col = (int)p->problem_mark.column + 1;
    if (p->context)
        errf(c, line, col, "YAML syntax error: %s (%s at %d:%d)", problem, p->context,
             (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
    else
        errf(c, line, col, "YAML syntax error: %s", problem);
}

/* Events -> tree.  Returns false on a syntax error (reported); *root is NULL
 * for an empty stream. */
static bool parse_tree(struct ctx *c, struct ynode **root) {
    yaml_parser_t p;
    yaml_event_t ev;
    struct ynode *stack[SWEEP_MAX_DEPTH];
    int depth = 0, docs = 0;
    bool ok = true, done = false;
    *root = NULL;
    if (!yaml_parser_initialize(&p)) {
        c->nomem = true;
        return false;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)c->buf, c->len);
    while (!done && ok) {
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(c, &p);
            ok = false;
            break;
        }
        struct ynode *nd = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                errf(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                     "only one YAML document is allowed in a sweep file");
                ok = false;
            }
            break;
        case YAML_SCALAR_EVENT:
            nd = node_new(c, Y_SCALAR, ev.start_mark);
            if (!nd)
                break;
            nd->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            nd->text = malloc(ev.data.scalar.length + 1);
            if (!nd->text) {
                c->nomem = true;
                break;
            }
            memcpy(nd->text, ev.data.scalar.value, ev.data.scalar.length);
            nd->text[ev.data.scalar.length] = '\0';
            if (memchr(nd->text, '\0', ev.data.scalar.length)) {
                errn(c, nd, "a NUL character is not allowed in a value");
                nd->bad = true;
            }
            break;
        case YAML_ALIAS_EVENT:
            nd = node_new(c, Y_SCALAR, ev.start_mark);
            if (!nd)
                break;
            nd->text = strdup("");
            if (!nd->text)
                c->nomem = true;
            nd->bad = true;
            errn(c, nd, "aliases (*%.60s) are not supported in sweep files",
                 (const char *)ev.data.alias.anchor);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth >= SWEEP_MAX_DEPTH) {
                errf(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                     "nesting deeper than %d levels", SWEEP_MAX_DEPTH);
                ok = false;
                break;
            }
            nd = node_new(c, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, ev.start_mark);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0)
                depth--;
            break;
        default:
            break;
        }
        if (nd) {
            if (depth == 0) {
                if (!*root)
                    *root = nd;
            } else {
                node_add(c, stack[depth - 1], nd);
            }
            if (nd->kind != Y_SCALAR)
                stack[depth++] = nd;
        }
        yaml_event_delete(&ev);
        if (c->nomem)
            ok = false;
    }
    yaml_parser_delete(&p);
    return ok;
}

/* ------------------------------------------------------------- scalars -- */

static bool is_null(const struct ynode *n) {
    if (n->kind != Y_SCALAR || !n->plain)
        return false;
    const char *t = n->text;
    return !*t || !strcmp(t, "~") || !strcmp(t, "null") || !strcmp(t, "Null") || !strcmp(t, "NULL");
}

/* YAML spells these .nan / .inf; strtod's spellings count too. */
static bool is_nonfinite_text(const char *t) {
    static const char *const words[] = {".nan",  ".NaN",  ".NAN",  ".inf",  ".Inf",  ".INF",
                                        "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(t, words[i]))
            return true;
    char *e;
    const char *s = t;
    if (*s == '+' || *s == '-')
        s++;
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])) &&
        strncasecmp(s, "nan", 3) != 0 && strncasecmp(s, "inf", 3) != 0)
        return false;
    double v = strtod(t, &e);
    return *e == '\0' && e != t && !isfinite(v);
}

/* Short, printable description of a node for messages. */
static const char *describe(const struct ynode *n, char *buf, size_t cap) {
    if (!n)
        return "nothing";
    if (n->kind == Y_SEQ)
        return "a list";
    if (n->kind == Y_MAP)
        return "a mapping";
    if (is_null(n))
        return "nothing (null)";
    if (cap < 8)
        return "?";
    size_t j = 0, max = cap - 6;
    const char *t = n->text;
    buf[j++] = '\'';
    for (; *t && j - 1 < max; t++)
        buf[j++] = isprint((unsigned char)*t) ? *t : '?';
    if (*t)
        buf[j++] = '.', buf[j++] = '.', buf[j++] = '.';
    buf[j++] = '\'';
    buf[j] = '\0';
    return buf;
}

/* Returns 0 ok, 1 not an integer, 2 out of int64 range. */
static int parse_i64(const char *t, int64_t *v) {
    const char *s = t;
    if (*s == '+' || *s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return 1;
    for (const char *q = s; *q; q++)
        if (!isdigit((unsigned char)*q))
            return 1;
    errno = 0;
    char *e;
    long long x = strtoll(t, &e, 10);
    if (errno == ERANGE)
        return 2;
    *v = x;
    return 0;
}

static bool parse_f64(const char *t, double *v) {
    const char *s = t;
    if (*s == '+' || *s == '-')
        s++;
    if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
        return false;
    char *e;
    *v = strtod(t, &e);
    return *e == '\0';
}

/* Common prelude of the scalar getters: a present, non-null scalar. */
static bool want_scalar(struct ctx *c, const struct ynode *n, const char *what, const char *type) {
    char d[64];
    if (n->bad)
        return false;
    if (n->kind != Y_SCALAR || is_null(n)) {
        errn(c, n, "%s: expected %s, got %s", what, type, describe(n, d, sizeof d));
        return false;
    }
    if (is_nonfinite_text(n->text)) {
        errn(c, n, "%s: non-finite number %s", what, describe(n, d, sizeof d));
        return false;
    }
    return true;
}

static bool get_int(struct ctx *c, const struct ynode *n, const char *what, int64_t lo, int64_t hi,
                    int64_t *out) {
    char d[64];
    int64_t v;
    if (!want_scalar(c, n, what, "an integer"))
        return false;
    int r = parse_i64(n->text, &v);
    if (r == 1) {
        errn(c, n, "%s: expected an integer, got %s", what, describe(n, d, sizeof d));
        return false;
    }
    if (r == 2 || v > hi) {
        errn(c, n, "%s: %s is too large (max %lld)", what, describe(n, d, sizeof d), (long long)hi);
        return false;
    }
    if (v < lo) {
        if (lo == 1)
            errn(c, n, "%s must be positive, got %lld", what, (long long)v);
        else
            errn(c, n, "%s must be at least %lld, got %lld", what, (long long)lo, (long long)v);
        return false;
    }
    *out = v;
    return true;
}

/* lo_open: value must be > lo (else >= lo). */
static bool get_num(struct ctx *c, const struct ynode *n, const char *what, double lo, bool lo_open,
                    double *out) {
    char d[64];
    double v;
    if (!want_scalar(c, n, what, "a number"))
        return false;
    if (!parse_f64(n->text, &v)) {
        errn(c, n, "%s: expected a number, got %s", what, describe(n, d, sizeof d));
        return false;
    }
    if (!isfinite(v)) {
        errn(c, n, "%s: non-finite number %s", what, describe(n, d, sizeof d));
        return false;
    }
    if (lo_open ? !(v > lo) : !(v >= lo)) {
        errn(c, n, "%s must be %s %g, got %s", what, lo_open ? ">" : ">=", lo,
             describe(n, d, sizeof d));
        return false;
    }
    *out = v;
    return true;
}

static bool bool_text(const char *t, bool *v) {
    static const char *const yes[] = {"true", "True", "TRUE"}, *const no[] = {"false", "False",
                                                                              "FALSE"};
    for (int i = 0; i < 3; i++) {
        if (!strcmp(t, yes[i]))
            return *v = true, true;
        if (!strcmp(t, no[i]))
            return *v = false, true;
    }
    return false;
}

static bool get_bool(struct ctx *c, const struct ynode *n, const char *what, bool *out) {
    char d[64];
    if (!want_scalar(c, n, what, "true or false"))
        return false;
    if (!bool_text(n->text, out)) {
        errn(c, n, "%s: expected true or false, got %s", what, describe(n, d, sizeof d));
        return false;
    }
    return true;
}

static bool get_str(struct ctx *c, const struct ynode *n, const char *what, char *dst, size_t cap) {
    char d[64];
    if (n->bad)
        return false;
    if (n->kind != Y_SCALAR || is_null(n)) {
        errn(c, n, "%s: expected a string, got %s", what, describe(n, d, sizeof d));
        return false;
    }
    if (!n->text[0]) {
        errn(c, n, "%s: empty string", what);
        return false;
    }
    if (strlen(n->text) >= cap) {
        errn(c, n, "%s: too long (max %zu characters)", what, cap - 1);
        return false;
    }
    memcpy(dst, n->text, strlen(n->text) + 1);
    return true;
}

/* "8GiB", "512 MiB", "2GB", "1e9" -> bytes. */
static bool get_size(struct ctx *c, const struct ynode *n, const char *what, double *out) {
    static const struct {
        const char *unit;
        double mul;
    } units[] = {{"", 1},
                 {"B", 1},
                 {"kB", 1e3},
                 {"KB", 1e3},
                 {"MB", 1e6},
                 {"GB", 1e9},
                 {"TB", 1e12},
                 {"KiB", 1024.0},
                 {"MiB", 1024.0 * 1024},
                 {"GiB", 1024.0 * 1024 * 1024},
                 {"TiB", 1024.0 * 1024 * 1024 * 1024}};
    char d[64];
    if (!want_scalar(c, n, what, "a size"))
        return false;
    const char *t = n->text, *s = t;
    if (*s == '+' || *s == '-')
        s++;
    char *e = NULL;
    double v = 0;
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1])))
        v = strtod(t, &e);
    if (!e) {
        errn(c, n, "%s: expected a size such as 8GiB, 512MiB or 2GB, got %s", what,
             describe(n, d, sizeof d));
        return false;
    }
    while (*e == ' ')
        e++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(e, units[i].unit) != 0)
            continue;
        v *= units[i].mul;
        if (!isfinite(v)) {
            errn(c, n, "%s: %s is too large", what, describe(n, d, sizeof d));
            return false;
        }
        if (!(v > 0)) {
            errn(c, n, "%s must be positive, got %s", what, describe(n, d, sizeof d));
            return false;
        }
        *out = v;
        return true;
    }
    errn(c, n, "%s: unknown size unit in %s (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)", what,
         describe(n, d, sizeof d));
    return false;
}

/* ------------------------------------------------------------ mappings -- */

static size_t edit_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b), row[65];
    la = la > 64 ? 64 : la;
    lb = lb > 64 ? 64 : lb;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (prev + cost < best)
                best = prev + cost;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

static const char *closest(const char *word, const char *const *cands) {
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t i = 0; cands[i]; i++) {
        size_t dd = edit_distance(word, cands[i]);
        if (dd < bd)
            bd = dd, best = cands[i];
    }
    return best;
}

static void pretty(const char *t, char *buf, size_t cap) {
    size_t j = 0;
    for (; *t && j + 4 < cap; t++)
        buf[j++] = isprint((unsigned char)*t) ? *t : '?';
    if (*t && j + 3 < cap)
        buf[j++] = '.', buf[j++] = '.', buf[j++] = '.';
    buf[j] = '\0';
}

/* Checks that map's keys are non-null scalars and unique; marks the pairs to
 * skip in skip[] (size map->n / 2). */
static void check_keys(struct ctx *c, const struct ynode *map, const char *section, bool *skip) {
    char d[80];
    const size_t np = map->n / 2;
    const char **names = calloc(np ? np : 1, sizeof *names);
    size_t *first = malloc((np ? np : 1) * sizeof *first);
    if (!names || !first) {
        c->nomem = true;
        goto cleanup;
    }
    for (size_t i = 0; i < np; i++) {
        const struct ynode *k = map->kid[2 * i];
        const bool name = !k->bad && k->kind == Y_SCALAR;
        names[i] = name ? k->text : NULL;
        skip[i] = true;
        if (!k->bad && (k->kind != Y_SCALAR || is_null(k)))
            errn(c, k, "%s: keys must be names, got %s", section, describe(k, d, sizeof d));
    }
    /* sorted, not pairwise: 1 MiB of keys took 12 s */
    if (dup_first(names, np, first) != 0) {
        c->nomem = true;
        goto cleanup;
    }
    for (size_t i = 0; i < np; i++) {
        const struct ynode *k = map->kid[2 * i];
        if (!names[i] || is_null(k))
            continue;
        if (first[i] == SIZE_MAX) {
            skip[i] = false;
            continue;
        }
        const struct ynode *o = map->kid[2 * first[i]];
        pretty(k->text, d, sizeof d);
        errn(c, k, "duplicate key '%s' in %s (first at %d:%d)", d, section, o->line, o->col);
    }
cleanup:
    free(names);
    free(first);
}

/* Known keys -> their key and value nodes (NULL when absent); unknown keys are
 * reported with the closest known one.  known is NULL-terminated. */
static bool map_fields(struct ctx *c, const struct ynode *map, const char *section,
                       const char *const *known, const struct ynode **key,
                       const struct ynode **val) {
    char d[64];
    size_t nk = 0;
    while (known[nk])
        nk++;
    for (size_t i = 0; i < nk; i++)
        key[i] = val[i] = NULL;
    if (map->bad)
        return false;
    if (map->kind != Y_MAP) {
        errn(c, map, "%s: expected a mapping, got %s", section, describe(map, d, sizeof d));
        return false;
    }
    bool *skip = calloc(map->n / 2 + 1, sizeof *skip);
    if (!skip) {
        c->nomem = true;
        return false;
    }
    check_keys(c, map, section, skip);
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        if (skip[i / 2])
            continue;
        const struct ynode *k = map->kid[i];
        size_t f = 0;
        while (f < nk && strcmp(known[f], k->text) != 0)
            f++;
        if (f == nk) {
            pretty(k->text, d, sizeof d);
            errn(c, k, "unknown key '%s' in %s (did you mean '%s'?)", d, section,
                 closest(k->text, known));
            continue;
        }
        key[f] = k;
        val[f] = map->kid[i + 1];
    }
    free(skip);
    return true;
}

/* --------------------------------------------------------------- names -- */

enum name_kind { NAME_METHOD, NAME_BACKEND, NAME_VARIANT };

static const char *const method_names[] = {"full",      "gqa", "flash", "bigbird",
                                           "performer", "msa", NULL};
static const char *const backend_names[] = {"ref", "cpu", "cuda", NULL};

static void parse_names(struct ctx *c, const struct ynode *n, const char *what, enum name_kind kind,
                        char (*dst)[SWEEP_NAME_MAX], int *count) {
    char d[64];
    const struct ynode *one[1];
    const struct ynode *const *items;
    size_t m;
    *count = 0;
    if (n->bad)
        return;
    if (n->kind == Y_MAP || is_null(n)) {
        errn(c, n, "%s: expected a list of names, got %s", what, describe(n, d, sizeof d));
        return;
    }
    if (n->kind == Y_SCALAR) {
        one[0] = n;
        items = one;
        m = 1;
    } else {
        items = (const struct ynode *const *)n->kid;
        m = n->n;
        if (m == 0) {
            errn(c, n, "%s: empty list", what);
            return;
        }
    }
    for (size_t i = 0; i < m; i++) {
        const struct ynode *it = items[i];
        char name[SWEEP_NAME_MAX];
        if (it->kind != Y_SCALAR) {
            errn(c, it, "%s: expected a name, got %s", what, describe(it, d, sizeof d));
            continue;
        }
        if (!get_str(c, it, what, name, sizeof name))
            continue;
        pretty(name, d, sizeof d);
        if (kind == NAME_METHOD && !attn_method_known(name)) {
            errn(c, it, "unknown method '%s' (did you mean '%s'?)", d, closest(name, method_names));
            continue;
        }
        if (kind == NAME_VARIANT && strchr(name, '/')) { /* "method/variant" (runner.c) */
            char meth[SWEEP_NAME_MAX];
            const size_t ml = (size_t)(strchr(name, '/') - name);
            memcpy(meth, name, ml);
            meth[ml] = '\0';
            if (!attn_method_known(meth) || !strchr(name, '/')[1] || strchr(name + ml + 1, '/')) {
                errn(c, it, "variants: '%s' is not 'method/variant' of a known method", d);
                continue;
            }
        }
        if (kind == NAME_BACKEND && !attn_backend_known(name)) {
            errn(c, it, "unknown backend '%s' (did you mean '%s'?)", d,
                 closest(name, backend_names));
            continue;
        }
        bool dup = false;
        for (int j = 0; j < *count && !dup; j++)
            dup = !strcmp(dst[j], name);
        if (dup) {
            errn(c, it, "%s: '%s' is listed twice", what, d);
            continue;
        }
        if (*count >= SWEEP_MAX_LIST) {
            errn(c, it, "%s: more than %d entries", what, SWEEP_MAX_LIST);
            break;
        }
        memcpy(dst[(*count)++], name, sizeof name);
    }
}

/* ---------------------------------------------------------------- axes -- */

/* Axes: the shape axes, then one per knob of the method declarations (method.h,
 * in method-table order, a name shared by several methods once), then data,
 * index_noise, seed and dtype.  The knob part is built once from the tables. */
#define SWEEP_MAX_KNOBS 48
enum axis_id {
    AX_MODE,
    AX_CAUSAL,
    AX_BATCH,
    AX_SEQ_LEN,
    AX_Q_LEN,
    AX_HEADS_Q,
    AX_HEADS_KV,
    AX_HEAD_DIM,
    AX_INDEX_DIM,
    AX_KNOB0,
    AX_MAX = AX_KNOB0 + SWEEP_MAX_KNOBS + 4
};
static int ax_count, ax_data, ax_noise, ax_seed, ax_dtype;
#define AX_DATA ax_data
#define AX_INDEX_NOISE ax_noise
#define AX_SEED ax_seed
#define AX_DTYPE ax_dtype
#define AX_COUNT ax_count

enum axis_type { T_INT, T_FLOAT, T_BOOL, T_ENUM };

static const char *const mode_names[] = {"prefill", "decode", NULL};
static const char *const dtype_names[] = {"auto", "f64", "f32", "bf16", NULL};
static const char *const data_names[] = {"normal",     "structured", "file",
                                         "calibrated", "coherent",   NULL};

struct axis_def {
    const char *name;
    enum axis_type type;
    int64_t def; /* default (T_FLOAT: def_f) */
    double def_f;
    int64_t min, max;         /* T_INT */
    const char *const *names; /* T_ENUM */
};
static const struct axis_def fixed_defs[AX_KNOB0] = {
    [AX_MODE] = {"mode", T_ENUM, ATTN_PREFILL, 0, 0, 0, mode_names},
    [AX_CAUSAL] = {"causal", T_BOOL, 1, 0, 0, 1, NULL},
    [AX_BATCH] = {"batch", T_INT, 1, 0, 1, INT32_MAX, NULL},
    [AX_SEQ_LEN] = {"seq_len", T_INT, 1024, 0, 1, SWEEP_MAX_SEQ, NULL},
    [AX_Q_LEN] = {"q_len", T_INT, 1, 0, 1, INT32_MAX, NULL},
    [AX_HEADS_Q] = {"heads_q", T_INT, 8, 0, 1, INT32_MAX, NULL},
    [AX_HEADS_KV] = {"heads_kv", T_INT, 2, 0, 1, INT32_MAX, NULL},
    [AX_HEAD_DIM] = {"head_dim", T_INT, 64, 0, 1, INT32_MAX, NULL},
    [AX_INDEX_DIM] = {"index_dim", T_INT, 64, 0, 1, INT32_MAX, NULL},
};
static const struct axis_def tail_defs[4] = {
    {"data", T_ENUM, DATA_NORMAL, 0, 0, 0, data_names},
    {"index_noise", T_FLOAT, 0, 0.0, 0, 0, NULL},
    {"seed", T_INT, 1, 0, 0, INT64_MAX, NULL},
    {"dtype", T_ENUM, SWEEP_DTYPE_AUTO, 0, 0, 0, dtype_names},
};

static struct axis_def axis_defs[AX_MAX];
static const char *axis_names[AX_MAX + 1];        /* NULL-terminated, for map_fields */
static const struct attn_knob *axis_knob[AX_MAX]; /* the knob of a knob axis, else NULL */
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

static int64_t knob_bound(double v) {
    return v >= 9.2e18 ? INT64_MAX : v <= -9.2e18 ? INT64_MIN : (int64_t)v;
}

/* The schema from the method table (once). */
static void schema_build(void) {
    int n = 0;
    for (; n < AX_KNOB0; n++)
        axis_defs[n] = fixed_defs[n];
    for (size_t m = 0; m < attn_method_count(); m++) {
        const struct attn_method *am = attn_method_get(m);
        for (int i = 0; i < am->n_knobs && n < AX_KNOB0 + SWEEP_MAX_KNOBS; i++) {
            const struct attn_knob *k = &am->knobs[i];
            bool seen = false;
            for (int j = AX_KNOB0; j < n && !seen; j++)
                seen = strcmp(axis_defs[j].name, k->name) == 0;
            if (seen)
                continue;
            axis_knob[n] = k;
            axis_defs[n++] = (struct axis_def){
                k->name, T_INT, knob_bound(k->def), 0, knob_bound(k->lo), knob_bound(k->hi), NULL};
        }
    }
    ax_data = n, ax_noise = n + 1, ax_seed = n + 2, ax_dtype = n + 3;
    for (int i = 0; i < 4; i++)
        axis_defs[n++] = tail_defs[i];
    ax_count = n;
    for (int i = 0; i < n; i++)
        axis_names[i] = axis_defs[i].name;
    axis_names[n] = NULL;
}

struct axval {
    int64_t i;
    double f;
    int line, col; /* 0 = a default */
};

struct axis {
    struct axval *v;
    size_t n, cap;
    const struct ynode *key; /* where it was set (axes or a zip group), NULL = default */
    int group;               /* zip group, -1 = its own dimension */
    bool had_error;
};

struct include_pt {
    struct axval v[AX_MAX];
    bool set[AX_MAX];
    int line, col;
};

struct zip_group {
    const struct ynode *key;
    int axes[AX_MAX];
    int n_axes;
    size_t len;
};

struct expand {
    struct axis ax[AX_MAX];
    struct zip_group groups[AX_MAX];
    int n_groups;
    struct include_pt *inc;
    size_t n_inc;
    const struct ynode *axes_node; /* for point-level messages */
};

static bool is_pow2(int64_t v) {
    return v > 0 && (v & (v - 1)) == 0;
}

static bool axval_push(struct ctx *c, struct axis *a, struct axval v) {
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 4;
        struct axval *p = realloc(a->v, cap * sizeof *p);
        if (!p) {
            c->nomem = true;
            return false;
        }
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = v;
    return true;
}

/* Checks of one integer value that don't depend on the other axes. */
static bool check_int_value(struct ctx *c, int id, int64_t v, const struct ynode *n) {
    const struct axis_def *def = &axis_defs[id];
    if (axis_knob[id] && v < def->min) { /* a knob: its declared range */
        if (def->min == 0)
            errn(c, n, "%s must be >= 0, got %lld", def->name, (long long)v);
        else
            errn(c, n, "%s must be at least %lld, got %lld", def->name, (long long)def->min,
                 (long long)v);
        return false;
    }
    if (v < def->min) {
        if (def->min == 1)
            errn(c, n, "%s must be positive, got %lld", def->name, (long long)v);
        else
            errn(c, n, "%s must be >= %lld, got %lld", def->name, (long long)def->min,
                 (long long)v);
        return false;
    }
    if (id == AX_SEQ_LEN && v > SWEEP_MAX_SEQ) {
        errn(c, n, "seq_len %lld is above 2^24 (16777216)", (long long)v);
        return false;
    }
    if ((id == AX_HEAD_DIM || id == AX_INDEX_DIM) && v != 32 && v != 64 && v != 128 && v != 256) {
        errn(c, n, "%s must be one of 32, 64, 128, 256, got %lld", def->name, (long long)v);
        return false;
    }
    if (axis_knob[id] && (axis_knob[id]->kflags & ATTN_KNOB_POW2) && !is_pow2(v)) {
        errn(c, n, "%s must be a power of two, got %lld", def->name, (long long)v);
        return false;
    }
    if (v > def->max) {
        errn(c, n, "%s %lld is too large (max %lld)", def->name, (long long)v, (long long)def->max);
        return false;
    }
    return true;
}

/* "lo..hi": both powers of two, lo <= hi, every power of two in between. */
static void add_range(struct ctx *c, int id, const struct ynode *n, struct axis *a) {
    char d[64];
    const char *dots = strstr(n->text, "..");
    char lo_s[32], hi_s[32];
    int64_t lo = 0, hi = 0;
    size_t ll = (size_t)(dots - n->text);
    bool ok = ll > 0 && ll < sizeof lo_s && strlen(dots + 2) < sizeof hi_s;
    if (ok) {
        memcpy(lo_s, n->text, ll);
        lo_s[ll] = '\0';
        strcpy(hi_s, dots + 2);
        ok = parse_i64(lo_s, &lo) == 0 && parse_i64(hi_s, &hi) == 0;
    }
    if (!ok) {
        errn(c, n, "%s: bad range %s (write e.g. 1024..1048576)", axis_defs[id].name,
             describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (!is_pow2(lo) || !is_pow2(hi)) {
        errn(c, n, "%s: range ends must be powers of two, got %s", axis_defs[id].name,
             describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (lo > hi) {
        errn(c, n, "%s: range start %lld is above its end %lld", axis_defs[id].name, (long long)lo,
             (long long)hi);
        a->had_error = true;
        return;
    }
    /* Every value is a power of two between the ends: checking the ends is enough. */
    if (!check_int_value(c, id, lo, n) || !check_int_value(c, id, hi, n)) {
        a->had_error = true;
        return;
    }
    for (int64_t v = lo;; v *= 2) {
        if (!axval_push(c, a, (struct axval){v, (double)v, n->line, n->col}))
            return;
        if (v >= hi)
            break;
    }
}

/* One scalar of an axis (not a range) -> value; false (reported) if bad. */
static bool axis_scalar(struct ctx *c, int id, const struct ynode *n, struct axval *out) {
    const struct axis_def *def = &axis_defs[id];
    char d[64];
    *out = (struct axval){0, 0, n->line, n->col};
    switch (def->type) {
    case T_INT: {
        int64_t v;
        /* Range and sign checks come from check_int_value for the better message. */
        if (!get_int(c, n, def->name, INT64_MIN, INT64_MAX, &v))
            return false;
        if (!check_int_value(c, id, v, n))
            return false;
        out->i = v;
        out->f = (double)v;
        return true;
    }
    case T_FLOAT: {
        double v;
        if (!get_num(c, n, def->name, 0.0, false, &v))
            return false;
        out->f = v;
        return true;
    }
    case T_BOOL: {
        bool b;
        if (!get_bool(c, n, def->name, &b))
            return false;
        out->i = b;
        return true;
    }
    case T_ENUM: {
        if (!want_scalar(c, n, def->name, "a name"))
            return false;
        for (int k = 0; def->names[k]; k++)
            if (!strcmp(def->names[k], n->text)) {
                out->i = k;
                if (id == AX_DATA && k == DATA_FILE) {
                    const struct files *f = &c->files;
                    if (!f->given)
                        errn(c, n, "data 'file' needs a 'file:' mapping with q, k and v paths");
                    else if (!f->has[0] || !f->has[1] || !f->has[2])
                        errn(c, n, "data 'file' needs file.q, file.k and file.v (missing:%s%s%s)",
                             f->has[0] ? "" : " q", f->has[1] ? "" : " k", f->has[2] ? "" : " v");
                    if (!f->given || !f->has[0] || !f->has[1] || !f->has[2])
                        return false;
                }
                return true;
            }
        char list[96] = "";
        for (int k = 0; def->names[k]; k++) {
            strcat(list, k ? ", " : "");
            strcat(list, def->names[k]);
        }
        errn(c, n, "unknown %s %s (expected one of: %s)", def->name, describe(n, d, sizeof d),
             list);
        return false;
    }
    }
    return false;
}

static void axis_item(struct ctx *c, int id, const struct ynode *n, struct axis *a) {
    char d[64];
    if (n->bad) {
        a->had_error = true;
        return;
    }
    if (n->kind != Y_SCALAR) {
        errn(c, n, "%s: expected a value, got %s", axis_defs[id].name, describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (axis_defs[id].type == T_INT && strstr(n->text, "..")) {
        add_range(c, id, n, a);
        return;
    }
    struct axval v;
    if (axis_scalar(c, id, n, &v))
        axval_push(c, a, v);
    else
        a->had_error = true;
}

/* An axis value: scalar, list or range. */
static void parse_axis(struct ctx *c, int id, const struct ynode *key, const struct ynode *n,
                       struct axis *a) {
    char d[64];
    a->key = key;
    a->n = 0;
    if (n->kind == Y_MAP || (n->kind == Y_SCALAR && is_null(n))) {
        errn(c, n, "%s: expected a value, a list or a range, got %s", axis_defs[id].name,
             describe(n, d, sizeof d));
        a->had_error = true;
        return;
    }
    if (n->kind == Y_SEQ) {
        if (n->n == 0) {
            errn(c, n, "%s: empty list", axis_defs[id].name);
            a->had_error = true;
        }
        for (size_t i = 0; i < n->n && !c->nomem; i++)
            axis_item(c, id, n->kid[i], a);
        return;
    }
    axis_item(c, id, n, a);
}

static void parse_axes(struct ctx *c, const struct ynode *map, struct expand *x) {
    const struct ynode *key[AX_MAX], *val[AX_MAX];
    if (!map_fields(c, map, "axes", axis_names, key, val))
        return;
    if (map->n == 0)
        errn(c, map, "axes: empty mapping (leave axes out to use the defaults)");
    for (int id = 0; id < AX_COUNT; id++)
        if (val[id])
            parse_axis(c, id, key[id], val[id], &x->ax[id]);
}

static void parse_zip(struct ctx *c, const struct ynode *map, struct expand *x) {
    char d[64], gname[64];
    if (map->bad)
        return;
    if (map->kind != Y_MAP) {
        errn(c, map, "zip: expected a mapping of named groups, got %s", describe(map, d, sizeof d));
        return;
    }
    if (map->n == 0) {
        errn(c, map, "zip: empty mapping");
        return;
    }
    bool *skip = calloc(map->n / 2 + 1, sizeof *skip);
    if (!skip) {
        c->nomem = true;
        return;
    }
    check_keys(c, map, "zip", skip);
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        if (skip[i / 2])
            continue;
        const struct ynode *gk = map->kid[i], *gv = map->kid[i + 1];
        const struct ynode *key[AX_MAX], *val[AX_MAX];
        char section[96];
        pretty(gk->text, gname, sizeof gname);
        snprintf(section, sizeof section, "zip group '%s'", gname);
        if (!map_fields(c, gv, section, axis_names, key, val))
            continue;
        if (gv->n == 0) {
            errn(c, gv, "%s: empty", section);
            continue;
        }
        struct zip_group g = {.key = gk, .n_axes = 0, .len = 0};
        int first = -1;
        bool bad_len = false;
        for (int id = 0; id < AX_COUNT; id++) {
            if (!val[id])
                continue;
            struct axis *a = &x->ax[id];
            if (a->key && a->group < 0) {
                errn(c, key[id], "%s is set in both axes (at %d:%d) and %s", axis_names[id],
                     a->key->line, a->key->col, section);
                continue;
            }
            if (a->key) {
                const struct ynode *og = x->groups[a->group].key;
                errn(c, key[id], "%s is in two zip groups ('%s' at %d:%d and '%s')", axis_names[id],
                     og->kind == Y_SCALAR ? og->text : "?", og->line, og->col, gname);
                continue;
            }
            parse_axis(c, id, key[id], val[id], a);
            a->group = x->n_groups;
            g.axes[g.n_axes++] = id;
            if (a->had_error) {
                bad_len = true;
                continue;
            }
            if (first < 0) {
                first = id;
                g.len = a->n;
            } else if (a->n != g.len && !bad_len) {
                errn(c, val[id], "%s: %s has %zu values but %s has %zu", section, axis_names[id],
                     a->n, axis_names[first], g.len);
                bad_len = true;
            }
        }
        if (g.n_axes == 0)
            continue;
        x->groups[x->n_groups++] = g;
    }
    free(skip);
}

static void parse_include(struct ctx *c, const struct ynode *seq, struct expand *x) {
    char d[64];
    if (seq->bad)
        return;
    if (seq->kind != Y_SEQ) {
        errn(c, seq, "include: expected a list of points, got %s", describe(seq, d, sizeof d));
        return;
    }
    if (seq->n == 0) {
        errn(c, seq, "include: empty list");
        return;
    }
    if (seq->n > SWEEP_MAX_POINTS) {
        errn(c, seq, "include: more than %d points", SWEEP_MAX_POINTS);
        return;
    }
    x->inc = calloc(seq->n, sizeof *x->inc);
    if (!x->inc) {
        c->nomem = true;
        return;
    }
    for (size_t i = 0; i < seq->n; i++) {
        const struct ynode *item = seq->kid[i];
        const struct ynode *key[AX_MAX], *val[AX_MAX];
        struct include_pt *p = &x->inc[x->n_inc];
        bool ok = true;
        if (!map_fields(c, item, "include entry", axis_names, key, val))
            continue;
        if (item->n == 0) {
            errn(c, item, "include: empty entry");
            continue;
        }
        for (int id = 0; id < AX_COUNT; id++) {
            if (!val[id])
                continue;
            if (val[id]->kind != Y_SCALAR) {
                errn(c, val[id], "include: %s takes a single value, got %s", axis_names[id],
                     describe(val[id], d, sizeof d));
                ok = false;
                continue;
            }
            if (axis_defs[id].type == T_INT && strstr(val[id]->text, "..")) {
                errn(c, val[id], "include: %s takes a single value, not a range", axis_names[id]);
                ok = false;
                continue;
            }
            if (!axis_scalar(c, id, val[id], &p->v[id])) {
                ok = false;
                continue;
            }
            p->set[id] = true;
        }
        if (ok) {
            p->line = item->line;
            p->col = item->col;
            x->n_inc++;
        }
    }
}

/* ------------------------------------------------------------- expansion -- */

struct point_set {
    struct sweep_point *pts;
    size_t n, cap;
    uint32_t *slot; /* open addressing on the key hash: index + 1, 0 = empty */
    uint64_t *hash;
    size_t n_slots;
};

static void point_add(struct ctx *c, struct point_set *ps, const struct sweep_point *p) {
    char key[1024], other[1024];
    sweep_point_key(p, key, sizeof key);
    uint64_t h = fnv1a64(key, strlen(key));
    size_t mask = ps->n_slots - 1, s = (size_t)h & mask;
    for (; ps->slot[s]; s = (s + 1) & mask) {
        size_t j = ps->slot[s] - 1;
        if (ps->hash[j] != h)
            continue;
        sweep_point_key(&ps->pts[j], other, sizeof other);
        if (!strcmp(key, other))
            return; /* a duplicate (prefill q_len, or include == axes point) */
    }
    if (ps->n == ps->cap) { /* cannot happen: sized for every combination */
        c->nomem = true;
        return;
    }
    ps->pts[ps->n] = *p;
    ps->hash[ps->n] = h;
    ps->slot[s] = (uint32_t)(++ps->n);
}

/* Mark of a value, or fall back to another when it is a default. */
static void blame(const struct axval *a, const struct axval *b, int oline, int ocol, int *line,
                  int *col) {
    if (a->line > 0)
        *line = a->line, *col = a->col;
    else if (b && b->line > 0)
        *line = b->line, *col = b->col;
    else
        *line = oline, *col = ocol;
}

/* Builds one point from a value per axis; checks what depends on several axes. */
static void make_point(struct ctx *c, struct point_set *ps, const struct axval *const *v, int oline,
                       int ocol) {
    struct sweep_point p;
    int line, col;
    bool ok = true;
    memset(&p, 0, sizeof p);
    attn_params_defaults(&p.params); /* knobs no axis sets (nsa_local, dsa_tokens) */
    p.shape.mode = v[AX_MODE]->i == ATTN_DECODE ? ATTN_DECODE : ATTN_PREFILL;
    p.shape.causal = v[AX_CAUSAL]->i != 0;
    p.shape.batch = v[AX_BATCH]->i;
    p.shape.seq_len = v[AX_SEQ_LEN]->i;
    p.shape.q_len = p.shape.mode == ATTN_PREFILL ? p.shape.seq_len : v[AX_Q_LEN]->i;
    p.shape.heads_q = v[AX_HEADS_Q]->i;
    p.shape.heads_kv = v[AX_HEADS_KV]->i;
    p.shape.head_dim = v[AX_HEAD_DIM]->i;
    p.shape.index_dim = v[AX_INDEX_DIM]->i;
    attn_params_defaults(&p.params);
    for (int id = AX_KNOB0; id < AX_DATA; id++)
        attn_knob_set(axis_knob[id], &p.params, v[id]->i);
    p.params.seed = (uint64_t)v[AX_SEED]->i;
    p.data.kind = (enum data_kind)v[AX_DATA]->i;
    p.data.seed = (uint64_t)v[AX_SEED]->i;
    p.data.index_noise = v[AX_INDEX_NOISE]->f;
    p.dtype = (enum sweep_dtype)v[AX_DTYPE]->i;

    if (p.shape.heads_kv > 0 && p.shape.heads_q % p.shape.heads_kv != 0) {
        blame(v[AX_HEADS_Q], v[AX_HEADS_KV], oline, ocol, &line, &col);
        errf(c, line, col, "heads_q %lld is not a multiple of heads_kv %lld",
             (long long)p.shape.heads_q, (long long)p.shape.heads_kv);
        ok = false;
    }
    if (p.shape.mode == ATTN_DECODE) {
        if (p.shape.q_len > 8) {
            blame(v[AX_Q_LEN], v[AX_MODE], oline, ocol, &line, &col);
            errf(c, line, col, "q_len %lld is outside 1..8 in decode", (long long)p.shape.q_len);
            ok = false;
        } else if (p.shape.q_len > p.shape.seq_len) {
            blame(v[AX_Q_LEN], v[AX_SEQ_LEN], oline, ocol, &line, &col);
            errf(c, line, col, "q_len %lld exceeds seq_len %lld in decode",
                 (long long)p.shape.q_len, (long long)p.shape.seq_len);
            ok = false;
        }
    }
    if (p.data.kind == DATA_FILE) {
        char *dst[5] = {p.data.q_path, p.data.k_path, p.data.v_path, p.data.qidx_path,
                        p.data.kidx_path};
        for (int i = 0; i < 5; i++)
            memcpy(dst[i], c->files.path[i], DATA_PATH_MAX);
        memcpy(p.file_name, c->files.name, sizeof p.file_name);
    }
    if (ok) {
        /* The final guard: what every implementation may assume. */
        const char *why = attn_shape_check(&p.shape, &p.params);
        if (why) {
            char key[1024];
            sweep_point_key(&p, key, sizeof key);
            errf(c, oline, ocol, "point %.300s: %s", key, why);
            ok = false;
        }
    }
    if (ok) {
        char why[256];
        if (sweep_point_bytes_check(&p.shape, why, sizeof why)) {
            blame(v[AX_BATCH], v[AX_SEQ_LEN], oline, ocol, &line, &col);
            errf(c, line, col, "%s", why);
            ok = false;
        }
    }
    if (ok)
        point_add(c, ps, &p);
}

/* An axis's default value: no mark, so messages point at another node. */
static struct axval axis_default(int id) {
    const struct axis_def *d = &axis_defs[id];
    return (struct axval){d->def, d->type == T_INT ? (double)d->def : d->def_f, 0, 0};
}

static void expand(struct ctx *c, struct expand *x, struct sweep_spec *out) {
    /* Dimensions in axis order; a zip group sits at its first member. */
    int dim_axis[AX_MAX], dim_group[AX_MAX], n_dims = 0;
    size_t dim_len[AX_MAX], idx[AX_MAX], total = 1;
    bool seen_group[AX_MAX] = {false};
    struct point_set ps = {0};
    int oline = x->axes_node ? x->axes_node->line : 1, ocol = x->axes_node ? x->axes_node->col : 1;

    for (int id = 0; id < AX_COUNT; id++) {
        struct axis *a = &x->ax[id];
        if (!a->key && !axval_push(c, a, axis_default(id))) /* not given: its default */
            return;
        /* Every value bad (reported): check the other axes against the default. */
        if (a->n == 0 && !axval_push(c, a, axis_default(id)))
            return;
        if (a->group >= 0) {
            struct zip_group *g = &x->groups[a->group];
            if (seen_group[a->group])
                continue;
            seen_group[a->group] = true;
            /* The shortest member bounds every index (lengths may differ after an error). */
            g->len = (size_t)-1;
            for (int m = 0; m < g->n_axes; m++) {
                struct axis *b = &x->ax[g->axes[m]];
                if (b->n == 0 && !axval_push(c, b, axis_default(g->axes[m])))
                    return;
                if (b->n < g->len)
                    g->len = b->n;
            }
            dim_len[n_dims] = g->len;
        } else {
            dim_len[n_dims] = a->n;
        }
        dim_axis[n_dims] = id;
        dim_group[n_dims] = a->group;
        n_dims++;
    }
    for (int k = 0; k < n_dims; k++) {
        if (dim_len[k] == 0)
            return;
        total = total > SWEEP_MAX_POINTS ? total : total * dim_len[k];
    }
    /* `file:` as a list: the whole product once per entry */
    const size_t n_files = c->n_flist > 1 ? (size_t)c->n_flist : 1;
    if (total > SWEEP_MAX_POINTS || (total + x->n_inc) * n_files > SWEEP_MAX_POINTS) {
        if (total > SWEEP_MAX_POINTS)
            errf(c, oline, ocol, "the sweep expands to more than %d points", SWEEP_MAX_POINTS);
        else
            errf(c, oline, ocol, "the sweep expands to %zu points, more than %d",
                 (total + x->n_inc) * n_files, SWEEP_MAX_POINTS);
        return;
    }
    ps.n_slots = 64;
    while (ps.n_slots < 2 * (total + x->n_inc) * n_files)
        ps.n_slots *= 2;
    /* Sized once: points are big (paths inline) and a doubling realloc would
     * briefly hold two copies. */
    ps.cap = (total + x->n_inc) * n_files;
    ps.slot = calloc(ps.n_slots, sizeof *ps.slot);
    ps.pts = malloc(ps.cap * sizeof *ps.pts);
    ps.hash = malloc(ps.cap * sizeof *ps.hash);
    if (!ps.slot || !ps.pts || !ps.hash) {
        free(ps.slot);
        free(ps.pts);
        free(ps.hash);
        c->nomem = true;
        return;
    }

    const struct axval *cur[AX_MAX];
    for (size_t fi = 0; fi < n_files && !c->nomem; fi++) {
        if (c->n_flist > 1)
            c->files = c->flist[fi];
        memset(idx, 0, sizeof idx);
        for (size_t t = 0; t < total && !c->nomem; t++) {
            for (int k = 0; k < n_dims; k++) {
                if (dim_group[k] < 0) {
                    cur[dim_axis[k]] = &x->ax[dim_axis[k]].v[idx[k]];
                } else {
                    const struct zip_group *g = &x->groups[dim_group[k]];
                    for (int m = 0; m < g->n_axes; m++)
                        cur[g->axes[m]] = &x->ax[g->axes[m]].v[idx[k]];
                }
            }
            make_point(c, &ps, cur, oline, ocol);
            for (int k = n_dims - 1; k >= 0; k--) { /* the last dimension varies fastest */
                if (++idx[k] < dim_len[k])
                    break;
                idx[k] = 0;
            }
        }
        /* Include points: unset keys take the first value of their axis, without
         * its mark, so a bad combination is reported inside the include entry. */
        for (size_t i = 0; i < x->n_inc && !c->nomem; i++) {
            struct include_pt *ip = &x->inc[i];
            for (int id = 0; id < AX_COUNT; id++) {
                if (!ip->set[id]) {
                    ip->v[id] = x->ax[id].v[0];
                    ip->v[id].line = ip->v[id].col = 0;
                }
                cur[id] = &ip->v[id];
            }
            make_point(c, &ps, cur, ip->line, ip->col);
        }
    }
    if (ps.n < ps.cap) { /* duplicates or bad points dropped: give back the tail */
        struct sweep_point *v = ps.n ? realloc(ps.pts, ps.n * sizeof *v) : NULL;
        if (v || !ps.n) {
            if (!ps.n)
                free(ps.pts);
            ps.pts = v;
        }
    }
    out->points = ps.pts;
    out->n_points = ps.n;
    free(ps.slot);
    free(ps.hash);
}

/* ------------------------------------------------------------- top level -- */

enum top_key {
    K_NAME,
    K_METHODS,
    K_BACKENDS,
    K_VARIANTS,
    K_AXES,
    K_ZIP,
    K_INCLUDE,
    K_FILE,
    K_TIMING,
    K_LIMITS,
    K_VALIDATE,
    K_RECALL,
    K_OUTPUT,
    K_COUNT
};
static const char *const top_names[K_COUNT + 1] = {
    "name", "methods", "backends", "variants", "axes",   "zip",    "include",
    "file", "timing",  "limits",   "validate", "recall", "output", NULL};

static bool name_ok(const char *s) {
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
            return false;
    return true;
}

/* dir of the sweep file + rel, unless rel is absolute. */
static bool resolve_path(const char *sweep, const char *rel, char *dst, size_t cap) {
    const char *slash = strrchr(sweep, '/');
    int n;
    if (rel[0] == '/' || !slash)
        n = snprintf(dst, cap, "%s", rel);
    else
        n = snprintf(dst, cap, "%.*s/%s", (int)(slash - sweep), sweep, rel);
    return n >= 0 && (size_t)n < cap;
}

/* One `file:` mapping: q, k, v (required where `data: file` is used), qidx,
 * kidx, and an optional name that tells the entry apart in point keys. */
static void parse_file_entry(struct ctx *c, const struct ynode *map, struct files *f) {
    static const char *const names[] = {"q", "k", "v", "qidx", "kidx", "name", NULL};
    const struct ynode *k[6], *v[6];
    char d[64];
    if (!map_fields(c, map, "file", names, k, v))
        return;
    f->given = true;
    for (int i = 0; i < 5; i++) {
        char what[16], rel[DATA_PATH_MAX];
        if (!v[i])
            continue;
        snprintf(what, sizeof what, "file.%s", names[i]);
        if (!get_str(c, v[i], what, rel, sizeof rel))
            continue;
        if (!resolve_path(c->name, rel, f->path[i], DATA_PATH_MAX)) {
            errn(c, v[i], "%s: path too long once resolved (max %d characters)", what,
                 DATA_PATH_MAX - 1);
            continue;
        }
        f->has[i] = true;
    }
    if (v[5] && get_str(c, v[5], "file.name", f->name, sizeof f->name) && !name_ok(f->name))
        errn(c, v[5], "file.name %s may only hold letters, digits, '.', '_' and '-'",
             describe(v[5], d, sizeof d));
}

/* `file:` is one mapping, or a list of named mappings: then every point of
 * the axes is made once per entry (e.g. one entry per captured layer). */
static void parse_file_map(struct ctx *c, const struct ynode *key, const struct ynode *map) {
    c->files.key = key;
    if (map->bad || map->kind != Y_SEQ) {
        parse_file_entry(c, map, &c->files);
        return;
    }
    if (map->n == 0 || map->n > SWEEP_MAX_LIST) {
        errn(c, map, "file: a list needs 1 to %d entries, got %zu", SWEEP_MAX_LIST, map->n);
        return;
    }
    c->flist = calloc(map->n, sizeof *c->flist);
    if (!c->flist) {
        c->nomem = true;
        return;
    }
    c->n_flist = (int)map->n;
    bool complete = true;
    for (size_t i = 0; i < map->n; i++) {
        struct files *f = &c->flist[i];
        const struct ynode *e = map->kid[i];
        f->key = key;
        parse_file_entry(c, e, f);
        if (e->bad || e->kind != Y_MAP)
            complete = false;
        else if (!f->has[0] || !f->has[1] || !f->has[2]) {
            errn(c, e, "file entry %zu needs q, k and v (missing:%s%s%s)", i + 1,
                 f->has[0] ? "" : " q", f->has[1] ? "" : " k", f->has[2] ? "" : " v");
            complete = false;
        }
        if (map->n > 1 && !f->name[0] && e->kind == Y_MAP) {
            errn(c, e, "file entry %zu needs a name (a list of files tells points apart by it)",
                 i + 1);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (f->name[0] && !strcmp(c->flist[j].name, f->name)) {
                errn(c, e, "file entry %zu: name '%s' repeats entry %zu", i + 1, f->name, j + 1);
                break;
            }
    }
    /* `data: file` checks c->files; entries were checked above */
    c->files = c->flist[0];
    c->files.given = true;
    for (int i = 0; i < 3; i++)
        c->files.has[i] = c->files.has[i] || !complete;
}

static void parse_timing(struct ctx *c, const struct ynode *map, struct sweep_spec *s) {
    static const char *const names[] = {"warmup_ms", "min_samples", "max_samples", "min_time_ms",
                                        "max_noise", "timeout_s",   NULL};
    const struct ynode *k[6], *v[6];
    int64_t iv;
    if (!map_fields(c, map, "timing", names, k, v))
        return;
    if (v[0])
        get_num(c, v[0], "timing.warmup_ms", 0, false, &s->timing.warmup_ms);
    if (v[1] && get_int(c, v[1], "timing.min_samples", 1, 1000000000, &iv))
        s->timing.min_samples = (int)iv;
    if (v[2] && get_int(c, v[2], "timing.max_samples", 1, 1000000000, &iv))
        s->timing.max_samples = (int)iv;
    if (v[3])
        get_num(c, v[3], "timing.min_time_ms", 0, false, &s->timing.min_time_ms);
    if (v[4])
        get_num(c, v[4], "timing.max_noise", 0, true, &s->timing.max_noise);
    if (v[5] && get_num(c, v[5], "timing.timeout_s", 0, true, &s->timing.timeout_s) &&
        s->timing.timeout_s > SWEEP_MAX_TIMEOUT_S)
        errn(c, v[5], "timing.timeout_s %g is above the cap of %d s (1 day)", s->timing.timeout_s,
             SWEEP_MAX_TIMEOUT_S);
    /* the warmup loop stops at timeout_s anyway; a longer one is a mistake */
    if (v[0] && s->timing.warmup_ms > s->timing.timeout_s * 1e3)
        errn(c, v[0], "timing.warmup_ms %g exceeds timing.timeout_s (%g s)", s->timing.warmup_ms,
             s->timing.timeout_s);
    if (v[3] && s->timing.min_time_ms > s->timing.timeout_s * 1e3)
        errn(c, v[3], "timing.min_time_ms %g exceeds timing.timeout_s (%g s)",
             s->timing.min_time_ms, s->timing.timeout_s);
    if (s->timing.max_samples < s->timing.min_samples) {
        const struct ynode *at = v[2] ? v[2] : v[1];
        errn(c, at, "timing.max_samples %d is below timing.min_samples %d", s->timing.max_samples,
             s->timing.min_samples);
    }
}

static void parse_limits(struct ctx *c, const struct ynode *map, struct sweep_spec *s) {
    static const char *const names[] = {"memory", "device_memory", "cpu_max_seconds", NULL};
    const struct ynode *k[3], *v[3];
    if (!map_fields(c, map, "limits", names, k, v))
        return;
    if (v[0])
        get_size(c, v[0], "limits.memory", &s->mem_limit);
    if (v[1])
        get_size(c, v[1], "limits.device_memory", &s->dev_mem_limit);
    if (v[2])
        get_num(c, v[2], "limits.cpu_max_seconds", 0, true, &s->cpu_max_seconds);
}

static void parse_small_sections(struct ctx *c, const struct ynode *const *val,
                                 struct sweep_spec *s) {
    int64_t iv;
    if (val[K_VALIDATE]) {
        static const char *const names[] = {"rows", NULL};
        const struct ynode *k[1], *v[1];
        if (map_fields(c, val[K_VALIDATE], "validate", names, k, v) && v[0] &&
            get_int(c, v[0], "validate.rows", 1, INT32_MAX, &iv))
            s->validate_rows = (int)iv;
    }
    if (val[K_RECALL]) {
        static const char *const names[] = {"enabled", "rows", "all_rows_below", NULL};
        const struct ynode *k[3], *v[3];
        if (map_fields(c, val[K_RECALL], "recall", names, k, v)) {
            if (v[0])
                get_bool(c, v[0], "recall.enabled", &s->recall_enabled);
            if (v[1] && get_int(c, v[1], "recall.rows", 1, INT32_MAX, &iv))
                s->recall_rows = (int)iv;
            if (v[2] && get_int(c, v[2], "recall.all_rows_below", 0, INT64_MAX, &iv))
                s->recall_all_rows_below = iv;
        }
    }
    if (val[K_OUTPUT]) {
        static const char *const names[] = {"dir", NULL};
        const struct ynode *k[1], *v[1];
        if (map_fields(c, val[K_OUTPUT], "output", names, k, v) && v[0])
            get_str(c, v[0], "output.dir", s->output_dir, sizeof s->output_dir);
    }
}

static void validate_top(struct ctx *c, const struct ynode *root, struct sweep_spec *s,
                         struct expand *x) {
    const struct ynode *key[K_COUNT], *val[K_COUNT];
    char d[64];
    if (!map_fields(c, root, "the sweep", top_names, key, val))
        return;
    if (val[K_NAME] && get_str(c, val[K_NAME], "name", s->name, sizeof s->name) &&
        !name_ok(s->name))
        errn(c, val[K_NAME], "name %s may only hold letters, digits, '.', '_' and '-'",
             describe(val[K_NAME], d, sizeof d));
    if (!val[K_METHODS])
        errn(c, root, "missing required key 'methods'");
    else
        parse_names(c, val[K_METHODS], "methods", NAME_METHOD, s->methods, &s->n_methods);
    if (val[K_BACKENDS])
        parse_names(c, val[K_BACKENDS], "backends", NAME_BACKEND, s->backends, &s->n_backends);
    if (val[K_VARIANTS])
        parse_names(c, val[K_VARIANTS], "variants", NAME_VARIANT, s->variants, &s->n_variants);
    if (val[K_TIMING])
        parse_timing(c, val[K_TIMING], s);
    if (val[K_LIMITS])
        parse_limits(c, val[K_LIMITS], s);
    parse_small_sections(c, val, s);
    /* file first: `data: file` values check against it wherever they appear. */
    if (val[K_FILE])
        parse_file_map(c, key[K_FILE], val[K_FILE]);
    x->axes_node = val[K_AXES] ? val[K_AXES] : root;
    if (val[K_AXES])
        parse_axes(c, val[K_AXES], x);
    if (val[K_ZIP])
        parse_zip(c, val[K_ZIP], x);
    if (val[K_INCLUDE])
        parse_include(c, val[K_INCLUDE], x);
    if (!c->nomem)
        expand(c, x, s);
}

static void default_name(const char *path, char *dst, size_t cap) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    size_t j = 0;
    for (size_t i = 0; i < n && j + 1 < cap; i++)
        dst[j++] =
            isalnum((unsigned char)base[i]) || base[i] == '-' || base[i] == '.' ? base[i] : '_';
    dst[j] = '\0';
    if (!j)
        snprintf(dst, cap, "sweep");
}

static enum attn_status load(const char *name, const char *buf, size_t len, size_t real_len,
                             struct sweep_spec *out, FILE *err) {
    struct ctx c;
    struct expand x;
    struct ynode *root = NULL;
    enum attn_status st = ATTN_OK;
    pthread_once(&schema_once, schema_build);
    memset(&c, 0, sizeof c);
    memset(&x, 0, sizeof x);
    for (int id = 0; id < AX_COUNT; id++)
        x.ax[id].group = -1;
    c.name = name;
    c.buf = buf;
    c.len = len;
    sweep_defaults(out);
    snprintf(out->path, sizeof out->path, "%s", name);
    snprintf(out->hash, sizeof out->hash, "%016llx", (unsigned long long)fnv1a64(buf, len));

    if (real_len > SWEEP_MAX_BYTES) {
        errf(&c, 1, 1, "the sweep file is larger than 1 MiB (%zu bytes)", real_len);
        goto cleanup;
    }
    if (!parse_tree(&c, &root))
        goto cleanup;
    if (!root)
        errf(&c, 1, 1, "empty sweep: missing required key 'methods'");
    else if (root->kind != Y_MAP)
        errn(&c, root, "the top level must be a mapping of keys, got %s",
             root->kind == Y_SEQ ? "a list" : "a scalar");
    else
        validate_top(&c, root, out, &x);
    if (!out->name[0])
        default_name(name, out->name, sizeof out->name);
    /* no output.dir: the CLI picks results/runs/<name>-<timestamp>/ (never reused) */

cleanup:
    tree_free(&c);
    free(c.flist);
    for (int id = 0; id < AX_COUNT; id++)
        free(x.ax[id].v);
    free(x.inc);
    if (c.n_errs) /* qsort(NULL, 0) is undefined (found by the fuzzer) */
        qsort(c.errs, c.n_errs, sizeof *c.errs, cmp_err);
    for (size_t i = 0; i < c.n_errs; i++) {
        if (err)
            fprintf(err, "%s:%d:%d: %s\n", name, c.errs[i].line, c.errs[i].col, c.errs[i].msg);
    }
    if (err && c.n_dropped)
        fprintf(err, "%s: %zu more errors not shown\n", name, c.n_dropped);
    if (c.nomem) {
        attn_set_error("%s: out of memory while loading the sweep", name);
        st = ATTN_ERR_NOMEM;
    } else if (c.n_errs) {
        attn_set_error("%s:%d:%d: %s%s", name, c.errs[0].line, c.errs[0].col, c.errs[0].msg,
                       c.n_errs > 1 ? " (and more)" : "");
        st = ATTN_ERR_PARSE;
    }
    for (size_t i = 0; i < c.n_errs; i++)
        free(c.errs[i].msg);
    free(c.errs);
    if (st != ATTN_OK) {
        sweep_free(out);
        memset(out, 0, sizeof *out);
    }
    return st;
}

/* ------------------------------------------------------------------ API -- */

void sweep_defaults(struct sweep_spec *s) {
    memset(s, 0, sizeof *s);
    s->timing = (struct sweep_timing){.warmup_ms = 25,
                                      .min_samples = 10,
                                      .max_samples = 200,
                                      .min_time_ms = 0,
                                      .max_noise = 0.03,
                                      .timeout_s = 10};
    snprintf(s->backends[0], SWEEP_NAME_MAX, "ref");
    snprintf(s->backends[1], SWEEP_NAME_MAX, "cpu");
    s->n_backends = 2;
    s->cpu_max_seconds = 30;
    s->validate_rows = 16;
    s->recall_enabled = true;
    s->recall_rows = 256;
    s->recall_all_rows_below = 4096;
}

void sweep_free(struct sweep_spec *s) {
    if (!s)
        return;
    free(s->points);
    s->points = NULL;
    s->n_points = 0;
}

enum attn_status sweep_load_buffer(const char *name, const char *buf, size_t len,
                                   struct sweep_spec *out, FILE *err) {
    if (!name)
        name = "<buffer>";
    if (!buf && len) {
        attn_set_error("sweep_load_buffer: NULL buffer");
        return ATTN_ERR_INVALID;
    }
    return load(name, buf ? buf : "", buf ? len : 0, len, out, err);
}

enum attn_status sweep_load(const char *path, struct sweep_spec *out, FILE *err) {
    enum attn_status st;
    char *buf = NULL;
    size_t len = 0;
    int e = 0;
    char why[128] = "";
    memset(out, 0, sizeof *out);
    FILE *f = regfile_open(path, why, sizeof why);
    if (!f) {
        e = errno;
        goto io_error;
    }
    /* Read at most one byte past the cap: enough to know it is too big. */
    buf = malloc(SWEEP_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        attn_set_error("%s: out of memory", path);
        return ATTN_ERR_NOMEM;
    }
    len = fread(buf, 1, SWEEP_MAX_BYTES + 1, f);
    if (ferror(f)) {
        e = errno ? errno : EIO;
        fclose(f);
        goto io_error;
    }
    fclose(f);
    st = load(path, buf, len > SWEEP_MAX_BYTES ? SWEEP_MAX_BYTES : len, len, out, err);
    free(buf);
    return st;

io_error:
    free(buf);
    if (!why[0])
        snprintf(why, sizeof why, "%s", strerror(e));
    if (err)
        fprintf(err, "%s: cannot read the sweep file: %s\n", path, why);
    attn_set_error("%s: cannot read the sweep file: %s", path, why);
    return ATTN_ERR_IO;
}

const char *sweep_dtype_str(enum sweep_dtype t) {
    switch (t) {
    case SWEEP_DTYPE_AUTO:
        return "auto";
    case SWEEP_DTYPE_F64:
        return "f64";
    case SWEEP_DTYPE_F32:
        return "f32";
    case SWEEP_DTYPE_BF16:
        return "bf16";
    }
    return "?";
}

/* Shortest text that reads back as the same double: stable and collision-free. */
static void fmt_double(double v, char *buf, size_t n) {
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* Knobs whose tokens are fixed in every key (",bk64,k8,bbw3,bbg2,bbr3,pfm0,pfc64"):
 * the knobs of the first six methods, so committed keys stay byte-identical. */
static bool knob_legacy(const char *name) {
    static const char *const legacy[] = {"block_size", "bb_window",   "bb_global", "bb_random",
                                         "topk",       "pf_features", "pf_chunk"};
    for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++)
        if (!strcmp(legacy[i], name))
            return true;
    return false;
}

/* ",name=value" for every other knob that m reads or that is away from its
 * default (so points that differ only there keep distinct keys). */
static void key_knobs(const struct sweep_point *p, const struct attn_method *m, char *buf,
                      size_t n) {
    size_t w = strlen(buf);
    for (size_t mi = 0; mi < attn_method_count(); mi++) {
        const struct attn_method *am = attn_method_get(mi);
        for (int i = 0; i < am->n_knobs && w < n; i++) {
            const struct attn_knob *k = &am->knobs[i];
            if (knob_legacy(k->name))
                continue;
            bool first = true; /* a name shared by several methods: once, at its first */
            for (size_t mj = 0; mj < mi && first; mj++)
                first = attn_method_knob(attn_method_get(mj), k->name) == NULL;
            for (int j = 0; j < i && first; j++)
                first = strcmp(am->knobs[j].name, k->name) != 0;
            const double v = attn_knob_get(k, &p->params);
            if (!first || (v == k->def && !(m && attn_method_knob(m, k->name))))
                continue;
            int r = k->type == ATTN_KNOB_U64
                        ? snprintf(buf + w, n - w, ",%s=%llu", k->name, (unsigned long long)v)
                        : snprintf(buf + w, n - w, ",%s=%lld", k->name, (long long)v);
            w = r > 0 ? w + (size_t)r : n;
        }
    }
}

void sweep_point_key(const struct sweep_point *p, char *buf, size_t n) {
    sweep_point_key_method(p, NULL, buf, n);
}

void sweep_point_key_method(const struct sweep_point *p, const char *method, char *buf, size_t n) {
    static const char *const kinds[] = {"normal", "structured", "file", "calibrated", "coherent"};
    const struct attn_shape *s = &p->shape;
    const struct attn_params *a = &p->params;
    char noise[32];
    const char *kind = (unsigned)p->data.kind < 5 ? kinds[p->data.kind] : "?";
    if (!buf || !n)
        return;
    fmt_double(p->data.index_noise, noise, sizeof noise);
    int w = snprintf(buf, n,
                     "%s,c%d,B%lld,N%lld,q%lld,hq%lld,hkv%lld,d%lld,di%lld,bk%d,k%d,"
                     "bbw%d,bbg%d,bbr%d,pfm%d,pfc%d,%s,noise%s,s%llu,%s",
                     s->mode == ATTN_DECODE ? "decode" : "prefill", s->causal ? 1 : 0,
                     (long long)s->batch, (long long)s->seq_len, (long long)s->q_len,
                     (long long)s->heads_q, (long long)s->heads_kv, (long long)s->head_dim,
                     (long long)s->index_dim, a->block_size, a->topk, a->bb_window, a->bb_global,
                     a->bb_random, a->pf_features, a->pf_chunk, kind, noise,
                     (unsigned long long)p->data.seed, sweep_dtype_str(p->dtype));
    if (p->data.kind == DATA_FILE && w > 0 && (size_t)w < n) {
        const char *base = strrchr(p->data.q_path, '/');
        base = base ? base + 1 : p->data.q_path;
        w += snprintf(buf + w, n - (size_t)w, ",q=%s", base);
        if (p->file_name[0] && w > 0 && (size_t)w < n)
            snprintf(buf + w, n - (size_t)w, ",file=%s", p->file_name);
    }
    if (w > 0 && (size_t)w < n)
        key_knobs(p, method ? attn_method_find(method) : NULL, buf, n);
}
