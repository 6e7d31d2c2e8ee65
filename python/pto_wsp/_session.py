"""The tracing session: one MLIR module being built from the user's Python
code, with the builder, the user's source location, and the state of the
workload being traced (enclosing loops, tensors that became arguments,
kernels already defined).

Only one session is active at a time (tracing is single-threaded); the
package's DSL functions find it with `current()`.
"""

import inspect
import contextlib
import functools
import os
import sys

from pto_wsp import _pto_wsp
from pto_wsp.errors import CompileError, TraceError, TraceTypeError, TraceValueError

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_context = None
_active = []
_replays = []      # (user frame that started a replay, location the statement was written at)


def context():
    """The process-wide MLIR context (dialects loaded once)."""
    global _context
    if _context is None:
        _context = _pto_wsp.Context()
    return _context


def user_frame():
    """The innermost frame of the user's code (outside this package)."""
    frame = sys._getframe(1)
    while frame is not None and os.path.dirname(
            os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
    return frame


@functools.lru_cache(maxsize=None)
def _positions(code):
    """The (line, end line, column, end column) of each instruction of a
    code object, computed once per code object (every op built asks)."""
    return list(code.co_positions())


def user_location():
    """(filename, line, column) of the user's code being traced. While a
    statement built outside a workload is replayed, the frame that started
    the replay stands for the line where the statement was written."""
    frame = user_frame()
    for replay_frame, location in reversed(_replays):
        if frame is replay_frame:
            return location
    if frame is None:
        return ("<unknown>", 0, 0)
    line, column = frame.f_lineno, 0
    try:
        positions = _positions(frame.f_code)[frame.f_lasti // 2]
        if positions[0] is not None:
            line = positions[0]
        if positions[2] is not None:
            column = positions[2] + 1
    except (AttributeError, IndexError):
        pass
    return (frame.f_code.co_filename, line, column)


class replaying:
    """`with replaying(location):` ops built and errors raised in the block
    (outside the user's nested functions) are located at `location`: the
    line that wrote the statement being replayed, not the line that
    triggered its replay. (A class, not a generator: user_frame() must be
    asked from this package's frames, not from contextlib's.)"""

    def __init__(self, location):
        self.entry = (user_frame(), location)

    def __enter__(self):
        _replays.append(self.entry)
        return self

    def __exit__(self, *exc):
        _replays.pop()
        return False


@contextlib.contextmanager
def compile_errors():
    """Raises the bindings' CompileFailure as a CompileError (the diagnostics
    with their locations are its message)."""
    try:
        yield
    except _pto_wsp.CompileFailure as failure:
        raise CompileError(str(failure)) from None


_TRACE_ERRORS = {None: TraceError, TypeError: TraceTypeError, ValueError: TraceValueError}


def error(message, kind=None):
    """A TraceError at the user's current line; `kind` TypeError or
    ValueError makes it a TraceTypeError or TraceValueError (also that
    builtin)."""
    filename, line, _ = user_location()
    return _TRACE_ERRORS[kind](message, filename, line)


def check_arity(fn, count, what):
    """A TraceError at the user's line unless `fn` takes `count` positional
    arguments (what `what` passes it)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return
    try:
        signature.bind(*range(count))
    except TypeError:
        raise error(f"{what} passes {count} value{'s' if count != 1 else ''} to a function "
                    f"with parameters {signature}", TypeError) from None


class Session:
    """A module under construction and the tracing state that goes with it."""

    def __init__(self):
        self.context = context()
        self.module = _pto_wsp.Module(self.context)
        self.builder = _pto_wsp.Builder(self.context)
        self.builder.set_insertion_point_to_end(self.module.body)
        # Workload state (set by the workload tracer).
        self.entry = None
        self.arguments = []           # objects bound at run time, in order
        self.argument_values = {}     # id(object) -> block argument Value
        self.loops = []               # enclosing loops: (axis, Scalar var, name)
        self.loop_names = set()
        self.kernels = {}             # specialization key -> symbol name
        self.written = set()          # id() of the Tensors that tasks write
        self.symbols = {}             # symbol name -> (DType, [Symbol objects])
        self.pending_if = None        # the workload.if a P.otherwise may attach to
        self.index_ops = {}           # (op, operand keys) -> (index Scalar, block)
        self.region_kind = []         # "workload", "kernel", "process", "key"

    # -- entering and leaving ----------------------------------------------
    def __enter__(self):
        _active.append(self)
        return self

    def __exit__(self, *exc):
        _active.pop()
        return False

    # -- building ----------------------------------------------------------
    def at_user(self):
        """Sets the builder's location to the user's current line and
        returns the builder."""
        self.builder.set_loc(*user_location())
        return self.builder

    def argument(self, obj, mlir_type):
        """The workload block argument bound to `obj` (a Tensor, a dynamic
        axis...), added on first use."""
        key = id(obj)
        if key not in self.argument_values:
            if self.entry is None:
                raise error(f"{obj!r} can only be used inside a @workload")
            self.argument_values[key] = self.entry.add_argument(mlir_type)
            self.arguments.append(obj)
        return self.argument_values[key]

    def kind(self):
        return self.region_kind[-1] if self.region_kind else None


def current(what="this construct"):
    """The active session, or a TraceError saying `what` needs one."""
    if not _active:
        raise error(f"{what} can only be used while tracing a @workload "
                    "or a @kernel")
    return _active[-1]


def active():
    return _active[-1] if _active else None
