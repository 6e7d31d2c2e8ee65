#!/usr/bin/env python3
"""Generate workload inputs as .npy files from a few lines of NumPy.

    gen.py [--seed S] --code 'x = rng.standard_normal((4, 64)).astype(np.float32)' \
        x=%t.x.npy [more NAME=PATH ...]

The code runs with `np` and `rng` (np.random.default_rng(seed)) bound and
must assign every NAME given on the command line to a NumPy array; each one
is written to its PATH with its own dtype (use the dtype of the workload's
memref: float32, float16, int64, int32, ...). Deterministic for a seed.
"""

import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--code", required=True)
    parser.add_argument("outputs", nargs="+", metavar="NAME=PATH")
    options = parser.parse_args()
    scope = {"np": np, "rng": np.random.default_rng(options.seed)}
    exec(options.code, scope)
    for entry in options.outputs:
        name, _, path = entry.partition("=")
        if not path:
            sys.exit(f"gen.py: expected NAME=PATH, got '{entry}'")
        if name not in scope:
            sys.exit(f"gen.py: the code does not assign '{name}'")
        value = scope[name]
        if not isinstance(value, np.ndarray):
            sys.exit(f"gen.py: '{name}' is a {type(value).__name__}, not an array")
        np.save(path, np.ascontiguousarray(value))


if __name__ == "__main__":
    main()
