"""Kernel parameter annotations that are real typing constructs.

`Tile[16, 128, DType.F32]` is `typing.Annotated[TileValue, TileSpec(...)]`
and `In[...]` adds a direction to it, so `In[Tile[16, 128, DType.F32]]` is
`Annotated[TileValue, TileSpec(16, 128, F32), Direction.IN]`: a type checker
or an IDE sees a `TileValue` (with its arithmetic operators), the kernel
tracer reads the metadata with `typing.get_type_hints(..., include_extras=True)`.

    In[Tile[r, c, dtype]]     a tile loaded from an input view
    Out[Tile[r, c, dtype]]    a view the kernel stores to
    InOut[Tile[r, c, dtype]]  both (an accumulator)
    In[Tensor] / In[Tile]     shape and dtype taken from the call's view (the
                              kernel is specialized per shape)
    Scalar[dtype]             a run-time scalar argument
    Constexpr[int]            a Python value fixed per call (specialization)
"""

import dataclasses
import enum
import typing

from pto_wsp.dtypes import DType, as_dtype
from pto_wsp.tensor import Tensor
from pto_wsp.errors import PtoTypeError


class Direction(enum.Enum):
    IN = "in"
    OUT = "out"
    INOUT = "inout"


@dataclasses.dataclass(frozen=True)
class TileSpec:
    """The shape and element type of a kernel view parameter; None when
    taken from the call."""
    rows: typing.Optional[int] = None
    cols: typing.Optional[int] = None
    dtype: typing.Optional[DType] = None


@dataclasses.dataclass(frozen=True)
class ScalarSpec:
    dtype: DType


class _ConstexprMarker:
    def __repr__(self):
        return "CONSTEXPR"


CONSTEXPR = _ConstexprMarker()


class TileValue:
    """The static type of tiles in kernels (see pto_wsp.kernels.TileValue for
    the tracing class, which subclasses this)."""


class ScalarValue:
    """The static type of scalar kernel parameters."""



# The element types a kernel view (and so a Tile annotation) can have.
VIEW_DTYPES = (DType.F16, DType.BF16, DType.F32, DType.I8, DType.I16, DType.I32, DType.U8,
               DType.U16, DType.U32)


def check_view_dtype(dtype):
    """None if tiles of `dtype` can be loaded from and stored to global
    memory, else the reason."""
    if dtype in VIEW_DTYPES:
        return None
    return (f"kernel views of {dtype.name} are not supported (supported: "
            f"{', '.join(d.name for d in VIEW_DTYPES)})")


class Tile:
    """`Tile[rows, cols]` (f32) or `Tile[rows, cols, dtype]`."""

    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        if len(params) not in (2, 3) or not all(isinstance(p, int) and p > 0
                                                for p in params[:2]):
            raise PtoTypeError("Tile[rows, cols] or Tile[rows, cols, dtype] with "
                            "positive int rows and cols")
        dtype = as_dtype(params[2]) if len(params) == 3 else DType.F32
        reason = check_view_dtype(dtype)
        if reason:
            raise PtoTypeError(f"Tile[{params[0]}, {params[1]}, {dtype.name}]: {reason}")
        return typing.Annotated[TileValue, TileSpec(params[0], params[1], dtype)]


class Scalar:
    """`Scalar[dtype]`: a run-time scalar kernel argument."""

    def __class_getitem__(cls, dtype):
        return typing.Annotated[ScalarValue, ScalarSpec(as_dtype(dtype))]


class Constexpr:
    """`Constexpr[T]`: a Python value fixed at each call site; a kernel is
    specialized for each distinct value."""

    def __class_getitem__(cls, kind):
        return typing.Annotated[kind, CONSTEXPR]


def _direction(direction):
    class _Dir:
        def __class_getitem__(cls, inner):
            if inner is Tile or inner is Tensor:
                inner = typing.Annotated[TileValue, TileSpec()]
            if typing.get_origin(inner) is not typing.Annotated or not any(
                    isinstance(m, TileSpec) for m in inner.__metadata__):
                raise PtoTypeError(f"{direction.name.title()}[...] takes Tile[rows, cols, dtype], "
                                f"Tile or Tensor, got {inner!r}")
            return typing.Annotated[inner, direction]
    _Dir.__name__ = _Dir.__qualname__ = {"IN": "In", "OUT": "Out", "INOUT": "InOut"}[direction.name]
    _Dir.__doc__ = f"`{_Dir.__name__}[Tile[r, c, dtype]]`: a view parameter of direction {direction.value}."
    return _Dir


In = _direction(Direction.IN)
Out = _direction(Direction.OUT)
InOut = _direction(Direction.INOUT)


@dataclasses.dataclass(frozen=True)
class Param:
    """One kernel parameter as the tracer sees it."""
    name: str
    kind: str                      # "view", "scalar", "constexpr"
    direction: typing.Optional[Direction] = None
    tile: typing.Optional[TileSpec] = None
    dtype: typing.Optional[DType] = None
    default: typing.Any = None
    has_default: bool = False


def parse_parameter(name, hint, default=None, has_default=False):
    """A Param from an annotation; TypeError naming the parameter if it is not
    one of the supported forms."""
    if typing.get_origin(hint) is typing.Annotated:
        metadata = hint.__metadata__
        direction = next((m for m in metadata if isinstance(m, Direction)), None)
        tile = next((m for m in metadata if isinstance(m, TileSpec)), None)
        scalar = next((m for m in metadata if isinstance(m, ScalarSpec)), None)
        if direction is not None and tile is not None:
            return Param(name, "view", direction=direction, tile=tile)
        if scalar is not None:
            return Param(name, "scalar", dtype=scalar.dtype)
        if CONSTEXPR in metadata:
            return Param(name, "constexpr", default=default, has_default=has_default)
        if tile is not None:
            raise PtoTypeError(f"parameter '{name}': a Tile needs a direction: "
                            f"In[...], Out[...] or InOut[...]")
    raise PtoTypeError(f"parameter '{name}' needs an annotation In[Tile[...]], Out[...], "
                    f"InOut[...], Scalar[dtype] or Constexpr[type], got {hint!r}")
