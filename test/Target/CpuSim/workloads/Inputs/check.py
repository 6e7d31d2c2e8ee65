#!/usr/bin/env python3
"""Check the outputs of a workload run against an independent NumPy reference.

    check.py NAME --in x=%t.x.npy ... --out y=%t.y.npy ... \
        --ref 'y = np.exp(x)' [--rtol R] [--atol A]

Every --in array is bound by name (with its own dtype) for the reference,
which runs with `np` bound and must assign an expected value for every --out
name. An --out file is what the workload wrote; it is compared with the
expected value: same shape, exactly equal for integer and boolean arrays,
np.allclose(got, expected, rtol, atol) with NaN == NaN for floats (compared
in float64). --rtol 0 --atol 0 asks for bitwise-equal floats.

Prints `PASS NAME max_abs_err=E` and exits 0, or prints
`FAIL NAME: 'y'[i, j] = got, expected e (max abs err E, N mismatches)` and
exits 1. The reference never uses the code under test.
"""

import argparse
import sys

import numpy as np


def bind(entries, what):
    arrays = {}
    for entry in entries:
        name, _, path = entry.partition("=")
        if not path:
            sys.exit(f"check.py: --{what} expects NAME=PATH, got '{entry}'")
        try:
            arrays[name] = np.load(path)
        except OSError as error:
            sys.exit(f"check.py: cannot read {what} '{name}' from {path}: {error}")
    return arrays


def compare(test, name, got, expected, rtol, atol):
    """Returns (ok, max_abs_err, message)."""
    expected = np.asarray(expected)
    if got.shape != expected.shape:
        return False, None, (f"FAIL {test}: '{name}' has shape {got.shape}, "
                             f"expected {expected.shape}")
    if got.dtype.kind in "iub":
        bad = got != expected
        err = 0.0 if got.size == 0 else float(
            np.max(np.abs(got.astype(np.int64) - expected.astype(np.int64))))
    else:
        g = got.astype(np.float64)
        e = expected.astype(np.float64)
        bad = ~np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
        finite = np.isfinite(g) & np.isfinite(e)
        err = float(np.max(np.abs(g - e)[finite])) if finite.any() else 0.0
    count = int(np.count_nonzero(bad))
    if count:
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        return False, err, (f"FAIL {test}: '{name}'{list(index)} = {got[index]!r}, "
                            f"expected {expected[index]!r} (max abs err {err:g}, "
                            f"{count} of {got.size} mismatch)")
    return True, err, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--in", dest="inputs", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--out", dest="outputs", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--ref", required=True, help="Python reference code")
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-6)
    options = parser.parse_args()
    if not options.outputs:
        sys.exit("check.py: nothing to check (no --out)")

    inputs = bind(options.inputs, "in")
    outputs = bind(options.outputs, "out")
    scope = {"np": np}
    scope.update(inputs)
    exec(options.ref, scope)

    ok, worst = True, 0.0
    for name, got in outputs.items():
        if name not in scope:
            sys.exit(f"check.py: the reference does not assign '{name}'")
        same, err, message = compare(options.name, name, got, scope[name],
                                     options.rtol, options.atol)
        if not same:
            print(message)
            ok = False
        elif err is not None:
            worst = max(worst, err)
    if not ok:
        sys.exit(1)
    print(f"PASS {options.name} max_abs_err={worst:g}")


if __name__ == "__main__":
    main()
