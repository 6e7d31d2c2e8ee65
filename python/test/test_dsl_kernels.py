"""@kernel: annotations as typing constructs, trace-time checks of kernel
calls and bodies (errors at the user's line), specialization, verifier
diagnostics at the user's line, and the numerics of the pto ops run through
a workload on cpu_sim against NumPy."""

import math
import typing

import numpy as np
import pytest

from pto_wsp import (CompileError, Constexpr, Dense, DType, In, InOut, Out, P, Scalar, Symbol,
                     Tensor, Tile, TileValue, TraceError, kernel, pto, workload)
from pto_wsp import annotations
from pto_wsp.annotations import CONSTEXPR, Direction, ScalarSpec, ScalarValue, TileSpec

import markers

F32, I32 = DType.F32, DType.I32


line_of, assert_at = markers.for_file(__file__)


def trace(body):
    """Traces `body` as a workload's body; returns the Workload."""
    return workload(name="calls")(body)()


@kernel
def scale(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]], s: Scalar[F32],
          repeat: Constexpr[int] = 1):
    for _ in range(repeat):
        x = pto.muls(x, s)
    pto.store(y, x)


X, Y = Tensor(shape=(2, 4, 16)), Tensor(shape=(2, 4, 16))


# -- annotations ----------------------------------------------------------------

def test_annotations_are_typing_annotated():
    hints = typing.get_type_hints(scale.fn, include_extras=True)
    assert typing.get_origin(hints["x"]) is typing.Annotated
    assert typing.get_args(hints["x"])[0] is annotations.TileValue   # what a type checker sees
    assert issubclass(TileValue, annotations.TileValue)               # what the tracer passes
    assert TileSpec(4, 16, F32) in hints["x"].__metadata__
    assert Direction.IN in hints["x"].__metadata__
    assert Direction.OUT in hints["y"].__metadata__
    assert typing.get_args(hints["s"]) == (ScalarValue, ScalarSpec(F32))
    assert typing.get_args(hints["repeat"]) == (int, CONSTEXPR)
    assert Direction.INOUT in typing.get_args(InOut[Tile[2, 2]])
    assert TileSpec(2, 2, F32) in typing.get_args(Tile[2, 2])          # f32 by default


def test_malformed_annotations_are_type_errors():
    with pytest.raises(TypeError, match="positive int rows and cols"):
        Tile[0, 16]
    with pytest.raises(TypeError, match=r"In\[...\] takes Tile\[rows, cols, dtype\]"):
        In[int]


def test_a_tile_of_an_element_type_views_cannot_have_is_a_type_error():
    with pytest.raises(TypeError, match=r"Tile\[4, 8, F64\]: kernel views of F64 are not "
                                        "supported"):
        Tile[4, 8, DType.F64]


def test_a_parameter_without_annotation_is_a_type_error_at_decoration():
    with pytest.raises(TypeError, match="kernel 'bare': parameter 'x' needs an annotation"):
        @kernel
        def bare(x, y: Out[Tile[4, 16, F32]]):
            pto.store(y, x)


def test_a_tile_without_direction_and_varargs_are_type_errors():
    with pytest.raises(TypeError, match="a Tile needs a direction"):
        @kernel
        def undirected(x: Tile[4, 16, F32]):
            pass
    with pytest.raises(TypeError, match=r"\*args/\*\*kwargs are not supported"):
        @kernel
        def variadic(*views: In[Tile[4, 16, F32]]):
            pass


# -- kernel calls are checked at trace time ---------------------------------------

@pytest.mark.parametrize("marker, call, message", [
    ("arity", lambda: scale(X[0], Y[0], 1.0, 2, 3),  # arity
     "kernel 'scale' takes 4 arguments, got 5"),
    ("keyword", lambda: scale(x=X[0], y=Y[0], s=1.0, z=2),  # keyword
     "kernel 'scale' has no parameter 'z'"),
    ("missing", lambda: scale(x=X[0], y=Y[0]),  # missing
     "kernel 'scale': missing argument 's'"),
    ("twice", lambda: scale(X[0], Y[0], 1.0, x=X[1]),  # twice
     "kernel 'scale': parameter 'x' given twice"),
    ("shape", lambda: scale(X[0, 0:2], Y[0], 1.0),  # shape
     "parameter 'x' is a 4x16 tile, the view is 2x16"),
    ("dtype", lambda: scale(Tensor(shape=(4, 16), dtype=I32), Y[0], 1.0),  # dtype
     "parameter 'x' has dtype F32, the view's tensor has I32"),
    ("not-a-view", lambda: scale(2.0, Y[0], 1.0),  # not-a-view
     r"parameter 'x' is In\[Tile\]: pass a tensor view like X\[i\], got 2.0"),
    ("scalar-tensor", lambda: scale(X[0], Y[0], X[1]),  # scalar-tensor
     r"parameter 's' is Scalar\[F32\], got a tensor"),
    ("view-dtype", lambda: scale(Tensor(shape=(4, 16), dtype=DType.I64), Y[0], 1.0),  # view-dtype
     "parameter 'x': kernel views of I64 are not supported"),
])
def test_kernel_call_errors_point_at_the_call(marker, call, message):
    with pytest.raises(TraceError, match=message) as caught:
        trace(call)
    assert_at(caught.value, marker)


def test_constexpr_given_a_run_time_value_is_a_trace_error():
    def body():
        for b in P(Dense[2]()):
            scale(X[b], Y[b], 1.0, b)  # constexpr-runtime

    with pytest.raises(TraceError, match="parameter 'repeat' is Constexpr: pass a Python "
                                         "value known at trace time") as caught:
        trace(body)
    assert_at(caught.value, "constexpr-runtime")
    with pytest.raises(TraceError, match="parameter 'repeat' is Constexpr"):
        trace(lambda: scale(X[0], Y[0], 1.0, Symbol("repeat")))


def test_kernels_and_pto_ops_outside_their_context_are_trace_errors():
    # Outside a workload a kernel call is a task as a value (v9 style,
    # python/test/test_v9_combinators.py), emitted where a workload uses it.
    assert scale(X[0], Y[0], 1.0).kind == "task"
    with pytest.raises(TraceError, match="pto ops can only be used in a @kernel body"):
        trace(lambda: pto.full((4, 16), 1.0))


# -- kernel bodies are checked at trace time ----------------------------------------

def _call(kernel_under_test):
    return trace(lambda: kernel_under_test(X[0], Y[0]))


def test_reading_an_out_parameter_is_a_trace_error_at_the_read():
    @kernel
    def reads_out(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        pto.store(y, pto.add(x, y))  # read-out

    with pytest.raises(TraceError, match="parameter 'y' is Out: a kernel cannot read it "
                                         r"\(declare it InOut\)") as caught:
        _call(reads_out)
    assert_at(caught.value, "read-out")


def test_storing_to_an_in_parameter_is_a_trace_error_at_the_store():
    @kernel
    def stores_in(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        pto.store(y, x)
        pto.store(x, pto.exp(x))  # store-in

    with pytest.raises(TraceError, match="pto.store: parameter 'x' is In") as caught:
        _call(stores_in)
    assert_at(caught.value, "store-in")


def test_shapes_that_do_not_broadcast_are_a_trace_error():
    @kernel
    def mismatched(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        pto.store(y, pto.add(x, pto.colsum(pto.transpose(x))))  # broadcast

    with pytest.raises(TraceError, match="pto.add: shapes 4x16 and 1x4 do not broadcast") \
            as caught:
        _call(mismatched)
    assert_at(caught.value, "broadcast")


@pytest.mark.parametrize("body, message", [
    (lambda x, y: pto.store(y, pto.exp(pto.cast(x, I32))), "pto.exp needs a float tile"),
    (lambda x, y: pto.store(y, pto.matmul(x, x)), "inner dimensions differ"),
    (lambda x, y: pto.store(y, pto.rowsum(x)), "a 4x1 tile into the 4x16 view 'y'"),
    (lambda x, y: pto.store(y, pto.cast(x, I32)), "a I32 tile into the F32 view 'y'"),
    (lambda x, y: pto.store(y, pto.adds(pto.cast(x, I32), 0.5)), "0.5 is not an integer"),
    (lambda x, y: pto.store(y, pto.add(x, pto.cast(x, I32))), "operands are F32 and I32"),
    (lambda x, y: pto.store(y, pto.select(x, x, x)), "the mask must come from pto.cmp"),
    (lambda x, y: pto.store(y, pto.add(1.0, 2.0)), "needs at least one tile operand"),
    # what the bindings reject is a TraceError too
    (lambda x, y: pto.store(y, pto.select(pto.cmp(x, x, "gte"), x, x)),
     "unknown tile predicate 'gte'"),
    (lambda x, y: pto.store(y, pto.cast(pto.cast(x, I32, round="nearest"), F32)),
     "unknown rounding mode 'nearest'"),
    (lambda x, y: pto.store(y, pto.cast(pto.full((4, 16), 1.5, I32), F32)),
     "'value' must be a Python int for a tile of i32"),
    (lambda x, y: pto.store(y, pto.topk(x, 0)[0]), "tile dimensions must be positive"),
])
def test_op_operand_errors(body, message):
    @kernel
    def bad(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        body(x, y)

    with pytest.raises(TraceError, match=message):
        _call(bad)


def test_an_out_parameter_never_stored_is_a_trace_error_at_the_kernel():
    @kernel  # forgets-store
    def forgets_store(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        pto.exp(x)

    with pytest.raises(TraceError, match=r"Out parameter 'y' is never stored") as caught:
        _call(forgets_store)
    assert_at(caught.value, "forgets-store")          # the kernel's first line


def test_a_kernel_returning_a_value_is_a_trace_error():
    @kernel
    def returns(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, F32]]):
        pto.store(y, x)
        return x

    with pytest.raises(TraceError, match="returns a value"):
        _call(returns)


# -- specialization -------------------------------------------------------------------

def test_each_constexpr_value_is_one_kernel_specialization():
    def body():
        scale(X[0], Y[0], 2.0, 1)
        scale(X[1], Y[1], 2.0, 3)
        scale(X[1], Y[1], 2.0, 3)

    text = trace(body).mlir()
    assert text.count("tile.kernel @scale(") == 1 and text.count("tile.kernel @scale_1(") == 1
    assert text.count("workload.task @scale_1(") == 2
    assert text.count(" = muls ") == 1 + 3            # the loop ran at trace time


def test_in_tensor_kernels_are_specialized_per_view_shape():
    @kernel
    def exp_any(x: In[Tensor], y: Out[Tensor]):
        pto.store(y, pto.exp(x))

    def body():
        exp_any(X[0], Y[0])
        exp_any(X[1, 0:2], Y[1, 0:2])
        exp_any(X[1, 2:4], Y[1, 2:4])

    text = trace(body).mlir()
    assert "tile.kernel @exp_any(%arg0: !tile.view<4x16xf32, in>" in text
    assert "tile.kernel @exp_any_1(%arg0: !tile.view<2x16xf32, in>" in text
    assert "tile.kernel @exp_any_2" not in text


# -- diagnostics of the C++ verifier name the user's line -------------------------------

def test_a_verifier_error_is_a_compile_error_at_the_users_line():
    @kernel
    def floor_to_half(x: In[Tile[4, 16, F32]], y: Out[Tile[4, 16, DType.F16]]):
        pto.store(y, pto.cast(x, DType.F16, round="floor"))  # round-mode

    with pytest.raises(CompileError) as caught:
        trace(lambda: floor_to_half(X[0], Tensor(shape=(4, 16), dtype=DType.F16)))
    assert not isinstance(caught.value, TraceError)
    message = str(caught.value)
    assert f"{__file__}:{line_of('round-mode')}:" in message
    assert "round mode 'floor' applies only to float-to-integer conversions" in message


def test_a_tile_that_does_not_fit_the_buffers_is_a_compile_error_at_compile():
    big = Tensor(shape=(256, 256))

    @kernel
    def too_big(x: In[Tile[256, 256, F32]], y: Out[Tile[256, 256, F32]]):
        pto.store(y, pto.exp(x))  # too-big

    traced = trace(lambda: too_big(big, big))
    with pytest.raises(CompileError, match="needs 262144 bytes of ub here, the architecture "
                                           "'a2a3' has 196608") as caught:
        traced.compile()
    assert f"{__file__}:{line_of('too-big')}:" in str(caught.value)


# -- numerics of the pto ops ----------------------------------------------------------

R, C = 4, 32
_rng = np.random.default_rng(11)
A = _rng.standard_normal((R, C)).astype(np.float32)
B = (_rng.random((R, C)) + 0.5).astype(np.float32)          # positive: log, sqrt, div
COL = _rng.standard_normal((R, 1)).astype(np.float32)
ROW = _rng.standard_normal((1, C)).astype(np.float32)
AI = _rng.integers(-20, 20, (R, C)).astype(np.int32)
BI = _rng.integers(-20, 20, (R, C)).astype(np.int32)
S = 0.75                                                     # the Scalar[F32] argument


def _gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def _topk(x, k):
    return np.stack([np.lexsort((np.arange(x.shape[1]), -row))[:k] for row in x])


FLOAT_CASES = {
    # binary tile-tile, with row/column broadcasting on either side
    "add": (lambda x, y, c, r, s: pto.add(x, y), A + B),
    "sub": (lambda x, y, c, r, s: x - y, A - B),
    "mul": (lambda x, y, c, r, s: pto.mul(x, y), A * B),
    "div": (lambda x, y, c, r, s: x / y, A / B),
    "max": (lambda x, y, c, r, s: pto.max(x, y), np.maximum(A, B)),
    "min": (lambda x, y, c, r, s: pto.min(x, y), np.minimum(A, B)),
    "add_col": (lambda x, y, c, r, s: pto.add(x, c), A + COL),
    "col_sub": (lambda x, y, c, r, s: pto.sub(c, x), COL - A),
    "mul_row": (lambda x, y, c, r, s: pto.mul(x, r), A * ROW),
    "row_div": (lambda x, y, c, r, s: pto.div(r, y), ROW / B),
    "col_max": (lambda x, y, c, r, s: pto.max(c, x), np.maximum(COL, A)),
    "min_row": (lambda x, y, c, r, s: pto.min(x, r), np.minimum(A, ROW)),
    "broadcast": (lambda x, y, c, r, s: pto.broadcast(c, (R, C)), np.repeat(COL, C, 1)),
    # tile-scalar, both orders, numbers and Scalar parameters
    "adds": (lambda x, y, c, r, s: x + 2.0, A + 2),
    "radd": (lambda x, y, c, r, s: 2.0 + x, A + 2),
    "subs": (lambda x, y, c, r, s: pto.subs(x, 0.5), A - 0.5),
    "rsub": (lambda x, y, c, r, s: 1.0 - x, 1 - A),
    "muls": (lambda x, y, c, r, s: pto.muls(x, s), A * S),
    "rmul": (lambda x, y, c, r, s: 3.0 * x, 3 * A),
    "divs": (lambda x, y, c, r, s: x / 4.0, A / 4),
    "rdiv": (lambda x, y, c, r, s: 2.0 / y, 2 / B),
    "maxs": (lambda x, y, c, r, s: pto.maxs(x, 0.1), np.maximum(A, 0.1)),
    "mins": (lambda x, y, c, r, s: pto.mins(x, s), np.minimum(A, S)),
    # unary and composed activations
    "exp": (lambda x, y, c, r, s: pto.exp(x), np.exp(A)),
    "log": (lambda x, y, c, r, s: pto.log(y), np.log(B)),
    "sqrt": (lambda x, y, c, r, s: pto.sqrt(y), np.sqrt(B)),
    "rsqrt": (lambda x, y, c, r, s: pto.rsqrt(y), 1 / np.sqrt(B)),
    "recip": (lambda x, y, c, r, s: pto.recip(y), 1 / B),
    "abs": (lambda x, y, c, r, s: pto.abs(x), np.abs(A)),
    "neg": (lambda x, y, c, r, s: pto.neg(x), -A),
    "negate_operator": (lambda x, y, c, r, s: -x, -A),
    "relu": (lambda x, y, c, r, s: pto.relu(x), np.maximum(A, 0)),
    "sigmoid": (lambda x, y, c, r, s: pto.sigmoid(x), 1 / (1 + np.exp(-A))),
    "tanh": (lambda x, y, c, r, s: pto.tanh(x), np.tanh(A)),
    "silu": (lambda x, y, c, r, s: pto.silu(x), A / (1 + np.exp(-A))),
    "gelu": (lambda x, y, c, r, s: pto.gelu(x), _gelu(A.astype(np.float64))),
    # reductions
    "rowsum": (lambda x, y, c, r, s: pto.rowsum(x), A.sum(1, keepdims=True)),
    "rowmax": (lambda x, y, c, r, s: pto.rowmax(x), A.max(1, keepdims=True)),
    "rowmin": (lambda x, y, c, r, s: pto.rowmin(x), A.min(1, keepdims=True)),
    "rowmean": (lambda x, y, c, r, s: pto.rowmean(x), A.mean(1, keepdims=True)),
    "colsum": (lambda x, y, c, r, s: pto.colsum(x), A.sum(0, keepdims=True)),
    "colmax": (lambda x, y, c, r, s: pto.colmax(x), A.max(0, keepdims=True)),
    "colmin": (lambda x, y, c, r, s: pto.colmin(x), A.min(0, keepdims=True)),
    # matmul, transpose, fill, compare/select
    "matmul": (lambda x, y, c, r, s: x @ pto.transpose(y), A @ B.T),
    "matmul_acc": (lambda x, y, c, r, s: pto.matmul(x, y.T, acc=pto.full((R, R), 1.5)),
                   A @ B.T + 1.5),
    "transpose": (lambda x, y, c, r, s: x.T, A.T),
    "full": (lambda x, y, c, r, s: pto.full((R, C), -2.5), np.full((R, C), -2.5)),
    "fill": (lambda x, y, c, r, s: pto.fill((R, C), s), np.full((R, C), S)),
    "zeros": (lambda x, y, c, r, s: pto.add(x, pto.zeros((R, C))), A),
    "cmp_select": (lambda x, y, c, r, s: pto.select(pto.cmp(x, y, "gt"), x, y),
                   np.where(A > B, A, B)),
    "cmps_select": (lambda x, y, c, r, s: pto.select(pto.cmp(x, 0.0, "le"),
                                                     pto.zeros((R, C)), x),
                    np.where(A <= 0, 0, A)),
    # routing helpers
    "topk_values": (lambda x, y, c, r, s: pto.topk(x, 5)[0],
                    np.take_along_axis(A, _topk(A, 5), 1)),
    "sort32_values": (lambda x, y, c, r, s: pto.sort32(x)[0], -np.sort(-A, 1)),
}

INT_CASES = {
    "topk_indices": (lambda x, y, c, r, s: pto.topk(x, 5)[1], _topk(A, 5)),
    "sort32_indices": (lambda x, y, c, r, s: pto.sort32(x)[1], _topk(A, C)),
    "iota": (lambda x, y, c, r, s: pto.iota((R, C), start=3), np.tile(np.arange(3, 3 + C),
                                                                     (R, 1))),
    "cast_rint": (lambda x, y, c, r, s: pto.cast(x * 4.0, I32), np.rint(A * 4)),
    "cast_floor": (lambda x, y, c, r, s: pto.cast(x * 4.0, I32, "floor"), np.floor(A * 4)),
    "cast_ceil": (lambda x, y, c, r, s: pto.cast(x * 4.0, I32, "ceil"), np.ceil(A * 4)),
    "cast_trunc": (lambda x, y, c, r, s: pto.cast(x * 4.0, I32, "trunc"), np.trunc(A * 4)),
    "cast_round": (lambda x, y, c, r, s: pto.cast(x * 4.0, I32, "round"),
                   np.sign(A * 4) * np.floor(np.abs(A * 4) + 0.5)),
}

INTEGER_TILE_CASES = {
    "int_add": (lambda x, y: x + y, AI + BI),
    "int_mul": (lambda x, y: pto.mul(x, y), AI * BI),
    "int_max": (lambda x, y: pto.max(x, y), np.maximum(AI, BI)),
    "int_adds": (lambda x, y: 7 - x, 7 - AI),
    "int_abs": (lambda x, y: pto.abs(x), np.abs(AI)),
    "int_relu": (lambda x, y: pto.relu(x), np.maximum(AI, 0)),
    "int_select": (lambda x, y: pto.select(pto.cmp(x, y, "lt"), x, y), np.minimum(AI, BI)),
    "int_rowsum": (lambda x, y: pto.rowsum(x), AI.sum(1, keepdims=True)),
    "int_colmax": (lambda x, y: pto.colmax(x), AI.max(0, keepdims=True)),
}


@kernel
def float_case(x: In[Tile[R, C, F32]], y: In[Tile[R, C, F32]], c: In[Tile[R, 1, F32]],
               r: In[Tile[1, C, F32]], out: Out[Tensor], s: Scalar[F32],
               case: Constexpr[str]):
    fn = FLOAT_CASES[case][0] if case in FLOAT_CASES else INT_CASES[case][0]
    pto.store(out, fn(x, y, c, r, s))


@kernel
def int_case(x: In[Tile[R, C, I32]], y: In[Tile[R, C, I32]], out: Out[Tensor],
             case: Constexpr[str]):
    pto.store(out, INTEGER_TILE_CASES[case][0](x, y))


@kernel
def cast_to_half(x: In[Tile[R, C, F32]], y: Out[Tile[R, C, DType.F16]]):
    pto.store(y, pto.cast(x, DType.F16))


@kernel
def int_to_float(x: In[Tile[R, C, I32]], y: Out[Tile[R, C, F32]]):
    pto.store(y, pto.cast(x, F32))


@kernel
def half_matmul(a: In[Tile[R, C, DType.F16]], b: In[Tile[C, 8, DType.F16]],
                acc: InOut[Tile[R, 8, F32]]):
    pto.store(acc, pto.matmul(a, b, acc=acc))


@kernel
def partial(x: In[Tile[R, C, F32]], loaded: Out[Tile[R, C, F32]],
            stored: Out[Tile[R, C, F32]]):
    pto.store(loaded, pto.load(x, valid=(2, 5)))
    pto.store(stored, pto.exp(x), valid=(3, 4))


@pytest.fixture(scope="module")
def op_results():
    """Runs every case once (one workload, one compile); returns
    {case: (result array, reference)}."""
    x, y, col, row = (Tensor(data=a) for a in (A, B, COL, ROW))
    xi, yi = Tensor(data=AI), Tensor(data=BI)
    outputs = {}
    for name, (_, ref) in FLOAT_CASES.items():
        outputs[name] = (Tensor(shape=ref.shape, dtype=F32), ref)
    for name, (_, ref) in INT_CASES.items():
        outputs[name] = (Tensor(shape=ref.shape, dtype=I32), ref)
    for name, (_, ref) in INTEGER_TILE_CASES.items():
        outputs[name] = (Tensor(shape=ref.shape, dtype=I32), ref)
    a16 = _rng.standard_normal((R, C)).astype(np.float16)
    b16 = _rng.standard_normal((C, 8)).astype(np.float16)
    acc0 = _rng.standard_normal((R, 8)).astype(np.float32)
    outputs["half_matmul"] = (Tensor(data=acc0.copy()),
                              acc0 + a16.astype(np.float32) @ b16.astype(np.float32))
    outputs["cast_f16"] = (Tensor(shape=(R, C), dtype=DType.F16), A.astype(np.float16))
    outputs["cast_i32_f32"] = (Tensor(shape=(R, C)), AI.astype(np.float32))
    sentinel = np.full((R, C), 7.0, np.float32)
    loaded_ref, stored_ref = sentinel.copy(), sentinel.copy()
    loaded_ref[:2, :5] = A[:2, :5]
    stored_ref[:3, :4] = np.exp(A[:3, :4])
    outputs["load_valid"] = (Tensor(data=sentinel.copy()), loaded_ref)
    outputs["store_valid"] = (Tensor(data=sentinel.copy()), stored_ref)

    @workload
    def all_ops():
        for name in list(FLOAT_CASES) + list(INT_CASES):
            float_case(x, y, col, row, outputs[name][0], S, name)
        for name in INTEGER_TILE_CASES:
            int_case(xi, yi, outputs[name][0], name)
        half_matmul(Tensor(data=a16), Tensor(data=b16), outputs["half_matmul"][0])
        cast_to_half(x, outputs["cast_f16"][0])
        int_to_float(xi, outputs["cast_i32_f32"][0])
        partial(x, outputs["load_valid"][0], outputs["store_valid"][0])

    program = all_ops().compile()
    program.run()
    assert program.stats.tasks == len(outputs) - 1      # partial writes two outputs
    return {name: (tensor.data, ref) for name, (tensor, ref) in outputs.items()}


ALL_CASES = (list(FLOAT_CASES) + list(INT_CASES) + list(INTEGER_TILE_CASES) +
             ["half_matmul", "cast_f16", "cast_i32_f32", "load_valid", "store_valid"])


@pytest.mark.parametrize("case", ALL_CASES)
def test_op_matches_numpy(op_results, case):
    got, ref = op_results[case]
    assert got.shape == ref.shape
    if got.dtype.kind in "iu" or case == "cast_f16":
        np.testing.assert_array_equal(got, ref.astype(got.dtype))
    else:
        tolerance = 1e-3 if case == "half_matmul" else 1e-5
        np.testing.assert_allclose(got, ref, rtol=tolerance, atol=tolerance)
