"""The AIE target from Python: an mlir-aie tree, its data, and runs of the
design on the project's CPU emulation.

`workload.compile(target="aie", device=...)` writes the tree the C++ target
emits (design.mlir, kernels/*.cc, host.cpp, CMakeLists.txt, emu/,
manifest.json) into `artifact_dir` and returns an AIEProgram. Its `bind()`
runs the same program on cpu_sim (on copies of the tensors) and writes the
inputs and cpu_sim's outputs as the tree's data; `execute()` builds host.cpp
with the emulated design (emu/design_emu.cpp, the kernels, the XRT stub),
runs it — the host program itself compares the outputs with cpu_sim's — and
copies the outputs into the tensors.
"""

import os
import subprocess

import numpy as np

from pto_wsp.errors import ExecutionError, PtoTypeError, PtoValueError
from pto_wsp.trees import TreeProgram, read_manifest

DEVICES = ("npu1_1col", "npu1_2col", "npu1_3col", "npu1_4col", "npu2")
_DTYPES = {"float32": np.float32, "float16": np.float16, "int8": np.int8,
           "int16": np.int16, "int32": np.int32}


def bind_tree(tree, inputs, expected):
    """Write a tree's data: data/<name>.bin per tensor (`inputs`, in the
    manifest's order) and data/<name>.expected.bin per array of `expected`
    that is not None."""
    manifest = read_manifest(tree)
    tensors = manifest["tensors"]
    if len(inputs) != len(tensors) or len(expected) != len(tensors):
        raise PtoValueError(f"the tree has {len(tensors)} tensors; got {len(inputs)} inputs "
                       f"and {len(expected)} expected arrays")
    data = os.path.join(tree, "data")
    os.makedirs(data, exist_ok=True)
    for entry, array, want in zip(tensors, inputs, expected):
        dtype = _DTYPES.get(entry["dtype"])
        if dtype is None:
            raise PtoTypeError(f"tensor {entry['name']}: dtype {entry['dtype']} has no NumPy type here")
        array = np.ascontiguousarray(array, dtype=dtype)
        if list(array.shape) != entry["shape"]:
            raise PtoValueError(f"tensor {entry['name']}: shape {list(array.shape)}, the design "
                           f"takes {entry['shape']}")
        array.tofile(os.path.join(data, entry["name"] + ".bin"))
        path = os.path.join(data, entry["name"] + ".expected.bin")
        if want is not None and entry["written"] and not entry["on_chip"]:
            np.ascontiguousarray(want, dtype=dtype).tofile(path)
        elif os.path.exists(path):
            os.remove(path)
    return manifest


def build_emulation(tree, compiler="clang++-22", optimize="-O2"):
    """Compile host.cpp with the emulated design: build/host_emu. The xclbin
    and instruction stream of a real build do not exist here: empty
    placeholders stand for them (the emulation runs the linked-in design)."""
    manifest = read_manifest(tree)
    build = os.path.join(tree, "build")
    os.makedirs(build, exist_ok=True)
    for placeholder in ("final.xclbin", "insts.bin"):
        open(os.path.join(build, placeholder), "a").close()
    sources = ["host.cpp", os.path.join("emu", "design_emu.cpp")]
    sources += [kernel["source"] for kernel in manifest["kernels"]]
    binary = os.path.join(build, "host_emu")
    command = [compiler, "-std=c++17", optimize, "-pthread", "-Iinclude",
               os.path.join("-Iemu", "include"), *sources, "-o", os.path.relpath(binary, tree)]
    result = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    if result.returncode != 0:
        raise ExecutionError("building the AIE emulation failed: " + " ".join(command) + "\n"
                             + result.stderr[-4000:], "PTOWSP_ERR_COMPILE")
    return binary


def run_emulation(tree, rtol=1e-5, atol=1e-6, timeout=600, compiler="clang++-22"):
    """Build and run host.cpp on the emulation against the tree's data;
    returns (outputs by tensor name, the host program's output). A mismatch
    or a failed run raises ExecutionError."""
    binary = build_emulation(tree, compiler)
    out = os.path.join(tree, "out")
    os.makedirs(out, exist_ok=True)
    command = [binary, "--xclbin", "build/final.xclbin", "--instr", "build/insts.bin",
               "--data", "data", "--out", "out", "--rtol", repr(rtol), "--atol", repr(atol)]
    try:
        result = subprocess.run(command, cwd=tree, capture_output=True, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise ExecutionError(f"the AIE emulation of {tree} did not finish in {timeout} s",
                             "PTOWSP_ERR_EXECUTION") from error
    log = result.stdout + result.stderr
    if result.returncode != 0:
        what = "does not match cpu_sim" if result.returncode == 1 else "failed"
        raise ExecutionError(f"the AIE emulation of {tree} {what}:\n{log[-4000:]}",
                             "PTOWSP_ERR_EXECUTION")
    manifest = read_manifest(tree)
    outputs = {}
    for entry in manifest["tensors"]:
        path = os.path.join(out, entry["name"] + ".bin")
        if entry["written"] and not entry["on_chip"] and os.path.exists(path):
            outputs[entry["name"]] = np.fromfile(path, dtype=_DTYPES[entry["dtype"]]).reshape(
                entry["shape"])
    return outputs, log


class AIEProgram(TreeProgram):
    """A workload compiled for AIE: the tree in `artifact_dir`, and the same
    workload compiled for cpu_sim as the reference of its data."""

    def __init__(self, workload, files, device, artifact_dir, reference):
        super().__init__(workload, files, artifact_dir, reference, "aie")
        self.device = device

    def bind(self):
        """Run the program on cpu_sim (on copies: the tensors keep their
        data) and write its inputs and outputs as the tree's data."""
        saved, outputs = self._reference_run()
        bind_tree(self.artifact_dir, saved, outputs)
        return self

    def execute(self, rtol=1e-5, atol=1e-6, timeout=600):
        """Bind the data, build host.cpp on the emulation and run it: the
        host program checks every output against cpu_sim's (within rtol and
        atol) and the tensors receive the emulated design's outputs."""
        self.bind()
        outputs, self._log = run_emulation(self.artifact_dir, rtol, atol, timeout)
        for obj, entry in zip(self._tensors(), self.manifest["tensors"]):
            if entry["name"] in outputs:
                obj.data[...] = outputs[entry["name"]].reshape(obj.data.shape)
        return self

    @property
    def design(self):
        """design.mlir's text."""
        return self.files["design.mlir"]
