"""Element types: DType and its NumPy and MLIR spellings."""

import enum

import numpy as np

from pto_wsp.errors import PtoTypeError


class DType(enum.Enum):
    """An element type. The value is the MLIR spelling of its storage type
    (unsigned types are stored as signless integers of the same width)."""

    F16 = "f16"
    BF16 = "bf16"
    F32 = "f32"
    F64 = "f64"
    I8 = "i8"
    I16 = "i16"
    I32 = "i32"
    I64 = "i64"
    U8 = "u8"
    U16 = "u16"
    U32 = "u32"
    U64 = "u64"
    BOOL = "i1"
    INDEX = "index"

    @property
    def mlir(self):
        """The MLIR spelling: "f32", "i64", ... (unsigned -> signless)."""
        return "i" + self.value[1:] if self.value.startswith("u") else self.value

    @property
    def is_float(self):
        return self in (DType.F16, DType.BF16, DType.F32, DType.F64)

    @property
    def is_integer(self):
        return not self.is_float and self is not DType.INDEX

    @property
    def bits(self):
        return {"index": 64, "i1": 1}.get(self.value) or int(self.value[-2:].lstrip("fiu"))

    @property
    def numpy(self):
        """The NumPy dtype (bf16 has none: it is stored as uint16)."""
        if self is DType.BF16:
            return np.dtype(np.uint16)
        if self is DType.BOOL:
            return np.dtype(np.bool_)
        if self is DType.INDEX:
            return np.dtype(np.int64)
        return np.dtype({"f": "float", "i": "int", "u": "uint"}[self.value[0]] + self.value[1:])

    def __repr__(self):
        return f"DType.{self.name}"


_FROM_NUMPY = {np.dtype(t): d for t, d in [
    (np.float16, DType.F16), (np.float32, DType.F32), (np.float64, DType.F64),
    (np.int8, DType.I8), (np.int16, DType.I16), (np.int32, DType.I32),
    (np.int64, DType.I64), (np.uint8, DType.U8), (np.uint16, DType.U16),
    (np.uint32, DType.U32), (np.uint64, DType.U64), (np.bool_, DType.BOOL)]}


def from_numpy(dtype):
    """The DType of a NumPy dtype; TypeError for unsupported ones."""
    try:
        return _FROM_NUMPY[np.dtype(dtype)]
    except (KeyError, TypeError):
        raise PtoTypeError(f"unsupported element type {dtype!r}") from None


def as_dtype(value):
    """A DType from a DType, a NumPy dtype/type or an MLIR spelling."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        for dtype in DType:
            if value in (dtype.value, dtype.name.lower()):
                return dtype
    return from_numpy(value)
