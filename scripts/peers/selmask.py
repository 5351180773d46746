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

CELLS = 1 << 24     # count cells per chunk of union(); the CPU check also runs it tiny


def union(ent, H, L, T, nb, need, qpos0, bk):
    """The block lists of every (flex head, query block) by counting: ent(h, t0, t1)
    gives the block id of every selection entry of tokens t0..t1 ([t1 - t0, m], -1
    pads); a block is full when its count is need(ntok) (every row of the query
    block chose all of it) and it is wholly visible to the block's first token.
    Chunked over query blocks so the counts stay below CELLS.  Returns
    (pn [H, nqb], pi [H, nqb, w], fn, fi) int32, ids ascending then 0, one width."""
    nqb = (L + T - 1) // T
    m = ent(0, 0, min(L, T)).shape[1]
    c = max(1, min(CELLS // nb, CELLS // max(1, T * m)))
    b = np.arange(nb, dtype=np.int64)
    num = [np.zeros((H, nqb), np.int32) for _ in range(2)]
    parts = [[], []]
    for h in range(H):
        for j0 in range(0, nqb, c):
            j1 = min(nqb, j0 + c)
            t0, t1 = j0 * T, min(L, j1 * T)
            blk = ent(h, t0, t1)
            key = (np.arange(t0, t1, dtype=np.int32) // T - j0)[:, None] * np.int32(nb) + blk
            # -1 pads (rare past the first tokens)
            key = key[blk >= 0] if blk.min() < 0 else key.ravel()
            cnt = np.bincount(key, minlength=(j1 - j0) * nb).reshape(j1 - j0, nb)
            qb = np.arange(j0, j1)
            ntok, tmin = np.minimum(L - qb * T, T), qpos0 + qb * T
            full = (cnt == need(ntok)[:, None]) & ((b + 1) * bk - 1 <= tmin[:, None])
            for i, mk in enumerate(((cnt > 0) & ~full, full)):
                num[i][h, j0:j1] = mk.sum(-1)
                hh, jj = np.nonzero(mk)       # row-major: each row's ids ascending
                parts[i].append((h, j0 + hh, jj, np.cumsum(mk, -1)[hh, jj] - 1))
    w = max(1, int(num[0].max()), int(num[1].max()))
    out = []
    for i in range(2):
        idx = np.zeros((H, nqb, w), np.int32)
        for h, jq, ids, col in parts[i]:
            idx[h, jq, col] = ids
        out += [num[i], idx]
    return tuple(out)


def block_union(ent, T, L, qpos0, bk, nb, per_tok=1):
    """Block selections ent [H, L, m] (a token's rows' block ids, a block listed
    per_tok times when all of a token's rows chose it: G for a group's heads laid
    out together, else 1) -> (pn, pi, fn, fi) for BlockMask.from_kv_blocks."""
    return union(lambda h, t0, t1: ent[h, t0:t1], ent.shape[0], L, T, nb,
                 lambda ntok: ntok * per_tok, qpos0, bk)


def token_block_union(sel, T, L, qpos0, bk, nb):
    """The same for token selections sel [H, L, w] (token ids, -1 pad): a block is
    full when every token of the query block selected all Bk of its keys."""
    return union(lambda h, t0, t1: sel[h, t0:t1] // np.int32(bk),     # -1 // bk == -1
                 sel.shape[0], L, T, nb, lambda ntok: ntok * bk, qpos0, bk)


def flex_plan(layout, sel, G, L, n, qpos0, bk, QB=128, force=None):
    """The block mask a FlexAttention peer runs for this selection: group selections
    lay the queries out [Hkv, token, G] (a QB-row block = QB/G tokens, their union);
    per-head selections try that and [Hq, token] (enable_gqa) and keep the one with
    fewer blocks to compute (the peer's best shot; force: 'kv' or 'q' takes that
    one).  Returns a dict: pn, pi, fn, fi, rows_per_tok (G or 1), heads ('kv' or 'q')."""
    nb = (n + bk - 1) // bk
    keys = ("pn", "pi", "fn", "fi")
    if layout == "group_tokens":
        return dict(zip(keys, token_block_union(sel, QB // G, L, qpos0, bk, nb)),
                    rows_per_tok=G, heads="kv")
    if layout == "group_blocks":
        return dict(zip(keys, block_union(sel, QB // G, L, qpos0, bk, nb)),
                    rows_per_tok=G, heads="kv")
    a = b = None
    if force != "q":
        a = block_union(fold_heads(sel, G), QB // G, L, qpos0, bk, nb, per_tok=G)
    if force != "kv":
        b = block_union(sel, QB, L, qpos0, bk, nb)
    if b is None or (a is not None and
                     int(a[0].sum()) + int(a[2].sum()) <= int(b[0].sum()) + int(b[2].sum())):
        return dict(zip(keys, a), rows_per_tok=G, heads="kv")
    return dict(zip(keys, b), rows_per_tok=1, heads="q")


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
    the rest, padded in front to a multiple of mult, reversed so the -1 entries come
    first: the decode kernel walks its tiles from the last one and must start on a
    valid key (a selection row's first entry is its first selected block or token,
    visible, so the reversed last entry is a key).  int32: offset + n < 2^31."""
    s = sel[h, t0:t1].astype(np.int32)
    pos = (qpos0 + np.arange(t0, t1, dtype=np.int32))[:, None, None]
    if layout == "group_tokens":
        tok = s[:, :, None]
    else:
        tok = s[:, :, None] * bk + np.arange(bk, dtype=np.int32)[None, None, :]
    ok = (s >= 0)[:, :, None] & (tok <= pos) & (tok < n)
    g = np.where(ok, tok + np.int32(offset), np.int32(-1)).reshape(len(s), -1)[:, ::-1]
    pad = -g.shape[1] % mult                  # the kernel reads whole tiles: -1 in front
    if pad:
        g = np.concatenate([np.full((len(g), pad), -1, np.int32), g], axis=1)
    return np.ascontiguousarray(g)
