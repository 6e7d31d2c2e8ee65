"""The Ascend target from Python: a pto-runtime tree, its data, and runs on
pto-runtime's a2a3sim.

`workload.compile(target="ascend", runtime=...)` writes the tree the C++
target emits (orchestration, PTO-ISA kernels, kernel_config.py, ptort.conf,
manifest.json) into `artifact_dir` and returns an AscendProgram. Its
`bind()` runs the same program on cpu_sim (on copies of the tensors) and
writes the inputs and cpu_sim's outputs as the tree's data, so that
`ptort_sim.sh run <artifact_dir>` checks a2a3sim against cpu_sim;
`execute()`/`synchronize()` run the tree on a2a3sim (when pto-runtime's
simulator is set up, see docs/targets/ascend.md) and copy its outputs into
the tensors.
"""

import json
import os
import shutil
import subprocess
import tempfile

import numpy as np

from pto_wsp.errors import ExecutionError, PtoError
from pto_wsp.tensor import DenseDyn, Tensor

RUNTIMES = ("tensormap_and_ringbuffer", "host_build_graph")
_DTYPES = {"float32": np.float32, "float16": np.float16, "int8": np.int8,
           "int16": np.int16, "int32": np.int32, "int64": np.int64}
_DEFAULT_PTORT_SIM = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..",
                                  "shared", "tools", "ptort_sim.sh")


def write_files(directory, files):
    """Write (path, contents) pairs under `directory`."""
    for path, contents in files:
        full = os.path.join(directory, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(contents)


def bind_tree(tree, inputs, expected, scalars=(), symbols=None, rtol=1e-4, atol=1e-4):
    """Write a tree's data and its ptort.conf with them.

    `inputs` and `expected`: one array per tensor of manifest.json, in order
    (expected None: not compared); `scalars`: the orchestration's scalar
    values in order; `symbols`: {name: value} of its run-time symbols."""
    with open(os.path.join(tree, "manifest.json")) as handle:
        manifest = json.load(handle)
    tensors = manifest["tensors"]
    if len(inputs) != len(tensors) or len(expected) != len(tensors):
        raise PtoError(f"the tree has {len(tensors)} tensors; got {len(inputs)} inputs "
                       f"and {len(expected)} expected arrays")
    data = os.path.join(tree, "data")
    os.makedirs(data, exist_ok=True)
    lines = [f"# pto-runtime tree of workload @{manifest['workload']} (PTO-WSP, target "
             "ascend); the expected outputs come from a cpu_sim run of the same program.",
             f"runtime {manifest['runtime']}", "include include"]
    orchestration = f"orchestration {manifest['orchestration']} {manifest['entry']}"
    if manifest["runtime"] == "tensormap_and_ringbuffer":
        orchestration += " aicpu_orchestration_config"
    lines.append(orchestration)
    with open(os.path.join(tree, "ptort.conf")) as handle:
        lines += [line.rstrip("\n") for line in handle if line.startswith("kernel ")]
    for tensor, given, wanted in zip(tensors, inputs, expected):
        name, dtype = tensor["name"], _DTYPES.get(tensor["dtype"])
        if dtype is None:
            raise PtoError(f"tensor {name}: dtype {tensor['dtype']} has no data file format")
        given = np.ascontiguousarray(given, dtype=dtype)
        if list(given.shape) != tensor["shape"]:
            raise PtoError(f"tensor {name}: expected shape {tensor['shape']}, got "
                           f"{list(given.shape)}")
        given.tofile(os.path.join(data, f"{name}.bin"))
        expect = "-"
        if wanted is not None:
            np.ascontiguousarray(wanted, dtype=dtype).tofile(
                os.path.join(data, f"{name}.expected.bin"))
            expect = f"file:data/{name}.expected.bin"
        shape = "x".join(str(dim) for dim in tensor["shape"])
        lines.append(f"tensor {name} {tensor['direction']} {tensor['dtype']} {shape} "
                     f"file:data/{name}.bin {expect}")
    if len(scalars) != len(manifest["scalars"]):
        raise PtoError(f"the tree has {len(manifest['scalars'])} scalars; got {len(scalars)}")
    for scalar, value in zip(manifest["scalars"], scalars):
        lines.append(f"scalar {scalar['type']} {value}")
    symbols = symbols or {}
    for name in manifest["symbols"]:
        if name not in symbols:
            raise PtoError(f"no value for run-time symbol '{name}'")
        lines.append(f"scalar i64 {int(symbols[name])}  # symbol {name}")
    lines += [f"aicpu_thread_num {manifest['aicpu_thread_num']}",
              f"block_dim {manifest['block_dim_sim']}",
              f"rtol {rtol}", f"atol {atol}"]
    with open(os.path.join(tree, "ptort.conf"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


def find_ptort_sim():
    """The a2a3sim runner: $PTORT_SIM, or the workplace's shared tool."""
    path = os.environ.get("PTORT_SIM") or os.path.abspath(_DEFAULT_PTORT_SIM)
    return path if os.path.isfile(path) else None


class AscendProgram:
    """A workload compiled for Ascend: the tree in `artifact_dir`, and the same
    workload compiled for cpu_sim as the reference of its data."""

    def __init__(self, workload, files, runtime, artifact_dir, reference):
        self.workload = workload
        self.name = workload.name
        self.runtime = runtime
        self.files = dict(files)
        self.artifact_dir = artifact_dir or tempfile.mkdtemp(prefix=f"pto_wsp_ascend_{self.name}_")
        write_files(self.artifact_dir, files)
        self._reference = reference
        self._result = None
        with open(os.path.join(self.artifact_dir, "manifest.json")) as handle:
            self.manifest = json.load(handle)

    def _objects(self):
        return list(self._reference.arguments)

    def bind(self, rtol=1e-4, atol=1e-4):
        """Run the program on cpu_sim (on copies: the tensors keep their
        data) and write its inputs and outputs as the tree's data."""
        objects = self._objects()
        tensors = [obj for obj in objects if isinstance(obj, Tensor)]
        saved = [np.array(obj.data, copy=True) for obj in tensors]
        try:
            self._reference.run(trace=False)
            outputs = [np.array(obj.data, copy=True) for obj in tensors]
        finally:
            for obj, data in zip(tensors, saved):
                obj.data[...] = data
        expected = [out if entry["direction"] != "IN" else None
                    for out, entry in zip(outputs, self.manifest["tensors"])]
        scalars = [int(obj.size) for obj in objects if isinstance(obj, DenseDyn)]
        bind_tree(self.artifact_dir, saved, expected, scalars,
                  self._reference.symbols, rtol, atol)
        return self

    def execute(self, ptort_sim=None, timeout=900):
        """Bind the data and run the tree on a2a3sim (in the foreground: the
        simulator is a separate process). The tensors receive its outputs."""
        runner = ptort_sim or find_ptort_sim()
        if runner is None:
            raise ExecutionError("pto-runtime's a2a3sim runner was not found (set PTORT_SIM "
                                 "to ptort_sim.sh)", "PTOWSP_ERR_UNAVAILABLE")
        self.bind()
        build = os.path.join(self.artifact_dir, "build")
        env = dict(os.environ, PTORT_BUILD=build)
        result = subprocess.run(["bash", runner, "run", self.artifact_dir], env=env,
                                capture_output=True, text=True, timeout=timeout)
        self._result = result
        if result.returncode != 0:
            raise ExecutionError(f"a2a3sim run of {self.artifact_dir} failed:\n"
                                 f"{result.stdout[-4000:]}{result.stderr[-4000:]}",
                                 "PTOWSP_ERR_EXECUTION")
        tensors = [obj for obj in self._objects() if isinstance(obj, Tensor)]
        for obj, entry in zip(tensors, self.manifest["tensors"]):
            if entry["direction"] == "IN":
                continue
            out = np.fromfile(os.path.join(build, "out", f"{entry['name']}.bin"),
                              dtype=_DTYPES[entry["dtype"]])
            obj.data[...] = out.reshape(obj.data.shape)
        return self

    def synchronize(self):
        """The run of execute() has completed when it returns."""
        if self._result is None:
            raise PtoError("synchronize() without execute()")
        return self

    @property
    def log(self):
        """The a2a3sim runner's output of the last execute()."""
        if self._result is None:
            raise PtoError("no run yet")
        return self._result.stdout + self._result.stderr

    def clean(self):
        shutil.rmtree(self.artifact_dir, ignore_errors=True)
