/* sweep_yaml.c - the YAML side of the sweep loader: libyaml's event API builds
 * a small tree (depth and size capped, aliases refused) so every node keeps its
 * line and column; errors are collected at a node (deduplicated, capped) and
 * the walk keeps going; scalar getters, mapping checks (duplicate keys, unknown
 * keys with the closest known one) and lists of names.
 * The only file that includes <yaml.h>. */
#include "sweep_int.h"

#include "dupcheck.h"
#include "method.h"

#include <yaml.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_MAX_DEPTH 16
#define SWEEP_MAX_ERRORS 200

/* ---------------------------------------------------------------- tree -- */

void sweep_errf(struct ctx *c, int line, int col, const char *fmt, ...) {
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

void sweep_errn(struct ctx *c, const struct ynode *n, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sweep_errf(c, n ? n->line : 1, n ? n->col : 1, "%s", msg);
}

int sweep_cmp_err(const void *a, const void *b) {
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

void sweep_tree_free(struct ctx *c) {
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
            sweep_errf(c, line, col, "invalid input: %s (#%X)", problem,
                       (unsigned)p->problem_value);
        else
            sweep_errf(c, line, col, "invalid input: %s", problem);
        return;
    }
    line = (int)p->problem_mark.line + 1;
    col = (int)p->problem_mark.column + 1;
    if (p->context)
        sweep_errf(c, line, col, "YAML syntax error: %s (%s at %d:%d)", problem, p->context,
                   (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
    else
        sweep_errf(c, line, col, "YAML syntax error: %s", problem);
}

/* Events -> tree.  Returns false on a syntax error (reported); *root is NULL
 * for an empty stream. */
bool sweep_parse_tree(struct ctx *c, struct ynode **root) {
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
                sweep_errf(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
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
                sweep_errn(c, nd, "a NUL character is not allowed in a value");
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
            sweep_errn(c, nd, "aliases (*%.60s) are not supported in sweep files",
                       (const char *)ev.data.alias.anchor);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth >= SWEEP_MAX_DEPTH) {
                sweep_errf(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
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

bool sweep_is_null(const struct ynode *n) {
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
const char *sweep_describe(const struct ynode *n, char *buf, size_t cap) {
    if (!n)
        return "nothing";
    if (n->kind == Y_SEQ)
        return "a list";
    if (n->kind == Y_MAP)
        return "a mapping";
    if (sweep_is_null(n))
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
int sweep_parse_i64(const char *t, int64_t *v) {
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
bool sweep_want_scalar(struct ctx *c, const struct ynode *n, const char *what, const char *type) {
    char d[64];
    if (n->bad)
        return false;
    if (n->kind != Y_SCALAR || sweep_is_null(n)) {
        sweep_errn(c, n, "%s: expected %s, got %s", what, type, sweep_describe(n, d, sizeof d));
        return false;
    }
    if (is_nonfinite_text(n->text)) {
        sweep_errn(c, n, "%s: non-finite number %s", what, sweep_describe(n, d, sizeof d));
        return false;
    }
    return true;
}

bool sweep_get_int(struct ctx *c, const struct ynode *n, const char *what, int64_t lo, int64_t hi,
                   int64_t *out) {
    char d[64];
    int64_t v;
    if (!sweep_want_scalar(c, n, what, "an integer"))
        return false;
    int r = sweep_parse_i64(n->text, &v);
    if (r == 1) {
        sweep_errn(c, n, "%s: expected an integer, got %s", what, sweep_describe(n, d, sizeof d));
        return false;
    }
    if (r == 2 || v > hi) {
        sweep_errn(c, n, "%s: %s is too large (max %lld)", what, sweep_describe(n, d, sizeof d),
                   (long long)hi);
        return false;
    }
    if (v < lo) {
        if (lo == 1)
            sweep_errn(c, n, "%s must be positive, got %lld", what, (long long)v);
        else
            sweep_errn(c, n, "%s must be at least %lld, got %lld", what, (long long)lo,
                       (long long)v);
        return false;
    }
    *out = v;
    return true;
}

/* lo_open: value must be > lo (else >= lo). */
bool sweep_get_num(struct ctx *c, const struct ynode *n, const char *what, double lo, bool lo_open,
                   double *out) {
    char d[64];
    double v;
    if (!sweep_want_scalar(c, n, what, "a number"))
        return false;
    if (!parse_f64(n->text, &v)) {
        sweep_errn(c, n, "%s: expected a number, got %s", what, sweep_describe(n, d, sizeof d));
        return false;
    }
    if (!isfinite(v)) {
        sweep_errn(c, n, "%s: non-finite number %s", what, sweep_describe(n, d, sizeof d));
        return false;
    }
    if (lo_open ? !(v > lo) : !(v >= lo)) {
        sweep_errn(c, n, "%s must be %s %g, got %s", what, lo_open ? ">" : ">=", lo,
                   sweep_describe(n, d, sizeof d));
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

bool sweep_get_bool(struct ctx *c, const struct ynode *n, const char *what, bool *out) {
    char d[64];
    if (!sweep_want_scalar(c, n, what, "true or false"))
        return false;
    if (!bool_text(n->text, out)) {
        sweep_errn(c, n, "%s: expected true or false, got %s", what,
                   sweep_describe(n, d, sizeof d));
        return false;
    }
    return true;
}

bool sweep_get_str(struct ctx *c, const struct ynode *n, const char *what, char *dst, size_t cap) {
    char d[64];
    if (n->bad)
        return false;
    if (n->kind != Y_SCALAR || sweep_is_null(n)) {
        sweep_errn(c, n, "%s: expected a string, got %s", what, sweep_describe(n, d, sizeof d));
        return false;
    }
    if (!n->text[0]) {
        sweep_errn(c, n, "%s: empty string", what);
        return false;
    }
    if (strlen(n->text) >= cap) {
        sweep_errn(c, n, "%s: too long (max %zu characters)", what, cap - 1);
        return false;
    }
    memcpy(dst, n->text, strlen(n->text) + 1);
    return true;
}

/* "8GiB", "512 MiB", "2GB", "1e9" -> bytes. */
bool sweep_get_size(struct ctx *c, const struct ynode *n, const char *what, double *out) {
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
    if (!sweep_want_scalar(c, n, what, "a size"))
        return false;
    const char *t = n->text, *s = t;
    if (*s == '+' || *s == '-')
        s++;
    char *e = NULL;
    double v = 0;
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1])))
        v = strtod(t, &e);
    if (!e) {
        sweep_errn(c, n, "%s: expected a size such as 8GiB, 512MiB or 2GB, got %s", what,
                   sweep_describe(n, d, sizeof d));
        return false;
    }
    while (*e == ' ')
        e++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(e, units[i].unit) != 0)
            continue;
        v *= units[i].mul;
        if (!isfinite(v)) {
            sweep_errn(c, n, "%s: %s is too large", what, sweep_describe(n, d, sizeof d));
            return false;
        }
        if (!(v > 0)) {
            sweep_errn(c, n, "%s must be positive, got %s", what, sweep_describe(n, d, sizeof d));
            return false;
        }
        *out = v;
        return true;
    }
    sweep_errn(c, n, "%s: unknown size unit in %s (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)",
               what, sweep_describe(n, d, sizeof d));
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

void sweep_pretty(const char *t, char *buf, size_t cap) {
    size_t j = 0;
    for (; *t && j + 4 < cap; t++)
        buf[j++] = isprint((unsigned char)*t) ? *t : '?';
    if (*t && j + 3 < cap)
        buf[j++] = '.', buf[j++] = '.', buf[j++] = '.';
    buf[j] = '\0';
}

/* Checks that map's keys are non-null scalars and unique; marks the pairs to
 * skip in skip[] (size map->n / 2). */
void sweep_check_keys(struct ctx *c, const struct ynode *map, const char *section, bool *skip) {
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
        if (!k->bad && (k->kind != Y_SCALAR || sweep_is_null(k)))
            sweep_errn(c, k, "%s: keys must be names, got %s", section,
                       sweep_describe(k, d, sizeof d));
    }
    /* sorted, not pairwise: 1 MiB of keys took 12 s */
    if (dup_first(names, np, first) != 0) {
        c->nomem = true;
        goto cleanup;
    }
    for (size_t i = 0; i < np; i++) {
        const struct ynode *k = map->kid[2 * i];
        if (!names[i] || sweep_is_null(k))
            continue;
        if (first[i] == SIZE_MAX) {
            skip[i] = false;
            continue;
        }
        const struct ynode *o = map->kid[2 * first[i]];
        sweep_pretty(k->text, d, sizeof d);
        sweep_errn(c, k, "duplicate key '%s' in %s (first at %d:%d)", d, section, o->line, o->col);
    }
cleanup:
    free(names);
    free(first);
}

/* Known keys -> their key and value nodes (NULL when absent); unknown keys are
 * reported with the closest known one.  known is NULL-terminated. */
bool sweep_map_fields(struct ctx *c, const struct ynode *map, const char *section,
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
        sweep_errn(c, map, "%s: expected a mapping, got %s", section,
                   sweep_describe(map, d, sizeof d));
        return false;
    }
    bool *skip = calloc(map->n / 2 + 1, sizeof *skip);
    if (!skip) {
        c->nomem = true;
        return false;
    }
    sweep_check_keys(c, map, section, skip);
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        if (skip[i / 2])
            continue;
        const struct ynode *k = map->kid[i];
        size_t f = 0;
        while (f < nk && strcmp(known[f], k->text) != 0)
            f++;
        if (f == nk) {
            sweep_pretty(k->text, d, sizeof d);
            sweep_errn(c, k, "unknown key '%s' in %s (did you mean '%s'?)", d, section,
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

/* The method table's names (method.h), for "did you mean" */
static const char *const *method_names(void) {
    static const char *names[32];
    if (!names[0])
        for (size_t i = 0; i < attn_method_count() && i + 1 < 32; i++)
            names[i] = attn_method_get(i)->name;
    return names;
}
static const char *const backend_names[] = {"ref", "cpu", "cuda", NULL};

void sweep_parse_names(struct ctx *c, const struct ynode *n, const char *what, enum name_kind kind,
                       char (*dst)[SWEEP_NAME_MAX], int *count) {
    char d[64];
    const struct ynode *one[1];
    const struct ynode *const *items;
    size_t m;
    *count = 0;
    if (n->bad)
        return;
    if (n->kind == Y_MAP || sweep_is_null(n)) {
        sweep_errn(c, n, "%s: expected a list of names, got %s", what,
                   sweep_describe(n, d, sizeof d));
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
            sweep_errn(c, n, "%s: empty list", what);
            return;
        }
    }
    for (size_t i = 0; i < m; i++) {
        const struct ynode *it = items[i];
        char name[SWEEP_NAME_MAX];
        if (it->kind != Y_SCALAR) {
            sweep_errn(c, it, "%s: expected a name, got %s", what, sweep_describe(it, d, sizeof d));
            continue;
        }
        if (!sweep_get_str(c, it, what, name, sizeof name))
            continue;
        sweep_pretty(name, d, sizeof d);
        if (kind == NAME_METHOD && !attn_method_known(name)) {
            sweep_errn(c, it, "unknown method '%s' (did you mean '%s'?)", d,
                       closest(name, method_names()));
            continue;
        }
        if (kind == NAME_VARIANT && strchr(name, '/')) { /* "method/variant" (runner.c) */
            char meth[SWEEP_NAME_MAX];
            const size_t ml = (size_t)(strchr(name, '/') - name);
            memcpy(meth, name, ml);
            meth[ml] = '\0';
            if (!attn_method_known(meth) || !strchr(name, '/')[1] || strchr(name + ml + 1, '/')) {
                sweep_errn(c, it, "variants: '%s' is not 'method/variant' of a known method", d);
                continue;
            }
        }
        if (kind == NAME_BACKEND && !attn_backend_known(name)) {
            sweep_errn(c, it, "unknown backend '%s' (did you mean '%s'?)", d,
                       closest(name, backend_names));
            continue;
        }
        bool dup = false;
        for (int j = 0; j < *count && !dup; j++)
            dup = !strcmp(dst[j], name);
        if (dup) {
            sweep_errn(c, it, "%s: '%s' is listed twice", what, d);
            continue;
        }
        if (*count >= SWEEP_MAX_LIST) {
            sweep_errn(c, it, "%s: more than %d entries", what, SWEEP_MAX_LIST);
            break;
        }
        memcpy(dst[(*count)++], name, sizeof name);
    }
}

/* A plain variant name selects only where no "method/variant" entry restricts the method
 * (sweep_variant_wanted): one whose every listed method with that variant is so restricted
 * would select nothing, silently (frontier.yaml once lost msa kv_outer_wgmma to "msa/ws" that
 * way).  The first such name goes to s->lint with its position: run refuses the sweep, but a
 * run folder's recorded sweep.yaml stays readable for report and plot. */
void sweep_check_variants(struct ctx *c, const struct ynode *n, struct sweep_spec *s) {
    if (n->bad || n->kind != Y_SEQ)
        return;
    for (size_t i = 0; i < n->n && !s->lint[0]; i++) {
        const struct ynode *it = n->kid[i];
        if (it->kind != Y_SCALAR || strchr(it->text, '/'))
            continue;
        const char *restricted = NULL;
        bool selects = false;
        for (size_t r = 0; r < attn_registry_count() && !selects; r++) {
            const struct attn_impl *im = attn_registry_get(r);
            if (strcmp(im->variant, it->text) != 0 || !sweep_lists(s, im))
                continue;
            selects = sweep_variant_wanted(s, im);
            restricted = im->method;
        }
        if (!selects && restricted) {
            char d[64];
            sweep_pretty(it->text, d, sizeof d);
            snprintf(s->lint, sizeof s->lint,
                     "%s:%d:%d: variants: '%s' selects nothing: %s runs only its "
                     "'method/variant' entries here (write '%s/%s')",
                     c->name, it->line, it->col, d, restricted, restricted, d);
        }
    }
}
