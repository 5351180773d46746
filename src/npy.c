/* npy.c - reading and writing NumPy .npy files (format versions 1-3).
 * Reads little-endian float32 '<f4', float16 '<f2' and bfloat16 bits stored
 * as '<u2' into float32; writes float32 and int32.  Every failure names the
 * file and the reason through attn_set_error(). */
#include "alloc.h"
#include "data.h"
#include "device.h"
#include "regfile.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NPY_MAX_HEADER (1 << 20)

enum npy_type { NPY_F4, NPY_F2, NPY_BF16 };

static float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h >> 15) << 31;
    const uint32_t e = (h >> 10) & 0x1f, man = h & 0x3ff;
    uint32_t bits;
    if (e == 0) {
        /* zero or subnormal: man * 2^-24, exact in float */
        float f = (float)man * 0x1.0p-24f;
        memcpy(&bits, &f, 4);
        bits |= sign;
    } else if (e == 31) {
        bits = sign | 0x7f800000u | (man << 13); /* inf / nan */
    } else {
        bits = sign | ((e - 15 + 127) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static float bf16_to_float(uint16_t b) {
    uint32_t bits = (uint32_t)b << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/* Finds `'key':` in the header dict; returns the text after the colon. */
static const char *dict_value(const char *hdr, const char *key) {
    char pat[64];
    snprintf(pat, sizeof pat, "'%s'", key);
    const char *p = strstr(hdr, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

static enum attn_status parse_header(const char *path, const char *hdr, int bf16_u16,
                                     enum npy_type *type, struct npy_array *out) {
    const char *p = dict_value(hdr, "descr");
    char descr[32] = "";
    if (p && (*p == '\'' || *p == '"')) {
        const char q = *p++;
        size_t n = 0;
        while (*p && *p != q && n + 1 < sizeof descr)
            descr[n++] = *p++;
        descr[n] = '\0';
        if (*p != q)
            p = NULL;
    } else {
        p = NULL;
    }
    if (!p) {
        attn_set_error("%s: malformed .npy header (no 'descr')", path);
        return ATTN_ERR_PARSE;
    }
    if (strcmp(descr, "<f4") == 0) {
        *type = NPY_F4;
    } else if (strcmp(descr, "<f2") == 0) {
        *type = NPY_F2;
    } else if (strcmp(descr, "<u2") == 0 && bf16_u16) {
        *type = NPY_BF16;
    } else {
        attn_set_error("%s: unsupported dtype '%s' (need '<f4', '<f2', or bfloat16 bits as '<u2')",
                       path, descr);
        return ATTN_ERR_PARSE;
    }
    p = dict_value(hdr, "fortran_order");
    if (!p || (strncmp(p, "False", 5) != 0 && strncmp(p, "True", 4) != 0)) {
        attn_set_error("%s: malformed .npy header (no 'fortran_order')", path);
        return ATTN_ERR_PARSE;
    }
    if (strncmp(p, "True", 4) == 0) {
        attn_set_error("%s: Fortran-order array not supported (save it in C order)", path);
        return ATTN_ERR_PARSE;
    }
    p = dict_value(hdr, "shape");
    if (!p || *p != '(') {
        attn_set_error("%s: malformed .npy header (no 'shape')", path);
        return ATTN_ERR_PARSE;
    }
    p++;
    out->ndim = 0;
    for (;;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ')')
            break;
        if (!isdigit((unsigned char)*p)) {
            attn_set_error("%s: malformed .npy shape", path);
            return ATTN_ERR_PARSE;
        }
        char *end;
        errno = 0;
        long long v = strtoll(p, &end, 10);
        if (errno || v < 0) {
            attn_set_error("%s: malformed .npy shape", path);
            return ATTN_ERR_PARSE;
        }
        if (out->ndim == 4) {
            attn_set_error("%s: arrays of more than 4 dimensions are not supported", path);
            return ATTN_ERR_PARSE;
        }
        out->dims[out->ndim++] = v;
        p = end;
    }
    if (out->ndim == 0) {
        attn_set_error("%s: scalar .npy arrays are not supported", path);
        return ATTN_ERR_PARSE;
    }
    return ATTN_OK;
}

/* The first NaN or Inf: the kernels assume finite inputs (a NaN made UBSan
 * abort in softmax and release builds record rows as ok), so it is refused
 * with its flat index and its index per dimension. */
static enum attn_status check_finite(const char *path, const struct npy_array *a, int64_t numel) {
    for (int64_t i = 0; i < numel; i++) {
        if (isfinite(a->data[i]))
            continue;
        char idx[128];
        int n = 0;
        int64_t rest = i, stride = numel;
        for (int d = 0; d < a->ndim; d++) {
            stride /= a->dims[d];
            n += snprintf(idx + n, sizeof idx - (size_t)n, "%s%lld", d ? ", " : "",
                          (long long)(rest / stride));
            rest %= stride;
        }
        attn_set_error("%s: element %lld [%s] is %s: inputs must be finite", path, (long long)i,
                       idx, isnan(a->data[i]) ? "NaN" : "Inf");
        return ATTN_ERR_PARSE;
    }
    return ATTN_OK;
}

enum attn_status npy_load(const char *path, int bf16_u16, struct npy_array *out) {
    memset(out, 0, sizeof *out);
    if (!path || !*path) {
        attn_set_error("npy: empty path");
        return ATTN_ERR_INVALID;
    }
    char why[128];
    FILE *f = regfile_open(path, why, sizeof why);
    if (!f) {
        attn_set_error("cannot open '%s': %s", path, why);
        return ATTN_ERR_IO;
    }
    enum attn_status st = npy_load_stream(path, f, bf16_u16, out);
    fclose(f);
    return st;
}

enum attn_status npy_load_stream(const char *path, FILE *f, int bf16_u16, struct npy_array *out) {
    enum attn_status st = ATTN_OK;
    char *hdr = NULL;
    unsigned char *raw = NULL;
    memset(out, 0, sizeof *out);
    unsigned char pre[12];
    size_t got = fread(pre, 1, 10, f);
    if (got < 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
        attn_set_error("%s: not a .npy file (bad magic)", path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    size_t hlen, off;
    if (got < 10) {
        attn_set_error("%s: truncated .npy header", path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    if (pre[6] == 1) {
        hlen = pre[8] | (size_t)pre[9] << 8;
        off = 10;
    } else if (pre[6] == 2 || pre[6] == 3) {
        if (fread(pre + 10, 1, 2, f) != 2) {
            attn_set_error("%s: truncated .npy header", path);
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
        hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
        off = 12;
    } else {
        attn_set_error("%s: unsupported .npy format version %d.%d", path, pre[6], pre[7]);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    if (hlen > NPY_MAX_HEADER) {
        attn_set_error("%s: .npy header too long (%zu bytes)", path, hlen);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    hdr = malloc(hlen + 1);
    if (!hdr) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if (fread(hdr, 1, hlen, f) != hlen) {
        attn_set_error("%s: truncated .npy header", path);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    hdr[hlen] = '\0';
    /* NumPy ends the header with '\n' (after space padding); a length field
     * that stops short of it would read the data from inside the header. */
    if (hlen == 0 || hdr[hlen - 1] != '\n' || !memchr(hdr, '}', hlen)) {
        attn_set_error("%s: malformed .npy header: the header-length field (%zu) does not end "
                       "at the header's closing newline",
                       path, hlen);
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    enum npy_type type;
    st = parse_header(path, hdr, bf16_u16, &type, out);
    if (st != ATTN_OK)
        goto cleanup;
    int64_t numel = 1;
    for (int i = 0; i < out->ndim; i++) {
        if (out->dims[i] != 0 && numel > INT64_MAX / 8 / out->dims[i]) {
            attn_set_error("%s: array too large", path);
            st = ATTN_ERR_PARSE;
            goto cleanup;
        }
        numel *= out->dims[i];
    }
    const size_t isz = type == NPY_F4 ? 4 : 2;
    const int64_t need = numel * (int64_t)isz;
    if (fseeko(f, 0, SEEK_END) != 0) {
        attn_set_error("%s: cannot seek: %s", path, strerror(errno));
        st = ATTN_ERR_IO;
        goto cleanup;
    }
    const int64_t have = (int64_t)ftello(f) - (int64_t)(off + hlen);
    if (have < need) {
        attn_set_error("%s: truncated data: shape needs %lld bytes, file holds %lld", path,
                       (long long)need, (long long)(have < 0 ? 0 : have));
        st = ATTN_ERR_PARSE;
        goto cleanup;
    }
    if (fseeko(f, (off_t)(off + hlen), SEEK_SET) != 0) {
        attn_set_error("%s: cannot seek: %s", path, strerror(errno));
        st = ATTN_ERR_IO;
        goto cleanup;
    }
    out->data = attn_host_alloc((size_t)(numel ? numel : 1) * sizeof(float));
    if (!out->data) {
        attn_set_error("%s: out of memory for %lld values", path, (long long)numel);
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if (type == NPY_F4) {
        if (fread(out->data, 4, (size_t)numel, f) != (size_t)numel) {
            attn_set_error("%s: read failed", path);
            st = ATTN_ERR_IO;
            goto cleanup;
        }
        /* little-endian host assumed (x86-64, aarch64) */
    } else {
        const size_t chunk = 1 << 16;
        raw = malloc(chunk * 2);
        if (!raw) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        for (int64_t i = 0; i < numel;) {
            size_t n = (size_t)(numel - i) < chunk ? (size_t)(numel - i) : chunk;
            if (fread(raw, 2, n, f) != n) {
                attn_set_error("%s: read failed", path);
                st = ATTN_ERR_IO;
                goto cleanup;
            }
            for (size_t e = 0; e < n; e++) {
                const uint16_t u = (uint16_t)(raw[2 * e] | raw[2 * e + 1] << 8);
                out->data[i + (int64_t)e] = type == NPY_F2 ? half_to_float(u) : bf16_to_float(u);
            }
            i += (int64_t)n;
        }
    }
    st = check_finite(path, out, numel);
cleanup:
    if (st != ATTN_OK) {
        attn_host_free(out->data);
        out->data = NULL;
    }
    free(raw);
    free(hdr);
    return st;
}

/* Writes the v1 header; *numel gets the element count.  NULL on error (set). */
static FILE *npy_open_write(const char *path, const char *descr, int ndim, const int64_t *dims,
                            int64_t *numel) {
    if (ndim < 1 || ndim > 8) {
        attn_set_error("npy_save %s: ndim %d out of range", path, ndim);
        return NULL;
    }
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
    *numel = 1;
    for (int i = 0; i < ndim; i++) {
        n += snprintf(hdr + n, sizeof hdr - (size_t)n, "%lld,%s", (long long)dims[i],
                      i + 1 < ndim ? " " : "");
        *numel *= dims[i];
    }
    if (ndim > 1)
        n--; /* a 1-tuple keeps its trailing comma, longer ones drop it */
    n += snprintf(hdr + n, sizeof hdr - (size_t)n, "), }");
    /* pad with spaces and a newline so the data starts 64-byte aligned */
    int total = 10 + n + 1;
    int pad = (64 - total % 64) % 64;
    memset(hdr + n, ' ', (size_t)pad);
    n += pad;
    hdr[n++] = '\n';
    FILE *f = fopen(path, "wb");
    if (!f) {
        attn_set_error("cannot create '%s': %s", path, strerror(errno));
        return NULL;
    }
    unsigned char pre[10] = {
        0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(n & 0xff), (unsigned char)(n >> 8)};
    if (fwrite(pre, 1, 10, f) != 10 || fwrite(hdr, 1, (size_t)n, f) != (size_t)n) {
        attn_set_error("write to '%s' failed: %s", path, strerror(errno));
        fclose(f);
        return NULL;
    }
    return f;
}

static enum attn_status npy_close_write(FILE *f, const char *path, int ok) {
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        attn_set_error("write to '%s' failed: %s", path, strerror(errno));
        return ATTN_ERR_IO;
    }
    return ATTN_OK;
}

static enum attn_status npy_save(const char *path, const char *descr, const void *data, size_t isz,
                                 int ndim, const int64_t *dims) {
    int64_t numel;
    FILE *f = npy_open_write(path, descr, ndim, dims, &numel);
    if (!f)
        return ATTN_ERR_IO;
    return npy_close_write(f, path, fwrite(data, isz, (size_t)numel, f) == (size_t)numel);
}

/* bf16 bits ('<u2', the form npy_load(.., bf16_u16 = 1) and torch's view(bfloat16)
 * read), rounded to nearest even from float32 in 1 Mi-element pieces: no
 * second full-size copy of a 16 GiB tensor. */
enum attn_status npy_save_bf16(const char *path, const float *data, int ndim, const int64_t *dims) {
    int64_t numel;
    FILE *f = npy_open_write(path, "<u2", ndim, dims, &numel);
    if (!f)
        return ATTN_ERR_IO;
    enum { PIECE = 1 << 20 };
    uint16_t *buf = malloc(PIECE * sizeof *buf);
    int ok = buf != NULL;
    for (int64_t i = 0; ok && i < numel; i += PIECE) {
        const int64_t m = numel - i < PIECE ? numel - i : PIECE;
        for (int64_t j = 0; j < m; j++)
            buf[j] = attn_f32_to_bf16(data[i + j]);
        ok = fwrite(buf, sizeof *buf, (size_t)m, f) == (size_t)m;
    }
    free(buf);
    return npy_close_write(f, path, ok);
}

enum attn_status npy_save_f32(const char *path, const float *data, int ndim, const int64_t *dims) {
    return npy_save(path, "<f4", data, 4, ndim, dims);
}

enum attn_status npy_save_i32(const char *path, const int32_t *data, int ndim,
                              const int64_t *dims) {
    return npy_save(path, "<i4", data, 4, ndim, dims);
}

enum attn_status npy_save_i64(const char *path, const int64_t *data, int ndim,
                              const int64_t *dims) {
    return npy_save(path, "<i8", data, 8, ndim, dims);
}

void npy_free(struct npy_array *a) {
    if (!a)
        return;
    attn_host_free(a->data);
    a->data = NULL;
}
