//===- Passes.h - PTO-WSP conversion passes ------------------------*- C++ -*-===//

#ifndef PTOWSP_CONVERSION_PASSES_H
#define PTOWSP_CONVERSION_PASSES_H

#include "pto-wsp/Conversion/TileToEmitC/TileToEmitC.h"

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace ptowsp {

#define GEN_PASS_DECL
#include "pto-wsp/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pto-wsp/Conversion/Passes.h.inc"

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_PASSES_H
