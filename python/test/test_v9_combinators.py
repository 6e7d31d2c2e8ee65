"""The v9 programs as written (issue 15): the examples of sections 3-11 of the
v9 feature catalog (seed 004) ported, each run on cpu_sim and checked against
NumPy; the functional combinators used outside a @workload (a deferred
statement replayed through the tracer), compared with the traced style; and
the clear errors for what v9 had and this project does not provide."""

import numpy as np
import pytest

from pto_wsp.errors import PtoTypeError, PtoValueError
from pto_wsp import (Channel, CompileError, Constexpr, Deps, Dense, DenseDyn, DispatchPolicy,
                     DType, In, InOut, Out, P, Pools, PtoError, ReadyPolicy, Scalar,
                     Sparse, StartPolicy, Symbol, TaskWindow, Tensor, Tile, TimingPolicy,
                     TraceError, TracePolicy, UnsupportedError, WindowMode, combine, cond,
                     connect, consume, for_each, jit_kernel, kernel, parallel_for, process,
                     ptoisa_kernel, pto, replicate, select, send, sequential, slot_load,
                     slot_load_u64, slot_set_u64, slot_u64, task, workload)

import markers
from row_kernels import decay_add, decayed_sum, scale

F16, F32, I32 = DType.F16, DType.F32, DType.I32

line_of, assert_at = markers.for_file(__file__)


def randn(*shape, seed=0, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@kernel
def copy(src: In[Tile[8, 8, F32]], dst: Out[Tile[8, 8, F32]]):
    pto.store(dst, src)


@kernel
def square(src: In[Tile[8, 8, F32]], dst: Out[Tile[8, 8, F32]]):
    pto.store(dst, pto.mul(src, src))


# -- section 3: @workload with axis arguments ---------------------------------------

@kernel
def attention(q: In[Tile[8, 8, F32]], k: In[Tile[8, 8, F32]], v: In[Tile[8, 8, F32]],
              o: Out[Tile[8, 8, F32]]):
    s = pto.muls(pto.matmul(q, pto.transpose(k)), 1.0 / np.sqrt(8.0))
    p = pto.exp(pto.sub(s, pto.rowmax(s)))
    pto.store(o, pto.matmul(pto.div(p, pto.rowsum(p)), v))


def attention_reference(q, k, v):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(8.0)
    p = np.exp(s - s.max(-1, keepdims=True))
    return (p / p.sum(-1, keepdims=True)) @ v


def test_s3_workload_with_axis_arguments():
    q, k, v = (randn(4, 8, 8, 8, seed=s) for s in range(3))
    Q, K, V, O = Tensor(data=q), Tensor(data=k), Tensor(data=v), Tensor(shape=q.shape)

    @workload
    def multi_head_attention(batch, heads):
        for b, h in P(batch, heads):
            attention[b, h](Q[b][h], K[b][h], V[b][h], O[b][h])

    batch = DenseDyn(4)
    w = multi_head_attention(batch, Dense[8]())
    program = w.compile()
    assert program.run().tasks == 32
    np.testing.assert_allclose(O.data, attention_reference(q, k, v), rtol=1e-4, atol=1e-5)
    O.data[...] = 0
    program.set_symbol(batch, 2)           # the dynamic batch, no recompile
    assert program.run().tasks == 16
    np.testing.assert_allclose(O.data[:2], attention_reference(q, k, v)[:2], rtol=1e-4,
                               atol=1e-5)
    assert not O.data[2:].any()


def test_s3_a_kernel_without_annotations_is_rejected():
    with pytest.raises(PtoTypeError, match="parameter 'Q' needs an annotation"):
        @kernel
        def attention(Q, K, V, O):
            pass


# -- section 4: @kernel with In[Tensor], Constexpr and axis binding ---------------------

@kernel
def matmul(A: In[Tensor], B: In[Tensor], C: Out[Tensor], alpha: Constexpr[float]):
    pto.store(C, pto.muls(pto.matmul(A, B), alpha))


def test_s4_kernel_axis_binding_keywords_and_constexpr():
    a, b_ = randn(2, 3, 16, 8, seed=1), randn(2, 3, 8, 16, seed=2)
    A, B = Tensor(data=a), Tensor(data=b_)
    traced_out, value_out = Tensor(shape=(2, 3, 16, 16)), Tensor(shape=(2, 3, 16, 16))
    batch, heads = Dense[2](), Dense[3]()

    @workload
    def traced():
        for b, h in P(batch, heads):
            bound = matmul[b, h]
            bound(A=A[b][h], B=B[b][h], C=traced_out[b][h], alpha=1.0)

    # The same calls as values, outside a workload.
    as_values = parallel_for(batch, lambda b: parallel_for(
        heads, lambda h: matmul[b, h](A=A[b][h], B=B[b][h], C=value_out[b][h], alpha=0.5)))
    traced().compile().run()
    as_values.compile().run()
    np.testing.assert_allclose(traced_out.data, a @ b_, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(value_out.data, 0.5 * (a @ b_), rtol=1e-5, atol=1e-5)


# -- section 5: the P namespace -----------------------------------------------------------

INDPTR, INDICES = [0, 2, 2, 5], [1, 3, 0, 2, 3]


def test_s5_p_namespace():
    x = randn(4, 8, seed=3)
    X = Tensor(data=x)
    out = {name: Tensor(shape=(4, 8)) for name in ("heads", "scan", "experts", "tiered", "piped")}
    staged = Tensor(shape=(4, 8))
    batch, heads, seq = Dense[2](), Dense[2](), Dense[4]()
    tokens = Dense[3]()
    expert_mask = Sparse(tokens, INDPTR, INDICES)
    seq_len, threshold = Symbol("seq_len", DType.I64, 4096), 2048

    @workload
    def p_namespace():
        for b, h in P(batch, heads):                       # parallel
            scale[b, h](X[b * 2 + h], out["heads"][b * 2 + h], 2.0)
        for i in P.seq(seq):                               # sequential i -> i+1
            decay_add[i](out["scan"][0], X[i])
        for r in P(tokens):
            for e in P.sel(expert_mask):                   # sparse selection
                decay_add[r, e](out["experts"][r], X[e])
        with P.when(seq_len > threshold):                  # tiered kernels
            scale(X[0], out["tiered"][0], 8.0)
        with P.otherwise():
            scale(X[0], out["tiered"][0], 1.0)
        ch = Channel("ch", depth=2)
        with P.pipe():                                     # a CSP pipeline
            process("load").produces(ch).body(
                lambda: for_each(seq, lambda t: send(ch, scale[t](X[t], staged[t], 3.0))))
            process("use").consumes(ch).body(
                lambda: consume(ch, lambda t: scale[t](staged[t], out["piped"][t], 2.0)))

    program = p_namespace().compile()
    program.run()
    np.testing.assert_allclose(out["heads"].data, 2 * x, rtol=1e-6)
    np.testing.assert_allclose(out["scan"].data[0], decayed_sum(x), rtol=1e-6)
    experts = [decayed_sum(x[INDICES[INDPTR[r]:INDPTR[r + 1]]]) if INDPTR[r + 1] > INDPTR[r]
               else np.zeros(8) for r in range(3)]
    np.testing.assert_allclose(out["experts"].data[:3], experts, rtol=1e-6)
    np.testing.assert_allclose(out["tiered"].data[0], 8 * x[0], rtol=1e-6)
    np.testing.assert_allclose(out["piped"].data, 6 * x, rtol=1e-6)
    program.set_symbol("seq_len", 512)
    program.run()
    np.testing.assert_allclose(out["tiered"].data[0], x[0], rtol=1e-6)


# -- sections 6 and 7: the JIT kernel API (jit_kernel is kernel) ---------------------------

def _rmsnorm(x: In[Tile[32, 128, F16]], out: Out[Tile[32, 128, F16]]):
    sq = pto.mul(x, x)
    mean = pto.rowmean(sq)
    rsqrt_val = pto.rsqrt(mean)
    pto.store(out, pto.mul(x, rsqrt_val))


@pytest.mark.parametrize("decorator", [kernel, jit_kernel], ids=["kernel", "jit_kernel"])
def test_s6_s7_rmsnorm_f16(decorator):
    rmsnorm_kernel = decorator(_rmsnorm)
    x = (randn(2, 32, 128, seed=4) + 0.5).astype(np.float16)
    X, Y = Tensor(data=x), Tensor(shape=x.shape, dtype=F16)
    parallel_for(Dense[2](), lambda t: rmsnorm_kernel[t](X[t], Y[t])).compile().run()
    xf = x.astype(np.float32)
    expected = xf / np.sqrt((xf * xf).mean(-1, keepdims=True))
    np.testing.assert_allclose(Y.data.astype(np.float32), expected, rtol=2e-2, atol=2e-2)


def test_s6_path_a_kernels_are_unsupported():
    for option in ("cpp_src", "cpp_includes", "cpp_body_path", "cpp_tu_path"):
        with pytest.raises(UnsupportedError, match=f"@kernel\\({option}=...\\): kernels with "
                                                   "hand-written C\\+\\+ bodies"):
            kernel(**{option: "x"})
    with pytest.raises(NotImplementedError, match="@ptoisa_kernel .* is not supported"):
        @ptoisa_kernel
        def topk(x):
            pass
    with pytest.raises(UnsupportedError, match="kernels are not compiled in isolation"):
        square.compile()
    with pytest.raises(PtoTypeError, match="no option 'cpp_sources'"):
        kernel(cpp_sources="x")


# -- section 8: schedule combinators --------------------------------------------------------

def _square_all(x, y):
    return parallel_for(Dense[4](), lambda b: square[b](x[b], y[b]))


def test_s8_schedule_methods_on_a_workload_built_outside_a_workload():
    x = randn(4, 8, 8, seed=5)
    X = Tensor(data=x)
    results = []
    for schedule in (
            lambda w: w.dispatch(DispatchPolicy.round_robin(4))
                       .task_graph(window=TaskWindow(8192, "tasks", WindowMode.STALL)),
            lambda w: w.dispatch(DispatchPolicy.round_robin(2)).streams(2)
                       .stream_by(lambda t: t.get("b") % 2),
            lambda w: w.timing(TimingPolicy.immediate())):
        Y = Tensor(shape=x.shape)
        program = schedule(_square_all(X, Y)).compile(target="cpu_sim")
        program.execute()
        program.synchronize()
        assert program.stats.tasks == 4
        np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)
        results.append(program.stats.total_cycles)
    assert all(cycles > 0 for cycles in results)
    with pytest.raises(UnsupportedError, match="spatial_map\\(\\) is not supported"):
        _square_all(X, Tensor(shape=x.shape)).spatial_map((4, 4))


def test_s8_tensor_driven_predicates():
    """v9's slot_load_u64/slot_u64 predicates as slot_load values in cond(...),
    and cond(pred, task, task) with tasks as values."""
    x = randn(4, 1, 8, seed=6)
    flags = np.array([[1], [0], [3], [0]], dtype=np.int32)
    X, Flag, Y, Z = (Tensor(data=x), Tensor(data=flags), Tensor(shape=x.shape),
                     Tensor(shape=(1, 8)))
    mode = Symbol("mode", DType.I64, 1)
    routed = combine(
        parallel_for(Dense[4](), lambda b: cond(
            slot_load(Flag, b) > 0,
            task(scale, [b], {"x": X[b][0], "y": Y[b][0], "s": 2.0}),
            task(scale, [b], {"x": X[b][0], "y": Y[b][0], "s": -1.0}))),
        cond(mode > 0,                                    # a Symbol predicate at the root
             task(scale, [], [X[0][0], Z[0], 10.0]),
             task(scale, [], [X[0][0], Z[0], 20.0])))
    program = routed.compile()
    program.run()
    np.testing.assert_allclose(Y.data, x * np.where(flags > 0, 2.0, -1.0)[:, :, None],
                               rtol=1e-6)
    np.testing.assert_allclose(Z.data[0], 10 * x[0, 0], rtol=1e-6)
    program.set_symbol("mode", 0)
    program.run()
    np.testing.assert_allclose(Z.data[0], 20 * x[0, 0], rtol=1e-6)


def test_s8_numbered_u64_slots_select_a_tier():
    """v9's slot_load_u64 / slot_u64 (the lightning-indexer routing): per
    (b, s), load the effective length into slot 0 and pick a tier with an
    if / else-if chain on slot_u64(0)."""
    eff = np.array([[16384, 131072, 131072, 512], [16384, 4096, 4096, 4096]],
                   dtype=np.int32).reshape(2, 4, 1, 1)
    x = randn(2, 4, 1, 8, seed=18)
    EffSeq, X, Y = Tensor(data=eff), Tensor(data=x), Tensor(shape=x.shape)

    def tiered(b, s):
        def tier(factor):
            return task(scale, [b, s], {"x": X[b][s], "y": Y[b][s], "s": factor})
        return combine(
            slot_load_u64(0, EffSeq[b][s]),
            cond(slot_u64(0) <= 2048, tier(1.0),
                 lambda: cond(slot_u64(0) <= 8192, tier(2.0),
                              lambda: cond(slot_u64(0) <= 65536, tier(3.0), tier(4.0)))))

    routing = parallel_for(Dense[2](), lambda b: parallel_for(Dense[4](), lambda s: tiered(b, s)))
    stats = routing.dispatch(DispatchPolicy.affinity(lambda t: t.get("b"))).compile().run()
    assert stats.tasks == 8
    factor = np.select([eff <= 2048, eff <= 8192, eff <= 65536], [1.0, 2.0, 3.0], 4.0)
    np.testing.assert_allclose(Y.data, x * factor, rtol=1e-6)
    # slot_set_u64 at the root, read in a loop body; a slot read before it is
    # set, or outside the block that set it, is an error.
    Z = Tensor(shape=x.shape)
    ok = combine(slot_set_u64(1, 3), parallel_for(Dense[2](), lambda b: cond(
        slot_u64(1) > 2, task(scale, [b], [X[b][0], Z[b][0], 5.0]))))
    ok.compile().run()
    np.testing.assert_allclose(Z.data[:, 0], 5 * x[:, 0], rtol=1e-6)
    with pytest.raises(TraceError, match="no slot_load_u64/slot_set_u64 of slot 2"):
        cond(slot_u64(2) > 0, task(scale, [], [X[0][0], Z[0][0], 1.0])).compile()
    with pytest.raises(TraceError, match="read outside the block of the statement that set it"):
        combine(parallel_for(Dense[2](), lambda b: slot_load_u64(3, EffSeq[b][0])),
                cond(slot_u64(3) > 0, task(scale, [], [X[0][0], Z[0][0], 1.0]))).compile()


# -- sections 9 and 10: the task graph and its configuration classes ------------------------

def test_s9_task_graph_basic_and_full_configuration():
    x = randn(4, 8, 8, seed=7)
    X = Tensor(data=x)
    for configure in (
            lambda w: w.dispatch(DispatchPolicy.round_robin(4)).task_graph(),
            # The catalog's full configuration, with a dispatch that assigns
            # schedulers (the catalog's work_steal() dispatch: below).
            lambda w: w.dispatch(DispatchPolicy.round_robin(4)).task_graph(
                deps=Deps.infer_tensor_map_exact(),
                window=TaskWindow(8192, "tasks", WindowMode.STALL),
                pools=Pools.by_exec_unit(),
                ready=ReadyPolicy.work_steal(),
                start=StartPolicy.threshold(100),
                trace=TracePolicy.cycles()),
            lambda w: w.dispatch(DispatchPolicy.work_steal()).task_graph(
                deps=Deps.infer_tensor_map_exact(), pools=Pools.by_exec_unit(),
                start=StartPolicy.threshold(100), trace=TracePolicy.cycles())):
        Y = Tensor(shape=x.shape)
        stats = configure(_square_all(X, Y)).compile().run()
        assert stats.tasks == 4 and stats.total_cycles > 0
        np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)
    # v9 writes work_steal twice; here the dispatch already shares one queue.
    with pytest.raises(PtoValueError, match="DispatchPolicy.work_steal\\(\\) already shares "
                                            "one ready queue"):
        _square_all(X, Tensor(shape=x.shape)).dispatch(DispatchPolicy.work_steal()).task_graph(
            ready=ReadyPolicy.work_steal())


@pytest.mark.parametrize("option", [
    {"deps": Deps.infer_tensor_map_exact()}, {"deps": Deps.infer_bytes_overlap()},
    {"deps": Deps.explicit()}, {"deps": Deps.hybrid()},
    {"window": TaskWindow(2, "tasks", WindowMode.STALL)},
    {"window": TaskWindow(8192, "tasks", WindowMode.ABORT)},
    {"pools": Pools.single()}, {"pools": Pools.by_exec_unit()},
    {"ready": ReadyPolicy.fifo()}, {"ready": ReadyPolicy.work_steal()},
    {"ready": ReadyPolicy.priority(lambda t: t.get("i"))},
    {"start": StartPolicy.after_orchestration()}, {"start": StartPolicy.threshold(2)},
    {"trace": TracePolicy.none()}, {"trace": TracePolicy.cycles()}],
    ids=lambda option: next(iter(option)))
def test_s10_every_configuration_option_runs_the_sequential_scan(option):
    """A scan whose result depends on the order: each option keeps it."""
    x = randn(6, 8, seed=8)
    X, acc = Tensor(data=x), Tensor(shape=(1, 8))
    scan = for_each(Dense[6](), lambda i: decay_add[i](acc[0], X[i]))
    stats = scan.task_graph(**option).compile().run()
    assert stats.tasks == 6
    np.testing.assert_allclose(acc.data[0], decayed_sum(x), rtol=1e-6)


def test_s10_what_the_configuration_cannot_do_is_rejected():
    with pytest.raises(UnsupportedError, match="Pools.custom\\(fn\\) is not supported"):
        Pools.custom(lambda t: "vector")
    with pytest.raises(UnsupportedError, match="come from the architecture model"):
        TracePolicy.cycles(lambda t: 10)
    x = Tensor(shape=(4, 8, 8))
    with pytest.raises(CompileError, match="(?i)benchmark"):
        _square_all(x, Tensor(shape=(4, 8, 8))).task_graph(
            window=TaskWindow(16, "tasks", WindowMode.BENCHMARK)).compile()


# -- section 11: CSP built outside a workload --------------------------------------------------

def _square_pipeline(x, depth=2, traced=False):
    """The v9 csp_pipeline example (load -> square -> store); `traced`: the
    process bodies as functions, for use inside a @workload."""
    X, T0, T1, Y = (Tensor(data=x), Tensor(shape=x.shape), Tensor(shape=x.shape),
                    Tensor(shape=x.shape))
    body = (lambda make: make) if traced else (lambda make: make())
    tiles = Dense[x.shape[0]]()
    l2c, c2s = Channel("l2c", depth=depth), Channel("c2s", depth=depth)
    loader = process("loader").produces(l2c).body(body(lambda: for_each(
        tiles, lambda t: send(l2c, task(copy, [t], {"src": X[t], "dst": T0[t]})))))
    computer = process("computer").consumes(l2c).produces(c2s).body(body(lambda: consume(
        l2c, lambda t: send(c2s, task(square, [t], {"src": T0[t], "dst": T1[t]})))))
    storer = process("storer").consumes(c2s).body(body(lambda: consume(
        c2s, lambda t: task(copy, [t], {"src": T1[t], "dst": Y[t]}))))
    return connect([loader, computer, storer], [l2c, c2s]), Y


def test_s11_pipeline_built_outside_a_workload_compiles_and_runs():
    x = randn(8, 8, 8, seed=9)
    pipe, Y = _square_pipeline(x)
    program = (pipe.dispatch(DispatchPolicy.round_robin(4))
               .task_graph(window=TaskWindow(8192, "tasks", WindowMode.STALL))
               .compile(target="cpu_sim"))
    program.set_symbol("__pto_wsp_channel_latency_cycles", 0)
    program.execute()
    program.synchronize()
    np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)
    stats = program.stats
    assert stats.tasks == 24
    assert [p["name"] for p in stats.processes] == ["loader[0]", "computer[0]", "storer[0]"]
    assert {c["name"]: c["tokens"] for c in stats.channels} == {"l2c": 8, "c2s": 8}
    cycles0 = stats.total_cycles
    program.set_symbol_u64("__pto_wsp_channel_latency_cycles", 50)    # v9's name
    assert program.run().total_cycles > cycles0                     # no recompile
    with pytest.raises(ValueError, match="number of cycles >= 0"):
        program.set_symbol("__pto_wsp_channel_latency_cycles", -1)


def test_s11_the_same_pipeline_traced_gives_the_same_module():
    x = randn(4, 8, 8, seed=10)
    pipe, _ = _square_pipeline(x)

    @workload(name="pipeline")
    def traced():
        _square_pipeline(x, traced=True)

    # One tracer: the module of the deferred pipeline and of the pipeline
    # emitted inside a @workload are the same text.
    assert pipe.mlir() == traced().mlir()
    assert pipe.named("cspt_pipe").compile().run().tasks == 12


def test_s11_replicated_workers_and_a_rendezvous_channel():
    x = randn(8, 1, 8, seed=11)
    X, Y = Tensor(data=x), Tensor(shape=x.shape)
    ch = Channel("data", depth=2)
    event = Channel("sync", depth=0)          # rendezvous
    loader = process("loader").produces(ch).body(
        for_each(Dense[8](), lambda i: send(ch, i)))
    worker = process("worker").consumes(ch).produces(event).body(
        consume(ch, lambda t: send(event, scale[t](X[t][0], Y[t][0], 4.0))))
    waiter = process("waiter").consumes(event).body(consume(event, lambda t: None))
    workers = replicate(worker, 4)
    stats = connect([loader, workers, waiter], [ch, event]).compile().run()
    np.testing.assert_allclose(Y.data, 4 * x, rtol=1e-6)
    assert [p["name"] for p in stats.processes] == ["loader[0]"] + [
        f"worker[{i}]" for i in range(4)] + ["waiter[0]"]
    assert sum(p["tasks"] for p in stats.processes[1:5]) == 8
    assert {c["name"]: c["capacity"] for c in stats.channels} == {"data": 2, "sync": 0}


# -- the combinators outside a workload, against the traced style ---------------------------------

def _mixed(out, x, steps, rows, routed_axis):
    return [
        parallel_for(Dense[4](), lambda b: cond(
            b < 2,
            lambda: scale[b](x[b], out["branch"][b], 2.0),
            lambda: task(scale, [b], [x[b], out["branch"][b], 3.0]))),
        for_each(Dense[6](), lambda i: decay_add[i](out["acc"][0], steps[i])),
        parallel_for(rows, lambda r: select(
            routed_axis, lambda e: decay_add[r, e](out["routed"][r], steps[e]))),
    ]


def test_every_combinator_outside_a_workload_matches_the_traced_style():
    x_data, steps_data = randn(4, 8, seed=12), randn(6, 8, seed=13)
    results = {}
    for style in ("traced", "deferred"):
        x, steps = Tensor(data=x_data), Tensor(data=steps_data)
        out = {name: Tensor(shape=(4, 8)) for name in ("branch", "acc", "routed", "stages",
                                                        "single")}
        rows = Dense[3]()
        route = Sparse(rows, INDPTR, INDICES)
        stages = (lambda: scale(out["acc"][0], out["stages"][0], 2.0),
                  scale(out["stages"][0], out["stages"][1], 3.0) if style == "deferred"
                  else (lambda: scale(out["stages"][0], out["stages"][1], 3.0)))
        single = lambda: task(scale, [], {"x": x[0], "y": out["single"][0], "s": 0.5})  # noqa

        if style == "traced":
            @workload(name="mixed")
            def body():
                combine(*_mixed(out, x, steps, rows, route), sequential(*stages), single())
            traced = body()
        else:
            statement = combine(*_mixed(out, x, steps, rows, route), sequential(*stages), single())
            assert not statement.emitted and statement.kind == "combine"
            traced = statement.workload(name="mixed")
        stats = traced.compile().run()
        results[style] = (traced.mlir(), stats.tasks, {n: t.data for n, t in out.items()})
    (t_mlir, t_tasks, t_out), (d_mlir, d_tasks, d_out) = results["traced"], results["deferred"]
    assert t_mlir == d_mlir
    assert t_tasks == d_tasks == 4 + 6 + len(INDICES) + 2 + 1
    for name in t_out:
        np.testing.assert_array_equal(t_out[name], d_out[name], err_msg=name)
    acc = decayed_sum(steps_data)
    np.testing.assert_allclose(d_out["branch"], x_data * np.array([[2], [2], [3], [3]]))
    np.testing.assert_allclose(d_out["acc"][0], acc, rtol=1e-6)
    np.testing.assert_allclose(d_out["stages"][:2], [2 * acc, 6 * acc], rtol=1e-6)
    np.testing.assert_allclose(d_out["single"][0], 0.5 * x_data[0])


def test_kernel_calls_and_sends_as_values():
    x = randn(4, 8, 8, seed=14)
    X, T, Y = Tensor(data=x), Tensor(shape=x.shape), Tensor(shape=x.shape)
    one_task = square[2](X[2], Y[2])           # a task as a value: also a workload
    assert one_task.kind == "task" and one_task.compile().run().tasks == 1
    np.testing.assert_allclose(Y.data[2], x[2] ** 2, rtol=1e-6)
    ch = Channel("ch")
    loads = [task(copy, [t], [X[t], T[t]]) for t in range(4)]
    producer = process("p").produces(ch).body(combine(*[send(ch, load) for load in loads]))
    consumer = process("c").consumes(ch).body(consume(ch, lambda t: square[t](T[t], Y[t])))
    assert connect([producer, consumer]).compile().run().tasks == 8
    np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)


def test_statements_built_outside_are_used_inside_a_workload():
    x = randn(4, 8, 8, seed=15)
    X, T, Y = Tensor(data=x), Tensor(shape=x.shape), Tensor(shape=x.shape)
    copies = parallel_for(Dense[4](), lambda b: copy[b](X[b], T[b]))
    squares = parallel_for(Dense[4](), lambda b: square[b](T[b], Y[b]))

    @workload
    def uses():
        combine(copies, squares)              # emitted here, in order

    @workload
    def returns():                            # v9 style: the body returns its statement
        return sequential(copies, squares)

    for traced in (uses, returns):
        Y.data[...] = 0
        assert traced().compile().run().tasks == 8
        np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)
    # A process body may return a statement built outside too.
    ch = Channel("ch", payload=1)
    produce = for_each(Dense[4](), lambda t: send(ch, t))
    Y.data[...] = 0
    stats = connect([process("p").produces(ch).body(lambda: produce),
                     process("c").consumes(ch).body(
                         lambda: consume(ch, lambda t: sequential(
                             lambda: copy[t](X[t], T[t]),
                             lambda: square[t](T[t], Y[t]))))]).compile().run()
    assert stats.tasks == 8
    np.testing.assert_allclose(Y.data, x * x, rtol=1e-6)


def test_kernel_calls_as_branches_and_stages_inside_a_workload():
    """v9 passes kernel calls as cond branches and sequential stages; inside
    a workload (traced, or a body replayed) they are emitted where written
    and move into the branch or stage."""
    x = randn(4, 1, 8, seed=16)
    mode = Symbol("mode", DType.I64, 1)

    def run(style):
        X, Y, T, Z = (Tensor(data=x), Tensor(shape=x.shape), Tensor(shape=(2, 1, 8)),
                      Tensor(shape=(1, 8)))

        def statements():
            parallel_for(Dense[4](), lambda b: cond(
                b < 2, scale[b](X[b][0], Y[b][0], 2.0), scale[b](X[b][0], Y[b][0], 5.0)))
            sequential(scale(X[0][0], T[0][0], 3.0), scale(T[0][0], T[1][0], 4.0))
            cond(mode > 0, scale(X[1][0], Z[0], 7.0))

        if style == "traced":
            w = workload(statements, name="moved")()
        else:                           # built outside, replayed in a loop body
            w = parallel_for(Dense[1](), lambda _: statements()).workload(name="moved")
        program = w.compile()
        stats = program.run()
        return stats.tasks, Y.data.copy(), T.data.copy(), Z.data.copy(), program

    for style in ("traced", "replayed"):
        tasks, y, t, z, program = run(style)
        assert tasks == 4 + 2 + 1
        np.testing.assert_allclose(y, x * np.array([2, 2, 5, 5.0])[:, None, None], rtol=1e-6)
        np.testing.assert_allclose(t[:, 0], [3 * x[0, 0], 12 * x[0, 0]], rtol=1e-6)
        np.testing.assert_allclose(z[0], 7 * x[1, 0], rtol=1e-6)
        program.set_symbol("mode", 0)
        assert program.run().tasks == 6           # the branch is skipped
        mode.value = 1


def test_a_process_alone_and_a_replicated_process_are_workloads():
    x = randn(4, 1, 8, seed=17)
    X, Y = Tensor(data=x), Tensor(shape=x.shape)
    worker = process("worker").body(lambda i: scale[i](X[i][0], Y[i][0], 3.0))
    stats = replicate(worker, 4).compile().run()
    assert [p["name"] for p in stats.processes] == [f"worker[{i}]" for i in range(4)]
    np.testing.assert_allclose(Y.data, 3 * x, rtol=1e-6)
    single = process("single").body(for_each(Dense[4](), lambda t: scale[t](X[t][0], Y[t][0],
                                                                           -1.0)))
    assert single.compile().run().tasks == 4
    np.testing.assert_allclose(Y.data, -x, rtol=1e-6)


def test_s11_event_helpers_are_unsupported():
    from pto_wsp import query, record, synchronize
    for helper in (record, synchronize, query):
        with pytest.raises(UnsupportedError, match="event helpers .* are not supported"):
            helper(Channel("e", depth=0))


# -- errors ---------------------------------------------------------------------------------------

def test_errors_point_at_the_line_that_wrote_the_statement():
    X = Tensor(shape=(4, 8, 8))
    small = Tensor(shape=(4, 4, 4))
    with pytest.raises(TraceError, match="parameter 'dst' is a 8x8 tile, the view is 4x4") \
            as caught:
        task(copy, [0], {"src": X[0], "dst": small[0]})  # eager-view-check
    assert_at(caught.value, "eager-view-check")
    ch = Channel("ch")
    producer = process("p").produces(ch).body(for_each(Dense[4](), lambda t: send(ch, t)))
    consumer = process("c").consumes(ch).body(
        consume(ch, lambda a, b: None))  # replayed-consume
    pipe = connect([producer, consumer])
    with pytest.raises(TraceError, match=r"consume of channel 'ch' passes 1 value to a "
                                         r"function with parameters \(a, b\)") as caught:
        pipe.compile()
    assert_at(caught.value, "replayed-consume")
    with pytest.raises(TraceError, match="select\\(\\) iterates over a Sparse axis"):
        select(Dense[4](), lambda e: None)
    with pytest.raises(TraceError, match="cond\\(\\) takes a run-time condition"):
        cond(True, lambda: None)
    with pytest.raises(TraceError, match="kernels named by strings"):
        task("attn_kernel", [0], [X[0]])
    with pytest.raises(TraceError, match="resources are the kernel's arguments"):
        task(copy, [0], X[0])
    with pytest.raises(TraceError, match="a run-time value has no truth value"):
        bool(Symbol("n") > 0)


def test_statements_already_emitted_inside_a_workload_are_rejected_with_a_hint():
    X, Y = Tensor(shape=(4, 8, 8)), Tensor(shape=(4, 8, 8))
    ch = Channel("ch")

    def v9_body_inside_a_workload():
        loader = process("loader").produces(ch).body(
            for_each(Dense[4](), lambda t: send(ch, t)))  # emitted-at-once
        connect([loader, process("c").consumes(ch).body(lambda: consume(ch, lambda t: None))])

    def task_followed_by_other_work():
        first = square(X[0], Y[0])
        copy(Y[0], X[1])
        cond(Symbol("n") > 0, first)  # emitted-branch

    def loop_as_branch():
        loop = parallel_for(Dense[4](), lambda b: square[b](X[b], Y[b]))
        cond(Symbol("n") > 0, loop)  # loop-branch

    outside = parallel_for(Dense[4](), lambda b: copy[b](X[b], Y[b]))

    def deferred_listed_first():
        combine(outside, parallel_for(Dense[4](), lambda b: square[b](Y[b], X[b])))  # combine-order

    for body, marker, message in [
            (v9_body_inside_a_workload, "emitted-at-once",
             "send on channel 'ch' outside a process body"),
            (task_followed_by_other_work, "emitted-branch",
             "cond\\(\\): the kernel call was emitted where it was written and other work "
             "follows it"),
            (loop_as_branch, "loop-branch",
             "cond\\(\\): this parallel_for statement was already emitted"),
            (deferred_listed_first, "combine-order", "combine\\(\\): a statement built "
                                                     "outside the workload is listed before "
                                                     "a parallel_for statement")]:
        with pytest.raises(TraceError, match=message) as caught:
            workload(body)()
        assert_at(caught.value, marker)
    with pytest.raises(PtoError, match="emitting a parallel_for statement can only be used "
                                       "while tracing"):
        outside.emit()
