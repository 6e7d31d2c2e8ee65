#!/usr/bin/env bash
# Sets up, builds and runs the flagship example: RMSNorm written with the
# Python frontend, compiled for cpu_sim, run on the parallel task runtime
# and checked against NumPy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
PYTHONPATH=build/python_packages /usr/bin/python3 examples/python/rmsnorm.py
