//===- TaskGraphToEmitC.h - task graphs to cpu_sim orchestration --*- C++ -*-===//

#ifndef PTOWSP_CONVERSION_TASKGRAPHTOEMITC_TASKGRAPHTOEMITC_H
#define PTOWSP_CONVERSION_TASKGRAPHTOEMITC_TASKGRAPHTOEMITC_H

#include "mlir/Transforms/DialectConversion.h"

namespace ptowsp {

/// Converts memref tensors to ptowsp::Tensor, !taskgraph.region to
/// ptowsp::Region and !taskgraph.task to int64_t task ids.
void populateTaskGraphToEmitCTypeConversions(mlir::TypeConverter &converter);

/// Patterns lowering the body operations of a taskgraph.graph (regions,
/// submits, scalar loads, symbols, waits, scopes) to calls of the cpu_sim
/// orchestration API (runtime/include/pto-wsp/cpu_sim/orchestration.h).
void populateTaskGraphToEmitCPatterns(mlir::TypeConverter &converter,
                                      mlir::RewritePatternSet &patterns);

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_TASKGRAPHTOEMITC_TASKGRAPHTOEMITC_H
