#!/usr/bin/env python3
"""Write an AIE tree's data directory from .npy files.

    bind.py DIR NAME=file.npy [NAME=file.npy ...] [--corrupt NAME]

Each NAME (arg0, arg2.expected, ...) becomes DIR/NAME.bin: the array's raw
bytes in C order, in its own dtype, which is what the host program reads
(data/<tensor>.bin inputs, data/<tensor>.expected.bin outputs). --corrupt
NAME adds 1 to the first element of that array before writing it (a wrong
expected output the host must reject).
"""

import argparse
import os
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("arrays", nargs="+", metavar="NAME=PATH")
    parser.add_argument("--corrupt", action="append", default=[], metavar="NAME")
    options = parser.parse_args()
    os.makedirs(options.dir, exist_ok=True)
    names = set()
    for entry in options.arrays:
        name, _, path = entry.partition("=")
        if not path:
            sys.exit(f"bind.py: expected NAME=PATH, got '{entry}'")
        array = np.ascontiguousarray(np.load(path))
        if name in options.corrupt:
            array = array.copy()
            array.flat[0] += 1
        array.tofile(os.path.join(options.dir, name + ".bin"))
        names.add(name)
    missing = set(options.corrupt) - names
    if missing:
        sys.exit(f"bind.py: --corrupt names no array: {sorted(missing)}")


if __name__ == "__main__":
    main()
