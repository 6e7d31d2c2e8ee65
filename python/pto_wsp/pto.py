"""The `pto` namespace: tile operations for kernel bodies.

Every op of the tile dialect has a function here; each checks its operands'
shapes and dtypes while tracing (errors point at the user's line) and builds
one tile op. Operands may be tiles, kernel view parameters (loaded on first
use) and, where the op has a tile-scalar form, Python numbers or Scalar
parameters. Activations that PTO-ISA lacks (sigmoid, tanh, silu, gelu) are
composed from the primitive ops, never approximated silently.
"""

import math

from pto_wsp import _session
from pto_wsp.annotations import Direction
from pto_wsp.annotations import TileValue as _TileValueType
from pto_wsp.dtypes import DType, as_dtype
from pto_wsp.scalars import Scalar, as_index


# -- the values kernel bodies compute with ------------------------------------

class TileValue(_TileValueType):
    """A tile value in a kernel body: `value` (an MLIR value), `shape`
    (rows, cols) and `dtype`. Arithmetic operators build tile ops."""

    def __init__(self, value, shape, dtype):
        self.value = value
        self.shape = tuple(shape)
        self.dtype = dtype

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return sub(other, self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __truediv__(self, other):
        return div(self, other)

    def __rtruediv__(self, other):
        return div(other, self)

    def __neg__(self):
        return neg(self)

    def __matmul__(self, other):
        return matmul(self, other)

    @property
    def T(self):
        return transpose(self)

    def __repr__(self):
        return f"TileValue({self.shape[0]}x{self.shape[1]}x{self.dtype.name})"


class KernelView:
    """A view parameter inside a kernel body. Reading it (passing it to a
    pto op) loads it once; `pto.store(view, tile)` writes it."""

    def __init__(self, param, value, shape, dtype):
        self.param = param
        self.value = value
        self.shape = shape
        self.dtype = dtype
        self._loaded = None
        self.stored = False

    @property
    def direction(self):
        return self.param.direction

    def tile(self):
        """The tile loaded from this view (loaded at the first read)."""
        if self.direction is Direction.OUT:
            raise _session.error(f"parameter '{self.param.name}' is Out: a kernel cannot "
                                 "read it (declare it InOut)")
        if self._loaded is None:
            builder = _session.current().at_user()
            result = builder.tile_type(list(self.shape), builder.dtype(self.dtype.mlir))
            self._loaded = TileValue(builder.create_load(self.value, result),
                                     self.shape, self.dtype)
        return self._loaded

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.tile(), name)

    for _op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                "__truediv__", "__rtruediv__", "__neg__", "__matmul__"):
        locals()[_op] = (lambda op: lambda self, *a: getattr(self.tile(), op)(*a))(_op)
    del _op

    def __repr__(self):
        return f"KernelView({self.param.name}: {self.direction.value} {self.shape})"

_FLOAT_ONLY = {"exp", "log", "sqrt", "rsqrt", "recip", "rowmean", "div", "divs"}


class _CheckedBuilder:
    """The session's builder as pto ops use it: a ValueError of the bindings
    (an unknown predicate or round mode, a value the tile's element type
    cannot hold, a non-positive shape...) becomes a TraceError at the user's
    line."""

    def __init__(self, builder):
        self._builder = builder

    def __getattr__(self, name):
        method = getattr(self._builder, name)

        def checked(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except ValueError as exc:
                raise _session.error(str(exc)) from None
        return checked


def _builder():
    session = _session.current("pto ops")
    if session.kind() != "kernel":
        raise _session.error("pto ops can only be used in a @kernel body")
    return _CheckedBuilder(session.at_user())


def _tile(x, what="operand"):
    if isinstance(x, KernelView):
        return x.tile()
    if isinstance(x, TileValue):
        return x
    raise _session.error(f"expected a tile for the {what}, got {x!r}", TypeError)


def _is_scalar(x):
    return isinstance(x, (int, float, Scalar)) and not isinstance(x, bool)


def _tile_type(builder, shape, dtype):
    return builder.tile_type(list(shape), builder.dtype(dtype.mlir))


def _result(value, shape, dtype):
    return TileValue(value, shape, dtype)


def _scalar_value(builder, x, tile_dtype):
    """A scalar operand for a tile of `tile_dtype`: a float tile takes f32
    numbers, an integer tile integer numbers (converted by the op)."""
    if isinstance(x, Scalar):
        if x.dtype.is_float != tile_dtype.is_float:
            raise _session.error(f"a {x.dtype.name} scalar cannot be combined with a "
                                 f"{tile_dtype.name} tile", TypeError)
        return x.materialize()
    if tile_dtype.is_float:
        return builder.create_constant_float(float(x), builder.dtype("f32"))
    if isinstance(x, float) and not x.is_integer():
        raise _session.error(f"{x} is not an integer, the tile is {tile_dtype.name}", TypeError)
    return builder.create_constant_int(int(x), builder.dtype(tile_dtype.mlir))


def _require_float(name, tile):
    if name in _FLOAT_ONLY and not tile.dtype.is_float:
        raise _session.error(f"pto.{name} needs a float tile, got {tile.dtype.name}", TypeError)


def _broadcast_shape(name, a, b):
    (ra, ca), (rb, cb) = a.shape, b.shape
    rows = ra if ra == rb or rb == 1 else rb if ra == 1 else None
    cols = ca if ca == cb or cb == 1 else cb if ca == 1 else None
    if rows is None or cols is None or (ra != rb and ca != cb):
        raise _session.error(
            f"pto.{name}: shapes {ra}x{ca} and {rb}x{cb} do not broadcast (operands must "
            "have equal shapes, or one is an Rx1 column or a 1xC row of the other)")
    return (rows, cols)


# -- memory -------------------------------------------------------------------

def load(view, valid=None):
    """Load a view parameter as a tile; `valid=(rows, cols)` limits the tile's
    valid region: operations compute only inside it and a store writes only
    it."""
    if not isinstance(view, KernelView):
        raise _session.error("pto.load takes a view parameter of the kernel", TypeError)
    if valid is None:
        return view.tile()
    builder = _builder()
    rows, cols = (Scalar.materialize(_index(v)) for v in valid)
    result = _tile_type(builder, view.shape, view.dtype)
    return _result(builder.create_load(view.value, result, rows, cols), view.shape, view.dtype)


def _index(v):
    return as_index(v)


def store(view, tile, valid=None):
    """Store a tile to an Out/InOut view parameter (shape and dtype must
    match); `valid=(rows, cols)` stores only that region."""
    if not isinstance(view, KernelView):
        raise _session.error("pto.store(view, tile): the first argument is a view parameter",
                             TypeError)
    if view.direction is Direction.IN:
        raise _session.error(f"pto.store: parameter '{view.param.name}' is In; declare it "
                             "Out or InOut to store to it")
    tile = _tile(tile, "stored value")
    if tile.shape != tuple(view.shape):
        raise _session.error(f"pto.store: a {tile.shape[0]}x{tile.shape[1]} tile into the "
                             f"{view.shape[0]}x{view.shape[1]} view '{view.param.name}'",
                             ValueError)
    if tile.dtype.mlir != view.dtype.mlir:
        raise _session.error(f"pto.store: a {tile.dtype.name} tile into the {view.dtype.name} "
                             f"view '{view.param.name}' (use pto.cast)", TypeError)
    builder = _builder()
    view.stored = True
    if valid is None:
        builder.create_store(tile.value, view.value)
    else:
        rows, cols = (_index(v).materialize() for v in valid)
        builder.create_store(tile.value, view.value, rows, cols)


# -- elementwise binary ops (tile-tile with broadcasting, tile-scalar) --------

def _binary(name, a, b):
    if _is_scalar(a) and _is_scalar(b):
        raise _session.error(f"pto.{name} needs at least one tile operand")
    if _is_scalar(b) or _is_scalar(a):
        swapped = _is_scalar(a)
        tile, scalar = (_tile(b), a) if swapped else (_tile(a), b)
        if swapped and name == "sub":      # s - t = (-t) + s
            return _scalar_op("adds", neg(tile), scalar)
        if swapped and name == "div":      # s / t = recip(t) * s
            return _scalar_op("muls", recip(tile), scalar)
        return _scalar_op(name + "s", tile, scalar)
    a, b = _tile(a, "left operand"), _tile(b, "right operand")
    if a.dtype is not b.dtype:
        raise _session.error(f"pto.{name}: operands are {a.dtype.name} and {b.dtype.name} "
                             "(use pto.cast)", TypeError)
    _require_float(name, a)
    shape = _broadcast_shape(name, a, b)
    builder = _builder()
    value = getattr(builder, "create_" + name)(a.value, b.value, _tile_type(builder, shape, a.dtype))
    return _result(value, shape, a.dtype)


def _scalar_op(name, tile, scalar):
    _require_float(name, tile)
    builder = _builder()
    value = getattr(builder, "create_" + name)(
        tile.value, _scalar_value(builder, scalar, tile.dtype),
        _tile_type(builder, tile.shape, tile.dtype))
    return _result(value, tile.shape, tile.dtype)


def add(a, b):
    """a + b (tiles with row/column broadcasting, or a tile and a scalar)."""
    return _binary("add", a, b)


def sub(a, b):
    """a - b."""
    return _binary("sub", a, b)


def mul(a, b):
    """a * b."""
    return _binary("mul", a, b)


def div(a, b):
    """a / b (float tiles)."""
    return _binary("div", a, b)


def max(a, b):  # noqa: A001 - the PTO-ISA name
    """Elementwise maximum."""
    return _binary("max", a, b)


def min(a, b):  # noqa: A001
    """Elementwise minimum."""
    return _binary("min", a, b)


def adds(t, s):
    return _scalar_op("adds", _tile(t), s)


def subs(t, s):
    return _scalar_op("subs", _tile(t), s)


def muls(t, s):
    return _scalar_op("muls", _tile(t), s)


def divs(t, s):
    return _scalar_op("divs", _tile(t), s)


def maxs(t, s):
    return _scalar_op("maxs", _tile(t), s)


def mins(t, s):
    return _scalar_op("mins", _tile(t), s)


def broadcast(t, shape):
    """Repeat an Rx1 column along rows or a 1xC row down columns."""
    t = _tile(t)
    shape = tuple(shape)
    if not ((t.shape[1] == 1 and t.shape[0] == shape[0]) or
            (t.shape[0] == 1 and t.shape[1] == shape[1])):
        raise _session.error(f"pto.broadcast: cannot broadcast {t.shape[0]}x{t.shape[1]} "
                             f"to {shape[0]}x{shape[1]}", ValueError)
    builder = _builder()
    return _result(builder.create_broadcast(t.value, _tile_type(builder, shape, t.dtype)),
                   shape, t.dtype)


# -- unary ----------------------------------------------------------------------

def _unary(name, t):
    t = _tile(t)
    _require_float(name, t)
    return _result(getattr(_builder(), "create_" + name)(t.value), t.shape, t.dtype)


def exp(t):
    return _unary("exp", t)


def log(t):
    return _unary("log", t)


def sqrt(t):
    return _unary("sqrt", t)


def rsqrt(t):
    return _unary("rsqrt", t)


def recip(t):
    return _unary("recip", t)


def abs(t):  # noqa: A001
    return _unary("abs", t)


def neg(t):
    return _unary("neg", t)


def relu(t):
    return _unary("relu", t)


def sigmoid(t):
    """1 / (1 + exp(-t)), composed of neg, exp, adds and recip."""
    return recip(adds(exp(neg(t)), 1.0))


def tanh(t):
    """2 * sigmoid(2t) - 1, composed."""
    return adds(muls(sigmoid(muls(t, 2.0)), 2.0), -1.0)


def silu(t):
    """t * sigmoid(t), composed."""
    return mul(t, sigmoid(t))


def gelu(t):
    """The tanh approximation 0.5 t (1 + tanh(sqrt(2/pi) (t + 0.044715 t^3))),
    composed."""
    t = _tile(t)
    cube = mul(mul(t, t), t)
    inner = muls(add(t, muls(cube, 0.044715)), math.sqrt(2.0 / math.pi))
    return mul(muls(t, 0.5), adds(tanh(inner), 1.0))


# -- reductions -------------------------------------------------------------------

def _reduce(name, t):
    t = _tile(t)
    _require_float(name, t)
    shape = (t.shape[0], 1) if name.startswith("row") else (1, t.shape[1])
    builder = _builder()
    return _result(getattr(builder, "create_" + name)(t.value, _tile_type(builder, shape, t.dtype)),
                   shape, t.dtype)


def rowsum(t):
    return _reduce("rowsum", t)


def rowmax(t):
    return _reduce("rowmax", t)


def rowmin(t):
    return _reduce("rowmin", t)


def rowmean(t):
    return _reduce("rowmean", t)


def colsum(t):
    return _reduce("colsum", t)


def colmax(t):
    return _reduce("colmax", t)


def colmin(t):
    return _reduce("colmin", t)


# -- matmul, cast, fill ----------------------------------------------------------

def matmul(a, b, acc=None):
    """a @ b (+ acc): MxK and KxN tiles of f16, bf16 or f32 (both the same)
    give an MxN f32 tile; `acc` is an MxN f32 accumulator. Runs on the cube
    unit."""
    a, b = _tile(a, "left operand"), _tile(b, "right operand")
    if a.shape[1] != b.shape[0]:
        raise _session.error(f"pto.matmul: {a.shape[0]}x{a.shape[1]} @ {b.shape[0]}x{b.shape[1]}: "
                             "inner dimensions differ", ValueError)
    if a.dtype is not b.dtype or a.dtype not in (DType.F16, DType.BF16, DType.F32):
        raise _session.error(f"pto.matmul: operands must both be f16, bf16 or f32, got "
                             f"{a.dtype.name} and {b.dtype.name}", TypeError)
    shape = (a.shape[0], b.shape[1])
    builder = _builder()
    acc_value = None
    if acc is not None:
        acc = _tile(acc, "accumulator")
        if acc.shape != shape or acc.dtype is not DType.F32:
            raise _session.error(f"pto.matmul: the accumulator must be a {shape[0]}x{shape[1]} "
                                 f"F32 tile, got {acc.shape[0]}x{acc.shape[1]} {acc.dtype.name}",
                                 ValueError)
        acc_value = acc.value
    value = builder.create_matmul(a.value, b.value, _tile_type(builder, shape, DType.F32), acc_value)
    return _result(value, shape, DType.F32)


def cast(t, dtype, round="rint"):  # noqa: A002
    """Convert the element type; float->integer conversions round per `round`
    (rint round floor ceil trunc)."""
    t = _tile(t)
    dtype = as_dtype(dtype)
    builder = _builder()
    return _result(builder.create_cast(t.value, _tile_type(builder, t.shape, dtype), round),
                   t.shape, dtype)


def full(shape, value, dtype=DType.F32):
    """A tile with every element `value`: a Python number (a constant) or a
    run-time Scalar (tile.fill)."""
    dtype = as_dtype(dtype)
    shape = tuple(shape)
    builder = _builder()
    result = _tile_type(builder, shape, dtype)
    if isinstance(value, Scalar):
        return _result(builder.create_fill(_scalar_value(builder, value, dtype), result),
                       shape, dtype)
    return _result(builder.create_tile_constant(value, result), shape, dtype)


def fill(shape, value, dtype=DType.F32):
    """Same as full()."""
    return full(shape, value, dtype)


def zeros(shape, dtype=DType.F32):
    return full(shape, 0.0 if as_dtype(dtype).is_float else 0, dtype)


# -- compare, select, transpose, routing helpers -----------------------------------

def cmp(a, b, predicate):
    """An i1 mask: a <predicate> b elementwise (eq ne lt le gt ge); `b` may
    be a scalar."""
    a = _tile(a)
    builder = _builder()
    result = _tile_type(builder, a.shape, DType.BOOL)
    if _is_scalar(b):
        value = builder.create_cmps(predicate, a.value, _scalar_value(builder, b, a.dtype), result)
    else:
        b = _tile(b)
        if b.shape != a.shape or b.dtype is not a.dtype:
            raise _session.error("pto.cmp: both tiles must have the same shape and dtype",
                                 ValueError)
        value = builder.create_cmp(predicate, a.value, b.value, result)
    return _result(value, a.shape, DType.BOOL)


def select(mask, if_true, if_false):
    """Elementwise mask ? if_true : if_false."""
    mask, a, b = _tile(mask, "mask"), _tile(if_true), _tile(if_false)
    if mask.dtype is not DType.BOOL:
        raise _session.error("pto.select: the mask must come from pto.cmp", TypeError)
    if a.shape != b.shape or a.dtype is not b.dtype or mask.shape != a.shape:
        raise _session.error("pto.select: mask and values must have the same shape", ValueError)
    builder = _builder()
    return _result(builder.create_tile_select(mask.value, a.value, b.value,
                                              _tile_type(builder, a.shape, a.dtype)),
                   a.shape, a.dtype)


def transpose(t):
    t = _tile(t)
    shape = (t.shape[1], t.shape[0])
    builder = _builder()
    return _result(builder.create_transpose(t.value, _tile_type(builder, shape, t.dtype)),
                   shape, t.dtype)


def iota(shape, start=0, dtype=DType.I32):
    """Column indices start, start+1, ... in every row."""
    dtype = as_dtype(dtype)
    builder = _builder()
    return _result(builder.create_iota(start, _tile_type(builder, shape, dtype)),
                   tuple(shape), dtype)


def sort32(t):
    """(values, indices): each 32-element block of every row sorted
    descending, with the original column indices (i32)."""
    t = _tile(t)
    builder = _builder()
    op = builder.create_sort32(t.value, _tile_type(builder, t.shape, t.dtype),
                               _tile_type(builder, t.shape, DType.I32))
    return (_result(op.results[0], t.shape, t.dtype), _result(op.results[1], t.shape, DType.I32))


def topk(t, k):
    """(values, indices): the k largest elements of every row, descending
    (ties: lower index first), and their column indices (i32)."""
    t = _tile(t)
    shape = (t.shape[0], k)
    builder = _builder()
    op = builder.create_topk(t.value, _tile_type(builder, shape, t.dtype),
                             _tile_type(builder, shape, DType.I32))
    return (_result(op.results[0], shape, t.dtype), _result(op.results[1], shape, DType.I32))
