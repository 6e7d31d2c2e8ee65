"""The exception hierarchy of pto_wsp: every error the package raises is a
PtoError."""


class PtoError(Exception):
    """Root of all PTO-WSP errors."""


class CompileError(PtoError):
    """Parsing, verification or lowering failed; the message holds the
    diagnostics with their source locations."""


class ExecutionError(PtoError):
    """A program failed while running (kernel failure, out-of-bounds
    region, deadlock...)."""


class ChannelError(ExecutionError):
    """A CSP channel operation failed (deadlock, misuse)."""
