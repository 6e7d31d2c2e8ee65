"""Every Python example runs, checks itself against NumPy and reports its
simulated cycles and trace (examples/python)."""

import json
import os
import subprocess
import sys

import pytest

import pto_wsp

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples", "python")
NAMES = ["rmsnorm", "softmax", "attention", "bgemm", "llama", "moe", "decode_attention",
         "csp_pipeline", "topk_routing"]


def test_every_example_is_listed():
    found = {f[:-3] for f in os.listdir(EXAMPLES) if f.endswith(".py") and f != "harness.py"}
    assert found == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_example(name, tmp_path):
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pto_wsp.__file__)))
    env = dict(os.environ, PTO_WSP_EXAMPLE_OUT=str(tmp_path), PYTHONPATH=package_root)
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, name + ".py")],
                         capture_output=True, text=True, env=env, cwd=EXAMPLES, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith(f"{name}: PASS") for line in lines), run.stdout
    stats = next(line for line in lines if "total_cycles=" in line)
    fields = dict(item.split("=") for item in stats.split(": ", 1)[1].split() if "=" in item)
    assert int(fields["total_cycles"]) > 0 and int(fields["tasks"]) > 0
    trace = tmp_path / f"{name}_trace.json"
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    assert sum(1 for e in events if e.get("ph") == "X") >= int(fields["tasks"])


def test_python_softmax_matches_the_handwritten_mlir(tmp_path):
    """The DSL's softmax and examples/workloads/softmax.mlir (written by hand
    with the same kernels, loops and schedule) simulate to the same cycles."""
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pto_wsp.__file__)))
    env = dict(os.environ, PTO_WSP_EXAMPLE_OUT=str(tmp_path), PYTHONPATH=package_root)
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, "softmax.py")],
                         capture_output=True, text=True, env=env, cwd=EXAMPLES, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    python_cycles = int(run.stdout.split("total_cycles=")[1].split()[0])

    tool = os.path.join(os.path.dirname(package_root), "bin", "pto-wsp-run")
    mlir = subprocess.run([tool, os.path.join(ROOT, "examples", "workloads", "softmax.mlir"),
                           "--gen", "0=randn", "--gen", "1=zeros", "--gen", "2=zeros",
                           "--gen", "3=zeros", "--cache-dir", str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=600)
    assert mlir.returncode == 0, mlir.stderr
    stats = dict(line.split(": ", 1) for line in mlir.stdout.splitlines() if ": " in line)
    assert int(stats["tasks"]) == 768
    assert python_cycles == int(stats["total_cycles"])
