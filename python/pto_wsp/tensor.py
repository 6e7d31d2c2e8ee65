"""Global tensors, their views and the axes loops iterate over.

A `Tensor` wraps a NumPy array; when a workload uses it, it becomes one of
the workload's tensor arguments and its array is bound automatically when the
program runs (outputs are written into it). Indexing a tensor gives a view:
`X[b][t]`, `X[b, t]`, `X[b, t*16 : t*16 + 16]`. Axes say what loops iterate
over; the data of dynamic, ragged and sparse axes is bound automatically too.
"""

import numpy as np

from pto_wsp import _session
from pto_wsp.dtypes import DType, as_dtype, from_numpy
from pto_wsp.scalars import Later, Scalar, Symbol, _encloses, as_index
from pto_wsp.statements import Deferred, Stmt, resolve
from pto_wsp.errors import PtoTypeError


class Tensor:
    """A global tensor: `Tensor(data=array)` (shape and dtype from the
    array), or `Tensor(shape=..., dtype=...)` (zeros). A dtype that
    contradicts the array's is an error. bf16 data is held as uint16 bits."""

    def __init__(self, data=None, shape=None, dtype=None, name=None):
        if data is None:
            if shape is None:
                raise PtoTypeError("Tensor needs data= or shape=")
            dt = as_dtype(dtype) if dtype is not None else DType.F32
            data = np.zeros(tuple(shape), dt.numpy)
            self.dtype = dt
        else:
            if not isinstance(data, np.ndarray):
                raise PtoTypeError(f"Tensor data must be a NumPy array, got {type(data).__name__}")
            inferred = from_numpy(data.dtype)
            if dtype is not None:
                dt = as_dtype(dtype)
                if not (dt is inferred or (dt is DType.BF16 and data.dtype == np.uint16)):
                    raise PtoTypeError(f"Tensor dtype {dt.name} contradicts the array's "
                                    f"dtype {data.dtype}")
                inferred = dt
            if shape is not None and tuple(shape) != data.shape:
                raise PtoTypeError(f"Tensor shape {tuple(shape)} contradicts the array's "
                                f"shape {data.shape}")
            self.dtype = inferred
        if data.ndim == 0:
            raise PtoTypeError("a Tensor needs at least one dimension")
        self.data = data
        self.name = name

    @property
    def shape(self):
        return self.data.shape

    def _value(self):
        session = _session.current("a Tensor")
        return session.argument(self, session.builder.memref_type(
            list(self.shape), session.builder.dtype(self.dtype.mlir)))

    def __getitem__(self, index):
        return TensorView(self)[index]

    def view(self):
        """The whole tensor as a view (for 1-D and 2-D tensors)."""
        return TensorView(self)

    def __repr__(self):
        label = f" {self.name!r}" if self.name else ""
        return f"Tensor{label}(shape={self.shape}, dtype={self.dtype.name})"


class TensorView:
    """A window of a tensor: one (offset, size) per dimension, built by
    indexing. Integers and run-time indices select one element of a
    dimension; slices keep `stop - start` elements (a size that must be
    known at trace time). Indices apply to the leading dimensions not yet
    indexed; the rest are taken whole."""

    def __init__(self, tensor, dims=None):
        self.tensor = tensor
        self.dims = list(dims or [])   # (offset Scalar, size int)

    def __getitem__(self, index):
        if not isinstance(index, tuple):
            index = (index,)
        dims = list(self.dims)
        shape = self.tensor.shape
        for item in index:
            d = len(dims)
            if d >= len(shape):
                raise _session.error(f"too many indices for {self.tensor!r}", ValueError)
            if isinstance(item, slice):
                if item.step not in (None, 1):
                    raise _session.error("view slices cannot have a step")
                start = as_index(0 if item.start is None else item.start)
                stop = as_index(shape[d] if item.stop is None else item.stop)
                size = stop - start
                if not size.is_constant():
                    raise _session.error(
                        f"the size of a view slice must be known at trace time; "
                        f"dimension {d} has a run-time size")
                if start.is_constant() and size.const > 0 and not (
                        0 <= start.const and start.const + size.const <= shape[d]):
                    raise _session.error(f"slice [{start.const}, {start.const + size.const}) "
                                         f"is out of bounds for dimension {d} of size "
                                         f"{shape[d]}", ValueError)
                if size.const <= 0 or size.const > shape[d]:
                    raise _session.error(f"slice of dimension {d} has size {size.const}, "
                                         f"the dimension has {shape[d]}", ValueError)
                dims.append((start, size.const))
            else:
                offset = as_index(item)
                if offset.is_constant() and not 0 <= offset.const < shape[d]:
                    raise _session.error(f"index {offset.const} is out of bounds for "
                                         f"dimension {d} of size {shape[d]}", ValueError)
                dims.append((offset, 1))
        return TensorView(self.tensor, dims)

    def full_dims(self):
        """The (offset, size) of every dimension (unindexed ones whole)."""
        shape = self.tensor.shape
        return self.dims + [(Scalar(DType.INDEX, const=0), n) for n in shape[len(self.dims):]]

    @property
    def shape(self):
        """The view's 2-D shape: its last two sizes (1 x n for 1-D)."""
        sizes = [size for _, size in self.full_dims()]
        return (1, sizes[0]) if len(sizes) == 1 else tuple(sizes[-2:])

    @property
    def dtype(self):
        return self.tensor.dtype

    def check_window(self):
        """Sizes of all but the last two dimensions must be 1."""
        sizes = [size for _, size in self.full_dims()]
        if any(size != 1 for size in sizes[:-2]):
            raise _session.error(
                f"a view must be 2-D: dimensions before the last two need an index, "
                f"got sizes {sizes} of {self.tensor!r}")

    def materialize(self):
        """A !workload.view value at the insertion point."""
        self.check_window()
        session = _session.current("a view")
        tensor = self.tensor._value()
        offsets = [offset.materialize() for offset, _ in self.full_dims()]
        sizes = [size for _, size in self.full_dims()]
        builder = session.at_user()
        result = builder.view_type(list(self.shape), builder.dtype(self.dtype.mlir))
        return builder.create_view(tensor, offsets, sizes, result)

    def __repr__(self):
        return f"TensorView({self.tensor!r}, shape={self.shape})"


def slot_load(tensor, *indices):
    """Read one element of `tensor` at run time as a scalar, once the tasks
    writing it have completed (data-dependent control). Missing trailing
    indices are 0."""
    if not isinstance(tensor, Tensor):
        raise _session.error("slot_load reads an element of a Tensor", TypeError)
    if len(indices) > len(tensor.shape):
        raise _session.error(f"slot_load: {len(indices)} indices for a rank-{len(tensor.shape)} tensor",
                             ValueError)
    if _session.active() is None:
        # Written outside a workload (a cond() predicate of a statement built
        # at module level): read where that statement is emitted.
        return Later(lambda: slot_load(tensor, *indices))
    session = _session.current("slot_load")
    value = tensor._value()
    idx = [as_index(i).materialize() for i in indices]
    idx += [as_index(0).materialize() for _ in range(len(tensor.shape) - len(indices))]
    builder = session.at_user()
    dtype = tensor.dtype
    if dtype in (DType.F16, DType.BF16, DType.BOOL):
        raise _session.error(f"slot_load of {dtype.name} elements is not supported", TypeError)
    result = builder.create_slot_load(value, idx, builder.dtype(dtype.mlir))
    return Scalar.of_value(result, dtype)


# -- v9's numbered u64 slots ---------------------------------------------------------
#
# v9 loads a tensor element into slot i (a statement) and reads slot_u64(i) in
# later predicates and keys. Here a slot names the run-time value of the last
# slot_load_u64/slot_set_u64 to it: reading it is reading that value, so it
# must be read where the value is visible (in the block of the statement that
# set it, or nested in it), not in another loop iteration.

def _slots(session):
    if not hasattr(session, "slots"):
        session.slots = {}       # slot number -> (Scalar, block it was set in)
    return session.slots


def _slot_number(slot, what):
    if isinstance(slot, bool) or not isinstance(slot, int) or slot < 0:
        raise _session.error(f"{what}: the slot is a non-negative int, got {slot!r}", TypeError)
    return slot


def slot_load_u64(slot, view, row=0, col=0):
    """v9: slot `slot` := the element (row, col) of the 2-D view `view`
    (read once the tasks writing it completed, as slot_load). A statement."""
    _slot_number(slot, "slot_load_u64")
    if isinstance(view, Tensor):
        view = view.view()
    if not isinstance(view, TensorView):
        raise _session.error(f"slot_load_u64 reads an element of a tensor view, got {view!r}",
                             TypeError)
    if _session.active() is None:
        return Deferred("slot_load_u64", slot_load_u64, slot, view, row, col)
    offsets = [offset for offset, _ in view.full_dims()]
    offsets[-1] = offsets[-1] + col
    if len(offsets) > 1:
        offsets[-2] = offsets[-2] + row
    elif not (isinstance(row, int) and row == 0):
        raise _session.error("slot_load_u64: a 1-D view has only row 0", ValueError)
    value = slot_load(view.tensor, *offsets)
    _slots(_session.current())[slot] = (value, _session.current().builder.get_insertion_block())
    return Stmt("slot_load_u64")


def slot_set_u64(slot, value):
    """v9: slot `slot` := `value` (an int or a run-time value). A statement."""
    _slot_number(slot, "slot_set_u64")
    if _session.active() is None:
        return Deferred("slot_set_u64", slot_set_u64, slot, value)
    value = resolve(value)
    if isinstance(value, bool) or not isinstance(value, (int, Scalar, Symbol)):
        raise _session.error(f"slot_set_u64: the value is an int or a run-time value, got "
                             f"{value!r}", TypeError)
    scalar = as_index(value) if isinstance(value, int) else value
    session = _session.current("slot_set_u64")
    _slots(session)[slot] = (scalar, session.builder.get_insertion_block())
    return Stmt("slot_set_u64")


def slot_u64(slot):
    """v9: the value of slot `slot` (a run-time value for cond(...),
    P.when(...), schedule keys, scalar arguments)."""
    _slot_number(slot, "slot_u64")
    if _session.active() is None:
        return Later(lambda: slot_u64(slot))
    session = _session.current("slot_u64")
    if slot not in _slots(session):
        raise _session.error(f"slot_u64({slot}): no slot_load_u64/slot_set_u64 of slot {slot} "
                             f"precedes it in the workload")
    value, block = _slots(session)[slot]
    if not _encloses(block, session.builder.get_insertion_block()):
        raise _session.error(
            f"slot_u64({slot}) is read outside the block of the statement that set it (e.g. "
            f"in another loop iteration); a slot is the value of its last slot_load_u64/"
            f"slot_set_u64, visible in that block and nested ones")
    return value


# -- axes ---------------------------------------------------------------------

class Axis:
    """What a loop iterates over."""

    name = None

    def emit(self, session):
        """The !workload.axis value for a loop at the insertion point."""
        raise NotImplementedError


class _DenseMeta(type):
    def __getitem__(cls, size):
        return lambda name=None: Dense(size, name)


class Dense(Axis, metaclass=_DenseMeta):
    """A static axis 0..n-1: `Dense[8]()` or `Dense(8)`."""

    def __init__(self, size, name=None):
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise PtoTypeError(f"Dense size must be a non-negative int, got {size!r}")
        self.size = size
        self.name = name

    def emit(self, session):
        return session.at_user().create_dense(self.size)

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"Dense[{self.size}]()"


class DenseDyn(Axis):
    """An axis whose size is a run-time value: `DenseDyn(n)` with an int
    (bound automatically when the program runs; change it with
    `axis.size = m` or `program.set_symbol(axis, m)`, no recompile), a
    Symbol, or a run-time Scalar (e.g. a slot value)."""

    def __init__(self, size, name=None):
        self.size = size
        self.name = name

    def emit(self, session):
        if isinstance(self.size, int) and not isinstance(self.size, bool):
            value = session.argument(self, session.builder.index_type())
        elif isinstance(self.size, Symbol):
            value = as_index(self.size.scalar()).materialize()
        elif isinstance(self.size, Scalar):
            value = as_index(self.size).materialize()
        else:
            raise _session.error(f"DenseDyn size must be an int, a Symbol or a run-time "
                                 f"value, got {self.size!r}", TypeError)
        return session.at_user().create_dense_dyn(value)

    def __repr__(self):
        return f"DenseDyn({self.size!r})"


def _int_tensor(data, what):
    if isinstance(data, Tensor):
        tensor = data
    elif isinstance(data, (np.ndarray, list, tuple)):
        tensor = Tensor(data=np.ascontiguousarray(np.asarray(data, dtype=np.int64)
                                                  if not isinstance(data, np.ndarray) else data))
    else:
        raise PtoTypeError(f"{what} must be a Tensor or an integer array, got {type(data).__name__}")
    if not tensor.dtype.is_integer:
        raise PtoTypeError(f"{what} must hold integers, got {tensor.dtype.name}")
    return tensor


class _Rowed(Axis):
    """An axis defined per index of an outer axis (ragged, sparse)."""

    def __init__(self, outer, name):
        if not isinstance(outer, (Axis, int)):
            raise PtoTypeError(f"the outer axis must be an axis or a size, got {outer!r}")
        self.outer = outer
        self.name = name
        self.row = None

    def __getitem__(self, row):
        """The axis for one outer index (e.g. a loop variable)."""
        bound = object.__new__(type(self))
        bound.__dict__.update(self.__dict__)
        bound.row = as_index(row)
        return bound

    def _row(self, session):
        if self.row is not None:
            return self.row
        for axis, var, _ in reversed(session.loops):
            if axis is self.outer:
                return var
        raise _session.error(
            f"{type(self).__name__} axis: no enclosing loop over its outer axis; "
            f"index it with the outer loop variable, e.g. axis[b]")


class Ragged(_Rowed):
    """`Ragged(outer, lengths)`: for outer index i, iterates 0..lengths[i]-1.
    `lengths` is an integer array or Tensor (bound automatically). Inside a
    loop over `outer`, `P(ragged)` uses that loop's variable; otherwise write
    `P(ragged[i])`."""

    def __init__(self, outer, lengths, name=None):
        super().__init__(outer, name)
        self.lengths = _int_tensor(lengths, "Ragged lengths")

    def emit(self, session):
        row = self._row(session).materialize()
        lengths = self.lengths._value()
        return session.at_user().create_ragged(lengths, [row] + [
            as_index(0).materialize() for _ in self.lengths.shape[1:]])


class Sparse(_Rowed):
    """`Sparse(outer, indptr, indices)`: row i of a CSR matrix. `P.sel(axis)`
    visits the stored indices indices[indptr[i]:indptr[i+1]] (e.g. the
    experts a token is routed to); `P(axis)` visits positions 0..count-1."""

    def __init__(self, outer, indptr, indices, name=None):
        super().__init__(outer, name)
        self.indptr = _int_tensor(indptr, "Sparse indptr")
        self.indices = _int_tensor(indices, "Sparse indices")

    def emit(self, session):
        row = self._row(session).materialize()
        return session.at_user().create_sparse(self.indptr._value(), self.indices._value(), row)
