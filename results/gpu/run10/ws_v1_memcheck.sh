# run10's memcheck of flash ws_v1 (the second call, on the warm machine): msabench itself under
# compute-sanitizer, two prefill points validated against the float64 ref.  test_gpu_dense
# small did not reach ws_v1's cases in this call (its generic flash cases asked the registry's
# first flash/cuda, wgmma_v1, for d = 64: fixed since, they name mma_v1).
export LD_LIBRARY_PATH=$PWD/.gpu-run
printf 'name: ws_memcheck\nmethods: [flash]\nbackends: [cuda]\nvariants: [ws_v1]\naxes:\n  seq_len: [300, 1000]\n  heads_q: 8\n  heads_kv: 2\n  head_dim: 128\n  mode: prefill\n  seed: 3\ntiming: {warmup_ms: 1, min_samples: 1, max_samples: 1, max_noise: 10, timeout_s: 20}\nvalidate: {rows: 4}\n' >/tmp/wsm.yaml
timeout 95 compute-sanitizer --tool memcheck ./.gpu-run/msabench run /tmp/wsm.yaml -o /tmp/wsm --force --quiet
