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
