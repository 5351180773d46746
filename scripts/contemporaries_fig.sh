#!/bin/sh
# contemporaries_fig.sh [RUN_DIR [OUT_DIR]] - the contemporaries' recall against token budget
# (issue 14): prints the mass_coverage tables the README quotes (method x budget x input:
# `msabench report RUN_DIR --tables budget`, default RUN_DIR results/contemporaries/run, made by
# `msabench run experiments/contemporaries.yaml -o results/contemporaries/run`), writes them to
# OUT_DIR/table.md (default results/contemporaries), and runs `msabench plot` into
# OUT_DIR/figures, whose budget_<mode>_<input>.png are mass_coverage and block_recall against
# the budget, one line per method ($MSABENCH: the binary, default build/ci/msabench).
# The sweep zips the budgets: topk * block_size = dsa_tokens = (window + global + random) *
# block_size on every point, so a row's budget is its topk * block_size.
set -eu
run=${1:-results/contemporaries/run}
out=${2:-results/contemporaries}
mkdir -p "$out"
msabench=${MSABENCH:-build/ci/msabench}
"$msabench" report "$run" --tables budget -o "$out/table.md"
cat "$out/table.md"
"$msabench" plot "$run/results.csv" -o "$out/figures" --format png >/dev/null 2>&1
echo "contemporaries_fig.sh: $out/table.md, $out/figures/budget_*.png (msabench plot)"
