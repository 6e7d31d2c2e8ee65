//===- Pipelines.h - the project's pass pipelines -----------------*- C++ -*-===//
//
// One builder function per pipeline, shared by pto-wsp-opt (as registered
// pipelines), pto-wsp-translate and the Python bindings.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_PIPELINES_PIPELINES_H
#define PTOWSP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace ptowsp {

struct CpuSimPipelineOptions
    : public mlir::PassPipelineOptions<CpuSimPipelineOptions> {
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("architecture name (arch/<name>.json) "
                                          "or architecture file path"),
                           llvm::cl::init("a2a3")};
  Option<std::string> schedule{
      *this, "schedule",
      llvm::cl::desc("the schedule to apply when a workload has several"),
      llvm::cl::init("")};
};

/// workloads, schedules and tile kernels -> EmitC ready for
/// mlir::emitc::translateToCpp: workload verification and access inference,
/// the lowering to task graphs, broadcast legalization, buffer planning and
/// cycle estimation of the kernels, then the EmitC lowerings of graphs
/// (orchestration) and kernels.
void buildCpuSimPipeline(mlir::OpPassManager &pm,
                         const CpuSimPipelineOptions &options);

/// Registers the pipelines above with the pass registry (pto-wsp-opt).
void registerPipelines();

} // namespace ptowsp

#endif // PTOWSP_PIPELINES_PIPELINES_H
