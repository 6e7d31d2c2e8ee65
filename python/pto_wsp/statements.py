"""Statements already emitted by the functional forms (pto_wsp.loops) and
CSP (pto_wsp.csp); `combine` and workload bodies accept them."""


class Stmt:
    """A statement already emitted by a functional form; `combine` and the
    workload body accept them."""

    def __init__(self, kind):
        self.kind = kind

    def __repr__(self):
        return f"<{self.kind} statement>"
