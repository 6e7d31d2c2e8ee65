"""@workload tracing, the Workload object (schedule methods, compile) and
the compiled Program (execute, synchronize, stats, traces, symbols)."""

import contextlib
import copy
import dataclasses
import functools
import os
import shutil
import tempfile
import threading

import numpy as np

from pto_wsp import _pto_wsp, _session, schedule as _schedule
from pto_wsp.aie import DEVICES, AIEProgram
from pto_wsp.ascend import RUNTIMES, AscendProgram
from pto_wsp.errors import (BindingTypeError, BindingValueError, ChannelError, CompileError,
                            ExecutionError, PtoError, PtoTypeError, PtoValueError,
                            UnsupportedError)
from pto_wsp.scalars import Symbol
from pto_wsp import statements as _statements
from pto_wsp.statements import Deferred, Stmt, TaskHandle
from pto_wsp.tensor import DenseDyn, Tensor

TARGETS = ("cpu_sim", "ascend", "aie")
# v9's run-time symbol for the CSP channel latency: set_symbol(name, cycles)
# sets the program's channel_latency (the same as execute(channel_latency=)).
CHANNEL_LATENCY_SYMBOL = "__pto_wsp_channel_latency_cycles"


class WorkloadDef:
    """A @workload function; calling it (with its Python arguments, if any)
    traces it and returns a Workload."""

    def __init__(self, fn, name=None):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.name = name or fn.__name__

    def __call__(self, *args, **kwargs):
        code = self.fn.__code__
        return trace_workload(self.name, (code.co_filename, code.co_firstlineno, 1), self.fn,
                              *args, **kwargs)


def trace_workload(name, location, body, *args, **kwargs):
    """Trace `body(*args, **kwargs)` into a workload named `name` (located at
    `location`, the user's (file, line, column)) and return the Workload.
    A body may return the statement it builds (v9 style): a statement built
    outside a workload is emitted then."""
    session = _session.Session()
    builder = session.builder
    with session:
        builder.set_loc(*location)
        op = builder.create_workload(name, [])
        session.entry = op.region(0).blocks[0]
        builder.set_insertion_point_to_end(session.entry)
        session.region_kind.append("workload")
        result = body(*args, **kwargs)
        if isinstance(result, Deferred):
            result.emit()
        session.region_kind.pop()
        if result is not None and not isinstance(result, (Stmt, TaskHandle)):
            raise _session.error(f"workload '{name}' returns {result!r}; a workload "
                                 "returns nothing (its tasks write tensors)")
        builder.set_loc(*location)
        builder.finish_workload(op)
        with _session.compile_errors():
            session.module.verify()
    return Workload(session, name)


_statements.set_workload_tracer(trace_workload)


def workload(fn=None, *, name=None):
    """Decorator: a task-generating workload (see pto_wsp.loops)."""
    if fn is None:
        return lambda f: WorkloadDef(f, name)
    return WorkloadDef(fn, name)


class Workload:
    """A traced workload with a schedule. The schedule methods return a new
    Workload with that knob set; `compile` lowers it for a target."""

    def __init__(self, session, name, spec=None):
        self._session = session
        self.name = name
        self.spec = spec or _schedule.ScheduleSpec()

    def _with(self, **changes):
        twin = copy.copy(self)
        twin.spec = dataclasses.replace(self.spec, **changes)
        dispatch, ready = twin.spec.dispatch, twin.spec.ready
        if dispatch is not None and ready is not None and \
                dispatch.policy == ready.policy == "work_steal":
            # v9's full task_graph example writes both; here they are two
            # different things and the runtime rejects the pair.
            raise PtoValueError(
                "ReadyPolicy.work_steal() needs a dispatch policy that assigns tasks to "
                "schedulers (e.g. DispatchPolicy.round_robin(n)): each scheduler then keeps "
                "its own deque and idle ones steal; DispatchPolicy.work_steal() already "
                "shares one ready queue among all schedulers (drop ready=)")
        return twin

    # -- schedule --------------------------------------------------------------
    def dispatch(self, policy):
        if not isinstance(policy, _schedule.DispatchPolicy):
            raise PtoTypeError(f"dispatch takes a DispatchPolicy, got {policy!r}")
        return self._with(dispatch=policy)

    def task_graph(self, deps=None, window=None, pools=None, ready=None, start=None,
                   trace=None):
        changes = {}
        if deps is not None:
            changes["deps"] = _schedule.Deps(deps)
        if window is not None:
            if isinstance(window, int):
                window = _schedule.TaskWindow(window)
            if not isinstance(window, _schedule.TaskWindow):
                raise PtoTypeError(f"window takes a TaskWindow, got {window!r}")
            changes["window"] = window
        if pools is not None:
            changes["pools"] = _schedule.Pools(pools)
        if ready is not None:
            if not isinstance(ready, _schedule.ReadyPolicy):
                raise PtoTypeError(f"ready takes a ReadyPolicy, got {ready!r}")
            changes["ready"] = ready
        if start is not None:
            if isinstance(start, int):
                start = _schedule.StartPolicy.threshold(start)
            if not isinstance(start, _schedule.StartPolicy):
                raise PtoTypeError(f"start takes a StartPolicy, got {start!r}")
            changes["start"] = start
        if trace is not None:
            changes["trace"] = _schedule.TracePolicy(trace)
        return self._with(**changes)

    def streams(self, n):
        """`n` streams; set stream_by(key) too: a task runs on stream key(t),
        which must be in [0, n) on cpu_sim."""
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise PtoValueError(f"streams needs a positive stream count, got {n!r}")
        return self._with(streams=n)

    def stream_by(self, key):
        return self._with(stream_by=_schedule._callable(key, "stream_by"))

    def timing(self, policy):
        if not isinstance(policy, _schedule.TimingPolicy):
            raise PtoTypeError(f"timing takes a TimingPolicy, got {policy!r}")
        return self._with(timing=policy)

    def named(self, name):
        return self._with(name=name)

    def spatial_map(self, grid):
        """v9's tile-grid mapping (a no-op there): not supported."""
        raise UnsupportedError(
            "spatial_map() is not supported (it did nothing in v9): tasks are placed on "
            "cores by dispatch(...) and task_graph(pools=...); the aie target places a "
            "workload's tasks over its cores itself")

    # -- IR ------------------------------------------------------------------------
    def mlir(self, with_schedule=True):
        """The module as MLIR text (kernels, the workload and its schedule)."""
        op = None
        if with_schedule and not self.spec.is_default():
            op = self._emit_schedule()[0]
        try:
            return str(self._session.module)
        finally:
            if op is not None:
                op.erase()

    def _emit_schedule(self):
        with self._session, _session.compile_errors():
            return _schedule.emit(self._session, self.name, self.spec)

    # -- compile -----------------------------------------------------------------------
    def compile(self, target="cpu_sim", arch="a2a3", cache_dir=None, runtime=None,
                artifact_dir=None, device=None):
        """Lower for `target` and return a program.

        cpu_sim: a Program; the C++ is compiled into a shared library cached
        by content (a second compile of the same program does not run the C++
        compiler). ascend: an AscendProgram whose `artifact_dir` holds the
        pto-runtime tree; `runtime` is "tensormap_and_ringbuffer" (default)
        or "host_build_graph". aie: an AIEProgram whose `artifact_dir` holds
        the mlir-aie tree; `device` is an mlir-aie device name (default
        npu1_4col)."""
        if target not in TARGETS:
            raise CompileError(f"unknown target '{target}'; the targets are "
                               f"{', '.join(TARGETS)}")
        if target != "ascend" and runtime is not None:
            raise CompileError("runtime= applies to target 'ascend'")
        if target != "aie" and device is not None:
            raise CompileError("device= applies to target 'aie'")
        if target == "cpu_sim" and artifact_dir is not None:
            raise CompileError("artifact_dir= applies to targets 'ascend' and 'aie'")
        if target == "aie":
            return self._compile_aie(arch, cache_dir, device or "npu1_4col", artifact_dir)
        if target == "ascend":
            return self._compile_ascend(arch, cache_dir, runtime or "tensormap_and_ringbuffer",
                                        artifact_dir)
        with self._scheduled() as schedule_name, _session.compile_errors():
            cpp = _pto_wsp.translate_cpu_sim(self._session.module, arch, schedule_name)
        with _session.compile_errors():
            graph = _pto_wsp.CompiledGraph(cpp, self.name, cache_dir or "")
        return Program(self, cpp, graph, arch)

    def _compile_ascend(self, arch, cache_dir, runtime, artifact_dir):
        if runtime not in RUNTIMES:
            raise CompileError(f"unknown pto-runtime flavour '{runtime}'; use "
                               f"{' or '.join(RUNTIMES)}")
        with self._scheduled() as schedule_name, _session.compile_errors():
            files = _pto_wsp.translate(self._session.module, "ascend", arch, schedule_name,
                                       {"runtime": runtime})
        # The same program on cpu_sim computes the tree's expected outputs.
        reference = self.compile("cpu_sim", arch, cache_dir)
        return AscendProgram(self, files, runtime, artifact_dir, reference)

    def _compile_aie(self, arch, cache_dir, device, artifact_dir):
        if device not in DEVICES:
            raise CompileError(f"unknown AIE device '{device}'; use one of {', '.join(DEVICES)}")
        with self._scheduled() as schedule_name, _session.compile_errors():
            files = _pto_wsp.translate(self._session.module, "aie", arch, schedule_name,
                                       {"device": device})
        # The same program on cpu_sim computes the tree's expected outputs.
        reference = self.compile("cpu_sim", arch, cache_dir)
        return AIEProgram(self, files, device, artifact_dir, reference)

    @contextlib.contextmanager
    def _scheduled(self):
        """The schedule op in the module while lowering; yields its name
        ("" for the default schedule)."""
        op, name = None, ""
        if not self.spec.is_default():
            op, name = self._emit_schedule()
        try:
            yield name
        finally:
            if op is not None:
                op.erase()


@dataclasses.dataclass
class Stats:
    """Statistics of the last run (simulated cycles and host wall time)."""
    total_cycles: int
    tasks: int
    dependency_edges: int
    utilization: float
    core_busy_cycles: list
    cube_cores: int
    vector_cores: int
    stalls: dict
    stall_cycles: dict
    window_high_water: int
    wall_seconds: float
    processes: list
    channels: list

    @property
    def core_utilization(self):
        """Busy fraction of each modelled core (cube cores first)."""
        total = self.total_cycles or 1
        return [busy / total for busy in self.core_busy_cycles]

    @property
    def busy_cores(self):
        return sum(1 for busy in self.core_busy_cycles if busy)


class Program:
    """A compiled workload. `execute()` starts a run on the bound tensors
    (their arrays receive the outputs), `synchronize()` waits for it and
    raises its failure, `stats` describes the last run."""

    def __init__(self, workload, cpp, graph, arch):
        self.workload = workload
        self.name = workload.name
        self.cpp = cpp
        self._graph = graph
        self.arch = arch
        session = workload._session
        self.arguments = list(session.arguments)
        self._shapes = {id(obj): tuple(session.argument_values[id(obj)].type.shape)
                        for obj in self.arguments if isinstance(obj, Tensor)}
        self._written = set(session.written)
        self._symbols = {name: list(objects)
                         for name, (_, objects) in workload._session.symbols.items()}
        self.cache_hit = graph.cache_hit
        self.host_threads = 0
        self.channel_latency = -1
        self._thread = None
        self._error = None
        self._stats = None
        self._trace_dir = tempfile.mkdtemp(prefix="pto_wsp_trace_")
        self._trace_path = os.path.join(self._trace_dir, "trace.json")
        self._traced = False

    def set_symbol(self, target, value):
        """Set a Symbol (by name or object: its `value`) or the size of a
        DenseDyn axis (its `size`) for the next runs; no recompilation."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer,
                                                             np.floating)):
            raise PtoTypeError(f"set_symbol takes a number, got {value!r}")
        if isinstance(target, DenseDyn):
            if not any(argument is target for argument in self.arguments):
                raise PtoError(f"{target!r} is not a run-time bound axis of the program")
            if int(value) != value:
                raise PtoTypeError(f"the size of a DenseDyn axis is an integer, got {value!r}")
            target.size = int(value)
            return
        name = target.name if isinstance(target, Symbol) else target
        if name == CHANNEL_LATENCY_SYMBOL:
            if int(value) != value or value < 0:
                raise PtoValueError(f"{CHANNEL_LATENCY_SYMBOL} is a number of cycles >= 0, "
                                    f"got {value!r}")
            self.channel_latency = int(value)
            return
        if name not in self._symbols:
            raise PtoError(f"the program has no symbol '{name}' (symbols: "
                           f"{', '.join(sorted(self._symbols)) or 'none'})")
        for symbol in self._symbols[name]:
            symbol.value = value

    set_symbol_u64 = set_symbol      # v9's name

    @property
    def symbols(self):
        """{name: value} of the program's symbols, as the next run reads them."""
        values = {}
        for name, objects in self._symbols.items():
            value = objects[0].value
            if any(symbol.value != value for symbol in objects):
                listed = ", ".join(repr(symbol.value) for symbol in objects)
                raise PtoError(f"the Symbol objects named '{name}' have different values "
                               f"({listed}): set one value with "
                               f"program.set_symbol('{name}', value)")
            values[name] = value
        return values

    def _bind(self):
        """The run's arguments (arrays and dynamic sizes) and the (array,
        buffer) pairs to copy back after it: an array that is not C-contiguous
        or is read-only runs on a copy, written back if the program writes
        it."""
        args, copies = [], []
        for obj in self.arguments:
            if isinstance(obj, Tensor):
                data = obj.data
                shape = self._shapes[id(obj)]
                if data.dtype != obj.dtype.numpy or data.shape != shape:
                    label = f"tensor {obj.name!r}" if obj.name else "a tensor of the program"
                    kind = BindingTypeError if data.dtype != obj.dtype.numpy else BindingValueError
                    raise kind(
                        f"{label} was compiled for a {shape} "
                        f"{obj.dtype.numpy} array, it now holds a {data.shape} {data.dtype} "
                        f"one")
                written = id(obj) in self._written
                if written and not data.flags.writeable:
                    raise BindingValueError(f"{obj!r} is written by the program but its array "
                                            f"is read-only")
                if data.flags.c_contiguous and data.flags.writeable:
                    args.append(data)
                else:
                    buffer = np.array(data, order="C")
                    if written:
                        copies.append((data, buffer))
                    args.append(buffer)
            elif isinstance(obj, DenseDyn):
                args.append(int(obj.size))
            else:
                raise BindingTypeError(f"cannot bind {obj!r}")
        return args, copies

    def execute(self, trace=None, host_threads=None, channel_latency=None):
        """Start a run (in the background). `trace` records the simulated
        timeline for save_trace(); by default it is recorded unless the
        schedule's trace policy is NONE or GRAPH. `host_threads` (0: one per
        hardware thread) and `channel_latency` (cycles of CSP channels, -1:
        the configuration's) apply to this run, without recompiling."""
        if self._thread is not None:
            raise PtoError("the previous run is still in flight: call synchronize() first")
        threads = self.host_threads if host_threads is None else host_threads
        latency = self.channel_latency if channel_latency is None else channel_latency
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
            raise PtoValueError(f"host_threads must be an int >= 0 (0: one per hardware "
                             f"thread), got {threads!r}")
        if isinstance(latency, bool) or not isinstance(latency, int) or latency < -1:
            raise PtoValueError(f"channel_latency must be an int >= -1 (-1: the "
                             f"configuration's), got {latency!r}")
        if trace is None:
            trace = self.workload.spec.trace in (None, _schedule.TracePolicy.TIMELINE,
                                                 _schedule.TracePolicy.BOTH)
        args, copies = self._bind()
        symbols = self.symbols
        trace_path = self._trace_path if trace else ""
        self._error = None
        self._stats = None        # a failed run leaves no statistics or trace
        self._traced = False

        def run():
            try:
                self._stats = self._graph.run(args, symbols, self.arch, threads, latency,
                                              trace_path, "")
                for original, buffer in copies:
                    original[...] = buffer
                self._traced = bool(trace)
            except _pto_wsp.ExecutionFailure as failure:
                status, message = failure.args[0], failure.args[1]
                csp = status == "PTOWSP_ERR_PROCESS" or (
                    status == "PTOWSP_ERR_DEADLOCK" and "channel" in message)
                self._error = (ChannelError if csp else ExecutionError)(message, status)
            except Exception as exc:  # noqa: BLE001 - raised from synchronize()
                self._error = exc

        self._thread = threading.Thread(target=run, name=f"pto_wsp:{self.name}")
        self._thread.start()
        return self

    def synchronize(self):
        """Wait for the run; raise its failure (ExecutionError, ChannelError)."""
        if self._thread is None:
            raise PtoError("synchronize() without execute()")
        self._thread.join()
        self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self

    def run(self, **options):
        """execute() then synchronize(); returns the stats."""
        self.execute(**options)
        self.synchronize()
        return self.stats

    @property
    def stats(self):
        """The Stats of the last run; PtoError if it has not completed."""
        if self._stats is None:
            raise PtoError("no completed run: call execute() and synchronize() first")
        s = self._stats
        return Stats(**{f.name: s[f.name] for f in dataclasses.fields(Stats)})

    def save_trace(self, path):
        """Copy the last run's simulated timeline (Chrome/Perfetto JSON) to
        `path`; returns `path`."""
        if not self._traced:
            raise PtoError("no trace: the last run did not complete with its timeline "
                           "recorded (execute(trace=True), or a schedule trace policy "
                           "other than NONE and GRAPH)")
        shutil.copyfile(self._trace_path, path)
        return path

    def __del__(self):
        shutil.rmtree(getattr(self, "_trace_dir", ""), ignore_errors=True)
