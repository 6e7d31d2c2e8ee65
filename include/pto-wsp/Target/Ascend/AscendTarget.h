//===- AscendTarget.h - the Ascend (pto-runtime) tree -------------*- C++ -*-===//
//
// Ascend's plug into the target seam (Target.h): a pto-runtime source tree
// (orchestration, PTO-ISA kernels, kernel_config.py, ptort.conf,
// manifest.json and the helper headers) for tensormap_and_ringbuffer or
// host_build_graph.
//
//===----------------------------------------------------------------------===//

#ifndef PTOWSP_TARGET_ASCEND_ASCENDTARGET_H
#define PTOWSP_TARGET_ASCEND_ASCENDTARGET_H

namespace ptowsp {

/// Registers target "ascend".
void registerAscendTarget();

} // namespace ptowsp

#endif // PTOWSP_TARGET_ASCEND_ASCENDTARGET_H
