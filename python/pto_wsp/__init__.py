"""PTO-WSP: workload-schedule programming for tile accelerators.

This package grows into the DSL of ARCHITECTURE.md section 6. Today it
offers the compiler entry point that the DSL will use: lowering MLIR text
with the same C++ pipeline as pto-wsp-translate, with errors raised as
exceptions of the package's hierarchy.
"""

from pto_wsp.errors import ChannelError, CompileError, ExecutionError, PtoError
from pto_wsp import _pto_wsp

__all__ = ["PtoError", "CompileError", "ExecutionError", "ChannelError",
           "translate_cpu_sim"]


def translate_cpu_sim(source, filename="<string>", arch="a2a3", schedule=""):
    """Lower MLIR text for cpu_sim; return the C++ translation unit.

    Raises CompileError with every diagnostic ("file:line:col: error: ...")
    when parsing, verification or a pass fails.
    """
    try:
        return _pto_wsp.translate_cpu_sim_text(source, filename, arch, schedule)
    except _pto_wsp.CompileFailure as failure:
        raise CompileError(str(failure)) from None
