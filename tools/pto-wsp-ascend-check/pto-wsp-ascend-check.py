#!/usr/bin/env python3
"""Emit the Ascend tree of a workload written in MLIR, bind its data from a
cpu_sim run of the same program, and run it.

    pto-wsp-ascend-check WORKLOAD.mlir [--runtime R] [--schedule S] [--tree DIR]
        [--gen I=zeros|ones|arange|randn|rand]... [--input I=X.npy]... [--arg I=V]...
        [--symbol N=V]...
        [--run host|a2a3sim|none] [--rtol X] [--atol X]

Tensor arguments are bound by position like pto-wsp-run's (--gen, --input;
unbound tensors are zeros), scalars with --arg and run-time symbols with --symbol.
pto-wsp-run computes the expected outputs on cpu_sim; the tree then runs on
the host emulation (--run host, the default), on pto-runtime's a2a3sim
(--run a2a3sim, needs ptort_sim.sh: $PTORT_SIM) or not at all (the bound
tree is left in --tree). Prints `PASS <tree>` and exits 0 when every output
matches cpu_sim's; exits 1 otherwise, with the reason.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("PTO_WSP_BUILD", os.path.join(HERE, "..", "..", "build"))
sys.path.insert(0, os.path.join(BUILD, "python_packages"))

from pto_wsp.ascend import (_DTYPES, bind_tree, find_ptort_sim, run_tree_on_host,  # noqa: E402
                            runtime_environment)
from pto_wsp.errors import PtoError  # noqa: E402


def pairs(values):
    result = {}
    for value in values:
        key, _, item = value.partition("=")
        result[key] = item
    return result


def generate(kind, shape, dtype, seed):
    if any(dim < 0 for dim in shape):
        raise PtoError(f"a tensor of shape {shape} has dimensions bound at run time: "
                       "bind it with --input")
    rng = np.random.default_rng(seed)
    makers = {"zeros": lambda: np.zeros(shape), "ones": lambda: np.ones(shape),
              "arange": lambda: np.arange(np.prod(shape)).reshape(shape),
              "randn": lambda: rng.standard_normal(shape), "rand": lambda: rng.random(shape)}
    if kind not in makers:
        raise PtoError(f"unknown generator '{kind}' (zeros, ones, arange, randn, rand)")
    return makers[kind]().astype(dtype)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload")
    parser.add_argument("--runtime", default="tensormap_and_ringbuffer")
    parser.add_argument("--schedule", default="")
    parser.add_argument("--tree")
    parser.add_argument("--gen", action="append", default=[])
    parser.add_argument("--input", action="append", default=[])
    parser.add_argument("--arg", action="append", default=[])
    parser.add_argument("--symbol", action="append", default=[])
    parser.add_argument("--run", default="host", choices=("host", "a2a3sim", "none"))
    parser.add_argument("--rtol", type=float, default=1e-4)
    parser.add_argument("--atol", type=float, default=1e-4)
    options = parser.parse_args()
    tree = options.tree or tempfile.mkdtemp(prefix="pto_wsp_ascend_")
    bin_dir = os.path.join(BUILD, "bin")
    translate = [os.path.join(bin_dir, "pto-wsp-translate"), f"--ascend={options.runtime}",
                 options.workload, "-o", tree]
    if options.schedule:
        translate.insert(2, f"--schedule={options.schedule}")
    if subprocess.run(translate, stdout=subprocess.DEVNULL).returncode != 0:
        return 1
    manifest = json.load(open(os.path.join(tree, "manifest.json")))
    gens, args, given = pairs(options.gen), pairs(options.arg), pairs(options.input)
    symbols = pairs(options.symbol)

    # cpu_sim computes the expected outputs from the same inputs.
    run = [os.path.join(bin_dir, "pto-wsp-run"), options.workload]
    if options.schedule:
        run.append(f"--schedule={options.schedule}")
    inputs, outputs = [], []
    data = os.path.join(tree, "cpu_sim")
    os.makedirs(data, exist_ok=True)
    for position, tensor in enumerate(manifest["tensors"]):
        index = str(tensor["argument"])
        dtype = _DTYPES[tensor["dtype"]]
        if index in given:
            array = np.load(given[index]).astype(dtype)
        else:
            array = generate(gens.get(index, "zeros"), tensor["shape"], dtype, seed=position)
        path = os.path.join(data, f"{tensor['name']}.npy")
        np.save(path, array)
        inputs.append(array)
        run += ["--input", f"{index}={path}"]
        out = os.path.join(data, f"{tensor['name']}.out.npy")
        outputs.append(out if tensor["direction"] != "IN" else None)
        if tensor["direction"] != "IN":
            run += ["--output", f"{index}={out}"]
    scalars = []
    for scalar in manifest["scalars"]:
        index = str(scalar["argument"])
        if index not in args:
            print(f"pto-wsp-ascend-check: error: scalar argument {index} needs --arg {index}=V")
            return 1
        scalars.append(args[index])
        run += ["--arg", f"{index}={args[index]}"]
    run += [f"--symbol={name}={value}" for name, value in symbols.items()]
    symbols = {name: float(value) for name, value in symbols.items()}
    if subprocess.run(run, stdout=subprocess.DEVNULL).returncode != 0:
        return 1
    expected = [np.load(path) if path else None for path in outputs]
    bind_tree(tree, inputs, expected, scalars, symbols, options.rtol, options.atol)

    if options.run == "host":
        run_tree_on_host(tree)
    elif options.run == "a2a3sim":
        runner = find_ptort_sim()
        env = dict(os.environ, **runtime_environment(manifest))
        if runner is None or subprocess.run(["bash", runner, "run", tree],
                                            env=env).returncode != 0:
            print(f"FAIL {tree}")
            return 1
    print(f"PASS {tree}" if options.run != "none" else f"BOUND {tree}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except PtoError as error:
        print(f"pto-wsp-ascend-check: error: {error}")
        sys.exit(1)
