"""Pure-numpy parts of the identical-selection peers (flex_peer.py, fsa_peer.py):
what keys an exported selection covers, the float64 output on sampled rows, the
FlexAttention block masks and flash-sparse-attn gather lists built from it, and
the output verdict.  No torch here, so tests/cli/peer_masks.sh checks all of it
on the CPU against msabench's own exports (selmask_check.py).

Selection layouts (src/sel_layout.h), -1 pads, block b covers keys
[b*Bk, min((b+1)*Bk, N)), a query at position pos sees key j iff j <= pos:
  group_blocks  sel[Hkv, L, w] block ids, shared by the G heads of a group (msa, nsa, bigbird)
  head_blocks   sel[Hq,  L, w] block ids, one row per query head (moba)
  group_tokens  sel[Hkv, L, w] token ids, shared by the group (dsa)
"""
import numpy as np

LAYOUT = {"msa": "group_blocks", "nsa": "group_blocks", "bigbird": "group_blocks",
          "moba": "head_blocks", "dsa": "group_tokens"}
BIG = np.iinfo(np.int32).max


def bf16_to_f32(a):
    """bf16 bits ('<u2', as msabench exports device rows) -> float32; float arrays pass."""
    a = np.asarray(a)
    if a.dtype == np.uint16:
        return (a.astype(np.uint32) << 16).view(np.float32)
    return a.astype(np.float32, copy=False)


def sel_row(layout, sel, h, t, G):
    """The selection row query head h reads at query row t."""
    return sel[h if layout == "head_blocks" else h // G, t]


def key_set(layout, row, pos, bk, n):
    """Ascending key ids the row covers at position pos (visible keys only)."""
    row = row[row >= 0].astype(np.int64)
    if layout == "group_tokens":
        keys = row
    else:
        keys = (row[:, None] * bk + np.arange(bk)[None, :]).ravel()
        keys = keys[keys < n]
    return np.unique(keys[keys <= pos])


def ref_rows(layout, q, k, v, sel, rows, bk, qpos0):
    """float64 attention of every head over the keys its selection covers, on the
    sampled query rows: q [len(rows), Hq, d] (those rows), k and v [N, Hkv, d]
    (float), sel [H, L, w].  Returns [len(rows), Hq, d]."""
    hq, d = q.shape[1], q.shape[2]
    n, hkv = k.shape[0], k.shape[1]
    G = hq // hkv
    out = np.empty((len(rows), hq, d))
    for i, t in enumerate(np.asarray(rows).tolist()):
        for h in range(hq):
            keys = key_set(layout, sel_row(layout, sel, h, t, G), qpos0 + t, bk, n)
            kk = k[keys, h // G].astype(np.float64)
            s = kk @ q[i, h].astype(np.float64) / np.sqrt(d)
            p = np.exp(s - s.max())
            out[i, h] = (p / p.sum()) @ v[keys, h // G].astype(np.float64)
    return out


def rel_l2(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def verdict(err_peer, err_vs_ours, err_ours, tol=1e-2):
    """None when the peer's output agrees, else why not.  err_peer: the peer vs the
    float64 evaluation of the exported selection; err_ours: msabench's exported rows
    vs the same (when that fails the export is not the selection msabench used);
    err_vs_ours: peer vs msabench, within 2 tol when both are within tol (SPEC 8)."""
    if not all(e == e for e in (err_peer, err_vs_ours, err_ours)):
        return "NaN in an output"
    if err_ours > tol:
        return "msabench's exported rows are %.2e from its exported selection (> %g)" % (err_ours, tol)
    if err_peer > tol:
        return "peer output %.2e from the float64 evaluation (> %g)" % (err_peer, tol)
    if err_vs_ours > 2 * tol:
        return "peer output %.2e from msabench's rows (> %g)" % (err_vs_ours, 2 * tol)
    return None


# --- FlexAttention block masks -------------------------------------------------
# A flex query block of QB rows holds T tokens (T = QB when one row is one token of
# one head; T = QB / G when the G heads of a group sit on consecutive rows).  Its
# KV blocks: `full` when every row of the block selected every key of it (no
# mask_mod needed), `partial` when some row selected some of it.

def pack(m, val):
    """Boolean m [H, nqb, W] over the values val (same shape, or [nb] ids) ->
    (num [H, nqb] int32, idx [H, nqb, w] int32 ascending, padded with 0)."""
    num = m.sum(-1).astype(np.int32)
    w = max(1, int(num.max()) if num.size else 1)
    idx = np.sort(np.where(m, val, BIG), axis=-1)[..., :w]
    idx = np.where(idx == BIG, 0, idx).astype(np.int32)
    return num, np.ascontiguousarray(idx)


def _ntok_tmin(nqb, T, L, qpos0):
    qb = np.arange(nqb)
    return np.minimum(L - qb * T, T), qpos0 + qb * T


def block_union(ent, T, L, qpos0, bk, per_tok=1):
    """ent [H, L, m] block ids (-1 pad) each token's rows selected, with a block
    listed per_tok times when all of a token's rows chose it (G for a group's heads
    laid out together, else 1).  Returns (pn, pi, fn, fi) for BlockMask.from_kv_blocks."""
    H, _, m = ent.shape
    nqb = (L + T - 1) // T
    s = np.full((H, nqb * T, m), -1, np.int32)
    s[:, :L] = ent
    sv = np.sort(s.reshape(H, nqb, T * m), axis=-1)
    W = T * m
    pos = np.arange(W)
    new = np.ones(sv.shape, bool)
    new[..., 1:] = sv[..., 1:] != sv[..., :-1]
    start = np.maximum.accumulate(np.where(new, pos, -1), axis=-1)
    last = np.ones(sv.shape, bool)
    last[..., :-1] = new[..., 1:]
    cnt = pos - start + 1                     # run length, read at each run's last entry
    valid = last & (sv >= 0)
    ntok, tmin = _ntok_tmin(nqb, T, L, qpos0)
    full = valid & (cnt == (ntok * per_tok)[None, :, None]) & \
        ((sv.astype(np.int64) + 1) * bk - 1 <= tmin[None, :, None])
    part = valid & ~full
    pn, pi = pack(part, sv)
    fn, fi = pack(full, sv)
    return pn, pi, fn, fi


def token_block_union(sel, T, L, qpos0, bk, nb, chunk_tokens=8192):
    """The same for token selections sel [H, L, w] (token ids, -1 pad): a block is
    full when every token of the query block selected all Bk of its keys."""
    H = sel.shape[0]
    nqb = (L + T - 1) // T
    cnt = np.zeros((H, nqb, nb), np.int32)
    step = max(T, chunk_tokens // T * T)
    for h in range(H):
        for t0 in range(0, L, step):
            t1 = min(L, t0 + step)
            s = sel[h, t0:t1]
            ok = s >= 0
            qb = (np.arange(t0, t1) // T - t0 // T)[:, None]
            key = (qb * nb + s.astype(np.int64) // bk)[ok]
            c = (t1 - t0 + T - 1) // T
            cnt[h, t0 // T:t0 // T + c] += np.bincount(key, minlength=c * nb).reshape(c, nb)
    ntok, tmin = _ntok_tmin(nqb, T, L, qpos0)
    b = np.arange(nb, dtype=np.int64)
    full = (cnt == (ntok * bk)[None, :, None]) & ((b + 1) * bk - 1 <= tmin[:, None])[None]
    part = (cnt > 0) & ~full
    pn, pi = pack(part, np.broadcast_to(b.astype(np.int32), cnt.shape))
    fn, fi = pack(full, np.broadcast_to(b.astype(np.int32), cnt.shape))
    return pn, pi, fn, fi


def flex_plan(layout, sel, G, L, n, qpos0, bk, QB=128, force=None):
    """The block mask a FlexAttention peer runs for this selection: group selections
    lay the queries out [Hkv, token, G] (a QB-row block = QB/G tokens, their union);
    per-head selections try that and [Hq, token] (enable_gqa) and keep the one with
    fewer blocks to compute (the peer's best shot; force: 'kv' or 'q' takes that
    one).  Returns a dict: pn, pi, fn, fi, rows_per_tok (G or 1), heads ('kv' or 'q')."""
    nb = (n + bk - 1) // bk
    if layout == "group_tokens":
        m = token_block_union(sel, QB // G, L, qpos0, bk, nb)
        return dict(zip(("pn", "pi", "fn", "fi"), m), rows_per_tok=G, heads="kv")
    if layout == "group_blocks":
        m = block_union(sel, QB // G, L, qpos0, bk)
        return dict(zip(("pn", "pi", "fn", "fi"), m), rows_per_tok=G, heads="kv")
    a = block_union(fold_heads(sel, G), QB // G, L, qpos0, bk, per_tok=G) if force != "q" else None
    b = block_union(sel, QB, L, qpos0, bk) if force != "kv" else None
    if b is None or (a is not None and
                     int(a[0].sum()) + int(a[2].sum()) <= int(b[0].sum()) + int(b[2].sum())):
        return dict(zip(("pn", "pi", "fn", "fi"), a), rows_per_tok=G, heads="kv")
    return dict(zip(("pn", "pi", "fn", "fi"), b), rows_per_tok=1, heads="q")


def fold_heads(sel, G):
    """Per-head block rows [Hq, L, w] -> per-token entries of each group [Hkv, L, G*w]
    (the [Hkv, token, G] query layout: the group's heads on consecutive rows)."""
    hq, L, w = sel.shape
    return np.ascontiguousarray(sel.reshape(hq // G, G, L, w).transpose(0, 2, 1, 3)
                                .reshape(hq // G, L, G * w))


def mask_keys(layout, sel, pn, pi, fn, fi, h, r, rows_per_tok, G, qpos0, bk, n, QB):
    """What a FlexAttention call with this block mask attends for flex head h, query
    row r (rows_per_tok rows per token): the full blocks' keys plus the keys of the
    partial blocks its mask_mod admits.  The CPU check of the masks (selmask_check.py)."""
    j = r // QB
    t = r // rows_per_tok
    pos = qpos0 + t
    if layout == "head_blocks":       # the row's own head: flex head h is a group or a head
        hsel = h * G + r % G if rows_per_tok == G else h
        row = sel[hsel, t]
    else:
        row = sel[h, t]
    mine = set(key_set(layout, row, pos, bk, n).tolist())
    keys = set()
    for b in fi[h, j, :fn[h, j]].tolist():
        keys.update(range(b * bk, min(n, b * bk + bk)))
    for b in pi[h, j, :pn[h, j]].tolist():
        keys.update(x for x in range(b * bk, min(n, b * bk + bk)) if x in mine)
    return np.array(sorted(keys), dtype=np.int64)


# --- flash-sparse-attn gather lists ---------------------------------------------

def gather_list(layout, sel, h, t0, t1, qpos0, bk, n, offset, mult=128):
    """fsa's gather_kv_indices for tokens t0..t1 of selection row h: each token's
    visible selected keys (+ offset: the head's place in a head-major KV), -1 for
    the rest, padded in front to a multiple of mult, reversed so the -1 entries come first: the decode kernel walks its
    tiles from the last one and starts on a valid key (sel rows list ascending ids
    with -1 at the end, so the reversed last entry is the smallest selected key)."""
    s = sel[h, t0:t1].astype(np.int64)
    pos = qpos0 + np.arange(t0, t1)[:, None]
    if layout == "group_tokens":
        tok = s
        ok = s >= 0
    else:
        tok = (s[:, :, None] * bk + np.arange(bk)[None, None, :]).reshape(len(s), -1)
        ok = np.repeat(s >= 0, bk, axis=1)
    ok &= (tok <= pos) & (tok < n)
    g = np.where(ok, tok + offset, -1)[:, ::-1]
    pad = -g.shape[1] % mult                  # the kernel reads whole tiles: -1 in front
    if pad:
        g = np.concatenate([np.full((len(g), pad), -1, g.dtype), g], axis=1)
    return np.ascontiguousarray(g, dtype=np.int32)
