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
from pto_wsp.scalars import Later, Scalar
from pto_wsp.statements import (Deferred, Stmt, TaskHandle, check_part, emit_returned,
                                   run_part, take_emitted)
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
    if _session.active() is None:
        raise _session.error("a loop can only be used while tracing a @workload (outside "
                             "one, write the functional forms: for_each(axis, lambda i: ...))")
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
        if isinstance(condition, Later):
            condition = condition.value()
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
#
# Inside a workload being traced each form emits its ops at once and returns a
# Stmt. Outside any workload it checks what it can and returns a Deferred (the
# form and its arguments), which emits by calling the form again inside a
# workload (pto_wsp.statements): one tracer for both styles.

_FORM_NAMES = {"parallel": "parallel_for", "seq": "for_each", "sel": "select"}


def _loop_form(kind, axis, body):
    if not callable(body):
        raise _session.error("the loop body must be a function of the loop variable", TypeError)
    try:
        names = list(inspect.signature(body).parameters)
    except (TypeError, ValueError):
        names = []
    axes = axis if isinstance(axis, tuple) else (axis,)
    names = (names + [None] * len(axes))[:len(axes)]
    loop = _Loop(kind, axes)
    if kind == "sel" and not all(isinstance(a, Sparse) for a in loop.axes):
        raise _session.error("select() iterates over a Sparse axis", TypeError)
    _session.check_arity(body, len(loop.axes), "the loop")
    if _session.active() is None:
        return Deferred(_FORM_NAMES[kind], _loop_form, kind, axis, body)
    variables, close = _open_loops(kind, loop.axes, names)
    try:
        emit_returned(body(*variables))
    finally:
        close()
    return Stmt(_FORM_NAMES[kind])


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
    """`then` if the run-time predicate holds, else `otherwise`: each a
    function of no arguments or a statement built outside a workload."""
    check_part(then, "cond()")
    if otherwise is not None:
        check_part(otherwise, "cond()")
    if _session.active() is None:
        if not isinstance(predicate, Later):
            raise _session.error(f"cond() takes a run-time condition (a comparison of Symbols, "
                                 f"slot values or loop variables), got {predicate!r}", TypeError)
        return Deferred("cond", cond, predicate, then, otherwise)
    take_emitted([then, otherwise], "cond()")
    with _When(predicate):
        run_part(then)
    if otherwise is not None:
        with _Otherwise():
            run_part(otherwise)
    return Stmt("cond")


def task(kernel, params=(), resources=()):
    """One task of `kernel` (v9's form of `kernel[params](**resources)`):
    `params` are the task's axes (its coordinates, which `send` puts on a
    channel and traces show), `resources` the kernel's arguments, views and
    scalars alike: a dict by parameter name or a list in parameter order."""
    if isinstance(kernel, str):
        raise _session.error(f"task({kernel!r}, ...): kernels named by strings (v9's "
                             "enumerate-only mode) are not supported; pass a @kernel",
                             TypeError)
    if not isinstance(kernel, Kernel):
        raise _session.error(f"task() takes a @kernel, got {kernel!r}", TypeError)
    axes = tuple(params) if isinstance(params, (list, tuple)) else (params,)
    bound = kernel[axes]
    if isinstance(resources, dict):
        return bound(**resources)
    if isinstance(resources, (list, tuple)):
        return bound(*resources)
    raise _session.error(f"task({kernel.__name__}): resources are the kernel's arguments, a "
                         f"dict by parameter name or a list, got {resources!r}", TypeError)


def combine(*statements):
    """The statements of one body: their tasks are ordered only by the data
    they touch (as any statements of a body). Inside a workload they were
    emitted where they were written; statements built outside a workload
    are emitted here, in order."""
    for statement in statements:
        if statement is not None and not isinstance(statement, (Stmt, TaskHandle)):
            raise _session.error(f"combine() takes statements, got {statement!r}", TypeError)
    if _session.active() is None:
        return Deferred("combine", combine, *statements)
    # Tasks are ordered by the data they touch in the order they are emitted,
    # so the statements emitted here must not precede ones listed after them:
    # after the first statement built outside the workload, kernel calls move
    # here (take_emitted) and other statements emitted at once are an error.
    listed = [s for s in statements if s is not None]
    first = next((n for n, s in enumerate(listed) if isinstance(s, Deferred)), len(listed))
    for statement in listed[first:]:
        if not isinstance(statement, (Deferred, TaskHandle)):
            raise _session.error(
                f"combine(): a statement built outside the workload is listed before a "
                f"{statement.kind} statement emitted where it was written (inside a workload "
                f"the functional forms emit at once), so it would run after it; list the "
                f"statements built outside the workload last, or build all of them outside",
                TypeError)
    take_emitted(listed[first:], "combine()")
    for statement in listed[first:]:
        statement.emit()
    return Stmt("combine")


def sequential(*stages):
    """Run the stages (functions of no arguments, or statements built
    outside a workload) one after another: a `for_each` over the stage
    number whose body runs stage k when the index is k, so each stage is
    ordered after the previous one (by data under inferred dependencies;
    wholly under explicit/hybrid dependencies)."""
    if not stages:
        raise _session.error("sequential() takes the stages, e.g. lambda: ...", TypeError)
    for stage in stages:
        check_part(stage, "sequential()")
    if _session.active() is None:
        return Deferred("sequential", sequential, *stages)
    take_emitted(stages, "sequential()")
    loop = _Loop("seq", (Dense(len(stages)),))
    variables, close = _open_loops("seq", loop.axes, ["stage"])
    try:
        for number, stage in enumerate(stages):
            with _When(variables[0] == number):
                run_part(stage)
    finally:
        close()
    return Stmt("sequential")
