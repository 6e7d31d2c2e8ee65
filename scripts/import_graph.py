#!/usr/bin/env python3
"""Prints the module-level import graph of the pto_wsp package and its
cycles; exits 1 if there is one.

    /usr/bin/python3 scripts/import_graph.py [python/pto_wsp]

Every import counts, also those inside functions (a deferred import that
only dodges a cycle is still a cycle in the design).
"""

import ast
import os
import sys


def module_imports(path, package):
    tree = ast.parse(open(path).read(), path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                base = package
                target = node.module
            else:
                base, _, target = node.module.partition(".")
                if base != package:
                    continue
            if target:
                found.add(target.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
            if node.module == package:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                head, _, rest = alias.name.partition(".")
                if head == package and rest:
                    found.add(rest.split(".")[0])
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "python", "pto_wsp")
    package = os.path.basename(os.path.normpath(root))
    modules = {f[:-3] for f in os.listdir(root) if f.endswith(".py") and f != "__init__.py"}
    graph = {m: sorted(module_imports(os.path.join(root, m + ".py"), package) & modules)
             for m in sorted(modules)}
    for module, targets in graph.items():
        print(f"{module} -> {', '.join(targets) or '-'}")
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "active"
        for target in graph[node]:
            if state.get(target) == "active":
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    for cycle in cycles:
        print("cycle: " + " -> ".join(cycle))
    print(f"{len(cycles)} cycles")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
