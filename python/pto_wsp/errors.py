"""The exception hierarchy of pto_wsp: every error the package raises is a
PtoError.

    PtoError
    ├── CompileError        the program cannot be compiled
    │   └── TraceError      ...found while tracing the user's Python code;
    │                       the message starts with "file:line:"
    └── ExecutionError      the program failed while running
        └── ChannelError    ...in a CSP pipeline (deadlock on channels,
                            a failing process)
"""


class PtoError(Exception):
    """Root of all PTO-WSP errors."""


class CompileError(PtoError):
    """Parsing, verification or lowering failed; the message holds the
    diagnostics with their source locations."""


class TraceError(CompileError):
    """A mistake found while tracing a kernel or a workload (a kernel call
    with the wrong arguments, a shape mismatch, a misplaced construct). The
    message starts with the user's "file:line:"; `filename` and `lineno`
    hold them too."""

    def __init__(self, message, filename=None, lineno=None):
        prefix = f"{filename}:{lineno}: " if filename else ""
        super().__init__(prefix + message)
        self.filename = filename
        self.lineno = lineno


class ExecutionError(PtoError):
    """A program failed while running (kernel failure, out-of-bounds
    region, window abort, deadlock...). `status` is the runtime's status
    name (e.g. "PTOWSP_ERR_OUT_OF_BOUNDS")."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class ChannelError(ExecutionError):
    """A CSP pipeline failed: processes blocked on channels (deadlock) or a
    process failed."""
