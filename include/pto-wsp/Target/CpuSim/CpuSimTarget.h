//===- CpuSimTarget.h - the cpu_sim C++ translation ---------------*- C++ -*-===//

#ifndef PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H
#define PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H

#include "pto-wsp/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace ptowsp {

/// Runs the cpu_sim pipeline on `module` (in place) and prints the resulting
/// C++ translation unit. Diagnostics go to the module's context.
mlir::LogicalResult translateToCpuSim(mlir::ModuleOp module,
                                      llvm::raw_ostream &output,
                                      const CpuSimPipelineOptions &options);

/// Registers `--cpu-sim` with pto-wsp-translate.
void registerCpuSimTranslation();

} // namespace ptowsp

#endif // PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H
