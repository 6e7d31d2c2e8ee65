//===- Module.cpp - the _pto_wsp Python extension -------------------------===//
//
// The project's own pybind11 bindings (Debian ships no MLIR Python package):
// the module definition and the exception types; the parts are listed in
// Bindings.h and documented in docs/python-bindings.md.
//
//===----------------------------------------------------------------------===//

#include "Bindings.h"

namespace py = pybind11;
using namespace ptowsp::python;

PYBIND11_MODULE(_pto_wsp, m) {
  m.doc() = "PTO-WSP compiler bindings: IR builder, pipelines, translation "
            "and cpu_sim execution";
  static py::exception<CompileFailure> compileFailure(m, "CompileFailure");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const CompileFailure &failure) {
      compileFailure(failure.what());
    }
  });
  populateIRCore(m);
  populateArithOps(m);
  populateTileOps(m);
  populateWorkloadOps(m);
  populateScheduleOps(m);
  populateCSPOps(m);
  populatePasses(m);
  populateExecution(m);
}
