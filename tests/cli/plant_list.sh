#!/bin/sh
# scripts/gpu/plant.sh's list stays live without a GPU: every plant still edits its kernel
# line, and names a test program of tests/gpu whose cases its filter reaches (plant.sh check).
#   sh tests/cli/plant_list.sh SRCDIR MSABENCH
set -u
cd "${1:?SRCDIR}" || exit 2
sh scripts/gpu/plant.sh check
