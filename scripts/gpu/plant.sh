#!/bin/sh
# plant.sh - shows that the GPU tests fail on planted bugs (issue 15: a test that cannot fail is
# a defect).  Each plant is a one-line edit of a kernel; the test program is rebuilt with it
# into .gpu-run/plant/, the source restored.  Then on the GPU machine every planted program
# must exit non-zero, and the unplanted one zero.
#   here:  sh scripts/gpu/stage.sh && sh scripts/gpu/plant.sh build   (packs .gpu-run/plant.tgz)
#   there: sh scripts/gpu/plant.sh run      (device tool, carry .gpu-run, or .gpu-run/plant.tgz
#          alone in a later call on the warm machine that still holds the rest of .gpu-run)
# PLANT_ONLY="name ..." builds only those (each planted test is ~3 MB packed, and a device call
# carries at most 64 MiB with the tree).  The 5th field, a test-name filter, runs only the cases
# the plant can reach.
set -u
cd "$(dirname "$0")/../.."
# name | file | sed expression | test program | its filter (optional)
PLANTS='moba_first_block|baselines/moba/moba_cuda.cu|s/selk::block_best(sc, 0, (int32_t)bi, a.k - 1/selk::block_best(sc, 1, (int32_t)bi, a.k - 1/|test_gpu_contemp|moba
dsa_last_token|baselines/dsa/dsa_cuda.cu|s/const int32_t tok = c0 + lane < a.T ? row/const int32_t tok = c0 + lane < a.T - 1 ? row/|test_gpu_contemp|dsa
dsa_tc_last_token|baselines/dsa/dsa_tc.cu|s/const int32_t nv = count_valid(row, a.T);/const int32_t nv = count_valid(row, a.T) - 1;/|test_gpu_contemp|dsa
dsa_tc_topk_ties_larger_id|baselines/dsa/dsa_topk.cu|s/(e \&\& eq < need_eq)/(e \&\& eq >= tot - need_eq)/|test_gpu_contemp|dsa
dsa_tc_topk_hist_item|baselines/dsa/dsa_topk.cu|s/for (int it = 0; it < TK_HIST_ITEMS; it++)$/for (int it = 0; it < TK_HIST_ITEMS - 1; it++)/|test_gpu_contemp|dsa
fp8_part_scale|kernels/msa/msa_index_fp8.cu|s/msa_fp8_kidx_scale_offset(B, N, di)) +$/msa_fp8_kidx_scale_offset(B, N, di)) + 0 */|test_gpu_msa_fp8
nsa_tc_last_head|baselines/nsa/nsa_cuda.cu|s/a.lg + ((r \* G + g) \* a.nq/a.lg + ((r * G + (g + 1 < G ? g : g - (g > 0))) * a.nq/|test_gpu_contemp|nsa
moba_tc_prev_row|baselines/moba/moba_cuda.cu|s/a.lg + (h \* a.nq + tt) \* a.nbc/a.lg + (h * a.nq + tt - (tt > 0)) * a.nbc/|test_gpu_contemp|moba
moba_kv_head|kernels/msa/msa_attn.cu|s/            rkv = r \/ Gq;/            rkv = (r \/ Gq + 1) % a.Hkv;/|test_gpu_contemp|moba
msa_index_ws_mask|kernels/msa/msa_index_ws.cu|s/need \&\& key >= klim\[m\]\[h\]/need \&\& key > klim[m][h]/|test_gpu_msa|index
msa_index_ws_uni_nomask|kernels/msa/msa_index_ws.cu|s/if ((FORM \& XW_UNI) \&\& !need)/if ((FORM \& XW_UNI))/|test_gpu_msa|index
msa_part_bf16_half|kernels/msa/msa_combine.cu|s/acc\[1\] += wq \* bf16_hi(u.x);/acc[1] += wq * bf16_lo(u.x);/|test_gpu_msa|g16-n1000
msa_kv_wgmma_pos|kernels/msa/msa_attn_wgmma.cu|s/(int)(a.q_off + a.t0 + ent\[h\] \/ k) : -1;/(int)(a.q_off + a.t0 + ent[h] \/ k) + 1 : -1;/|test_gpu_msa|w-g16
msa_kv_wgmma_wg_buf|kernels/msa/msa_attn_wgmma.cu|s/issue_s(s, sQ0 + (wg \* NQB + buf) \* QH,/issue_s(s, sQ0 + (wg * NQB + ((buf ^ 1) \& (NQB - 1))) * QH,/|test_gpu_msa|w-g16
msa_kv_wgmma_wg2_next|kernels/msa/msa_attn_wgmma.cu|s/                load_q(ht, 0);/                load_q(ht + 2 < nht ? ht + 2 : ht, 0);/|test_gpu_msa|w-g16
msa_kv_wgmma_wgp_head|kernels/msa/msa_attn_wgmma.cu|s/(obj + og\[j\] \* a.topk)/(obj + (og[j] + 1) % G * a.topk)/|test_gpu_msa|w-g16
msa_kv_wgmma_wgp_pos|kernels/msa/msa_attn_wgmma.cu|s/meta\[st\].pos\[wt\] = ok ? (int)(a.q_off + a.t0 + tl) : -1;/meta[st].pos[wt] = ok ? (int)(a.q_off + a.t0 + tl) + 1 : -1;/|test_gpu_msa|w-g16
msa_index_ws8_noscale|kernels/msa/msa_index_ws8.cu|s/ \* ksm\[wg\]\[tile \& 1\]\[nt \* 8 + 2 \* c + e\];/;/|test_gpu_msa_fp8|fp8i
msa_index_ws8_row|kernels/msa/msa_index_ws8.cu|s/        qexp\[r\] = e;/        qexp[r ^ 1] = e;/|test_gpu_msa_fp8|fp8i
msa_index_ws8_swz|kernels/msa/msa_index_ws8.cu|s/const uint32_t dst = sQ8 + r \* 128 + ((j ^ (r \& 7)) << 4);/const uint32_t dst = sQ8 + r * 128 + (j << 4);/|test_gpu_msa_fp8|fp8i
msa_index_ws8_uni|kernels/msa/msa_index_ws8.cu|s/if (UNI \&\& !need) {/if (UNI \&\& key0 < wlim[m]) {/|test_gpu_msa_fp8|fp8i
msa_index_ws8_mask|kernels/msa/msa_index_ws8.cu|s/need \&\& key >= klim\[m\]\[h\]/need \&\& key > klim[m][h]/|test_gpu_msa_fp8|fp8i
bigbird_ws_last_block|baselines/flash/flash_ws.cu|s/for (T = 0; T < a.list_w \&\& lst\[T\] >= 0;)/for (T = 0; T < a.list_w - 1 \&\& lst[T] >= 0;)/|test_gpu_bigbird|bbw
bigbird_ws_mask|baselines/flash/flash_ws.cu|s/fwtile::softmax(s, rs, corr, kj(j), N,/fwtile::softmax(s, rs, corr, j * BN, N,/|test_gpu_bigbird|bbw
nsa_ws_token_bits|baselines/flash/flash_ws.cu|s/const uint32_t tm = __ldg(tmk + j);/const uint32_t tm = __ldg(tmk + j) >> 1;/|test_gpu_contemp|nsaw
nsa_ws_pos|baselines/flash/flash_ws.cu|s/const int pos1 = UN ? min_pos + (r0 + 8) \/ a.G : pos0 + 8;/const int pos1 = UN ? min_pos + (r0 + 8) \/ a.G + 1 : pos0 + 8;/|test_gpu_contemp|nsaw
nsa_ws_out_head|baselines/flash/flash_ws.cu|s/hk \* a.G + r % a.G/hk * a.G + (r + 1) % a.G/|test_gpu_contemp|nsaw
msa_ws_pos|kernels/msa/msa_ws.cu|s/p->q_off + u0, sb,/p->q_off + u0 + 1, sb,/|test_gpu_msa|w-g4-b2
msa_ws_batch_sel|kernels/msa/msa_ws.cu|s/const int32_t \*sb = srt + b \* p->Hkv/const int32_t *sb = srt + 0 * p->Hkv/|test_gpu_msa|w-g4-b2
msa_ws_sort_last|kernels/msa/msa_ws.cu|s/        dst\[i\] = v\[i\];/        dst[i] = v[i + 1 < k ? i : 0];/|test_gpu_msa|w-g4-b2'
case "${1:-}" in
build)
    rm -rf .gpu-run/plant
    mkdir -p .gpu-run/plant
    echo "$PLANTS" | while IFS='|' read -r name file expr prog filter; do
        case " ${PLANT_ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
        cp "$file" "/tmp/plant_orig.$$" || exit 1
        sed -i "$expr" "$file"
        if cmp -s "$file" "/tmp/plant_orig.$$"; then
            echo "plant.sh: $name did not change $file (the line moved?)" >&2
            cp "/tmp/plant_orig.$$" "$file"
            exit 1
        fi
        cmake --build build/gpu -j"$(nproc)" --target "$prog" >/dev/null 2>&1
        rc=$?
        cp "/tmp/plant_orig.$$" "$file" && rm -f "/tmp/plant_orig.$$"
        [ $rc -eq 0 ] || { echo "plant.sh: $name did not build" >&2; exit 1; }
        cp "build/gpu/tests/$prog" ".gpu-run/plant/$prog.$name" && strip ".gpu-run/plant/$prog.$name"
        printf '%s\n' "${filter:-}" >".gpu-run/plant/$prog.$name.filter"
        echo "plant.sh: built $prog.$name"
    done || exit 1
    cmake --build build/gpu -j"$(nproc)" >/dev/null 2>&1 # restored sources, restored binaries
    (cd .gpu-run && tar -czf plant.tgz plant && rm -rf plant)
    du -sh .gpu-run/plant.tgz ;;
check)
    # here, no build: every plant still edits its file, names a test program of tests/gpu, and
    # its filter occurs in that program (a plant whose cases moved would run nothing)
    bad=0
    while IFS='|' read -r name file expr prog filter; do
        if sed "$expr" "$file" | cmp -s - "$file"; then
            echo "plant.sh: $name does not change $file (the line moved?)"; bad=1
        fi
        [ -f "tests/gpu/$prog.c" ] || { echo "plant.sh: $name: no tests/gpu/$prog.c"; bad=1; continue; }
        if [ -n "$filter" ] && ! grep -q -F -- "$filter" "tests/gpu/$prog.c"; then
            echo "plant.sh: $name: filter '$filter' occurs nowhere in tests/gpu/$prog.c"; bad=1
        fi
    done <<EOF
$PLANTS
EOF
    [ $bad = 0 ] && echo "plant.sh: $(printf '%s\n' "$PLANTS" | wc -l) plants check"
    exit $bad ;;
run)
    . scripts/gpu/unpack.sh
    rm -rf .gpu-run/plant
    tar -xmzf .gpu-run/plant.tgz -C .gpu-run || { echo "plant.sh: no .gpu-run/plant.tgz" >&2; exit 2; }
    export LD_LIBRARY_PATH="$PWD/.gpu-run:${LD_LIBRARY_PATH:-}"
    OUT="${OUT:-./gpu-out}"
    mkdir -p "$OUT"
    bad=0
    for p in .gpu-run/plant/*; do
        case "$p" in *.filter) continue ;; esac
        f="$(cat "$p.filter" 2>/dev/null)"
        # shellcheck disable=SC2086 # the filter is one word or none
        "$p" $f >"$OUT/$(basename "$p").log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            echo "plant.sh: $(basename "$p") PASSED: the test misses this bug"
            bad=1
        else
            echo "plant.sh: $(basename "$p") caught (exit $rc): $(grep -m1 -i -E 'fail|error|differ' "$OUT/$(basename "$p").log")"
        fi
    done
    exit $bad ;;
*)
    echo "usage: $0 build | run | check" >&2
    exit 2 ;;
esac
