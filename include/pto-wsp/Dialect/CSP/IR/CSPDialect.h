//===- CSPDialect.h - the csp dialect ---------------------------*- C++ -*-===//
//
// Declarations of the csp dialect, its channel type and operations.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_CSP_IR_CSPDIALECT_H
#define PTOWSP_DIALECT_CSP_IR_CSPDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "pto-wsp/Dialect/CSP/IR/CSPTypes.h.inc"

#define GET_OP_CLASSES
#include "pto-wsp/Dialect/CSP/IR/CSPOps.h.inc"

#endif // PTOWSP_DIALECT_CSP_IR_CSPDIALECT_H
