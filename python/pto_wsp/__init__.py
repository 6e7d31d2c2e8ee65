"""PTO-WSP: workload-schedule programming for tile accelerators.

    from pto_wsp import (kernel, workload, P, pto, In, Out, InOut, Tile, Scalar,
                         Dense, DenseDyn, Ragged, Sparse, Tensor, DType,
                         DispatchPolicy, TaskWindow, WindowMode)

Kernels (@kernel, pto.*) and workloads (@workload, P, the functional forms,
CSP) are traced into MLIR through the project's own bindings (_pto_wsp);
`workload().compile(target="cpu_sim")` runs the C++ pipeline and returns a
Program. See docs/python.md.
"""

from pto_wsp import _pto_wsp, _session
from pto_wsp import pto
from pto_wsp.annotations import Constexpr, In, InOut, Out, Scalar, Tile
from pto_wsp.csp import (Channel, connect, consume, process, query, record, replicate, send,
                         synchronize)
from pto_wsp.dtypes import DType
from pto_wsp.errors import (ChannelError, CompileError, ExecutionError, PtoError,
                            TraceError, UnsupportedError)
from pto_wsp.kernels import Kernel, TileValue, jit_kernel, kernel, ptoisa_kernel
from pto_wsp.program import Program, Stats, Workload, workload
from pto_wsp.schedule import (Deps, DispatchPolicy, Pools, ReadyPolicy, StartPolicy,
                              TaskWindow, TimingPolicy, TracePolicy, WindowMode)
from pto_wsp.scalars import Symbol
from pto_wsp.tensor import (Dense, DenseDyn, Ragged, Sparse, Tensor, TensorView, slot_load,
                            slot_load_u64, slot_set_u64, slot_u64)
from pto_wsp.loops import (P, combine, cond, for_each, parallel_for, select,
                              sequential, task)

__all__ = [
    "kernel", "jit_kernel", "ptoisa_kernel", "workload", "P", "pto", "In", "Out", "InOut",
    "Tile", "Scalar", "Constexpr",
    "Dense", "DenseDyn", "Ragged", "Sparse", "Symbol", "Tensor", "TensorView", "slot_load",
    "slot_load_u64", "slot_set_u64", "slot_u64",
    "DType", "DispatchPolicy", "TaskWindow", "WindowMode", "Deps", "Pools", "ReadyPolicy",
    "StartPolicy", "TimingPolicy", "TracePolicy", "Channel", "process", "send", "consume",
    "connect", "replicate", "record", "synchronize", "query", "parallel_for", "for_each",
    "select", "cond", "task",
    "combine", "sequential", "Program", "Stats", "Workload", "Kernel", "TileValue",
    "PtoError", "UnsupportedError", "CompileError", "TraceError", "ExecutionError",
    "ChannelError",
    "translate_cpu_sim",
]


def translate_cpu_sim(source, filename="<string>", arch="a2a3", schedule=""):
    """Lower MLIR text for cpu_sim; return the C++ translation unit.

    Raises CompileError with every diagnostic ("file:line:col: error: ...")
    when parsing, verification or a pass fails.
    """
    with _session.compile_errors():
        return _pto_wsp.translate_cpu_sim_text(source, filename, arch, schedule)
