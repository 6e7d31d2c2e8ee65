//===- Pipelines.cpp - the project's pass pipelines -----------------------===//

#include "pto-wsp/Pipelines/Pipelines.h"

#include "pto-wsp/Conversion/Passes.h"
#include "pto-wsp/Dialect/Tile/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void ptowsp::buildCpuSimPipeline(OpPassManager &pm,
                                 const CpuSimPipelineOptions &options) {
  pm.addNestedPass<tile::KernelOp>(tile::createTileLegalizeBroadcast());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(tile::createTilePlanBuffers({options.arch}));
  pm.addPass(tile::createTileEstimateCycles({options.arch}));
  pm.addPass(createConvertTileToEmitC());
}

void ptowsp::registerPipelines() {
  PassPipelineRegistration<CpuSimPipelineOptions>(
      "pto-wsp-cpu-sim",
      "lower tile kernels to EmitC for the cpu_sim target",
      buildCpuSimPipeline);
}
