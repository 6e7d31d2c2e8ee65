//===- InitAllTargets.cpp - the targets of this build ---------------------===//
//
// The one place that lists every target; each registers itself with the
// seam in Target.h.
//
//===----------------------------------------------------------------------===//

#include "pto-wsp/Target/AIE/AIETarget.h"
#include "pto-wsp/Target/Ascend/AscendTarget.h"
#include "pto-wsp/Target/CpuSim/CpuSimTarget.h"

#include <mutex>

void ptowsp::registerAllTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerCpuSimTarget();
    registerAscendTarget();
    registerAIETarget();
  });
}
