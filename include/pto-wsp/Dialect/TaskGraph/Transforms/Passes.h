//===- Passes.h - taskgraph dialect passes ---------------------*- C++ -*-===//

#ifndef PTOWSP_DIALECT_TASKGRAPH_TRANSFORMS_PASSES_H
#define PTOWSP_DIALECT_TASKGRAPH_TRANSFORMS_PASSES_H

#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Tile/IR/TileDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace ptowsp::taskgraph {

#define GEN_PASS_DECL
#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h.inc"

} // namespace ptowsp::taskgraph

#endif // PTOWSP_DIALECT_TASKGRAPH_TRANSFORMS_PASSES_H
