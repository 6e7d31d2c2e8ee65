//===- WorkloadDialect.h - the workload dialect -----------------*- C++ -*-===//
//
// Declarations of the workload dialect, its types and operations.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_WORKLOAD_IR_WORKLOADDIALECT_H
#define PTOWSP_DIALECT_WORKLOAD_IR_WORKLOADDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/Workload/IR/WorkloadTypes.h.inc"

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/Workload/IR/WorkloadOps.h.inc"

namespace ptowsp::workload {
/// The loop (`parallel_for`, `for_each` or `select`) whose variable is named
/// `name` among the loops enclosing `op`, or null.
mlir::Operation *findEnclosingLoop(mlir::Operation *op, llvm::StringRef name);
/// The name of a loop variable, or an empty string when `op` is not a loop.
llvm::StringRef getLoopVariableName(mlir::Operation *op);
} // namespace ptowsp::workload

#endif // PTOWSP_DIALECT_WORKLOAD_IR_WORKLOADDIALECT_H
