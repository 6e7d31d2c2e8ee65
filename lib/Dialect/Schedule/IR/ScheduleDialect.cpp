//===- ScheduleDialect.cpp - schedule dialect, types and enums ------------===//
//
// Registration of the schedule dialect, its enums and its type.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ptowsp::schedule;

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.cpp.inc"
#include "pto-wsp/Dialect/Schedule/IR/ScheduleEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Schedule/IR/ScheduleTypes.cpp.inc"

void ScheduleDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "pto-wsp/Dialect/Schedule/IR/ScheduleOps.cpp.inc"
      >();
}

void ScheduleDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "pto-wsp/Dialect/Schedule/IR/ScheduleTypes.cpp.inc"
      >();
}
