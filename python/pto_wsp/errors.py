"""The exception hierarchy of pto_wsp: every error the package raises for a
bad input is a PtoError. Where Python's convention expects a TypeError (a
value of the wrong kind or dtype, a call with the wrong arguments) or a
ValueError (a bad value or shape), the error is also that builtin, so that
`except TypeError` keeps working.

    PtoError
    ├── PtoTypeError        (also TypeError)  a value of the wrong kind/dtype
    ├── PtoValueError       (also ValueError) a value out of range, a bad shape
    ├── UnsupportedError    (also NotImplementedError) an API of the earlier
    │                       implementation (v9) that this one does not provide;
    │                       the message says why and what to use instead
    ├── CompileError        the program cannot be compiled
    │   └── TraceError      ...found while tracing the user's Python code;
    │       │               the message starts with "file:line:"
    │       ├── TraceTypeError   (also PtoTypeError)
    │       └── TraceValueError  (also PtoValueError)
    └── ExecutionError      the program failed while running
        ├── ChannelError    ...in a CSP pipeline (deadlock on channels,
        │                   a failing process)
        └── BindingError    the data given to a run does not match what the
            │               program was compiled for
            ├── BindingTypeError   (also PtoTypeError): wrong dtype
            └── BindingValueError  (also PtoValueError): wrong shape, a
                                   read-only output

The compiler bindings (`_pto_wsp`) raise the same classes: a bad argument to
a binding is a PtoTypeError or PtoValueError, a diagnostic a CompileFailure
(a CompileError), a failed run an ExecutionFailure (an ExecutionError whose
`args` are (status, message)).
"""


class PtoError(Exception):
    """Root of all PTO-WSP errors."""


class PtoTypeError(PtoError, TypeError):
    """A value of the wrong kind or dtype (also a TypeError)."""


class PtoValueError(PtoError, ValueError):
    """A value out of range or of the wrong shape (also a ValueError)."""


class UnsupportedError(PtoError, NotImplementedError):
    """An API of the earlier implementation (v9) that this one does not
    provide (it did nothing there, or this project does it another way); the
    message says why and what to use instead."""


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


class TraceTypeError(TraceError, PtoTypeError):
    """A TraceError that Python would call a TypeError: a dtype mismatch, a
    kernel called with missing, extra or wrongly-kinded arguments."""


class TraceValueError(TraceError, PtoValueError):
    """A TraceError that Python would call a ValueError: a shape mismatch,
    an index or slice out of bounds."""


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


class BindingError(ExecutionError):
    """A run's data does not match the compiled program (status
    "PTOWSP_ERR_INVALID"); nothing ran."""

    def __init__(self, message, status="PTOWSP_ERR_INVALID"):
        super().__init__(message, status)


class BindingTypeError(BindingError, PtoTypeError):
    """A tensor's array has another dtype than the program was compiled
    for."""


class BindingValueError(BindingError, PtoValueError):
    """A tensor's array has another shape than the program was compiled for,
    or is read-only although the program writes it."""
