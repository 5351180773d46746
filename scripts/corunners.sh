# corunners.sh - sourced by ci_gate.sh and gate_selftest.sh: load like a busy
# CI host's, made of copies of the gate's own sweep.
# corunners_start BIN N DIR: starts N loops of experiments/ci.yaml (the gate's
# clock and thread settings) that stop, after the sweep in flight, once
# DIR/stop exists; `touch DIR/stop; wait` ends them.
corunners_start() {
    _c=1
    while [ "$_c" -le "$2" ]; do
        (while [ ! -e "$3/stop" ]; do
            MSABENCH_CLOCK=cpu OPENBLAS_NUM_THREADS=1 MSABENCH_THREADS=1 \
                "$1" run experiments/ci.yaml -o "$3/corunner$_c" --quiet >/dev/null 2>&1
        done) &
        _c=$((_c + 1))
    done
}
