"""The Ascend target from Python: the tree compile(target="ascend") writes,
the data bound from a cpu_sim run, the host emulation of both pto-runtime
flavours (numbers checked against cpu_sim and NumPy), located errors for what
pto-runtime cannot express, and the examples the capability matrix lists
(docs/targets/ascend.md). Runs on pto-runtime's a2a3sim are in the a2a3sim
ctest entry (test/Target/Ascend/a2a3sim.sh), which needs the fetched
pto-runtime/pto-isa snapshots."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import pto_wsp
from pto_wsp import (Channel, CompileError, DType, Dense, DispatchPolicy, In, Out, P,
                     Tensor, Tile, connect, consume, kernel, process, pto, send, workload)
from pto_wsp.ascend import bind_tree, run_tree_on_host

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples", "python")
RUNTIMES = ["tensormap_and_ringbuffer", "host_build_graph"]
# The examples the capability matrix lists as supported on Ascend.
SUPPORTED = ["rmsnorm", "softmax", "bgemm", "attention", "llama", "moe"]


@kernel
def scale_rows(x: In[Tile[16, 64, DType.F32]], y: Out[Tile[16, 64, DType.F32]]):
    pto.store(y, pto.div(pto.exp(x), pto.rowsum(pto.exp(x))))


def make_program(runtime, tmp_path, schedulers=3):
    x = np.random.default_rng(7).standard_normal((4, 16, 64)).astype(np.float32)
    X, Y = Tensor(data=x), Tensor(data=np.zeros_like(x))
    tiles = Dense[4]()

    @workload
    def rows():
        for t in P(tiles):
            scale_rows[t](x=X[t], y=Y[t])

    program = (rows().dispatch(DispatchPolicy.round_robin(schedulers))
               .compile(target="ascend", runtime=runtime, artifact_dir=str(tmp_path / runtime)))
    ref = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    return program, X, Y, ref


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_tree_files(runtime, tmp_path):
    program, _, _, _ = make_program(runtime, tmp_path)
    root = program.artifact_dir
    names = {os.path.relpath(os.path.join(d, f), root)
             for d, _, files in os.walk(root) for f in files}
    kernel_source = "kernels/aiv/scale_rows.cpp"
    assert {"orchestration/rows.cpp", kernel_source, "kernel_config.py", "manifest.json",
            "ptort.conf", "include/ptowsp_kernel.h"} <= names
    orchestration = open(os.path.join(root, "orchestration/rows.cpp")).read()
    if runtime == "tensormap_and_ringbuffer":
        assert "aicpu_orchestration_entry" in orchestration
        assert "include/ptowsp_pto2.h" in names
    else:
        assert "build_rows(OrchestrationRuntime*" in orchestration
        assert "include/ptowsp_hbg.h" in names
    assert "kernel_entry(__gm__ int64_t *" in open(os.path.join(root, kernel_source)).read()
    manifest = json.load(open(os.path.join(root, "manifest.json")))
    assert [t["direction"] for t in manifest["tensors"]] == ["IN", "OUT"]
    assert manifest["runtime"] == runtime


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_bind_writes_inputs_and_cpu_sim_outputs(runtime, tmp_path):
    program, X, Y, ref = make_program(runtime, tmp_path)
    before = X.data.copy()
    program.bind(rtol=1e-5, atol=1e-6)
    # The tensors keep their data; the tree gets inputs and cpu_sim's outputs.
    assert np.array_equal(X.data, before) and not Y.data.any()
    root = program.artifact_dir
    conf = open(os.path.join(root, "ptort.conf")).read().splitlines()
    assert "tensor arg0 IN float32 4x16x64 file:data/arg0.bin -" in conf
    assert ("tensor arg1 OUT float32 4x16x64 file:data/arg1.bin "
            "file:data/arg1.expected.bin") in conf
    assert "rtol 1e-05" in conf and "atol 1e-06" in conf
    expected = np.fromfile(os.path.join(root, "data/arg1.expected.bin"), np.float32)
    np.testing.assert_allclose(expected.reshape(ref.shape), ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_host_emulation_computes_the_program(runtime, tmp_path):
    program, _, Y, ref = make_program(runtime, tmp_path)
    program.run_on_host()
    np.testing.assert_allclose(Y.data, ref, rtol=1e-5, atol=1e-6)


def test_host_emulation_reports_a_wrong_result(tmp_path):
    program, _, _, _ = make_program("host_build_graph", tmp_path)
    program.bind()
    root = program.artifact_dir
    # Corrupt the expected output: the host run must say which tensor differs.
    expected = os.path.join(root, "data/arg1.expected.bin")
    data = np.fromfile(expected, np.float32)
    (data + 1).tofile(expected)
    with pytest.raises(pto_wsp.ExecutionError, match="arg1 differs from the expected data"):
        run_tree_on_host(root)


def test_bind_checks_shapes(tmp_path):
    program, _, _, _ = make_program("tensormap_and_ringbuffer", tmp_path)
    with pytest.raises(pto_wsp.PtoError, match="expected shape"):
        bind_tree(program.artifact_dir, [np.zeros(3, np.float32)] * 2, [None, None])


def test_unknown_runtime(tmp_path):
    with pytest.raises(CompileError, match="unknown pto-runtime flavour 'pto3'"):
        make_program("pto3", tmp_path)


def test_knob_the_runtime_cannot_honour(tmp_path):
    # PTO2 keeps one of the 4 AICPU threads for its orchestrator.
    with pytest.raises(CompileError, match=r"round_robin\(4\) asks for more scheduler threads"):
        make_program("tensormap_and_ringbuffer", tmp_path, schedulers=4)
    program, _, _, _ = make_program("host_build_graph", tmp_path, schedulers=4)
    assert json.load(open(os.path.join(program.artifact_dir, "manifest.json")))[
        "aicpu_thread_num"] == 4


def test_csp_is_rejected_at_the_users_line(tmp_path):
    x = np.zeros((2, 16, 64), np.float32)
    X, Y = Tensor(data=x), Tensor(data=np.zeros_like(x))
    tiles = Dense[2]()

    @workload
    def pipe():
        channel = Channel("tiles", depth=1)

        def produce():
            for t in P.seq(tiles):
                send(channel, t)

        def consume_tiles(instance):
            for t in consume(channel):
                scale_rows[t](x=X[t], y=Y[t])

        producer = process("producer").produces(channel).body(produce)
        consumer = process("consumer").consumes(channel).body(consume_tiles)
        connect([producer, consumer], [channel])

    with pytest.raises(CompileError) as error:
        pipe().compile(target="ascend", artifact_dir=str(tmp_path / "t"))
    assert "CSP pipeline" in str(error.value) and "test_ascend.py" in str(error.value)


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("name", SUPPORTED)
def test_example_on_host(name, runtime, tmp_path):
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pto_wsp.__file__)))
    env = dict(os.environ, PTO_WSP_EXAMPLE_OUT=str(tmp_path), PYTHONPATH=package_root)
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, name + ".py"),
                          "--target=ascend", f"--runtime={runtime}", "--run=host"],
                         capture_output=True, text=True, env=env, cwd=EXAMPLES, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{name}: PASS" in run.stdout, run.stdout
    assert "host emulation matches cpu_sim's outputs" in run.stdout, run.stdout
