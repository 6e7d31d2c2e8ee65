//===- Passes.h - csp dialect passes ---------------------------*- C++ -*-===//

#ifndef PTOWSP_DIALECT_CSP_TRANSFORMS_PASSES_H
#define PTOWSP_DIALECT_CSP_TRANSFORMS_PASSES_H

#include "pto-wsp/Dialect/CSP/IR/CSPDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

#include "mlir/Pass/Pass.h"

namespace ptowsp::csp {

#define GEN_PASS_DECL
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h.inc"

} // namespace ptowsp::csp

#endif // PTOWSP_DIALECT_CSP_TRANSFORMS_PASSES_H
