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

import os
import subprocess

import numpy as np

from pto_wsp import _pto_wsp
from pto_wsp.errors import ExecutionError, PtoError, PtoTypeError, PtoValueError
from pto_wsp.tensor import DenseDyn
from pto_wsp.trees import TreeProgram, read_manifest

RUNTIMES = ("tensormap_and_ringbuffer", "host_build_graph")
_DTYPES = {"float32": np.float32, "float16": np.float16, "int8": np.int8,
           "int16": np.int16, "int32": np.int32, "int64": np.int64}
_DEFAULT_PTORT_SIM = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..",
                                  "shared", "tools", "ptort_sim.sh")


def bind_tree(tree, inputs, expected, scalars=(), symbols=None, rtol=1e-4, atol=1e-4):
    """Write a tree's data and its ptort.conf with them.

    `inputs` and `expected`: one array per tensor of manifest.json, in order
    (expected None: not compared); `scalars`: the orchestration's scalar
    values in order; `symbols`: {name: value} of its run-time symbols."""
    manifest = read_manifest(tree)
    tensors = manifest["tensors"]
    if len(inputs) != len(tensors) or len(expected) != len(tensors):
        raise PtoValueError(f"the tree has {len(tensors)} tensors; got {len(inputs)} inputs "
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
            raise PtoTypeError(f"tensor {name}: dtype {tensor['dtype']} has no data file format")
        given = np.ascontiguousarray(given, dtype=dtype)
        # -1: a dimension the program takes at run time.
        if given.ndim != len(tensor["shape"]) or any(
                want not in (-1, got) for want, got in zip(tensor["shape"], given.shape)):
            raise PtoValueError(f"tensor {name}: expected shape {tensor['shape']}, got "
                                f"{list(given.shape)}")
        given.tofile(os.path.join(data, f"{name}.bin"))
        expect = "-"
        if wanted is not None:
            np.ascontiguousarray(wanted, dtype=dtype).tofile(
                os.path.join(data, f"{name}.expected.bin"))
            expect = f"file:data/{name}.expected.bin"
        shape = "x".join(str(dim) for dim in given.shape)
        lines.append(f"tensor {name} {tensor['direction']} {tensor['dtype']} {shape} "
                     f"file:data/{name}.bin {expect}")
    if len(scalars) != len(manifest["scalars"]):
        raise PtoValueError(f"the tree has {len(manifest['scalars'])} scalars; "
                            f"got {len(scalars)}")
    for scalar, value in zip(manifest["scalars"], scalars):
        lines.append(f"scalar {scalar['type']} {value}")
    symbols = symbols or {}
    for symbol in manifest["symbols"]:
        name = symbol["name"]
        if name not in symbols:
            raise PtoError(f"no value for run-time symbol '{name}'")
        value = int(symbols[name]) if symbol["type"] == "i64" else float(symbols[name])
        lines.append(f"scalar {symbol['type']} {value}  # symbol {name}")
    lines += [f"aicpu_thread_num {manifest['aicpu_thread_num']}",
              f"block_dim {manifest['block_dim_sim']}",
              f"rtol {rtol}", f"atol {atol}"]
    with open(os.path.join(tree, "ptort.conf"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


def run_tree_on_host(tree, compiler="clang++-22", work_dir=None):
    """Run a bound tree (bind_tree) on the host: its orchestration against the
    project's emulation of pto-runtime, its kernels against the project's CPU
    PTO-ISA implementation. Returns {tensor name: output array} and raises
    ExecutionError when a build or the run fails, or an output differs from
    the tree's expected data beyond its tolerances."""
    manifest = read_manifest(tree)
    conf = {}
    tensor_lines, scalar_words = [], []
    with open(os.path.join(tree, "ptort.conf")) as handle:
        for line in handle:
            words = line.split("#")[0].split()
            if not words:
                continue
            if words[0] == "tensor":
                tensor_lines.append(words)
            elif words[0] == "scalar":
                scalar_words.append(_scalar_word(words[1], words[2]))
            else:
                conf[words[0]] = words[1:]
    include = _pto_wsp.runtime_include_dir()
    hostsim = os.path.join(include, "pto-wsp", "ascend", "hostsim")
    work = work_dir or os.path.join(tree, "hostsim")
    os.makedirs(work, exist_ok=True)
    flags = ["-std=c++17", "-O1", "-D__aicore__=", f"-I{hostsim}", f"-I{include}",
             f"-I{os.path.join(tree, 'include')}"]
    hbg = manifest["runtime"] == "host_build_graph"
    sources, registry = [], []
    for kernel in manifest["kernels"]:
        name = f"ptowsp_hostsim_kernel_{kernel['func_id']}"
        obj = os.path.join(work, f"k{kernel['func_id']}.o")
        _build([compiler, *flags, f"-Dkernel_entry={name}", "-c",
                os.path.join(tree, kernel["source"]), "-o", obj])
        sources.append(obj)
        registry.append((kernel["func_id"], name))
    with open(os.path.join(work, "registry.cpp"), "w") as handle:
        handle.write('#include "hostsim.h"\n')
        for _, name in registry:
            handle.write(f'extern "C" void {name}(int64_t *);\n')
        handle.write('extern "C" HostKernel ptowsp_hostsim_kernel(int32_t id) {\n  switch (id) {\n')
        for func_id, name in registry:
            handle.write(f"  case {func_id}: return {name};\n")
        handle.write("  }\n  return nullptr;\n}\n")
    entry = [f"-DPTOWSP_HOSTSIM_HBG={manifest['entry']}"] if hbg else []
    binary = os.path.join(work, "hostsim")
    _build([compiler, *flags, *entry, os.path.join(hostsim, "hostsim_main.cpp"),
            os.path.join(tree, manifest["orchestration"]), os.path.join(work, "registry.cpp"),
            *sources, "-o", binary])
    spec = []
    for tensor, words in zip(manifest["tensors"], tensor_lines):
        source = words[5].split(":", 1)[1]
        element = np.dtype(_DTYPES[tensor["dtype"]]).itemsize
        dims = words[4].split("x")
        spec.append(f"tensor {element} {len(dims)} {' '.join(dims)} {os.path.join(tree, source)} "
                    f"{os.path.join(work, tensor['name'] + '.out.bin')}")
    spec += [f"scalar {word}" for word in scalar_words]
    with open(os.path.join(work, "spec"), "w") as handle:
        handle.write("\n".join(spec) + "\n")
    result = subprocess.run([binary, os.path.join(work, "spec")], capture_output=True, text=True)
    if result.returncode != 0:
        raise ExecutionError(f"host run of {tree} failed:\n{result.stdout}{result.stderr}",
                             "PTOWSP_ERR_EXECUTION")
    rtol, atol = float(conf.get("rtol", ["1e-5"])[0]), float(conf.get("atol", ["1e-5"])[0])
    outputs = {}
    for tensor, words in zip(manifest["tensors"], tensor_lines):
        dtype = _DTYPES[tensor["dtype"]]
        got = np.fromfile(os.path.join(work, tensor["name"] + ".out.bin"), dtype=dtype)
        outputs[tensor["name"]] = got.reshape([int(dim) for dim in words[4].split("x")])
        if len(words) > 6 and words[6] != "-":
            wanted = np.fromfile(os.path.join(tree, words[6].split(":", 1)[1]), dtype=dtype)
            if not np.allclose(got.astype(np.float64), wanted.astype(np.float64),
                               rtol=rtol, atol=atol):
                error = float(np.max(np.abs(got.astype(np.float64) - wanted)))
                raise ExecutionError(f"host run of {tree}: {tensor['name']} differs from the "
                                     f"expected data (max abs error {error:.3g})",
                                     "PTOWSP_ERR_EXECUTION")
    return outputs


def _build(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ExecutionError("building the host run failed: " + " ".join(command) + "\n"
                             + result.stderr[-4000:], "PTOWSP_ERR_COMPILE")


def _scalar_word(kind, text):
    """The 64-bit argument word of a ptort.conf scalar."""
    if kind == "f32":
        return int(np.array([float(text)], np.float32).view(np.uint32)[0])
    if kind == "f64":
        return int(np.array([float(text)], np.float64).view(np.uint64)[0])
    return int(text) & 0xFFFFFFFFFFFFFFFF


def runtime_environment(manifest):
    """What pto-runtime reads from its environment for this tree: PTO2's task
    ring is the schedule's task window (kernel_config.py's RUNTIME_ENV)."""
    if manifest["runtime"] == "tensormap_and_ringbuffer":
        return {"PTO2_RING_TASK_WINDOW": str(manifest["task_window"])}
    return {}


def find_ptort_sim():
    """The a2a3sim runner: $PTORT_SIM, or the workplace's shared tool."""
    path = os.environ.get("PTORT_SIM") or os.path.abspath(_DEFAULT_PTORT_SIM)
    return path if os.path.isfile(path) else None


class AscendProgram(TreeProgram):
    """A workload compiled for Ascend: the tree in `artifact_dir`, and the same
    workload compiled for cpu_sim as the reference of its data."""

    def __init__(self, workload, files, runtime, artifact_dir, reference):
        super().__init__(workload, files, artifact_dir, reference, "ascend")
        self.runtime = runtime

    def bind(self, rtol=1e-4, atol=1e-4):
        """Run the program on cpu_sim (on copies: the tensors keep their
        data) and write its inputs and outputs as the tree's data."""
        saved, outputs = self._reference_run()
        expected = [out if entry["direction"] != "IN" else None
                    for out, entry in zip(outputs, self.manifest["tensors"])]
        scalars = [int(obj.size) for obj in self._objects() if isinstance(obj, DenseDyn)]
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
        env = dict(os.environ, PTORT_BUILD=build, **runtime_environment(self.manifest))
        result = subprocess.run(["bash", runner, "run", self.artifact_dir], env=env,
                                capture_output=True, text=True, timeout=timeout)
        self._log = result.stdout + result.stderr
        if result.returncode != 0:
            raise ExecutionError(f"a2a3sim run of {self.artifact_dir} failed:\n"
                                 f"{result.stdout[-4000:]}{result.stderr[-4000:]}",
                                 "PTOWSP_ERR_EXECUTION")
        for obj, entry in zip(self._tensors(), self.manifest["tensors"]):
            if entry["direction"] == "IN":
                continue
            out = np.fromfile(os.path.join(build, "out", f"{entry['name']}.bin"),
                              dtype=_DTYPES[entry["dtype"]])
            obj.data[...] = out.reshape(obj.data.shape)
        return self

    def run_on_host(self, compiler="clang++-22"):
        """Bind the data and run the tree on the host (run_tree_on_host): the
        tensors receive its outputs, checked against cpu_sim's."""
        self.bind()
        outputs = run_tree_on_host(self.artifact_dir, compiler)
        for obj, entry in zip(self._tensors(), self.manifest["tensors"]):
            if entry["direction"] != "IN":
                obj.data[...] = outputs[entry["name"]]
        return self
