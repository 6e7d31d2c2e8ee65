#!/usr/bin/env python3
"""Run examples/workloads/softmax.mlir on cpu_sim with pto-wsp-run and check
it against NumPy. Prints the check, the simulated cycles, the utilization of
the modelled cores and where the Perfetto trace was written.

    /usr/bin/python3 examples/workloads/run_softmax.py [--build build]
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(args.build, "demo")
    os.makedirs(out, exist_ok=True)

    rng = np.random.default_rng(0)
    x = (3 * rng.standard_normal((4, 128, 512))).astype(np.float32)
    files = {name: os.path.join(out, f"softmax_{name}.npy")
             for name in ("x", "y", "m", "l")}
    np.save(files["x"], x)
    np.save(files["m"], np.full((4, 128, 1), -np.inf, np.float32))
    np.save(files["l"], np.zeros((4, 128, 1), np.float32))
    trace = os.path.join(out, "softmax_trace.json")

    command = [os.path.join(args.build, "bin", "pto-wsp-run"),
               os.path.join(here, "softmax.mlir"),
               "--input", f"0={files['x']}", "--gen", "1=zeros",
               "--input", f"2={files['m']}", "--input", f"3={files['l']}",
               "--output", f"1={files['y']}", "--trace", trace]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"softmax: FAIL (pto-wsp-run exited {run.returncode})\n{run.stderr}")
    stats = dict(line.split(": ", 1) for line in run.stdout.splitlines() if ": " in line)

    ref = np.exp(x.astype(np.float64) - x.max(-1, keepdims=True))
    ref /= ref.sum(-1, keepdims=True)
    y = np.load(files["y"])
    error = float(np.abs(y - ref).max())
    ok = np.allclose(y, ref, rtol=1e-5, atol=1e-7)
    print(f"softmax: {'PASS' if ok else 'FAIL'} (max abs error {error:.2e} vs NumPy)")
    print(f"softmax: tasks={stats['tasks']} total_cycles={stats['total_cycles']} "
          f"utilization={float(stats['utilization']):.1%} "
          f"busy_cores={stats['busy_cores']}")
    print(f"softmax: trace written to {trace} (Chrome/Perfetto trace format)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
