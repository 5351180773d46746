"""union_sizes.py EXPORT_DIR [TOKENS ...] - what a union main branch (flash ws_v1 over unions:
nsa/cuda/ws, msa/cuda/ws) would visit for each exported group-block selection: per tile of
TOKENS consecutive query rows (default 8 and 16, i.e. 128 / G rows of G heads) and KV group, the
number of distinct blocks, and useful / visited = the blocks the rows select over
TOKENS x the union.  EXPORT_DIR is `msabench run ... --export DIR`'s folder (index.tsv and
<hash>/sel.npy, int32 [B, Hkv, L, w], -1 pads).  Plain Python: the .npy header is matched
field by field, never evaluated."""
import array
import os
import re
import sys

HDR = re.compile(r"^\{'descr': '<i4', 'fortran_order': False, 'shape': \((\d+), (\d+), (\d+), (\d+)\), \}\s*$")


def load_sel(path):
    with open(path, "rb") as f:
        b = f.read()
    if b[:6] != b"\x93NUMPY" or b[6] != 1:
        raise ValueError("%s: not a version 1 .npy file" % path)
    hl = int.from_bytes(b[8:10], "little")
    m = HDR.match(b[10:10 + hl].decode("latin-1"))
    if not m:
        raise ValueError("%s: not an int32 [B, Hkv, L, w] C-order array" % path)
    shape = tuple(int(x) for x in m.groups())
    a = array.array("i")
    a.frombytes(b[10 + hl:])
    if sys.byteorder != "little":
        a.byteswap()
    if len(a) != shape[0] * shape[1] * shape[2] * shape[3]:
        raise ValueError("%s: %d values for shape %s" % (path, len(a), shape))
    return shape, a


def union_stats(shape, a, tq):
    B, H, L, w = shape
    tiles = picked = visited = usum = 0
    for base in range(0, B * H * L * w, L * w):  # one (batch, group)
        for t0 in range(0, L, tq):
            u = set()
            for t in range(t0, min(L, t0 + tq)):
                row = [x for x in a[base + t * w:base + (t + 1) * w] if x >= 0]
                u.update(row)
                picked += len(row)
            tiles += 1
            usum += len(u)
            visited += len(u) * min(tq, L - t0)  # row-blocks the tile computes
    return tiles, usum / tiles if tiles else 0.0, picked / visited if visited else 0.0


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__ + "\n")
        return 2
    d, tqs = argv[1], [int(x) for x in argv[2:]] or [8, 16]
    with open(os.path.join(d, "index.tsv")) as f:
        for line in f:
            fld = line.rstrip("\n").split("\t")
            if len(fld) < 3 or not re.fullmatch(r"[0-9a-f]{16}", fld[0]):
                continue
            p = os.path.join(d, fld[0], "sel.npy")
            if not os.path.exists(p):
                continue
            shape, a = load_sel(p)
            data = next((x for x in fld[1].split(",") if x in ("structured", "normal", "real")), "?")
            for tq in tqs:
                n, ub, frac = union_stats(shape, a, tq)
                print("%-8s %-10s %s  tokens/tile %2d  union %.1f blocks  useful/visited %.2f" %
                      (fld[2], data, "x".join(map(str, shape)), tq, ub, frac))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
