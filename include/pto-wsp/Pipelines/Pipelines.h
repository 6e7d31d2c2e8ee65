//===- Pipelines.h - the project's pass pipelines -----------------*- C++ -*-===//
//
// One builder function per pipeline, shared by pto-wsp-opt (as registered
// pipelines), the targets (lib/Target) and through them pto-wsp-translate,
// pto-wsp-run and the Python bindings.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_PIPELINES_PIPELINES_H
#define PTOWSP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace ptowsp {

/// The options of the target-independent front of every pipeline.
struct TaskGraphPipelineOptions
    : public mlir::PassPipelineOptions<TaskGraphPipelineOptions> {
  Option<std::string> arch{*this, "arch",
                           llvm::cl::desc("architecture name (arch/<name>.json) "
                                          "or architecture file path"),
                           llvm::cl::init("a2a3")};
  Option<std::string> schedule{
      *this, "schedule",
      llvm::cl::desc("the schedule to apply when a workload has several"),
      llvm::cl::init("")};
  Option<bool> splitByCore{
      *this, "split-by-core",
      llvm::cl::desc("split kernels that use both the cube and the vector "
                     "unit (targets whose units are separate cores)"),
      llvm::cl::init(false)};
};

/// cpu_sim takes exactly the front's options.
using CpuSimPipelineOptions = TaskGraphPipelineOptions;

/// The target-independent front: workload verification (bounds, CSP
/// deadlocks) and access inference, the lowering to task graphs, then
/// broadcast legalization, (with split-by-core) one kernel per execution
/// unit, buffer planning and cycle estimation of the tile kernels. Its result
/// is what every target takes as input.
void buildTaskGraphPipeline(mlir::OpPassManager &pm,
                            const TaskGraphPipelineOptions &options);

/// The front, then the EmitC lowerings of graphs (orchestration calling the
/// cpu_sim runtime) and kernels, ready for mlir::emitc::translateToCpp.
void buildCpuSimPipeline(mlir::OpPassManager &pm,
                         const CpuSimPipelineOptions &options);

/// The front, then the Ascend lowerings: graphs to pto-runtime orchestration
/// and kernels to PTO-ISA C++, one emitc.file per source of the tree.
/// `runtime`: tensormap_and_ringbuffer or host_build_graph.
void buildAscendPipeline(mlir::OpPassManager &pm, llvm::StringRef arch,
                         llvm::StringRef schedule, llvm::StringRef runtime);

/// The front, then the AIE kernel lowering (tile kernels to plain-C++ core
/// kernels, one emitc.file each). The graphs stay task graphs: the AIE
/// target plans its design from them (lib/Target/AIE).
void buildAIEPipeline(mlir::OpPassManager &pm, llvm::StringRef arch,
                      llvm::StringRef schedule);

/// Registers the target-independent front with the pass registry
/// (pto-wsp-opt); the targets' own pipelines are registered by
/// ptowsp::registerTargetPipelines (Target.h).
void registerPipelines();

} // namespace ptowsp

#endif // PTOWSP_PIPELINES_PIPELINES_H
