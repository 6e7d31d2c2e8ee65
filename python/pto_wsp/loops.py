"""@workload: task-generating programs traced from Python into the workload
dialect, the `P` loop namespace and the functional forms.

    @workload
    def rmsnorm():
        for b in P(batch):                 # workload.parallel_for, name("b")
            for t in P.seq(tiles):         # workload.for_each,     name("t")
                rmsnorm_tile[b, t](x=X[b][t], out=Y[b][t])   # workload.task

Loops are traced once, never unrolled: the body runs one time with the loop
variable as a run-time index. Loop variables keep the user's names (read
from the `for` statement), which schedule keys and traces use.
"""

import ast
import inspect
import sys
import textwrap

from pto_wsp import _session
from pto_wsp.csp import PipeScope
from pto_wsp.dtypes import DType
from pto_wsp.kernels import Kernel
from pto_wsp.scalars import Scalar
from pto_wsp.statements import Stmt
from pto_wsp.tensor import Axis, Dense, Sparse

_LOOP_OPS = {"parallel": "create_parallel_for", "seq": "create_for_each",
             "sel": "create_select_loop"}
_names_cache = {}


def _for_targets(code):
    """{line: [names]} of the `for` statements of a code object's source:
    the lines of each statement's iterable map to its target names."""
    if code in _names_cache:
        return _names_cache[code]
    table = {}
    try:
        lines, first = inspect.getsourcelines(code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        tree, first = None, 0
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.For):
            target = node.target
            elts = target.elts if isinstance(target, ast.Tuple) else [target]
            names = [e.id if isinstance(e, ast.Name) else None for e in elts]
            for line in range(node.iter.lineno, node.iter.end_lineno + 1):
                table[line + first - 1] = names
    _names_cache[code] = table
    return table


def _unique_name(session, name, fallback):
    name = name or fallback
    base, suffix = name, 1
    while name in session.loop_names:
        name = f"{base}_{suffix}"
        suffix += 1
    return name


def _as_axis(axis):
    if isinstance(axis, Axis):
        return axis
    if isinstance(axis, int) and not isinstance(axis, bool):
        return Dense(axis)
    if isinstance(axis, range) and axis.start == 0 and axis.step == 1:
        return Dense(axis.stop)
    raise _session.error(f"expected an axis (Dense, DenseDyn, Ragged, Sparse or an int), "
                         f"got {axis!r}", TypeError)


def _open_loops(kind, axes, names):
    """Opens nested loops at the insertion point; returns (variables, closer)."""
    session = _session.current("a loop")
    if session.kind() not in ("workload", "process"):
        raise _session.error("P loops can only be used in a workload or a CSP process")
    builder = session.builder
    saved = builder.save_insertion_point()
    variables = []
    depth = len(session.loops)
    for position, (axis, name) in enumerate(zip(axes, names)):
        if kind == "sel" and not isinstance(axis, Sparse):
            raise _session.error("P.sel iterates over a Sparse axis")
        name = _unique_name(session, name or axis.name, f"i{depth + position}")
        axis_value = axis.emit(session)
        op = getattr(session.at_user(), _LOOP_OPS[kind])(axis_value, name)
        block = builder.body_insertion(op, 0)
        variable = Scalar.of_index_value(block.arguments[0])
        session.loops.append((axis, variable, name))
        session.loop_names.add(name)
        variables.append(variable)

    def close():
        for _ in variables:
            _, _, name = session.loops.pop()
            session.loop_names.discard(name)
        builder.restore_insertion_point(saved)
    return variables, close


class _Loop:
    def __init__(self, kind, axes):
        if not axes:
            raise _session.error("a loop needs at least one axis")
        self.kind = kind
        self.axes = [_as_axis(a) for a in axes]

    def __iter__(self):
        frame = sys._getframe(1)
        names = _for_targets(frame.f_code).get(frame.f_lineno)
        if names is not None and len(self.axes) > 1 and len(names) != len(self.axes):
            raise _session.error(f"{len(self.axes)} axes need {len(self.axes)} loop variables, "
                                 f"e.g. `for b, t in P(batch, tiles):`", TypeError)
        names = list(names or []) + [None] * (len(self.axes) - len(names or []))
        return self._run(names)

    def _run(self, names):
        variables, close = _open_loops(self.kind, self.axes, names)
        try:
            yield variables[0] if len(variables) == 1 else tuple(variables)
        finally:
            close()


class _When:
    def __init__(self, condition):
        if isinstance(condition, bool):
            raise _session.error("P.when: the condition is known at trace time; use a "
                                 "Python `if` (P.when takes a run-time condition)")
        if not isinstance(condition, Scalar) or condition.dtype is not DType.BOOL:
            raise _session.error(f"P.when takes a run-time condition (a comparison of run-time "
                                 f"values), got {condition!r}")
        self.condition = condition

    def __enter__(self):
        session = _session.current("P.when")
        if session.kind() not in ("workload", "process"):
            raise _session.error("P.when can only be used in a workload or a CSP process")
        value = self.condition.materialize()
        builder = session.builder
        self.saved = builder.save_insertion_point()
        self.op = session.at_user().create_if(value, True)
        builder.body_insertion(self.op, 0)
        self.session = session
        return self

    def __exit__(self, *exc):
        builder = self.session.builder
        builder.restore_insertion_point(self.saved)
        self.session.pending_if = None
        if exc[0] is None:
            # P.otherwise may attach to this if while nothing follows it.
            block = builder.get_insertion_block()
            self.session.pending_if = (self.op, block, len(block.operations))
        return False


class _Otherwise:
    def __enter__(self):
        session = _session.current("P.otherwise")
        builder = session.builder
        pending, session.pending_if = session.pending_if, None
        block = builder.get_insertion_block()
        if pending is None or pending[1] != block or len(block.operations) != pending[2]:
            raise _session.error("P.otherwise must directly follow a `with P.when(...)` block")
        self.saved = builder.save_insertion_point()
        builder.body_insertion(pending[0], 1)
        self.session = session
        return self

    def __exit__(self, *exc):
        self.session.builder.restore_insertion_point(self.saved)
        return False


class _PNamespace:
    """`P(axes...)` parallel loops, `P.seq` sequential, `P.sel` sparse
    selection, `P.when`/`P.otherwise` run-time branches, `P.pipe` a CSP
    pipeline scope."""

    def __call__(self, *axes):
        return _Loop("parallel", axes)

    def seq(self, *axes):
        return _Loop("seq", axes)

    def sel(self, axis):
        return _Loop("sel", (axis,))

    def when(self, condition):
        return _When(condition)

    def otherwise(self):
        return _Otherwise()

    def pipe(self):
        return PipeScope()


P = _PNamespace()


# -- functional forms -------------------------------------------------------------

def _loop_form(kind, axis, body):
    if not callable(body):
        raise _session.error("the loop body must be a function of the loop variable")
    try:
        names = list(inspect.signature(body).parameters)
    except (TypeError, ValueError):
        names = []
    axes = axis if isinstance(axis, tuple) else (axis,)
    names = (names + [None] * len(axes))[:len(axes)]
    loop = _Loop(kind, axes)
    variables, close = _open_loops(kind, loop.axes, names)
    try:
        _session.check_arity(body, len(variables), "the loop")
        body(*variables)
    finally:
        close()
    return Stmt(kind)


def parallel_for(axis, body):
    """`body(i)` for every index of `axis`, iterations independent."""
    return _loop_form("parallel", axis, body)


def for_each(axis, body):
    """`body(i)` for every index of `axis`, in order."""
    return _loop_form("seq", axis, body)


def select(axis, body):
    """`body(e)` for every index a Sparse axis selects."""
    return _loop_form("sel", axis, body)


def cond(predicate, then, otherwise=None):
    """`then()` if the run-time predicate holds, else `otherwise()`."""
    for branch in (then, otherwise):
        if branch is not None:
            _session.check_arity(branch, 0, "cond()")
    with _When(predicate):
        then()
    if otherwise is not None:
        with _Otherwise():
            otherwise()
    return Stmt("cond")


def task(kernel, params=(), resources=(), axes=()):
    """Submit one task of `kernel`: `resources` are its tensor views and
    `params` its scalar (and Constexpr) arguments, each a list (in the order
    of the kernel's parameters of that kind) or a dict by name; `axes` are
    the task's coordinates (as in `kernel[axes]`)."""
    if not isinstance(kernel, Kernel):
        raise _session.error(f"task() takes a @kernel, got {kernel!r}", TypeError)
    kwargs = {}
    for group, kinds in ((resources, ("view",)), (params, ("scalar", "constexpr"))):
        names = [p.name for p in kernel.params if p.kind in kinds]
        if isinstance(group, dict):
            unknown = set(group) - set(names)
            if unknown:
                raise _session.error(f"task({kernel.__name__}): no {'/'.join(kinds)} parameter "
                                     f"named {sorted(unknown)[0]!r}")
            kwargs.update(group)
        else:
            group = list(group)
            if len(group) > len(names):
                raise _session.error(f"task({kernel.__name__}): {len(group)} "
                                     f"{'/'.join(kinds)} arguments, the kernel has {len(names)}")
            kwargs.update(zip(names, group))
    if not isinstance(axes, tuple):
        axes = tuple(axes) if isinstance(axes, list) else (axes,)
    return kernel[axes](**kwargs) if axes else kernel(**kwargs)


def combine(*statements):
    """The statements of one body, already emitted in order: their tasks are
    ordered only by the data they touch (as any statements of a body)."""
    for statement in statements:
        if statement is not None and not isinstance(statement, Stmt) and \
                type(statement).__name__ != "TaskHandle":
            raise _session.error(f"combine() takes statements, got {statement!r}", TypeError)
    return Stmt("combine")


def sequential(*stages):
    """Run the stages (zero-argument functions) one after another: a
    `for_each` over the stage number whose body runs stage k when the index
    is k, so each stage is ordered after the previous one (by data under
    inferred dependencies; wholly under explicit/hybrid dependencies)."""
    if not stages or not all(callable(s) for s in stages):
        raise _session.error("sequential() takes functions (the stages), e.g. lambda: ...")
    for stage in stages:
        _session.check_arity(stage, 0, "sequential()")
    loop = _Loop("seq", (Dense(len(stages)),))
    variables, close = _open_loops("seq", loop.axes, ["stage"])
    try:
        for number, stage in enumerate(stages):
            with _When(variables[0] == number):
                stage()
    finally:
        close()
    return Stmt("sequential")
