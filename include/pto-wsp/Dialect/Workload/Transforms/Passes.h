//===- Passes.h - workload dialect passes ----------------------*- C++ -*-===//

#ifndef PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_PASSES_H
#define PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_PASSES_H

#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace ptowsp::workload {

#define GEN_PASS_DECL
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h.inc"

} // namespace ptowsp::workload

#endif // PTOWSP_DIALECT_WORKLOAD_TRANSFORMS_PASSES_H
