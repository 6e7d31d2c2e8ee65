//===- Pipelines.cpp - the project's pass pipelines -----------------------===//

#include "pto-wsp/Pipelines/Pipelines.h"

#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h"
#include "pto-wsp/Dialect/TaskGraph/Transforms/Passes.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void ptowsp::buildTaskGraphPipeline(OpPassManager &pm,
                                    const TaskGraphPipelineOptions &options) {
  pm.addNestedPass<workload::WorkloadOp>(workload::createWorkloadVerifyBounds());
  pm.addNestedPass<workload::WorkloadOp>(csp::createCSPVerifyDeadlockFree());
  pm.addPass(workload::createWorkloadInferAccess());
  pm.addPass(createConvertWorkloadToTaskGraph({options.schedule}));
  pm.addNestedPass<tile::KernelOp>(tile::createTileLegalizeBroadcast());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.splitByCore)
    pm.addPass(taskgraph::createTaskGraphSplitByCore());
  pm.addPass(tile::createTilePlanBuffers({options.arch}));
  pm.addPass(tile::createTileEstimateCycles({options.arch}));
}

void ptowsp::buildCpuSimPipeline(OpPassManager &pm,
                                 const CpuSimPipelineOptions &options) {
  buildTaskGraphPipeline(pm, options);
  // Graphs first: they are verified against the tile kernels, which the
  // second lowering replaces.
  pm.addPass(createConvertTaskGraphToEmitC());
  pm.addPass(createConvertTileToEmitC());
}

void ptowsp::buildAscendPipeline(OpPassManager &pm, StringRef arch,
                                 StringRef schedule, StringRef runtime) {
  TaskGraphPipelineOptions front;
  front.arch = arch.str();
  front.schedule = schedule.str();
  // A2/A3 run cube and vector operations on different cores.
  front.splitByCore = true;
  buildTaskGraphPipeline(pm, front);
  // Orchestration first, for the same reason as cpu_sim: it reads the
  // kernels' signatures and core types.
  pm.addPass(createConvertTaskGraphToAscend({runtime.str()}));
  pm.addPass(createConvertTileToAscend({runtime.str(), arch.str()}));
}

void ptowsp::buildAIEPipeline(OpPassManager &pm, StringRef arch,
                              StringRef schedule) {
  TaskGraphPipelineOptions front;
  front.arch = arch.str();
  front.schedule = schedule.str();
  buildTaskGraphPipeline(pm, front);
  pm.addPass(createConvertTileToAIE());
}

void ptowsp::registerPipelines() {
  PassPipelineRegistration<TaskGraphPipelineOptions>(
      "pto-wsp-taskgraph",
      "lower workloads and schedules to task graphs and plan the kernels "
      "(the target-independent front of every target)",
      buildTaskGraphPipeline);
  // The targets' pipelines (pto-wsp-cpu-sim, pto-wsp-ascend) are registered
  // through the target seam: ptowsp::registerTargetPipelines.
}
