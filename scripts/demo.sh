#!/usr/bin/env bash
# Sets up, builds and runs the flagship example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
examples/kernels/run_demo.sh
/usr/bin/python3 examples/workloads/run_softmax.py --build build
