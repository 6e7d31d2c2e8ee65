//===- Bindings.h - pieces of the _pto_wsp extension --------------*- C++ -*-===//
//
// The extension is split by subject: the IR core and builder (IRCore.cpp),
// one file of creation methods per dialect family, pipelines and
// translation (Passes.cpp) and cpu_sim execution (Execution.cpp). Each file
// adds its part to the module through one populate function. The API is
// documented in docs/python-bindings.md.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_PYTHON_BINDINGS_H
#define PTOWSP_PYTHON_BINDINGS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

namespace ptowsp::python {

/// Raised for every diagnostic-reported failure of verification, a pass or
/// a translation; Python sees it as _pto_wsp.CompileFailure.
struct CompileFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A bad argument given to a binding; Python sees it as
/// pto_wsp.errors.PtoValueError (also a ValueError).
struct ValueFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// An argument of the wrong kind given to a binding; Python sees it as
/// pto_wsp.errors.PtoTypeError (also a TypeError).
struct TypeFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The class `name` of pto_wsp.errors, or `fallback` (a builtin exception)
/// when that module cannot be imported (the extension loaded on its own).
pybind11::handle getErrorClass(const char *name, PyObject *fallback);

/// "file:line:col" of a location (its first file location), or MLIR's own
/// spelling when it has none.
std::string formatLocation(mlir::Location location);

/// Collects the diagnostics emitted while it lives as
/// "file:line:col: severity: message" lines.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context);
  /// Throws CompileFailure with the collected text (or `what` if none).
  [[noreturn]] void raise(const std::string &what);
  const std::string &getText() const { return text; }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

void populateIRCore(pybind11::module_ &m);
void populateArithOps(pybind11::module_ &m);
void populateTileOps(pybind11::module_ &m);
void populateWorkloadOps(pybind11::module_ &m);
void populateScheduleOps(pybind11::module_ &m);
void populateCSPOps(pybind11::module_ &m);
void populatePasses(pybind11::module_ &m);
void populateExecution(pybind11::module_ &m);

} // namespace ptowsp::python

#endif // PTOWSP_PYTHON_BINDINGS_H
