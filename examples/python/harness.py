"""Shared reporting for the Python examples: a NumPy check, the simulated
cycles, the utilization of the modelled cores and the trace location."""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def output_dir():
    """Where examples write traces: $PTO_WSP_EXAMPLE_OUT or build/examples."""
    path = os.environ.get("PTO_WSP_EXAMPLE_OUT") or os.path.join(
        HERE, "..", "..", "build", "examples")
    os.makedirs(path, exist_ok=True)
    return os.path.abspath(path)


def check(name, got, ref, rtol, atol):
    """Prints PASS/FAIL with the largest error; returns whether it passed."""
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    ok = got.shape == ref.shape and bool(np.allclose(got, ref, rtol=rtol, atol=atol))
    error = float(np.max(np.abs(got - ref))) if got.shape == ref.shape else float("inf")
    print(f"{name}: {'PASS' if ok else 'FAIL'} (max abs error {error:.2e} vs NumPy, "
          f"rtol {rtol:g}, atol {atol:g})")
    return ok


def report(name, program, trace=True):
    """Prints the run's statistics and saves its trace."""
    stats = program.stats
    print(f"{name}: tasks={stats.tasks} total_cycles={stats.total_cycles} "
          f"utilization={stats.utilization:.1%} busy_cores={stats.busy_cores} of "
          f"{stats.cube_cores + stats.vector_cores}")
    cores = [(("aic%d" % i) if i < stats.cube_cores else ("aiv%d" % (i - stats.cube_cores)), u)
             for i, u in enumerate(stats.core_utilization) if u > 0]
    print(f"{name}: per-core utilization: " +
          " ".join(f"{core}={u:.0%}" for core, u in cores))
    if trace:
        path = program.save_trace(os.path.join(output_dir(), f"{name}_trace.json"))
        print(f"{name}: trace written to {path} (Chrome/Perfetto trace format)")


def finish(ok):
    sys.exit(0 if ok else 1)
