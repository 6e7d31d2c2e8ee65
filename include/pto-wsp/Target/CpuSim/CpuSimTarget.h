//===- CpuSimTarget.h - the cpu_sim C++ translation ---------------*- C++ -*-===//
//
// cpu_sim's plug into the target seam (Target.h): one C++ translation unit
// of kernels and orchestration that runs on the project's runtime.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H
#define PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H

#include "pto-wsp/Target/Target.h"

#include "llvm/Support/raw_ostream.h"

namespace ptowsp {

/// Registers target "cpu_sim".
void registerCpuSimTarget();

/// Runs the cpu_sim target on `module` (in place) and prints the resulting
/// C++ translation unit. Diagnostics go to the module's context.
mlir::LogicalResult translateToCpuSim(mlir::ModuleOp module,
                                      llvm::raw_ostream &output,
                                      const TargetOptions &options);

} // namespace ptowsp

#endif // PTOWSP_TARGET_CPUSIM_CPUSIMTARGET_H
