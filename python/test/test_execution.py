"""Running compiled cpu_sim graphs from Python (_pto_wsp.CompiledGraph): the
test programs of pto-wsp-run, bound to NumPy arrays used in place, checked
against NumPy and through the statistics; runtime failures raise
ExecutionFailure with the runtime's status."""

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from pto_wsp import _pto_wsp

ROOT = Path(__file__).resolve().parents[2]
WORKLOADS = ROOT / "test" / "Target" / "CpuSim" / "workloads"
CSP = ROOT / "test" / "Target" / "CpuSim" / "csp"


def translate(path):
    return _pto_wsp.translate_cpu_sim_text(path.read_text(), str(path))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    # Schedules with a trace knob write their files to the working directory.
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def softmax(cache_dir):
    cpp = translate(ROOT / "examples" / "workloads" / "softmax.mlir")
    return _pto_wsp.CompiledGraph(cpp, "softmax", str(cache_dir))


@pytest.fixture(scope="module")
def symbol_source():
    return translate(WORKLOADS / "symbol.mlir")


@pytest.fixture(scope="module")
def scaled(symbol_source, cache_dir):
    return _pto_wsp.CompiledGraph(symbol_source, "scaled", str(cache_dir))


@pytest.fixture(scope="module")
def pipeline(cache_dir):
    return _pto_wsp.CompiledGraph(translate(CSP / "pipeline.mlir"), "depth2",
                                  str(cache_dir))


@pytest.fixture(scope="module")
def feedback(cache_dir):
    return _pto_wsp.CompiledGraph(translate(CSP / "deadlock.mlir"), "feedback",
                                  str(cache_dir))


def softmax_arguments(seed=1):
    x = (3 * np.random.default_rng(seed).standard_normal((4, 128, 512))).astype(np.float32)
    y = np.zeros_like(x)
    m = np.full((4, 128, 1), -np.inf, np.float32)
    l = np.zeros((4, 128, 1), np.float32)
    return x, y, m, l


def test_softmax_matches_numpy_and_reports_statistics(softmax, tmp_path):
    assert softmax.name == "softmax"
    assert not softmax.cache_hit
    assert Path(softmax.library_path).is_file()

    x, y, m, l = softmax_arguments()
    stats = softmax.run([x, y, m, l])
    x64 = x.astype(np.float64)
    ref_m = x64.max(-1, keepdims=True)
    ref_l = np.exp(x64 - ref_m).sum(-1, keepdims=True)
    np.testing.assert_allclose(y, np.exp(x64 - ref_m) / ref_l, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(m, ref_m, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(l, ref_l, rtol=1e-5, atol=1e-7)

    # 4 batches x 8 row tiles x (8 + 8 + 8) tasks over the vocab tiles.
    assert stats["tasks"] == 4 * 8 * 24
    assert stats["dependency_edges"] > 0
    assert stats["total_cycles"] > 0
    assert 0 < stats["utilization"] <= 1
    assert (stats["cube_cores"], stats["vector_cores"]) == (24, 48)
    assert len(stats["core_busy_cycles"]) == stats["cube_cores"] + stats["vector_cores"]
    assert sum(stats["core_busy_cycles"]) > 0
    reasons = {"TASK_RING_FULL", "SLOT_WAIT", "BARRIER", "HEAD_OF_LINE",
               "CHANNEL_EMPTY_WAIT", "CHANNEL_FULL_WAIT"}
    assert set(stats["stalls"]) == reasons and set(stats["stall_cycles"]) == reasons
    assert 0 < stats["window_high_water"] <= 256  # the schedule's window
    assert stats["wall_seconds"] > 0
    assert stats["processes"] == [] and stats["channels"] == []
    # The schedule asks for a timeline trace; without trace_path it goes to
    # the working directory.
    assert (tmp_path / "ptowsp_trace.json").is_file()

    # The simulated result is deterministic; so are the numerics.
    again = softmax_arguments()
    second = softmax.run(list(again), host_threads=2)
    assert second["total_cycles"] == stats["total_cycles"]
    assert second["core_busy_cycles"] == stats["core_busy_cycles"]
    np.testing.assert_array_equal(again[1], y)


def test_same_source_hits_the_cache(symbol_source, scaled, cache_dir):
    assert not scaled.cache_hit
    again = _pto_wsp.CompiledGraph(symbol_source, "scaled", str(cache_dir))
    assert again.cache_hit
    assert again.library_path == scaled.library_path


def test_symbols_change_results_without_recompiling(scaled):
    x = np.random.default_rng(8).standard_normal((8, 16, 64)).astype(np.float32)
    a = np.zeros_like(x)
    stats = scaled.run([x, a], {"tiles": 3, "scale": 2.5})
    assert stats["tasks"] == 3
    expected = np.zeros_like(x)
    expected[:3] = x[:3] * np.float32(2.5)
    np.testing.assert_array_equal(a, expected)

    b = np.zeros_like(x)
    stats = scaled.run([x, b], symbols={"scale": -0.75, "tiles": 8})
    assert stats["tasks"] == 8
    np.testing.assert_array_equal(b, x * np.float32(-0.75))

    # An int for the f32 symbol and a NumPy integer for the index one.
    c = np.zeros_like(x)
    scaled.run([x, c], {"tiles": np.int64(2), "scale": 2})
    np.testing.assert_array_equal(c[:2], x[:2] * 2)
    assert not c[2:].any()


def test_scalar_argument_and_dynamic_shape(cache_dir):
    graph = _pto_wsp.CompiledGraph(translate(WORKLOADS / "dynamic-axis.mlir"), "dyn",
                                   str(cache_dir))
    x = np.random.default_rng(7).standard_normal((8, 16, 64)).astype(np.float32)
    y = np.full_like(x, -1)
    assert graph.run([x, y, 3])["tasks"] == 3
    expected = np.full_like(x, -1)
    expected[:3] = 2 * x[:3]
    np.testing.assert_array_equal(y, expected)

    # The dynamic dimension comes from the arrays.
    x4, y4 = x[:4].copy(), np.zeros((4, 16, 64), np.float32)
    assert graph.run([x4, y4, 4])["tasks"] == 4
    np.testing.assert_array_equal(y4, 2 * x4)

    stats = graph.run([x, y, 0])
    assert stats["tasks"] == 0 and stats["total_cycles"] == 0

    with pytest.raises(_pto_wsp.ExecutionFailure) as failure:
        graph.run([x4, y4, 5])
    assert failure.value.args[0] == "PTOWSP_ERR_OUT_OF_BOUNDS"
    assert "workload 'dyn' failed" in failure.value.args[1]


def test_out_of_bounds_raises_execution_failure(cache_dir):
    graph = _pto_wsp.CompiledGraph(translate(WORKLOADS / "error-out-of-bounds.mlir"),
                                   "shifted", str(cache_dir))
    x = np.arange(8 * 16 * 64, dtype=np.float32).reshape(8, 16, 64)
    y = np.zeros_like(x)
    with pytest.raises(_pto_wsp.ExecutionFailure) as failure:
        graph.run([x, y], {"first": 6})
    status, message = failure.value.args
    assert status == "PTOWSP_ERR_OUT_OF_BOUNDS"
    assert message.startswith("workload 'shifted' failed (PTOWSP_ERR_OUT_OF_BOUNDS): ")
    assert "kernel 'twice'" in message
    assert "out of bounds of its shape [8, 16, 64]" in message
    assert str(failure.value) == message

    # The graph stays usable: an in-bounds value of the symbol runs.
    y = np.zeros_like(x)
    assert graph.run([x, y], {"first": 5})["tasks"] == 3
    expected = np.zeros_like(x)
    expected[5:] = 2 * x[5:]
    np.testing.assert_array_equal(y, expected)


def test_csp_deadlock_raises_execution_failure(feedback):
    stats = feedback.run([0])
    assert [c["name"] for c in stats["channels"]] == ["tiles", "credits"]
    assert [c["tokens"] for c in stats["channels"]] == [4, 4]

    with pytest.raises(_pto_wsp.ExecutionFailure) as failure:
        feedback.run([1])
    status, message = failure.value.args
    assert status == "PTOWSP_ERR_DEADLOCK"
    assert "workload 'feedback' failed" in message
    assert "'loader[0]' blocks in receive on empty channel 'credits'" in message
    assert "'worker[0]' blocks in receive on empty channel 'tiles'" in message


def test_channel_latency_is_a_run_option(feedback):
    # The hand-derived CSPT times of deadlock.mlir for a latency of 100.
    stats = feedback.run([0], channel_latency=100)
    processes = {p["name"]: p for p in stats["processes"]}
    assert processes["loader[0]"]["end_cycle"] == 100
    assert processes["loader[0]"]["channel_wait_cycles"] == 100
    assert processes["worker[0]"]["end_cycle"] == 200
    assert processes["worker[0]"]["channel_wait_cycles"] == 200
    # -1 keeps the default (0 cycles).
    default = feedback.run([0], channel_latency=-1)
    assert max(p["end_cycle"] for p in default["processes"]) == 0


def pipeline_arguments(seed=0):
    x = np.random.default_rng(seed).standard_normal((8, 16, 128)).astype(np.float32)
    return [x] + [np.zeros_like(x) for _ in range(3)]


def test_csp_pipeline_numerics_and_process_statistics(pipeline):
    args = pipeline_arguments()
    stats = pipeline.run(args, host_threads=1)
    np.testing.assert_allclose(args[3], args[0].astype(np.float64) ** 2, rtol=1e-6, atol=1e-6)
    assert stats["tasks"] == 24
    assert [(p["name"], p["tasks"], p["sends"], p["receives"]) for p in stats["processes"]] == [
        ("loader[0]", 8, 8, 0), ("computer[0]", 8, 8, 8), ("storer[0]", 8, 0, 8)]
    for process in stats["processes"]:
        assert set(process) == {"name", "tasks", "sends", "receives", "end_cycle",
                                "channel_wait_cycles"}
    assert [(c["name"], c["capacity"], c["tokens"]) for c in stats["channels"]] == [
        ("l2c", 2, 8), ("c2s", 2, 8)]
    for channel in stats["channels"]:
        assert set(channel) == {"name", "capacity", "tokens", "high_water",
                                "empty_wait_cycles", "full_wait_cycles"}
        assert 0 <= channel["high_water"] <= channel["capacity"]

    # Simulated time does not depend on the host threads; latency adds to it.
    two = pipeline.run(pipeline_arguments(), host_threads=2)
    assert two["total_cycles"] == stats["total_cycles"]
    slow = pipeline.run(pipeline_arguments(), channel_latency=500)
    assert slow["total_cycles"] > stats["total_cycles"]


def test_run_from_another_thread(pipeline):
    # The GIL is released while the graph runs; runs in threads work.
    results = {}

    def run(seed):
        args = pipeline_arguments(seed)
        pipeline.run(args)
        results[seed] = np.allclose(args[3], args[0].astype(np.float64) ** 2, rtol=1e-6)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {0: True, 1: True}


def test_trace_and_graph_files(scaled, tmp_path):
    x = np.ones((8, 16, 64), np.float32)
    y = np.zeros_like(x)
    trace, dot = tmp_path / "trace.json", tmp_path / "graph.dot"
    scaled.run([x, y], {"tiles": 2, "scale": 1.0}, trace_path=str(trace),
               graph_path=str(dot))
    events = json.loads(trace.read_text())
    assert events
    assert dot.read_text().lstrip().startswith("digraph")


def test_bad_arrays_raise_value_error(scaled):
    x = np.zeros((8, 16, 64), np.float32)
    y = np.zeros_like(x)
    symbols = {"tiles": 1, "scale": 1.0}
    with pytest.raises(ValueError, match="argument 0: the array must be C-contiguous"):
        scaled.run([np.zeros((8, 16, 128), np.float32)[:, :, ::2], y], symbols)
    with pytest.raises(ValueError, match="argument 1: the array must be C-contiguous"):
        scaled.run([x, np.asfortranarray(y)], symbols)
    with pytest.raises(ValueError, match="rank 9 exceeds the maximum of 8"):
        scaled.run([np.zeros((1,) * 9, np.float32), y], symbols)
    read_only = x.copy()
    read_only.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        scaled.run([read_only, y], symbols)
    with pytest.raises(ValueError, match="unsupported dtype"):
        scaled.run([x, np.zeros((8, 16, 64), object)], symbols)
    with pytest.raises(ValueError, match="unsupported dtype"):
        scaled.run([x.astype(">f4"), y], symbols)
    with pytest.raises(TypeError, match="argument 1: expected a NumPy array"):
        scaled.run([x, "y"], symbols)
    with pytest.raises(TypeError, match="symbol 'scale'"):
        scaled.run([x, y], {"tiles": 1, "scale": "big"})
    with pytest.raises(ValueError, match="int64 range"):
        scaled.run([x, y], {"tiles": 2**70, "scale": 1.0})


def test_bad_options_raise_value_error(scaled):
    x = np.zeros((8, 16, 64), np.float32)
    args, symbols = [x, np.zeros_like(x)], {"tiles": 1, "scale": 1.0}
    with pytest.raises(ValueError, match="host_threads"):
        scaled.run(args, symbols, host_threads=-1)
    with pytest.raises(ValueError, match="channel_latency"):
        scaled.run(args, symbols, channel_latency=-2)
    with pytest.raises(ValueError, match="nope"):
        scaled.run(args, symbols, arch="nope")


def test_compile_and_load_errors(symbol_source, cache_dir):
    with pytest.raises(_pto_wsp.CompileFailure, match="compiling the generated C"):
        _pto_wsp.CompiledGraph("this is not C++", "x", str(cache_dir))
    with pytest.raises(ValueError, match="ptowsp_graph_missing"):
        _pto_wsp.CompiledGraph(symbol_source, "missing", str(cache_dir))
