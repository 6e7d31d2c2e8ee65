#!/usr/bin/env python3
"""Check that an AIE tree's emu/design_emu.cpp transcribes its design.mlir.

    design_vs_emu.py TREE

Reads both files of TREE and compares, in order: the object FIFOs (name,
depth, element bytes), the memtile links, each core's program (loop trip
counts, FIFO acquires/releases with their ports, kernel calls, copies), the
runtime sequence's transfers (FIFO, direction, buffer, element bytes, linear
offset, sizes, strides) and its waits. Prints "CONSISTENT" and a summary, or
each difference and exits 1.
"""

import re
import sys

ELEMENT_BYTES = {"f32": 4, "f16": 2, "bf16": 2, "i32": 4, "i16": 2, "i8": 1}


def ints(text):
    return [int(v) for v in re.findall(r"-?\d+", text)]


def element_bytes(memref):
    """memref<16x128xf32> -> 16 * 128 * 4."""
    *dims, element = memref.split("x")
    size = ELEMENT_BYTES[element]
    for dim in dims:
        size *= int(dim)
    return size


def parse_design(text):
    tiles, fifos, links, cores, transfers, waits = {}, [], [], {}, [], []
    for name, col, row in re.findall(r"%(\w+) = aie\.tile\((\d+), (\d+)\)", text):
        tiles[name] = (int(col), int(row))
    producer = {}
    for name, prod, depth, memref in re.findall(
            r"aie\.objectfifo @(\w+)\(%(\w+), \{[^}]*\}, (\d+) : i32\) : "
            r"!aie\.objectfifo<memref<([^>]+)>>", text):
        fifos.append((name, int(depth), element_bytes(memref)))
        producer[name] = tiles[prod]
    for src, dst in re.findall(r"aie\.objectfifo\.link \[([^\]]*)\] -> \[([^\]]*)\]", text):
        links.append((tuple(re.findall(r"@(\w+)", src)), tuple(re.findall(r"@(\w+)", dst))))
    for body in re.findall(r"aie\.core\(%(\w+)\) \{(.*?)\n\s*aie\.end", text, re.S):
        tile, program = body
        constants = dict(re.findall(r"%(\w+) = arith\.constant (-?\d+) : index", program))
        tokens = []
        for line in program.splitlines():
            line = line.strip()
            if m := re.match(r"scf\.for %\w+ = %(\w+) to %(\w+) step %(\w+)", line):
                lb, ub, step = (int(constants[v]) for v in m.groups())
                tokens.append(f"for {(ub - lb + step - 1) // step}")
            elif m := re.search(r"aie\.objectfifo\.(acquire|release) @(\w+)\((\w+), 1\)", line):
                tokens.append(f"{m[1]} {m[2]} {m[3]}")
            elif m := re.match(r"func\.call @(\w+)\(", line):
                tokens.append(f"call {m[1]}")
            elif line.startswith("memref.copy"):
                tokens.append("copy")
        col, row = tiles[tile]
        cores[f"core({col},{row})"] = tokens
    sequence = re.search(r"aiex?\.runtime_sequence\(([^)]*)\)", text)
    arguments = re.findall(r"%(\w+): memref<\d+x(\w+)>", sequence[1])
    buffer_of = {name: (i, ELEMENT_BYTES[element]) for i, (name, element) in enumerate(arguments)}
    for arg, offsets, sizes, strides, fifo in re.findall(
            r"aiex\.npu\.dma_memcpy_nd\(%(\w+)\[([^\]]*)\]\[([^\]]*)\]\[([^\]]*)\]\) "
            r"\{[^}]*metadata = @(\w+)", text):
        buffer, size = buffer_of[arg]
        offset = sum(o * s for o, s in zip(ints(offsets), ints(strides)))
        direction = "ToDevice" if producer[fifo][1] == 0 else "FromDevice"
        transfers.append((fifo, direction, buffer, size, offset, tuple(ints(sizes)),
                          tuple(ints(strides))))
    waits = re.findall(r"aiex\.npu\.dma_wait \{symbol = @(\w+)\}", text)
    return fifos, links, cores, transfers, waits


def parse_emulation(text):
    fifos = [(n, int(d), int(b)) for n, d, b in
             re.findall(r'design\.add_fifo\("(\w+)", (\d+), (\d+)', text)]
    links = []
    for src, dst in re.findall(r"design\.add_link\((\{[^}]*\}|[\w.]+), (\{[^}]*\}|[\w.]+)\)",
                               text):
        links.append((tuple(re.findall(r"f\.f_(\w+)", src)),
                      tuple(re.findall(r"f\.f_(\w+)", dst))))
    cores = {}
    for name, function in re.findall(r'design\.add_core\("([^"]+)", \[&f\]\(Core &core\) '
                                     r'\{ (\w+)\(core, f\); \}\)', text):
        body = re.search(r"void " + function + r"\(Core &core, const Fifos &f\) \{(.*?)\n\}",
                         text, re.S)[1]
        tokens = []
        for line in body.splitlines():
            line = line.strip()
            if m := re.match(r"for \(int64_t \w+ = (-?\d+); \w+ < (-?\d+); \+\+\w+\)", line):
                tokens.append(f"for {int(m[2]) - int(m[1])}")
            elif m := re.search(r"core\.(acquire|release)\(f\.f_(\w+), Port::(\w+)\)", line):
                tokens.append(f"{m[1]} {m[2]} {m[3]}")
            elif line.startswith("std::memcpy("):
                tokens.append("copy")
            elif m := re.match(r"(\w+)\(static_cast<", line):
                tokens.append(f"call {m[1]}")
        cores[name] = tokens
    transfers = []
    for fifo, direction, buffer, size, offset, sizes, strides in re.findall(
            r"seq\.memcpy_nd\(f\.f_(\w+), Direction::(\w+), (\d+), (\d+), (-?\d+), "
            r"\{([^}]*)\}, \{([^}]*)\}\)", text):
        transfers.append((fifo, direction, int(buffer), int(size), int(offset),
                          tuple(ints(sizes)), tuple(ints(strides))))
    waits = re.findall(r"seq\.wait\(f\.f_(\w+)\)", text)
    return fifos, links, cores, transfers, waits


def main():
    tree = sys.argv[1]
    design = parse_design(open(f"{tree}/design.mlir").read())
    emulation = parse_emulation(open(f"{tree}/emu/design_emu.cpp").read())
    problems = []
    for what, d, e in zip(("fifos", "links", "cores", "transfers", "waits"), design, emulation):
        if what == "fifos":
            d, e = sorted(d), sorted(e)
        if not d:
            problems.append(f"{what}: none found in design.mlir")
        if d != e:
            problems.append(f"{what} differ:\n  design.mlir: {d}\n  design_emu.cpp: {e}")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    fifos, links, cores, transfers, waits = design
    print(f"CONSISTENT: {len(fifos)} fifos, {len(links)} links, {len(cores)} cores, "
          f"{len(transfers)} transfers, {len(waits)} waits")


if __name__ == "__main__":
    main()
