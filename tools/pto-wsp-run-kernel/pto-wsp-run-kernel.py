#!/usr/bin/env python3
"""Run one cpu_sim kernel from a compiled translation unit and check it
against a NumPy reference written in the test.

    pto-wsp-run-kernel KERNEL.so NAME ARG... --ref 'y = x * 2' [--rtol R --atol A]

Each ARG describes one kernel argument, in the kernel's order:

    x:in:f32:16x128:randn        a view: name, direction, dtype, extent, data
    y:out:f32:16x128             an output view (filled with a sentinel)
    x:in:f32:10x100/16x160:rand  extent 10x100 inside a 16x160 allocation:
                                 the kernel sees a partial window whose row
                                 stride is 160
    s:f64:2.5 | n:i64:3          a scalar

Data generators: randn, rand, randint (0..9), arange, zeros, ones, and
"pos" (uniform in [0.5, 2], for log/sqrt/div). Inputs of 16-bit types are
rounded to that type before the reference sees them, so the reference is
computed on exactly what the kernel reads. The reference is Python with
`np`, the scalars and the in/inout views bound by name (as float64 arrays of
the window's extent); it must assign the expected value of every out/inout
view.
Elements of out/inout allocations outside the window must be left untouched.

Prints `PASS NAME max_abs_err=... cycles=N` and exits 0, or prints the
mismatch and exits 1. NumPy is the only dependency; the reference never
uses the code under test.
"""

import argparse
import ctypes
import sys

import numpy as np

# Fills allocations before the call, to catch writes outside the window.
SENTINEL = {"f32": -12345.0, "f16": -1234.0, "bf16": -1234.0, "i32": -777,
            "i16": -777, "i8": -77, "u8": 201}


class View(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rows", ctypes.c_int64),
                ("cols", ctypes.c_int64), ("row_stride", ctypes.c_int64)]


class Arg(ctypes.Union):
    _fields_ = [("view", View), ("f64", ctypes.c_double), ("i64", ctypes.c_int64)]


STORAGE = {"f32": np.float32, "f16": np.float16, "bf16": np.uint16,
           "i32": np.int32, "i16": np.int16, "i8": np.int8, "u8": np.uint8}


def bf16_bits_from_f32(values):
    """Round float32 values to bfloat16 (nearest even) and return the bits."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounding = 0x7FFF + ((bits >> 16) & 1)
    return ((bits + rounding) >> 16).astype(np.uint16)


def f32_from_bf16_bits(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


def to_storage(values, dtype):
    if dtype == "bf16":
        return bf16_bits_from_f32(values)
    return np.asarray(values).astype(STORAGE[dtype])


def from_storage(array, dtype):
    if dtype == "bf16":
        return f32_from_bf16_bits(array).astype(np.float64)
    return array.astype(np.float64)


def generate(kind, shape, dtype, rng):
    integer = dtype in ("i32", "i16", "i8", "u8")
    if kind == "randn":
        return rng.standard_normal(shape) * (4 if integer else 1)
    if kind == "rand":
        return rng.random(shape)
    if kind == "pos":
        return rng.uniform(0.5, 2.0, shape)
    if kind == "randint":
        return rng.integers(0, 10, shape)
    if kind == "arange":
        return np.arange(np.prod(shape)).reshape(shape)
    if kind == "zeros":
        return np.zeros(shape)
    if kind == "ones":
        return np.ones(shape)
    raise SystemExit(f"unknown generator '{kind}'")


def parse_shape(text):
    rows, cols = text.split("x")
    return int(rows), int(cols)


class ViewArg:
    def __init__(self, spec, rng):
        parts = spec.split(":")
        if len(parts) not in (4, 5):
            raise SystemExit(f"bad view argument '{spec}'")
        self.name, self.direction, self.dtype, extent = parts[:4]
        generator = parts[4] if len(parts) == 5 else "zeros"
        if "/" in extent:
            extent, allocation = extent.split("/")
            self.alloc = parse_shape(allocation)
        else:
            self.alloc = None
        self.extent = parse_shape(extent)
        self.alloc = self.alloc or self.extent
        rows, cols = self.extent
        values = np.full(self.alloc, SENTINEL[self.dtype], dtype=np.float64)
        if self.direction != "out":
            values[:rows, :cols] = generate(generator, self.extent, self.dtype, rng)
        self.storage = np.ascontiguousarray(to_storage(values, self.dtype))
        self.initial = from_storage(self.storage, self.dtype)

    def window(self):
        rows, cols = self.extent
        return from_storage(self.storage, self.dtype)[:rows, :cols]

    def fill(self, arg):
        arg.view.data = self.storage.ctypes.data
        arg.view.rows, arg.view.cols = self.extent
        arg.view.row_stride = self.alloc[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library")
    parser.add_argument("kernel")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--ref", required=True, help="Python reference code")
    parser.add_argument("--rtol", type=float, default=1e-5)
    parser.add_argument("--atol", type=float, default=1e-6)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()

    rng = np.random.default_rng(options.seed)
    library = ctypes.CDLL(options.library)
    entry = getattr(library, "ptowsp_kernel_" + options.kernel)
    cycles_fn = getattr(library, "ptowsp_kernel_" + options.kernel + "_cycles")
    cycles_fn.restype = ctypes.c_int64

    views, scalars = [], {}
    packed = (Arg * max(1, len(options.args)))()
    for index, spec in enumerate(options.args):
        parts = spec.split(":")
        if len(parts) == 3 and parts[1] in ("f64", "i64"):
            name, kind, text = parts
            if kind == "f64":
                packed[index].f64 = float(text)
                scalars[name] = float(text)
            else:
                packed[index].i64 = int(text)
                scalars[name] = int(text)
            continue
        view = ViewArg(spec, rng)
        view.fill(packed[index])
        views.append(view)

    # The reference sees the inputs exactly as stored (after 16-bit rounding).
    # Outputs are not bound: the reference must assign every one of them.
    env = {"np": np, **scalars}
    for view in views:
        if view.direction != "out":
            env[view.name] = view.window().copy()
    exec(options.ref, env)

    entry(packed)

    worst = 0.0
    ok = True
    for view in views:
        if view.direction == "in":
            if not np.array_equal(from_storage(view.storage, view.dtype), view.initial):
                print(f"FAIL {options.kernel}: input '{view.name}' was modified")
                ok = False
            continue
        if view.name not in env:
            print(f"FAIL {options.kernel}: the reference does not define '{view.name}'")
            return 1
        expected = np.asarray(env[view.name], dtype=np.float64)
        got = view.window()
        if expected.shape != got.shape:
            print(f"FAIL {options.kernel}: reference '{view.name}' has shape "
                  f"{expected.shape}, window is {got.shape}")
            return 1
        error = np.abs(got - expected)
        worst = max(worst, float(error.max()))
        if not np.allclose(got, expected, rtol=options.rtol, atol=options.atol):
            where = np.unravel_index(np.argmax(error - options.rtol * np.abs(expected)), error.shape)
            print(f"FAIL {options.kernel}: '{view.name}'{list(where)} = {got[where]}, "
                  f"expected {expected[where]} (max abs err {error.max():.3g})")
            ok = False
        outside = from_storage(view.storage, view.dtype).copy()
        rows, cols = view.extent
        outside[:rows, :cols] = view.initial[:rows, :cols]
        if not np.array_equal(outside, view.initial):
            print(f"FAIL {options.kernel}: '{view.name}' written outside its window")
            ok = False
    if not ok:
        return 1
    print(f"PASS {options.kernel} max_abs_err={worst:.3g} cycles={cycles_fn()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
