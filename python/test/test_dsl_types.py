"""pto_wsp types: DType, Tensor, views and their trace-time checks, the
exception hierarchy and the package's exported names."""

import numpy as np
import pytest

import pto_wsp
import pto_wsp.csp
from pto_wsp import (ChannelError, CompileError, Dense, DType, ExecutionError, In, Out, P,
                     PtoError, Tensor, TensorView, Tile, TraceError, kernel, pto, workload)
from pto_wsp.dtypes import as_dtype, from_numpy

import markers

F32 = DType.F32


line_of, assert_at = markers.for_file(__file__)


@kernel
def copy_row(x: In[Tile[1, 16, F32]], y: Out[Tile[1, 16, F32]]):
    pto.store(y, x)


# -- DType ----------------------------------------------------------------------

@pytest.mark.parametrize("dtype, numpy_dtype, mlir, bits", [
    (DType.F16, np.float16, "f16", 16), (DType.BF16, np.uint16, "bf16", 16),
    (DType.F32, np.float32, "f32", 32), (DType.F64, np.float64, "f64", 64),
    (DType.I8, np.int8, "i8", 8), (DType.I16, np.int16, "i16", 16),
    (DType.I32, np.int32, "i32", 32), (DType.I64, np.int64, "i64", 64),
    (DType.U8, np.uint8, "i8", 8), (DType.U16, np.uint16, "i16", 16),
    (DType.U32, np.uint32, "i32", 32), (DType.U64, np.uint64, "i64", 64),
    (DType.BOOL, np.bool_, "i1", 1)])
def test_dtype_maps_to_numpy_and_mlir(dtype, numpy_dtype, mlir, bits):
    assert dtype.numpy == np.dtype(numpy_dtype)
    assert dtype.mlir == mlir
    assert dtype.bits == bits
    assert dtype.is_float == (dtype in (DType.F16, DType.BF16, DType.F32, DType.F64))
    assert dtype.is_integer == (not dtype.is_float)
    if dtype is not DType.BF16:           # bf16 has no NumPy type of its own
        assert from_numpy(numpy_dtype) is dtype


def test_as_dtype_accepts_dtypes_spellings_and_numpy_types():
    assert as_dtype(DType.F16) is DType.F16
    assert as_dtype("f32") is DType.F32 and as_dtype("i64") is DType.I64
    assert as_dtype("bf16") is DType.BF16 and as_dtype("u8") is DType.U8
    assert as_dtype(np.float32) is DType.F32 and as_dtype("int16") is DType.I16
    with pytest.raises(TypeError, match="unsupported element type"):
        as_dtype(np.complex64)


# -- Tensor ---------------------------------------------------------------------

def test_tensor_infers_shape_and_dtype_and_keeps_the_array():
    array = np.arange(24, dtype=np.int16).reshape(2, 3, 4)
    tensor = Tensor(data=array)
    assert tensor.shape == (2, 3, 4) and tensor.dtype is DType.I16
    assert tensor.data is array                  # outputs land in the user's array
    assert Tensor(data=array, shape=(2, 3, 4), dtype=DType.I16).dtype is DType.I16
    assert Tensor(data=np.zeros(4, np.uint16), dtype=DType.BF16).dtype is DType.BF16


def test_tensor_with_contradicting_dtype_or_shape_is_a_type_error():
    array = np.zeros((2, 8), np.float32)
    with pytest.raises(TypeError, match="dtype F16 contradicts the array's dtype float32"):
        Tensor(data=array, dtype=DType.F16)
    with pytest.raises(TypeError, match=r"shape \(8, 2\) contradicts the array's shape \(2, 8\)"):
        Tensor(data=array, shape=(8, 2))


def test_tensor_from_shape_is_zeros_of_its_dtype():
    tensor = Tensor(shape=(3, 5), dtype=DType.I32)
    assert tensor.data.dtype == np.int32 and tensor.data.shape == (3, 5)
    assert not tensor.data.any()
    assert Tensor(shape=[4]).dtype is F32        # f32 by default


@pytest.mark.parametrize("arguments, message", [
    ({}, "needs data= or shape="),
    ({"data": [1.0, 2.0]}, "must be a NumPy array, got list"),
    ({"data": np.array(1.0, np.float32)}, "at least one dimension"),
    ({"data": np.zeros(3, np.complex64)}, "unsupported element type"),
])
def test_tensor_misuse_is_a_type_error(arguments, message):
    with pytest.raises(TypeError, match=message):
        Tensor(**arguments)


# -- views ------------------------------------------------------------------------

def _trace(body, name="views"):
    return workload(name=name)(body)()


def test_chained_and_tuple_indexing_give_the_same_view():
    x = Tensor(shape=(2, 4, 16))
    y = Tensor(shape=(2, 4, 16))
    batch, tiles = Dense[2](), Dense[4]()

    def chained():
        for b in P(batch):
            for t in P(tiles):
                copy_row(x=x[b][t], y=y[b][t])

    def tupled():
        for b in P(batch):
            for t in P(tiles):
                copy_row(x=x[b, t], y=y[b, t])

    text = _trace(chained).mlir()
    assert text == _trace(tupled).mlir()
    assert "workload.view %arg0[%b, %t, %c0] sizes [1, 1, 16]" in text


def test_view_shapes_and_indexing_of_leading_dimensions():
    x = Tensor(shape=(2, 4, 16))
    assert isinstance(x[1], TensorView)
    assert x[1].shape == (4, 16)
    assert x[1, 2].shape == (1, 16)
    assert x[1, 0:2].shape == (2, 16)
    assert x[1, :, 4:12].shape == (4, 8)
    assert Tensor(shape=(32,))[8:24].shape == (1, 16)    # a 1-D view is one row


def test_slices_with_index_arithmetic_run_and_match_numpy():
    data = np.arange(2 * 64, dtype=np.float32).reshape(2, 64)
    x, y = Tensor(data=data), Tensor(shape=(2, 64))
    batch, tiles = Dense[2](), Dense[4]()

    @workload
    def shifted_copy():
        for b in P(batch):
            for t in P(tiles):
                # tile t of row b goes to tile 3 - t of row 1 - b
                copy_row(x=x[b, t * 16:t * 16 + 16],
                         y=y[1 - b, (3 - t) * 16:(3 - t) * 16 + 16])

    traced = shifted_copy()
    text = traced.mlir()
    assert "arith.muli %t, %c16" in text
    assert "sizes [1, 16] : memref<2x64xf32> -> !workload.view<1x16xf32>" in text
    traced.compile().run()
    expected = data.reshape(2, 4, 16)[::-1, ::-1].reshape(2, 64)
    np.testing.assert_array_equal(y.data, expected)


def test_slice_with_a_run_time_size_is_a_trace_error():
    x, y = Tensor(shape=(4, 64)), Tensor(shape=(4, 16))

    def body():
        for t in P(Dense[4]()):
            copy_row(x=x[t, t:t * 2 + 16], y=y[t])  # runtime-size

    with pytest.raises(TraceError, match="must be known at trace time; dimension 1 has a "
                                         "run-time size") as caught:
        _trace(body)
    assert_at(caught.value, "runtime-size")


def test_out_of_range_constant_indices_and_slices_are_trace_errors():
    x, y = Tensor(shape=(2, 16)), Tensor(shape=(2, 16))
    with pytest.raises(TraceError, match="index 2 is out of bounds for dimension 0 of size 2") \
            as caught:
        _trace(lambda: copy_row(x=x[2], y=y[0]))  # index-2
    assert_at(caught.value, "index-2")
    with pytest.raises(TraceError, match="index -1 is out of bounds"):
        _trace(lambda: copy_row(x=x[-1], y=y[0]))
    with pytest.raises(TraceError, match=r"slice \[8, 24\) is out of bounds for dimension 1"):
        _trace(lambda: copy_row(x=x[0, 8:24], y=y[0]))
    with pytest.raises(TraceError, match="view slices cannot have a step"):
        _trace(lambda: copy_row(x=x[0, 0:16:2], y=y[0]))
    with pytest.raises(TraceError, match="too many indices"):
        _trace(lambda: copy_row(x=x[0, 0, 0], y=y[0]))


def test_a_view_of_more_than_two_dimensions_is_a_trace_error():
    x, y = Tensor(shape=(2, 1, 16)), Tensor(shape=(2, 16))
    with pytest.raises(TraceError, match=r"a view must be 2-D: .* got sizes \[2, 1, 16\]"):
        _trace(lambda: copy_row(x=x, y=y[0]))


# -- errors and exported names ----------------------------------------------------

def test_exception_hierarchy():
    assert issubclass(CompileError, PtoError) and issubclass(ExecutionError, PtoError)
    assert issubclass(TraceError, CompileError)
    assert issubclass(ChannelError, ExecutionError)
    assert not issubclass(ExecutionError, CompileError)
    error = TraceError("bad call", "user.py", 12)
    assert str(error) == "user.py:12: bad call" and error.lineno == 12
    assert ChannelError("deadlock", "PTOWSP_ERR_DEADLOCK").status == "PTOWSP_ERR_DEADLOCK"


def test_every_exported_name_exists():
    for name in pto_wsp.__all__:
        assert hasattr(pto_wsp, name), name


def test_csp_names_are_importable_from_both_modules():
    for name in ("Channel", "process", "send", "consume", "connect", "replicate"):
        assert getattr(pto_wsp, name) is getattr(pto_wsp.csp, name)
