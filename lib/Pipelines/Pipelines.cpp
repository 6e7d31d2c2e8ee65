//===- Pipelines.cpp - the project's pass pipelines -----------------------===//

#include "pto-wsp/Pipelines/Pipelines.h"

#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/CSP/Transforms/Passes.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"
#include "pto-wsp/Dialect/Workload/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void ptowsp::buildCpuSimPipeline(OpPassManager &pm,
                                 const CpuSimPipelineOptions &options) {
  pm.addNestedPass<workload::WorkloadOp>(workload::createWorkloadVerifyBounds());
  pm.addNestedPass<workload::WorkloadOp>(csp::createCSPVerifyDeadlockFree());
  pm.addPass(workload::createWorkloadInferAccess());
  pm.addPass(createConvertWorkloadToTaskGraph({options.schedule}));
  pm.addNestedPass<tile::KernelOp>(tile::createTileLegalizeBroadcast());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(tile::createTilePlanBuffers({options.arch}));
  pm.addPass(tile::createTileEstimateCycles({options.arch}));
  // Graphs first: they are verified against the tile kernels, which the
  // second lowering replaces.
  pm.addPass(createConvertTaskGraphToEmitC());
  pm.addPass(createConvertTileToEmitC());
}

void ptowsp::registerPipelines() {
  PassPipelineRegistration<CpuSimPipelineOptions>(
      "pto-wsp-cpu-sim",
      "lower workloads, schedules and tile kernels to EmitC for cpu_sim",
      buildCpuSimPipeline);
}
