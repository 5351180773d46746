/* csv.c - the generic CSV reader of results.h (RFC 4180) for plot and compare.
 *
 * The first record is the header.  Fields are separated by ',', records by LF
 * or CRLF; a field in double quotes may hold ',', CR, LF and "" (one quote).
 * A quote inside an unquoted field is kept as text (lenient, like most
 * readers).  Blank lines are skipped.  Every record must have as many cells as
 * the header; errors name the file and the line where the record starts. */
#include "dupcheck.h"
#include "regfile.h"
#include "results.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Growable byte buffer for the cell being read. */
struct cbuf {
    char *s;
    size_t n, cap;
};

static int cbuf_put(struct cbuf *b, char c) {
    if (b->n + 1 >= b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        char *s = realloc(b->s, cap);
        if (!s)
            return -1;
        b->s = s;
        b->cap = cap;
    }
    b->s[b->n++] = c;
    b->s[b->n] = '\0';
    return 0;
}

/* One record as a list of cell offsets into a cbuf holding "cell\0cell\0...". */
struct record {
    struct cbuf text;
    size_t *off;
    size_t n, cap;
    size_t cur; /* offset where the cell being read starts */
};

static int record_end_cell(struct record *r) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        size_t *off = realloc(r->off, cap * sizeof *off);
        if (!off)
            return -1;
        r->off = off;
        r->cap = cap;
    }
    if (cbuf_put(&r->text, '\0') < 0)
        return -1;
    r->off[r->n++] = r->cur;
    r->cur = r->text.n;
    return 0;
}

/* Copies the record into one allocation: ncell pointers, then the strings,
 * so that csv_free frees a row with a single free(). */
static char **record_pack(const struct record *r) {
    size_t bytes = r->n * sizeof(char *) + r->text.n + 1;
    char **row = malloc(bytes);
    if (!row)
        return NULL;
    char *strs = (char *)(row + r->n);
    memcpy(strs, r->text.s ? r->text.s : "", r->text.n);
    strs[r->text.n] = '\0';
    for (size_t i = 0; i < r->n; i++)
        row[i] = strs + r->off[i];
    return row;
}

enum reader_result { REC_OK, REC_EOF, REC_ERR_QUOTE, REC_ERR_AFTER_QUOTE, REC_ERR_NOMEM };

/* Reads one record starting at *pos; *line is the current line number and is
 * advanced past every newline consumed.  A blank line yields zero cells. */
static enum reader_result read_record(const char *s, size_t len, size_t *pos, long *line,
                                      struct record *r) {
    size_t i = *pos;
    r->n = 0;
    r->cur = 0;
    r->text.n = 0;
    if (r->text.s)
        r->text.s[0] = '\0';
    if (i >= len)
        return REC_EOF;
    /* a blank line: no cells */
    if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
        i += s[i] == '\r' ? 2 : 1;
        (*line)++;
        *pos = i;
        return REC_OK;
    }
    for (;;) {
        /* one cell */
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return REC_ERR_QUOTE;
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        if (cbuf_put(&r->text, '"') < 0)
                            return REC_ERR_NOMEM;
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (s[i] == '\n')
                    (*line)++;
                if (cbuf_put(&r->text, s[i]) < 0)
                    return REC_ERR_NOMEM;
                i++;
            }
            if (i < len && s[i] != ',' && s[i] != '\n' &&
                !(s[i] == '\r' && (i + 1 >= len || s[i + 1] == '\n')))
                return REC_ERR_AFTER_QUOTE;
        } else {
            while (i < len && s[i] != ',' && s[i] != '\n' &&
                   !(s[i] == '\r' && (i + 1 >= len || s[i + 1] == '\n'))) {
                if (cbuf_put(&r->text, s[i]) < 0)
                    return REC_ERR_NOMEM;
                i++;
            }
        }
        if (record_end_cell(r) < 0)
            return REC_ERR_NOMEM;
        if (i >= len)
            break;
        if (s[i] == ',') {
            i++;
            continue;
        }
        /* end of line: \n or \r\n (or a lone \r at the very end) */
        i += s[i] == '\r' ? (i + 1 < len ? 2 : 1) : 1;
        (*line)++;
        break;
    }
    *pos = i;
    return REC_OK;
}

static char *slurp(const char *path, size_t *len, char *why, size_t why_n) {
    FILE *f = regfile_open(path, why, why_n);
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? 2 * cap : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

/* Every column name once; sorted, not pairwise (200k columns took 40 s). */
static enum attn_status check_header(const char *path, long line, const struct csv_table *t) {
    size_t *first = malloc((t->ncol ? t->ncol : 1) * sizeof *first);
    if (!first || dup_first((const char *const *)t->col, t->ncol, first) != 0) {
        free(first);
        attn_set_error("%s: out of memory", path);
        return ATTN_ERR_NOMEM;
    }
    enum attn_status st = ATTN_OK;
    for (size_t i = 0; i < t->ncol; i++)
        if (first[i] != SIZE_MAX) {
            attn_set_error("%s:%ld: column '%s' appears twice in the header (columns %zu and %zu)",
                           path, line, t->col[i], first[i] + 1, i + 1);
            st = ATTN_ERR_PARSE;
            break;
        }
    free(first);
    return st;
}

enum attn_status csv_read(const char *path, struct csv_table *t) {
    size_t len = 0;
    char why[128] = "";
    memset(t, 0, sizeof *t);
    char *buf = slurp(path, &len, why, sizeof why);
    if (!buf) {
        attn_set_error("%s: cannot read: %s", path, why[0] ? why : strerror(errno));
        return ATTN_ERR_IO;
    }
    enum attn_status st = csv_parse_buffer(path, buf, len, t);
    free(buf);
    return st;
}

enum attn_status csv_parse_buffer(const char *path, const char *buf, size_t len,
                                  struct csv_table *t) {
    enum attn_status st = ATTN_OK;
    struct record rec = {0};
    size_t pos = 0, row_cap = 0;
    long line = 1;

    memset(t, 0, sizeof *t);
    /* a UTF-8 byte order mark is not part of the first column's name */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    /* old-Mac line ends (CR alone) would read as one long record */
    const char *cr = memchr(buf, '\r', len);
    if (cr && (size_t)(cr - buf) + 1 < len && cr[1] != '\n' && !memchr(buf, '\n', len)) {
        attn_set_error("%s:1: lines end in CR only (old Mac style); convert them to LF or CRLF "
                       "(e.g. tr '\\r' '\\n')",
                       path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }

    bool have_header = false;
    for (;;) {
        long start_line = line;
        enum reader_result rr = read_record(buf, len, &pos, &line, &rec);
        if (rr == REC_EOF)
            break;
        if (rr == REC_ERR_NOMEM) {
            attn_set_error("%s:%ld: out of memory", path, start_line);
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        if (rr == REC_ERR_QUOTE) {
            attn_set_error("%s:%ld: unterminated quoted field (the file ends inside quotes)", path,
                           start_line);
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
        if (rr == REC_ERR_AFTER_QUOTE) {
            attn_set_error("%s:%ld: unexpected character after a closing quote", path, line);
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
        if (rec.n == 0)
            continue; /* blank line */
        if (!have_header) {
            t->col = record_pack(&rec);
            if (!t->col) {
                st = ATTN_ERR_NOMEM;
                attn_set_error("%s: out of memory", path);
                goto cleanup;
            }
            t->ncol = rec.n;
            have_header = true;
            if ((st = check_header(path, start_line, t)) != ATTN_OK)
                goto cleanup;
            continue;
        }
        if (rec.n != t->ncol) {
            attn_set_error("%s:%ld: %zu cells, but the header has %zu columns", path, start_line,
                           rec.n, t->ncol);
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
        if (t->nrow == row_cap) {
            size_t cap = row_cap ? 2 * row_cap : 64;
            char ***cell = realloc(t->cell, cap * sizeof *cell);
            if (!cell) {
                st = ATTN_ERR_NOMEM;
                attn_set_error("%s: out of memory", path);
                goto cleanup;
            }
            t->cell = cell;
            row_cap = cap;
        }
        t->cell[t->nrow] = record_pack(&rec);
        if (!t->cell[t->nrow]) {
            st = ATTN_ERR_NOMEM;
            attn_set_error("%s: out of memory", path);
            goto cleanup;
        }
        t->nrow++;
    }
    if (!have_header) {
        attn_set_error("%s:1: empty file (no header line)", path);
        st = ATTN_ERR_PARSE;
    }

cleanup:
    free(rec.text.s);
    free(rec.off);
    if (st != ATTN_OK)
        csv_free(t);
    return st;
}

int csv_col(const struct csv_table *t, const char *name) {
    for (size_t i = 0; i < t->ncol; i++)
        if (strcmp(t->col[i], name) == 0)
            return (int)i;
    return -1;
}

const char *csv_get(const struct csv_table *t, size_t row, const char *name) {
    int c = csv_col(t, name);
    if (c < 0 || row >= t->nrow)
        return "";
    return t->cell[row][c];
}

double csv_num(const struct csv_table *t, size_t row, const char *name) {
    const char *s = csv_get(t, row, name);
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return NAN;
    double x = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    return end == s || *end ? NAN : x;
}

void csv_free(struct csv_table *t) {
    if (!t)
        return;
    for (size_t r = 0; r < t->nrow; r++)
        free(t->cell[r]);
    free(t->cell);
    free(t->col);
    memset(t, 0, sizeof *t);
}
