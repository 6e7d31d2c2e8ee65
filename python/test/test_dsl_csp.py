"""CSP pipelines in the DSL: channels, processes, send/consume, connect,
replicate and `with P.pipe()`: numerics, per-process statistics, trace-time
errors, and deadlocks (proven at compile time, detected at run time)."""

import numpy as np
import pytest

from pto_wsp import (Channel, ChannelError, CompileError, Dense, DType, In, Out, P, Scalar,
                     Symbol, Tensor, Tile, TraceError, connect, consume, for_each, kernel,
                     process, pto, replicate, send, workload)

import markers

F32 = DType.F32
TILES = 6


line_of, assert_at = markers.for_file(__file__)


@kernel
def scale(x: In[Tile[1, 8, F32]], y: Out[Tile[1, 8, F32]], s: Scalar[F32]):
    pto.store(y, pto.muls(x, s))


def _tensors(seed=0):
    data = np.random.default_rng(seed).standard_normal((TILES, 8)).astype(np.float32)
    return data, Tensor(data=data), Tensor(shape=(TILES, 8)), Tensor(shape=(TILES, 8))


def test_connected_pipeline_with_replicas_computes_and_reports_each_instance():
    data, x, staged, y = _tensors(1)
    tiles = Dense[TILES]()

    @workload
    def pipeline():
        l2c = Channel("l2c", depth=2)

        def load():
            for t in P.seq(tiles):
                send(l2c, scale[t](x[t], staged[t], 2.0))     # a task sends its axes

        def compute(instance):
            for t in consume(l2c):
                scale[t](staged[t], y[t], 3.0)

        loader = process("loader").produces(l2c).body(load)
        computer = replicate(process("computer").consumes(l2c).body(compute), 3)
        connect([loader, computer], [l2c])

    traced = pipeline()
    text = traced.mlir()
    assert 'csp.channel "l2c" capacity 2 : !csp.channel<index>' in text
    assert 'csp.process "computer" consumes(%l2c : !csp.channel<index>) replicas(3)' in text
    program = traced.compile()
    stats = program.run(channel_latency=100)
    np.testing.assert_allclose(y.data, 6 * data, rtol=1e-6)
    assert stats.tasks == 2 * TILES
    names = [p["name"] for p in stats.processes]
    assert names == ["loader[0]", "computer[0]", "computer[1]", "computer[2]"]
    assert sum(p["receives"] for p in stats.processes) == TILES
    assert sum(p["tasks"] for p in stats.processes[1:]) == TILES
    assert stats.processes[0]["sends"] == TILES
    (channel,) = stats.channels
    assert (channel["name"], channel["capacity"], channel["tokens"]) == ("l2c", 2, TILES)
    assert stats.processes[0]["end_cycle"] > 0      # the channel latency is simulated
    assert program.run(channel_latency=0).processes[0]["end_cycle"] < \
        stats.processes[0]["end_cycle"]


def test_p_pipe_connects_the_processes_of_its_block():
    data, x, staged, y = _tensors(2)
    tiles = Dense[TILES]()

    @workload
    def piped():
        first, second = Channel("first", depth=0), Channel("second")
        with P.pipe():
            process("producer").produces(first).body(
                lambda: for_each(tiles, lambda t: send(first, t, t * 2)))
            replicate(process("middle").consumes(first).produces(second).body(
                lambda: consume(first, lambda t, doubled: send(
                    second, scale[t](x[t], staged[t], 2.0)))), 2)
            process("sink").consumes(second).body(
                lambda: consume(second, lambda t: scale[t](staged[t], y[t], 0.5)))

    traced = piped()
    text = traced.mlir()
    assert text.count("csp.pipeline") == 1
    assert 'csp.channel "first" capacity 0 : !csp.channel<index, index>' in text
    stats = traced.compile().run()
    np.testing.assert_allclose(y.data, data, rtol=1e-6)
    assert [p["name"] for p in stats.processes] == ["producer[0]", "middle[0]", "middle[1]",
                                                    "sink[0]"]
    assert {c["name"]: c["tokens"] for c in stats.channels} == {"first": TILES,
                                                                "second": TILES}


def test_csp_trace_errors_point_at_the_users_line():
    tiles = Dense[TILES]()

    def arity_mismatch():
        ch = Channel("c")
        producer = process("p").produces(ch).body(lambda: for_each(tiles, lambda t: (
            send(ch, t), send(ch, t, t))))  # send-arity
        consumer = process("q").consumes(ch).body(lambda: consume(ch, lambda t: None))
        connect([producer, consumer])

    def not_produced():
        ch, other = Channel("c"), Channel("other")
        producer = process("p").produces(ch).body(
            lambda: send(other, 0))  # send-undeclared
        consumer = process("q").consumes(ch).body(lambda: consume(ch, lambda t: None))
        connect([producer, consumer])

    def not_consumed():
        ch = Channel("c", payload=1)
        producer = process("p").produces(ch).body(lambda: send(ch, 0))
        consumer = process("q").body(lambda: consume(ch, lambda t: None))  # consume-undeclared
        connect([producer, consumer])

    for body, marker, message in [
            (arity_mismatch, "send-arity", "channel 'c' carries 1 values, this send has 2"),
            (not_produced, "send-undeclared", "send on channel 'other': the enclosing process "
                                              r"must list it in produces\(...\)"),
            (not_consumed, "consume-undeclared", "consume of channel 'c': the enclosing "
                                                 r"process must list it in consumes\(...\)")]:
        with pytest.raises(TraceError, match=message) as caught:
            workload(body)()
        assert_at(caught.value, marker)

    def consume_arity():
        ch = Channel("c")
        producer = process("p").produces(ch).body(lambda: send(ch, 0))
        consumer = process("q").consumes(ch).body(
            lambda: consume(ch, lambda t, u: None))  # consume-arity
        connect([producer, consumer])

    with pytest.raises(TraceError, match=r"consume of channel 'c' passes 1 value to a function "
                                         r"with parameters \(t, u\)") as caught:
        workload(consume_arity)()
    assert_at(caught.value, "consume-arity")

    def no_body():
        connect([process("idle")])

    def empty_pipe():
        with P.pipe():
            pass

    def two_parameters():
        connect([process("busy").body(lambda instance, extra: None)])

    for body, message in [(no_body, "process 'idle' has no body"),
                          (two_parameters, r"process 'busy' passes 1 value to a function "
                                           r"with parameters \(instance, extra\)"),
                          (empty_pipe, "no process was created in the block")]:
        with pytest.raises(TraceError, match=message):
            workload(body)()
    # Outside a workload, connect() builds a pipeline statement (compiled later,
    # python/test/test_v9_combinators.py).
    assert not connect([process("p").body(lambda: None)]).emitted
    with pytest.raises(ValueError, match="non-negative int"):
        Channel("c", depth=-1)
    with pytest.raises(ValueError, match="positive count"):
        replicate(process("p"), 0)


def _feedback(payload=1):
    """A loader that, when `drain` is nonzero, waits for a channel that closes
    only after the loader itself has ended (test/Target/CpuSim/csp/deadlock.mlir)."""
    drain = Symbol("drain", DType.I64, 1)

    @workload
    def feedback():
        tiles, credits = Channel("tiles", 2), Channel("credits", 8, payload=payload)

        def loader():
            for r in P.seq(Dense[4]()):
                send(tiles, r)
            with P.when(drain != 0):
                for c in consume(credits):
                    pass

        def worker():
            for r in consume(tiles):
                send(credits, r)

        connect([process("loader").consumes(credits).produces(tiles).body(loader),
                 process("worker").consumes(tiles).produces(credits).body(worker)])
    return feedback()


def test_a_run_time_deadlock_raises_channel_error_from_synchronize():
    program = _feedback().compile()
    program.execute()
    with pytest.raises(ChannelError) as caught:
        program.synchronize()
    message = str(caught.value)
    assert caught.value.status == "PTOWSP_ERR_DEADLOCK"
    assert "process 'loader[0]' blocks in receive on empty channel 'credits'" in message
    assert "process 'worker[0]' blocks in receive on empty channel 'tiles'" in message
    program.set_symbol("drain", 0)                   # the same program then completes
    stats = program.run()
    assert {c["name"]: c["tokens"] for c in stats.channels} == {"tiles": 4, "credits": 4}


def test_a_provable_deadlock_is_a_compile_error_naming_the_users_lines():
    @workload
    def cycle():
        tiles, credits = Channel("tiles", 2), Channel("credits", 8, payload=1)

        def loader():
            for r in P.seq(Dense[4]()):
                send(tiles, r)
            for c in consume(credits):  # loader-waits
                pass

        def worker():
            for r in consume(tiles):  # worker-waits
                send(credits, r)

        connect([process("loader").consumes(credits).produces(tiles).body(loader),
                 process("worker").consumes(tiles).produces(credits).body(worker)])

    traced = cycle()
    with pytest.raises(CompileError, match="processes 'loader' and 'worker' never end") \
            as caught:
        traced.compile()
    message = str(caught.value)
    assert f"{__file__}:{line_of('loader-waits')}:" in message
    assert f"{__file__}:{line_of('worker-waits')}:" in message


def test_a_channel_consumed_before_its_payload_is_known_needs_its_arity():
    with pytest.raises(TraceError, match=r"give its payload arity, Channel\(..., payload=n\)"):
        _feedback(payload=None)
