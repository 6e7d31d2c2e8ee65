#!/usr/bin/env python3
"""Write malformed .npy files for a (1, 128) float32 argument into DIR.

    bad_npy.py DIR

truncated.npy (cut inside the header), short.npy (4 bytes of data missing),
text.npy (not an .npy file), fortran.npy (Fortran order), bigendian.npy
(>f4), complex.npy (complex64), rank3.npy (1x1x128), negative.npy (a -1
dimension in the header), overflow.npy (a shape whose byte count wraps
around 2^64 to the size of its payload).
"""

import os
import sys

import numpy as np


def header_with_shape(good, shape):
    """`good` (an .npy file's bytes) with its shape text replaced, the
    header padded back to its length."""
    start = good.index(b"'shape': ") + len(b"'shape': ")
    end = good.index(b")", start) + 1
    header_end = good.index(b"\n", start)
    replaced = good[:start] + shape + good[end:header_end]
    return replaced.ljust(header_end, b" ") + good[header_end:]


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)

    def path(name):
        return os.path.join(directory, name)

    x = np.ones((1, 128), np.float32)
    np.save(path("good.npy"), x)
    with open(path("good.npy"), "rb") as handle:
        good = handle.read()
    files = {
        "truncated.npy": good[:40],
        "short.npy": good[:-4],
        "text.npy": b"this is not an .npy file\n",
        "negative.npy": header_with_shape(good, b"(-1, 128)"),
        # (2^62 + 128) * 4 bytes is 512 modulo 2^64: exactly the payload.
        "overflow.npy": header_with_shape(good, b"(4611686018427388032, 1)"),
    }
    for name, data in files.items():
        with open(path(name), "wb") as handle:
            handle.write(data)
    np.save(path("fortran.npy"), np.asfortranarray(np.ones((2, 128), np.float32)))
    np.save(path("bigendian.npy"), x.astype(">f4"))
    np.save(path("complex.npy"), x.astype(np.complex64))
    np.save(path("rank3.npy"), x.reshape(1, 1, 128))


if __name__ == "__main__":
    main()
