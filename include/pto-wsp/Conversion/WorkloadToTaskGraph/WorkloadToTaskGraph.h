//===- WorkloadToTaskGraph.h - workloads to task graphs ---------*- C++ -*-===//
//
// The lowering of a workload and its schedule to a task-generation program,
// exposed for tools that lower one workload at a time.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_CONVERSION_WORKLOADTOTASKGRAPH_WORKLOADTOTASKGRAPH_H
#define PTOWSP_CONVERSION_WORKLOADTOTASKGRAPH_WORKLOADTOTASKGRAPH_H

#include "pto-wsp/Dialect/Schedule/IR/ScheduleDialect.h"
#include "pto-wsp/Dialect/TaskGraph/IR/TaskGraphDialect.h"
#include "pto-wsp/Dialect/Workload/IR/WorkloadDialect.h"

namespace ptowsp {

/// The `#taskgraph.config` equivalent of `schedule` (knob by knob, one to
/// one), or the default config when `schedule` is null. Emits a diagnostic
/// on the schedule and fails for a knob without an equivalent.
mlir::FailureOr<taskgraph::ConfigAttr>
convertScheduleToConfig(mlir::MLIRContext *context,
                        schedule::ScheduleOp schedule);

/// Builds the `taskgraph.graph` that `workload` lowers to under `schedule`
/// (null: the default schedule), with the same name and signature. The graph
/// is not inserted anywhere and the workload is left untouched; the caller
/// replaces one with the other. Every `workload.task` must carry the access
/// annotations of `-workload-infer-access`. Emits diagnostics and fails on
/// constructs that have no lowering (e.g. tasks in nested loops of a
/// `for_each` chained with explicit dependencies).
mlir::FailureOr<taskgraph::GraphOp>
lowerWorkloadToTaskGraph(workload::WorkloadOp workload,
                         schedule::ScheduleOp schedule);

} // namespace ptowsp

#endif // PTOWSP_CONVERSION_WORKLOADTOTASKGRAPH_WORKLOADTOTASKGRAPH_H
