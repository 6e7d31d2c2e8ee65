"""@workload: loops and their names, P.seq order, run-time branches, dynamic,
ragged and sparse axes bound automatically, symbols and slots rebound
without recompiling, index arithmetic, the functional forms, and the
trace-time errors of workload bodies."""

import os

import numpy as np
import pytest

from pto_wsp import (Dense, DenseDyn, DType, In, InOut, Out, P, PtoError, Ragged, Scalar, Sparse,
                     Symbol, Tensor, Tile, TraceError, combine, cond, for_each, kernel,
                     parallel_for, pto, select, sequential, slot_load, task, workload)

import markers
from row_kernels import decay_add, decayed_sum, scale

F32, I32 = DType.F32, DType.I32


line_of, assert_at = markers.for_file(__file__)


@kernel
def put(out: Out[Tile[1, 1, I32]], value: Scalar[I32]):
    pto.store(out, pto.full((1, 1), value, I32))


def rows(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


# -- loops and their names --------------------------------------------------------------

def test_loop_variables_keep_the_users_names():
    x, y = Tensor(shape=(2, 3, 4, 8)), Tensor(shape=(2, 3, 4, 8))
    batch, heads, tiles = Dense[2](), Dense[3](), Dense[4]()

    @workload
    def named():
        for b, head in P(batch, heads):
            for tile in P.seq(tiles):
                scale[b, head, tile](x[b, head, tile], y[b, head, tile], 1.0)
        parallel_for(batch, lambda row: scale[row](x[row, 0, 0], y[row, 0, 0], 1.0))
        for i in P(2):
            for i in P(range(4)):  # noqa: B007 - the inner loop shadows the outer one
                scale[i](x[0, 0, i], y[0, 0, i], 1.0)

    text = named().mlir()
    for loop in ('workload.parallel_for %b in %0 name("b")', 'name("head")',
                 'workload.for_each %tile in', 'name("tile")', 'name("row")', 'name("i")',
                 'name("i_1")'):
        assert loop in text, loop
    assert text.count("workload.dense 2") == 3 and "workload.dense 4" in text


def test_p_seq_runs_in_order():
    data = rows((6, 8))
    x, acc = Tensor(data=data), Tensor(shape=(1, 8))
    steps = Dense[6]()

    @workload
    def recurrence():
        for i in P.seq(steps):
            decay_add[i](acc=acc[0], x=x[i])

    traced = recurrence()
    assert 'workload.for_each %i in %0 name("i")' in traced.mlir()
    traced.compile().run()
    np.testing.assert_allclose(acc.data[0], decayed_sum(data), rtol=1e-6)


# -- run-time branches ------------------------------------------------------------------------

def test_p_when_alone_and_with_otherwise_follow_a_symbol():
    data = rows((4, 8), 1)
    x, y, z = Tensor(data=data), Tensor(shape=(4, 8)), Tensor(shape=(4, 8))
    limit = Symbol("limit", DType.I64, 2)

    @workload
    def branches():
        for b in P(Dense[4]()):
            with P.when(b < limit):
                scale[b](x[b], y[b], 2.0)
            with P.otherwise():
                scale[b](x[b], y[b], 3.0)
            with P.when(limit <= b):
                scale[b](x[b], z[b], -1.0)

    traced = branches()
    text = traced.mlir()
    assert 'workload.symbol "limit" : i64' in text and text.count("workload.if") == 2
    program = traced.compile()
    assert program.run().tasks == 4 + 2
    np.testing.assert_allclose(y.data, data * np.array([[2], [2], [3], [3]]))
    np.testing.assert_allclose(z.data, data * np.array([[0], [0], [-1], [-1]]))

    z.data[...] = 0
    program.set_symbol("limit", 3)                  # no recompilation
    assert program.run().tasks == 4 + 1
    np.testing.assert_allclose(y.data, data * np.array([[2], [2], [2], [3]]))
    limit.value = 1                                 # the program reads the Symbol's value
    assert program.run().tasks == 4 + 3
    np.testing.assert_allclose(z.data, data * np.array([[0], [-1], [-1], [-1]]))
    with pytest.raises(PtoError, match="the program has no symbol 'limits' "
                                       r"\(symbols: limit\)"):
        program.set_symbol("limits", 3)


def test_a_symbol_is_a_kernel_scalar_argument_and_a_loop_size():
    data = rows((4, 8), 2)
    x, y = Tensor(data=data), Tensor(shape=(4, 8))
    factor, count = Symbol("factor", F32, 2.5), Symbol("count", DType.I64, 3)

    @workload
    def symbolic():
        for b in P(DenseDyn(count)):
            scale[b](x[b], y[b], factor)

    program = symbolic().compile()
    assert program.symbols == {"factor": 2.5, "count": 3}
    assert program.run().tasks == 3
    np.testing.assert_allclose(y.data[:3], 2.5 * data[:3])
    program.set_symbol(factor, -1.0)
    program.set_symbol("count", 4)
    assert program.run().tasks == 4
    np.testing.assert_allclose(y.data, -data)


def test_symbol_objects_of_one_name_are_one_symbol():
    x, y = Tensor(shape=(4, 8)), Tensor(shape=(4, 8))
    first, second = Symbol("n", DType.I64, 2), Symbol("n", DType.I64, 3)

    @workload
    def two_objects():
        for b in P(DenseDyn(first)):
            scale[b](x[b], y[b], 1.0)
        with P.when(second > 0):
            scale(x[3], y[3], 1.0)

    traced = two_objects()
    assert traced.mlir().count('workload.symbol "n" : i64') == 2
    program = traced.compile()
    with pytest.raises(PtoError, match="the Symbol objects named 'n' have different values"):
        program.execute()
    program.set_symbol("n", 3)                       # sets both
    assert (first.value, second.value) == (3, 3)
    assert program.run().tasks == 3 + 1

    def mixed_types():
        with P.when(Symbol("m", DType.I64) > Symbol("m", DType.I32)):  # mixed-types
            pass

    with pytest.raises(TraceError, match="symbol 'm' used with types I64 and I32") as caught:
        workload(mixed_types)()
    assert_at(caught.value, "mixed-types")


def test_branch_errors_are_trace_errors_at_the_users_line():
    x, y = Tensor(shape=(4, 8)), Tensor(shape=(4, 8))

    def otherwise_alone():
        with P.otherwise():  # otherwise-alone
            pass

    def otherwise_after_a_task():
        for b in P(Dense[4]()):
            with P.when(b < 2):
                scale[b](x[b], y[b], 2.0)
            scale[b](x[b], y[b], 1.0)
            with P.otherwise():  # otherwise-late
                pass

    def python_bool():
        with P.when(True):  # python-bool
            pass

    def python_if():
        for b in P(Dense[4]()):
            if b < 2:  # python-if
                scale[b](x[b], y[b], 2.0)

    def python_range():
        for b in P(Dense[4]()):
            range(b)  # python-range

    for body, marker, message in [
            (otherwise_alone, "otherwise-alone", "P.otherwise must directly follow"),
            (otherwise_after_a_task, "otherwise-late", "P.otherwise must directly follow"),
            (python_bool, "python-bool", "the condition is known at trace time"),
            (python_if, "python-if", "a run-time value has no truth value while tracing: "
                                     r"use P.when\(...\)"),
            (python_range, "python-range", "a run-time index cannot be used where Python "
                                           "needs an int")]:
        with pytest.raises(TraceError, match=message) as caught:
            workload(body)()
        assert_at(caught.value, marker)
    with pytest.raises(TraceError, match="P.when takes a run-time condition"):
        P.when(1)


def test_workload_structure_errors():
    x, y = Tensor(shape=(4, 8)), Tensor(shape=(4, 8))

    def sel_dense():
        for e in P.sel(Dense[4]()):
            scale[e](x[e], y[e], 1.0)

    def too_few_names():
        for both in P(Dense[2](), Dense[2]()):
            pass

    def ragged_outside():
        for j in P(Ragged(Dense[4](), [1, 2, 3, 4])):
            scale[j](x[j], y[j], 1.0)

    for body, message in [
            (sel_dense, "P.sel iterates over a Sparse axis"),
            (too_few_names, "2 axes need 2 loop variables"),
            (ragged_outside, "no enclosing loop over its outer axis"),
            (lambda: P("tiles"), "expected an axis"),
            (lambda: 42, "workload 'w' returns 42")]:
        with pytest.raises(TraceError, match=message):
            workload(name="w")(body)()
    with pytest.raises(TraceError, match="a loop can only be used while tracing"):
        for _ in P(Dense[2]()):
            pass


# -- dynamic, ragged and sparse axes -----------------------------------------------------------

def test_dense_dyn_is_bound_automatically_and_rebound_without_recompiling(tmp_path):
    data = rows((8, 8), 3)
    x, y = Tensor(data=data), Tensor(shape=(8, 8))
    n = DenseDyn(3)

    @workload
    def dynamic():
        for i in P(n):
            scale[i](x[i], y[i], 2.0)

    traced = dynamic()
    assert "workload.workload @dynamic(%arg0: index" in traced.mlir()
    assert "workload.dense_dyn %arg0" in traced.mlir()
    program = traced.compile(cache_dir=str(tmp_path))
    cached = sorted(os.listdir(tmp_path))
    assert program.run().tasks == 3
    program.set_symbol(n, 5)
    assert n.size == 5 and program.run().tasks == 5
    n.size = 8
    assert program.run().tasks == 8
    assert sorted(os.listdir(tmp_path)) == cached    # nothing was compiled again
    np.testing.assert_allclose(y.data, 2 * data)
    with pytest.raises(PtoError, match="not a run-time bound axis"):
        program.set_symbol(DenseDyn(4), 4)
    with pytest.raises(TypeError, match="set_symbol takes a number"):
        program.set_symbol(n, "8")


def test_ragged_rows_submit_one_task_per_element():
    data = rows((4, 5, 8), 4)
    x, y = Tensor(data=data), Tensor(shape=(4, 5, 8))
    lengths = np.array([2, 0, 5, 1])
    batch = Dense[4]()
    ragged = Ragged(batch, lengths)

    @workload
    def per_row():
        for b in P(batch):
            for j in P(ragged):
                scale[b, j](x[b, j], y[b, j], 2.0)

    traced = per_row()
    assert "workload.ragged" in traced.mlir()
    program = traced.compile()
    assert program.run().tasks == lengths.sum()
    expected = np.zeros_like(data)
    for b, length in enumerate(lengths):
        expected[b, :length] = 2 * data[b, :length]
    np.testing.assert_allclose(y.data, expected)
    lengths[:] = [1, 1, 1, 1]                        # bound again at the next run
    assert program.run().tasks == 4


def test_sparse_select_routes_tokens_to_their_experts():
    tokens, experts, width = 5, 3, 8
    rng = np.random.default_rng(5)
    x = rng.standard_normal((tokens, width)).astype(np.float32)
    w = rng.standard_normal((experts, width, width)).astype(np.float32)
    indptr = np.array([0, 2, 3, 3, 5, 6])
    indices = np.array([2, 0, 1, 0, 1, 2])
    tok = Dense[tokens]()
    route = Sparse(tok, indptr, indices)
    X, W = Tensor(data=x), Tensor(data=w)
    y, counts = Tensor(shape=(tokens, width)), Tensor(shape=(tokens, 1), dtype=I32)

    @kernel
    def expert(x: In[Tile[1, width, F32]], w: In[Tile[width, width, F32]],
               out: InOut[Tile[1, width, F32]]):
        pto.store(out, pto.matmul(x, w, acc=out))

    @workload
    def moe():
        for t in P(tok):
            for e in P.sel(route):
                expert[t, e](x=X[t], w=W[e], out=y[t])
            for k in P(route):
                put[t, k](counts[t], k + 1)

    traced = moe()
    assert "workload.select %e in" in traced.mlir()
    program = traced.compile()
    assert program.run().tasks == 2 * len(indices)
    expected = np.zeros((tokens, width))
    for t in range(tokens):
        for e in indices[indptr[t]:indptr[t + 1]]:
            expected[t] += x[t].astype(np.float64) @ w[e]
    np.testing.assert_allclose(y.data, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(counts.data[:, 0], np.diff(indptr))


def test_slot_load_drives_p_when_from_tensor_data():
    data = rows((4, 8), 6)
    x, y = Tensor(data=data), Tensor(shape=(4, 8))
    flags = Tensor(data=np.array([1, 0, 1, 0], np.int32))

    @workload
    def flagged():
        for b in P(Dense[4]()):
            with P.when(slot_load(flags, b) != 0):
                scale[b](x[b], y[b], 2.0)

    traced = flagged()
    assert "workload.slot_load" in traced.mlir()
    program = traced.compile()
    assert program.run().tasks == 2
    np.testing.assert_allclose(y.data, data * np.array([[2], [0], [2], [0]]))
    flags.data[:] = [0, 1, 1, 1]                     # data-dependent, no recompilation
    assert program.run().tasks == 3


# -- index arithmetic ----------------------------------------------------------------------------

def test_index_arithmetic_has_pythons_semantics():
    out = Tensor(shape=(8, 7), dtype=I32)

    @workload
    def arithmetic():
        for i in P(Dense[8]()):
            put[i](out[i, 0:1], (i - 3) // 2)
            put[i](out[i, 1:2], (i - 3) // -2)
            put[i](out[i, 2:3], (i - 4) % 3)
            put[i](out[i, 3:4], (i - 4) % -3)
            put[i](out[i, 4:5], (i * 2 - 5).min(3))
            put[i](out[i, 5:6], (i - 5).max(-1))
            put[i](out[i, 6:7], (i - 3 >= -1).where(i - 7, 100))

    arithmetic().compile().run()
    expected = [[(i - 3) // 2, (i - 3) // -2, (i - 4) % 3, (i - 4) % -3, min(i * 2 - 5, 3),
                 max(i - 5, -1), i - 7 if i - 3 >= -1 else 100] for i in range(8)]
    np.testing.assert_array_equal(out.data, expected)


def test_an_index_expression_written_twice_is_one_value():
    data = rows((1, 64), 7)
    x, y = Tensor(data=data), Tensor(shape=(1, 64))

    @kernel
    def copy16(x: In[Tile[1, 16, F32]], y: Out[Tile[1, 16, F32]]):
        pto.store(y, x)

    @workload
    def pairs():
        for t in P(Dense[4]()):
            copy16(x[0, (t // 2) * 32 + (t % 2) * 16:(t // 2) * 32 + (t % 2) * 16 + 16],
                   y[0, t * 16:t * 16 + 16])

    pairs().compile().run()
    np.testing.assert_array_equal(y.data, data)


# -- the functional forms ------------------------------------------------------------------------

def _mixed_inputs():
    rng = np.random.default_rng(8)
    return rng.standard_normal((4, 8)).astype(np.float32), \
        rng.standard_normal((6, 8)).astype(np.float32)


def _outputs():
    return {name: Tensor(shape=shape) for name, shape in
            [("branch", (4, 8)), ("acc", (1, 8)), ("routed", (3, 8)), ("stages", (2, 8)),
             ("single", (1, 8))]}


INDPTR, INDICES = np.array([0, 2, 2, 5]), np.array([3, 1, 0, 5, 2])


def _p_forms(x, steps_data, out):
    batch, steps, rows_ = Dense[4](), Dense[6](), Dense[3]()
    route = Sparse(rows_, INDPTR, INDICES)

    @workload
    def p_forms():
        for b in P(batch):
            with P.when(b < 2):
                scale[b](x[b], out["branch"][b], 2.0)
            with P.otherwise():
                scale[b](x[b], out["branch"][b], 3.0)
        for i in P.seq(steps):
            decay_add[i](out["acc"][0], steps_data[i])
        for r in P(rows_):
            for e in P.sel(route):
                decay_add[r, e](out["routed"][r], steps_data[e])
        for stage in P.seq(Dense[2]()):
            with P.when(stage == 0):
                scale(out["acc"][0], out["stages"][0], 2.0)
            with P.when(stage == 1):
                scale(out["stages"][0], out["stages"][1], 3.0)
        scale(x[0], out["single"][0], 0.5)
    return p_forms()


def _functional_forms(x, steps_data, out):
    batch, steps, rows_ = Dense[4](), Dense[6](), Dense[3]()
    route = Sparse(rows_, INDPTR, INDICES)

    @workload
    def functional_forms():
        return combine(
            parallel_for(batch, lambda b: cond(
                b < 2,
                lambda: scale[b](x[b], out["branch"][b], 2.0),
                lambda: task(scale, [b], [x[b], out["branch"][b], 3.0]))),
            for_each(steps, lambda i: decay_add[i](out["acc"][0], steps_data[i])),
            parallel_for(rows_, lambda r: select(
                route, lambda e: decay_add[r, e](out["routed"][r], steps_data[e]))),
            sequential(lambda: scale(out["acc"][0], out["stages"][0], 2.0),
                       lambda: scale(out["stages"][0], out["stages"][1], 3.0)),
            task(scale, params=[], resources={"x": x[0], "y": out["single"][0], "s": 0.5}))
    return functional_forms()


def test_functional_forms_match_the_p_forms_and_numpy():
    x_data, steps_data = _mixed_inputs()
    results = []
    for build in (_p_forms, _functional_forms):
        out = _outputs()
        traced = build(Tensor(data=x_data), Tensor(data=steps_data), out)
        text = traced.mlir()
        assert text.count("workload.select") == 1 and text.count("workload.if") == 3
        stats = traced.compile().run()
        results.append(({name: t.data for name, t in out.items()}, stats.tasks))
    (p_out, p_tasks), (f_out, f_tasks) = results
    assert p_tasks == f_tasks == 4 + 6 + len(INDICES) + 2 + 1
    for name in p_out:
        np.testing.assert_array_equal(p_out[name], f_out[name], err_msg=name)
    acc = decayed_sum(steps_data)
    np.testing.assert_allclose(p_out["branch"], x_data * np.array([[2], [2], [3], [3]]))
    np.testing.assert_allclose(p_out["acc"][0], acc, rtol=1e-6)
    routed = [decayed_sum(steps_data[INDICES[INDPTR[r]:INDPTR[r + 1]]]) if INDPTR[r + 1] >
              INDPTR[r] else np.zeros(8) for r in range(3)]
    np.testing.assert_allclose(p_out["routed"], routed, rtol=1e-6)
    np.testing.assert_allclose(p_out["stages"], [2 * acc, 6 * acc], rtol=1e-6)
    np.testing.assert_allclose(p_out["single"][0], 0.5 * x_data[0])


def test_functional_form_misuse_is_a_trace_error():
    x, y = Tensor(shape=(4, 8)), Tensor(shape=(4, 8))
    for body, message in [
            (lambda: task(lambda: None), "task\\(\\) takes a @kernel"),
            (lambda: task(scale, [], {"x": x[0], "y": y[0], "t": 1.0}),
             "kernel 'scale' has no parameter 't'"),
            (lambda: task(scale, [], [x[0], y[0], 1.0, y[1]]),
             "kernel 'scale' takes 3 arguments, got 4"),
            (lambda: task(scale, [1.0], [x[0], y[0], 1.0]),
             "expected an index"),
            (lambda: sequential(1), "sequential\\(\\) takes functions"),
            (lambda: parallel_for(Dense[2](), 3), "the loop body must be a function"),
            (lambda: parallel_for(Dense[2](), lambda: None),
             r"the loop passes 1 value to a function with parameters \(\)"),
            (lambda: cond(Symbol("n") > 0, lambda b: None), r"cond\(\) passes 0 values"),
            (lambda: sequential(lambda stage: None), r"sequential\(\) passes 0 values"),
            (lambda: combine(1), "combine\\(\\) takes statements")]:
        with pytest.raises(TraceError, match=message):
            workload(body)()
