"""Every error pto_wsp raises for a bad input is a PtoError, and also the
builtin TypeError or ValueError where Python's convention expects one; the
bindings raise the same classes. Also the Python end of docs/reliability.md:
NumPy buffers that do not match, a kernel that traps at run time, an
unusable compile cache (each row of the table names its test)."""

import json
from pathlib import Path

import numpy as np
import pytest

from pto_wsp import (Channel, Dense, DType, In, Out, P, Ragged, Sparse, TaskWindow, Tensor, Tile,
                     kernel, pto, replicate, translate_cpu_sim, workload, _pto_wsp)
from pto_wsp.errors import (BindingError, BindingTypeError, BindingValueError, ChannelError,
                            CompileError, ExecutionError, PtoError, PtoTypeError,
                            PtoValueError, TraceError, TraceTypeError, TraceValueError)

ROOT = Path(__file__).resolve().parents[2]
F32 = DType.F32


def raised(call):
    """The exception `call()` raises (a test failure if none)."""
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


# -- the hierarchy ---------------------------------------------------------------------------

@pytest.mark.parametrize("cls, bases", [
    (PtoTypeError, (PtoError, TypeError)),
    (PtoValueError, (PtoError, ValueError)),
    (TraceTypeError, (TraceError, CompileError, PtoTypeError, TypeError)),
    (TraceValueError, (TraceError, CompileError, PtoValueError, ValueError)),
    (BindingTypeError, (BindingError, ExecutionError, PtoTypeError, TypeError)),
    (BindingValueError, (BindingError, ExecutionError, PtoValueError, ValueError)),
    (ChannelError, (ExecutionError, PtoError)),
    (_pto_wsp.CompileFailure, (CompileError, PtoError)),
    (_pto_wsp.ExecutionFailure, (ExecutionError, PtoError)),
])
def test_classes_derive_from_pto_error_and_the_builtin(cls, bases):
    for base in bases:
        assert issubclass(cls, base), (cls, base)
    assert issubclass(cls, PtoError)


def test_binding_errors_carry_the_invalid_status():
    assert BindingTypeError("x").status == "PTOWSP_ERR_INVALID"
    error = TraceValueError("bad shape", "user.py", 7)
    assert str(error) == "user.py:7: bad shape" and error.lineno == 7


# -- Python API misuse outside tracing ------------------------------------------------------

@pytest.mark.parametrize("call, builtin, message", [
    (lambda: Channel("c", depth=-1), ValueError, "Channel depth must be a non-negative int"),
    (lambda: replicate(None, 0), ValueError, "replicate needs a positive count"),
    (lambda: TaskWindow(0), ValueError, "TaskWindow size must be a positive number"),
    (lambda: Tensor(data=[1, 2]), TypeError, "Tensor data must be a NumPy array"),
    (lambda: Tensor(data=np.zeros((2, 2), np.float32), dtype=DType.F16), TypeError,
     "contradicts the array's"),
    (lambda: Tensor(data=np.zeros((2, 2), np.complex64)), TypeError, "unsupported element type"),
    (lambda: Tile[4, "x"], TypeError, "Tile"),
    (lambda: Dense(-1), TypeError, "Dense size must be a non-negative int"),
    (lambda: Ragged(4, np.zeros(4, np.float32)), TypeError, "must hold integers, got F32"),
    (lambda: Sparse(2, np.zeros(3, np.float32), np.zeros(4, np.int32)), TypeError,
     "must hold integers, got F32"),
    (lambda: Ragged("rows", np.zeros(4, np.int64)), TypeError, "the outer axis must be an axis"),
])
def test_api_misuse_is_a_pto_error_and_the_builtin(call, builtin, message):
    error = raised(call)
    assert isinstance(error, PtoError) and isinstance(error, builtin), type(error).__mro__
    assert message in str(error)


# -- tracing: located at the user's line, typed ----------------------------------------------

@kernel
def double(x: In[Tile[4, 8, F32]], y: Out[Tile[4, 8, F32]]):
    pto.store(y, pto.add(x, x))


def trace(body):
    @workload
    def traced():
        body()
    return traced()


X = Tensor(shape=(2, 4, 8))
Y = Tensor(shape=(2, 4, 8))


@pytest.mark.parametrize("body, cls, builtin, message", [
    (lambda: double(Tensor(shape=(4, 8), dtype=DType.I32), Y[0]), TraceTypeError, TypeError,
     "parameter 'x' has dtype F32, the view's tensor has I32"),
    (lambda: double(X[0, 0:2], Y[0]), TraceValueError, ValueError,
     "parameter 'x' is a 4x8 tile, the view is 2x8"),
    (lambda: double(X[0], Y[0], Y[1]), TraceTypeError, TypeError,
     "kernel 'double' takes 2 arguments, got 3"),
    (lambda: double(X[0]), TraceTypeError, TypeError, "missing argument 'y'"),
    (lambda: double(X[2], Y[0]), TraceValueError, ValueError,
     "index 2 is out of bounds for dimension 0 of size 2"),
    (lambda: double(X[0, 2:6], Y[0]), TraceValueError, ValueError,
     "slice [2, 6) is out of bounds for dimension 1 of size 4"),
])
def test_trace_errors_are_typed_and_at_the_users_line(body, cls, builtin, message):
    error = raised(lambda: trace(body))
    assert isinstance(error, cls) and isinstance(error, builtin), type(error).__mro__
    assert message in str(error)
    assert error.filename == __file__
    assert str(error).startswith(f"{__file__}:{error.lineno}: ")


def test_a_dtype_mismatch_inside_a_kernel_is_a_type_error_at_the_op():
    @kernel
    def mixed(x: In[Tile[4, 8, F32]], y: Out[Tile[4, 8, DType.F16]]):
        pto.store(y, x)

    error = raised(lambda: trace(lambda: mixed(X[0], Tensor(shape=(4, 8), dtype=DType.F16))))
    assert isinstance(error, TraceTypeError) and isinstance(error, TypeError)
    assert "pto.store: a F32 tile into the F16" in str(error)


# -- NumPy buffers at run time ----------------------------------------------------------------

def squares():
    x = Tensor(data=np.arange(2 * 4 * 8, dtype=np.float32).reshape(2, 4, 8))
    y = Tensor(shape=(2, 4, 8))

    @workload
    def squares():
        for b in P(Dense[2]()):
            double[b](x[b], y[b])

    return squares().compile(), x, y


@pytest.mark.parametrize("replace, cls, builtin, message", [
    (lambda y: y.data.astype(np.float64), BindingTypeError, TypeError,
     "it now holds a (2, 4, 8) float64 one"),
    (lambda y: np.zeros((3, 4, 8), np.float32), BindingValueError, ValueError,
     "it now holds a (3, 4, 8) float32 one"),
    (lambda y: np.zeros((2, 4, 16), np.float32)[:, :, ::2], None, None, None),
])
def test_numpy_buffers_of_the_wrong_dtype_shape_or_strides(replace, cls, builtin, message):
    program, x, y = squares()
    y.data = replace(y)
    if cls is None:
        # A strided (non-contiguous) array is not an error: it runs on a
        # C-contiguous copy that is written back.
        program.run()
        np.testing.assert_array_equal(y.data, 2 * x.data)
        return
    error = raised(program.execute)
    assert isinstance(error, cls) and isinstance(error, builtin), type(error).__mro__
    assert error.status == "PTOWSP_ERR_INVALID"
    assert message in str(error)


def test_a_read_only_output_buffer_is_a_binding_value_error():
    program, _, y = squares()
    y.data.flags.writeable = False
    error = raised(program.execute)
    assert isinstance(error, BindingValueError) and isinstance(error, ValueError)
    assert "is written by the program but its array is read-only" in str(error)


def test_bindings_raise_the_package_classes(tmp_path):
    program, x, y = squares()
    graph = program._graph
    error = raised(lambda: graph.run([x.data, np.asfortranarray(y.data)]))
    assert isinstance(error, PtoValueError) and isinstance(error, ValueError)
    assert "argument 1: the array must be C-contiguous" in str(error)
    error = raised(lambda: graph.run([x.data, "y"]))
    assert isinstance(error, PtoTypeError) and isinstance(error, TypeError)
    error = raised(lambda: _pto_wsp.CompiledGraph(program.cpp, "absent", str(tmp_path)))
    assert isinstance(error, PtoValueError) and "ptowsp_graph_absent" in str(error)
    error = raised(lambda: translate_cpu_sim("not mlir", filename="t.mlir"))
    assert isinstance(error, CompileError) and "t.mlir:1:1: error:" in str(error)


def test_execution_failures_of_the_bindings_keep_status_and_message(tmp_path):
    program, x, y = squares()
    arch = json.loads((ROOT / "arch" / "a2a3.json").read_text())
    arch["cores"]["aicpu_schedulers"] = 0
    path = tmp_path / "no-schedulers.json"
    path.write_text(json.dumps(arch))
    error = raised(lambda: program._graph.run([x.data, y.data], {}, str(path)))
    assert isinstance(error, _pto_wsp.ExecutionFailure) and isinstance(error, ExecutionError)
    assert error.args == (error.status, str(error)) and error.status == "PTOWSP_ERR_INVALID"
    assert "machine.schedulers is 0" in str(error)


# -- a kernel that traps at run time ----------------------------------------------------------

def big_ub_arch(directory):
    """arch/a2a3.json with a UB larger than cpu_sim simulates."""
    arch = json.loads((ROOT / "arch" / "a2a3.json").read_text())
    arch["buffers_bytes"]["ub"] = 1 << 20
    path = directory / "big-ub.json"
    path.write_text(json.dumps(arch))
    return path


@kernel
def huge(x: In[Tile[256, 256, F32]], y: Out[Tile[256, 256, F32]]):
    pto.store(y, pto.add(x, x))


def test_a_kernel_that_traps_is_an_execution_error_naming_the_task(tmp_path):
    x, y = Tensor(shape=(256, 256)), Tensor(shape=(256, 256))

    @workload
    def trapping():
        huge(x, y)

    program = trapping().compile(arch=str(big_ub_arch(tmp_path)), cache_dir=str(tmp_path))
    error = raised(program.run)
    assert isinstance(error, ExecutionError) and error.status == "PTOWSP_ERR_KERNEL"
    assert "kernel 'huge' (task 0" in str(error)
    assert "does not fit in UB" in str(error)


# -- the compile cache ------------------------------------------------------------------------

def test_an_unusable_cache_directory_is_a_compile_error_naming_it(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    x, y = Tensor(shape=(4, 8)), Tensor(shape=(4, 8))

    @workload
    def once():
        double(x, y)

    error = raised(lambda: once().compile(cache_dir=str(blocker / "cache")))
    assert isinstance(error, CompileError)
    assert f"cannot create cache directory '{blocker / 'cache'}'" in str(error)


def test_a_corrupted_cache_entry_is_rebuilt(tmp_path):
    x, y = Tensor(data=np.ones((4, 8), np.float32)), Tensor(shape=(4, 8))

    @workload
    def once():
        double(x, y)

    traced = once()
    assert not traced.compile(cache_dir=str(tmp_path)).cache_hit
    for entry in tmp_path.glob("*.so"):
        entry.write_bytes(b"garbage")
    program = traced.compile(cache_dir=str(tmp_path))
    assert not program.cache_hit
    program.run()
    np.testing.assert_array_equal(y.data, 2 * x.data)
    assert traced.compile(cache_dir=str(tmp_path)).cache_hit
