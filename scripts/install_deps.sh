#!/bin/sh
# Installs the Debian packages msabench needs, only those that are missing
# (clang-format: scripts/format_check.sh; valgrind: scripts/icount_gate.sh; python3-numpy:
# tests/cli/peer_masks.sh, the peers' numpy parts).
set -eu
PKGS="build-essential cmake pkg-config libopenblas-dev libyaml-dev libjansson-dev libcmocka-dev gnuplot-nox openmpi-bin clang-format valgrind python3-numpy"
[ "${MSABENCH_WITH_CLANG:-1}" = 1 ] && PKGS="$PKGS clang libclang-rt-dev"
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install_deps: all packages present"
    exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install_deps: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
