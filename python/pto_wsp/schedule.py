"""Schedules: how a workload runs, kept apart from what it computes.

Policy objects describe the knobs of the schedule dialect; `emit` writes
them as one `schedule.schedule` op for the workload. Key functions (hash,
affinity, custom dispatch, priority, stream_by) are traced into key regions:
they receive a `TaskRef` and return an index expression of its loop
variables (`t.get("b")`, `t.axis("b")`) and scalar parameters
(`t.param(0)`, `t.params[0]`).
"""

import dataclasses
import enum
import typing

from pto_wsp import _session
from pto_wsp.dtypes import DType
from pto_wsp.scalars import Scalar, as_index
from pto_wsp.errors import PtoTypeError, PtoValueError, UnsupportedError


class WindowMode(enum.Enum):
    STALL = "stall"
    ABORT = "abort"
    BENCHMARK = "benchmark"


class Deps(enum.Enum):
    EXACT = "exact"
    OVERLAP = "overlap"
    EXPLICIT = "explicit"
    HYBRID = "hybrid"

    # v9's spellings.
    @staticmethod
    def infer_tensor_map_exact():
        return Deps.EXACT

    @staticmethod
    def infer_bytes_overlap():
        return Deps.OVERLAP

    @staticmethod
    def explicit():
        return Deps.EXPLICIT

    @staticmethod
    def hybrid():
        return Deps.HYBRID


class Pools(enum.Enum):
    SINGLE = "single"
    BY_UNIT = "by_unit"

    # v9's spellings.
    @staticmethod
    def single():
        return Pools.SINGLE

    @staticmethod
    def by_exec_unit():
        return Pools.BY_UNIT

    @staticmethod
    def custom(pool_fn=None):
        raise UnsupportedError("Pools.custom(fn) is not supported: tasks go to the pool of "
                               "their kernel's execution unit (Pools.by_exec_unit()) or to one "
                               "pool (Pools.single())")


class TracePolicy(enum.Enum):
    NONE = "none"
    TIMELINE = "timeline"
    GRAPH = "graph"
    BOTH = "both"

    # v9's spellings.
    @staticmethod
    def none():
        return TracePolicy.NONE

    @staticmethod
    def cycles(cost_fn=None):
        """The simulated timeline (cycles from the architecture model)."""
        if cost_fn is not None:
            raise UnsupportedError("TracePolicy.cycles(cost_fn): a task's cycles come from "
                                   "the architecture model (arch/*), not from a Python "
                                   "function; use TracePolicy.cycles()")
        return TracePolicy.TIMELINE


@dataclasses.dataclass(frozen=True)
class DispatchPolicy:
    """Which AICPU scheduler each task goes to."""
    policy: str
    count: typing.Optional[int] = None
    key: typing.Optional[typing.Callable] = None

    @staticmethod
    def round_robin(num_aicpus):
        """Task k to scheduler k mod n."""
        if isinstance(num_aicpus, bool) or not isinstance(num_aicpus, int) or num_aicpus <= 0:
            raise PtoValueError(f"round_robin needs a positive scheduler count, got {num_aicpus!r}")
        return DispatchPolicy("round_robin", num_aicpus)

    @staticmethod
    def hash(key):
        """Scheduler hash(key(t)) mod S."""
        return DispatchPolicy("hash", None, _callable(key, "hash"))

    @staticmethod
    def affinity(key):
        """Tasks with equal key(t) go to the same scheduler."""
        return DispatchPolicy("affinity", None, _callable(key, "affinity"))

    @staticmethod
    def work_steal():
        """Round-robin, idle schedulers take queued tasks of others."""
        return DispatchPolicy("work_steal")

    @staticmethod
    def dispatch_by(key):
        """Scheduler key(t) (custom), which must be in [0, S) on cpu_sim."""
        return DispatchPolicy("custom", None, _callable(key, "dispatch_by"))

    custom = dispatch_by


@dataclasses.dataclass(frozen=True)
class ReadyPolicy:
    """The order in which ready tasks start."""
    policy: str
    key: typing.Optional[typing.Callable] = None

    @staticmethod
    def fifo():
        return ReadyPolicy("fifo")

    @staticmethod
    def work_steal():
        return ReadyPolicy("work_steal")

    @staticmethod
    def priority(key):
        """The ready task with the largest key(t) first."""
        return ReadyPolicy("priority", _callable(key, "priority"))


@dataclasses.dataclass(frozen=True)
class StartPolicy:
    """When execution starts: after the whole task graph is generated, or
    once `tasks` tasks have been submitted."""
    policy: str
    tasks: typing.Optional[int] = None

    @staticmethod
    def after_orchestration():
        return StartPolicy("after_orchestration")

    @staticmethod
    def threshold(n):
        """Start once `n` tasks have been submitted."""
        if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
            raise PtoValueError(f"StartPolicy.threshold needs a positive task count, got {n!r}")
        return StartPolicy("threshold", n)


@dataclasses.dataclass(frozen=True)
class TimingPolicy:
    policy: str
    batch: typing.Optional[int] = None

    @staticmethod
    def immediate():
        return TimingPolicy("immediate")

    @staticmethod
    def batched(n):
        return TimingPolicy("batched", n)


@dataclasses.dataclass(frozen=True)
class TaskWindow:
    """At most `size` tasks in flight; `unit` must be "tasks"."""
    size: int
    unit: str = "tasks"
    mode: WindowMode = WindowMode.STALL

    def __post_init__(self):
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size <= 0:
            raise PtoValueError(f"TaskWindow size must be a positive number of tasks, "
                             f"got {self.size!r}")
        if self.unit != "tasks":
            raise PtoValueError(f"TaskWindow unit must be 'tasks', got {self.unit!r}")
        if not isinstance(self.mode, WindowMode):
            object.__setattr__(self, "mode", WindowMode(self.mode))


def _callable(key, what):
    if not callable(key):
        raise PtoTypeError(f"{what} takes a key function of the task, e.g. lambda t: t.get('b')")
    return key


class TaskRef:
    """The task a key function is computed for."""

    def __init__(self, value):
        self._value = value

    def get(self, name):
        """The value of the enclosing loop variable `name`."""
        builder = _session.current().at_user()
        return Scalar.of_index_value(builder.create_task_axis(self._value, name))

    axis = get

    def param(self, index, dtype=DType.I64):
        """The task's `index`-th scalar argument (views not counted)."""
        builder = _session.current().at_user()
        value = builder.create_task_param(self._value, index, builder.dtype(dtype.mlir))
        return Scalar.of_value(value, dtype)

    @property
    def params(self):
        return _Params(self)


class _Params:
    def __init__(self, task):
        self.task = task

    def __getitem__(self, index):
        return self.task.param(index)


@dataclasses.dataclass
class ScheduleSpec:
    """The knobs a Workload's schedule methods set (None: the default)."""
    name: typing.Optional[str] = None
    dispatch: typing.Optional[DispatchPolicy] = None
    window: typing.Optional[TaskWindow] = None
    deps: typing.Optional[Deps] = None
    ready: typing.Optional[ReadyPolicy] = None
    pools: typing.Optional[Pools] = None
    start: typing.Optional[StartPolicy] = None
    streams: typing.Optional[int] = None
    stream_by: typing.Optional[typing.Callable] = None
    timing: typing.Optional[TimingPolicy] = None
    trace: typing.Optional[TracePolicy] = None

    def is_default(self):
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self)
                   if f.name != "name")


def _emit_key(session, op, key):
    builder = session.builder
    block = op.region(0).blocks[0]
    builder.set_insertion_point_to_end(block)
    session.region_kind.append("key")
    try:
        result = key(TaskRef(block.arguments[0]))
        if isinstance(result, Scalar) and result.dtype.is_integer:
            value = result.materialize()
        else:
            value = as_index(result).materialize()
        session.at_user().create_schedule_yield(value)
    finally:
        session.region_kind.pop()


def emit(session, workload_name, spec):
    """Writes `spec` as a schedule op for the workload; returns the op."""
    builder = session.builder
    saved = builder.save_insertion_point()
    builder.set_insertion_point_to_end(session.module.body)
    name = spec.name or f"{workload_name}_schedule"
    op = None
    try:
        op = session.at_user().create_schedule(name, workload_name)
        builder.set_insertion_point_to_end(op.region(0).blocks[0])
        if spec.dispatch is not None:
            d = spec.dispatch
            knob = builder.create_dispatch(d.policy, d.count, d.key is not None)
            if d.key is not None:
                _emit_key(session, knob, d.key)
                builder.set_insertion_point_to_end(op.region(0).blocks[0])
        if spec.window is not None:
            builder.create_task_window(spec.window.size, spec.window.mode.value)
        if spec.deps is not None:
            builder.create_deps(Deps(spec.deps).value)
        if spec.ready is not None:
            knob = builder.create_ready(spec.ready.policy, spec.ready.key is not None)
            if spec.ready.key is not None:
                _emit_key(session, knob, spec.ready.key)
                builder.set_insertion_point_to_end(op.region(0).blocks[0])
        if spec.pools is not None:
            builder.create_pools(Pools(spec.pools).value)
        if spec.start is not None:
            builder.create_start(spec.start.policy, spec.start.tasks)
        if spec.streams is not None:
            builder.create_streams(spec.streams)
        if spec.stream_by is not None:
            knob = builder.create_stream_by()
            _emit_key(session, knob, spec.stream_by)
            builder.set_insertion_point_to_end(op.region(0).blocks[0])
        if spec.timing is not None:
            builder.create_timing(spec.timing.policy, spec.timing.batch)
        if spec.trace is not None:
            builder.create_trace(TracePolicy(spec.trace).value)
    except BaseException:
        # A key function that fails to trace leaves no half-built schedule
        # behind: the workload stays usable with another schedule.
        if op is not None:
            op.erase()
        raise
    finally:
        builder.restore_insertion_point(saved)
    return op, name
