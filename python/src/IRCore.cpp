//===- IRCore.cpp ---------------------------------------------------------===//
// To be written (see docs/python-bindings.md).

#include "Bindings.h"

void ptowsp::python::populateIRCore(pybind11::module_ &m) {}
