#!/usr/bin/env python3
"""Compile-time scaling: the same workload generating 10 and 10^6 tasks.

A workload is a program, not a task list: lowering keeps loops as loops, so
the IR after each stage and the time of the cpu_sim pipeline must not grow
with the number of tasks. This script writes one workload at several trip
counts, runs `pto-wsp-translate --cpu-sim` on each (best of 3) and prints, per
trip count, the generated C++ size, the lowered task-graph IR size and the
pipeline time, with the ratio to the smallest workload as the peer.

    /usr/bin/python3 bench/compile_scaling.py [--build build]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

WORKLOAD = """
tile.kernel @scale(%x: !tile.view<16x128xf32, in>, %y: !tile.view<16x128xf32, out>, %s: f32) {{
  %t = tile.load %x : !tile.view<16x128xf32, in> -> !tile.tile<16x128xf32>
  %u = tile.muls %t, %s : !tile.tile<16x128xf32>, f32
  tile.store %u, %y : !tile.tile<16x128xf32>, !tile.view<16x128xf32, out>
}}
workload.workload @scale_all(%X: memref<{n}x16x128xf32>, %Y: memref<{n}x16x128xf32>, %s: f32) {{
  %c0 = arith.constant 0 : index
  %tiles = workload.dense {n}
  workload.parallel_for %t in %tiles name("t") {{
    %x = workload.view %X[%t, %c0, %c0] sizes [1, 16, 128] : memref<{n}x16x128xf32> -> !workload.view<16x128xf32>
    %y = workload.view %Y[%t, %c0, %c0] sizes [1, 16, 128] : memref<{n}x16x128xf32> -> !workload.view<16x128xf32>
    workload.task @scale(%x, %y, %s) : !workload.view<16x128xf32>, !workload.view<16x128xf32>, f32
  }}
}}
"""


def best_of(runs, command):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
        best = elapsed if best is None else min(best, elapsed)
    return best, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    translate = os.path.join(args.build, "bin", "pto-wsp-translate")
    opt = os.path.join(args.build, "bin", "pto-wsp-opt")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for tasks in (10, 1000, 1000000):
            source = os.path.join(work, f"w{tasks}.mlir")
            with open(source, "w") as f:
                f.write(WORKLOAD.format(n=tasks))
            seconds, cpp = best_of(args.runs, [translate, "--cpu-sim", source])
            _, graph = best_of(1, [opt, source, "-workload-infer-access",
                                   "-convert-workload-to-taskgraph"])
            rows.append((tasks, len(cpp.splitlines()), len(graph.splitlines()), seconds))
    base = rows[0]
    print(f"{'tasks':>9} {'C++ lines':>10} {'taskgraph lines':>16} {'pipeline s':>11} "
          f"{'time ratio vs 10 tasks':>23}")
    for tasks, cpp_lines, graph_lines, seconds in rows:
        print(f"{tasks:>9} {cpp_lines:>10} {graph_lines:>16} {seconds:>11.3f} "
              f"{seconds / base[3]:>23.2f}")


if __name__ == "__main__":
    main()
