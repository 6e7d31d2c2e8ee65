"""Schedules in the DSL: every knob lowers into the workload's schedule op
(checked in mlir()) and runs with the same numerics; knobs cpu_sim rejects
fail at compile(); the task window is enforced; key functions read loop
variables and scalar parameters."""

import numpy as np
import pytest

from pto_wsp import (CompileError, Deps, Dense, DispatchPolicy, DType, ExecutionError, In, Out,
                     P, Pools, ReadyPolicy, Scalar, StartPolicy, TaskWindow, Tensor, Tile,
                     TimingPolicy, TracePolicy, TraceError, WindowMode, kernel, pto, workload)

import markers

I32 = DType.I32
BATCH, TILES = 4, 4


line_of, _ = markers.for_file(__file__)


@kernel
def shift(x: In[Tile[1, 8, I32]], y: Out[Tile[1, 8, I32]], k: Scalar[I32]):
    pto.store(y, pto.adds(x, k))


X_DATA = np.arange(BATCH * TILES * 8, dtype=np.int32).reshape(BATCH, TILES, 8)
EXPECTED = X_DATA + (np.arange(BATCH)[:, None] * TILES + np.arange(TILES))[:, :, None]


def keyed_workload():
    """(workload, output tensor): y[b, t] = x[b, t] + (b * TILES + t)."""
    x, y = Tensor(data=X_DATA), Tensor(shape=X_DATA.shape, dtype=I32)

    @workload
    def keyed():
        for b, t in P(Dense[BATCH](), Dense[TILES]()):
            shift[b, t](x[b, t], y[b, t], b * TILES + t)

    return keyed(), y


SCHEDULES = {
    "round_robin": (lambda w: w.dispatch(DispatchPolicy.round_robin(3)),
                    ["schedule.dispatch round_robin(3)"]),
    "hash": (lambda w: w.dispatch(DispatchPolicy.hash(lambda t: t.get("b") * 7 + t.get("t"))),
             ["schedule.dispatch hash {", 'schedule.task_axis %task "b" : index',
              'schedule.task_axis %task "t" : index', "arith.muli", "arith.addi"]),
    "affinity": (lambda w: w.dispatch(DispatchPolicy.affinity(lambda t: t.axis("b"))),
                 ["schedule.dispatch affinity {"]),
    "work_steal": (lambda w: w.dispatch(DispatchPolicy.work_steal()),
                   ["schedule.dispatch work_steal"]),
    "dispatch_by": (lambda w: w.dispatch(DispatchPolicy.dispatch_by(
        lambda t: t.param(0, I32) % 4)),
        ["schedule.dispatch custom {", "schedule.task_param %task 0 : i32",
         "arith.remsi"]),
    "task_graph": (lambda w: w.task_graph(
        deps=Deps.OVERLAP, window=TaskWindow(4, "tasks", WindowMode.STALL), pools=Pools.BY_UNIT,
        ready=ReadyPolicy.priority(lambda t: t.get("t")), start=StartPolicy.threshold(2),
        trace=TracePolicy.NONE),
        ["schedule.task_window 4 tasks", "schedule.deps overlap", "schedule.ready priority {",
         "schedule.pools by_unit", "schedule.start threshold(2)", "schedule.trace none"]),
    "task_graph_defaults": (lambda w: w.task_graph(
        deps="explicit", window=8, pools="single", ready=ReadyPolicy.work_steal(),
        start=StartPolicy.after_orchestration(), trace="timeline"),
        ["schedule.deps explicit", "schedule.task_window 8 tasks", "schedule.pools single",
         "schedule.ready work_steal", "schedule.start after_orchestration",
         "schedule.trace timeline"]),
    "task_graph_hybrid": (lambda w: w.task_graph(deps=Deps.HYBRID, ready=ReadyPolicy.fifo(),
                                                 start=3),
                          ["schedule.deps hybrid", "schedule.ready fifo",
                           "schedule.start threshold(3)"]),
    "streams": (lambda w: w.streams(2).stream_by(lambda t: t.get("b") % 2),
                ["schedule.streams 2", "schedule.stream_by {", "arith.remsi"]),
    "timing": (lambda w: w.timing(TimingPolicy.immediate()), ["schedule.timing immediate"]),
    "named": (lambda w: w.named("by_batch").dispatch(DispatchPolicy.round_robin(2)),
              ["schedule.schedule @by_batch for @keyed"]),
}


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_lowers_into_the_schedule_op_and_runs(name):
    base, y = keyed_workload()
    apply, expected_lines = SCHEDULES[name]
    scheduled = apply(base)
    text = scheduled.mlir()
    schedule_text = text[text.index("schedule.schedule"):]
    for line in expected_lines:
        assert line in schedule_text, line
    assert "schedule.schedule" not in base.mlir()    # the workload itself is unchanged
    stats = scheduled.compile().run()
    np.testing.assert_array_equal(y.data, EXPECTED)
    assert stats.tasks == BATCH * TILES
    if name == "task_graph":
        assert stats.window_high_water <= 4 and stats.stalls["TASK_RING_FULL"] > 0


def test_the_dispatch_policy_is_enforced_in_the_simulated_time():
    base, _ = keyed_workload()
    cycles = [base.dispatch(DispatchPolicy.round_robin(n)).compile().run().total_cycles
              for n in (1, 4)]
    assert cycles[0] > cycles[1]          # one scheduler dispatches all tasks in turn


@pytest.mark.parametrize("apply, message", [
    (lambda w: w.timing(TimingPolicy.batched(4)), "timing 'batched' is not supported by "
                                                   "target cpu_sim"),
    (lambda w: w.task_graph(window=TaskWindow(8, "tasks", WindowMode.BENCHMARK)),
     "window mode 'benchmark' is not supported by target cpu_sim"),
    (lambda w: w.streams(2), "'schedule.streams' and 'schedule.stream_by' must be set "
                             "together"),
])
def test_knobs_cpu_sim_rejects_fail_at_compile(apply, message):
    base, _ = keyed_workload()
    scheduled = apply(base)
    scheduled.mlir()                      # the knob itself is well formed
    with pytest.raises(CompileError, match=message):
        scheduled.compile()


def test_window_abort_raises_execution_error_from_synchronize():
    base, _ = keyed_workload()
    program = base.task_graph(window=TaskWindow(2, "tasks", WindowMode.ABORT)).compile()
    program.execute()
    with pytest.raises(ExecutionError, match=r"task window full: 2 tasks submitted and not "
                                             r"finished \(window_size 2, mode abort\)") as caught:
        program.synchronize()
    assert caught.value.status == "PTOWSP_ERR_WINDOW_ABORT"


def test_key_function_errors():
    base, _ = keyed_workload()
    with pytest.raises(TraceError, match="expected an index") as caught:
        base.dispatch(DispatchPolicy.hash(lambda t: 1.5)).mlir()  # float-key
    assert caught.value.lineno == line_of("float-key")
    with pytest.raises(CompileError, match="loop variable 'h' does not enclose every task") \
            as caught:
        base.dispatch(DispatchPolicy.affinity(lambda t: t.get("h"))).compile()  # no-loop
    assert f"{__file__}:{line_of('no-loop')}:" in str(caught.value)
    with pytest.raises(CompileError, match="scalar parameter #0 is read as 'i64' but has type "
                                           "'i32'"):
        base.dispatch(DispatchPolicy.dispatch_by(lambda t: t.params[0])).compile()
    # a failed schedule leaves the workload usable
    assert "schedule.schedule" not in base.mlir()
    base.dispatch(DispatchPolicy.round_robin(2)).compile()


def test_policy_arguments_are_checked():
    base, _ = keyed_workload()
    for make, error, message in [
            (lambda: DispatchPolicy.round_robin(0), ValueError, "positive scheduler count"),
            (lambda: DispatchPolicy.hash("b"), TypeError, "takes a key function"),
            (lambda: TaskWindow(0), ValueError, "positive number of tasks"),
            (lambda: TaskWindow(8, "bytes"), ValueError, "unit must be 'tasks'"),
            (lambda: StartPolicy.threshold(-1), ValueError, "positive task count"),
            (lambda: base.streams(0), ValueError, "positive stream count"),
            (lambda: base.dispatch("round_robin"), TypeError, "takes a DispatchPolicy"),
            (lambda: base.task_graph(deps="fuzzy"), ValueError, "not a valid Deps"),
            (lambda: base.task_graph(ready="fifo"), TypeError, "takes a ReadyPolicy")]:
        with pytest.raises(error, match=message):
            make()
