#!/bin/sh
# Figures of a GPU run with its peers: DIR/results.csv (msabench) and DIR/peers.csv
# (scripts/peers/peers.py, same columns) go into DIR/combined/results.csv, then
# `msabench plot` writes DIR/figures/ (PNG and PDF, with each figure's .gp and .dat).
#   scripts/gpu/figures.sh results/gpu/run2/h100 [MSABENCH]
set -eu
dir="$1"; bin="${2:-build/dev/msabench}"
mkdir -p "$dir/combined"
cp "$dir/results.csv" "$dir/combined/results.csv"
[ -f "$dir/peers.csv" ] && tail -n +2 "$dir/peers.csv" >> "$dir/combined/results.csv"
cp "$dir/meta.json" "$dir/combined/meta.json"
"$bin" plot "$dir/combined/results.csv" -o "$dir/figures" --format all
