"""The AIE target from Python, beyond test_aie.py: the manifest of a small
program in detail, the CPU emulation computing per-core loop indices and an
accumulating matmul (checked against NumPy), a wrong expected output making
run_emulation fail, and the compile-time errors of the Python entry point
(unknown device, device= on another target, schedule knobs a static design
cannot honour, located at the user's workload)."""

import json
import os

import numpy as np
import pytest

from pto_wsp import (CompileError, Dense, DispatchPolicy, DType, ExecutionError, In, InOut,
                     Out, P, ReadyPolicy, Scalar, TaskWindow, Tensor, Tile, kernel, pto,
                     workload)
from pto_wsp.aie import run_emulation

import markers

line_of, _ = markers.for_file(__file__)

BATCH, TILES = 2, 8
X_DATA = np.arange(BATCH * TILES * 8, dtype=np.int32).reshape(BATCH, TILES, 8)
# Task (b, t) adds its own linear index b * TILES + t: each core must see the
# loop values of the items placed on it, not its local counters.
EXPECTED = X_DATA + (np.arange(BATCH)[:, None] * TILES + np.arange(TILES))[:, :, None]


@kernel
def shift(x: In[Tile[1, 8, DType.I32]], y: Out[Tile[1, 8, DType.I32]], k: Scalar[DType.I32]):
    pto.store(y, pto.adds(x, k))


def shift_program():
    X, Y = Tensor(data=X_DATA.copy()), Tensor(shape=X_DATA.shape, dtype=DType.I32)

    @workload  # shift-workload
    def shifted():
        for b, t in P(Dense[BATCH](), Dense[TILES]()):
            shift[b, t](X[b, t], Y[b, t], b * TILES + t)

    return shifted(), Y


def test_tree_and_manifest(tmp_path):
    traced, _ = shift_program()
    root = tmp_path / "t"
    program = traced.compile(target="aie", device="npu1_2col", artifact_dir=str(root))
    names = {os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root)
             for f in files}
    assert {"design.mlir", "host.cpp", "CMakeLists.txt", "manifest.json", "kernels/shift.cc",
            "emu/design_emu.cpp", "emu/include/ptowsp_aie_emu.h", "emu/include/xrt/xrt_kernel.h",
            "include/ptowsp_aie_host.h", "include/ptowsp_aie_kernel.h"} <= names
    manifest = json.loads((root / "manifest.json").read_text())
    assert manifest == program.manifest
    assert (manifest["target"], manifest["device"], manifest["workload"], manifest["phases"]) \
        == ("aie", "npu1_2col", "shifted", 1)
    assert manifest["tensors"] == [
        {"argument": 0, "name": "arg0", "dtype": "int32", "shape": [BATCH, TILES, 8],
         "read": True, "written": False, "on_chip": False},
        {"argument": 1, "name": "arg1", "dtype": "int32", "shape": [BATCH, TILES, 8],
         "read": False, "written": True, "on_chip": False}]
    assert manifest["kernels"] == [{"name": "shift", "source": "kernels/shift.cc"}]
    # One core per column; 16 items split over t: each core takes 4 t values
    # for both b. Data memory: a 1x8 i32 element (32 bytes) of X double-
    # buffered, one of Y, plus the 1024-byte stack.
    assert [(c["name"], c["column"], c["row"], c["items"], c["calls"]) for c in manifest["cores"]] \
        == [("core(0,2)", 0, 2, 8, 8), ("core(1,2)", 1, 2, 8, 8)]
    assert all(c["memory_bytes"] == 1024 + 2 * 32 + 32 for c in manifest["cores"])
    assert all((c["input_channels"], c["output_channels"]) == (1, 1) for c in manifest["cores"])
    fifos = {f["name"]: (f["kind"], f["depth"], f["element_shape"], f["element_bytes"])
             for f in manifest["fifos"]}
    assert fifos == {"arg0_in_c0": ("from_shim", 2, [1, 8], 32),
                     "arg0_in_c1": ("from_shim", 2, [1, 8], 32),
                     "arg1_st_c0": ("to_shim", 1, [1, 8], 32),
                     "arg1_st_c1": ("to_shim", 1, [1, 8], 32)}
    assert manifest["warnings"] == []
    design = program.design
    assert design == (root / "design.mlir").read_text()
    assert "aie.device(npu1_2col)" in design and design.count("= aie.core(") == 2
    host = (root / "host.cpp").read_text()
    assert 'check_output<int32_t>(' in host and '"arg1", 128)' in host
    assert '"arg0", 128)' not in host          # inputs are not checked


def test_emulation_computes_per_core_loop_indices(tmp_path):
    traced, Y = shift_program()
    program = traced.compile(target="aie", device="npu1_2col", artifact_dir=str(tmp_path / "t"))
    assert program.execute() is program
    np.testing.assert_array_equal(Y.data, EXPECTED)
    assert "arg1: PASS (128 elements, max abs error 0)" in program.log
    # The host program's own output went to the tree as well.
    out = np.fromfile(tmp_path / "t" / "out" / "arg1.bin", dtype=np.int32)
    np.testing.assert_array_equal(out.reshape(EXPECTED.shape), EXPECTED)


@kernel
def gemm_acc(a: In[Tile[16, 16, DType.F16]], b: In[Tile[16, 16, DType.F16]],
             c: InOut[Tile[16, 16, DType.F32]]):
    pto.store(c, pto.matmul(a, b, acc=c))


def test_emulation_accumulates_a_matmul(tmp_path):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((32, 48)).astype(np.float16)
    b = rng.standard_normal((48, 64)).astype(np.float16)
    c0 = rng.standard_normal((32, 64)).astype(np.float32)
    A, B, C = Tensor(data=a), Tensor(data=b), Tensor(data=c0.copy())
    m_tiles, n_tiles, k_tiles = Dense[2](), Dense[4](), Dense[3]()

    @workload
    def gemm():
        for m, n in P(m_tiles, n_tiles):
            for k in P.seq(k_tiles):
                gemm_acc[m, n, k](a=A[m * 16:(m + 1) * 16, k * 16:(k + 1) * 16],
                                  b=B[k * 16:(k + 1) * 16, n * 16:(n + 1) * 16],
                                  c=C[m * 16:(m + 1) * 16, n * 16:(n + 1) * 16])

    program = gemm().compile(target="aie", device="npu1_2col", artifact_dir=str(tmp_path / "t"))
    # C is resident (loaded once, stored once per item), A and B streamed.
    kinds = {f["name"]: f["kind"] for f in program.manifest["fifos"]}
    assert {kinds["arg2_ld_c0"], kinds["arg2_st_c0"], kinds["arg0_in_c0"]} \
        == {"from_shim", "to_shim"}
    assert "memref.copy" in program.design
    program.execute(atol=1e-4)
    ref = c0.astype(np.float64) + a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(C.data, ref, rtol=1e-5, atol=1e-4)


def test_a_wrong_expected_output_fails_the_run(tmp_path):
    traced, _ = shift_program()
    program = traced.compile(target="aie", artifact_dir=str(tmp_path / "t"))
    program.bind()
    expected = tmp_path / "t" / "data" / "arg1.expected.bin"
    wrong = np.fromfile(expected, dtype=np.int32)
    np.testing.assert_array_equal(wrong.reshape(EXPECTED.shape), EXPECTED)   # cpu_sim's
    wrong[17] += 1
    wrong.tofile(expected)
    with pytest.raises(ExecutionError, match="does not match cpu_sim") as error:
        run_emulation(str(tmp_path / "t"))
    got = EXPECTED.flat[17]
    assert f"arg1[17] = {got}, expected {got + 1}" in str(error.value)
    assert "arg1: FAIL (128 elements, max abs error 1)" in str(error.value)


def test_unknown_device(tmp_path):
    traced, _ = shift_program()
    with pytest.raises(CompileError, match="unknown AIE device 'npu3'; use one of npu1_1col, "):
        traced.compile(target="aie", device="npu3", artifact_dir=str(tmp_path / "t"))
    assert not (tmp_path / "t" / "design.mlir").exists()


def test_device_is_an_aie_option():
    traced, _ = shift_program()
    with pytest.raises(CompileError, match="device= applies to target 'aie'"):
        traced.compile(device="npu1_1col")
    with pytest.raises(CompileError, match="device= applies to target 'aie'"):
        traced.compile(target="cpu_sim", device="npu1_4col")


@pytest.mark.parametrize("apply, message", [
    (lambda w: w.task_graph(window=TaskWindow(64)),
     "a task window is not supported by target aie: object FIFO depths bound the data in "
     "flight"),
    (lambda w: w.dispatch(DispatchPolicy.work_steal()),
     "schedule knob 'dispatch work_steal' is not supported by target aie"),
    (lambda w: w.dispatch(DispatchPolicy.round_robin(4)).task_graph(ready=ReadyPolicy.work_steal()),
     "schedule knob 'ready work_steal' is not supported by target aie"),
    (lambda w: w.dispatch(DispatchPolicy.round_robin(32)),
     "dispatch round_robin\\(32\\) asks for more cores than npu1_4col's 16"),
])
def test_a_knob_the_design_cannot_honour_names_the_workload(apply, message, tmp_path):
    traced, _ = shift_program()
    with pytest.raises(CompileError, match=message) as error:
        apply(traced).compile(target="aie", artifact_dir=str(tmp_path / "t"))
    # The error is located at the user's workload definition.
    assert str(error.value).startswith(f"{__file__}:{line_of('shift-workload')}:"), \
        str(error.value)
