/* meta_read.c - meta.json read with jansson; every scalar is kept under its
 * dotted path (meta_read.h), the form plot, compare and merge look leaves up by. */
#include "meta_read.h"

#include "regfile.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define META_MAX_BYTES (16 << 20) /* meta.json is a few KiB; refuse the absurd */

struct flat {
    struct run_meta *m;
    size_t cap;
};

static int add_leaf(struct flat *fl, const char *path, const char *text, bool is_str) {
    struct run_meta *m = fl->m;
    if (m->n == fl->cap) {
        size_t cap = fl->cap ? 2 * fl->cap : 32;
        struct meta_leaf *l = realloc(m->leaf, cap * sizeof *l);
        if (!l)
            return -1;
        m->leaf = l;
        fl->cap = cap;
    }
    char *p = strdup(path), *t = strdup(text);
    if (!p || !t) {
        free(p);
        free(t);
        return -1;
    }
    m->leaf[m->n++] = (struct meta_leaf){p, t, is_str};
    return 0;
}

/* Numbers as text the old reader kept: integers plainly, reals round-trip. */
static int flatten(struct flat *fl, const json_t *v, const char *path) {
    char text[64], sub[512];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x) {
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
            if (flatten(fl, x, sub) != 0)
                return -1;
        }
        return 0;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            snprintf(sub, sizeof sub, "%s%s%zu", path, *path ? "." : "", i);
            if (flatten(fl, x, sub) != 0)
                return -1;
        }
        return 0;
    }
    case JSON_STRING:
        return add_leaf(fl, path, json_string_value(v), true);
    case JSON_INTEGER:
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return add_leaf(fl, path, text, false);
    case JSON_REAL:
        snprintf(text, sizeof text, "%.17g", json_real_value(v));
        return add_leaf(fl, path, text, false);
    case JSON_TRUE:
        return add_leaf(fl, path, "true", false);
    case JSON_FALSE:
        return add_leaf(fl, path, "false", false);
    case JSON_NULL:
        return add_leaf(fl, path, "null", false);
    }
    return 0;
}

enum attn_status meta_parse_buffer(const char *name, const char *buf, size_t len,
                                   struct run_meta *m) {
    enum attn_status st = ATTN_OK;
    json_error_t je;
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", name);
    /* strict JSON: no NUL bytes in strings, one value */
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        attn_set_error("%s:%d:%d: malformed JSON: %s", name, je.line > 0 ? je.line : 1,
                       je.column > 0 ? je.column : 1, je.text);
        return ATTN_ERR_PARSE;
    }
    if (!json_is_object(root)) {
        attn_set_error("%s:1:1: malformed JSON: the top level must be an object", name);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    struct flat fl = {m, 0};
    if (flatten(&fl, root, "") != 0) {
        attn_set_error("%s: out of memory", name);
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    m->present = true;
cleanup:
    json_decref(root);
    if (st != ATTN_OK) {
        char keep[sizeof m->path];
        memcpy(keep, m->path, sizeof keep);
        meta_free(m);
        memcpy(m->path, keep, sizeof keep);
    }
    return st;
}

enum attn_status meta_read_file(const char *json_path, struct run_meta *m) {
    enum attn_status st = ATTN_OK;
    char *buf = NULL, why[128];
    size_t len = 0;
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", json_path);
    FILE *f = regfile_open(json_path, why, sizeof why);
    if (!f) {
        if (errno == ENOENT)
            return ATTN_OK; /* no meta: present stays false */
        attn_set_error("%s: %s", json_path, why);
        return ATTN_ERR_IO;
    }
    buf = malloc(META_MAX_BYTES + 1);
    if (!buf) {
        st = ATTN_ERR_NOMEM;
        attn_set_error("%s: out of memory", json_path);
        goto cleanup;
    }
    len = fread(buf, 1, META_MAX_BYTES + 1, f);
    if (ferror(f)) {
        st = ATTN_ERR_IO;
        attn_set_error("%s: read failed", json_path);
        goto cleanup;
    }
    if (len > META_MAX_BYTES) {
        st = ATTN_ERR_PARSE;
        attn_set_error("%s: larger than %d MiB: not a meta.json", json_path, META_MAX_BYTES >> 20);
        goto cleanup;
    }
    st = meta_parse_buffer(json_path, buf, len, m);
cleanup:
    fclose(f);
    free(buf);
    return st;
}

enum attn_status meta_read_beside(const char *csv_path, struct run_meta *m) {
    char path[4096];
    const char *slash = strrchr(csv_path, '/');
    /* NAME.csv keeps its own NAME.meta.json (committed baselines); else DIR/meta.json */
    size_t len = strlen(csv_path);
    if (len > 4 && strcmp(csv_path + len - 4, ".csv") == 0) {
        snprintf(path, sizeof path, "%.*s.meta.json", (int)(len - 4), csv_path);
        FILE *f = regfile_open(path, NULL, 0);
        if (f) {
            fclose(f);
            return meta_read_file(path, m);
        }
        if (errno != ENOENT) /* there but unreadable (a FIFO, say): say so */
            return meta_read_file(path, m);
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
