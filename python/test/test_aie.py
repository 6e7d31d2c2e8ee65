"""The AIE target from Python: the mlir-aie tree compile(target="aie")
writes, the design's CPU emulation (host.cpp on the project's XRT stub)
computing the program's numbers, a wrong expected output caught by the host
program, located errors for what a static design cannot express, and the
examples docs/targets/aie.md lists, each matching cpu_sim and NumPy."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import pto_wsp
from pto_wsp import (CompileError, DType, Dense, DispatchPolicy, ExecutionError, In, Out, P,
                     Tensor, TaskWindow, Tile, kernel, pto, workload)
from pto_wsp.aie import run_emulation

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples", "python")
SUPPORTED = ["rmsnorm", "softmax", "bgemm", "csp_pipeline"]


@kernel
def scale_rows(x: In[Tile[16, 64, DType.F32]], y: Out[Tile[16, 64, DType.F32]]):
    pto.store(y, pto.div(pto.exp(x), pto.rowsum(pto.exp(x))))


def make_workload(tiles=8):
    x = np.random.default_rng(7).standard_normal((tiles, 16, 64)).astype(np.float32)
    X, Y = Tensor(data=x), Tensor(data=np.zeros_like(x))
    axis = Dense[tiles]()

    @workload
    def rows():
        for t in P(axis):
            scale_rows[t](x=X[t], y=Y[t])

    ref = np.exp(x) / np.exp(x).sum(-1, keepdims=True)
    return rows(), X, Y, ref


def test_tree_and_manifest(tmp_path):
    traced, _, _, _ = make_workload()
    program = traced.dispatch(DispatchPolicy.round_robin(2)).compile(
        target="aie", artifact_dir=str(tmp_path / "t"))
    for path in ("design.mlir", "host.cpp", "CMakeLists.txt", "kernels/scale_rows.cc",
                 "emu/design_emu.cpp", "emu/include/ptowsp_aie_emu.h",
                 "emu/include/xrt/xrt_bo.h", "include/ptowsp_aie_host.h",
                 "include/ptowsp_aie_kernel.h", "manifest.json"):
        assert os.path.isfile(tmp_path / "t" / path), path
    manifest = json.loads((tmp_path / "t" / "manifest.json").read_text())
    # round_robin(2): two cores in two columns, each streaming X in, Y out.
    assert [core["name"] for core in manifest["cores"]] == ["core(0,2)", "core(1,2)"]
    assert all(core["items"] == 4 for core in manifest["cores"])
    assert sorted(f["name"] for f in manifest["fifos"]) == [
        "arg0_in_c0", "arg0_in_c1", "arg1_st_c0", "arg1_st_c1"]
    assert manifest["warnings"] == []
    design = program.design
    assert "aie.device(npu1_4col)" in design
    # Core 1 takes tiles 1, 3, 5, 7: one strided transfer of 4 tiles of 1024
    # floats, each tile split in 2 x 512 (a shim BD's d0 wraps at 1023 words).
    assert ("aiex.npu.dma_memcpy_nd(%arg0[0, 0, 0, 1024][1, 4, 2, 512][0, 2048, 512, 1])"
            in design), design
    assert "aie.runtime_sequence(%arg0: memref<8192xf32>, %arg1: memref<8192xf32>)" in design


def test_emulation_computes_the_program(tmp_path):
    traced, _, Y, ref = make_workload()
    program = traced.compile(target="aie", device="npu1_2col", artifact_dir=str(tmp_path / "t"))
    assert len(program.manifest["cores"]) == 2
    program.execute()
    np.testing.assert_allclose(Y.data, ref, rtol=1e-5, atol=1e-6)
    assert "arg1: PASS" in program.log


def test_emulation_reports_a_wrong_result(tmp_path):
    traced, _, _, _ = make_workload()
    program = traced.compile(target="aie", artifact_dir=str(tmp_path / "t"))
    program.bind()
    expected = tmp_path / "t" / "data" / "arg1.expected.bin"
    wrong = np.fromfile(expected, dtype=np.float32)
    wrong[5] += 1.0
    wrong.tofile(expected)
    with pytest.raises(ExecutionError, match="does not match cpu_sim"):
        run_emulation(str(tmp_path / "t"))


def test_a_knob_the_design_cannot_honour_is_located(tmp_path):
    traced, _, _, _ = make_workload()
    with pytest.raises(CompileError) as error:
        traced.task_graph(window=TaskWindow(64)).compile(target="aie",
                                                        artifact_dir=str(tmp_path / "t"))
    assert "task window is not supported by target aie" in str(error.value)
    assert "test_aie.py" in str(error.value)


def test_uneven_split_is_rejected(tmp_path):
    traced, _, _, _ = make_workload(tiles=6)
    with pytest.raises(CompileError, match=r"cannot be split evenly over 4 cores"):
        traced.dispatch(DispatchPolicy.round_robin(4)).compile(target="aie",
                                                              artifact_dir=str(tmp_path / "t"))


def test_data_memory_is_checked(tmp_path):
    @kernel
    def big(x: In[Tile[128, 128, DType.F32]], y: Out[Tile[128, 128, DType.F32]]):
        pto.store(y, x)

    X, Y = (Tensor(data=np.zeros((2, 128, 128), np.float32)) for _ in range(2))
    axis = Dense[2]()

    @workload
    def w():
        for t in P(axis):
            big[t](x=X[t], y=Y[t])

    with pytest.raises(CompileError, match=r"needs \d+ bytes of data memory, npu1_4col's "
                                           r"compute tiles have 65536"):
        w().compile(target="aie", artifact_dir=str(tmp_path / "t"))


@pytest.mark.parametrize("name", SUPPORTED)
def test_example_on_the_emulation(name, tmp_path):
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(pto_wsp.__file__)))
    env = dict(os.environ, PTO_WSP_EXAMPLE_OUT=str(tmp_path), PYTHONPATH=package_root)
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, name + ".py"), "--target=aie"],
                         capture_output=True, text=True, env=env, cwd=EXAMPLES, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{name}: PASS" in run.stdout, run.stdout
    assert "the CPU emulation of the design matches cpu_sim's outputs" in run.stdout, run.stdout
