"""Shared pieces of the Python examples: the target to compile for, a NumPy
check, and the report (simulated cycles, utilization of the modelled cores
and the trace location on cpu_sim; the tree and its a2a3sim run on Ascend).

    python3 rmsnorm.py                                  # cpu_sim
    python3 rmsnorm.py --target=ascend                  # PTO2 tree, run on a2a3sim
    python3 rmsnorm.py --target=ascend --runtime=host_build_graph
    python3 rmsnorm.py --target=ascend --run=host       # the tree on the host emulation
    python3 rmsnorm.py --target=aie                     # mlir-aie tree, run on its CPU emulation
"""

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

_parser = argparse.ArgumentParser(add_help=False)
_parser.add_argument("--target", default="cpu_sim", choices=("cpu_sim", "ascend", "aie"))
_parser.add_argument("--runtime", default="tensormap_and_ringbuffer",
                     choices=("tensormap_and_ringbuffer", "host_build_graph"))
_parser.add_argument("--run", default="a2a3sim", choices=("a2a3sim", "host"),
                     help="where an Ascend tree runs: pto-runtime's a2a3sim (ptort_sim.sh) "
                          "or the project's host emulation")
_args, _ = _parser.parse_known_args()
RUN = _args.run
TARGET, RUNTIME = _args.target, (_args.runtime if _args.target == "ascend" else None)

# Scheduler threads for dispatch round_robin(n): the 4 AICPU schedulers of
# A2/A3, except that pto-runtime's PTO2 runtime keeps one of the 4 AICPU
# threads for its orchestrator.
SCHEDULERS = 3 if RUNTIME == "tensormap_and_ringbuffer" else 4
# host_build_graph builds the whole graph before any task runs, and an AIE
# design is placed statically: a schedule with a task window or an early
# start does not apply to them.
BUILDS_WHOLE_GRAPH = RUNTIME == "host_build_graph" or TARGET == "aie"


def compile(workload):
    """Compile for the chosen target (Ascend trees go to output_dir())."""
    if TARGET == "ascend":
        return workload.compile(target="ascend", runtime=RUNTIME,
                                artifact_dir=os.path.join(output_dir(),
                                                          f"{workload.name}_{RUNTIME}"))
    if TARGET == "aie":
        return workload.compile(target="aie",
                                artifact_dir=os.path.join(output_dir(), f"{workload.name}_aie"))
    return workload.compile()


def run(program):
    """Run it: cpu_sim in the background, Ascend trees on a2a3sim or the
    host emulation (both check the tree's outputs against cpu_sim's)."""
    if TARGET == "ascend" and RUN == "host":
        program.run_on_host()
        return
    program.execute()
    program.synchronize()


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
    """Prints the run's statistics and saves its trace (cpu_sim), or where
    the Ascend tree is and how its a2a3sim run ended."""
    if TARGET == "ascend":
        where = "host emulation" if RUN == "host" else "a2a3sim"
        print(f"{name}: ascend ({RUNTIME}) tree {program.artifact_dir}: {where} "
              f"matches cpu_sim's outputs")
        return
    if TARGET == "aie":
        cores = program.manifest["cores"]
        print(f"{name}: aie ({program.device}) tree {program.artifact_dir}: {len(cores)} cores, "
              f"{len(program.manifest['fifos'])} object FIFOs; the CPU emulation of the design "
              f"matches cpu_sim's outputs")
        for warning in program.manifest["warnings"]:
            print(f"{name}: aie: warning: {warning}")
        return
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
