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
};

/// tile kernels -> EmitC ready for mlir::emitc::translateToCpp: broadcast
/// legalization, buffer planning, cycle estimation and the EmitC lowering.
void buildCpuSimPipeline(mlir::OpPassManager &pm,
                         const CpuSimPipelineOptions &options);

/// Registers the pipelines above with the pass registry (pto-wsp-opt).
void registerPipelines();

} // namespace ptowsp

#endif // PTOWSP_PIPELINES_PIPELINES_H
