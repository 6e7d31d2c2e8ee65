"""@kernel: tile kernels traced from Python into the tile dialect.

    @kernel
    def scale(x: In[Tile[16, 128, DType.F32]], y: Out[Tile[16, 128, DType.F32]],
              s: Scalar[DType.F32]):
        pto.store(y, pto.mul(x, s))

A kernel is traced when a workload first calls it (once per specialization:
Constexpr values and, for shape-less `In[Tensor]` parameters, the shapes at
the call). Inside the body, an In/InOut parameter is read as a tile (loaded
on first use), Out/InOut parameters are stored to with `pto.store`, and the
`pto.*` functions build tile ops (pto_wsp/pto.py).
"""

import functools
import inspect
import typing

from pto_wsp import _session
from pto_wsp.annotations import Direction, check_view_dtype, parse_parameter
from pto_wsp.errors import PtoTypeError, TraceError, UnsupportedError
from pto_wsp.pto import KernelView, TileValue
from pto_wsp.scalars import Later, Scalar, Symbol, as_index, as_scalar
from pto_wsp.statements import Deferred, TaskHandle
from pto_wsp.tensor import Tensor, TensorView


class Kernel:
    """A traced tile kernel; see the module docstring."""

    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        signature = inspect.signature(fn)
        try:
            hints = typing.get_type_hints(fn, include_extras=True)
        except Exception as exc:
            raise PtoTypeError(f"kernel '{fn.__name__}': cannot read its annotations: {exc}") from None
        self.params = []
        for name, parameter in signature.parameters.items():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                raise PtoTypeError(f"kernel '{fn.__name__}': *args/**kwargs are not supported")
            if name not in hints:
                raise PtoTypeError(f"kernel '{fn.__name__}': parameter '{name}' needs an annotation "
                                "(In[Tile[...]], Out[...], InOut[...], Scalar[...] or Constexpr[...])")
            has_default = parameter.default is not parameter.empty
            try:
                self.params.append(parse_parameter(name, hints[name], parameter.default, has_default))
            except TypeError as exc:
                raise PtoTypeError(f"kernel '{fn.__name__}': {exc}") from None

    def __getitem__(self, axes):
        if not isinstance(axes, tuple):
            axes = (axes,)
        return _BoundKernel(self, tuple(as_index(a) for a in axes))

    def __call__(self, *args, **kwargs):
        return self.submit((), args, kwargs)

    def compile(self, *args, **kwargs):
        """v9's Kernel.compile(): not supported (UnsupportedError)."""
        raise UnsupportedError(
            f"kernel '{self.__name__}'.compile(): kernels are not compiled in isolation (v9 did "
            f"not either); call the kernel in a workload and compile the workload: "
            f"parallel_for(axis, lambda i: {self.__name__}[i](...)).compile()")

    def __repr__(self):
        return f"<kernel {self.__name__}>"

    # -- calls from a workload -------------------------------------------------
    def _bind(self, args, kwargs):
        if len(args) > len(self.params):
            raise _session.error(f"kernel '{self.__name__}' takes {len(self.params)} "
                                 f"arguments, got {len(args)}", TypeError)
        bound = {}
        for param, arg in zip(self.params, args):
            bound[param.name] = arg
        for name, arg in kwargs.items():
            if not any(p.name == name for p in self.params):
                raise _session.error(f"kernel '{self.__name__}' has no parameter '{name}'",
                                     TypeError)
            if name in bound:
                raise _session.error(f"kernel '{self.__name__}': parameter '{name}' given twice",
                                     TypeError)
            bound[name] = arg
        for param in self.params:
            if param.name not in bound:
                if param.has_default:
                    bound[param.name] = param.default
                else:
                    raise _session.error(f"kernel '{self.__name__}': missing argument "
                                         f"'{param.name}'", TypeError)
        return bound

    def _check_view(self, param, arg):
        if isinstance(arg, Tensor):
            arg = arg.view()
        if not isinstance(arg, TensorView):
            raise _session.error(
                f"kernel '{self.__name__}': parameter '{param.name}' is "
                f"{param.direction.name.title()}[Tile]: pass a tensor view like X[i], got {arg!r}",
                TypeError)
        arg.check_window()
        reason = check_view_dtype(arg.dtype)
        if reason:
            raise _session.error(f"kernel '{self.__name__}': parameter '{param.name}': {reason}",
                                 TypeError)
        spec = param.tile
        if spec.rows is not None and arg.shape != (spec.rows, spec.cols):
            raise _session.error(
                f"kernel '{self.__name__}': parameter '{param.name}' is a {spec.rows}x{spec.cols} "
                f"tile, the view is {arg.shape[0]}x{arg.shape[1]}", ValueError)
        if spec.dtype is not None and arg.dtype is not spec.dtype and not (
                arg.dtype.mlir == spec.dtype.mlir):
            raise _session.error(
                f"kernel '{self.__name__}': parameter '{param.name}' has dtype "
                f"{spec.dtype.name}, the view's tensor has {arg.dtype.name}", TypeError)
        return arg

    def _check(self, bound):
        """The bound arguments checked against the parameters (views as
        TensorViews)."""
        checked = {}
        for param in self.params:
            arg = bound[param.name]
            if param.kind == "view":
                arg = self._check_view(param, arg)
            elif param.kind == "scalar":
                if isinstance(arg, (Tensor, TensorView)):
                    raise _session.error(f"kernel '{self.__name__}': parameter '{param.name}' "
                                         f"is Scalar[{param.dtype.name}], got a tensor", TypeError)
            else:
                if isinstance(arg, (Scalar, Symbol, Later, Tensor, TensorView)):
                    raise _session.error(f"kernel '{self.__name__}': parameter '{param.name}' is "
                                         "Constexpr: pass a Python value known at trace time",
                                         TypeError)
                try:
                    hash(arg)
                except TypeError:
                    raise _session.error(f"kernel '{self.__name__}': Constexpr '{param.name}' "
                                         "must be hashable", TypeError) from None
            checked[param.name] = arg
        return checked

    def submit(self, axes, args, kwargs):
        """Submits one task (a workload.task op) at the insertion point; outside
        a workload, returns the task as a Deferred statement (the arguments
        checked now)."""
        if _session.active() is None:
            self._check(self._bind(args, kwargs))
            return Deferred("task", self.submit, axes, args, kwargs)
        session = _session.current(f"calling kernel '{self.__name__}'")
        if session.kind() not in ("workload", "process"):
            raise _session.error(f"kernel '{self.__name__}' can only be called in a workload")
        bound = self._check(self._bind(args, kwargs))
        operands = []       # (kind, value)
        key = []
        for param in self.params:
            arg = bound[param.name]
            if param.kind == "view":
                key.append((arg.shape, arg.dtype))
                operands.append(("view", arg))
                if param.direction is not Direction.IN:
                    session.written.add(id(arg.tensor))
            elif param.kind == "scalar":
                operands.append(("scalar", (param.dtype, arg)))
            else:
                key.append(("constexpr", param.name, arg))
        symbol = self._specialize(session, tuple(key), bound)
        values = []
        for kind, item in operands:
            if kind == "view":
                values.append(item.materialize())
            else:
                dtype, arg = item
                values.append(as_scalar(arg, dtype).to_dtype(dtype))
        op = session.at_user().create_task(symbol, values)
        return TaskHandle(self, axes, op, (args, kwargs), _session.user_location())

    def _specialize(self, session, key, bound):
        full_key = (id(self), key)
        if full_key in session.kernels:
            return session.kernels[full_key]
        taken = set(session.kernels.values())
        name = self.__name__
        suffix = 1
        while name in taken:
            name = f"{self.__name__}_{suffix}"
            suffix += 1
        session.kernels[full_key] = name
        self._trace(session, name, bound)
        return name

    def _trace(self, session, name, bound):
        builder = session.builder
        saved = builder.save_insertion_point()
        builder.set_insertion_point_to_end(session.module.body)
        builder.set_loc(*_definition_location(self.fn))
        types, concrete = [], []
        for param in self.params:
            if param.kind == "view":
                view = bound[param.name]
                view = view.view() if isinstance(view, Tensor) else view
                shape, dtype = view.shape, view.dtype
                types.append(builder.tile_view_type(list(shape), builder.dtype(dtype.mlir),
                                                    param.direction.value))
                concrete.append((param, shape, dtype))
            elif param.kind == "scalar":
                types.append(builder.dtype(param.dtype.mlir))
                concrete.append((param, None, param.dtype))
        op = builder.create_kernel(name, types)
        block = op.region(0).blocks[0]
        builder.set_insertion_point_to_end(block)
        arguments = iter(block.arguments)
        call = {}
        for param in self.params:
            if param.kind == "view":
                _, shape, dtype = next(c for c in concrete if c[0] is param)
                call[param.name] = KernelView(param, next(arguments), shape, dtype)
            elif param.kind == "scalar":
                call[param.name] = Scalar.of_value(next(arguments), param.dtype)
            else:
                call[param.name] = bound[param.name]
        session.region_kind.append("kernel")
        try:
            result = self.fn(**call)
        finally:
            session.region_kind.pop()
        if result is not None:
            raise _session.error(f"kernel '{self.__name__}' returns a value: kernels write "
                                 "their results with pto.store(view, tile)")
        unwritten = [view.param.name for view in call.values() if isinstance(view, KernelView)
                     and view.direction is Direction.OUT and not view.stored]
        if unwritten:
            filename, line, _ = _definition_location(self.fn)
            raise TraceError(f"kernel '{self.__name__}': Out parameter '{unwritten[0]}' is "
                             f"never stored (pto.store({unwritten[0]}, tile))", filename, line)
        builder.set_loc(*_definition_location(self.fn))
        builder.create_tile_return()
        builder.restore_insertion_point(saved)


def _definition_location(fn):
    code = fn.__code__
    return (code.co_filename, code.co_firstlineno, 1)


class _BoundKernel:
    def __init__(self, kernel, axes):
        self.kernel = kernel
        self.axes = axes

    def __call__(self, *args, **kwargs):
        return self.kernel.submit(self.axes, args, kwargs)


_V9_CPP_KERNEL_OPTIONS = ("cpp_src", "cpp_includes", "cpp_body_path", "cpp_tu_path")


def kernel(fn=None, **options):
    """Decorator: a tile kernel (see the module docstring)."""
    if options:
        name = sorted(options)[0]
        if name in _V9_CPP_KERNEL_OPTIONS:
            raise UnsupportedError(
                f"@kernel({name}=...): kernels with hand-written C++ bodies are not supported; "
                "a kernel is traced from its pto.* ops so that every target (cpu_sim, ascend, "
                "aie) lowers and checks it: write the body with pto.* (pto.sort32, pto.topk "
                "cover v9's TopK kernels)")
        raise PtoTypeError(f"@kernel takes no option {name!r}")
    if fn is None:
        return kernel
    return Kernel(fn)


jit_kernel = kernel      # v9's name for the same decorator


def ptoisa_kernel(fn=None, **options):
    """v9's instruction-traced kernels: not supported (UnsupportedError)."""
    raise UnsupportedError(
        "@ptoisa_kernel (kernels traced from PTO-ISA instructions) is not supported: write "
        "the kernel with @kernel and pto.* ops, which the ascend target lowers to the same "
        "PTO-ISA instructions")
