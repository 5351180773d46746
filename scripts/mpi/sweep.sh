#!/bin/sh
# One MPI rank per GPU, each a cost-balanced shard (--shard auto reads
# OMPI_COMM_WORLD_RANK/SIZE or PMI_RANK/PMI_SIZE), then a merge on rank 0's host.
#   scripts/mpi/sweep.sh SWEEP.yaml OUTDIR NRANKS [mpirun options...]
# Each rank binds to GPU = local rank (CUDA_VISIBLE_DEVICES) unless it is set.
set -eu
sweep="$1"; out="$2"; n="$3"; shift 3
bin="${MSABENCH:-$(dirname "$0")/../../build/release/msabench}"
[ -x "$bin" ] || bin="$(dirname "$0")/../../build/ci/msabench"
mpirun -np "$n" "$@" sh -c '
    r="${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}"
    lr="${OMPI_COMM_WORLD_LOCAL_RANK:-${MPI_LOCALRANKID:-$r}}"
    [ -n "${CUDA_VISIBLE_DEVICES:-}" ] || export CUDA_VISIBLE_DEVICES="$lr"
    exec "$0" run "$1" --shard auto -o "$2/shard-$r" --quiet ${MSABENCH_RUN_FLAGS:-}
' "$bin" "$sweep" "$out"
files=""
i=0
while [ "$i" -lt "$n" ]; do files="$files $out/shard-$i/results.csv"; i=$((i + 1)); done
exec "$bin" merge "$out/results.csv" $files
