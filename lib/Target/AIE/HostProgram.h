//===- HostProgram.h - the XRT host program of a design ----------*- C++ -*-===//

#ifndef PTOWSP_LIB_TARGET_AIE_HOSTPROGRAM_H
#define PTOWSP_LIB_TARGET_AIE_HOSTPROGRAM_H

#include "Design.h"

#include "mlir/IR/Builders.h"

namespace ptowsp::aie {

/// Builds `emitc.file "host.cpp"` at the builder's insertion point: the XRT
/// program that loads the inputs, runs the design and checks its outputs.
void buildHostProgram(mlir::OpBuilder &builder, mlir::Location loc,
                      const Design &design);

} // namespace ptowsp::aie

#endif // PTOWSP_LIB_TARGET_AIE_HOSTPROGRAM_H
