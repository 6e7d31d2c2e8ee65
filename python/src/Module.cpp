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

py::handle ptowsp::python::getErrorClass(const char *name, PyObject *fallback) {
  try {
    // Kept alive by the module, which stays imported.
    return py::module_::import("pto_wsp.errors").attr(name).ptr();
  } catch (py::error_already_set &) {
    PyErr_Clear();
    return fallback;
  }
}

PYBIND11_MODULE(_pto_wsp, m) {
  m.doc() = "PTO-WSP compiler bindings: IR builder, pipelines, translation "
            "and cpu_sim execution";
  // The bindings raise the package's exception classes (pto_wsp.errors), so
  // that every error for a bad input is a PtoError.
  static py::exception<CompileFailure> compileFailure(
      m, "CompileFailure", getErrorClass("CompileError", PyExc_Exception));
  static py::handle valueError = getErrorClass("PtoValueError", PyExc_ValueError);
  static py::handle typeError = getErrorClass("PtoTypeError", PyExc_TypeError);
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer)
        std::rethrow_exception(pointer);
    } catch (const CompileFailure &failure) {
      compileFailure(failure.what());
    } catch (const ValueFailure &failure) {
      PyErr_SetString(valueError.ptr(), failure.what());
    } catch (const TypeFailure &failure) {
      PyErr_SetString(typeError.ptr(), failure.what());
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
