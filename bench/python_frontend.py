#!/usr/bin/env python3
"""The Python frontend's cost: tracing a workload and lowering the module it
builds, against the MLIR-text path (pto_wsp.translate_cpu_sim on the same
program written by hand, i.e. parse + the same pipeline), at 10, 1000 and
10^6 tasks.

Tracing never unrolls loops, so the frontend's time must not grow with the
number of tasks either. Tensors of 10^6 tiles are zero-stride NumPy views
(tracing reads only their shapes; nothing is run). Best of --runs.

    PYTHONPATH=build/python_packages /usr/bin/python3 bench/python_frontend.py
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compile_scaling import WORKLOAD  # noqa: E402  the hand-written peer

import pto_wsp  # noqa: E402
from pto_wsp import (DType, In, Out, P, Dense, Scalar, Tensor, Tile, kernel,  # noqa: E402
                     pto, workload)


@kernel
def scale(x: In[Tile[16, 128, DType.F32]], y: Out[Tile[16, 128, DType.F32]],
          s: Scalar[DType.F32]):
    pto.store(y, pto.muls(x, s))


def python_program(n):
    virtual = np.broadcast_to(np.zeros((1, 16, 128), np.float32), (n, 16, 128))
    X, Y = Tensor(data=virtual), Tensor(data=virtual)

    @workload
    def scale_all():
        for t in P(Dense[n]()):
            scale(X[t], Y[t], 2.0)
    return scale_all


def best_of(runs, fn):
    best, result = None, None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| tasks | trace s | trace + lower s | MLIR text: parse + lower s | ratio | C++ lines (both) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in (10, 1000, 1000000):
        definition = python_program(n)
        trace, traced = best_of(args.runs, definition)
        both, cpp = best_of(args.runs, lambda: pto_wsp._pto_wsp.translate_cpu_sim(
            definition()._session.module, "a2a3", ""))
        text = WORKLOAD.format(n=n)
        peer, peer_cpp = best_of(args.runs, lambda: pto_wsp.translate_cpu_sim(text))
        lines = f"{cpp.count(chr(10))} / {peer_cpp.count(chr(10))}"
        print(f"| {n} | {trace:.4f} | {both:.4f} | {peer:.4f} | {both / peer:.2f} | {lines} |")


if __name__ == "__main__":
    main()
