"""compile() and Program: targets, the content cache, execute/synchronize
ordering, statistics, traces, determinism of the simulated time, binding of
NumPy arrays, and run-time failures raised as ExecutionError."""

import json
import os

import numpy as np
import pytest

import pto_wsp
from pto_wsp import (CompileError, Dense, DenseDyn, DType, ExecutionError, In, InOut, Out, P,
                     PtoError, Ragged, Tensor, Tile, kernel, pto, slot_load, workload)

F32 = DType.F32


@kernel
def square(x: In[Tile[4, 8, F32]], y: Out[Tile[4, 8, F32]]):
    pto.store(y, pto.mul(x, x))


@kernel
def accumulate(x: In[Tile[4, 8, F32]], w: In[Tile[8, 8, F32]], acc: InOut[Tile[4, 8, F32]]):
    pto.store(acc, pto.matmul(x, w, acc=acc))


def squares(batches=4):
    """(workload, input array, output tensor) of y[b] = x[b]^2."""
    data = np.random.default_rng(batches).standard_normal((batches, 4, 8)).astype(np.float32)
    x, y = Tensor(data=data), Tensor(shape=data.shape)

    @workload
    def squares():
        for b in P(Dense[batches]()):
            square[b](x[b], y[b])

    return squares(), data, y


# -- compile ---------------------------------------------------------------------------------

def test_a_second_compile_of_the_same_program_hits_the_cache(tmp_path):
    traced, data, y = squares(3)
    first = traced.compile(target="cpu_sim", cache_dir=str(tmp_path))
    second = traced.compile(target="cpu_sim", cache_dir=str(tmp_path))
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert os.listdir(tmp_path)
    second.run()
    np.testing.assert_allclose(y.data, data * data)


def test_targets():
    traced, _, _ = squares()
    with pytest.raises(CompileError, match="unknown target 'gpu'; the targets are cpu_sim, "
                                           "ascend, aie"):
        traced.compile(target="gpu")
    with pytest.raises(CompileError, match="unknown AIE device 'npu9'"):
        traced.compile(target="aie", device="npu9")
    with pytest.raises(CompileError, match="runtime= applies to target 'ascend'"):
        traced.compile(runtime="host_build_graph")
    with pytest.raises(CompileError, match="device= applies to target 'aie'"):
        traced.compile(device="npu1_4col")
    with pytest.raises(CompileError, match="artifact_dir= applies to targets 'ascend' and 'aie'"):
        traced.compile(artifact_dir=".")
    with pytest.raises(CompileError, match="unknown architecture 'nowhere'"):
        traced.compile(arch="nowhere")


def test_translate_cpu_sim_reports_diagnostics_with_the_file_name():
    cpp = pto_wsp.translate_cpu_sim(squares()[0].mlir(), "squares.mlir")
    assert "ptowsp_graph_squares" in cpp
    with pytest.raises(CompileError, match="broken.mlir:1:"):
        pto_wsp.translate_cpu_sim("workload.workload @w(", "broken.mlir")


# -- execute and synchronize --------------------------------------------------------------------

def test_execute_and_synchronize_ordering_errors():
    traced, data, y = squares()
    program = traced.compile()
    with pytest.raises(PtoError, match=r"synchronize\(\) without execute\(\)"):
        program.synchronize()
    with pytest.raises(PtoError, match="no completed run"):
        program.stats
    with pytest.raises(PtoError, match="no trace"):
        program.save_trace("unused.json")
    program.execute()
    with pytest.raises(PtoError, match="the previous run is still in flight"):
        program.execute()
    assert program.synchronize() is program
    np.testing.assert_allclose(y.data, data * data)
    with pytest.raises(ValueError, match="host_threads must be an int >= 0"):
        program.execute(host_threads=-1)
    with pytest.raises(ValueError, match="channel_latency must be an int >= -1"):
        program.execute(channel_latency=-2)


def test_stats_describe_the_simulated_machine():
    traced, _, _ = squares(8)
    stats = traced.compile().run()
    assert stats.tasks == 8 and stats.dependency_edges == 0
    assert stats.total_cycles > 0 and 0 < stats.utilization <= 1
    assert (stats.cube_cores, stats.vector_cores) == (24, 48)
    assert len(stats.core_busy_cycles) == stats.cube_cores + stats.vector_cores
    assert sum(stats.core_busy_cycles[:24]) == 0          # vector work only
    assert stats.busy_cores > 0 and max(stats.core_utilization) <= 1
    assert stats.wall_seconds > 0 and stats.window_high_water >= 1
    assert set(stats.stalls) == set(stats.stall_cycles) >= {"TASK_RING_FULL", "SLOT_WAIT"}
    assert stats.processes == [] and stats.channels == []


def test_matmuls_run_on_cube_cores_and_dependent_tasks_are_ordered():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 4, 8)).astype(np.float32)
    w = rng.standard_normal((8, 8)).astype(np.float32)
    X, W, acc = Tensor(data=x), Tensor(data=w), Tensor(shape=(4, 8))

    @workload
    def chain():
        for k in P.seq(Dense[3]()):
            accumulate[k](X[k], W, acc)

    stats = chain().compile().run()
    np.testing.assert_allclose(acc.data, sum(x[k] @ w for k in range(3)), rtol=1e-5, atol=1e-5)
    assert stats.dependency_edges == 2
    assert sum(stats.core_busy_cycles[:24]) > 0 and sum(stats.core_busy_cycles[24:]) == 0


def test_save_trace_writes_the_simulated_timeline(tmp_path):
    traced, _, _ = squares(4)
    program = traced.compile()
    stats = program.run()
    path = tmp_path / "trace.json"
    assert program.save_trace(str(path)) == str(path)
    trace = json.loads(path.read_text())
    events = [e for e in trace["traceEvents"] if e.get("ph") == "X"]
    assert len(events) >= stats.tasks
    assert max(e["ts"] + e["dur"] for e in events) > 0
    program.run(trace=False)
    with pytest.raises(PtoError, match="no trace"):
        program.save_trace(str(path))


def test_simulated_time_is_deterministic(tmp_path):
    traced, _, _ = squares(16)
    program = traced.compile()
    timelines = []
    for threads in (1, 2, 1):
        stats = program.run(host_threads=threads)
        path = tmp_path / f"trace{len(timelines)}.json"
        program.save_trace(str(path))
        events = json.loads(path.read_text())["traceEvents"]
        timelines.append((stats.total_cycles, stats.core_busy_cycles,
                          sorted((e["ts"], e["dur"], e.get("tid")) for e in events
                                 if e.get("ph") == "X")))
    assert timelines[0] == timelines[1] == timelines[2]


# -- binding NumPy arrays --------------------------------------------------------------------------

def test_non_contiguous_arrays_are_bound_and_written_back():
    data = np.random.default_rng(4).standard_normal((8, 4)).astype(np.float32)
    out = np.zeros((8, 4), np.float32)
    x, y = Tensor(data=data.T), Tensor(data=out.T)    # 4x8 views, not C-contiguous

    @workload
    def transposed():
        square(x, y)

    transposed().compile().run()
    np.testing.assert_allclose(out, data * data)


def test_read_only_inputs_are_bound_and_read_only_outputs_rejected():
    data = np.random.default_rng(5).standard_normal((4, 8)).astype(np.float32)
    data.flags.writeable = False
    broadcast = np.broadcast_to(data[:1], (4, 8))          # read-only and not contiguous
    x, y = Tensor(data=data), Tensor(shape=(4, 8))

    @workload
    def read_only():
        square(x, y)

    program = read_only().compile()
    program.run()
    np.testing.assert_allclose(y.data, data * data)
    x.data = broadcast
    program.run()
    np.testing.assert_allclose(y.data, broadcast * broadcast)
    y.data.flags.writeable = False
    with pytest.raises(ExecutionError, match="is written by the program but its array is "
                                             "read-only") as caught:
        program.execute()
    assert caught.value.status == "PTOWSP_ERR_INVALID"


def test_an_array_replaced_with_another_dtype_or_shape_is_an_execution_error():
    traced, _, y = squares()
    program = traced.compile()
    y.data = y.data.astype(np.float64)
    with pytest.raises(ExecutionError, match=r"was compiled for a \(4, 4, 8\) float32 array, "
                                             r"it now holds a \(4, 4, 8\) float64 one"):
        program.execute()
    y.data = np.zeros((5, 4, 8), np.float32)
    with pytest.raises(ExecutionError, match=r"it now holds a \(5, 4, 8\) float32 one"):
        program.execute()


# -- run-time failures ----------------------------------------------------------------------------

def test_ragged_lengths_beyond_the_tensor_raise_out_of_bounds():
    data = np.ones((2, 3, 4, 8), np.float32)
    x, y = Tensor(data=data), Tensor(shape=data.shape)
    lengths = np.array([3, 4])
    batch = Dense[2]()

    @workload
    def ragged_squares():
        for b in P(batch):
            for j in P(Ragged(batch, lengths)):
                square[b, j](x[b, j], y[b, j])

    program = ragged_squares().compile()
    program.execute()
    with pytest.raises(ExecutionError) as caught:
        program.synchronize()
    assert caught.value.status == "PTOWSP_ERR_OUT_OF_BOUNDS"
    assert "kernel 'square'" in str(caught.value) and "out of bounds" in str(caught.value)
    with pytest.raises(PtoError, match="no completed run"):
        program.stats
    lengths[1] = 3                                    # the same program, valid data
    assert program.run().tasks == 6


def test_a_dynamic_axis_beyond_the_tensor_raises_out_of_bounds():
    data = np.ones((4, 4, 8), np.float32)
    x, y = Tensor(data=data), Tensor(shape=data.shape)
    n = DenseDyn(4)

    @workload
    def dynamic_squares():
        for i in P(n):
            square[i](x[i], y[i])

    program = dynamic_squares().compile()
    assert program.run().tasks == 4
    program.set_symbol(n, 5)
    with pytest.raises(ExecutionError, match=r"PTOWSP_ERR_OUT_OF_BOUNDS.*task 4, coords \(4\)"):
        program.run()


def test_a_slot_load_beyond_the_tensor_raises_out_of_bounds():
    data = np.ones((4, 4, 8), np.float32)
    x, y = Tensor(data=data), Tensor(shape=data.shape)
    counts = Tensor(data=np.array([1, 1, 1], np.int32))

    @workload
    def slotted():
        for i in P(Dense[4]()):
            with P.when(slot_load(counts, i) > 0):
                square[i](x[i], y[i])

    program = slotted().compile()
    with pytest.raises(ExecutionError, match=r"ptowsp_load_i64: index \[3\] is out of bounds") \
            as caught:
        program.run()
    assert caught.value.status == "PTOWSP_ERR_OUT_OF_BOUNDS"
