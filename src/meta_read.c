/* meta_read.c - a small recursive-descent JSON reader for meta.json: every
 * scalar is kept under its dotted path; structure beyond that is not needed. */
#include "meta_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_MAX_DEPTH 32

struct jp {
    const char *s;
    size_t len, i;
    const char *file;
    struct run_meta *m;
    size_t cap;
    int err; /* 0, or set once with the message in attn_set_error */
};

static void jp_fail(struct jp *p, const char *what) {
    if (p->err)
        return;
    long line = 1;
    for (size_t k = 0; k < p->i && k < p->len; k++)
        line += p->s[k] == '\n';
    attn_set_error("%s:%ld: malformed JSON: %s", p->file, line, what);
    p->err = 1;
}

static void jp_ws(struct jp *p) {
    while (p->i < p->len &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int add_leaf(struct jp *p, const char *path, char *text, bool is_str) {
    struct run_meta *m = p->m;
    if (m->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        struct meta_leaf *l = realloc(m->leaf, cap * sizeof *l);
        if (!l)
            goto nomem;
        m->leaf = l;
        p->cap = cap;
    }
    char *pc = strdup(path);
    if (!pc)
        goto nomem;
    m->leaf[m->n++] = (struct meta_leaf){pc, text, is_str};
    return 0;
nomem:
    free(text);
    jp_fail(p, "out of memory");
    return -1;
}

static void put_utf8(char *out, size_t *o, unsigned cp) {
    if (cp < 0x80) {
        out[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*o)++] = (char)(0xc0 | (cp >> 6));
        out[(*o)++] = (char)(0x80 | (cp & 0x3f));
    } else {
        out[(*o)++] = (char)(0xe0 | (cp >> 12));
        out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[(*o)++] = (char)(0x80 | (cp & 0x3f));
    }
}

/* Parses a string at p->i (at the opening quote); returns a malloc'd copy. */
static char *jp_string(struct jp *p) {
    if (p->i >= p->len || p->s[p->i] != '"') {
        jp_fail(p, "expected a string");
        return NULL;
    }
    p->i++;
    size_t start = p->i;
    while (p->i < p->len && p->s[p->i] != '"')
        p->i += p->s[p->i] == '\\' ? 2 : 1;
    if (p->i >= p->len) {
        jp_fail(p, "unterminated string");
        return NULL;
    }
    size_t end = p->i++;
    char *out = malloc(end - start + 1), *hexend;
    size_t o = 0;
    if (!out) {
        jp_fail(p, "out of memory");
        return NULL;
    }
    for (size_t k = start; k < end; k++) {
        char c = p->s[k];
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        c = p->s[++k];
        switch (c) {
        case 'n':
            out[o++] = '\n';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 'b':
            out[o++] = '\b';
            break;
        case 'f':
            out[o++] = '\f';
            break;
        case 'u': {
            char hex[5] = {0};
            if (k + 4 >= end) {
                free(out);
                jp_fail(p, "bad \\u escape");
                return NULL;
            }
            memcpy(hex, p->s + k + 1, 4);
            unsigned long cp = strtoul(hex, &hexend, 16);
            if (hexend != hex + 4) {
                free(out);
                jp_fail(p, "bad \\u escape");
                return NULL;
            }
            /* 6 input bytes give at most 3 output bytes; surrogates kept as-is */
            put_utf8(out, &o, (unsigned)cp);
            k += 4;
            break;
        }
        default:
            out[o++] = c;
            break; /* \" \\ \/ */
        }
    }
    out[o] = '\0';
    return out;
}

static void jp_value(struct jp *p, char *path, size_t plen, int depth);

static void jp_member_path(char *path, size_t plen, const char *name, char *out, size_t n) {
    if (plen)
        snprintf(out, n, "%s.%s", path, name);
    else
        snprintf(out, n, "%s", name);
}

static void jp_value(struct jp *p, char *path, size_t plen, int depth) {
    char sub[512];
    jp_ws(p);
    if (p->err)
        return;
    if (depth > META_MAX_DEPTH) {
        jp_fail(p, "nested too deeply");
        return;
    }
    if (p->i >= p->len) {
        jp_fail(p, "unexpected end of file");
        return;
    }
    char c = p->s[p->i];
    if (c == '{' || c == '[') {
        bool obj = c == '{';
        p->i++;
        jp_ws(p);
        if (p->i < p->len && p->s[p->i] == (obj ? '}' : ']')) {
            p->i++;
            return;
        }
        for (size_t idx = 0;; idx++) {
            jp_ws(p);
            if (obj) {
                char *name = jp_string(p);
                if (!name)
                    return;
                jp_member_path(path, plen, name, sub, sizeof sub);
                free(name);
                jp_ws(p);
                if (p->i >= p->len || p->s[p->i] != ':') {
                    jp_fail(p, "expected ':'");
                    return;
                }
                p->i++;
            } else {
                char num[32];
                snprintf(num, sizeof num, "%zu", idx);
                jp_member_path(path, plen, num, sub, sizeof sub);
            }
            jp_value(p, sub, strlen(sub), depth + 1);
            if (p->err)
                return;
            jp_ws(p);
            if (p->i < p->len && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->len && p->s[p->i] == (obj ? '}' : ']')) {
                p->i++;
                return;
            }
            jp_fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
            return;
        }
    }
    if (c == '"') {
        char *s = jp_string(p);
        if (s)
            add_leaf(p, path, s, true);
        return;
    }
    /* number, true, false, null: the run of literal characters */
    size_t start = p->i;
    while (p->i < p->len && strchr("+-.0123456789eEtruefalsn", p->s[p->i]))
        p->i++;
    size_t n = p->i - start;
    if (n == 0) {
        jp_fail(p, "unexpected character");
        return;
    }
    char *t = malloc(n + 1);
    if (!t) {
        jp_fail(p, "out of memory");
        return;
    }
    memcpy(t, p->s + start, n);
    t[n] = '\0';
    char *end;
    if (strcmp(t, "true") && strcmp(t, "false") && strcmp(t, "null") &&
        (strtod(t, &end), *end != '\0')) {
        free(t);
        jp_fail(p, "bad literal");
        return;
    }
    add_leaf(p, path, t, false);
}

enum attn_status meta_read_file(const char *json_path, struct run_meta *m) {
    enum attn_status st = ATTN_OK;
    char *buf = NULL;
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", json_path);
    FILE *f = fopen(json_path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return ATTN_OK; /* no meta: present stays false */
        attn_set_error("%s: %s", json_path, strerror(errno));
        return ATTN_ERR_IO;
    }
    size_t cap = 0, len = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? 2 * cap : 8192;
            char *b = realloc(buf, cap);
            if (!b) {
                st = ATTN_ERR_NOMEM;
                attn_set_error("%s: out of memory", json_path);
                goto cleanup;
            }
            buf = b;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (!got)
            break;
    }
    struct jp p = {.s = buf, .len = len, .file = json_path, .m = m};
    char root[1] = "";
    jp_value(&p, root, 0, 0);
    jp_ws(&p);
    if (!p.err && p.i != len)
        jp_fail(&p, "text after the value");
    if (p.err) {
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    m->present = true;
cleanup:
    fclose(f);
    free(buf);
    if (st != ATTN_OK) {
        char keep[sizeof m->path];
        memcpy(keep, m->path, sizeof keep);
        meta_free(m);
        memcpy(m->path, keep, sizeof keep);
    }
    return st;
}

enum attn_status meta_read_beside(const char *csv_path, struct run_meta *m) {
    char path[4096];
    const char *slash = strrchr(csv_path, '/');
    /* NAME.csv keeps its own NAME.meta.json (committed baselines); else DIR/meta.json */
    size_t len = strlen(csv_path);
    if (len > 4 && strcmp(csv_path + len - 4, ".csv") == 0) {
        snprintf(path, sizeof path, "%.*s.meta.json", (int)(len - 4), csv_path);
        FILE *f = fopen(path, "r");
        if (f) {
            fclose(f);
            return meta_read_file(path, m);
        }
    }
    if (slash)
        snprintf(path, sizeof path, "%.*s/meta.json", (int)(slash - csv_path), csv_path);
    else
        snprintf(path, sizeof path, "meta.json");
    return meta_read_file(path, m);
}

static const struct meta_leaf *find(const struct run_meta *m, const char *path) {
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->leaf[i].path, path) == 0)
            return &m->leaf[i];
    return NULL;
}

const char *meta_str(const struct run_meta *m, const char *path) {
    const struct meta_leaf *l = find(m, path);
    if (!l || (!l->is_str && strcmp(l->text, "null") == 0))
        return NULL;
    return l->text;
}

double meta_num(const struct run_meta *m, const char *path) {
    const struct meta_leaf *l = find(m, path);
    if (!l || l->is_str)
        return NAN;
    char *end;
    double x = strtod(l->text, &end);
    return end != l->text && *end == '\0' ? x : NAN;
}

void meta_free(struct run_meta *m) {
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->leaf[i].path);
        free(m->leaf[i].text);
    }
    free(m->leaf);
    memset(m, 0, sizeof *m);
}
