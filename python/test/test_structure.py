"""The layout's own rules (issue 10, docs/architecture.md): no import cycle in
the pto_wsp package, counting imports inside functions too; no source file
past ~1000 lines; public headers include only public headers."""

import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCES = (".cpp", ".h", ".py", ".td", ".hpp")


def tracked_sources():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if files.returncode != 0:  # not a checkout: walk the tree
        return [os.path.relpath(os.path.join(d, f), ROOT)
                for d, _, names in os.walk(ROOT) if "/build" not in d and "/.git" not in d
                for f in names if f.endswith(SOURCES)]
    return [f for f in files.stdout.split() if f.endswith(SOURCES)]


def test_no_import_cycles():
    run = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "import_graph.py")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().endswith("0 cycles")


def test_no_source_file_past_a_thousand_lines():
    long = []
    for path in tracked_sources():
        with open(os.path.join(ROOT, path), errors="replace") as handle:
            lines = sum(1 for _ in handle)
        if lines > 1000:
            long.append(f"{path}: {lines}")
    assert not long, long


def test_public_headers_include_only_public_headers():
    upward = []
    for path in tracked_sources():
        if not path.startswith(("include/", "runtime/include/")):
            continue
        with open(os.path.join(ROOT, path)) as handle:
            for number, line in enumerate(handle, 1):
                match = re.match(r'\s*#include "([^"]+)"', line)
                if match and (match.group(1).startswith(("lib/", "../")) or
                              "/lib/" in match.group(1)):
                    upward.append(f"{path}:{number}: {match.group(1)}")
    assert not upward, upward
