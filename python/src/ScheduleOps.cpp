//===- ScheduleOps.cpp ---------------------------------------------------------===//
// To be written (see docs/python-bindings.md).

#include "Bindings.h"

void ptowsp::python::populateScheduleOps(pybind11::module_ &m) {}
