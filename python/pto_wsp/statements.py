"""Statements of the functional forms (pto_wsp.loops, pto_wsp.csp and kernel
calls as values), in the two states they can be in.

Inside a workload being traced, a form emits its ops at once and returns a
`Stmt`, already emitted. Outside any workload (the v9 style: a pipeline built
at module level, then compiled), it returns a `Deferred`: the form and its
arguments as a value. Emitting a Deferred calls the same form again while a
workload is traced, so both styles go through the one tracer. A Deferred is
also a workload: `.compile()`, `.dispatch(...)`, `.mlir()`... trace a workload
whose body it is.

A kernel call inside a workload is emitted at once and returns a TaskHandle;
written as a branch or stage of a form (v9's `cond(p, k[i](...), ...)`), it
is retracted and emitted again there (`take_emitted`).
"""

from pto_wsp import _session
from pto_wsp.scalars import Later


def _workload_tracer(name, location, body):
    raise AssertionError("pto_wsp.program registers the workload tracer when imported")


def set_workload_tracer(tracer):
    """pto_wsp.program's trace_workload(name, location, body) -> Workload
    (registered from there: this module cannot import it without a cycle)."""
    global _workload_tracer
    _workload_tracer = tracer


class Stmt:
    """A statement already emitted by a functional form; `combine` and the
    workload body accept them."""

    emitted = True

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"<{self.kind} statement>"


class TaskHandle:
    """What a kernel call in a workload returns: the task's coordinates (the
    axes given in `kernel[axes]`), which `send` puts on a channel. Its task
    was emitted where the call was written; a form that takes the call as a
    branch or a stage (`cond(p, k[i](...), ...)`, v9 style) moves it there
    (`retract`, then `emit`)."""

    def __init__(self, kernel, axes, op=None, call=None, location=None):
        self.kernel = kernel
        self.axes = axes
        self.op = op                # the workload.task op
        self._call = call           # (args, kwargs) of the kernel call
        self.location = location
        self.retracted = False

    def retract(self):
        """Erase the task (and the views made for it) from where it was
        emitted; `emit` emits it again at the insertion point."""
        views = [value.defining_op for value in self.op.operands]
        self.op.erase()
        for view in views:
            if view is not None and view.name == "workload.view":
                view.erase()
        self.op, self.retracted = None, True

    def emit(self):
        """The retracted call made again at the insertion point."""
        args, kwargs = self._call
        with _session.replaying(self.location):
            return self.kernel.submit(self.axes, args, kwargs)


def _is_task(part):
    return isinstance(part, TaskHandle)


# Ops a kernel call builds before its task, or its arguments build: moving
# the task after them keeps the program's meaning.
_PURE_PREFIXES = ("arith.", "workload.view")


def take_emitted(parts, what):
    """Retract the tasks among `parts` (kernel calls written as arguments of
    a form, already emitted where they were written) so that the form emits
    them in its branches or stages. Only tasks emitted last can move: a task
    that something else follows would then run after it."""
    handles = [part for part in parts if _is_task(part)]
    if not handles:
        return
    session = _session.current(what)
    if any(handle.retracted for handle in handles):
        raise _session.error(f"{what}: a kernel call is used twice as a branch or stage")
    block = session.builder.get_insertion_block()
    operations = block.operations
    if operations and operations[-1].name.endswith(".yield"):
        operations.pop()        # the terminator: the insertion point is before it
    positions = []
    for handle in handles:
        if handle.op is None or handle.op not in operations:
            raise _session.error(
                f"{what}: the kernel call was emitted in another block (inside a workload "
                f"kernel calls emit at once); pass a function instead, e.g. lambda: ...",
                TypeError)
        positions.append(operations.index(handle.op))
    mine = [handle.op for handle in handles]
    for op in operations[min(positions):]:
        if op not in mine and not op.name.startswith(_PURE_PREFIXES):
            raise _session.error(
                f"{what}: the kernel call was emitted where it was written and other work "
                f"follows it (inside a workload kernel calls emit at once), so it cannot move "
                f"into {what}; pass a function instead, e.g. lambda: ...", TypeError)
    for handle in handles:
        handle.retract()


class Deferred(Stmt):
    """A statement written outside a workload: the functional form and its
    arguments, emitted (replayed through the tracer) where a workload uses
    it. Ops and errors of the replay point at the line that wrote it."""

    emitted = False

    def __init__(self, kind, form, *args, **kwargs):
        super().__init__(kind)
        self._form = form
        self._args = args
        self._kwargs = kwargs
        self.location = _session.user_location()

    def emit(self):
        """Emit the statement at the insertion point of the workload being
        traced; returns what the form returns there (a Stmt or a task)."""
        _session.current(f"emitting a {self.kind} statement")
        with _session.replaying(self.location):
            return self._form(*resolve(self._args), **resolve(self._kwargs))

    def workload(self, name=None):
        """A Workload (pto_wsp.program) whose body is this statement; `name`
        defaults to the statement's kind ("pipeline", "for_each"...)."""
        return _workload_tracer(name or self.kind, self.location, self.emit)

    def __repr__(self):
        return f"<{self.kind} statement (not emitted yet)>"


def _workload_method(method):
    def call(self, *args, **kwargs):
        return getattr(self.workload(), method)(*args, **kwargs)
    call.__name__ = method
    call.__doc__ = (f"Workload.{method}(...) of the workload whose body is this statement "
                    f"(traced anew at each call).")
    return call


WORKLOAD_METHODS = ("dispatch", "task_graph", "streams", "stream_by", "timing", "named",
                    "spatial_map", "compile", "mlir")


def add_workload_methods(cls):
    """Give `cls` (which has `workload()`) the Workload methods, each
    applied to a workload traced anew."""
    for method in WORKLOAD_METHODS:
        setattr(cls, method, _workload_method(method))
    return cls


add_workload_methods(Deferred)


def resolve(value):
    """`value` with the Later values in it (also inside lists, tuples and
    dicts) computed at the insertion point."""
    if isinstance(value, Later):
        return value.value()
    if type(value) in (list, tuple):
        return type(value)(resolve(item) for item in value)
    if type(value) is dict:
        return {key: resolve(item) for key, item in value.items()}
    return value


def emit_returned(result):
    """A v9 body returns its statement: emit the Deferred statements among
    what a body returned (the others were emitted where they were written)."""
    if isinstance(result, Deferred):
        return result.emit()
    if isinstance(result, (list, tuple)):
        for item in result:
            emit_returned(item)
    return result


def check_part(part, what):
    """`part` of a form (a branch, a stage) is a function of no arguments, a
    Deferred statement or a kernel call (moved there by take_emitted); a
    statement already emitted where it was written (inside a workload the
    forms emit at once) is an error."""
    if isinstance(part, Deferred) or _is_task(part):
        return
    if isinstance(part, Stmt):
        raise _session.error(
            f"{what}: this {part.kind} statement was already emitted where it was written "
            f"(inside a workload the functional forms emit at once); pass a function "
            f"instead, e.g. lambda: ...", TypeError)
    if not callable(part):
        raise _session.error(f"{what} takes functions (e.g. lambda: ...) or statements "
                             f"built outside a workload, got {part!r}", TypeError)
    _session.check_arity(part, 0, what)


def run_part(part):
    """Emit a part accepted by check_part (and take_emitted) at the
    insertion point."""
    if isinstance(part, Deferred) or _is_task(part):
        return part.emit()
    return emit_returned(part())
