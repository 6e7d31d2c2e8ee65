#!/usr/bin/env python3
"""Write a broken copy of an architecture file, for the error tests.

    bad_arch.py SRC OUT [PATH=JSON ...] [--drop PATH ...] [--truncate BYTES]

PATH is a dotted key path (cores.aic); JSON the value put there (-1, "24",
1e300). --drop removes a key, --truncate keeps the first BYTES of the text.
"""

import argparse
import json


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src")
    parser.add_argument("out")
    parser.add_argument("edits", nargs="*", metavar="PATH=JSON")
    parser.add_argument("--drop", action="append", default=[])
    parser.add_argument("--truncate", type=int)
    options = parser.parse_args()
    with open(options.src) as handle:
        arch = json.load(handle)
    for edit in options.edits:
        path, _, value = edit.partition("=")
        *parents, key = path.split(".")
        node = arch
        for parent in parents:
            node = node[parent]
        node[key] = json.loads(value)
    for path in options.drop:
        *parents, key = path.split(".")
        node = arch
        for parent in parents:
            node = node[parent]
        del node[key]
    text = json.dumps(arch, indent=2)
    if options.truncate is not None:
        text = text[:options.truncate]
    with open(options.out, "w") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
