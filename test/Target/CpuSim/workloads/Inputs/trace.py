#!/usr/bin/env python3
"""Validate a pto-wsp-run timeline trace (Chrome/Perfetto JSON) and check
expressions over it.

    trace.py NAME trace.json [--stats run.txt] [--dot graph.dot] [--expect 'EXPR' ...]

The file must parse as JSON with a `traceEvents` list. Bound for the
expressions:
  tasks      list of dicts, one per task event (cat "task"), with keys
             task (id = submission index), kernel, core (= tid), scheduler,
             start (start_cycle), end (start + cycles), cycles, coords
  start      {task id: start cycle}, end: {task id: end cycle}
  core_tracks {tid: name} of the core threads declared under the "cores"
             process (pid 1)
  used_cores the set of cores that ran a task
  total_cycles the makespan recorded in otherData
  stalls     list of dicts (name, begin, cycles) of stall events
  stats      the `key: value` lines of --stats (ints where possible)
  scheduler  {task id: AICPU scheduler that dispatched it}
  splitmix64 the 64-bit mixer of the runtime's hash dispatch (an independent
             Python copy of the published SplitMix64 finalizer)
  edges      the (from, to) task-id pairs of the --dot graph (`tA -> tB;`)
  nodes      {task id: label} of the --dot graph
Built-in checks (always): every task event is on a declared core track,
has a non-negative start and duration, and no two tasks overlap on a core;
the makespan equals the latest task end. Prints `PASS NAME` or
`FAIL NAME: ...` (exit 1).
"""

import argparse
import json
import re
import sys


def fail(name, message):
    print(f"FAIL {name}: {message}")
    sys.exit(1)


def splitmix64(x):
    mask = (1 << 64) - 1
    x = (x + 0x9E3779B97F4A7C15) & mask
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("trace")
    parser.add_argument("--stats")
    parser.add_argument("--dot")
    parser.add_argument("--expect", action="append", default=[])
    options = parser.parse_args()
    name = options.name

    try:
        with open(options.trace) as f:
            document = json.load(f)
    except (OSError, ValueError) as error:
        fail(name, f"{options.trace} is not valid JSON: {error}")
    events = document.get("traceEvents") if isinstance(document, dict) else None
    if not isinstance(events, list):
        fail(name, "no traceEvents list")

    core_tracks, tasks, stalls = {}, [], []
    for event in events:
        if event.get("ph") == "M" and event.get("name") == "thread_name" and event.get("pid") == 1:
            core_tracks[event["tid"]] = event["args"]["name"]
    for event in events:
        if event.get("cat") == "task":
            args = event["args"]
            task = {"task": args["task"], "kernel": args["kernel"], "core": event["tid"],
                    "scheduler": args["scheduler"], "start": args["start_cycle"],
                    "cycles": args["cycles"], "coords": args["coords"]}
            task["end"] = task["start"] + task["cycles"]
            if event.get("pid") != 1 or task["core"] not in core_tracks:
                fail(name, f"task {task['task']} is on undeclared track pid "
                           f"{event.get('pid')} tid {task['core']}")
            if task["start"] < 0 or task["cycles"] < 0 or event["dur"] < 0:
                fail(name, f"task {task['task']} has a negative start or duration")
            tasks.append(task)
        elif event.get("cat") == "stall":
            stalls.append({"name": event["name"], "begin": event["args"]["begin_cycle"],
                           "cycles": event["args"]["cycles"]})
    by_core = {}
    for task in tasks:
        by_core.setdefault(task["core"], []).append(task)
    for core, run in by_core.items():
        run.sort(key=lambda t: t["start"])
        for a, b in zip(run, run[1:]):
            if b["start"] < a["end"]:
                fail(name, f"tasks {a['task']} and {b['task']} overlap on core {core}")
    total = document.get("otherData", {}).get("total_cycles")
    if tasks and total != max(t["end"] for t in tasks):
        fail(name, f"otherData.total_cycles {total} is not the latest task end")

    stats = {}
    if options.stats:
        with open(options.stats) as f:
            for line in f:
                key, sep, value = line.strip().partition(": ")
                if sep:
                    try:
                        stats[key] = int(value.split()[0])
                    except ValueError:
                        stats[key] = value
    edges, nodes = [], {}
    if options.dot:
        with open(options.dot) as f:
            text = f.read()
        if not re.match(r"\s*digraph\s+\w+\s*\{", text) or not text.rstrip().endswith("}"):
            fail(name, f"{options.dot} is not a DOT digraph")
        edges = [(int(a), int(b)) for a, b in re.findall(r"^\s*t(\d+)\s*->\s*t(\d+)\s*;", text, re.M)]
        nodes = {int(n): label for n, label in
                 re.findall(r'^\s*t(\d+)\s*\[label="((?:[^"\\]|\\.)*)"', text, re.M)}
    scope = {"splitmix64": splitmix64,
             "scheduler": {t["task"]: t["scheduler"] for t in tasks}, "edges": edges, "nodes": nodes, "tasks": tasks, "start": {t["task"]: t["start"] for t in tasks},
             "end": {t["task"]: t["end"] for t in tasks}, "core_tracks": core_tracks,
             "used_cores": {t["core"] for t in tasks}, "total_cycles": total,
             "stalls": stalls, "stats": stats}
    for expression in options.expect:
        try:
            ok = eval(expression, scope)
        except Exception as error:  # report, do not trace back
            fail(name, f"{expression}: {type(error).__name__}: {error}")
        if not ok:
            fail(name, expression)
    print(f"PASS {name}")


if __name__ == "__main__":
    main()
