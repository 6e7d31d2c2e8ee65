"""Run-time scalars while tracing: loop variables, index arithmetic, symbols,
slot values and the conditions built from them.

An index expression is kept as a linear form (a constant plus integer
multiples of opaque index values) until it is used, so that a slice like
`X[b, t*16 : t*16 + 16]` has a size known at trace time (16). Other
operations (`//`, `%`, products of two run-time values) and values of other
types are materialized as arith ops at the point where they are written.
"""

from pto_wsp import _session
from pto_wsp.dtypes import DType, as_dtype
from pto_wsp.errors import PtoTypeError

_CMP_INT = {"lt": "slt", "le": "sle", "gt": "sgt", "ge": "sge", "eq": "eq", "ne": "ne"}
_CMP_UINT = {"lt": "ult", "le": "ule", "gt": "ugt", "ge": "uge", "eq": "eq", "ne": "ne"}
_CMP_FLOAT = {"lt": "olt", "le": "ole", "gt": "ogt", "ge": "oge", "eq": "oeq", "ne": "one"}


def _mlir_type(builder, dtype):
    return builder.dtype(dtype.mlir)


class Scalar:
    """A scalar known at run time. `dtype` is DType.INDEX for loop variables
    and index arithmetic; symbols and slot values keep their own type."""

    __hash__ = object.__hash__

    def __init__(self, dtype, value=None, terms=None, const=0):
        self.dtype = dtype
        self._value = value          # an MLIR Value (non-linear / non-index)
        self.terms = dict(terms or {})  # index only: Value -> coefficient
        self.const = const

    # -- construction --------------------------------------------------------
    @staticmethod
    def of_index_value(value):
        return Scalar(DType.INDEX, terms={value: 1})

    @staticmethod
    def of_value(value, dtype):
        if dtype is DType.INDEX:
            return Scalar.of_index_value(value)
        return Scalar(dtype, value=value)

    def is_constant(self):
        return self.dtype is DType.INDEX and not self.terms

    # -- materialization -----------------------------------------------------
    def materialize(self):
        """The MLIR value of this scalar at the builder's insertion point."""
        builder = _session.current().at_user()
        if self._value is not None:
            return self._value
        result = None
        for value, coef in self.terms.items():
            term = value
            if coef != 1:
                term = builder.create_muli(value, builder.create_constant_index(coef))
            result = term if result is None else builder.create_addi(result, term)
        if result is None:
            return builder.create_constant_index(self.const)
        if self.const:
            result = builder.create_addi(result, builder.create_constant_index(self.const))
        return result

    def to_dtype(self, dtype):
        """This scalar as a value of `dtype` (integer <-> index casts)."""
        value = self.materialize()
        if dtype is self.dtype:
            return value
        builder = _session.current().at_user()
        index_like = (DType.INDEX,) + tuple(d for d in DType if d.is_integer)
        if self.dtype in index_like and dtype in index_like:
            if DType.INDEX in (self.dtype, dtype):
                return builder.create_index_cast(value, _mlir_type(builder, dtype))
        if self.dtype in index_like and dtype.is_float:
            if self.dtype is DType.INDEX:
                value = builder.create_index_cast(value, builder.dtype("i64"))
            return builder.create_sitofp(value, _mlir_type(builder, dtype))
        raise _session.error(f"cannot use a {self.dtype.name} value as {dtype.name}", TypeError)

    # -- arithmetic ------------------------------------------------------------
    def _other(self, other):
        if isinstance(other, Scalar):
            return other
        if isinstance(other, bool):
            raise _session.error("a bool cannot take part in index arithmetic")
        if isinstance(other, int):
            if self.dtype is DType.INDEX:
                return Scalar(DType.INDEX, const=other)
            return _constant(other, self.dtype)
        if isinstance(other, float) and self.dtype.is_float:
            return _constant(other, self.dtype)
        return NotImplemented

    def _common(self, other):
        """Both operands in one type: index and integers meet in the
        non-index integer type."""
        if self.dtype is other.dtype:
            return self, other, self.dtype
        if self.dtype is DType.INDEX and other.dtype is not DType.INDEX:
            return Scalar(other.dtype, value=self.to_dtype(other.dtype)), other, other.dtype
        if other.dtype is DType.INDEX:
            return self, Scalar(self.dtype, value=other.to_dtype(self.dtype)), self.dtype
        raise _session.error(f"cannot combine {self.dtype.name} and {other.dtype.name} values",
                             TypeError)

    def _linear(self, other, sign):
        terms = dict(self.terms)
        for value, coef in other.terms.items():
            terms[value] = terms.get(value, 0) + sign * coef
            if terms[value] == 0:
                del terms[value]
        return Scalar(DType.INDEX, terms=terms, const=self.const + sign * other.const)

    def _binary(self, other, int_op, float_op, reverse=False):
        other = self._other(other)
        if other is NotImplemented:
            return other
        a, b, dtype = self._common(other)
        if reverse:
            a, b = b, a
        op = float_op if dtype.is_float else int_op
        if op is None:
            raise _session.error(f"this operation is not defined on {dtype.name} values")
        if dtype is DType.INDEX:
            return _index_op(op, a, b)
        builder = _session.current().at_user()
        return Scalar.of_value(_emit(builder, op, a.materialize(), b.materialize()), dtype)

    def _key(self):
        """What identifies an index value structurally (equal keys, equal
        values)."""
        if self._value is not None:
            return ("value", self._value)
        return ("linear", frozenset(self.terms.items()), self.const)

    def __add__(self, other):
        o = self._other(other)
        if o is NotImplemented:
            return o
        if self._linear_ok(o):
            return self._linear(o, 1)
        return self._binary(o, "addi", "addf")

    __radd__ = __add__

    def __sub__(self, other):
        o = self._other(other)
        if o is NotImplemented:
            return o
        if self._linear_ok(o):
            return self._linear(o, -1)
        return self._binary(o, "subi", "subf")

    def __rsub__(self, other):
        o = self._other(other)
        if o is NotImplemented:
            return o
        return o.__sub__(self)

    def __mul__(self, other):
        o = self._other(other)
        if o is NotImplemented:
            return o
        if self._linear_ok(o) and (o.is_constant() or self.is_constant()):
            k, e = (o.const, self) if o.is_constant() else (self.const, o)
            return Scalar(DType.INDEX, terms={v: c * k for v, c in e.terms.items() if c * k},
                          const=e.const * k)
        return self._binary(o, "muli", "mulf")

    __rmul__ = __mul__

    def __floordiv__(self, other):
        o = self._other(other)
        if o is NotImplemented:
            return o
        if self._linear_ok(o) and o.is_constant() and o.const > 0 and all(
                c % o.const == 0 for c in list(self.terms.values()) + [self.const]):
            return Scalar(DType.INDEX, terms={v: c // o.const for v, c in self.terms.items()},
                          const=self.const // o.const)
        return self._binary(o, "floordivsi", None)

    def __rfloordiv__(self, other):
        o = self._other(other)
        return o if o is NotImplemented else o.__floordiv__(self)

    def __truediv__(self, other):
        if not self.dtype.is_float:
            raise _session.error("use // for integer division of run-time values")
        return self._binary(other, None, "divf")

    def __mod__(self, other):
        return self._binary(other, "floormodsi", None)

    def __rmod__(self, other):
        return self._binary(other, "floormodsi", None, reverse=True)

    def min(self, other):
        return self._binary(other, "minsi", None)

    def max(self, other):
        return self._binary(other, "maxsi", None)

    def __and__(self, other):
        return self._binary(other, "andi", None)

    __rand__ = __and__

    def __or__(self, other):
        return self._binary(other, "ori", None)

    __ror__ = __or__

    def __xor__(self, other):
        return self._binary(other, "xori", None)

    def _linear_ok(self, other):
        return self.dtype is DType.INDEX and other.dtype is DType.INDEX and \
            self._value is None and other._value is None

    # -- comparisons -----------------------------------------------------------
    def _compare(self, other, predicate):
        o = self._other(other)
        if o is NotImplemented:
            return o
        a, b, dtype = self._common(o)
        builder = _session.current().at_user()
        lhs, rhs = a.materialize(), b.materialize()
        if dtype.is_float:
            value = builder.create_cmpf(_CMP_FLOAT[predicate], lhs, rhs)
        else:
            table = _CMP_UINT if dtype.value.startswith("u") else _CMP_INT
            value = builder.create_cmpi(table[predicate], lhs, rhs)
        return Scalar(DType.BOOL, value=value)

    def __lt__(self, other):
        return self._compare(other, "lt")

    def __le__(self, other):
        return self._compare(other, "le")

    def __gt__(self, other):
        return self._compare(other, "gt")

    def __ge__(self, other):
        return self._compare(other, "ge")

    def __eq__(self, other):
        if not isinstance(other, (Scalar, int, float)):
            return NotImplemented
        return self._compare(other, "eq")

    def __ne__(self, other):
        if not isinstance(other, (Scalar, int, float)):
            return NotImplemented
        return self._compare(other, "ne")

    def where(self, if_true, if_false):
        """`if_true if self else if_false` for a condition (arith.select)."""
        if self.dtype is not DType.BOOL:
            raise _session.error("where() needs a condition")
        a = as_scalar(if_true)
        b = as_scalar(if_false, a.dtype)
        a, b, dtype = a._common(b)
        builder = _session.current().at_user()
        value = builder.create_select(self.materialize(), a.materialize(), b.materialize())
        return Scalar.of_value(value, dtype)

    def __bool__(self):
        raise _session.error(
            "a run-time value has no truth value while tracing: use P.when(...) "
            "for a run-time condition")

    def __index__(self):
        raise _session.error(
            "a run-time index cannot be used where Python needs an int "
            "(a shape, a range, a slice size)")

    def __repr__(self):
        if self.is_constant():
            return f"Scalar({self.const})"
        return f"Scalar<{self.dtype.name}>"


class Symbol:
    """A named run-time scalar: `Symbol("seq_len", DType.I64, 128)`. A program
    reads its `value` at each execute(): set it with `sym.value = 256` or
    `program.set_symbol("seq_len", 256)` between runs, without recompiling.
    Symbol objects of the same name are one run-time symbol."""

    def __init__(self, name, dtype=DType.I64, value=0):
        if not isinstance(name, str) or not name:
            raise PtoTypeError(f"a Symbol needs a non-empty name, got {name!r}")
        self.name = name
        self.dtype = as_dtype(dtype)
        self.value = value

    def scalar(self):
        """The symbol's value at the insertion point (a workload.symbol op)."""
        session = _session.current("a Symbol")
        dtype, objects = session.symbols.setdefault(self.name, (self.dtype, []))
        if dtype is not self.dtype:
            raise _session.error(f"symbol '{self.name}' used with types {dtype.name} "
                                 f"and {self.dtype.name}")
        if not any(obj is self for obj in objects):
            objects.append(self)
        builder = session.at_user()
        return Scalar.of_value(builder.create_symbol(self.name, builder.dtype(self.dtype.mlir)),
                               self.dtype)

    # Symbols take part in expressions directly.
    def __getattr__(self, attribute):
        if attribute.startswith("__") or attribute in ("name", "dtype", "value"):
            raise AttributeError(attribute)
        return getattr(self.scalar(), attribute)

    def _binary(name):
        def method(self, *args):
            if _session.active() is None:
                # Written outside a workload (e.g. a cond() predicate of a
                # statement built at module level): computed where used.
                return Later(lambda: getattr(self.scalar(), name)(*map(_now, args)))
            return getattr(self.scalar(), name)(*map(_now, args))
        return method

    for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                  "__floordiv__", "__rfloordiv__", "__truediv__", "__mod__", "__rmod__",
                  "__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__and__",
                  "__or__", "__xor__"):
        locals()[_name] = _binary(_name)
    del _name, _binary
    __hash__ = object.__hash__

    def __repr__(self):
        return f"Symbol({self.name!r}, {self.dtype!r}, {self.value!r})"


class Later:
    """A run-time value written outside a workload (an expression of
    Symbols, a slot_load): computed at the point of the workload where the
    statement using it is emitted. Expressions of Later values are Later."""

    __hash__ = object.__hash__

    def __init__(self, compute):
        self._compute = compute

    def value(self):
        """The Scalar, at the insertion point of the workload being traced."""
        _session.current("a run-time value")
        return self._compute()

    def _operator(name):
        def method(self, *args):
            return Later(lambda: getattr(self.value(), name)(*map(_now, args)))
        return method

    for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                  "__floordiv__", "__rfloordiv__", "__truediv__", "__mod__", "__rmod__",
                  "__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__and__",
                  "__rand__", "__or__", "__ror__", "__xor__", "min", "max", "where"):
        locals()[_name] = _operator(_name)
    del _name, _operator

    def __bool__(self):
        raise _session.error(
            "a run-time value has no truth value: use cond(...) or P.when(...) for a "
            "run-time condition")

    def __repr__(self):
        return "<run-time value (computed where it is used)>"


def _now(value):
    """`value`, or the Scalar of a Later value."""
    return value.value() if isinstance(value, Later) else value


def _index_op(op, a, b):
    """`a op b` on index values. In a workload, built once per enclosing
    block: writing the same expression twice (`X[(t // 2) * 16 :
    (t // 2) * 16 + 16]`) gives the same value, so slice sizes stay known at
    trace time. (Schedule key regions are erased after each compile, so
    nothing of theirs is remembered.)"""
    session = _session.current()
    builder = session.at_user()
    if session.kind() not in ("workload", "process"):
        return Scalar.of_index_value(_emit(builder, op, a.materialize(), b.materialize()))
    block = builder.get_insertion_block()
    key = (op, a._key(), b._key())
    cached = session.index_ops.get(key)
    if cached is not None and _encloses(cached[1], block):
        return cached[0]
    result = Scalar.of_index_value(_emit(builder, op, a.materialize(), b.materialize()))
    session.index_ops[key] = (result, block)
    return result


def _emit(builder, op, lhs, rhs):
    """`lhs op rhs` as arith ops, with Python's semantics for `//` and `%`:
    `//` is arith.floordivsi; "floormodsi" (`%`, a remainder of the
    divisor's sign) is arith.remsi corrected where the signs differ. The
    cpu_sim lowering keeps the signed meaning of these ops on index values."""
    if op != "floormodsi":
        return getattr(builder, "create_" + op)(lhs, rhs)
    zero = (builder.create_constant_index(0) if lhs.type.is_index()
            else builder.create_constant_int(0, lhs.type))
    remainder = builder.create_remsi(lhs, rhs)
    # remsi takes the dividend's sign; a nonzero remainder whose sign differs
    # from the divisor's needs the divisor added.
    adjust = builder.create_andi(
        builder.create_cmpi("ne", remainder, zero),
        builder.create_xori(builder.create_cmpi("slt", remainder, zero),
                            builder.create_cmpi("slt", rhs, zero)))
    return builder.create_select(adjust, builder.create_addi(remainder, rhs), remainder)


def _encloses(outer, block):
    """Whether `block` is `outer` or nested in it (then a value defined
    earlier in `outer` may be used at the end of `block`)."""
    while block is not None:
        if block == outer:
            return True
        parent = block.parent_op
        block = parent.parent_block if parent is not None else None
    return False


def _constant(value, dtype):
    builder = _session.current().at_user()
    mlir_type = _mlir_type(builder, dtype)
    if dtype.is_float:
        return Scalar(dtype, value=builder.create_constant_float(float(value), mlir_type))
    if dtype is DType.INDEX:
        return Scalar(DType.INDEX, const=int(value))
    return Scalar(dtype, value=builder.create_constant_int(int(value), mlir_type))


def as_scalar(value, dtype=None):
    """A Scalar from a Scalar, a Symbol, an int or a float (of `dtype` if
    given)."""
    value = _now(value)
    if isinstance(value, Symbol):
        return value.scalar()
    if isinstance(value, Scalar):
        return value
    if isinstance(value, bool):
        return _constant(int(value), DType.BOOL)
    if isinstance(value, int):
        return _constant(value, dtype or DType.INDEX)
    if isinstance(value, float):
        return _constant(value, dtype if dtype is not None and dtype.is_float else DType.F32)
    raise _session.error(f"expected a run-time scalar or a number, got {value!r}", TypeError)


def as_index(value):
    """An index Scalar from an int, a Symbol or a Scalar (integers are
    cast)."""
    value = _now(value)
    if isinstance(value, Symbol):
        value = value.scalar()
    if isinstance(value, Scalar):
        if value.dtype is DType.INDEX:
            return value
        if value.dtype.is_integer:
            return Scalar.of_index_value(value.to_dtype(DType.INDEX))
        raise _session.error(f"a {value.dtype.name} value cannot be used as an index", TypeError)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _session.error(f"expected an index (an int or a loop variable), got {value!r}",
                             TypeError)
    return Scalar(DType.INDEX, const=value)
