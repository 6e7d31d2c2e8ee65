"""CSP pipelines: processes connected by bounded channels.

    l2c = Channel("l2c", depth=2)
    loader = process("loader").produces(l2c).body(
        lambda: for_each(tiles, lambda t: send(l2c, load_tile[t](x=X[t], y=T[t]))))
    computer = (process("computer").consumes(l2c)
                .body(lambda: consume(l2c, lambda t: square[t](x=T[t], y=Y[t]))))
    connect([loader, computer], [l2c])     # in a workload: one csp.pipeline

`send(ch, v...)` sends run-time indices; sending a task (what `k[axes](...)`
returns) sends its axes. The payload arity of a channel is fixed by its first
`send` (or `Channel(..., payload=n)`). `consume(ch, fn)` (or
`for t in consume(ch):`) runs the body per token until the channel is closed
(all producers ended) and drained.
"""

import copy
import inspect

from pto_wsp import _session
from pto_wsp.scalars import Scalar, as_index
from pto_wsp.statements import (Deferred, Stmt, TaskHandle, add_workload_methods,
                                emit_returned)
from pto_wsp.errors import PtoTypeError, PtoValueError, UnsupportedError


class Channel:
    """A bounded FIFO: `depth` tokens (0 = rendezvous; default 1)."""

    def __init__(self, name, depth=1, payload=None):
        if not isinstance(depth, int) or depth < 0:
            raise PtoValueError(f"Channel depth must be a non-negative int, got {depth!r}")
        self.name = name
        self.depth = depth
        self.payload = payload

    def __repr__(self):
        return f"Channel({self.name!r}, depth={self.depth})"


class Process:
    """`process(name).consumes(...).produces(...).body(fn)`; `fn()` or
    `fn(instance)` is traced once into the process body."""

    def __init__(self, name):
        self.name = name
        self.inputs = []
        self.outputs = []
        self.fn = None
        self.replicas = 1
        scope = _PIPE_SCOPES[-1] if _PIPE_SCOPES else None
        if scope is not None:
            scope.processes.append(self)

    def consumes(self, *channels):
        self.inputs.extend(_channels(channels))
        return self

    def produces(self, *channels):
        self.outputs.extend(_channels(channels))
        return self

    def body(self, fn):
        """The process body: a function (of no arguments, or of the instance
        number of a replicated process), or a statement built outside a
        workload (v9's `.body(for_each(...))`)."""
        if isinstance(fn, Deferred):
            self.fn = fn
            return self
        if isinstance(fn, (Stmt, TaskHandle)):
            raise _session.error(
                f"process '{self.name}': body(...) got a statement already emitted where it "
                "was written (inside a workload the functional forms emit at once): write "
                ".body(lambda: ...), or build the process outside the workload", TypeError)
        if not callable(fn):
            raise PtoTypeError(f"process '{self.name}': body takes a function or a statement "
                               f"built outside a workload, got {fn!r}")
        self.fn = fn
        return self

    def workload(self, name=None):
        """The workload of this process alone (its `replicate` instances
        included): `connect([self])` built outside a workload."""
        return connect([self]).workload(name or self.name)

    def __repr__(self):
        return f"process({self.name!r})"


add_workload_methods(Process)


def _channels(channels):
    flat = []
    for c in channels:
        items = c if isinstance(c, (list, tuple)) else [c]
        for item in items:
            if not isinstance(item, Channel):
                raise PtoTypeError(f"expected a Channel, got {item!r}")
            flat.append(item)
    return flat


def process(name):
    return Process(name)


def replicate(proc, n):
    """`n` instances of `proc` sharing its channels (each token to one)."""
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise PtoValueError(f"replicate needs a positive count, got {n!r}")
    if not isinstance(proc, Process):
        raise PtoTypeError(f"replicate() takes a process, got {proc!r}")
    twin = copy.copy(proc)
    twin.inputs, twin.outputs = list(proc.inputs), list(proc.outputs)
    twin.replicas = n
    scope = _PIPE_SCOPES[-1] if _PIPE_SCOPES else None
    if scope is not None:
        if proc in scope.processes:
            scope.processes[scope.processes.index(proc)] = twin
        else:
            scope.processes.append(twin)
    return twin


def _state(session):
    if not hasattr(session, "csp"):
        session.csp = {"channels": {}, "process": []}
    return session.csp


def _check_declared(state, channel, ports, what, declaration):
    """A process uses only the channels it declares (`ports`: its inputs or
    outputs), and channel operations happen only inside a process."""
    process = state["process"][-1] if state["process"] else None
    if process is None:
        raise _session.error(f"{what} outside a process body (inside a workload the "
                             "functional forms emit at once: write process(...).body(lambda: "
                             "...), or build the processes outside the workload)")
    if channel not in getattr(process, ports):
        raise _session.error(f"{what}: the enclosing process must list it in "
                             f"{declaration}(...)")


def send(channel, *values):
    """Send one token: run-time indices, or a task (its axes)."""
    if not isinstance(channel, Channel):
        raise _session.error(f"send() takes a Channel first, got {channel!r}", TypeError)
    if _session.active() is None:
        return Deferred("send", send, channel, *values)
    session = _session.current("send")
    state = _state(session)
    _check_declared(state, channel, "outputs", f"send on channel '{channel.name}'", "produces")
    payload = []
    for v in values:
        if isinstance(v, Deferred):
            v = v.emit()
        if isinstance(v, Stmt):
            raise _session.error(f"send on channel '{channel.name}': a {v.kind} statement is "
                                 "not a value; send run-time indices or a task", TypeError)
        if isinstance(v, TaskHandle):
            payload.extend(v.axes)
        else:
            payload.append(as_index(v))
    value = state["channels"][id(channel)]
    if channel.payload is None:
        channel_type = session.builder.channel_type([session.builder.index_type()] * len(payload))
        value.set_type(channel_type)
        channel.payload = len(payload)
    elif channel.payload != len(payload):
        raise _session.error(f"channel '{channel.name}' carries {channel.payload} values, "
                             f"this send has {len(payload)}", TypeError)
    materialized = [p.materialize() for p in payload]
    session.at_user().create_send(value, materialized)


class _Consume:
    def __init__(self, channel):
        self.channel = channel

    def __iter__(self):
        return self._run()

    def _run(self):
        variables, close = _open_consume(self.channel)
        try:
            yield variables[0] if len(variables) == 1 else tuple(variables)
        finally:
            close()


def _open_consume(channel):
    session = _session.current("consume")
    state = _state(session)
    _check_declared(state, channel, "inputs", f"consume of channel '{channel.name}'", "consumes")
    if channel.payload is None:
        raise _session.error(f"channel '{channel.name}' is consumed before any process sends "
                             f"on it: give its payload arity, Channel(..., payload=n)")
    builder = session.builder
    saved = builder.save_insertion_point()
    op = session.at_user().create_consume(state["channels"][id(channel)])
    block = builder.body_insertion(op, 0)
    variables = [Scalar.of_index_value(a) for a in block.arguments]

    def close():
        builder.restore_insertion_point(saved)
    return variables, close


def consume(channel, fn=None):
    """Run `fn(*payload)` per token until the channel is closed and drained;
    without `fn`, an iterable for `for t in consume(ch):`. Outside a
    workload, `consume(ch, fn)` is a statement (a process body)."""
    if not isinstance(channel, Channel):
        raise _session.error(f"consume() takes a Channel first, got {channel!r}", TypeError)
    if fn is None:
        return _Consume(channel)
    if not callable(fn):
        raise _session.error("consume() takes a function of the received values", TypeError)
    if _session.active() is None:
        return Deferred("consume", consume, channel, fn)
    variables, close = _open_consume(channel)
    try:
        _session.check_arity(fn, len(variables), f"consume of channel '{channel.name}'")
        emit_returned(fn(*variables))
    finally:
        close()


def _order(processes):
    """Producers before consumers where possible (stable), so a channel's
    payload is known when its consumers are traced."""
    ordered, pending = [], list(processes)
    while pending:
        for proc in pending:
            producers = [p for p in pending if p is not proc and
                         any(c in p.outputs for c in proc.inputs)]
            if not producers:
                break
        else:
            proc = pending[0]
        ordered.append(proc)
        pending.remove(proc)
    return ordered


def connect(processes, channels=None):
    """Emit a pipeline of `processes` (channels: those they use, plus any
    listed) at the insertion point of the workload being traced. Outside a
    workload, the pipeline is a statement and a workload: `.compile()`."""
    if isinstance(processes, Process) or not isinstance(processes, (list, tuple)):
        raise _session.error(f"connect() takes a list of processes, got {processes!r}",
                             TypeError)
    processes = list(processes)
    for proc in processes:
        if not isinstance(proc, Process):
            raise _session.error(f"connect() takes processes, got {proc!r}", TypeError)
        if proc.fn is None:
            raise _session.error(f"process '{proc.name}' has no body")
    channels = _channels(channels or [])
    if _session.active() is None:
        return Deferred("pipeline", connect, processes, channels)
    session = _session.current("connect")
    if session.kind() not in ("workload", "process"):
        raise _session.error("connect() builds a pipeline inside a workload")
    used = []
    for c in channels + [c for p in processes for c in p.inputs + p.outputs]:
        if c not in used:
            used.append(c)
    state = _state(session)
    builder = session.builder
    saved = builder.save_insertion_point()
    pipeline = session.at_user().create_pipeline()
    block = pipeline.region(0).blocks[0]
    builder.set_insertion_point_to_end(block)
    index = builder.index_type()
    for c in used:
        arity = c.payload if c.payload is not None else 1
        state["channels"][id(c)] = builder.create_channel(c.name, c.depth, [index] * arity)
    for proc in _order(processes):
        builder.set_insertion_point_to_end(block)
        op = session.at_user().create_process(
            proc.name, [state["channels"][id(c)] for c in proc.inputs],
            [state["channels"][id(c)] for c in proc.outputs], proc.replicas)
        body = builder.body_insertion(op, 0)
        instance = Scalar.of_index_value(body.arguments[0])
        state["process"].append(proc)
        session.region_kind.append("process")
        try:
            if isinstance(proc.fn, Deferred):
                proc.fn.emit()
            else:
                takes_instance = len(inspect.signature(proc.fn).parameters) > 0
                _session.check_arity(proc.fn, int(takes_instance), f"process '{proc.name}'")
                emit_returned(proc.fn(instance) if takes_instance else proc.fn())
        finally:
            session.region_kind.pop()
            state["process"].pop()
    builder.restore_insertion_point(saved)
    return Stmt("pipeline")


_PIPE_SCOPES = []


class PipeScope:
    """`with P.pipe():` — processes created in the block are connected into
    one pipeline when it ends."""

    def __enter__(self):
        _session.current("P.pipe")
        self.processes = []
        _PIPE_SCOPES.append(self)
        return self

    def __exit__(self, exc_type, *exc):
        _PIPE_SCOPES.pop()
        if exc_type is None:
            if not self.processes:
                raise _session.error("P.pipe(): no process was created in the block")
            connect(self.processes)
        return False


# -- v9's event helpers -----------------------------------------------------------

def _v9_event_helper(name):
    def unsupported(*args, **kwargs):
        raise UnsupportedError(
            f"{name}(): v9's event helpers (record/synchronize/query) are not supported (v9 "
            f"did not compile them either): synchronize processes with a rendezvous channel, "
            f"Channel(name, depth=0), and send/consume")
    unsupported.__name__ = name
    unsupported.__doc__ = f"v9's {name}: not supported (UnsupportedError)."
    return unsupported


record = _v9_event_helper("record")
synchronize = _v9_event_helper("synchronize")
query = _v9_event_helper("query")
