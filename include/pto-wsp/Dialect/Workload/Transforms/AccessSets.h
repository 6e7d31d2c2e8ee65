//===- AccessSets.h - access modes and core of workload tasks ---*- C++ -*-===//
//
// The annotations -workload-infer-access puts on every `workload.task`, and
// the accessors the lowering to taskgraph reads them with.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_ACCESSSETS_H
#define PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_ACCESSSETS_H

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Support/LLVM.h"

namespace ptowsp::workload {

/// Name of the task attribute holding one `taskgraph::AccessModeAttr` per
/// view argument, in argument order (the `access` of `taskgraph.submit`).
inline constexpr llvm::StringLiteral kTaskAccessAttrName = "access";
/// Name of the task attribute holding the `taskgraph::CoreTypeAttr` the task
/// runs on (the `core` of `taskgraph.submit`).
inline constexpr llvm::StringLiteral kTaskCoreAttrName = "core";

/// The access modes of `task`'s view arguments, as recorded by
/// -workload-infer-access: an array of `taskgraph::AccessModeAttr` that
/// `taskgraph.submit` takes as is. Emits an error on `task` and fails if the
/// annotation is missing or malformed (the pass did not run).
mlir::FailureOr<mlir::ArrayAttr> getTaskAccess(TaskOp task);

/// The execution unit of `task`, as recorded by -workload-infer-access.
/// Emits an error on `task` and fails if the annotation is missing.
mlir::FailureOr<taskgraph::CoreType> getTaskCore(TaskOp task);

} // namespace ptowsp::workload

#endif // PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_ACCESSSETS_H
