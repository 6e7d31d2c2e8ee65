#!/usr/bin/env python3
"""Check relations between the statistics printed by pto-wsp-run.

    stats.py NAME rr1=%t.rr1.txt rr4=%t.rr4.txt \
        --expect 'rr4.total_cycles < rr1.total_cycles' \
        --expect 'rr1.total_cycles == 32 * 100 + 182'

Each NAME=FILE is the standard output of one pto-wsp-run. Its `key: value`
lines become attributes of NAME: tasks, dependency_edges, total_cycles,
utilization, busy_cores (the count before "of"), window_high_water, and for
every stall reason R the attributes stalls_R (episodes) and stall_cycles_R
(e.g. rr1.stalls_TASK_RING_FULL). `same(a, b)` is true when the two runs
printed identical deterministic statistics (everything but the compile and
wall-clock lines). Each --expect is a Python expression; a false one prints
`FAIL NAME: <expression>` with the values it read, and exits 1. Otherwise
prints `PASS NAME`.
"""

import argparse
import re
import sys

# Lines that depend on the host (time, cache state, file names).
NONDETERMINISTIC = ("compile", "wall_seconds", "trace", "graph")


class Run:
    def __init__(self, label, path):
        self.label = label
        self.deterministic = []
        with open(path) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition(": ")
                if not sep:
                    continue
                if key not in NONDETERMINISTIC:
                    self.deterministic.append(line)
                self.parse(key, value)
        if not hasattr(self, "total_cycles"):
            sys.exit(f"stats.py: {path} has no 'total_cycles:' line (did the run fail?)")

    def parse(self, key, value):
        match = re.fullmatch(r"stalls\.(\w+)", key)
        if match:
            episodes, cycles = re.fullmatch(r"(\d+) \((\d+) cycles\)", value).groups()
            setattr(self, "stalls_" + match.group(1), int(episodes))
            setattr(self, "stall_cycles_" + match.group(1), int(cycles))
        elif key == "busy_cores":
            self.busy_cores = int(value.split()[0])
        elif key == "utilization":
            self.utilization = float(value)
        elif re.fullmatch(r"-?\d+", value):
            setattr(self, key, int(value))

    def __repr__(self):
        fields = {k: v for k, v in vars(self).items() if k not in ("label", "deterministic")}
        return f"{self.label}{fields}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("runs", nargs="+", metavar="LABEL=FILE")
    parser.add_argument("--expect", action="append", default=[])
    options = parser.parse_args()
    scope = {"same": lambda a, b: a.deterministic == b.deterministic}
    for entry in options.runs:
        label, _, path = entry.partition("=")
        scope[label] = Run(label, path)
    failed = False
    for expression in options.expect:
        if not eval(expression, scope):
            print(f"FAIL {options.name}: {expression}")
            for label in sorted(scope):
                if label != "same" and re.search(r"\b%s\b" % re.escape(label), expression):
                    print(f"  {scope[label]!r}")
            failed = True
    if failed:
        sys.exit(1)
    print(f"PASS {options.name}")


if __name__ == "__main__":
    main()
