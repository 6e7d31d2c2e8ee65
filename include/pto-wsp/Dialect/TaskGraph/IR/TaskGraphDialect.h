//===- TaskGraphDialect.h - the taskgraph dialect ---------------*- C++ -*-===//
//
// Declarations of the taskgraph dialect, its enums, attributes, types and
// operations.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_TASKGRAPH_IR_TASKGRAPHDIALECT_H
#define PTOWSP_DIALECT_TASKGRAPH_IR_TASKGRAPHDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h.inc"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphTypes.h.inc"

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphOps.h.inc"

#endif // PTOWSP_DIALECT_TASKGRAPH_IR_TASKGRAPHDIALECT_H
