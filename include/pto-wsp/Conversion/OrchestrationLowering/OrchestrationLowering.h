//===- OrchestrationLowering.h - shared by the task-graph lowerings -*- C++ -*-===//
//
// What every lowering of task graphs to orchestration C++ shares, whatever
// runtime the code calls (cpu_sim's, pto-runtime's): index arithmetic with
// C++ semantics, the expansion of arith ops C++ has no operator for, and the
// conversion driver that tidies the casts left between unpacked arguments
// and their old types.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CONVERSION_ORCHESTRATIONLOWERING_H
#define PTOWSP_CONVERSION_ORCHESTRATIONLOWERING_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace ptowsp {

/// A C++ string literal (names here are identifiers: no escaping needed).
mlir::Attribute cppStringLiteral(mlir::MLIRContext *context,
                                 llvm::StringRef text);

/// `value` converted to `type` with a C cast when the types differ.
mlir::Value castTo(mlir::OpBuilder &builder, mlir::Location loc,
                   mlir::Value value, mlir::Type type);

/// Index arithmetic: unsigned ops on size_t, signed division and remainder
/// on ptrdiff_t (the upstream lowering would divide size_t operands).
void populateIndexArithToEmitCPatterns(mlir::TypeConverter &converter,
                                       mlir::RewritePatternSet &patterns);

/// Rewrites the arith ops that have no C++ operator (floordivsi, ceildivsi,
/// min/max, ...) under `root` with the upstream expansions.
void expandArithForEmitC(mlir::Operation *root);

/// Applies `patterns` as a full conversion of `module` and erases the
/// unrealized casts that lost their users; a cast still used is an error on
/// it. `target` says what is legal.
mlir::LogicalResult
convertOrchestration(mlir::ModuleOp module, mlir::ConversionTarget &target,
                     mlir::RewritePatternSet &&patterns);

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_ORCHESTRATIONLOWERING_H
