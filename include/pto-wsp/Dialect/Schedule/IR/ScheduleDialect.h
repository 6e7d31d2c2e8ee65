//===- ScheduleDialect.h - the schedule dialect -----------------*- C++ -*-===//
//
// Declarations of the schedule dialect, its enums, types and operations.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_SCHEDULE_IR_SCHEDULEDIALECT_H
#define PTOWSP_DIALECT_SCHEDULE_IR_SCHEDULEDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace ptowsp::schedule::OpTrait {
/// Marks the operations that set one knob of a schedule: the only operations
/// a `schedule.schedule` body may hold.
template <typename ConcreteType>
class ScheduleKnob
    : public mlir::OpTrait::TraitBase<ConcreteType, ScheduleKnob> {};
} // namespace ptowsp::schedule::OpTrait

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h.inc"
#include "pto-wsp/Dialect/Schedule/IR/ScheduleEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Schedule/IR/ScheduleTypes.h.inc"

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Schedule/IR/ScheduleOps.h.inc"

#endif // PTOWSP_DIALECT_SCHEDULE_IR_SCHEDULEDIALECT_H
