//===- AIETarget.h - the AMD AIE (mlir-aie + XRT) tree -----------*- C++ -*-===//
//
// AIE's plug into the target seam (Target.h): an mlir-aie design
// (design.mlir), plain-C++ core kernels, an XRT host program and its CMake
// project, and the design's CPU emulation (emu/).
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_AIE_AIETARGET_H
#define PTOWSP_TARGET_AIE_AIETARGET_H

namespace ptowsp {

/// Registers target "aie".
void registerAIETarget();

} // namespace ptowsp

#endif // PTOWSP_TARGET_AIE_AIETARGET_H
